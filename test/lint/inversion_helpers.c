// The second lock of each order is taken inside a helper: summaries carry
// the helper's acquisitions to its callers, with the call chain.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: cache_lock and store_lock are taken in opposite orders by refresh and flush
// CHECK-NEXT: refresh (static: a path in the code, found by tangle lint):
// CHECK-NEXT: inversion_helpers.c:[[#@LINE+31]]:3: in refresh: acquired cache_lock
// CHECK: inversion_helpers.c:[[#@LINE+31]]:11: in refresh: calls read_store
// CHECK: inversion_helpers.c:[[#@LINE+14]]:3: in read_store: acquired store_lock while holding cache_lock
// CHECK: flush (static: a path in the code, found by tangle lint):
// CHECK-NEXT: inversion_helpers.c:[[#@LINE+33]]:3: in flush: acquired store_lock
// CHECK: inversion_helpers.c:[[#@LINE+34]]:3: in flush: calls invalidate
// CHECK: inversion_helpers.c:[[#@LINE+22]]:32: in invalidate: calls clear_cache
// CHECK: inversion_helpers.c:[[#@LINE+16]]:3: in clear_cache: acquired cache_lock while holding store_lock
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 file
#include <pthread.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;
static int cache, store;

static int read_store(void) {
  pthread_mutex_lock(&store_lock);
  int v = store;
  pthread_mutex_unlock(&store_lock);
  return v;
}

static void clear_cache(void) {
  pthread_mutex_lock(&cache_lock);
  cache = 0;
  pthread_mutex_unlock(&cache_lock);
}

static void invalidate(void) { clear_cache(); }

void refresh(void) {
  pthread_mutex_lock(&cache_lock);
  cache = read_store();
  pthread_mutex_unlock(&cache_lock);
}

void flush(int v) {
  pthread_mutex_lock(&store_lock);
  store = v;
  invalidate();
  pthread_mutex_unlock(&store_lock);
}
