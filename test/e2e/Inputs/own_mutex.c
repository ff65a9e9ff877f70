// A lock wrapper in its own module, in the style of Open vSwitch's
// ovs_mutex_lock_at: the caller's location comes as an argument, and the
// lock is the first member of the program's own mutex type.
#include "own_mutex.h"

#include <stdio.h>
#include <stdlib.h>

// Two levels, as Open vSwitch's ovs_mutex_init calls ovs_mutex_init__.
static void own_mutex_init__(struct own_mutex *l, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, type);
  pthread_mutex_init(&l->lock, &attr);
  pthread_mutexattr_destroy(&attr);
  l->where = "<unlocked>";
}

void own_mutex_init(struct own_mutex *m) {
  own_mutex_init__(m, PTHREAD_MUTEX_ERRORCHECK);
}

void own_mutex_lock_at(const struct own_mutex *l_, const char *where) {
  struct own_mutex *l = (struct own_mutex *)l_;
  if (!l->where) {
    fprintf(stderr, "%s: uninitialised mutex\n", where);
    abort();
  }
  int error = pthread_mutex_lock(&l->lock);
  if (error)
    abort();
  l->where = where;
}

void own_mutex_unlock(const struct own_mutex *l_) {
  struct own_mutex *l = (struct own_mutex *)l_;
  l->where = "<unlocked>";
  pthread_mutex_unlock(&l->lock);
}
