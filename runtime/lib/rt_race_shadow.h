//===- rt_race_shadow.h - the race detector's shadow memory ------*- C++ -*-===//
//
// Every 8 bytes of program memory (a granule) have a write cell and two read
// cells (16 bytes each) telling the last write and the last reads, and a
// meta word (rt_race_sync.cpp, rt_race_heap.cpp). Shadow exists per 1 MiB
// region of program memory, made when the region is first touched: 2 MiB
// of write cells, then 4 MiB of read cell pairs, then 1 MiB of meta words,
// mapped MAP_NORESERVE so that only the pages really used cost memory.
// Write and read cells live apart so that a granule's read pair is always
// within one cache line: threads reading the same data each store their
// read cell there, and the write cell beside it stays clean in every core's
// cache (interleaved, half of the 48-byte granules straddled two lines and
// two threads reading one granule made both lines bounce). A flat table, indexed by address >> 20,
// finds a region's shadow in one load (1 GiB of address space, reserved,
// touched a page per 512 MiB of program memory used).
//
// A cell, as two 64-bit words:
//   w0: clock (32) | slot (20) | lockset (12)     the epoch of the access
//   w1: site (48)  | mask (8)  | flags (8)        where, which bytes, how
// `site` is the __tangle_site pointer (user space pointers fit 48 bits);
// `mask` has a bit per byte of the granule the access touched; w1 == 0 is
// an empty cell. A read cell flagged kCellShared holds, in w0, the handle
// of a reader list (three threads or more read concurrently; FastTrack's
// read vector clock). A read cell flagged kCellWrite holds an earlier write
// to bytes the last write did not touch, which no access ordered after the
// last write is necessarily ordered after (T1 writes s.a, T2 writes s.b of
// one 8 bytes): reads and writes check it like the write cell. A thread
// that checks a granule (anything but the same-epoch fast path) first sets
// kCellLocked in the write cell's w1: two threads checking one granule at
// the same moment would otherwise each read the other's cell before it was
// written, and miss their race.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_RACE_SHADOW_H
#define TANGLE_RT_RACE_SHADOW_H

#include "rt_internal.h"

namespace __tangle {

enum CellFlags : uint8_t {
  kCellAtomic = 1u << 0, // an atomic access: races only with plain ones
  kCellShared = 1u << 1, // read cell: w0 is a reader list handle
  kCellWrite = 1u << 2,  // read cell: a write the write cell's did not
                         // replace (other bytes, not ordered before it)
  kCellLocked = 1u << 7, // write cell: a thread is checking this granule
};
constexpr uint64_t kCellLockBit = (uint64_t)kCellLocked << 56;

struct Cell {
  uint64_t w0, w1;
};

constexpr unsigned kRegionShift = 20;
constexpr uptr kRegionSize = (uptr)1 << kRegionShift;
constexpr uptr kGranulesPerRegion = kRegionSize / 8;
constexpr uptr kWriteCellBytes = kGranulesPerRegion * sizeof(Cell);
constexpr uptr kCellBytes = 3 * kWriteCellBytes; // write cells, then read pairs
constexpr uptr kRegionShadowBytes = kCellBytes + kGranulesPerRegion * 8;

// A granule's cells. Two read cells: two threads reading one granule
// concurrently is common (any data both read); a third concurrent reader
// turns read[0] into a reader list.
struct Granule {
  Cell *write; // its write cell; nullptr: no shadow
  Cell *read;  // its two read cells (32-byte aligned)

  explicit operator bool() const { return write != nullptr; }
  Granule next() const { return {write + 1, read + 2}; }
};
constexpr unsigned kAddressBits = 47;

extern uptr *g_region_table; // region index -> its shadow, or 0

// The shadow of a region, made on first use; 0 if it cannot be.
uptr make_region_shadow(uptr addr);

TANGLE_ALWAYS_INLINE uptr region_shadow(uptr addr) {
  uptr index = (addr >> kRegionShift) & (((uptr)1 << (kAddressBits - kRegionShift)) - 1);
  uptr base = g_region_table ? g_region_table[index] : 0;
  return TANGLE_LIKELY(base != 0) ? base : make_region_shadow(addr);
}

TANGLE_ALWAYS_INLINE Granule granule_in(uptr base, uptr addr) {
  uptr index = (addr & (kRegionSize - 1)) >> 3;
  return {(Cell *)base + index, (Cell *)(base + kWriteCellBytes) + 2 * index};
}

TANGLE_ALWAYS_INLINE Granule granule_of(uptr addr) {
  uptr base = region_shadow(addr);
  if (TANGLE_UNLIKELY(!base))
    return {nullptr, nullptr};
  return granule_in(base, addr);
}

// The meta word of the granule holding `addr`, or nullptr.
TANGLE_ALWAYS_INLINE uint64_t *meta_of(uptr addr) {
  uptr base = region_shadow(addr);
  if (TANGLE_UNLIKELY(!base))
    return nullptr;
  return (uint64_t *)(base + kCellBytes) + ((addr & (kRegionSize - 1)) >> 3);
}

// The meta word if the region has shadow already; never makes it.
uint64_t *meta_if_mapped(uptr addr);

TANGLE_ALWAYS_INLINE uint64_t cell_w0(uint32_t clock, uint32_t slot,
                                      uint32_t lockset) {
  return (uint64_t)clock | (uint64_t)slot << 32 | (uint64_t)lockset << 52;
}
TANGLE_ALWAYS_INLINE uint64_t cell_w1(const void *site, uint8_t mask,
                                      uint8_t flags) {
  return ((uint64_t)(uptr)site & 0xFFFFFFFFFFFFull) | (uint64_t)mask << 48 |
         (uint64_t)flags << 56;
}
TANGLE_ALWAYS_INLINE uint32_t cell_clock(const Cell &c) { return (uint32_t)c.w0; }
TANGLE_ALWAYS_INLINE uint32_t cell_slot(const Cell &c) {
  return (uint32_t)(c.w0 >> 32) & 0xFFFFF;
}
TANGLE_ALWAYS_INLINE uint32_t cell_lockset(const Cell &c) {
  return (uint32_t)(c.w0 >> 52);
}
TANGLE_ALWAYS_INLINE __tangle_site *cell_site(const Cell &c) {
  return (__tangle_site *)(uptr)(c.w1 & 0xFFFFFFFFFFFFull);
}
TANGLE_ALWAYS_INLINE uint8_t cell_mask(const Cell &c) { return (uint8_t)(c.w1 >> 48); }
TANGLE_ALWAYS_INLINE uint8_t cell_flags(const Cell &c) { return (uint8_t)(c.w1 >> 56); }

// Clears the cells (not the meta words) of [addr, addr + size).
void shadow_clear_cells(uptr addr, uptr size);

} // namespace __tangle

#endif // TANGLE_RT_RACE_SHADOW_H
