//===- rt_cond.cpp - hooks for condition variables --------------------------===//
//
// A condition wait releases its mutex, blocks until signalled, then takes
// the mutex again. So:
//  - waiting while holding other locks is recorded (hold-and-wait);
//  - the mutex leaves the held stack for the wait and comes back after;
//  - taking it back can block while the other locks are held: that is a
//    lock-order chain (other -> mutex), recorded before the wait.
// Timed waits end by themselves, so the watchdog does not count them.
// Signals and broadcasts are recorded once per thread and site, so the
// analyzer knows who wakes whom. pthread, C11 and std::condition_variable
// (whose untimed wait and notifications live in libstdc++.so) share this.
//
//===----------------------------------------------------------------------===//
#include "rt_chain.h"
#include "rt_race.h"

#include <pthread.h>
#include <threads.h>
#include <time.h>

using namespace __tangle;

extern "C++" {
void libstdcxx_cond_wait(void *cond, void *unique_lock)
    __asm__("_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE")
        __attribute__((weak));
void libstdcxx_cond_notify_one(void *cond)
    __asm__("_ZNSt18condition_variable10notify_oneEv") __attribute__((weak));
void libstdcxx_cond_notify_all(void *cond)
    __asm__("_ZNSt18condition_variable10notify_allEv") __attribute__((weak));
}

namespace {

template <typename Call>
int cond_wait(const void *cond, const void *mutex, __tangle_site *site,
              bool timed, Call call) {
  ThreadState *t = current_thread();
  if (t->pass_through)
    return call();
  uint16_t flags = 0;
  __tangle_site *at = effective_site(t, site, cond, &flags);
  record_wait_if_new(t, TANGLE_WAIT_COND, cond, mutex, at);
  int32_t i = find_held(t, (uptr)mutex);
  // The wait releases the mutex and takes it back: so does its clock.
  sync_release(mutex);
  if (i < 0) { // not held as tangle saw it: nothing to put back
    if (!timed)
      begin_blocking(t, TANGLE_WAIT_COND, cond, at);
    int r = call();
    end_blocking(t);
    sync_acquire(mutex);
    return r;
  }
  HeldLock saved = t->held[i];
  t->held[i].recursion = 0;
  on_released(t, (uptr)mutex);
  PendingAcquire p;
  prepare_acquire(t, (uptr)mutex, saved.site, saved.flags, &p);
  record_if_new(t, p);
  if (!timed)
    begin_blocking(t, TANGLE_WAIT_COND, cond, at);
  int r = call();
  end_blocking(t);
  commit_acquire(t, p); // the mutex is held again, whatever the wait returned
  sync_acquire(mutex);
  if (saved.recursion && t->num_held)
    t->held[t->num_held - 1].recursion = saved.recursion;
  return r;
}

void notify(const void *cond, __tangle_site *site) {
  ThreadState *t = current_thread();
  uint16_t flags = 0;
  if (!t->pass_through)
    record_notify_if_new(t, TANGLE_WAIT_COND, cond,
                         effective_site(t, site, cond, &flags));
}

pthread_cond_t *pcond(void *c) { return (pthread_cond_t *)c; }
pthread_mutex_t *pmutex(void *m) { return (pthread_mutex_t *)m; }
const timespec *time(const void *t) { return (const timespec *)t; }

} // namespace

TANGLE_EXPORT int __tangle_pthread_cond_wait(void *c, void *m, __tangle_site *site) {
  return cond_wait(c, m, site, false, [&] { return pthread_cond_wait(pcond(c), pmutex(m)); });
}

TANGLE_EXPORT int __tangle_pthread_cond_timedwait(void *c, void *m, const void *abstime,
                                                  __tangle_site *site) {
  return cond_wait(c, m, site, true, [&] {
    return pthread_cond_timedwait(pcond(c), pmutex(m), time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_cond_clockwait(void *c, void *m, int clock,
                                                  const void *abstime,
                                                  __tangle_site *site) {
  return cond_wait(c, m, site, true, [&] {
    return pthread_cond_clockwait(pcond(c), pmutex(m), (clockid_t)clock, time(abstime));
  });
}

TANGLE_EXPORT int __tangle_pthread_cond_signal(void *c, __tangle_site *site) {
  notify(c, site);
  return pthread_cond_signal(pcond(c));
}

TANGLE_EXPORT int __tangle_pthread_cond_broadcast(void *c, __tangle_site *site) {
  notify(c, site);
  return pthread_cond_broadcast(pcond(c));
}

TANGLE_EXPORT int __tangle_cnd_wait(void *c, void *m, __tangle_site *site) {
  return cond_wait(c, m, site, false, [&] { return cnd_wait((cnd_t *)c, (mtx_t *)m); });
}

TANGLE_EXPORT int __tangle_cnd_timedwait(void *c, void *m, const void *abstime,
                                         __tangle_site *site) {
  return cond_wait(c, m, site, true, [&] {
    return cnd_timedwait((cnd_t *)c, (mtx_t *)m, time(abstime));
  });
}

TANGLE_EXPORT int __tangle_cnd_signal(void *c, __tangle_site *site) {
  notify(c, site);
  return cnd_signal((cnd_t *)c);
}

TANGLE_EXPORT int __tangle_cnd_broadcast(void *c, __tangle_site *site) {
  notify(c, site);
  return cnd_broadcast((cnd_t *)c);
}

// std::unique_lock<std::mutex> holds the mutex pointer as its first member.
TANGLE_EXPORT void __tangle_cxx_cond_wait(void *c, void *unique_lock,
                                          __tangle_site *site) {
  cond_wait(c, *(void **)unique_lock, site, false, [&] {
    libstdcxx_cond_wait(c, unique_lock);
    return 0;
  });
}

TANGLE_EXPORT void __tangle_cxx_cond_notify_one(void *c, __tangle_site *site) {
  notify(c, site);
  libstdcxx_cond_notify_one(c);
}

TANGLE_EXPORT void __tangle_cxx_cond_notify_all(void *c, __tangle_site *site) {
  notify(c, site);
  libstdcxx_cond_notify_all(c);
}
