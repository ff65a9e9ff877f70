//===- rt_chain.cpp - held locks and lock-order chains: the slow paths ----===//
//
// What rt_chain.h's hot path calls rarely: writing a new chain to the
// session, growing the held stack and the chain cache, releasing a lock
// that is not the newest held, and bumping generations.
//
//===----------------------------------------------------------------------===//
#include "rt_chain.h"

#include <string.h>

namespace __tangle {
namespace {

constexpr uint32_t kInitialHeld = 16;
constexpr uint32_t kInitialCacheSlots = 1024;

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

} // namespace

uint16_t g_generations[1u << 16];

// The old stack is not unmapped: the watchdog may be reading it. Doubling
// bounds what is kept to the size of the newest stack.
bool grow_held(ThreadState *t) {
  uint32_t capacity = t->held_capacity ? t->held_capacity * 2 : kInitialHeld;
  auto *held = (HeldLock *)internal_alloc(capacity * sizeof(HeldLock));
  if (!held)
    return false;
  if (t->held)
    memcpy(held, t->held, t->num_held * sizeof(HeldLock));
  __atomic_store_n(&t->held, held, __ATOMIC_RELEASE);
  t->held_capacity = capacity;
  return true;
}

void remember_key(ThreadState *t, uint64_t key) { cache_insert(t->cache, key); }

uint32_t export_held(ThreadState *t, tangle_chain_entry *out, uint32_t max) {
  uint32_t n = t->num_held < max ? t->num_held : max;
  uint32_t first = t->num_held - n;
  for (uint32_t i = 0; i < n; ++i) {
    const HeldLock &h = t->held[first + i];
    note_lock_identity(t, h.lock);
    out[i] = {h.lock, export_site(t, h.site), h.flags, h.generation};
  }
  return n;
}

// The miss path: writes the CHAIN record for `acquired` on top of the
// current held stack and remembers its key. Sites are exported first: a
// SITE record may not be written while the CHAIN record is reserved.
void record_chain(ThreadState *t, const HeldLock &acquired) {
  t->pass_through |= kInRuntime;
  if (ensure_thread_registered(t)) {
    tangle_chain_entry entries[TANGLE_MAX_CHAIN_HELD + 1];
    uint32_t n = export_held(t, entries, TANGLE_MAX_CHAIN_HELD);
    uint32_t first = t->num_held - n;
    note_lock_identity(t, acquired.lock);
    entries[n] = {acquired.lock, export_site(t, acquired.site), acquired.flags,
                  acquired.generation};
    uint32_t bytes = sizeof(tangle_chain_record) +
                     (n + 1) * sizeof(tangle_chain_entry);
    if (auto *r = (tangle_chain_record *)record_reserve(t, bytes)) {
      r->h.type = TANGLE_REC_CHAIN;
      r->h.flags = 0;
      r->h.size = bytes;
      r->num_held = n;
      r->omitted = first;
      memcpy(r->entries, entries, (n + 1) * sizeof entries[0]);
      record_commit(t, bytes);
      if (first)
        __atomic_fetch_add(&session_header()->truncated_chains, 1,
                           __ATOMIC_RELAXED);
    }
  }
  cache_insert(t->cache, acquired.chain_key);
  t->pass_through &= ~kInRuntime;
}

// A release that is not of the newest held lock, or of a recursive lock
// held more than once, or of a lock the thread does not hold.
bool release_out_of_order(ThreadState *t, uptr lock) {
  int32_t i = find_held(t, lock);
  if (i < 0)
    return false;
  HeldLock &h = t->held[i];
  if (h.recursion) {
    --h.recursion;
    return true;
  }
  --t->num_held;
  memmove(&t->held[i], &t->held[i + 1], (t->num_held - i) * sizeof(HeldLock));
  // The entries above moved down: their prefix keys change.
  for (uint32_t j = (uint32_t)i; j < t->num_held; ++j) {
    HeldLock &e = t->held[j];
    uint64_t prev = j ? t->held[j - 1].chain_key : 0;
    e.chain_key = chain_step(prev, e.lock, e.site, e.flags, e.generation);
  }
  return true;
}

void bump_lock_generation(uptr lock) {
  __atomic_fetch_add(&g_generations[generation_slot(lock)], 1, __ATOMIC_RELAXED);
}

void clear_chain_cache(ThreadState *t) {
  if (t->cache.slots)
    memset(t->cache.slots, 0, (t->cache.mask + 1) * sizeof(uint64_t));
  t->cache.count = 0;
  for (RecentChain &r : t->recent)
    r.key = 0;
}

void release_chain_cache(ThreadState *t) {
  if (t->cache.slots)
    internal_free(t->cache.slots, (t->cache.mask + 1) * sizeof(uint64_t));
  t->cache = ChainCache{};
}

} // namespace __tangle
