// The wrappers' bodies, as in OVS: the lock call is on a member of the
// capability (l->lock); the attribute names the capability itself.
#include "ovs-thread.h"
#include <stdlib.h>

void ovs_mutex_lock_at(const struct ovs_mutex *l_, const char *where) {
  struct ovs_mutex *l = (struct ovs_mutex *)l_;
  if (OVS_UNLIKELY(!l->where))
    abort(); // "passed uninitialized ovs_mutex"
  int error = pthread_mutex_lock(&l->lock);
  if (OVS_UNLIKELY(error))
    abort();
  l->where = where;
}

int ovs_mutex_trylock_at(const struct ovs_mutex *l_, const char *where) {
  struct ovs_mutex *l = (struct ovs_mutex *)l_;
  int error = pthread_mutex_trylock(&l->lock);
  if (!error)
    l->where = where;
  return error;
}

void ovs_mutex_unlock(const struct ovs_mutex *l_) {
  struct ovs_mutex *l = (struct ovs_mutex *)l_;
  l->where = "<unlocked>";
  pthread_mutex_unlock(&l->lock);
}

void ovs_mutex_cond_wait(pthread_cond_t *cond, const struct ovs_mutex *mutex_) {
  struct ovs_mutex *mutex = (struct ovs_mutex *)mutex_;
  pthread_cond_wait(cond, &mutex->lock);
}
