// One "test program" of a simulated test suite, for the benchmark of
// analysing many runs at once (bench/run-bench.py, "Many runs").
// Case N uses 16 of 64 global mutexes (a window that moves with N) from 4
// threads, each taking 500 random pairs, always the lower index first.
// The case given as INVERTED also takes one pair the other way round: a
// lock just outside its window, then one inside it. The next case's window
// holds both in the right order, so the suite has exactly one inversion,
// between two runs, and each run is clean alone.
// Usage: suite_case N [INVERTED]
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define LOCKS 64
#define WINDOW 16
#define THREADS 4
#define PAIRS 500
static pthread_mutex_t locks[LOCKS];
static unsigned base;
static int inverted;

static uint32_t next_random(uint32_t *state) {
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

static void take(unsigned first, unsigned second) {
  pthread_mutex_lock(&locks[first]);
  pthread_mutex_lock(&locks[second]);
  pthread_mutex_unlock(&locks[second]);
  pthread_mutex_unlock(&locks[first]);
}

static void *worker(void *arg) {
  uint32_t state = 2463534242u * (uint32_t)((uintptr_t)arg + base + 1);
  for (int i = 0; i < PAIRS; ++i) {
    unsigned x = base + next_random(&state) % WINDOW;
    unsigned y = base + next_random(&state) % WINDOW;
    if (x != y)
      take(x < y ? x : y, x < y ? y : x);
  }
  if (inverted && arg == 0)
    take(base + WINDOW, base + 1); // the suite's one wrong order
  return 0;
}

int main(int argc, char **argv) {
  unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 0;
  base = n % (LOCKS - WINDOW);
  inverted = argc > 2 && (unsigned)atoi(argv[2]) == n;
  for (int i = 0; i < LOCKS; ++i)
    pthread_mutex_init(&locks[i], 0);
  pthread_t threads[THREADS];
  for (uintptr_t t = 0; t < THREADS; ++t)
    pthread_create(&threads[t], 0, worker, (void *)t);
  for (int t = 0; t < THREADS; ++t)
    pthread_join(threads[t], 0);
  return 0;
}
