// Barriers and pthread_once used without holding locks: clean. A thread
// that waits at a barrier holding a lock another participant takes is a
// hold-and-wait.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.clean -- %t clean 2>&1 | FileCheck --check-prefix=CLEAN %s
// RUN: %expect-exit 66 %tangle run --out %t.hold -- %t hold 2>&1 | FileCheck --check-prefix=HOLD %s
// CLEAN: tangle: 0 findings in 1 session
// HOLD: tangle: hold-and-wait (confirmed): T{{[0-9]+}} waits at barrier phase while holding results_lock, which T{{[0-9]+}} (waits there too) needs
#include <pthread.h>
#include <string.h>

static pthread_barrier_t phase;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t results_lock = PTHREAD_MUTEX_INITIALIZER;
static int hold_lock, initialised;

static void init(void) { initialised = 1; }

static void *worker(void *arg) {
  pthread_once(&once, init);
  int holder = (long)arg == 0 && hold_lock;
  if (holder)
    pthread_mutex_lock(&results_lock);
  pthread_barrier_wait(&phase);
  if (holder)
    pthread_mutex_unlock(&results_lock);
  pthread_mutex_lock(&results_lock);
  pthread_mutex_unlock(&results_lock);
  return 0;
}

int main(int argc, char **argv) {
  hold_lock = !strcmp(argv[1], "hold");
  pthread_barrier_init(&phase, 0, 3);
  pthread_t t[3];
  for (long i = 0; i < 3; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], 0);
  return initialised ? 0 : 1;
}
