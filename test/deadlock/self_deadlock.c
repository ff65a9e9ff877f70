// A thread re-locks a normal mutex it holds: a double lock, recorded before
// the thread blocks, and a deadlock with itself that the watchdog ends.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --deadlock-timeout 1 --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: deadlock: T1 waits for a lock it holds itself
// CHECK: self_deadlock.c:[[#@LINE+13]]:3: in refresh: acquired config_lock
// CHECK: self_deadlock.c:[[#@LINE+7]]:3: in reload: waits for config_lock, which it holds itself
// CHECK: tangle: double-lock: T1 locks config_lock again while holding it (a normal mutex: the thread waits for itself forever)
#include <pthread.h>

pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

static void reload(void) {
  pthread_mutex_lock(&config_lock);
  pthread_mutex_unlock(&config_lock);
}

static void refresh(void) {
  pthread_mutex_lock(&config_lock);
  reload(); // takes config_lock again
  pthread_mutex_unlock(&config_lock);
}

int main(void) {
  refresh();
  return 0;
}
