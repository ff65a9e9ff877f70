// Three forked workers take two process-shared mutexes, always in the same
// order, concurrently: clean.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK-NOT: lock-leak
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  pthread_mutex_t queue, stats;
  long items;
};

int main(void) {
  struct shared *shm = mmap(0, sizeof *shm, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&shm->queue, &attr);
  pthread_mutex_init(&shm->stats, &attr);
  for (int w = 0; w < 3; ++w)
    if (fork() == 0) {
      for (int i = 0; i < 2000; ++i) {
        pthread_mutex_lock(&shm->queue);
        pthread_mutex_lock(&shm->stats);
        ++shm->items;
        pthread_mutex_unlock(&shm->stats);
        pthread_mutex_unlock(&shm->queue);
      }
      _exit(0);
    }
  int status, failed = 0;
  while (wait(&status) > 0)
    failed |= !WIFEXITED(status) || WEXITSTATUS(status);
  return failed || shm->items != 6000;
}
