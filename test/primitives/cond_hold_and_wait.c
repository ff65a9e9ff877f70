// A consumer waits on a condition (with its mutex `ready_lock`) while
// holding `config_lock`; the producer needs `config_lock` before it can
// signal. Here the consumer's wait times out and it gives up, so the run
// ends; tangle reports the hold-and-wait, confirmed by the producer's
// attempt, and says where each took the lock.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: hold-and-wait (confirmed): T{{[0-9]+}} waits on condition variable ready while holding config_lock, which T{{[0-9]+}} (signals it) needs
// CHECK: cond_hold_and_wait.c:[[#@LINE+21]]:3: in consumer: acquired config_lock
// CHECK: cond_hold_and_wait.c:[[#@LINE+23]]:9: in consumer: waits on condition variable ready while holding config_lock
// CHECK: cond_hold_and_wait.c:[[#@LINE+32]]:3: in producer: acquired config_lock
// CHECK: signals it
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int is_ready;

static void *consumer(void *arg) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 200 * 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000;
  }
  pthread_mutex_lock(&config_lock);
  pthread_mutex_lock(&ready_lock);
  while (!is_ready)
    if (pthread_cond_timedwait(&ready, &ready_lock, &deadline) == ETIMEDOUT)
      break; // gave up: without the timeout this deadlocks
  pthread_mutex_unlock(&ready_lock);
  pthread_mutex_unlock(&config_lock);
  return 0;
}

static void *producer(void *arg) {
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, 0); // let the consumer wait first
  pthread_mutex_lock(&config_lock);
  pthread_mutex_lock(&ready_lock);
  is_ready = 1;
  pthread_cond_signal(&ready);
  pthread_mutex_unlock(&ready_lock);
  pthread_mutex_unlock(&config_lock);
  return 0;
}

int main(void) {
  pthread_t c, p;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(c, 0);
  pthread_join(p, 0);
  return 0;
}
