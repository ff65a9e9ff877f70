// Eight threads take random pairs of 256 mutexes, always the lower index
// first: thousands of distinct edges, no cycle, no finding.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdint.h>

#define LOCKS 256
#define THREADS 8
pthread_mutex_t locks[LOCKS];

static uint32_t next_random(uint32_t *state) {
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

static void *worker(void *arg) {
  uint32_t state = 2463534242u + (uint32_t)(uintptr_t)arg;
  for (int i = 0; i < 20000; ++i) {
    unsigned x = next_random(&state) % LOCKS, y = next_random(&state) % LOCKS;
    if (x == y)
      continue;
    unsigned lo = x < y ? x : y, hi = x < y ? y : x;
    pthread_mutex_lock(&locks[lo]);
    pthread_mutex_lock(&locks[hi]);
    pthread_mutex_unlock(&locks[hi]);
    pthread_mutex_unlock(&locks[lo]);
  }
  return 0;
}

int main(void) {
  for (int i = 0; i < LOCKS; ++i)
    pthread_mutex_init(&locks[i], 0);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < THREADS; ++i)
    pthread_join(t[i], 0);
  return 0;
}
