// Threads that release everything before returning or calling pthread_exit
// leak nothing; one that calls pthread_exit holding a lock does, and the
// report says so.
// RUN: %tangle-cc -O0 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.clean -- %t clean 2>&1 | FileCheck --check-prefix=CLEAN %s
// RUN: %expect-exit 66 %tangle run --out %t.leak -- %t leak 2>&1 | FileCheck --check-prefix=LEAK %s
// CLEAN-NOT: lock-leak
// CLEAN: tangle: 0 findings in 1 session
// LEAK: tangle: lock-leak: T{{[0-9]+}} returned from worker holding state_lock, taken in worker
// LEAK: called pthread_exit holding state_lock
// LEAK: tangle: 1 finding (1 lock-leak) in 1 session
#include <pthread.h>
#include <string.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static int leak;

static void *worker(void *arg) {
  pthread_mutex_lock(&state_lock);
  if (!leak)
    pthread_mutex_unlock(&state_lock);
  if ((long)arg)
    pthread_exit(0);
  if (leak)
    pthread_mutex_unlock(&state_lock);
  return 0;
}

int main(int argc, char **argv) {
  leak = argc > 1 && !strcmp(argv[1], "leak");
  for (long i = 0; i < 2; ++i) {
    pthread_t t;
    pthread_create(&t, 0, worker, (void *)i);
    pthread_join(t, 0);
  }
  return 0;
}
