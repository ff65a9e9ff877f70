// One thread takes a then b; the other takes b, then only tries a and backs
// off when it is busy. A trylock never waits: no deadlock, no finding.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <sched.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg) {
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
  }
  return 0;
}

static void *backward_with_backoff(void *arg) {
  for (int i = 0; i < 1000; ++i) {
    for (;;) {
      pthread_mutex_lock(&b);
      if (pthread_mutex_trylock(&a) == 0)
        break;
      pthread_mutex_unlock(&b);
      sched_yield();
    }
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
  }
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, forward, 0);
  pthread_create(&t2, 0, backward_with_backoff, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
