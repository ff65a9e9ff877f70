// Metrics: takes metrics_lock, then sessions_lock through drop_session
// (defined in orders_a.c) when a metric expires a session. Consistent on
// its own.
#include "orders.h"

pthread_mutex_t metrics_lock = PTHREAD_MUTEX_INITIALIZER;
static int last;

void record_metric(int value) {
  pthread_mutex_lock(&metrics_lock);
  last = value;
  pthread_mutex_unlock(&metrics_lock);
}

void expire(void) {
  pthread_mutex_lock(&metrics_lock);
  if (last > 100)
    drop_session(last);
  pthread_mutex_unlock(&metrics_lock);
}
