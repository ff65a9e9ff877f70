// A consumer waits on a condition variable (with queue_lock) while still
// holding stats_lock; the producer needs stats_lock before it signals, so
// neither moves again: confirmed, it counts. A second waiter holds
// config_lock, which no signaller takes: possible, reported but not
// counted. The bounded queue of cond_queue_no_hold_and_wait.c is clean.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s
// CHECK: tangle: hold-and-wait (confirmed): consume waits on condition variable ready while holding stats_lock, which produce (signals it) needs
// CHECK-NEXT: consume (static: a path in the code, found by tangle lint):
// CHECK-NEXT: hold_and_wait_cond.c:[[#@LINE+16]]:3: in consume: acquired stats_lock
// CHECK: hold_and_wait_cond.c:[[#@LINE+18]]:5: in consume: waits on condition variable ready while holding stats_lock
// CHECK: produce (static: a path in the code, found by tangle lint):
// CHECK-NEXT: hold_and_wait_cond.c:[[#@LINE+24]]:3: in produce: acquired stats_lock
// CHECK: hold_and_wait_cond.c:[[#@LINE+27]]:3: in produce: signals it
// CHECK: tangle: hold-and-wait (possible): wait_config waits on condition variable ready while holding config_lock
// CHECK: tangle: 1 finding (1 hold-and-wait) in 1 file; also possible: 1 hold-and-wait
#include <pthread.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int items, consumed;

void consume(void) {
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&queue_lock);
  while (items == 0)
    pthread_cond_wait(&ready, &queue_lock);
  items--;
  consumed++;
  pthread_mutex_unlock(&queue_lock);
  pthread_mutex_unlock(&stats_lock);
}

void produce(void) {
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&queue_lock);
  items++;
  pthread_mutex_unlock(&queue_lock);
  pthread_cond_signal(&ready);
  pthread_mutex_unlock(&stats_lock);
}

void wait_config(void) {
  pthread_mutex_lock(&config_lock);
  pthread_mutex_lock(&queue_lock);
  while (items == 0)
    pthread_cond_wait(&ready, &queue_lock);
  pthread_mutex_unlock(&queue_lock);
  pthread_mutex_unlock(&config_lock);
}
