//===- rt_wait.cpp - hooks for barriers and once-initialisation ------------===//
//
// Neither is owned, so neither joins the lock graph; both make a thread
// wait for others. A barrier waits for the other arrivals (each arrival is
// recorded, so the analyzer knows who they are); a second caller of
// pthread_once waits for the first to finish the initialisation.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"

#include <pthread.h>

using namespace __tangle;

TANGLE_EXPORT int __tangle_pthread_barrier_wait(void *b, __tangle_site *site) {
  ThreadState *t = current_thread();
  if (t->pass_through)
    return pthread_barrier_wait((pthread_barrier_t *)b);
  uint16_t flags = 0;
  __tangle_site *at = effective_site(t, site, b, &flags);
  record_notify_if_new(t, TANGLE_WAIT_BARRIER, b, at); // an arrival
  record_wait_if_new(t, TANGLE_WAIT_BARRIER, b, nullptr, at);
  begin_blocking(t, TANGLE_WAIT_BARRIER, b, at);
  sync_release(b); // everything before any arrival happens before every departure
  int r = pthread_barrier_wait((pthread_barrier_t *)b);
  sync_acquire(b);
  end_blocking(t);
  return r;
}

// Only the user's own once-calls count: libstdc++ uses call_once inside
// promise::set_value and the like, where no other thread's init is awaited.
TANGLE_EXPORT int __tangle_pthread_once(void *once, void *init,
                                        __tangle_site *site) {
  ThreadState *t = current_thread();
  if (!t->pass_through) {
    uint16_t flags = 0;
    __tangle_site *at = effective_site(t, site, once, &flags);
    if (!(at->flags & TANGLE_SITE_LIBRARY))
      record_wait_if_new(t, TANGLE_WAIT_ONCE, once, nullptr, at);
  }
  if (!g_races || t->pass_through)
    return pthread_once((pthread_once_t *)once, (void (*)(void))init);
  // The routine releases the once when it is done; every caller acquires.
  RaceThread *r = race_thread();
  void (*saved_routine)() = r ? r->once_routine : nullptr;
  const void *saved_object = r ? r->once_object : nullptr;
  int result = pthread_once((pthread_once_t *)once,
                            race_once_routine(once, (void (*)(void))init));
  if (r) { // a routine may itself call pthread_once
    r->once_routine = saved_routine;
    r->once_object = saved_object;
  }
  sync_acquire(once);
  return result;
}
