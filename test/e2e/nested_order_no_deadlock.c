// Four threads nest three locks, always in the same order: no finding, and
// tangle run exits with the program's own status.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// RUN: %expect-exit 0 %tangle analyze %t.out | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>

pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t middle = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t inner = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&outer);
    pthread_mutex_lock(&middle);
    pthread_mutex_lock(&inner);
    pthread_mutex_unlock(&inner);
    pthread_mutex_unlock(&middle);
    if (i % 2) { // skip the middle one sometimes: outer -> inner directly
      pthread_mutex_lock(&inner);
      pthread_mutex_unlock(&inner);
    }
    pthread_mutex_unlock(&outer);
  }
  return 0;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  return 0;
}
