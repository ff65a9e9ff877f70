// Opposite orders of a and b, but always under the gate lock: the gate
// serialises them, so this cannot deadlock and is not reported.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>

pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void in_order(pthread_mutex_t *x, pthread_mutex_t *y) {
  pthread_mutex_lock(&gate);
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
  pthread_mutex_unlock(&gate);
}

static void *ab(void *arg) { in_order(&a, &b); return 0; }
static void *ba(void *arg) { in_order(&b, &a); return 0; }

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
