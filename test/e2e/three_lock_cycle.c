// Three threads, three locks, each pair in order, the whole in a cycle:
// one finding with the cycle of three.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: 3 locks are taken in a cycle by 3 threads: lock_a -> lock_b -> lock_c -> lock_a
// CHECK: possible deadlock:
// CHECK-NEXT: holds lock_a and waits for lock_b
// CHECK-NEXT: holds lock_b and waits for lock_c
// CHECK-NEXT: holds lock_c and waits for lock_a
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
#include <pthread.h>

pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;

static void take_two(pthread_mutex_t *first, pthread_mutex_t *second) {
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  pthread_mutex_unlock(second);
  pthread_mutex_unlock(first);
}

static void *ab(void *arg) { take_two(&lock_a, &lock_b); return 0; }
static void *bc(void *arg) { take_two(&lock_b, &lock_c); return 0; }
static void *ca(void *arg) { take_two(&lock_c, &lock_a); return 0; }

int main(void) {
  void *(*fns[])(void *) = {ab, bc, ca};
  for (int i = 0; i < 3; ++i) {
    pthread_t t;
    pthread_create(&t, 0, fns[i], 0);
    pthread_join(t, 0);
  }
  return 0;
}
