//===- rt_sem.cpp - hooks for semaphores ------------------------------------===//
//
// A semaphore is a lock when one thread waits on it and later posts it (a
// multiprocessing-style Lock); it is a signal when one thread posts what
// another waits for. The runtime cannot tell yet, so it records a wait as
// an acquisition marked TANGLE_ACQ_SEM (chains, held stacks), every post as
// a notification, and the initial value; the analyzer decides which
// semaphores were locks. For the watchdog a semaphore wait has no known
// owner to wait for.
//
//===----------------------------------------------------------------------===//
#include "rt_acquire.h"

#include <fcntl.h>
#include <semaphore.h>
#include <time.h>

using namespace __tangle;

namespace {

sem_t *sem(void *s) { return (sem_t *)s; }
const timespec *time(const void *t) { return (const timespec *)t; }

struct SemInfo : UnknownOwner {
  static constexpr uint32_t wait_kind = TANGLE_WAIT_SEM;
  // Waiting twice on a semaphore is counting, not a double lock.
  static bool reentry_allowed(const void *, uint16_t, uint16_t) { return true; }
  // glibc's sem_t: a 64-bit value, then `private`, which despite its name
  // holds LLL_SHARED (128) for a process-shared semaphore (sem_open's, and
  // sem_init with pshared) and LLL_PRIVATE (0) otherwise.
  static bool shared(const void *s) { return ((const int *)s)[2] != 0; }
};

// sem_* return -1 and set errno; the generic hooks want 0 for success.
template <typename Call> auto as_status(Call call) {
  return [call] { return call() == 0 ? 0 : -1; };
}

void waiting(void *s, __tangle_site *site) {
  ThreadState *t = current_thread();
  uint16_t flags = 0;
  if (!t->pass_through)
    record_wait_if_new(t, TANGLE_WAIT_SEM, s, nullptr,
                       effective_site(t, site, s, &flags));
}

} // namespace

TANGLE_EXPORT int __tangle_sem_wait(void *s, __tangle_site *site) {
  waiting(s, site);
  return blocking_acquire<SemInfo>(s, site, TANGLE_ACQ_SEM,
                                   as_status([&] { return sem_wait(sem(s)); }));
}

TANGLE_EXPORT int __tangle_sem_trywait(void *s, __tangle_site *site) {
  return trying_acquire<SemInfo>(s, site, TANGLE_ACQ_SEM,
                        as_status([&] { return sem_trywait(sem(s)); }));
}

TANGLE_EXPORT int __tangle_sem_timedwait(void *s, const void *abstime,
                                         __tangle_site *site) {
  waiting(s, site);
  return trying_acquire<SemInfo>(s, site, TANGLE_ACQ_SEM, as_status([&] {
                          return sem_timedwait(sem(s), time(abstime));
                        }));
}

TANGLE_EXPORT int __tangle_sem_clockwait(void *s, int clock, const void *abstime,
                                         __tangle_site *site) {
  waiting(s, site);
  return trying_acquire<SemInfo>(s, site, TANGLE_ACQ_SEM, as_status([&] {
                          return sem_clockwait(sem(s), (clockid_t)clock, time(abstime));
                        }));
}

TANGLE_EXPORT int __tangle_sem_post(void *s, __tangle_site *site) {
  ThreadState *t = current_thread();
  if (!t->pass_through) {
    uint16_t flags = 0;
    __tangle_site *at = effective_site(t, site, s, &flags);
    if (SemInfo::shared(s))
      shared_lock_released(t, s);
    on_released(t, (uptr)s);
    record_notify_if_new(t, TANGLE_WAIT_SEM, s, at);
    sync_release(s);
  }
  return sem_post(sem(s));
}

TANGLE_EXPORT int __tangle_sem_init(void *s, int pshared, unsigned value,
                                    __tangle_site *site) {
  lock_initialised(s, site);
  int r = sem_init(sem(s), pshared, value);
  ThreadState *t = current_thread();
  if (r == 0 && !t->pass_through)
    record_sem_init(t, s, value);
  return r;
}

TANGLE_EXPORT int __tangle_sem_destroy(void *s, __tangle_site *site) {
  (void)site;
  bump_lock_generation((uptr)s);
  return sem_destroy(sem(s));
}

TANGLE_EXPORT void *__tangle_sem_open(const char *name, int oflag, uint64_t mode,
                                      uint64_t value, __tangle_site *site) {
  (void)site;
  sem_t *s = (oflag & O_CREAT)
                 ? sem_open(name, oflag, (mode_t)mode, (unsigned)value)
                 : sem_open(name, oflag);
  ThreadState *t = current_thread();
  if (s != SEM_FAILED && (oflag & O_CREAT) && !t->pass_through)
    record_sem_init(t, s, (uint32_t)value);
  return s;
}
