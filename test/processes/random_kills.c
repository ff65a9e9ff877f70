// Children that record as fast as they can are killed with SIGKILL at
// random moments, many times: whatever moment a process dies at, the
// session it leaves is whole and analyses (never a corrupt-session error).
// The children's lock orders are consistent, so the only findings can be
// the robust mutexes a child was killed holding, each named.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 0,66 %tangle run --out %t.out -- %t 40
// RUN: %expect-exit 0 %tangle check --baseline %t.json --update-baseline %t.out
// RUN: %expect-exit 0,1 %tangle analyze %t.out | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK-NOT: corrupt
// CHECK: {{[0-9]+}} finding{{s?}}{{( \([0-9]+ lock-leak\))?}} in 1 session
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOCKS 64
struct shared { pthread_mutex_t locks[LOCKS]; };

static void churn(struct shared *shm, unsigned seed) {
  for (unsigned i = 0;; ++i) {
    unsigned a = rand_r(&seed) % LOCKS, b = rand_r(&seed) % LOCKS;
    unsigned lo = a < b ? a : b, hi = a < b ? b : a;
    if (lo == hi)
      continue;
    pthread_mutex_lock(&shm->locks[lo]);
    pthread_mutex_lock(&shm->locks[hi]);
    pthread_mutex_unlock(&shm->locks[hi]);
    pthread_mutex_unlock(&shm->locks[lo]);
    if (i % 64 == 0) { // fresh locks: fresh chains and sites to write
      pthread_mutex_t m;
      pthread_mutex_init(&m, 0);
      pthread_mutex_lock(&shm->locks[lo]);
      pthread_mutex_lock(&m);
      pthread_mutex_unlock(&m);
      pthread_mutex_unlock(&shm->locks[lo]);
      pthread_mutex_destroy(&m);
    }
  }
}

int main(int argc, char **argv) {
  int children = atoi(argv[1]);
  struct shared *shm = mmap(0, sizeof *shm, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  for (int i = 0; i < LOCKS; ++i)
    pthread_mutex_init(&shm->locks[i], &attr);
  unsigned seed = (unsigned)time(0);
  for (int c = 0; c < children; ++c) {
    pid_t child = fork();
    if (child == 0)
      churn(shm, seed + c);
    struct timespec pause = {0, (rand_r(&seed) % 20000) * 1000}; // up to 20 ms
    nanosleep(&pause, 0);
    kill(child, SIGKILL);
    waitpid(child, 0, 0);
    // A robust mutex the child died holding is handed over, consistent.
    for (int i = 0; i < LOCKS; ++i)
      if (pthread_mutex_trylock(&shm->locks[i]) == EOWNERDEAD) {
        pthread_mutex_consistent(&shm->locks[i]);
        pthread_mutex_unlock(&shm->locks[i]);
      } else {
        pthread_mutex_unlock(&shm->locks[i]);
      }
  }
  return 0;
}
