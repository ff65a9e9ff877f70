// A thread that ends holding a lock leaks it (as the run time reports):
// pthread_exit on a path holding it, or a start routine returning holding
// it even on every path (for a routine that is no acquire function). A
// global flag tested twice is followed like a local one: `clean` is no leak.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not="in clean" --implicit-check-not="lock_helper can"
// CHECK: tangle: lock-leak: exits_holding can end its thread holding state_lock, taken in exits_holding
// CHECK: thread_exit_leaks.c:[[#@LINE+12]]:5: in exits_holding: ends the thread (pthread_exit) holding state_lock
// CHECK: tangle: lock-leak: thread routine keeps_lock can return holding state_lock, taken in lock_helper
// CHECK: thread_exit_leaks.c:[[#@LINE+20]]:3: in keeps_lock: returns from the thread holding state_lock
// CHECK: tangle: 2 findings (2 lock-leak) in 1 file
#include <pthread.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static int verbose, done;

static void *exits_holding(void *arg) {
  pthread_mutex_lock(&state_lock);
  if (arg)
    pthread_exit(0);
  pthread_mutex_unlock(&state_lock);
  return 0;
}

static void lock_helper(void) { pthread_mutex_lock(&state_lock); }

static void *keeps_lock(void *arg) {
  lock_helper();
  done = 1;
  return arg;
}

static void *clean(void *arg) {
  if (verbose)
    pthread_mutex_lock(&state_lock);
  done = 2;
  if (verbose)
    pthread_mutex_unlock(&state_lock);
  return arg;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, exits_holding, 0);
  pthread_create(&t[1], 0, keeps_lock, 0);
  pthread_create(&t[2], 0, clean, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
