// Parent and fork child take two process-shared mutexes (in MAP_SHARED
// memory) in opposite orders: one cycle across the two processes, each
// edge with its process.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: {{(shm->accounts\[0\] and shm->accounts\[1\]|shm->accounts\[1\] and shm->accounts\[0\])}} are taken in opposite orders by T{{[0-9]+}} and T{{[0-9]+}}
// The parent recorded first, so its thread is told first; the child
// names it as its parent.
// CHECK: (pid [[PARENT:[0-9]+]], tid [[PARENT]], main thread) in `{{[^`]+}}`, child of pid {{[0-9]+}}:
// CHECK: (pid [[CHILD:[0-9]+]], tid [[CHILD]], main thread) in `{{[^`]+}}`, child of pid [[PARENT]]:
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  pthread_mutex_t accounts[2];
};

static void take(pthread_mutex_t *first, pthread_mutex_t *second) {
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  pthread_mutex_unlock(second);
  pthread_mutex_unlock(first);
}

int main(void) {
  struct shared *shm = mmap(0, sizeof *shm, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&shm->accounts[0], &attr);
  pthread_mutex_init(&shm->accounts[1], &attr);
  take(&shm->accounts[0], &shm->accounts[1]);
  pid_t child = fork();
  if (child == 0) {
    take(&shm->accounts[1], &shm->accounts[0]);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  return WEXITSTATUS(status);
}
