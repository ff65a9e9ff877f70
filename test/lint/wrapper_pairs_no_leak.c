// lock_table() returns holding the table lock on every path: an acquire
// function, not a leak; unlock_table() releases the caller's lock. Their
// callers pair them, and an inversion through them is still seen (its
// twin test: inversion_helpers.c).
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock-leak --implicit-check-not=double-lock
// CHECK: tangle: 0 findings in 1 file
#include <pthread.h>

static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;
static int table[16];

void lock_table(void) { pthread_mutex_lock(&table_mutex); }
void unlock_table(void) { pthread_mutex_unlock(&table_mutex); }

int lookup(int i) {
  if (i < 0 || i >= 16)
    return -1;
  lock_table();
  int v = table[i];
  unlock_table();
  return v;
}

void store(int i, int v) {
  lock_table();
  if (i >= 0 && i < 16)
    table[i] = v;
  unlock_table();
}
