// A mutex initialised recursive, here through wrappers that pass the type
// down (as OVS's ovs_mutex_init_recursive does), may be locked again by its
// holder; the same code on a normal mutex is a double lock.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=rec_outer
// CHECK: tangle: double-lock: plain_outer locks plain_lock again while holding it
// CHECK: tangle: 1 finding (1 double-lock) in 1 file
#include <pthread.h>
#include <stdlib.h>

static void set_type(pthread_mutexattr_t *attr, int type) {
  if (pthread_mutexattr_settype(attr, type))
    abort();
}

static void init_with(pthread_mutex_t *m, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  set_type(&attr, type);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

static void init_recursive(pthread_mutex_t *m) { init_with(m, PTHREAD_MUTEX_RECURSIVE); }
static void init_plain(pthread_mutex_t *m) { init_with(m, PTHREAD_MUTEX_NORMAL); }

static pthread_mutex_t rec_lock, plain_lock;

void setup(void) {
  init_recursive(&rec_lock);
  init_plain(&plain_lock);
}

static void rec_inner(void) {
  pthread_mutex_lock(&rec_lock);
  pthread_mutex_unlock(&rec_lock);
}
void rec_outer(void) {
  pthread_mutex_lock(&rec_lock);
  rec_inner();
  pthread_mutex_unlock(&rec_lock);
}

static void plain_inner(void) {
  pthread_mutex_lock(&plain_lock);
  pthread_mutex_unlock(&plain_lock);
}
void plain_outer(void) {
  pthread_mutex_lock(&plain_lock);
  plain_inner();
  pthread_mutex_unlock(&plain_lock);
}
