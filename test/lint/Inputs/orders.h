// Shared by orders_a.c and orders_b.c: two locks of a small service.
#include <pthread.h>

extern pthread_mutex_t sessions_lock;
extern pthread_mutex_t metrics_lock;

void record_metric(int value); // takes metrics_lock (orders_b.c)
void drop_session(int id);     // takes sessions_lock (orders_a.c)
