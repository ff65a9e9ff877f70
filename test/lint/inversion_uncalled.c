// Two functions of one file take the same two locks in opposite orders;
// the second one is never called (an admin command), so no run sees the
// inversion. Its twin file order_consistent.c takes them in one order.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: accounts_lock and audit_lock are taken in opposite orders by transfer and admin_dump
// CHECK-NEXT: transfer (static: a path in the code, found by tangle lint):
// CHECK-NEXT: inversion_uncalled.c:[[#@LINE+16]]:3: in transfer: acquired accounts_lock
// CHECK: inversion_uncalled.c:[[#@LINE+17]]:3: in transfer: acquired audit_lock while holding accounts_lock
// CHECK: admin_dump (static: a path in the code, found by tangle lint):
// CHECK-NEXT: inversion_uncalled.c:[[#@LINE+23]]:3: in admin_dump: acquired audit_lock
// CHECK: inversion_uncalled.c:[[#@LINE+23]]:3: in admin_dump: acquired accounts_lock while holding audit_lock
// CHECK: possible deadlock:
// CHECK-NEXT: transfer holds accounts_lock and waits for audit_lock, held by admin_dump
// CHECK-NEXT: admin_dump holds audit_lock and waits for accounts_lock, held by transfer
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 file
#include <pthread.h>

pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
int balance, audit_entries;

void transfer(int amount) {
  pthread_mutex_lock(&accounts_lock);
  balance += amount;
  pthread_mutex_lock(&audit_lock);
  audit_entries++;
  pthread_mutex_unlock(&audit_lock);
  pthread_mutex_unlock(&accounts_lock);
}

// Never called by the tests.
void admin_dump(void) {
  pthread_mutex_lock(&audit_lock);
  pthread_mutex_lock(&accounts_lock);
  audit_entries = balance;
  pthread_mutex_unlock(&accounts_lock);
  pthread_mutex_unlock(&audit_lock);
}

int main(void) {
  transfer(5);
  return 0;
}
