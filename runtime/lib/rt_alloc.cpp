//===- rt_alloc.cpp - the runtime's memory ---------------------------------===//
//
// All runtime memory comes straight from mmap: malloc may be the program's
// own (instrumented, or interposed), may hold its own lock, and is not safe
// after fork in a multithreaded parent. Allocations here are rare (thread
// start, table growth), so page granularity costs nothing that matters.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

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

} // namespace __tangle
