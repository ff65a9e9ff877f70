// Semaphores: a hand-off (one thread posts, another waits) is not a lock
// and is clean; holding a mutex in sem_timedwait while the poster needs
// that mutex is a hold-and-wait; a binary semaphore used as a lock (wait,
// then post, by one thread) in the opposite order to a mutex is a cycle.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.handoff -- %t handoff 2>&1 | FileCheck --check-prefix=HANDOFF %s
// RUN: %expect-exit 66 %tangle run --out %t.hold -- %t hold 2>&1 | FileCheck --check-prefix=HOLD %s
// RUN: %expect-exit 66 %tangle run --out %t.lock -- %t lock 2>&1 | FileCheck --check-prefix=LOCK %s
// HANDOFF-NOT: lock-order-inversion
// HANDOFF-NOT: lock-leak
// HANDOFF: tangle: 0 findings in 1 session
// HOLD: tangle: hold-and-wait (confirmed): T{{[0-9]+}} waits on semaphore done while holding log_lock, which T{{[0-9]+}} (posts it) needs
// LOCK: tangle: lock-order-inversion: {{(db_sem and log_lock|log_lock and db_sem)}} are taken in opposite orders
// LOCK-NOT: hold-and-wait
// LOCK: tangle: 1 finding (1 lock-order-inversion) in 1 session
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <time.h>

static sem_t done, db_sem;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void *poster(void *arg) {
  if (arg) { // needs log_lock before it can post
    pthread_mutex_lock(&log_lock);
    pthread_mutex_unlock(&log_lock);
  }
  sem_post(&done);
  return 0;
}

static void handoff(void) {
  pthread_t t;
  for (int i = 0; i < 3; ++i) {
    pthread_create(&t, 0, poster, 0);
    sem_wait(&done);
    pthread_mutex_lock(&log_lock); // after a wait that is not a lock
    pthread_mutex_unlock(&log_lock);
    pthread_join(t, 0);
  }
}

static void hold(void) {
  pthread_t t;
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 1;
  pthread_mutex_lock(&log_lock);
  pthread_create(&t, 0, poster, (void *)1);
  sem_timedwait(&done, &deadline); // times out: the poster is stuck on log_lock
  pthread_mutex_unlock(&log_lock);
  pthread_join(t, 0);
}

static void *db_then_log(void *arg) {
  sem_wait(&db_sem);
  pthread_mutex_lock(&log_lock);
  pthread_mutex_unlock(&log_lock);
  sem_post(&db_sem);
  return 0;
}

static void *log_then_db(void *arg) {
  pthread_mutex_lock(&log_lock);
  sem_wait(&db_sem);
  sem_post(&db_sem);
  pthread_mutex_unlock(&log_lock);
  return 0;
}

int main(int argc, char **argv) {
  sem_init(&done, 0, 0);
  sem_init(&db_sem, 0, 1);
  if (!strcmp(argv[1], "handoff"))
    handoff();
  else if (!strcmp(argv[1], "hold"))
    hold();
  else {
    pthread_t t;
    pthread_create(&t, 0, db_then_log, 0);
    pthread_join(t, 0);
    pthread_create(&t, 0, log_then_db, 0);
    pthread_join(t, 0);
  }
  return 0;
}
