//===- rt_race_heap.cpp - heap blocks for the race detector ---------------===//
//
// In full mode the race pass replaces calls of the allocation functions in
// instrumented code (malloc and friends, operator new) with these hooks. A
// new block starts with no history: its cells and the clocks of objects in
// it are cleared (memory reused after free, by this thread or another, is
// a new object), and its first granule's meta word records its size and
// allocation site, so that a report can say "16-byte block allocated at
// x.c:12, offset 8". Freeing needs no hook: what the block saw is forgotten
// when memory is handed out again, over the range the allocator gives. (At
// free time the range would come from our records, which can be stale: a
// block freed where tangle did not see it, such as in a thread-exit
// destructor, would make a wrong range that wipes live neighbours' clocks.)
// Blocks that uninstrumented code allocates are not seen; their memory is
// cleared when an instrumented allocation reuses it.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"
#include "rt_race_meta.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

using namespace __tangle;

// operator new, weak: C programs have no C++ runtime (and never call these
// hooks).
extern "C++" {
void *cxx_new(size_t) __asm__("_Znwm") __attribute__((weak));
void *cxx_new_array(size_t) __asm__("_Znam") __attribute__((weak));
void *cxx_new_aligned(size_t, size_t) __asm__("_ZnwmSt11align_val_t") __attribute__((weak));
void *cxx_new_array_aligned(size_t, size_t) __asm__("_ZnamSt11align_val_t") __attribute__((weak));
}

namespace __tangle {

void race_reset_range(uptr addr, uptr size) {
  shadow_clear_cells(addr, size);
  race_forget_range(addr, size);
}

} // namespace __tangle

namespace {

void allocated(void *p, size_t size, __tangle_site *site) {
  if (!p || !g_races)
    return;
  RaceThread *r = race_thread();
  if (!r)
    return;
  race_reset_range((uptr)p, size ? size : 1);
  uint32_t site_id = site ? export_site(r->owner, site) : 0;
  if (uint64_t *meta = meta_of((uptr)p))
    __atomic_store_n(meta, block_word(site_id, size), __ATOMIC_RELEASE);
}

// The size of the block at `p` as allocated here, or 0 if unknown.
uint64_t recorded_size(void *p) {
  uint64_t *meta = meta_if_mapped((uptr)p);
  uint64_t block = meta ? meta_block(__atomic_load_n(meta, __ATOMIC_ACQUIRE)) : 0;
  return block ? block_size(block) : 0;
}

} // namespace

TANGLE_EXPORT void *__tangle_malloc(uint64_t size, __tangle_site *site) {
  void *p = malloc(size);
  allocated(p, size, site);
  return p;
}

TANGLE_EXPORT void *__tangle_calloc(uint64_t n, uint64_t size, __tangle_site *site) {
  void *p = calloc(n, size);
  allocated(p, n * size, site);
  return p;
}

TANGLE_EXPORT void *__tangle_realloc(void *old, uint64_t size, __tangle_site *site) {
  uint64_t old_size = old ? recorded_size(old) : 0;
  void *p = realloc(old, size);
  if (!p)
    return p;
  if (p != old) { // moved: the old block's history stays until it is reused
    allocated(p, size, site);
  } else if (uint64_t *meta = g_races ? meta_of((uptr)p) : nullptr) {
    // Grown or shrunk in place: the kept bytes keep their history.
    if (size > old_size)
      shadow_clear_cells((uptr)p + old_size, size - old_size);
    RaceThread *r = race_thread();
    uint32_t site_id = r && site ? export_site(r->owner, site) : 0;
    if (meta_tag(__atomic_load_n(meta, __ATOMIC_ACQUIRE)) != kMetaNodes)
      __atomic_store_n(meta, block_word(site_id, size), __ATOMIC_RELEASE);
  }
  return p;
}

TANGLE_EXPORT void *__tangle_reallocarray(void *old, uint64_t n, uint64_t size,
                                          __tangle_site *site) {
  if (size && n > (uint64_t)-1 / size)
    return reallocarray(old, n, size); // fails as it should
  return __tangle_realloc(old, n * size, site);
}

TANGLE_EXPORT int __tangle_posix_memalign(void **out, uint64_t align,
                                          uint64_t size, __tangle_site *site) {
  int r = posix_memalign(out, align, size);
  if (r == 0)
    allocated(*out, size, site);
  return r;
}

TANGLE_EXPORT void *__tangle_aligned_alloc(uint64_t align, uint64_t size,
                                           __tangle_site *site) {
  void *p = aligned_alloc(align, size);
  allocated(p, size, site);
  return p;
}

TANGLE_EXPORT void *__tangle_memalign(uint64_t align, uint64_t size,
                                      __tangle_site *site) {
  void *p = memalign(align, size);
  allocated(p, size, site);
  return p;
}

TANGLE_EXPORT char *__tangle_strdup(const char *s, __tangle_site *site) {
  char *p = strdup(s);
  if (p)
    allocated(p, strlen(p) + 1, site);
  return p;
}

TANGLE_EXPORT char *__tangle_strndup(const char *s, uint64_t n, __tangle_site *site) {
  char *p = strndup(s, n);
  if (p)
    allocated(p, strlen(p) + 1, site);
  return p;
}

// operator new may throw; the hook adds no frame that needs cleaning up.
TANGLE_EXPORT void *__tangle_cxx_new(uint64_t size, __tangle_site *site) {
  void *p = cxx_new(size);
  allocated(p, size, site);
  return p;
}
TANGLE_EXPORT void *__tangle_cxx_new_array(uint64_t size, __tangle_site *site) {
  void *p = cxx_new_array(size);
  allocated(p, size, site);
  return p;
}
TANGLE_EXPORT void *__tangle_cxx_new_aligned(uint64_t size, uint64_t align,
                                             __tangle_site *site) {
  void *p = cxx_new_aligned(size, align);
  allocated(p, size, site);
  return p;
}
TANGLE_EXPORT void *__tangle_cxx_new_array_aligned(uint64_t size, uint64_t align,
                                                   __tangle_site *site) {
  void *p = cxx_new_array_aligned(size, align);
  allocated(p, size, site);
  return p;
}

