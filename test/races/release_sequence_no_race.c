// Two threads release through one atomic without ordering each other: T1
// stores `flag` with release, T2 (which read it relaxed, so knows nothing
// of T1) adds to it with release. The RMW continues T1's release
// sequence, so main, acquiring the final value, is ordered after both
// writes although it had already joined T2: it must still take T1's clock
// from the flag (a sync object released by two threads that do not cover
// each other keeps no single epoch to skip the join by). Clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: a = 1, b = 2
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

int a, b;
atomic_int flag;

static void *first(void *arg) {
  a = 1;
  atomic_store_explicit(&flag, 1, memory_order_release);
  return arg;
}

static void *second(void *arg) {
  while (atomic_load_explicit(&flag, memory_order_relaxed) != 1)
    ;
  b = 2;
  atomic_fetch_add_explicit(&flag, 1, memory_order_release);
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, first, 0);
  pthread_create(&t2, 0, second, 0);
  pthread_join(t2, 0);
  while (atomic_load_explicit(&flag, memory_order_acquire) != 2)
    ;
  printf("a = %d, b = %d\n", a, b);
  pthread_join(t1, 0);
  return 0;
}
