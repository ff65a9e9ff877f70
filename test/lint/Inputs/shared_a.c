// The twin of static_a.c: one global `shared_mutex` both files take.
#include <pthread.h>
extern pthread_mutex_t registry, shared_mutex;
void a_then_registry(void) {
  pthread_mutex_lock(&shared_mutex);
  pthread_mutex_lock(&registry);
  pthread_mutex_unlock(&registry);
  pthread_mutex_unlock(&shared_mutex);
}
