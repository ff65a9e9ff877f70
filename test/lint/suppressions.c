// In-source suppression works for lint findings as for run-time ones: a
// tangle-ignore comment on a step's line, or tangle-ignore-next-line on the
// line before; a rules file (--suppressions) too.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s
// CHECK: tangle: lock-leak: unmarked can return holding m3
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file; 2 suppressed
// RUN: printf 'lock-leak:unmarked\n' > %t/rules.supp
// RUN: %expect-exit 0 %tangle lint --suppressions %t/rules.supp %s -- 2>&1 | FileCheck --check-prefix=FILE %s
// FILE: tangle: 0 findings in 1 file; 3 suppressed
// A saved lint result is suppressed the same way by tangle analyze.
// RUN: %expect-exit 1 %tangle lint --out %t/out %s --
// RUN: %expect-exit 0 %tangle analyze --suppressions %t/rules.supp %t/out 2>&1 | FileCheck --check-prefix=FILE %s
#include <pthread.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m3 = PTHREAD_MUTEX_INITIALIZER;

int marked_on_line(int x) {
  pthread_mutex_lock(&m1); // tangle-ignore(lock-leak): released by the caller on error
  if (x)
    return -1;
  pthread_mutex_unlock(&m1);
  return 0;
}

int marked_before(int x) {
  pthread_mutex_lock(&m2);
  if (x)
    // tangle-ignore-next-line
    return -1;
  pthread_mutex_unlock(&m2);
  return 0;
}

int unmarked(int x) {
  pthread_mutex_lock(&m3);
  if (x)
    return -1;
  pthread_mutex_unlock(&m3);
  return 0;
}
