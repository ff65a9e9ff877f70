// A trylock that returns on failure holds nothing on that path; one whose
// caller branches on the wrapper's result, the same. Clean.
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock-leak --implicit-check-not=double-lock
// CHECK: tangle: 0 findings in 1 file
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

int bump_if_free(void) {
  if (pthread_mutex_trylock(&mu) != 0)
    return -EBUSY;
  counter++;
  pthread_mutex_unlock(&mu);
  return 0;
}

int bump_if_free_rc(void) {
  int rc = pthread_mutex_trylock(&mu);
  if (rc)
    return rc;
  counter++;
  pthread_mutex_unlock(&mu);
  return 0;
}

// A trylock wrapper: true with mu held, false without.
static int grab(void) { return pthread_mutex_trylock(&mu) == 0; }

void bump_via_grab(void) {
  if (!grab())
    return;
  counter++;
  pthread_mutex_unlock(&mu);
}

// A lock whose failure the code handles: no lock on that path.
int bump_checked(void) {
  if (pthread_mutex_lock(&mu) != 0)
    return -1;
  counter++;
  pthread_mutex_unlock(&mu);
  return 0;
}
