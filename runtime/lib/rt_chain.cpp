//===- rt_chain.cpp - held locks and lock-order chains ----------------------===//
//
// Each thread keeps the locks it holds, oldest first. Acquiring lock L while
// holding H1..Hn is a chain: it makes the lock-order edges Hi -> L, and the
// other held locks are the gates of each edge. As in lockdep, a chain needs
// to be recorded once per thread: every held entry carries the hash of the
// held stack up to it (its prefix key), so the key of a new chain is one
// mixing step from the top entry's key, and a chain seen before costs one
// probe of the thread's chain cache. Only a miss writes a CHAIN record.
//
// Keys mix the lock address, its generation, the acquisition site and its
// flags, so each distinct code path is recorded once. The chain of a
// blocking acquisition is recorded before the thread blocks, so a thread
// that then waits forever has still told what it waits for. A trylock adds
// no edges (it cannot wait), but the lock it takes is held like any other.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <string.h>

namespace __tangle {
namespace {

constexpr uint32_t kInitialHeld = 16;
constexpr uint32_t kInitialCacheSlots = 1024;

// Per-process generation counters, indexed by a hash of the lock address.
// Two addresses may share a slot: a bump then splits a lock into two nodes,
// which can hide a cycle but never invent one.
uint16_t g_generations[1u << 16];

inline uint32_t generation_slot(uptr lock) {
  return (uint32_t)(((uint64_t)lock >> 3) * 0x9E3779B97F4A7C15ull >> 48);
}

inline uint64_t fmix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

inline uint64_t chain_step(uint64_t prev, uptr lock, const __tangle_site *site,
                           uint16_t flags, uint16_t generation) {
  uint64_t entry = fmix64((uint64_t)lock ^ ((uint64_t)generation << 48) ^
                          ((uint64_t)flags << 32)) ^
                   ((uint64_t)(uptr)site * 0x9E3779B97F4A7C15ull);
  uint64_t key = fmix64(prev * 31 + entry);
  return key ? key : 1;
}

inline bool cache_contains(const ChainCache &c, uint64_t key) {
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

void cache_put(ChainCache &c, uint64_t key) {
  uint32_t i = (uint32_t)key & c.mask;
  while (c.slots[i] && c.slots[i] != key)
    i = (i + 1) & c.mask;
  if (!c.slots[i])
    ++c.count;
  c.slots[i] = key;
}

// Grows at half load. When memory runs out the cache starts over: chains
// are then recorded again, which only repeats records.
void cache_insert(ChainCache &c, uint64_t key) {
  uint32_t capacity = c.slots ? c.mask + 1 : 0;
  if ((c.count + 1) * 2 > capacity) {
    uint32_t new_capacity = capacity ? capacity * 2 : kInitialCacheSlots;
    auto *slots = (uint64_t *)internal_alloc(new_capacity * sizeof(uint64_t));
    if (slots) {
      ChainCache bigger = {slots, new_capacity - 1, 0};
      for (uint32_t i = 0; i < capacity; ++i)
        if (c.slots[i])
          cache_put(bigger, c.slots[i]);
      internal_free(c.slots, capacity * sizeof(uint64_t));
      c = bigger;
    } else if (c.slots) {
      memset(c.slots, 0, capacity * sizeof(uint64_t));
      c.count = 0;
    } else {
      return;
    }
  }
  cache_put(c, key);
}

bool grow_held(ThreadState *t) {
  uint32_t capacity = t->held_capacity ? t->held_capacity * 2 : kInitialHeld;
  auto *held = (HeldLock *)internal_alloc(capacity * sizeof(HeldLock));
  if (!held)
    return false;
  if (t->held) {
    memcpy(held, t->held, t->num_held * sizeof(HeldLock));
    internal_free(t->held, t->held_capacity * sizeof(HeldLock));
  }
  t->held = held;
  t->held_capacity = capacity;
  return true;
}

// The miss path: writes the CHAIN record for `acquired` on top of the
// current held stack and remembers its key. Sites are exported first: a
// SITE record may not be written while the CHAIN record is reserved.
TANGLE_NOINLINE void record_chain(ThreadState *t, const HeldLock &acquired) {
  t->pass_through |= kInRuntime;
  if (ensure_thread_registered(t)) {
    uint32_t n = t->num_held < TANGLE_MAX_CHAIN_HELD ? t->num_held
                                                     : TANGLE_MAX_CHAIN_HELD;
    uint32_t first = t->num_held - n;
    uint32_t site_ids[TANGLE_MAX_CHAIN_HELD + 1];
    for (uint32_t i = 0; i < n; ++i)
      site_ids[i] = export_site(t, t->held[first + i].site);
    site_ids[n] = export_site(t, acquired.site);
    uint32_t bytes = sizeof(tangle_chain_record) +
                     (n + 1) * sizeof(tangle_chain_entry);
    if (auto *r = (tangle_chain_record *)record_reserve(t, bytes)) {
      r->h.type = TANGLE_REC_CHAIN;
      r->h.flags = 0;
      r->h.size = bytes;
      r->num_held = n;
      r->omitted = first;
      for (uint32_t i = 0; i <= n; ++i) {
        const HeldLock &h = i < n ? t->held[first + i] : acquired;
        r->entries[i] = {h.lock, site_ids[i], h.flags, h.generation};
      }
      record_commit(t, bytes);
      if (first)
        __atomic_fetch_add(&session_header()->truncated_chains, 1,
                           __ATOMIC_RELAXED);
    }
  }
  cache_insert(t->cache, acquired.chain_key);
  t->pass_through &= ~kInRuntime;
}

inline HeldLock *find_held(ThreadState *t, uptr lock) {
  for (uint32_t i = t->num_held; i-- > 0;)
    if (t->held[i].lock == lock)
      return &t->held[i];
  return nullptr;
}

void recompute_keys_from(ThreadState *t, uint32_t from) {
  for (uint32_t i = from; i < t->num_held; ++i) {
    HeldLock &h = t->held[i];
    uint64_t prev = i ? t->held[i - 1].chain_key : 0;
    h.chain_key = chain_step(prev, h.lock, h.site, h.flags, h.generation);
  }
}

} // namespace

uint16_t lock_generation(uptr lock) {
  return __atomic_load_n(&g_generations[generation_slot(lock)], __ATOMIC_RELAXED);
}

void bump_lock_generation(uptr lock) {
  __atomic_fetch_add(&g_generations[generation_slot(lock)], 1, __ATOMIC_RELAXED);
}

void before_blocking_acquire(ThreadState *t, uptr lock, __tangle_site *site,
                             uint16_t flags) {
  if (!t->num_held)
    return;
  uint16_t generation = lock_generation(lock);
  HeldLock *same = find_held(t, lock);
  if (same && same->generation == generation)
    return; // re-entry: a recursive lock, or a self-deadlock (no edge)
  HeldLock h;
  h.lock = lock;
  h.site = site;
  h.flags = flags;
  h.generation = generation;
  h.recursion = 0;
  h.chain_key = chain_step(t->held[t->num_held - 1].chain_key, lock, site,
                           flags, generation);
  if (!cache_contains(t->cache, h.chain_key))
    record_chain(t, h);
}

void after_acquire(ThreadState *t, uptr lock, __tangle_site *site,
                   uint16_t flags) {
  uint16_t generation = lock_generation(lock);
  if (HeldLock *same = find_held(t, lock)) {
    if (same->generation == generation) { // a recursive lock, re-entered
      ++same->recursion;
      return;
    }
  }
  if (TANGLE_UNLIKELY(t->num_held == t->held_capacity) && !grow_held(t))
    return; // out of memory: this acquisition goes unrecorded
  uint64_t prev = t->num_held ? t->held[t->num_held - 1].chain_key : 0;
  HeldLock &h = t->held[t->num_held++];
  h.lock = lock;
  h.site = site;
  h.flags = flags;
  h.generation = generation;
  h.recursion = 0;
  h.chain_key = chain_step(prev, lock, site, flags, generation);
}

void on_released(ThreadState *t, uptr lock) {
  HeldLock *h = find_held(t, lock);
  if (!h)
    return;
  if (h->recursion) {
    --h->recursion;
    return;
  }
  uint32_t i = (uint32_t)(h - t->held);
  --t->num_held;
  if (i == t->num_held) // the usual, last-in first-out case
    return;
  memmove(&t->held[i], &t->held[i + 1], (t->num_held - i) * sizeof(HeldLock));
  recompute_keys_from(t, i);
}

void clear_chain_cache(ThreadState *t) {
  if (t->cache.slots)
    memset(t->cache.slots, 0, (t->cache.mask + 1) * sizeof(uint64_t));
  t->cache.count = 0;
}

void release_chain_state(ThreadState *t) {
  internal_free(t->held, t->held_capacity * sizeof(HeldLock));
  if (t->cache.slots)
    internal_free(t->cache.slots, (t->cache.mask + 1) * sizeof(uint64_t));
  t->held = nullptr;
  t->num_held = t->held_capacity = 0;
  t->cache = ChainCache{};
}

} // namespace __tangle
