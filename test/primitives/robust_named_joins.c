// A robust mutex whose owner ended holding it: the next lock gets it with
// EOWNERDEAD (tangle counts it held) and the leak is reported. A named
// semaphore used as a lock opposite a mutex is a cycle. Timed and try joins
// wait for nobody forever.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.robust -- %t robust 2>&1 | FileCheck --check-prefix=ROBUST %s
// RUN: %expect-exit 66 %tangle run --out %t.named -- %t named 2>&1 | FileCheck --check-prefix=NAMED %s
// RUN: %expect-exit 0 %tangle run --out %t.joins -- %t joins 2>&1 | FileCheck --check-prefix=JOINS %s
// ROBUST: tangle: lock-leak: T{{[0-9]+}} returned from owner holding shared_state, taken in owner
// ROBUST-NOT: bad-unlock
// ROBUST: tangle: 1 finding (1 lock-leak) in 1 session
// NAMED: tangle: lock-order-inversion: {{(jobs and queue_lock|queue_lock and jobs)}} are taken in opposite orders
// JOINS: tangle: 0 findings in 1 session
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t shared_state;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t *jobs;

static void *owner(void *arg) {
  pthread_mutex_lock(&shared_state);
  return 0; // dies holding it
}

static int robust(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&shared_state, &attr);
  pthread_t t;
  pthread_create(&t, 0, owner, 0);
  pthread_join(t, 0);
  if (pthread_mutex_lock(&shared_state) != EOWNERDEAD)
    return 1;
  pthread_mutex_consistent(&shared_state);
  pthread_mutex_unlock(&shared_state); // held: no bad unlock
  return 0;
}

static void *jobs_then_queue(void *arg) {
  sem_wait(jobs);
  pthread_mutex_lock(&queue_lock);
  pthread_mutex_unlock(&queue_lock);
  sem_post(jobs);
  return 0;
}

static void *queue_then_jobs(void *arg) {
  pthread_mutex_lock(&queue_lock);
  sem_wait(jobs);
  sem_post(jobs);
  pthread_mutex_unlock(&queue_lock);
  return 0;
}

static int named(void) {
  char name[64];
  snprintf(name, sizeof name, "/tangle-test-%d", (int)getpid());
  jobs = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
  if (jobs == SEM_FAILED)
    return 1;
  sem_unlink(name);
  pthread_t t;
  pthread_create(&t, 0, jobs_then_queue, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, queue_then_jobs, 0);
  pthread_join(t, 0);
  return 0;
}

static void *nap(void *arg) {
  struct timespec pause = {0, 20 * 1000 * 1000};
  nanosleep(&pause, 0);
  return 0;
}

static int joins(void) {
  pthread_t t;
  pthread_create(&t, 0, nap, 0);
  while (pthread_tryjoin_np(t, 0) == EBUSY) {
    struct timespec later;
    clock_gettime(CLOCK_REALTIME, &later);
    later.tv_nsec += 5 * 1000 * 1000;
    if (later.tv_nsec >= 1000000000) {
      later.tv_sec += 1;
      later.tv_nsec -= 1000000000;
    }
    if (pthread_timedjoin_np(t, 0, &later) == 0)
      break;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "robust"))
    return robust();
  if (!strcmp(argv[1], "named"))
    return named();
  return joins();
}
