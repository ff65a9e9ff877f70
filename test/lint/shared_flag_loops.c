// A loop on a global or a member waits for another thread to change it
// (`while (working)`): lint must not take it for an endless loop and drop
// what follows. Here what follows is a double lock, reported; an `if` on
// the same global, tested twice, still correlates (no leak in `logged`).
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=logged
// CHECK: tangle: double-lock: wait_member locks s->mu again while holding it
// CHECK: shared_flag_loops.c:[[#@LINE+22]]:3: in wait_member: locks it again while holding it
// CHECK: tangle: double-lock: wait_then_relock locks m again while holding it
// CHECK: shared_flag_loops.c:[[#@LINE+13]]:3: in wait_then_relock: locks it again while holding it
// CHECK: tangle: 2 findings (2 double-lock) in 1 file
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int working, verbose;
struct state { pthread_mutex_t mu; int running; };

void wait_then_relock(void) {
  pthread_mutex_lock(&m);
  working = 1;
  do {
  } while (working); // another thread clears it
  pthread_mutex_lock(&m);
}

void wait_member(struct state *s) {
  pthread_mutex_lock(&s->mu);
  while (s->running) {
  }
  pthread_mutex_lock(&s->mu);
}

void logged(void) {
  if (verbose)
    pthread_mutex_lock(&m);
  working = 0;
  if (verbose)
    pthread_mutex_unlock(&m);
}
