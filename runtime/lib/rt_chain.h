//===- rt_chain.h - held locks and lock-order chains: the hot path --------===//
//
// Each thread keeps the locks it holds, oldest first. Acquiring lock L while
// holding H1..Hn is a chain: it makes the lock-order edges Hi -> L, and the
// other held locks are the gates of each edge. As in lockdep, a chain needs
// to be recorded once per thread: every held entry carries the hash of the
// held stack up to it (its prefix key), so the key of a new chain is one
// mixing step from the top entry's key, and a chain seen before costs one
// probe of the thread's chain cache. Only a miss writes a CHAIN record
// (rt_chain.cpp).
//
// Keys mix the lock address, its generation, the acquisition site and its
// flags, so each distinct code path is recorded once. The chain of a
// blocking acquisition is recorded before the thread blocks, so a thread
// that then waits forever has still told what it waits for. A trylock adds
// no edges (it cannot wait), but the lock it takes is held like any other.
//
// An acquisition goes prepare_acquire -> [record_if_new, if it may block]
// -> the lock call -> commit_acquire, all inline in the hook.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_CHAIN_H
#define TANGLE_RT_CHAIN_H

#include "rt_internal.h"

namespace __tangle {

// Per-process generation counters, indexed by a hash of the lock address,
// bumped by init and destroy so that a new lock at a reused address is a
// new node. Two addresses may share a slot: a bump then splits a lock into
// two nodes, which can hide a cycle but never invent one.
extern uint16_t g_generations[1u << 16];

TANGLE_ALWAYS_INLINE uint32_t generation_slot(uptr lock) {
  return (uint32_t)(((uint64_t)lock >> 3) * 0x9E3779B97F4A7C15ull >> 48);
}

TANGLE_ALWAYS_INLINE uint16_t lock_generation(uptr lock) {
  return __atomic_load_n(&g_generations[generation_slot(lock)], __ATOMIC_RELAXED);
}

// One multiply-xorshift step per lock. A 64-bit collision between two
// different chains of one thread could only hide that chain (it would look
// seen), so speed wins over a stronger mix here.
TANGLE_ALWAYS_INLINE uint64_t chain_step(uint64_t prev, uptr lock,
                                         const __tangle_site *site,
                                         uint16_t flags, uint16_t generation) {
  uint64_t entry = ((uint64_t)lock ^ ((uint64_t)generation << 48) ^
                    ((uint64_t)flags << 32)) * 0x9E3779B97F4A7C15ull +
                   (uint64_t)(uptr)site * 0xC2B2AE3D27D4EB4Full;
  uint64_t key = (prev ^ entry) * 0xFF51AFD7ED558CCDull;
  key ^= key >> 29;
  return key ? key : 1;
}

TANGLE_ALWAYS_INLINE bool cache_contains(const ChainCache &c, uint64_t key) {
  if (!c.slots)
    return false;
  for (uint32_t i = (uint32_t)key & c.mask;; i = (i + 1) & c.mask) {
    uint64_t s = c.slots[i];
    if (s == key)
      return true;
    if (s == 0)
      return false;
  }
}

// Index of the newest held entry for `lock`, or -1.
TANGLE_ALWAYS_INLINE int32_t find_held(const ThreadState *t, uptr lock) {
  for (uint32_t i = t->num_held; i-- > 0;)
    if (t->held[i].lock == lock)
      return (int32_t)i;
  return -1;
}

TANGLE_ALWAYS_INLINE uint32_t recent_slot(uptr lock, const __tangle_site *site) {
  return (uint32_t)(((uptr)lock >> 6) ^ ((uptr)site >> 4)) % kRecentChains;
}

// An acquisition between the hook's entry and the lock being held.
struct PendingAcquire {
  HeldLock entry;    // what commit_acquire pushes, its chain key computed
  int32_t reentered; // held index of a recursive re-entry, or -1
  bool recent;       // one of the thread's recent chains: recorded already
  // entry.flags << 16 | entry.generation and the held stack's top key, as
  // computed (read back from `entry`'s 16-bit fields, they would stall on
  // store forwarding).
  uint32_t flags_generation;
  uint64_t prev_key;
};

TANGLE_NOINLINE void record_chain(ThreadState *t, const HeldLock &acquired);
TANGLE_NOINLINE bool grow_held(ThreadState *t);
// Returns false when the thread does not hold `lock`.
TANGLE_NOINLINE bool release_out_of_order(ThreadState *t, uptr lock);
// Adds a key to the thread's cache of what it has recorded already.
TANGLE_NOINLINE void remember_key(ThreadState *t, uint64_t key);

TANGLE_ALWAYS_INLINE void prepare_acquire(ThreadState *t, uptr lock,
                                          __tangle_site *site, uint16_t flags,
                                          PendingAcquire *p) {
  uint16_t generation = lock_generation(lock);
  uint64_t prev = t->num_held ? t->held[t->num_held - 1].chain_key : 0;
  uint32_t flags_generation = (uint32_t)flags << 16 | generation;
  const RecentChain &r = t->recent[recent_slot(lock, site)];
  p->flags_generation = flags_generation;
  p->prev_key = prev;
  p->recent = prev == r.prev_key && lock == r.lock && site == r.site &&
              flags_generation == r.flags_generation && r.key;
  // A recent chain's held stack (its top key says so) is the one it was
  // recorded on, which did not hold `lock`: no re-entry to look for.
  int32_t same = p->recent ? -1 : find_held(t, lock);
  p->reentered =
      same >= 0 && t->held[same].generation == generation ? same : -1;
  p->entry = {lock, site, flags, generation, 0,
              p->recent ? r.key : chain_step(prev, lock, site, flags, generation)};
}

// Before a blocking acquisition: a new chain is written to the session.
// With nothing held it is an attempt, which the analyzer needs to know who
// ever wanted a lock. A re-entry (recursive lock, or a self-deadlock) makes
// no edge.
TANGLE_ALWAYS_INLINE void record_if_new(ThreadState *t,
                                        const PendingAcquire &p) {
  if (p.recent || p.reentered >= 0)
    return;
  RecentChain &r = t->recent[recent_slot(p.entry.lock, p.entry.site)];
  if (!cache_contains(t->cache, p.entry.chain_key)) {
    HeldLock copy = p.entry; // a copy escapes to the call, so `p` need not
    record_chain(t, copy);   // live in memory across the lock call
  }
  r = {p.prev_key, p.entry.lock, p.entry.site, p.flags_generation, 0,
       p.entry.chain_key};
}

TANGLE_ALWAYS_INLINE void commit_acquire(ThreadState *t,
                                         const PendingAcquire &p) {
  int32_t r = p.reentered;
  if (r >= 0 && (uint32_t)r < t->num_held && t->held[r].lock == p.entry.lock) {
    ++t->held[r].recursion;
    return;
  }
  if (TANGLE_UNLIKELY(t->num_held == t->held_capacity) && !grow_held(t))
    return; // out of memory: this acquisition goes unrecorded
  // Field by field, each read at the width it was written: copying `entry`
  // whole reads its 16-bit fields back as one wide load, which stalls on
  // store forwarding (a quarter of the hook's time on OVS's conntrack).
  HeldLock &h = t->held[t->num_held++];
  h.lock = p.entry.lock;
  h.site = p.entry.site;
  h.flags = (uint16_t)(p.flags_generation >> 16);
  h.generation = (uint16_t)p.flags_generation;
  h.recursion = 0;
  h.chain_key = p.entry.chain_key;
}

// Returns false when the thread does not hold `lock`.
TANGLE_ALWAYS_INLINE bool on_released(ThreadState *t, uptr lock) {
  uint32_t n = t->num_held;
  if (TANGLE_LIKELY(n && t->held[n - 1].lock == lock &&
                    !t->held[n - 1].recursion)) {
    t->num_held = n - 1; // the usual, last-in first-out case
    return true;
  }
  return release_out_of_order(t, lock);
}

} // namespace __tangle

#endif // TANGLE_RT_CHAIN_H
