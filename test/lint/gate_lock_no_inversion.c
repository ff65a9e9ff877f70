// Opposite orders of a and b, but always under the same gate lock: two
// threads cannot both be inside, so no deadlock. Clean.
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock-order-inversion
// CHECK: tangle: 0 findings in 1 file
#include <pthread.h>

pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void enter(void) { pthread_mutex_lock(&gate); }
static void leave(void) { pthread_mutex_unlock(&gate); }

void ab(void) {
  enter();
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  leave();
}

void ba(void) {
  pthread_mutex_lock(&gate);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&gate);
}
