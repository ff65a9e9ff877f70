// rwlock readers with a writer: readers read under the read lock, the
// writer writes under the write lock. Clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>

pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
long table[16];
long sum;

static void *reader(void *arg) {
  long local = 0;
  for (int i = 0; i < 50000; ++i) {
    pthread_rwlock_rdlock(&table_lock);
    local += table[i % 16];
    pthread_rwlock_unlock(&table_lock);
  }
  return (void *)local;
}

static void *writer(void *arg) {
  for (int i = 0; i < 50000; ++i) {
    pthread_rwlock_wrlock(&table_lock);
    table[i % 16] = i;
    pthread_rwlock_unlock(&table_lock);
  }
  return arg;
}

int main(void) {
  pthread_t r1, r2, w;
  pthread_create(&r1, 0, reader, 0);
  pthread_create(&r2, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(r1, 0);
  pthread_join(r2, 0);
  pthread_join(w, 0);
  return 0;
}
