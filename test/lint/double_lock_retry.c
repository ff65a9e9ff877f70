// A retry branch locks again the mutex it already holds: the thread waits
// for itself. The twin, send_fixed, unlocks before it retries. A trylock
// on a held mutex is no double lock (it fails): poll_busy is clean.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=send_fixed --implicit-check-not=poll_busy
// CHECK: tangle: double-lock: send locks conn_lock again while holding it (a non-recursive lock: the thread waits for itself)
// CHECK-NEXT: send (static: a path in the code, found by tangle lint):
// CHECK-NEXT: double_lock_retry.c:[[#@LINE+9]]:3: in send: acquired conn_lock
// CHECK: double_lock_retry.c:[[#@LINE+10]]:5: in send: locks it again while holding it
// CHECK: tangle: 1 finding (1 double-lock) in 1 file
#include <pthread.h>

static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
int try_send(int);

int send(int msg) {
  pthread_mutex_lock(&conn_lock);
  if (try_send(msg) < 0) {
    pthread_mutex_lock(&conn_lock); // retry: meant to re-take after a reset
    try_send(msg);
  }
  pthread_mutex_unlock(&conn_lock);
  return 0;
}

int send_fixed(int msg) {
  pthread_mutex_lock(&conn_lock);
  if (try_send(msg) < 0) {
    pthread_mutex_unlock(&conn_lock);
    pthread_mutex_lock(&conn_lock);
    try_send(msg);
  }
  pthread_mutex_unlock(&conn_lock);
  return 0;
}

int poll_busy(void) {
  pthread_mutex_lock(&conn_lock);
  int busy = pthread_mutex_trylock(&conn_lock) != 0; // always busy here
  pthread_mutex_unlock(&conn_lock);
  return busy;
}
