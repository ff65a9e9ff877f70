// Clang's capability attributes in C++ (the spellings of clang's docs): a
// CAPABILITY class whose methods ACQUIRE() and RELEASE() the object itself,
// and a declared order, mu2 ACQUIRED_AFTER(mu1). out_of_order takes them
// the other way: an inversion against the declaration, though no other
// code takes them in the declared order. Its twin,
// attributes_capability_no_findings.cpp, follows the declaration.
// RUN: %expect-exit 1 %tangle lint %s -- -std=c++17 -I %S/Inputs 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: mu2 and mu1 are taken in opposite orders by out_of_order and declared order (ACQUIRED_AFTER on mu2)
// CHECK-NEXT: out_of_order (static: a path in the code, found by tangle lint):
// CHECK-NEXT: attributes_capability.cpp:[[#@LINE+12]]:7: in out_of_order: acquired mu2
// CHECK: attributes_capability.cpp:[[#@LINE+12]]:7: in out_of_order: acquired mu1 while holding mu2
// CHECK: declared order (ACQUIRED_AFTER on mu2) (static: a path in the code, found by tangle lint):
// CHECK-NEXT: attributes_capability.cpp:[[#@LINE+5]]:11: in mu2: mu1 is declared to be acquired before mu2 (ACQUIRED_AFTER)
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 file
#include "capability.h"

Mutex mu1;
Mutex mu2 ACQUIRED_AFTER(mu1);
int shared_state;

void out_of_order() {
  mu2.Lock();
  mu1.Lock();
  shared_state--;
  mu1.Unlock();
  mu2.Unlock();
}
