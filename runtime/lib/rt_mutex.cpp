//===- rt_mutex.cpp - hooks for POSIX mutexes -------------------------------===//
//
// Each hook performs the program's call itself and records what it did.
// Acquisitions are recorded after they succeed: a lock the thread did not
// get is not held. Releases are recorded before the unlock, while the lock
// still belongs to the thread.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <pthread.h>
#include <time.h>

using namespace __tangle;

namespace {

TANGLE_ALWAYS_INLINE void acquired(void *m, __tangle_site *site,
                                   uint16_t flags) {
  ThreadState *t = current_thread();
  if (TANGLE_UNLIKELY(t->pass_through))
    return;
  __tangle_site *at = effective_site(t, site, m, &flags);
  on_acquired(t, (uptr)m, at, flags);
}

TANGLE_ALWAYS_INLINE void released(void *m) {
  ThreadState *t = current_thread();
  if (TANGLE_LIKELY(!t->pass_through))
    on_released(t, (uptr)m);
}

} // namespace

TANGLE_EXPORT int __tangle_pthread_mutex_lock(void *m, __tangle_site *site) {
  int r = pthread_mutex_lock((pthread_mutex_t *)m);
  if (TANGLE_LIKELY(r == 0))
    acquired(m, site, 0);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_mutex_trylock(void *m, __tangle_site *site) {
  int r = pthread_mutex_trylock((pthread_mutex_t *)m);
  if (r == 0)
    acquired(m, site, TANGLE_ACQ_TRY);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_mutex_timedlock(void *m, const void *abstime,
                                                   __tangle_site *site) {
  int r = pthread_mutex_timedlock((pthread_mutex_t *)m,
                                  (const struct timespec *)abstime);
  if (r == 0)
    acquired(m, site, TANGLE_ACQ_TRY);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_mutex_clocklock(void *m, int clock,
                                                   const void *abstime,
                                                   __tangle_site *site) {
  int r = pthread_mutex_clocklock((pthread_mutex_t *)m, (clockid_t)clock,
                                  (const struct timespec *)abstime);
  if (r == 0)
    acquired(m, site, TANGLE_ACQ_TRY);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_mutex_unlock(void *m, __tangle_site *site) {
  (void)site;
  released(m);
  return pthread_mutex_unlock((pthread_mutex_t *)m);
}

TANGLE_EXPORT int __tangle_pthread_mutex_init(void *m, const void *attr,
                                              __tangle_site *site) {
  (void)site;
  bump_lock_generation((uptr)m);
  return pthread_mutex_init((pthread_mutex_t *)m,
                            (const pthread_mutexattr_t *)attr);
}

TANGLE_EXPORT int __tangle_pthread_mutex_destroy(void *m, __tangle_site *site) {
  (void)site;
  bump_lock_generation((uptr)m);
  return pthread_mutex_destroy((pthread_mutex_t *)m);
}
