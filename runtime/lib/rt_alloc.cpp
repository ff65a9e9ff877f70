//===- rt_alloc.cpp - the runtime's memory ---------------------------------===//
//
// All runtime memory comes straight from mmap: malloc may be the program's
// own (instrumented, or interposed), may hold its own lock, and is not safe
// after fork in a multithreaded parent. Page-sized and larger allocations
// are rare (thread start, table growth) and map their own pages; small
// blocks (vector clocks, table nodes) come from per-size-class free lists
// carved out of 64 KiB slabs, under one spinlock per class.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <sched.h>
#include <string.h>
#include <sys/mman.h>

namespace __tangle {

static size_t round_to_pages(size_t bytes) {
  return (bytes + TANGLE_PAGE_SIZE - 1) & ~(size_t)(TANGLE_PAGE_SIZE - 1);
}

void *internal_alloc(size_t bytes) {
  void *p = mmap(nullptr, round_to_pages(bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

void internal_free(void *p, size_t bytes) {
  if (p)
    munmap(p, round_to_pages(bytes));
}

void spin_lock_slow(uint32_t *l) {
  for (unsigned spins = 0; __atomic_exchange_n(l, 1u, __ATOMIC_ACQUIRE);) {
    while (__atomic_load_n(l, __ATOMIC_RELAXED)) {
      if (++spins < 64)
        __builtin_ia32_pause();
      else
        sched_yield();
    }
  }
}

namespace {

constexpr unsigned kMinShift = 4;  // 16 bytes
constexpr unsigned kMaxShift = 16; // 64 KiB
constexpr size_t kSlab = 1u << 16;

struct FreeBlock {
  FreeBlock *next;
};

struct SizeClass {
  uint32_t lock;
  FreeBlock *free;
};
SizeClass g_classes[kMaxShift + 1];

unsigned class_of(size_t bytes) {
  unsigned shift = kMinShift;
  while (((size_t)1 << shift) < bytes)
    ++shift;
  return shift;
}

// Fills an empty class from a new slab; with the class's lock held.
bool refill(SizeClass &c, unsigned shift) {
  char *slab = (char *)internal_alloc(kSlab);
  if (!slab)
    return false;
  size_t size = (size_t)1 << shift;
  for (size_t off = 0; off + size <= kSlab; off += size) {
    auto *b = (FreeBlock *)(slab + off);
    b->next = c.free;
    c.free = b;
  }
  return true;
}

} // namespace

void alloc_after_fork() {
  for (SizeClass &c : g_classes)
    c.lock = 0;
}

void *small_alloc(size_t bytes) {
  if (bytes > ((size_t)1 << kMaxShift))
    return internal_alloc(bytes);
  unsigned shift = class_of(bytes);
  SizeClass &c = g_classes[shift];
  spin_lock(&c.lock);
  if (!c.free && !refill(c, shift)) {
    spin_unlock(&c.lock);
    return nullptr;
  }
  FreeBlock *b = c.free;
  c.free = b->next;
  spin_unlock(&c.lock);
  memset(b, 0, (size_t)1 << shift);
  return b;
}

void small_free(void *p, size_t bytes) {
  if (!p)
    return;
  if (bytes > ((size_t)1 << kMaxShift)) {
    internal_free(p, bytes);
    return;
  }
  SizeClass &c = g_classes[class_of(bytes)];
  auto *b = (FreeBlock *)p;
  spin_lock(&c.lock);
  b->next = c.free;
  c.free = b;
  spin_unlock(&c.lock);
}

} // namespace __tangle
