// Sessions: takes sessions_lock, then metrics_lock through record_metric
// (defined in orders_b.c). Consistent on its own.
#include "orders.h"

pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;
static int sessions;

void open_session(void) {
  pthread_mutex_lock(&sessions_lock);
  sessions++;
  record_metric(sessions);
  pthread_mutex_unlock(&sessions_lock);
}

void drop_session(int id) {
  pthread_mutex_lock(&sessions_lock);
  sessions -= id > 0;
  pthread_mutex_unlock(&sessions_lock);
}
