// A race deep in helpers: the report gives the callers of the access's
// function, inlined ones too (at -O2 bump and step are inlined into work),
// from the objects' debug info, down to the thread's start routine (not
// the C library's start_thread below it, when libc has debug info).
// RUN: %tangle-cc -ftangle-races -O0 %s -o %t.O0
// RUN: %expect-exit 66 %tangle run --out %t.O0out -- %t.O0 2>&1 | FileCheck %s
// RUN: %tangle-cc -ftangle-races -O2 %s -o %t.O2
// RUN: %expect-exit 66 %tangle run --out %t.O2out -- %t.O2 2>&1 | FileCheck %s
// RUN: %expect-exit 1 %tangle analyze --format json %t.O2out | FileCheck --check-prefix=JSON %s
// CHECK: tangle: data-race:
// CHECK: stack.c:[[#@LINE+15]]:{{[0-9]+}}: in bump: writes 8 bytes of {{total|\*p}}, holding no lock
// CHECK: called from {{.*}}stack.c:[[#@LINE+19]]:{{[0-9]+}} in step
// CHECK-NEXT: called from {{.*}}stack.c:[[#@LINE+22]]:{{[0-9]+}} in work
// CHECK-NOT: start_thread
// CHECK: tangle: 1 finding (1 data-race) in 1 session
// JSON: "called_from": [
// JSON-NEXT: {
// JSON-NEXT: "column":
// JSON-NEXT: "file": "{{.*}}stack.c",
// JSON-NEXT: "function": "step",
#include <pthread.h>

long total;

static void bump(long *p) {
  *p += 1;
}

static void step(void) {
  for (int i = 0; i < 1000; ++i)
    bump(&total);
}

static void *work(void *arg) {
  step();
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
