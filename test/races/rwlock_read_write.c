// Writing while holding an rwlock for reading: readers do not exclude each
// other, so two "readers" that write race. The twin rwlock_no_race.c
// writes under the write lock.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[23]}} {{writes|reads}} cache_size and T{{[23]}} {{wrote|read}} it, with nothing ordering the two
// CHECK: holding table_lock
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>

pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
long cache_size;

static void *lookup(void *arg) {
  for (int i = 0; i < 100000; ++i) {
    pthread_rwlock_rdlock(&table_lock);
    cache_size++; // a write under a read lock
    pthread_rwlock_unlock(&table_lock);
  }
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, lookup, 0);
  pthread_create(&b, 0, lookup, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
