// A child takes a process-shared (robust) mutex and is killed with SIGKILL
// while holding it. Nothing of the child runs at its death, yet the session
// still analyses and the lock it left held is named; the parent then gets
// the mutex with EOWNERDEAD. update_state is a lock wrapper (its one lock
// call takes its parameter's lock and returns holding it), so the lock is
// told where main called it.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-leak: process [[CHILD:[0-9]+]] ended without exiting (killed, crashed or _exit) holding the process-shared lock shm->state, taken in main
// CHECK: killed_holding_lock.c:[[#@LINE+27]]:5: in main: acquired shm->state
// CHECK: tangle: 1 finding (1 lock-leak) in 1 session
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared { pthread_mutex_t state; int value; };

static void update_state(struct shared *shm) {
  pthread_mutex_lock(&shm->state);
  shm->value = 1;
  raise(SIGKILL); // dies holding it
}

int main(void) {
  struct shared *shm = mmap(0, sizeof *shm, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&shm->state, &attr);
  pid_t child = fork();
  if (child == 0) {
    update_state(shm);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  if (!WIFSIGNALED(status) || pthread_mutex_lock(&shm->state) != EOWNERDEAD)
    return 1;
  pthread_mutex_consistent(&shm->state);
  pthread_mutex_unlock(&shm->state);
  return 0;
}
