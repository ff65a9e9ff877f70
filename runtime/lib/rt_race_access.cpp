//===- rt_race_access.cpp - checking each memory access -------------------===//
//
// The race pass calls __tangle_read<N>/__tangle_write<N> before every plain
// access that may touch shared memory, the range hooks for memcpy, memmove
// and memset, and the atomic hooks around atomic instructions. Per granule
// touched (FastTrack):
//  - a write races with the last write and with the last read(s) that do
//    not happen before it; it then becomes the last write;
//  - a read races with the last write if that does not happen before it;
//    it then joins the reads: it replaces a read that happens before it,
//    or, beside a concurrent read of another thread, makes a reader list.
// Two atomic accesses never race; an atomic and a plain one can.
// The common case, the thread touching the granule again in the same epoch,
// returns after two loads and compares (the access hooks are leaves: they
// are kept small and inline, the checks out of line).
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"
#include "rt_race_report.h"
#include "rt_race_shadow.h"

#include <emmintrin.h>
#include <sched.h>
#include <string.h>

using namespace __tangle;

namespace __tangle {

//===-- Reader lists -------------------------------------------------------===//
//
// A read cell flagged shared holds (index, generation) of a list of up to 7
// reads, one per thread. Lists come from a pool that is never unmapped; a
// freed list's generation changes, so a cell that still names it reads as
// empty rather than as some other granule's readers.

namespace {

constexpr unsigned kReadersPerList = 7;
struct ReaderList {
  uint32_t generation;
  uint32_t count;
  uint64_t reserved;
  Cell reads[kReadersPerList];
};
static_assert(sizeof(ReaderList) == 128, "two cache lines");

constexpr unsigned kListChunkShift = 14;
constexpr unsigned kMaxListChunks = 4096;
ReaderList *g_list_chunks[kMaxListChunks];
uint32_t g_list_lock;
uint32_t g_next_list = 1;
uint32_t g_free_list;
uint64_t g_evicted_reads; // accesses dropped: full lists, displaced writes

ReaderList *list_at(uint32_t index) {
  uint32_t chunk = index >> kListChunkShift;
  if (!index || chunk >= kMaxListChunks)
    return nullptr;
  ReaderList *c = __atomic_load_n(&g_list_chunks[chunk], __ATOMIC_ACQUIRE);
  return c ? c + (index & ((1u << kListChunkShift) - 1)) : nullptr;
}

// The list a shared read cell names, or nullptr if it was freed since.
ReaderList *list_of(const Cell &c) {
  ReaderList *l = list_at((uint32_t)c.w0);
  return l && l->generation == (uint32_t)(c.w0 >> 32) ? l : nullptr;
}

uint32_t list_alloc() {
  spin_lock(&g_list_lock);
  uint32_t index = g_free_list;
  if (index) {
    g_free_list = (uint32_t)list_at(index)->reserved;
  } else {
    index = g_next_list;
    uint32_t chunk = index >> kListChunkShift;
    if (chunk >= kMaxListChunks) {
      index = 0;
    } else if (!g_list_chunks[chunk]) {
      auto *c = (ReaderList *)internal_alloc(sizeof(ReaderList) << kListChunkShift);
      if (c)
        __atomic_store_n(&g_list_chunks[chunk], c, __ATOMIC_RELEASE);
      else
        index = 0;
    }
    if (index)
      ++g_next_list;
  }
  spin_unlock(&g_list_lock);
  return index;
}

void list_free(const Cell &c) {
  ReaderList *l = list_of(c);
  if (!l)
    return;
  uint32_t index = (uint32_t)c.w0;
  spin_lock(&g_list_lock);
  if (l->generation == (uint32_t)(c.w0 >> 32)) { // not freed by another writer
    ++l->generation;
    l->count = 0;
    l->reserved = g_free_list;
    g_free_list = index;
  }
  spin_unlock(&g_list_lock);
}

Cell shared_cell(uint32_t index) {  // a read cell naming a list
  ReaderList *l = list_at(index);
  return {(uint64_t)index | (uint64_t)l->generation << 32,
          cell_w1(nullptr, 0xFF, kCellShared)};
}

// The access of the current thread, as a cell and its parts.
struct Access {
  RaceThread *r;
  uptr addr;      // the first byte, in this granule
  uint32_t size;  // of the whole access
  uint8_t mask;   // the bytes of this granule it touches
  uint8_t flags;  // kCellAtomic
  bool write;
  __tangle_site *site;
  uptr frame;     // the hook's frame: the stack of the access starts above it
};

TANGLE_ALWAYS_INLINE uint32_t own_clock(const RaceThread *r) {
  return r->vc.clocks[r->slot];
}

// Does the earlier access `c` conflict with `a` and not happen before it?
TANGLE_ALWAYS_INLINE bool races_with(const Access &a, const Cell &c) {
  if (!c.w1 || !(cell_mask(c) & a.mask))
    return false;
  if ((cell_flags(c) & kCellAtomic) && (a.flags & kCellAtomic))
    return false;
  uint32_t slot = cell_slot(c);
  return slot != a.r->slot && cell_clock(c) > a.r->vc.at(slot);
}

Cell make_cell(const Access &a) {
  return {a.r->epoch | (uint64_t)current_lockset(a.r) << 52,
          cell_w1(a.site, a.mask, a.flags)};
}

void report(const Access &a, const Cell &earlier, bool earlier_write) {
  RaceAccess now{a.addr, a.size, a.site, a.write, (a.flags & kCellAtomic) != 0,
                 a.frame};
  report_race(a.r, now, earlier, earlier_write);
}

bool has_list(Granule g) { return cell_flags(g.read[0]) & kCellShared; }

TANGLE_ALWAYS_INLINE bool is_kept_write(const Cell &c) {
  return cell_flags(c) & kCellWrite;
}

// A read checks a kept write as it checks the last write; true when `c` is
// one.
TANGLE_ALWAYS_INLINE bool read_checks_kept_write(const Access &a, const Cell &c) {
  if (!is_kept_write(c))
    return false;
  if (races_with(a, c))
    report(a, c, true);
  return true;
}

// Adds the read to the granule's reader list.
void add_to_list(ReaderList *l, const Access &a) {
  uint32_t slot = a.r->slot;
  for (uint32_t i = 0; i < l->count && i < kReadersPerList; ++i) {
    const Cell &c = l->reads[i];
    uint32_t s = cell_slot(c);
    if (s == slot || cell_clock(c) <= a.r->vc.at(s)) { // superseded by this read
      l->reads[i] = make_cell(a);
      return;
    }
  }
  if (l->count < kReadersPerList) {
    l->reads[l->count++] = make_cell(a);
    return;
  }
  __atomic_add_fetch(&g_evicted_reads, 1, __ATOMIC_RELAXED);
  l->reads[own_clock(a.r) % kReadersPerList] = make_cell(a);
}

// A third concurrent reader: the two read cells move into a list.
void make_list(Granule g, const Access &a) {
  uint32_t index = list_alloc();
  if (!index) { // no memory: the newest read replaces the oldest
    __atomic_add_fetch(&g_evicted_reads, 1, __ATOMIC_RELAXED);
    g.read[own_clock(a.r) & 1] = make_cell(a);
    return;
  }
  ReaderList *l = list_at(index);
  l->count = 0;
  for (const Cell *c = g.read; c != g.read + 2; ++c) {
    if (is_kept_write(*c)) // a list holds reads only: the write is lost
      __atomic_add_fetch(&g_evicted_reads, 1, __ATOMIC_RELAXED);
    else if (c->w1)
      l->reads[l->count++] = *c;
  }
  l->reads[l->count++] = make_cell(a);
  g.read[1] = {0, 0};
  g.read[0] = shared_cell(index);
}

// Takes the granule's check lock; returns the write cell's w1 as it was.
TANGLE_ALWAYS_INLINE uint64_t lock_granule(Granule g) {
  for (unsigned spins = 0;; ++spins) {
    uint64_t w1 = __atomic_load_n(&g.write->w1, __ATOMIC_RELAXED);
    if (!(w1 & kCellLockBit) &&
        __atomic_compare_exchange_n(&g.write->w1, &w1, w1 | kCellLockBit, true,
                                    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return w1;
    if (spins > 64)
      sched_yield(); // the holder may be preempted
    else
      __builtin_ia32_pause();
    // A fork child has one thread: a lock held this long was held by a
    // parent thread that does not exist here.
    if (TANGLE_UNLIKELY(g_fork_child && spins > (1u << 16))) {
      return __atomic_fetch_or(&g.write->w1, kCellLockBit, __ATOMIC_ACQUIRE) &
             ~kCellLockBit;
    }
  }
}

// Stores the write cell's w1 (without the lock bit), which unlocks.
TANGLE_ALWAYS_INLINE void unlock_granule(Granule g, uint64_t w1) {
  __atomic_store_n(&g.write->w1, w1 & ~kCellLockBit, __ATOMIC_RELEASE);
}

// An aligned 16-byte SSE load or store is atomic on every x86-64 processor
// with AVX (Intel SDM vol. 3 8.1.1; AMD likewise): a cell is never torn.
TANGLE_ALWAYS_INLINE Cell load_cell(const Cell *c) {
  __m128i v = _mm_load_si128((const __m128i *)c);
  return {(uint64_t)_mm_cvtsi128_si64(v),
          (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v))};
}
TANGLE_ALWAYS_INLINE void store_cell(Cell *c, const Cell &v) {
  _mm_store_si128((__m128i *)c, _mm_set_epi64x((long long)v.w1, (long long)v.w0));
}

// Puts a displaced write in a free read cell, or in place of an older
// displaced write; with reads in both (or a list), it is dropped and
// counted: reads keep their cells.
void keep_write(Granule g, const Cell &kept) {
  Cell *empty = nullptr, *older = nullptr;
  if (!has_list(g))
    for (Cell *c = g.read; c != g.read + 2; ++c) {
      Cell rd = load_cell(c);
      if (!rd.w1)
        empty = empty ? empty : c;
      else if (is_kept_write(rd))
        older = older ? older : c;
    }
  if (!empty) // the older kept write, or this one, is lost
    __atomic_add_fetch(&g_evicted_reads, 1, __ATOMIC_RELAXED);
  if (Cell *spot = empty ? empty : older)
    store_cell(spot, kept);
}

TANGLE_NOINLINE void check_write(Granule g, const Access &a) {
  Cell w{0, lock_granule(g)};
  w.w0 = g.write->w0;
  if (races_with(a, w))
    report(a, w, true);
  if (has_list(g)) {
    Cell rd = g.read[0];
    if (ReaderList *l = list_of(rd))
      for (uint32_t i = 0; i < l->count && i < kReadersPerList; ++i)
        if (races_with(a, l->reads[i])) {
          report(a, l->reads[i], false);
          break;
        }
    list_free(rd); // every read in it is before this write, or told
    g.read[0] = {0, 0};
  } else {
    for (Cell *c = g.read; c != g.read + 2; ++c) {
      Cell rd = load_cell(c); // readers write these without the lock
      if (races_with(a, rd))
        report(a, rd, is_kept_write(rd));
      if (rd.w1 && (cell_mask(rd) & ~a.mask) == 0)
        store_cell(c, {0, 0}); // covered: before this write, or told
    }
  }
  // The last write stays on record for the bytes this one does not touch:
  // an access ordered after this write need not be after that one. Of the
  // same thread, epoch and locks, it is ordered exactly as this one: the
  // two become one cell (which names this write's site for both).
  Cell mine = make_cell(a);
  if (uint8_t rest = w.w1 ? cell_mask(w) & ~a.mask : 0) {
    if (w.w0 == mine.w0 && cell_flags(w) == a.flags)
      mine.w1 = cell_w1(a.site, a.mask | rest, a.flags);
    else
      keep_write(g, {w.w0, cell_w1(cell_site(w), rest, cell_flags(w) | kCellWrite)});
  }
  g.write->w0 = mine.w0;
  unlock_granule(g, mine.w1);
}

// Records the read in a read cell (or the reader list).
void read_into(Granule g, const Access &a) {
  if (has_list(g)) {
    if (ReaderList *l = list_of(g.read[0])) {
      add_to_list(l, a);
      return;
    }
    g.read[0] = {0, 0}; // a list freed since: the cell is empty
  }
  // This thread's own earlier read, or one that happens before this and
  // touched no other bytes, is superseded. (Merging masks would give old
  // bytes a newer epoch: a later write ordered after the old read only
  // would be called a race.)
  Cell *empty = nullptr, *kept = nullptr;
  for (Cell *c = g.read; c != g.read + 2; ++c) {
    Cell &rd = *c;
    if (!rd.w1) {
      empty = empty ? empty : &rd;
      continue;
    }
    if (is_kept_write(rd)) {
      kept = &rd;
      continue;
    }
    uint32_t s = cell_slot(rd);
    if (s == a.r->slot ||
        (cell_clock(rd) <= a.r->vc.at(s) && (cell_mask(rd) & ~a.mask) == 0)) {
      rd = make_cell(a);
      return;
    }
  }
  if (empty) {
    *empty = make_cell(a);
  } else if (kept) { // reads come first: a kept write never makes a list
    __atomic_add_fetch(&g_evicted_reads, 1, __ATOMIC_RELAXED);
    *kept = make_cell(a);
  } else {
    make_list(g, a);
  }
}

// The read cell this read goes in without a list: this thread's own, one
// it supersedes, or an empty one; nullptr when both hold concurrent reads
// of other threads or kept writes. On the way, the read is checked against
// the kept writes, as against the last write.
TANGLE_ALWAYS_INLINE Cell *inline_slot(Granule g, const Access &a) {
  Cell *empty = nullptr, *mine = nullptr;
  for (Cell *c = g.read; c != g.read + 2; ++c) {
    Cell rd = load_cell(c);
    if (!rd.w1) {
      empty = empty ? empty : c;
      continue;
    }
    if (read_checks_kept_write(a, rd))
      continue;
    uint32_t s = cell_slot(rd);
    if (!mine && (s == a.r->slot || (cell_clock(rd) <= a.r->vc.at(s) &&
                                     (cell_mask(rd) & ~a.mask) == 0)))
      mine = c;
  }
  return mine ? mine : empty;
}

void check_kept_writes(Granule g, const Access &a) {
  for (Cell *c = g.read; c != g.read + 2; ++c)
    read_checks_kept_write(a, load_cell(c));
}

// Reads do not take the granule's lock unless a list is involved: a read
// only races with writes, which do take it. Two threads reading one granule
// (the common case of shared data) then never write the same cache line
// with a locked instruction. A read and a write at the very same moment can
// still miss each other, as in ThreadSanitizer.
TANGLE_NOINLINE void check_read(Granule g, const Access &a) {
  Cell w = load_cell(g.write);
  bool checked = false;
  if (!(w.w1 & kCellLockBit) && !has_list(g)) {
    if (races_with(a, w))
      report(a, w, true);
    checked = true; // the kept writes too, by inline_slot
    if (Cell *slot = inline_slot(g, a)) {
      store_cell(slot, make_cell(a));
      return;
    }
  }
  w = {0, lock_granule(g)};
  w.w0 = g.write->w0;
  if (!checked && races_with(a, w))
    report(a, w, true);
  if (!checked && !has_list(g))
    check_kept_writes(g, a);
  read_into(g, a);
  unlock_granule(g, w.w1);
}

// Same epoch, same or more bytes, same kind: nothing new to learn.
TANGLE_ALWAYS_INLINE bool seen(const Cell &c, const RaceThread *r, uint8_t mask,
                               uint8_t flags) {
  uint64_t w0 = c.w0, w1 = c.w1;
  return (w0 & kEpochMask) == r->epoch && (((uint8_t)(w1 >> 48)) & mask) == mask &&
         (uint8_t)(w1 >> 56) == flags;
}

TANGLE_ALWAYS_INLINE void check_granule(Granule g, RaceThread *r, uptr addr,
                                        uint32_t size, uint8_t mask, bool write,
                                        uint8_t flags, __tangle_site *site,
                                        uptr frame) {
  if (write ? TANGLE_LIKELY(seen(*g.write, r, mask, flags))
            : TANGLE_LIKELY(seen(g.read[0], r, mask, flags) ||
                            seen(g.read[1], r, mask, flags)))
    return;
  Access a{r, addr, size, mask, flags, write, site, frame};
  if (write)
    check_write(g, a);
  else
    check_read(g, a);
}

TANGLE_ALWAYS_INLINE void access_granule(RaceThread *r, uptr addr, uint32_t size,
                                         uint8_t mask, bool write,
                                         uint8_t flags, __tangle_site *site,
                                         uptr frame) {
  if (Granule g = granule_of(addr))
    check_granule(g, r, addr, size, mask, write, flags, site, frame);
}

} // namespace

void lists_after_fork() { g_list_lock = 0; }

uint64_t evicted_reads() {
  return __atomic_load_n(&g_evicted_reads, __ATOMIC_RELAXED);
}

// Checks an access of `size` bytes (any size, any alignment): the partial
// granules at the ends, and whole ones between, a region's shadow looked
// up once.
void race_access(RaceThread *r, uptr addr, uptr size, bool write, uint8_t flags,
                 __tangle_site *site, uptr frame) {
  if ((addr & 7) + size <= 8) {
    access_granule(r, addr, (uint32_t)size,
                   (uint8_t)(((1u << size) - 1) << (addr & 7)), write, flags, site,
                   frame);
    return;
  }
  uptr end = addr + size;
  while (addr < end) {
    uptr region_end = (addr | (kRegionSize - 1)) + 1;
    uptr stop_region = end < region_end ? end : region_end;
    Granule g = granule_of(addr);
    while (addr < stop_region) {
      uptr granule_end = (addr | 7) + 1;
      uptr stop = stop_region < granule_end ? stop_region : granule_end;
      uint8_t mask = (uint8_t)(((1u << (stop - addr)) - 1) << (addr & 7));
      if (g) {
        check_granule(g, r, addr, (uint32_t)size, mask, write, flags, site, frame);
        g = g.next();
      }
      addr = stop;
    }
  }
}

} // namespace __tangle

namespace {

TANGLE_ALWAYS_INLINE void plain_access(const void *p, uint32_t size, bool write,
                                       __tangle_site *site) {
  RaceThread *r = race_thread();
  if (TANGLE_UNLIKELY(!r || r->ignore))
    return;
  uptr addr = (uptr)p;
  uptr frame = (uptr)__builtin_frame_address(0); // the hook's (this is inlined)
  if (TANGLE_LIKELY((addr & 7) + size <= 8)) {
    access_granule(r, addr, size, (uint8_t)(((1u << size) - 1) << (addr & 7)),
                   write, 0, site, frame);
    return;
  }
  race_access(r, addr, size, write, 0, site, frame);
}

} // namespace

#define TANGLE_ACCESS_HOOKS(N)                                                 \
  TANGLE_EXPORT void __tangle_read##N(const void *addr, __tangle_site *site) {  \
    plain_access(addr, N, false, site);                                        \
  }                                                                            \
  TANGLE_EXPORT void __tangle_write##N(const void *addr, __tangle_site *site) { \
    plain_access(addr, N, true, site);                                         \
  }
TANGLE_ACCESS_HOOKS(1)
TANGLE_ACCESS_HOOKS(2)
TANGLE_ACCESS_HOOKS(4)
TANGLE_ACCESS_HOOKS(8)
#undef TANGLE_ACCESS_HOOKS

TANGLE_EXPORT void __tangle_read16(const void *addr, __tangle_site *site) {
  if (RaceThread *r = race_thread())
    if (!r->ignore)
      race_access(r, (uptr)addr, 16, false, 0, site,
                  (uptr)__builtin_frame_address(0));
}
TANGLE_EXPORT void __tangle_write16(const void *addr, __tangle_site *site) {
  if (RaceThread *r = race_thread())
    if (!r->ignore)
      race_access(r, (uptr)addr, 16, true, 0, site,
                  (uptr)__builtin_frame_address(0));
}

TANGLE_EXPORT void __tangle_read_range(const void *addr, uint64_t size,
                                       __tangle_site *site) {
  if (RaceThread *r = race_thread())
    if (!r->ignore && size)
      race_access(r, (uptr)addr, size, false, 0, site,
                  (uptr)__builtin_frame_address(0));
}
TANGLE_EXPORT void __tangle_write_range(const void *addr, uint64_t size,
                                        __tangle_site *site) {
  if (RaceThread *r = race_thread())
    if (!r->ignore && size)
      race_access(r, (uptr)addr, size, true, 0, site,
                  (uptr)__builtin_frame_address(0));
}
