//===- rt_wait.cpp - hooks for barriers and once-initialisation ------------===//
//
// Neither is owned, so neither joins the lock graph; both make a thread
// wait for others. A barrier waits for the other arrivals (each arrival is
// recorded, so the analyzer knows who they are); a second caller of
// pthread_once waits for the first to finish the initialisation.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

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
  int r = pthread_barrier_wait((pthread_barrier_t *)b);
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
  return pthread_once((pthread_once_t *)once, (void (*)(void))init);
}
