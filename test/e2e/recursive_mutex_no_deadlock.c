// A recursive mutex re-entered by its owner is not a new edge, and an
// order kept consistently around it is not a cycle.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>

pthread_mutex_t rec;
pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;

static void visit(int depth) {
  pthread_mutex_lock(&rec);
  if (depth > 0)
    visit(depth - 1);
  else {
    pthread_mutex_lock(&other);
    pthread_mutex_unlock(&other);
  }
  pthread_mutex_unlock(&rec);
}

static void *worker(void *arg) {
  for (int i = 0; i < 100; ++i)
    visit(5);
  return 0;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&rec, &attr);
  pthread_t t1, t2;
  pthread_create(&t1, 0, worker, 0);
  pthread_create(&t2, 0, worker, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
