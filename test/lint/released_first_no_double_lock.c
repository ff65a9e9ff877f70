// A callee that lets go of its caller's lock before taking it again is no
// double lock (OVS's dp_netdev_offload_flush does this under REQUIRES); its
// twin takes it without letting go.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=cycle_lock
// CHECK: tangle: double-lock: retake_bad locks big_lock again while holding it
// CHECK: released_first_no_double_lock.c:[[#@LINE+29]]:3: in retake_bad: acquired big_lock
// CHECK: released_first_no_double_lock.c:[[#@LINE+29]]:3: in retake_bad: calls work_locked
// CHECK: released_first_no_double_lock.c:[[#@LINE+15]]:3: in work_locked: locks it again while holding it
// CHECK: tangle: 1 finding (1 double-lock) in 1 file
#include <pthread.h>

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
int slow_io(void);

// Called with big_lock held; drops it around slow work, returns holding it.
static void cycle_lock(void) {
  pthread_mutex_unlock(&big_lock);
  slow_io();
  pthread_mutex_lock(&big_lock);
}

static void work_locked(void) {
  pthread_mutex_lock(&big_lock); // forgot that the caller holds it
  slow_io();
  pthread_mutex_unlock(&big_lock);
}

void retake_ok(void) {
  pthread_mutex_lock(&big_lock);
  cycle_lock();
  pthread_mutex_unlock(&big_lock);
}

void retake_bad(void) {
  pthread_mutex_lock(&big_lock);
  work_locked();
  pthread_mutex_unlock(&big_lock);
}
