// A call that never returns (abort, a fatal-error helper) ends the path:
// no lock is leaked by it, and what the helper locks on its way to exit is
// not followed. The twin returns instead of dying, and leaks.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=check_or_die --implicit-check-not=double-lock
// CHECK: tangle: lock-leak: check_or_return can return holding state_lock
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int state;

__attribute__((noreturn)) static void fatal(const char *why) {
  pthread_mutex_lock(&log_lock);
  (void)why;
  pthread_mutex_lock(&state_lock); // dump the state on the way out
  abort();
}

int check_or_die(int x) {
  pthread_mutex_lock(&state_lock);
  if (x < 0)
    fatal("negative");
  state = x;
  pthread_mutex_unlock(&state_lock);
  return 0;
}

int check_or_return(int x) {
  pthread_mutex_lock(&state_lock);
  if (x < 0)
    return 1;
  state = x;
  pthread_mutex_unlock(&state_lock);
  return 0;
}
