// Two threads take two pthread mutexes in opposite orders: reported, with
// every step's location, at every optimisation level.
// RUN: %tangle-cc -O0 %s -o %t0
// RUN: %expect-exit 66 %tangle run --out %t0.out -- %t0 2>&1 | FileCheck %s
// RUN: %tangle-cc -O1 %s -o %t1
// RUN: %expect-exit 66 %tangle run --out %t1.out -- %t1 2>&1 | FileCheck %s
// RUN: %tangle-cc -O2 %s -o %t2
// RUN: %expect-exit 66 %tangle run --out %t2.out -- %t2 2>&1 | FileCheck %s
// RUN: %expect-exit 1 %tangle analyze --format json %t2.out | FileCheck --check-prefix=JSON %s
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t account_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t account_b = PTHREAD_MUTEX_INITIALIZER;

// CHECK: tangle: lock-order-inversion: account_a and account_b are taken in opposite orders by [[TA:T[0-9]+]] and [[TB:T[0-9]+]]
// CHECK-NEXT: [[TA]] (pid {{[0-9]+}}, tid {{[0-9]+}}), running a_then_b, created at {{.*}}pthread_abba.c:[[#CREATE:]]:3 in main:
static void *a_then_b(void *arg) {
  pthread_mutex_lock(&account_a);
  // CHECK-NEXT: pthread_abba.c:[[@LINE-1]]:3: in a_then_b: acquired account_a
  // CHECK-NEXT: [[#@LINE-2]] |   pthread_mutex_lock(&account_a);
  // CHECK-NEXT: {{^ +}}|   ^
  pthread_mutex_lock(&account_b);
  // CHECK-NEXT: pthread_abba.c:[[@LINE-1]]:3: in a_then_b: acquired account_b while holding account_a
  // CHECK-NEXT: [[#@LINE-2]] |   pthread_mutex_lock(&account_b);
  // CHECK-NEXT: {{^ +}}|   ^
  pthread_mutex_unlock(&account_b);
  pthread_mutex_unlock(&account_a);
  return NULL;
}

// CHECK-NEXT: [[TB]] (pid {{[0-9]+}}, tid {{[0-9]+}}), running b_then_a, created at {{.*}}pthread_abba.c:[[#CREATE+2]]:3 in main:
static void *b_then_a(void *arg) {
  pthread_mutex_lock(&account_b);
  // CHECK-NEXT: pthread_abba.c:[[@LINE-1]]:3: in b_then_a: acquired account_b
  // CHECK-NEXT: [[#@LINE-2]] |   pthread_mutex_lock(&account_b);
  // CHECK-NEXT: {{^ +}}|   ^
  pthread_mutex_lock(&account_a);
  // CHECK-NEXT: pthread_abba.c:[[@LINE-1]]:3: in b_then_a: acquired account_a while holding account_b
  // CHECK-NEXT: [[#@LINE-2]] |   pthread_mutex_lock(&account_a);
  // CHECK-NEXT: {{^ +}}|   ^
  pthread_mutex_unlock(&account_a);
  pthread_mutex_unlock(&account_b);
  return NULL;
}
// CHECK-NEXT: possible deadlock:
// CHECK-NEXT: [[TA]] holds account_a and waits for account_b, held by [[TB]]
// CHECK-NEXT: [[TB]] holds account_b and waits for account_a, held by [[TA]]
// CHECK-NEXT: fingerprint: {{[0-9a-f]+}}
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session

// JSON: "findings": [
// JSON: "fingerprint": "{{[0-9a-f]+}}"
// JSON: "kind": "lock-order-inversion"
// JSON: "function": "a_then_b"
// JSON: "line": 19
// JSON: "locks": [
// JSON-NEXT: "account_a",
// JSON-NEXT: "account_b"
// JSON: "message": "account_a and account_b are taken in opposite orders by

// The threads run one after the other: the inversion is found without
// the program ever hanging.
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, a_then_b, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, b_then_a, NULL);
  pthread_join(t, NULL);
  puts("done");
  return 0;
}
