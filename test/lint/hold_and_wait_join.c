// Joining a thread while holding a lock the thread takes: the thread may be
// waiting for it, and neither moves (Open vSwitch's ipf_destroy). The
// thread is started through a wrapper that returns its pthread_t, as OVS's
// ovs_thread_create does. The twin, destroy_fixed, unlocks before joining.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=destroy_fixed
// CHECK: tangle: hold-and-wait (confirmed): destroy joins c->cleaner while holding c->lock, which clean_main (is the thread it joins) needs
// CHECK-NEXT: destroy (static: a path in the code, found by tangle lint):
// CHECK-NEXT: hold_and_wait_join.c:[[#@LINE+40]]:3: in destroy: acquired c->lock
// CHECK: hold_and_wait_join.c:[[#@LINE+41]]:3: in destroy: joins c->cleaner while holding c->lock
// CHECK: clean_main (static: a path in the code, found by tangle lint):
// CHECK-NEXT: hold_and_wait_join.c:[[#@LINE+24]]:5: in clean_main: acquired arg->lock
// CHECK: tangle: 1 finding (1 hold-and-wait) in 1 file
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct cache {
  pthread_mutex_t lock;
  pthread_t cleaner;
  atomic_int stop;
  int entries;
};

static pthread_t start_thread(const char *name, void *(*fn)(void *), void *arg) {
  pthread_t t;
  (void)name;
  if (pthread_create(&t, 0, fn, arg))
    abort();
  return t;
}

static void *clean_main(void *arg) {
  struct cache *c = arg;
  while (!atomic_load(&c->stop)) {
    pthread_mutex_lock(&c->lock);
    c->entries = 0;
    pthread_mutex_unlock(&c->lock);
  }
  return 0;
}

void init(struct cache *c) {
  pthread_mutex_init(&c->lock, 0);
  c->cleaner = start_thread("cleaner", clean_main, c);
}

void destroy(struct cache *c) {
  pthread_mutex_lock(&c->lock);
  atomic_store(&c->stop, 1);
  pthread_join(c->cleaner, 0);
  pthread_mutex_unlock(&c->lock);
}

void destroy_fixed(struct cache *c) {
  atomic_store(&c->stop, 1);
  pthread_join(c->cleaner, 0);
  pthread_mutex_lock(&c->lock);
  c->entries = 0;
  pthread_mutex_unlock(&c->lock);
}
