//===- rt_mutex.cpp - hooks for POSIX mutexes -------------------------------===//
//
// Each hook performs the program's call itself and records what it did.
// A blocking acquisition records its lock chain before it blocks and holds
// the lock once it succeeds; one that may give up (trylock, timedlock)
// records no chain, as it never waits forever, and holds the lock if it
// got it. Releases are recorded before the unlock, while the lock still
// belongs to the thread.
//
//===----------------------------------------------------------------------===//
#include "rt_chain.h"

#include <pthread.h>
#include <time.h>

using namespace __tangle;

namespace {

// A blocking acquisition: the chain is recorded before the call blocks.
template <typename LockFn>
TANGLE_ALWAYS_INLINE int blocking_acquire(void *m, __tangle_site *site,
                                          LockFn lock) {
  ThreadState *t = current_thread();
  if (TANGLE_UNLIKELY(t->pass_through))
    return lock();
  uint16_t flags = 0;
  PendingAcquire p;
  prepare_acquire(t, (uptr)m, effective_site(t, site, m, &flags), flags, &p);
  record_if_new(t, p);
  int r = lock();
  if (TANGLE_LIKELY(r == 0))
    commit_acquire(t, p);
  return r;
}

// An acquisition that may give up: no edge, but the lock is held after.
template <typename LockFn>
TANGLE_ALWAYS_INLINE int trying_acquire(void *m, __tangle_site *site,
                                        LockFn lock) {
  int r = lock();
  if (r != 0)
    return r;
  ThreadState *t = current_thread();
  if (TANGLE_LIKELY(!t->pass_through)) {
    uint16_t flags = TANGLE_ACQ_TRY;
    PendingAcquire p;
    prepare_acquire(t, (uptr)m, effective_site(t, site, m, &flags), flags, &p);
    commit_acquire(t, p);
  }
  return r;
}

TANGLE_ALWAYS_INLINE void released(void *m) {
  ThreadState *t = current_thread();
  if (TANGLE_LIKELY(!t->pass_through))
    on_released(t, (uptr)m);
}

pthread_mutex_t *mutex(void *m) { return (pthread_mutex_t *)m; }
const timespec *time(const void *t) { return (const timespec *)t; }

} // namespace

TANGLE_EXPORT int __tangle_pthread_mutex_lock(void *m, __tangle_site *site) {
  return blocking_acquire(m, site, [&] { return pthread_mutex_lock(mutex(m)); });
}

TANGLE_EXPORT int __tangle_pthread_mutex_trylock(void *m, __tangle_site *site) {
  return trying_acquire(m, site, [&] { return pthread_mutex_trylock(mutex(m)); });
}

TANGLE_EXPORT int __tangle_pthread_mutex_timedlock(void *m, const void *abstime,
                                                   __tangle_site *site) {
  return trying_acquire(m, site, [&] {
    return pthread_mutex_timedlock(mutex(m), time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_mutex_clocklock(void *m, int clock,
                                                   const void *abstime,
                                                   __tangle_site *site) {
  return trying_acquire(m, site, [&] {
    return pthread_mutex_clocklock(mutex(m), (clockid_t)clock, time(abstime));
  });
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
