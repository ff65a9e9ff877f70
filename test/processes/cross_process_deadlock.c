// A real deadlock between two processes: each takes one process-shared
// mutex, they meet at a process-shared barrier, then each takes the other's.
// The watchdog in each process ends it with status 66; the report tells the
// cross-process story.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --deadlock-timeout 1 --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: deadlock: T{{[0-9]+}} (pid {{[0-9]+}}), T{{[0-9]+}} (pid {{[0-9]+}}) are blocked waiting for each other across processes
// CHECK-DAG: waits for shm->left, held by T{{[0-9]+}} (pid {{[0-9]+}})
// CHECK-DAG: waits for shm->right, held by T{{[0-9]+}} (pid {{[0-9]+}})
// CHECK: tangle: lock-order-inversion: {{(shm->left and shm->right|shm->right and shm->left)}} are taken in opposite orders
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  pthread_mutex_t left, right;
  pthread_barrier_t both_hold_one;
};

int main(void) {
  struct shared *shm = mmap(0, sizeof *shm, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&shm->left, &attr);
  pthread_mutex_init(&shm->right, &attr);
  pthread_barrierattr_t battr;
  pthread_barrierattr_init(&battr);
  pthread_barrierattr_setpshared(&battr, PTHREAD_PROCESS_SHARED);
  pthread_barrier_init(&shm->both_hold_one, &battr, 2);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&shm->right);
    pthread_barrier_wait(&shm->both_hold_one);
    pthread_mutex_lock(&shm->left);
    _exit(0);
  }
  pthread_mutex_lock(&shm->left);
  pthread_barrier_wait(&shm->both_hold_one);
  pthread_mutex_lock(&shm->right);
  waitpid(child, 0, 0);
  return 0;
}
