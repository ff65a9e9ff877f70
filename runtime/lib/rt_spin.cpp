//===- rt_spin.cpp - hooks for POSIX spinlocks -----------------------------===//
//
// A spinning thread is as stuck as a blocked one: spin_lock is a blocking
// acquisition. A spinlock is never recursive; it does not know its owner.
//
//===----------------------------------------------------------------------===//
#include "rt_acquire.h"

#include <pthread.h>

using namespace __tangle;

namespace {

pthread_spinlock_t *spin(void *s) { return (pthread_spinlock_t *)s; }

struct SpinInfo : UnknownOwner {
  static bool reentry_allowed(const void *, uint16_t, uint16_t) { return false; }
};

} // namespace

TANGLE_EXPORT int __tangle_pthread_spin_lock(void *s, __tangle_site *site) {
  return blocking_acquire<SpinInfo>(s, site, 0, [&] { return pthread_spin_lock(spin(s)); });
}

TANGLE_EXPORT int __tangle_pthread_spin_trylock(void *s, __tangle_site *site) {
  return trying_acquire<SpinInfo>(s, site, 0, [&] { return pthread_spin_trylock(spin(s)); });
}

TANGLE_EXPORT int __tangle_pthread_spin_unlock(void *s, __tangle_site *site) {
  releasing<SpinInfo>(s, site);
  return pthread_spin_unlock(spin(s));
}

TANGLE_EXPORT int __tangle_pthread_spin_init(void *s, int pshared,
                                             __tangle_site *site) {
  lock_initialised(s, site);
  return pthread_spin_init(spin(s), pshared);
}

TANGLE_EXPORT int __tangle_pthread_spin_destroy(void *s, __tangle_site *site) {
  (void)site;
  bump_lock_generation((uptr)s);
  return pthread_spin_destroy(spin(s));
}
