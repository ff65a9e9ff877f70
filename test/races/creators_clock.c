// Threads that create threads: a child is ordered after what its own
// creator did, not after what some other thread did before it created a
// thread of its own. The writer sets `config` and starts a helper that
// reads it (ordered by the creation: silent); the spawner, once the helper
// exists (a relaxed flag, which orders nothing), starts a reader of
// `config`, which races with the writer. A creation clock shared by every
// creator used to hide that race. Through pthread_create and thrd_create.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// RUN: %tangle-cc -ftangle-races -O1 -DUSE_C11 %s -o %t.c11
// RUN: %expect-exit 66 %tangle run --out %t.c11out -- %t.c11 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[0-9]+}} reads config and T{{[0-9]+}} wrote it, with nothing ordering the two
// CHECK: creators_clock.c:[[#@LINE+26]]:{{[0-9]+}}: in reader: reads 4 bytes of config
// CHECK: running writer
// CHECK: creators_clock.c:[[#@LINE+32]]:{{[0-9]+}}: in writer: wrote 4 bytes of config
// CHECK-NOT: data-race
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <sched.h>
#include <stdatomic.h>

#ifdef USE_C11
#include <threads.h>
typedef thrd_t thread;
typedef int result;
#define START(t, f) thrd_create(&(t), f, 0)
#define JOIN(t) thrd_join(t, 0)
#else
#include <pthread.h>
typedef pthread_t thread;
typedef void *result;
#define START(t, f) pthread_create(&(t), 0, f, 0)
#define JOIN(t) pthread_join(t, 0)
#endif

int config;
atomic_int helper_started;

static result reader(void *arg) {
  return (result)(long)config;
}

static result helper(void *arg) {
  return (result)(long)config;
}

static result writer(void *arg) {
  config = 42;
  thread h;
  START(h, helper);
  atomic_store_explicit(&helper_started, 1, memory_order_relaxed);
  JOIN(h);
  return 0;
}

static result spawner(void *arg) {
  while (!atomic_load_explicit(&helper_started, memory_order_relaxed))
    sched_yield();
  thread r;
  START(r, reader);
  JOIN(r);
  return 0;
}

int main(void) {
  thread w, s;
  START(w, writer);
  START(s, spawner);
  JOIN(w);
  JOIN(s);
  return 0;
}
