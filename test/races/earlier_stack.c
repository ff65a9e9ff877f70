// Both accesses of a race get their callers when the earlier access's
// thread comes back to its site and races again: the later access's stack
// is taken when the race is found, the earlier one's when its thread
// races from there in turn (the pair's reverse), and the two make one
// finding. Relaxed flags (which order nothing) force the turns: a bumps,
// then b, then a again.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// RUN: %expect-exit 1 %tangle analyze --format json %t.out | FileCheck --check-prefix=JSON %s
// CHECK: tangle: data-race: T{{[0-9]+}} writes total and T{{[0-9]+}} wrote it
// CHECK-DAG: called from {{.*}}earlier_stack.c:[[#@LINE+25]]:{{[0-9]+}} in bump_from_a
// CHECK-DAG: called from {{.*}}earlier_stack.c:[[#@LINE+29]]:{{[0-9]+}} in bump_from_b
// CHECK: tangle: 1 finding (1 data-race) in 1 session
// JSON: "called_from": [
// JSON: "function": "bump_from_{{a|b}}"
// JSON: "called_from": [
// JSON: "function": "bump_from_{{a|b}}"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

long total;
atomic_int turn; // 0: a's, 1: b's, 2: a's again

__attribute__((noinline)) static void bump(void) { total += 1; }

static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
}

static void bump_from_a(void) {
  bump();
  atomic_store_explicit(&turn, 1, memory_order_relaxed);
  wait_turn(2);
  bump();
}

static void bump_from_b(void) {
  wait_turn(1);
  bump();
  atomic_store_explicit(&turn, 2, memory_order_relaxed);
}

static void *a(void *arg) {
  bump_from_a();
  return arg;
}

static void *b(void *arg) {
  bump_from_b();
  return arg;
}

int main(void) {
  pthread_t x, y;
  pthread_create(&x, 0, a, 0);
  pthread_create(&y, 0, b, 0);
  pthread_join(x, 0);
  pthread_join(y, 0);
  return 0;
}
