// Two locks in one order everywhere, some of the second acquisitions in
// helpers, one helper taking both: no inversion, no finding.
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock-order-inversion
// CHECK: tangle: 0 findings in 1 file
#include <pthread.h>

pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
int balance, audit_entries;

static void log_entry(void) {
  pthread_mutex_lock(&audit_lock);
  audit_entries++;
  pthread_mutex_unlock(&audit_lock);
}

static void lock_both(void) {
  pthread_mutex_lock(&accounts_lock);
  pthread_mutex_lock(&audit_lock);
}

static void unlock_both(void) {
  pthread_mutex_unlock(&audit_lock);
  pthread_mutex_unlock(&accounts_lock);
}

void transfer(int amount) {
  pthread_mutex_lock(&accounts_lock);
  balance += amount;
  log_entry();
  pthread_mutex_unlock(&accounts_lock);
}

void admin_dump(void) {
  lock_both();
  audit_entries = balance;
  unlock_both();
}

void audit_only(void) { log_entry(); }
