//===- rt_race.h - the data-race detector: shared declarations ------------===//
//
// Full mode (tangle-cc -ftangle-races) adds a happens-before race detector
// to the lock recorder: FastTrack (Flanagan and Freund, PLDI 2009) with
// vector clocks per thread and per synchronisation object, and for every
// 8 bytes of memory a write cell and two read cells (rt_race_shadow.h).
//
// Terms:
//  - slot: the detector's dense number for a thread, an index into vector
//    clocks (never reused; a run of over kMaxSlots threads stops checking
//    the newer ones and says so);
//  - clock: a thread's own counter, bumped at each synchronisation it does;
//  - epoch: (slot, clock), the time of one access;
//  - an access a happens before the current thread t when
//    epoch(a).clock <= vc_t[epoch(a).slot].
//
// Synchronisation (release: the object's clock joins the thread's;
// acquire: the thread's joins the object's) comes from the primitives'
// hooks, which call race_acquire / race_release when g_races is set, and
// from atomics and fences the race pass instruments. Thread creation goes
// through one process-wide clock that every creator releases into and
// every new thread acquires: creations order more than they must, which
// can hide a race but never invent one.
//
// Files: rt_race_shadow (memory -> cells), rt_vector_clock, rt_race_sync
// (objects and their clocks), rt_race_access (the access hooks),
// rt_race_report (locksets and RACE records), rt_race_heap (allocation),
// rt_race_thread (threads, once, guards, fences).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_RACE_H
#define TANGLE_RT_RACE_H

#include "rt_internal.h"
#include "rt_vector_clock.h"

namespace __tangle {

// Set once, by the constructor of the first module the race pass built.
extern bool g_races;
// Set in a fork child: a granule check lock a vanished parent thread held
// may be taken over (rt_race_access.cpp).
extern bool g_fork_child;

// The locks of each part of the detector, released in a fork child.
void sync_after_fork();
void lists_after_fork();
void reports_after_fork();
void shadow_after_fork();
void stacks_after_fork();

struct MetaNode;

constexpr uint32_t kMaxSlots = (1u << 20) - 1; // a cell's slot field
constexpr uint32_t kNoLockset = 0xFFF;          // a cell's lockset field: unknown

struct RaceThread {
  // The epoch of this thread's accesses now, as a cell's w0 without the
  // lockset (clock | slot << 32): the same-epoch fast path is one compare
  // against it. A cell keeps the first access of an epoch, with the locks
  // held then; a later access in the same epoch under other locks adds
  // nothing a report needs (the first one is as unordered as it).
  uint64_t epoch;
  uint32_t slot;
  uint32_t ignore;        // > 0: accesses are not checked (inside the runtime, ...)
  VectorClock vc;         // vc.at(slot) is the thread's own clock
  uint32_t lockset;       // interned held set (0: none), kNoLockset if not recorded
  uint32_t reserved;
  uint64_t lockset_key;   // the held stack's chain key `lockset` was made for
  static constexpr uint32_t kLocksetCache = 16;
  uint64_t lockset_cache_keys[kLocksetCache]; // chain key -> lockset id
  uint32_t lockset_cache_ids[kLocksetCache];
  ThreadState *owner;
  // Fences (C++ [atomics.fences]): the clock at the last release fence,
  // which later relaxed stores publish; and the addresses of the last
  // relaxed loads, whose releases the next acquire fence takes.
  VectorClock fence_release;
  bool has_release_fence;
  static constexpr uint32_t kRecentLoads = 16;
  uint32_t recent_count;
  const void *recent_loads[kRecentLoads];
  // pthread_once's routine, run through a trampoline that releases the once.
  void (*once_routine)();
  const void *once_object;
  // The clock the thread ended with, for joiners.
  VectorClock exit_vc;
  uint32_t exited;
  uptr stack_lo, stack_hi; // where frame pointers may point (rt_race_stack.cpp)
};

extern __thread RaceThread *tls_race __attribute__((tls_model("initial-exec")));

// The calling thread's detector state; nullptr when races are off or the
// thread cannot be checked.
RaceThread *race_thread_slow();
TANGLE_ALWAYS_INLINE RaceThread *race_thread() {
  RaceThread *r = tls_race;
  return TANGLE_LIKELY(r != nullptr) ? r : race_thread_slow();
}
// The thread of a slot (for reports), or nullptr.
RaceThread *race_thread_of_slot(uint32_t slot);

//===-- Synchronisation (rt_race_sync.cpp) ---------------------------------===//

// Release and acquire on the object at `addr`. `shared`: a reader of an
// rwlock, whose releases other readers do not acquire.
void race_release(RaceThread *r, const void *addr, bool shared = false);
void race_acquire(RaceThread *r, const void *addr, bool shared = false);
// A relaxed store after a release fence: the fence's `clock`, that of the
// thread of `slot` at the fence, is released on `addr`.
void race_release_clock(const VectorClock &clock, uint32_t slot,
                        const void *addr);
// The object is gone (a destroyed mutex): forget its clock.
void race_forget(const void *addr);
// Forgets every object in [addr, addr + size) (freed memory).
void race_forget_range(uptr addr, uptr size);

// The hooks' entry points: no-ops unless races are on.
TANGLE_ALWAYS_INLINE void sync_release(const void *addr, bool shared = false) {
  if (TANGLE_UNLIKELY(g_races))
    if (RaceThread *r = race_thread())
      race_release(r, addr, shared);
}
TANGLE_ALWAYS_INLINE void sync_acquire(const void *addr, bool shared = false) {
  if (TANGLE_UNLIKELY(g_races))
    if (RaceThread *r = race_thread())
      race_acquire(r, addr, shared);
}

//===-- Threads (rt_race_thread.cpp) ---------------------------------------===//

// Before creating a thread whose start the runtime cannot wrap (std::thread
// starts it inside libstdc++): the child starts from the process-wide
// creation clock, which every creator releases into.
void race_before_create();

// pthread_create and thrd_create start the child in a trampoline instead,
// which takes its own creator's clock and nothing else. A start record
// carries that clock and the program's routine; nullptr when races are off
// or memory ran out (then the child starts from the creation clock).
struct ChildStart;
ChildStart *race_child_start(void *(*routine)(void *), void *arg);
ChildStart *race_c11_child_start(int (*routine)(void *), void *arg);
// The creation failed: the record is nobody's.
void race_child_not_started(ChildStart *start);

} // namespace __tangle

// The trampolines, with C names that race stacks end at (the analyzer
// knows them as entry frames, like the C library's start_thread).
extern "C" void *__tangle_child_start(void *start);   // for pthread_create
extern "C" int __tangle_c11_child_start(void *start); // for thrd_create

namespace __tangle {
// After joining the thread with this pthread id.
void race_after_join(uint64_t pthread_id);
// The calling thread is ending.
void race_thread_exit(ThreadState *t);
// pthread_once: the routine to run in its place, which calls `routine`
// and then releases `once`.
void (*race_once_routine(const void *once, void (*routine)()))();

//===-- Memory (rt_race_heap.cpp, rt_race_access.cpp) ----------------------===//

// Checks an access of `size` bytes at `addr` (flags: kCellAtomic).
// `frame` is the hook's frame address: the access's stack is walked from it.
void race_access(RaceThread *r, uptr addr, uptr size, bool write, uint8_t flags,
                 __tangle_site *site, uptr frame);

// Memory [addr, addr + size) is new: no access before this one counts.
void race_reset_range(uptr addr, uptr size);

//===-- Stacks (rt_race_stack.cpp) ------------------------------------------===//

// Learns the thread's stack bounds (at its start).
void race_stack_bounds(RaceThread *r);
// The return addresses above the hook's frame `frame`, innermost first.
uint32_t capture_stack(RaceThread *r, uptr frame, tangle_stack_frame *out,
                       uint32_t max);

//===-- Reports (rt_race_report.cpp) ----------------------------------------===//

// The interned id of the thread's held locks (0 for none, kNoLockset when
// the table is full); the held stack's chain key tells when it changed.
uint32_t lockset_slow(RaceThread *r);
TANGLE_ALWAYS_INLINE uint32_t current_lockset(RaceThread *r) {
  ThreadState *t = r->owner;
  uint32_t n = t->num_held;
  if (n == 0)
    return 0;
  if (t->held[n - 1].chain_key == r->lockset_key)
    return r->lockset;
  return lockset_slow(r);
}

constexpr uint64_t kEpochMask = ((uint64_t)1 << 52) - 1; // w0 without the lockset

// Recomputes r->epoch after the clock changed.
TANGLE_ALWAYS_INLINE void refresh_epoch(RaceThread *r) {
  r->epoch = (uint64_t)r->vc.clocks[r->slot] | (uint64_t)r->slot << 32;
}

// Starts a new epoch: the thread's accesses from now on come after what it
// just released.
TANGLE_ALWAYS_INLINE void tick(RaceThread *r) {
  uint32_t c = r->vc.clocks[r->slot];
  if (c != 0xFFFFFFFFu)
    r->vc.clocks[r->slot] = c + 1;
  refresh_epoch(r);
}

// Counts of what was left out (the RACE_STATS record).
extern uint64_t g_unreported_races, g_untracked_threads;
uint64_t evicted_reads();
void write_race_stats(ThreadState *t);

} // namespace __tangle

#endif // TANGLE_RT_RACE_H
