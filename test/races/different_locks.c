// Two threads protect one counter, each with its own lock: the accesses
// are still unordered, and the report says the locks differ. The twin
// gnum_mutex_no_race.c shares one lock.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[23]}} {{writes|reads}} counter and T{{[23]}} {{wrote|read}} it, with nothing ordering the two
// CHECK-DAG: bytes of counter, holding reader_lock
// CHECK-DAG: bytes of counter, holding writer_lock
// CHECK: note: different locks: T{{[23]}} held {{reader_lock|writer_lock}} and T{{[23]}} held {{reader_lock|writer_lock}}; no lock is held at both accesses, so neither orders the other
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>

long counter;
pthread_mutex_t reader_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

static void *bump(void *lock) {
  for (int i = 0; i < 100000; ++i) {
    pthread_mutex_lock(lock);
    counter++;
    pthread_mutex_unlock(lock);
  }
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, &reader_lock);
  pthread_create(&b, 0, bump, &writer_lock);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
