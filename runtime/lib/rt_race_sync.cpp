//===- rt_race_sync.cpp - synchronisation objects and their clocks --------===//
//
// Any address can be a synchronisation object: a mutex, a semaphore, an
// atomic variable, a once flag. Its clocks live in a MetaNode chained from
// the meta word of its granule (rt_race_meta.h), made on the first
// release; an acquire of an object never released finds nothing and only
// starts a new epoch. A node's clocks are guarded by its own spinlock, so
// synchronisation on different objects never contends.
//
// Node pool: chunks of 64 Ki nodes (4 MiB) made on demand, indexed by a
// directory; a free list under one spinlock. Index 0 is never used.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"
#include "rt_race_meta.h"

#include <string.h>

namespace __tangle {
namespace {

constexpr unsigned kChunkShift = 16;
constexpr uint64_t kNodesPerChunk = (uint64_t)1 << kChunkShift;
constexpr unsigned kMaxChunks = 4096; // 256 Mi nodes

MetaNode *g_chunks[kMaxChunks];
uint32_t g_pool_lock;
uint64_t g_next_index = 1;
uint64_t g_free_head;
bool g_pool_full_said;

} // namespace

// Every node's clock lock too: a parent thread may have been joining one.
void sync_after_fork() {
  g_pool_lock = 0;
  for (MetaNode *c : g_chunks)
    if (c)
      for (uint64_t i = 0; i < kNodesPerChunk; ++i)
        c[i].lock = 0;
}

MetaNode *node_at(uint64_t index) {
  uint64_t chunk = index >> kChunkShift;
  if (!index || chunk >= kMaxChunks)
    return nullptr;
  MetaNode *c = __atomic_load_n(&g_chunks[chunk], __ATOMIC_ACQUIRE);
  return c ? c + (index & (kNodesPerChunk - 1)) : nullptr;
}

uint64_t node_alloc() {
  spin_lock(&g_pool_lock);
  uint64_t index = g_free_head;
  if (index) {
    g_free_head = node_at(index)->next;
  } else {
    index = g_next_index;
    uint64_t chunk = index >> kChunkShift;
    if (chunk >= kMaxChunks) {
      index = 0;
    } else if (!g_chunks[chunk]) {
      auto *c = (MetaNode *)internal_alloc(kNodesPerChunk * sizeof(MetaNode));
      if (c)
        __atomic_store_n(&g_chunks[chunk], c, __ATOMIC_RELEASE);
      else
        index = 0;
    }
    if (index)
      ++g_next_index;
  }
  spin_unlock(&g_pool_lock);
  if (!index) {
    if (!__atomic_exchange_n(&g_pool_full_said, true, __ATOMIC_RELAXED))
      report_warning("the race detector ran out of memory for synchronisation "
                     "objects; synchronisation on new objects is not seen, "
                     "and races may be reported that are not");
    return 0;
  }
  MetaNode *n = node_at(index);
  VectorClock write = n->write, read = n->read; // keep their memory
  memset(n, 0, sizeof *n);
  n->write = write;
  n->read = read;
  n->write.clear();
  n->read.clear();
  return index;
}

void node_free(uint64_t index) {
  MetaNode *n = node_at(index);
  if (!n)
    return;
  n->kind = kNodeFree;
  spin_lock(&g_pool_lock);
  n->next = g_free_head;
  g_free_head = index;
  spin_unlock(&g_pool_lock);
}

uint64_t meta_block(uint64_t meta) {
  if (meta_tag(meta) == kMetaBlock)
    return meta;
  if (meta_tag(meta) != kMetaNodes)
    return 0;
  unsigned hops = 0;
  for (uint64_t i = meta >> 2; i && hops < 64; ++hops) {
    MetaNode *n = node_at(i);
    if (!n)
      return 0;
    if (n->kind == kNodeBlock)
      return n->block;
    i = n->next;
  }
  return 0;
}

namespace {

// The object's node, made if `create`; nullptr if there is none.
MetaNode *sync_node(const void *object, bool create) {
  uptr addr = (uptr)object;
  uint64_t *meta = create ? meta_of(addr) : meta_if_mapped(addr);
  if (!meta)
    return nullptr;
  for (;;) {
    uint64_t w = __atomic_load_n(meta, __ATOMIC_ACQUIRE);
    if (meta_tag(w) == kMetaNodes) {
      unsigned hops = 0;
      for (uint64_t i = w >> 2; i && hops < 64; ++hops) {
        MetaNode *n = node_at(i);
        if (!n)
          break;
        if (n->kind == kNodeSync && n->addr == addr)
          return n;
        i = n->next;
      }
    }
    if (!create)
      return nullptr;
    uint64_t index = node_alloc();
    if (!index)
      return nullptr;
    MetaNode *n = node_at(index);
    n->kind = kNodeSync;
    n->addr = addr;
    uint64_t extra = 0;
    if (meta_tag(w) == kMetaNodes) {
      n->next = w >> 2;
    } else if (meta_tag(w) == kMetaBlock) { // the block moves into the chain
      extra = node_alloc();
      if (MetaNode *b = node_at(extra)) {
        b->kind = kNodeBlock;
        b->block = w;
        n->next = extra;
      }
    }
    if (__atomic_compare_exchange_n(meta, &w, kMetaNodes | index << 2, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return n;
    node_free(index); // another thread changed the word first: look again
    node_free(extra);
  }
}

TANGLE_ALWAYS_INLINE bool reached(const VectorClock &vc, uint64_t epoch) {
  return epoch && vc.at((uint32_t)(epoch >> 32)) >= (uint32_t)epoch;
}

// Joins `clock`, the clock its thread had at the end of `epoch`, into the
// node's write clock, under the node's lock. The node keeps a single
// epoch when the clock holds everything the node had.
void join_write(MetaNode *n, const VectorClock &clock, uint64_t epoch) {
  bool covers = n->write.size == 0 || reached(clock, n->write_epoch);
  n->write.join(clock);
  bool unique = (uint32_t)epoch != 0xFFFFFFFFu; // a saturated clock repeats
  __atomic_store_n(&n->write_epoch, covers && unique ? epoch : 0,
                   __ATOMIC_RELAXED);
}

} // namespace

void race_release(RaceThread *r, const void *addr, bool shared) {
  if (MetaNode *n = sync_node(addr, true)) {
    spin_lock(&n->lock);
    if (shared)
      n->read.join(r->vc);
    else
      join_write(n, r->vc, r->epoch);
    spin_unlock(&n->lock);
  }
  tick(r);
}

// An acquire needs no new epoch (FastTrack): the thread's own clock only
// has to move on when it releases. The release an acquire pairs with has
// finished before it (the hooks release before the real unlock or store,
// and acquire after the real lock or load), so its write epoch is seen.
void race_acquire(RaceThread *r, const void *addr, bool shared) {
  MetaNode *n = sync_node(addr, false);
  if (!n)
    return;
  bool no_readers = shared || !__atomic_load_n(&n->read.size, __ATOMIC_RELAXED);
  if (no_readers &&
      reached(r->vc, __atomic_load_n(&n->write_epoch, __ATOMIC_RELAXED)))
    return;
  spin_lock(&n->lock);
  r->vc.join(n->write);
  if (!shared) // a writer waits for the readers too
    r->vc.join(n->read);
  spin_unlock(&n->lock);
}

// A relaxed store after a release fence publishes the fence's clock, the
// thread's clock at the end of the fence's epoch.
void race_release_clock(const VectorClock &clock, uint32_t slot,
                        const void *addr) {
  if (MetaNode *n = sync_node(addr, true)) {
    spin_lock(&n->lock);
    join_write(n, clock, cell_w0(clock.at(slot), slot, 0));
    spin_unlock(&n->lock);
  }
}

void race_forget(const void *addr) {
  uint64_t *meta = meta_if_mapped((uptr)addr);
  if (!meta || meta_tag(__atomic_load_n(meta, __ATOMIC_ACQUIRE)) != kMetaNodes)
    return;
  // Unlinking one node from a chain others may be walking: mark it dead
  // (its clocks cleared); it is reclaimed with its granule's chain.
  if (MetaNode *n = sync_node(addr, false)) {
    spin_lock(&n->lock);
    n->write.clear();
    n->read.clear();
    __atomic_store_n(&n->write_epoch, 0, __ATOMIC_RELAXED);
    spin_unlock(&n->lock);
  }
}

void race_forget_range(uptr addr, uptr size) {
  for (uptr a = addr & ~(uptr)7; a < addr + size; a += 8) {
    uint64_t *meta = meta_if_mapped(a);
    if (!meta) {
      a = (a | (kRegionSize - 1)) + 1 - 8; // no shadow in this region
      continue;
    }
    uint64_t w = __atomic_exchange_n(meta, 0, __ATOMIC_ACQ_REL);
    unsigned hops = 0;
    for (uint64_t i = meta_tag(w) == kMetaNodes ? w >> 2 : 0; i && hops < 64; ++hops) {
      MetaNode *n = node_at(i);
      if (!n)
        break;
      uint64_t next = n->next;
      node_free(i);
      i = next;
    }
  }
}

} // namespace __tangle
