// Two threads forced into ABBA by a barrier between their first and second
// lock: a real deadlock. The watchdog ends the program after the timeout
// with status 66, and the report names both threads, what each holds and
// waits for, and where.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --deadlock-timeout 1 --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: deadlock: 2 thread(s) blocked for 1 s, waiting for each other
// CHECK: tangle: deadlock: T{{[0-9]+}}, T{{[0-9]+}} are blocked waiting for each other (blocked for 1 s; the program was ended)
// CHECK-DAG: waits for account_b, held by T{{[0-9]+}}
// CHECK-DAG: waits for account_a, held by T{{[0-9]+}}
// CHECK: tangle: lock-order-inversion: account_{{[ab]}} and account_{{[ab]}} are taken in opposite orders
// CHECK: tangle: hold-and-wait (confirmed): T{{[0-9]+}} waits at barrier both_hold_one while holding account_{{[ab]}}, which T{{[0-9]+}} (waits there too) needs
// CHECK: tangle: 4 findings (1 deadlock, 2 hold-and-wait, 1 lock-order-inversion) in 1 session
#include <pthread.h>

pthread_mutex_t account_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t account_b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *a_then_b(void *arg) {
  pthread_mutex_lock(&account_a);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&account_b);
  return 0;
}

static void *b_then_a(void *arg) {
  pthread_mutex_lock(&account_b);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&account_a);
  return 0;
}

int main(void) {
  pthread_barrier_init(&both_hold_one, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, a_then_b, 0);
  pthread_create(&t2, 0, b_then_a, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
