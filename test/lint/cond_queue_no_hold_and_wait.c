// A bounded queue: one mutex, two condition variables (not_full, not_empty),
// each wait releasing the only lock held. Nothing to report.
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=hold-and-wait
// CHECK: tangle: 0 findings in 1 file
#include <pthread.h>

#define CAPACITY 8
static int ring[CAPACITY], head, count;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;

void put(int v) {
  pthread_mutex_lock(&mu);
  while (count == CAPACITY)
    pthread_cond_wait(&not_full, &mu);
  ring[(head + count++) % CAPACITY] = v;
  pthread_cond_signal(&not_empty);
  pthread_mutex_unlock(&mu);
}

int get(void) {
  pthread_mutex_lock(&mu);
  while (count == 0)
    pthread_cond_wait(&not_empty, &mu);
  int v = ring[head];
  head = (head + 1) % CAPACITY;
  count--;
  pthread_cond_signal(&not_full);
  pthread_mutex_unlock(&mu);
  return v;
}
