// Lock-heavy benchmark: THREADS threads take random pairs of LOCKS mutexes,
// always the lower index first, ITERATIONS times each; a little work under
// both locks. Usage: lock_pairs [iterations per thread] [threads]
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define LOCKS 64
static pthread_mutex_t locks[LOCKS];
static long counters[LOCKS];
static long iterations = 4000000;

static uint32_t next_random(uint32_t *state) {
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

static void *worker(void *arg) {
  uint32_t state = 2463534242u * (uint32_t)((uintptr_t)arg + 1);
  for (long i = 0; i < iterations; ++i) {
    unsigned x = next_random(&state) % LOCKS, y = next_random(&state) % LOCKS;
    if (x == y)
      y = (y + 1) % LOCKS;
    unsigned lo = x < y ? x : y, hi = x < y ? y : x;
    pthread_mutex_lock(&locks[lo]);
    pthread_mutex_lock(&locks[hi]);
    counters[lo] += 1;
    counters[hi] -= 1;
    pthread_mutex_unlock(&locks[hi]);
    pthread_mutex_unlock(&locks[lo]);
  }
  return 0;
}

int main(int argc, char **argv) {
  int threads = 2;
  if (argc > 1)
    iterations = atol(argv[1]);
  if (argc > 2)
    threads = atoi(argv[2]);
  for (int i = 0; i < LOCKS; ++i)
    pthread_mutex_init(&locks[i], 0);
  pthread_t t[64];
  for (long i = 0; i < threads && i < 64; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < threads && i < 64; ++i)
    pthread_join(t[i], 0);
  long sum = 0;
  for (int i = 0; i < LOCKS; ++i)
    sum += counters[i];
  printf("%ld acquisitions, balance %ld\n", 2L * iterations * threads, sum);
  return sum != 0;
}
