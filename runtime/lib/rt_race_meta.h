//===- rt_race_meta.h - what the meta words of shadow memory hold -*- C++ -*-===//
//
// Each granule's meta word (rt_race_shadow.h) says what starts there:
//   0                          nothing
//   tag 1: block               a heap block starts here:
//                              site id (24 bits) << 2 | size (38 bits) << 26
//   tag 2: node chain          index of the first MetaNode (<< 2): the
//                              synchronisation objects at addresses in this
//                              granule, and the block if one starts here
// Nodes live in a pool that is never unmapped, so a stale index reads a
// dead node, never unmapped memory. Objects in freed memory are forgotten
// by race_forget_range, which returns their nodes to the pool.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_RACE_META_H
#define TANGLE_RT_RACE_META_H

#include "rt_race_shadow.h"
#include "rt_vector_clock.h"

namespace __tangle {

enum MetaTag : uint64_t { kMetaEmpty = 0, kMetaBlock = 1, kMetaNodes = 2 };

TANGLE_ALWAYS_INLINE uint64_t meta_tag(uint64_t w) { return w & 3; }

TANGLE_ALWAYS_INLINE uint64_t block_word(uint32_t site_id, uint64_t size) {
  return kMetaBlock | (uint64_t)(site_id & 0xFFFFFF) << 2 |
         (size < ((uint64_t)1 << 38) ? size : ((uint64_t)1 << 38) - 1) << 26;
}
TANGLE_ALWAYS_INLINE uint32_t block_site(uint64_t w) {
  return (uint32_t)(w >> 2) & 0xFFFFFF;
}
TANGLE_ALWAYS_INLINE uint64_t block_size(uint64_t w) { return w >> 26; }

enum NodeKind : uint32_t { kNodeFree = 0, kNodeSync = 1, kNodeBlock = 2 };

struct MetaNode {
  uint32_t kind;
  uint32_t lock;       // spinlock over the clocks
  uint64_t next;       // next node's index, 0 at the end
  union {
    uptr addr;         // kNodeSync: the object's address
    uint64_t block;    // kNodeBlock: the block word
  };
  // When `write` is no more than what one thread released at the end of
  // one of its epochs: that epoch (clock | slot << 32, as
  // RaceThread::epoch); else 0. Every export of a thread's clock ends its
  // epoch (tick), so a clock whose slot-s entry has reached c holds all of
  // thread s's clock at epoch c: an acquirer whose clock has reached this
  // epoch has nothing to join, and needs neither the lock nor the clock's
  // cache lines (a lookup acquiring the buckets one writer filled, a mutex
  // taken again by its last holder). Written under the lock, read without.
  uint64_t write_epoch;
  VectorClock write;   // released by lock holders, writers, posters, ...
  VectorClock read;    // released by readers of an rwlock
};
static_assert(sizeof(MetaNode) == 64, "a node is a cache line");

// The node of an index, or nullptr for 0 and indexes never handed out.
MetaNode *node_at(uint64_t index);
uint64_t node_alloc();
void node_free(uint64_t index);

// The block starting in the granule of `meta`'s word, as a block word
// (tag 1), or 0.
uint64_t meta_block(uint64_t meta);

} // namespace __tangle

#endif // TANGLE_RT_RACE_META_H
