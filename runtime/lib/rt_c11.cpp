//===- rt_c11.cpp - hooks for C11 threads (mtx_t, thrd_t) ------------------===//
//
// glibc implements mtx_t on pthread_mutex_t, so C11 mutexes share the
// pthread mutex rules (rt_mutex_info.h); thrd_success is 0. Condition
// variables are in rt_cond.cpp.
//
//===----------------------------------------------------------------------===//
#include "rt_mutex_info.h"

#include <threads.h>
#include <time.h>

using namespace __tangle;

namespace {
mtx_t *mtx(void *m) { return (mtx_t *)m; }
}

TANGLE_EXPORT int __tangle_mtx_lock(void *m, __tangle_site *site) {
  return blocking_acquire<MutexInfo>(m, site, 0, [&] { return mtx_lock(mtx(m)); });
}

TANGLE_EXPORT int __tangle_mtx_trylock(void *m, __tangle_site *site) {
  return trying_acquire<MutexInfo>(m, site, 0, [&] { return mtx_trylock(mtx(m)); });
}

TANGLE_EXPORT int __tangle_mtx_timedlock(void *m, const void *abstime,
                                         __tangle_site *site) {
  return trying_acquire<MutexInfo>(m, site, 0, [&] {
    return mtx_timedlock(mtx(m), (const struct timespec *)abstime);
  });
}

TANGLE_EXPORT int __tangle_mtx_unlock(void *m, __tangle_site *site) {
  releasing<MutexInfo>(m, site);
  return mtx_unlock(mtx(m));
}

TANGLE_EXPORT int __tangle_mtx_init(void *m, int type, __tangle_site *site) {
  lock_initialised(m, site);
  return mtx_init(mtx(m), type);
}

TANGLE_EXPORT void __tangle_mtx_destroy(void *m, __tangle_site *site) {
  (void)site;
  bump_lock_generation((uptr)m);
  mtx_destroy(mtx(m));
}
