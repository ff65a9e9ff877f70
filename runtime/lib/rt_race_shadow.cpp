//===- rt_race_shadow.cpp - the race detector's shadow memory -------------===//
#include "rt_race_shadow.h"

#include <string.h>
#include <sys/mman.h>

namespace __tangle {

uptr *g_region_table;

namespace {

constexpr uptr kTableEntries = (uptr)1 << (kAddressBits - kRegionShift);
uint32_t g_table_lock;
bool g_table_failed;

void *reserve(uptr bytes) {
  void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

bool ensure_table() {
  if (__atomic_load_n(&g_region_table, __ATOMIC_ACQUIRE))
    return true;
  spin_lock(&g_table_lock);
  if (!g_region_table && !g_table_failed) {
    auto *t = (uptr *)reserve(kTableEntries * sizeof(uptr));
    if (t)
      __atomic_store_n(&g_region_table, t, __ATOMIC_RELEASE);
    else
      g_table_failed = true;
  }
  spin_unlock(&g_table_lock);
  return g_region_table != nullptr;
}

uptr index_of(uptr addr) {
  return (addr >> kRegionShift) & (kTableEntries - 1);
}

} // namespace

void shadow_after_fork() { g_table_lock = 0; }

TANGLE_NOINLINE uptr make_region_shadow(uptr addr) {
  if (!ensure_table())
    return 0;
  uptr *slot = &g_region_table[index_of(addr)];
  uptr base = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (base)
    return base;
  void *fresh = reserve(kRegionShadowBytes);
  if (!fresh)
    return 0;
  uptr expected = 0;
  if (!__atomic_compare_exchange_n(slot, &expected, (uptr)fresh, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    munmap(fresh, kRegionShadowBytes); // another thread made it first
    return expected;
  }
  return (uptr)fresh;
}

uint64_t *meta_if_mapped(uptr addr) {
  if (!g_region_table)
    return nullptr;
  uptr base = __atomic_load_n(&g_region_table[index_of(addr)], __ATOMIC_ACQUIRE);
  if (!base)
    return nullptr;
  return (uint64_t *)(base + kCellBytes) + ((addr & (kRegionSize - 1)) >> 3);
}

// Whole pages of cells are given back to the kernel (they read as zero
// again); the ends are cleared by hand.
static void clear_bytes(char *first, char *last) {
  char *page_lo = (char *)(((uptr)first + TANGLE_PAGE_SIZE - 1) & ~(uptr)(TANGLE_PAGE_SIZE - 1));
  char *page_hi = (char *)((uptr)last & ~(uptr)(TANGLE_PAGE_SIZE - 1));
  if (page_hi > page_lo + 4 * TANGLE_PAGE_SIZE) {
    memset(first, 0, page_lo - first);
    madvise(page_lo, page_hi - page_lo, MADV_DONTNEED);
    memset(page_hi, 0, last - page_hi);
  } else {
    memset(first, 0, last - first);
  }
}

void shadow_clear_cells(uptr addr, uptr size) {
  uptr end = addr + size;
  addr &= ~(uptr)7;
  while (addr < end) {
    uptr region_end = (addr | (kRegionSize - 1)) + 1;
    uptr stop = end < region_end ? end : region_end;
    uptr base = g_region_table ? g_region_table[index_of(addr)] : 0;
    if (base) {
      Granule first = granule_in(base, addr), last = granule_in(base, stop - 1).next();
      clear_bytes((char *)first.write, (char *)last.write);
      clear_bytes((char *)first.read, (char *)last.read);
    }
    addr = stop;
  }
}

} // namespace __tangle
