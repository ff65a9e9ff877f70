//===- rt_bracket.cpp - C++20 primitives and futures, bracketed -------------===//
//
// std::counting_semaphore, std::latch, std::barrier and futures live in
// libstdc++'s headers on atomics and futex calls; the pass brackets user
// calls of their methods (callbacks.def, TANGLE_BRACKET). Here they take
// the meaning of their POSIX counterparts:
//  - counting_semaphore: a semaphore (acquire waits, release posts); used
//    as a lock by one thread it joins the lock graph like sem_t;
//  - latch, barrier: arrivals notify, waits block (as pthread barriers);
//  - futures: get/wait block on the shared state, which promise::set_value
//    and packaged_task::operator() make ready. Both sides hold the state by
//    a shared_ptr as their first member: its first word is the state.
//
//===----------------------------------------------------------------------===//
#include "rt_chain.h"

using namespace __tangle;

namespace {

const void *shared_state(void *future_or_promise) {
  return future_or_promise ? *(void **)future_or_promise : nullptr;
}

void wait_begins(ThreadState *t, uint32_t kind, const void *object,
                 __tangle_site *site) {
  record_wait_if_new(t, kind, object, nullptr, site);
  begin_blocking(t, kind, object, site);
}

void sem_acquire_begins(ThreadState *t, void *sem, __tangle_site *site) {
  record_wait_if_new(t, TANGLE_WAIT_SEM, sem, nullptr, site);
  PendingAcquire p;
  prepare_acquire(t, (uptr)sem, site, TANGLE_ACQ_SEM, &p);
  record_if_new(t, p);
  t->bracket_entry = p.entry;
  t->bracket_reentered = p.reentered;
  t->bracket_active = 1;
  begin_blocking(t, TANGLE_WAIT_SEM, sem, site);
}

void sem_acquire_ends(ThreadState *t) {
  end_blocking(t);
  if (!t->bracket_active)
    return;
  t->bracket_active = 0;
  const HeldLock &e = t->bracket_entry;
  commit_acquire(t, {e, t->bracket_reentered, false,
                     (uint32_t)e.flags << 16 | e.generation, 0});
}

void sem_tried(ThreadState *t, void *sem, __tangle_site *site) {
  PendingAcquire p;
  prepare_acquire(t, (uptr)sem, site, TANGLE_ACQ_SEM | TANGLE_ACQ_TRY, &p);
  commit_acquire(t, p);
}

} // namespace

TANGLE_EXPORT void __tangle_bracket_enter(uint32_t kind, void *object,
                                          __tangle_site *site) {
  ThreadState *t = current_thread();
  if (t->pass_through)
    return;
  switch (kind) {
  case TANGLE_BRACKET_SemAcquire:
    return sem_acquire_begins(t, object, site);
  case TANGLE_BRACKET_SemRelease:
    on_released(t, (uptr)object);
    return record_notify_if_new(t, TANGLE_WAIT_SEM, object, site);
  case TANGLE_BRACKET_LatchArrive:
    return record_notify_if_new(t, TANGLE_WAIT_FUTEX, object, site);
  case TANGLE_BRACKET_LatchArriveWait:
    record_notify_if_new(t, TANGLE_WAIT_FUTEX, object, site);
    return wait_begins(t, TANGLE_WAIT_FUTEX, object, site);
  case TANGLE_BRACKET_LatchWait:
    return wait_begins(t, TANGLE_WAIT_FUTEX, object, site);
  case TANGLE_BRACKET_BarrierArrive:
    return record_notify_if_new(t, TANGLE_WAIT_BARRIER, object, site);
  case TANGLE_BRACKET_BarrierArriveWait:
    record_notify_if_new(t, TANGLE_WAIT_BARRIER, object, site);
    return wait_begins(t, TANGLE_WAIT_BARRIER, object, site);
  case TANGLE_BRACKET_BarrierWait:
    return wait_begins(t, TANGLE_WAIT_BARRIER, object, site);
  case TANGLE_BRACKET_FutureWait:
    return wait_begins(t, TANGLE_WAIT_FUTEX, shared_state(object), site);
  case TANGLE_BRACKET_FutureWaitTimed: // waits, but not forever
    return record_wait_if_new(t, TANGLE_WAIT_FUTEX, shared_state(object),
                              nullptr, site);
  case TANGLE_BRACKET_FutureSet:
    return record_notify_if_new(t, TANGLE_WAIT_FUTEX, shared_state(object), site);
  default:
    return;
  }
}

TANGLE_EXPORT void __tangle_bracket_exit(uint32_t kind, void *object,
                                         __tangle_site *site, uint32_t result) {
  ThreadState *t = current_thread();
  if (t->pass_through)
    return;
  switch (kind) {
  case TANGLE_BRACKET_SemAcquire:
    return sem_acquire_ends(t);
  case TANGLE_BRACKET_SemTryAcquire:
    if (result)
      sem_tried(t, object, site);
    return;
  case TANGLE_BRACKET_LatchWait:
  case TANGLE_BRACKET_LatchArriveWait:
  case TANGLE_BRACKET_BarrierWait:
  case TANGLE_BRACKET_BarrierArriveWait:
  case TANGLE_BRACKET_FutureWait:
    return end_blocking(t);
  default:
    return;
  }
}
