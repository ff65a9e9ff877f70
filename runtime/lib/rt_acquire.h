//===- rt_acquire.h - the shape of every lock hook --------------*- C++ -*-===//
//
// Every lock-like primitive (mutex, rwlock, spinlock, C11 mtx, semaphore
// used as a lock) is hooked the same way; only the call and the rules for
// re-entry differ. A hook:
//  - for a blocking acquisition: computes the chain, records it if new,
//    records a double lock if the thread re-takes a lock that is not
//    recursive, marks itself blocked, calls, and holds the lock on success;
//  - for an acquisition that may give up (try, timed): calls, and holds the
//    lock on success (no chain: it never waits forever);
//  - for a release: drops the lock from the held stack, or, when the thread
//    does not hold it, lets the primitive say whether that is misuse.
// In full mode an acquisition also acquires the lock's clock for the race
// detector, and a release releases it (rt_race.h).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_ACQUIRE_H
#define TANGLE_RT_ACQUIRE_H

#include "rt_chain.h"
#include "rt_race.h"

namespace __tangle {

// Describes a primitive to the generic hooks.
//   reentry_allowed(lock, held, now): may a thread holding it (with flags
//     `held`) take it again (with flags `now`)? False makes a double lock.
//   owner_tid(lock):  OS tid of the thread holding it, 0 if unlocked, -1 if
//     the primitive cannot tell (then no bad unlock is claimed)
//   lock_type(lock):  the primitive's own type number, for reports
//   wait_kind:        what the watchdog calls a thread blocked in it
//   shared(lock):     whether other processes can hold it (pshared)
struct UnknownOwner {
  static constexpr uint32_t wait_kind = TANGLE_WAIT_LOCK;
  static bool shared(const void *) { return false; }
  static int owner_tid(const void *) { return -1; }
  static uint32_t lock_type(const void *) { return 0; }
};

template <typename Info, typename Call>
TANGLE_ALWAYS_INLINE int blocking_acquire(const void *lock, __tangle_site *site,
                                          uint16_t flags, Call call) {
  ThreadState *t = current_thread();
  if (TANGLE_UNLIKELY(t->pass_through))
    return call();
  PendingAcquire p;
  __tangle_site *at = effective_site(t, site, lock, &flags);
  prepare_acquire(t, (uptr)lock, at, flags, &p);
  if (TANGLE_UNLIKELY(p.reentered >= 0) &&
      !Info::reentry_allowed(lock, t->held[p.reentered].flags, flags))
    record_misuse(t, TANGLE_MISUSE_DOUBLE_LOCK, lock, at,
                  (uint32_t)t->os_tid, Info::lock_type(lock));
  record_if_new(t, p);
  begin_blocking(t, Info::wait_kind, lock, at);
  int r = call();
  end_blocking(t);
  if (TANGLE_LIKELY(r == 0)) {
    commit_acquire(t, p);
    if (TANGLE_UNLIKELY(Info::shared(lock)))
      shared_lock_taken(t, lock, at);
    sync_acquire(lock, flags & TANGLE_ACQ_READ);
  }
  return r;
}

template <typename Info, typename Call>
TANGLE_ALWAYS_INLINE int trying_acquire(const void *lock, __tangle_site *site,
                                        uint16_t flags, Call call) {
  int r = call();
  if (r != 0)
    return r;
  ThreadState *t = current_thread();
  if (TANGLE_LIKELY(!t->pass_through)) {
    flags |= TANGLE_ACQ_TRY;
    PendingAcquire p;
    __tangle_site *at = effective_site(t, site, lock, &flags);
    prepare_acquire(t, (uptr)lock, at, flags, &p);
    commit_acquire(t, p);
    if (TANGLE_UNLIKELY(Info::shared(lock)))
      shared_lock_taken(t, lock, at);
    sync_acquire(lock, flags & TANGLE_ACQ_READ);
  }
  return r;
}

template <typename Info>
TANGLE_NOINLINE void releasing_slow(ThreadState *t, const void *lock,
                                    __tangle_site *site) {
  if (TANGLE_UNLIKELY(t->pass_through))
    return;
  if (TANGLE_UNLIKELY(g_races)) { // a reader's release is not a writer's
    int32_t i = find_held(t, (uptr)lock);
    sync_release(lock, i >= 0 && (t->held[i].flags & TANGLE_ACQ_READ));
  }
  if (TANGLE_UNLIKELY(Info::shared(lock)))
    shared_lock_released(t, lock);
  if (TANGLE_LIKELY(on_released(t, (uptr)lock)))
    return;
  // Not held as far as tangle saw. The primitive knows better: a lock
  // taken in uninstrumented code is the caller's all the same.
  int owner = Info::owner_tid(lock);
  if (owner < 0 || (uint32_t)owner == t->os_tid)
    return;
  uint16_t flags = 0;
  record_misuse(t, TANGLE_MISUSE_BAD_UNLOCK, lock,
                effective_site(t, site, lock, &flags), (uint32_t)owner,
                Info::lock_type(lock));
}

// Before the release call, while the lock is still the thread's. The usual
// case (the newest held lock, not recursive, nothing else to tell) is a
// few loads and one store; everything else is out of line.
template <typename Info>
TANGLE_ALWAYS_INLINE void releasing(const void *lock, __tangle_site *site) {
  ThreadState *t = current_thread();
  uint32_t n = t->num_held;
  if (TANGLE_LIKELY(!t->pass_through && !g_races && n &&
                    t->held[n - 1].lock == (uptr)lock &&
                    !t->held[n - 1].recursion && !Info::shared(lock))) {
    t->num_held = n - 1;
    return;
  }
  releasing_slow<Info>(t, lock, site);
}

} // namespace __tangle

#endif // TANGLE_RT_ACQUIRE_H
