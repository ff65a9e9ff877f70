// The seed's get_value: an index out of range returns early without
// unlocking. A run sees it only if some test passes a bad index; lint sees
// the path. Its twin, get_value_fixed, unlocks on every path and is clean.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=get_value_fixed
// CHECK: tangle: lock-leak: get_value can return holding table_lock, which it releases on other paths
// CHECK-NEXT: get_value (static: a path in the code, found by tangle lint):
// CHECK-NEXT: leak_get_value.c:[[#@LINE+11]]:3: in get_value: acquired table_lock
// CHECK: leak_get_value.c:[[#@LINE+12]]:5: in get_value: returns holding table_lock
// CHECK: note: other paths release it, as at leak_get_value.c:[[#@LINE+13]]:3
// CHECK: fingerprint: {{[0-9a-f]+}}
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file
#include <pthread.h>

static int table[4];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

int get_value(int index, int *out) {
  pthread_mutex_lock(&table_lock);
  if (index < 0 || index >= 4)
    return -1; // forgot to unlock
  *out = table[index];
  pthread_mutex_unlock(&table_lock);
  return 0;
}

int get_value_fixed(int index, int *out) {
  pthread_mutex_lock(&table_lock);
  if (index < 0 || index >= 4) {
    pthread_mutex_unlock(&table_lock);
    return -1;
  }
  *out = table[index];
  pthread_mutex_unlock(&table_lock);
  return 0;
}
