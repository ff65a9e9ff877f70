//===- rt_mutex.cpp - hooks for POSIX mutexes -------------------------------===//
//
// pthread mutexes through the generic hooks of rt_acquire.h. What a mutex
// is (normal, recursive, errorcheck, robust) and who owns it are read from
// glibc's public pthread_mutex_t fields, which glibc keeps for every type.
//
//===----------------------------------------------------------------------===//
#include "rt_acquire.h"
#include "rt_mutex_info.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

using namespace __tangle;

namespace {

pthread_mutex_t *mutex(void *m) { return (pthread_mutex_t *)m; }
const timespec *time(const void *t) { return (const timespec *)t; }

} // namespace

TANGLE_EXPORT int __tangle_pthread_mutex_lock(void *m, __tangle_site *site) {
  int result = 0;
  blocking_acquire<MutexInfo>(m, site, 0, [&] {
    result = pthread_mutex_lock(mutex(m));
    return acquired_status(result);
  });
  return result;
}

TANGLE_EXPORT int __tangle_pthread_mutex_trylock(void *m, __tangle_site *site) {
  int result = 0;
  trying_acquire<MutexInfo>(m, site, 0, [&] {
    result = pthread_mutex_trylock(mutex(m));
    return acquired_status(result);
  });
  return result;
}

TANGLE_EXPORT int __tangle_pthread_mutex_timedlock(void *m, const void *abstime,
                                                   __tangle_site *site) {
  int result = 0;
  trying_acquire<MutexInfo>(m, site, 0, [&] {
    result = pthread_mutex_timedlock(mutex(m), time(abstime));
    return acquired_status(result);
  });
  return result;
}

TANGLE_EXPORT int __tangle_pthread_mutex_clocklock(void *m, int clock,
                                                   const void *abstime,
                                                   __tangle_site *site) {
  int result = 0;
  trying_acquire<MutexInfo>(m, site, 0, [&] {
    result = pthread_mutex_clocklock(mutex(m), (clockid_t)clock, time(abstime));
    return acquired_status(result);
  });
  return result;
}

TANGLE_EXPORT int __tangle_pthread_mutex_unlock(void *m, __tangle_site *site) {
  releasing<MutexInfo>(m, site);
  return pthread_mutex_unlock(mutex(m));
}

TANGLE_EXPORT int __tangle_pthread_mutex_init(void *m, const void *attr,
                                              __tangle_site *site) {
  lock_initialised(m, site);
  return pthread_mutex_init(mutex(m), (const pthread_mutexattr_t *)attr);
}

TANGLE_EXPORT int __tangle_pthread_mutex_destroy(void *m, __tangle_site *site) {
  const pthread_mutex_t *pm = mutex(m);
  if (pm->__data.__lock != 0) {
    ThreadState *t = current_thread();
    if (!t->pass_through)
      record_misuse(t, TANGLE_MISUSE_DESTROY_LOCKED, m, site,
                    (uint32_t)pm->__data.__owner, MutexInfo::lock_type(m));
  }
  bump_lock_generation((uptr)m);
  if (g_races)
    race_forget(m);
  return pthread_mutex_destroy(mutex(m));
}
