// The twin of attributes_capability.cpp: the declared order followed
// through a SCOPED_CAPABILITY holder, a TRY_ACQUIRE that returns on
// failure, and an ACQUIRE-annotated function (the attribute, not its body,
// is what callers rely on: no leak). Nothing to report.
// RUN: %expect-exit 0 %tangle lint %s -- -std=c++17 -I %S/Inputs 2>&1 | FileCheck %s --implicit-check-not=lock-
// CHECK: tangle: 0 findings in 1 file
#include "capability.h"

Mutex mu1;
Mutex mu2 ACQUIRED_AFTER(mu1);
int shared_state;

void in_order() {
  MutexLocker l1(&mu1);
  MutexLocker l2(&mu2);
  shared_state++;
}

bool take_if_free() {
  if (!mu1.TryLock())
    return false;
  shared_state = 0;
  mu1.Unlock();
  return true;
}

void acquire_fast(bool fast) ACQUIRE(mu1) {
  mu1.Lock();
  if (fast)
    return;
  mu1.Unlock();
  mu1.Lock();
}

void use_fast() {
  acquire_fast(true);
  shared_state = 1;
  mu1.Unlock();
}
