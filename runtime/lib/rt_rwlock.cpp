//===- rt_rwlock.cpp - hooks for POSIX read-write locks --------------------===//
//
// Read acquisitions carry TANGLE_ACQ_READ: two readers never wait for each
// other, so the analyzer does not let a read wait on a read hold close a
// cycle. A reader may take the lock again (glibc's default prefers
// readers); a writer re-taking it, or a reader taking it to write, waits for
// itself. glibc's rwlock knows its writer (__cur_writer) but not its readers.
//
//===----------------------------------------------------------------------===//
#include "rt_acquire.h"

#include <pthread.h>
#include <time.h>

using namespace __tangle;

namespace {

pthread_rwlock_t *rwlock(void *l) { return (pthread_rwlock_t *)l; }
const timespec *time(const void *t) { return (const timespec *)t; }

struct RwlockInfo {
  static constexpr uint32_t wait_kind = TANGLE_WAIT_LOCK;
  static bool reentry_allowed(const void *, uint16_t held, uint16_t now) {
    return (held & TANGLE_ACQ_READ) && (now & TANGLE_ACQ_READ);
  }
  static int owner_tid(const void *l) {
    const auto *rw = (const pthread_rwlock_t *)l;
    if (rw->__data.__cur_writer)
      return rw->__data.__cur_writer;
    return rw->__data.__readers >> 3 ? -1 : 0; // readers are anonymous
  }
  static uint32_t lock_type(const void *) { return 0; }
  static bool shared(const void *l) {
    return ((const pthread_rwlock_t *)l)->__data.__shared != 0;
  }
};

} // namespace

TANGLE_EXPORT int __tangle_pthread_rwlock_rdlock(void *l, __tangle_site *site) {
  return blocking_acquire<RwlockInfo>(l, site, TANGLE_ACQ_READ,
                                      [&] { return pthread_rwlock_rdlock(rwlock(l)); });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_tryrdlock(void *l, __tangle_site *site) {
  return trying_acquire<RwlockInfo>(l, site, TANGLE_ACQ_READ,
                        [&] { return pthread_rwlock_tryrdlock(rwlock(l)); });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_timedrdlock(void *l, const void *abstime,
                                                      __tangle_site *site) {
  return trying_acquire<RwlockInfo>(l, site, TANGLE_ACQ_READ, [&] {
    return pthread_rwlock_timedrdlock(rwlock(l), time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_clockrdlock(void *l, int clock,
                                                      const void *abstime,
                                                      __tangle_site *site) {
  return trying_acquire<RwlockInfo>(l, site, TANGLE_ACQ_READ, [&] {
    return pthread_rwlock_clockrdlock(rwlock(l), (clockid_t)clock, time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_wrlock(void *l, __tangle_site *site) {
  return blocking_acquire<RwlockInfo>(l, site, 0,
                                      [&] { return pthread_rwlock_wrlock(rwlock(l)); });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_trywrlock(void *l, __tangle_site *site) {
  return trying_acquire<RwlockInfo>(l, site, 0,
                        [&] { return pthread_rwlock_trywrlock(rwlock(l)); });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_timedwrlock(void *l, const void *abstime,
                                                      __tangle_site *site) {
  return trying_acquire<RwlockInfo>(l, site, 0, [&] {
    return pthread_rwlock_timedwrlock(rwlock(l), time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_clockwrlock(void *l, int clock,
                                                      const void *abstime,
                                                      __tangle_site *site) {
  return trying_acquire<RwlockInfo>(l, site, 0, [&] {
    return pthread_rwlock_clockwrlock(rwlock(l), (clockid_t)clock, time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_rwlock_unlock(void *l, __tangle_site *site) {
  releasing<RwlockInfo>(l, site);
  return pthread_rwlock_unlock(rwlock(l));
}

TANGLE_EXPORT int __tangle_pthread_rwlock_init(void *l, const void *attr,
                                               __tangle_site *site) {
  lock_initialised(l, site);
  return pthread_rwlock_init(rwlock(l), (const pthread_rwlockattr_t *)attr);
}

TANGLE_EXPORT int __tangle_pthread_rwlock_destroy(void *l, __tangle_site *site) {
  (void)site;
  bump_lock_generation((uptr)l);
  return pthread_rwlock_destroy(rwlock(l));
}
