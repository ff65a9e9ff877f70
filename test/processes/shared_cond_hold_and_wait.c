// A process-shared condition variable: the parent waits on it while
// holding config_lock; its fork child needs config_lock before it can
// signal. The wait times out, so the run ends; the hold-and-wait is
// reported across the two processes, confirmed by the child's attempt.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: hold-and-wait (confirmed): T1 waits on condition variable shm->ready while holding shm->config_lock, which T2 (signals it) needs
// CHECK-NEXT: T1 (pid [[PARENT:[0-9]+]], tid [[PARENT]], main thread) in `shared_cond_hold_and_wait.c.tmp`, child of pid {{[0-9]+}}:
// CHECK: T2 (pid [[CHILD:[0-9]+]], tid [[CHILD]], main thread) in `shared_cond_hold_and_wait.c.tmp`, child of pid [[PARENT]]:
// CHECK: tangle: 1 finding (1 hold-and-wait) in 1 session
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared {
  pthread_mutex_t config_lock, ready_lock;
  pthread_cond_t ready;
  int is_ready;
};

static void consume(struct shared *shm) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 300 * 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000;
  }
  pthread_mutex_lock(&shm->config_lock);
  pthread_mutex_lock(&shm->ready_lock);
  while (!shm->is_ready)
    if (pthread_cond_timedwait(&shm->ready, &shm->ready_lock, &deadline) == ETIMEDOUT)
      break; // gave up: without the timeout the two processes deadlock
  pthread_mutex_unlock(&shm->ready_lock);
  pthread_mutex_unlock(&shm->config_lock);
}

static void produce(struct shared *shm) {
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, 0); // let the parent wait first
  pthread_mutex_lock(&shm->config_lock);
  pthread_mutex_lock(&shm->ready_lock);
  shm->is_ready = 1;
  pthread_cond_signal(&shm->ready);
  pthread_mutex_unlock(&shm->ready_lock);
  pthread_mutex_unlock(&shm->config_lock);
}

int main(void) {
  struct shared *shm = mmap(0, sizeof *shm, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t m;
  pthread_mutexattr_init(&m);
  pthread_mutexattr_setpshared(&m, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&shm->config_lock, &m);
  pthread_mutex_init(&shm->ready_lock, &m);
  pthread_condattr_t c;
  pthread_condattr_init(&c);
  pthread_condattr_setpshared(&c, PTHREAD_PROCESS_SHARED);
  pthread_cond_init(&shm->ready, &c);
  pid_t child = fork();
  if (child == 0) {
    produce(shm);
    _exit(0);
  }
  consume(shm);
  waitpid(child, 0, 0);
  return 0;
}
