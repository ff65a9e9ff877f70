// Memory freed by one thread and reused by another after synchronisation:
// each round a worker fills a fresh block and frees it; the next round's
// worker (started after the join) gets the same memory from malloc. The
// history of the old block must not leak into the new one. Clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: rounds: 20
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t handoff = PTHREAD_MUTEX_INITIALIZER;
static char *shared_block;

static void *worker(void *arg) {
  char *b = malloc(256);
  memset(b, (int)(long)arg, 256);
  b[0] = 1;
  free(b);
  // and one handed over through a mutex to the next worker
  pthread_mutex_lock(&handoff);
  char *prev = shared_block;
  shared_block = malloc(64);
  shared_block[0] = (char)(long)arg;
  pthread_mutex_unlock(&handoff);
  free(prev);
  return 0;
}

int main(void) {
  int rounds = 0;
  for (long r = 0; r < 20; ++r) {
    pthread_t a, b;
    pthread_create(&a, 0, worker, (void *)r);
    pthread_create(&b, 0, worker, (void *)(r + 1));
    pthread_detach(a);
    pthread_join(b, 0);
    ++rounds;
  }
  pthread_mutex_lock(&handoff);
  free(shared_block);
  shared_block = 0;
  pthread_mutex_unlock(&handoff);
  printf("rounds: %d\n", rounds);
  return 0;
}
