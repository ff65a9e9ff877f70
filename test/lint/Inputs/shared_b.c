#include <pthread.h>
pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t shared_mutex = PTHREAD_MUTEX_INITIALIZER;
void registry_then_b(void) {
  pthread_mutex_lock(&registry);
  pthread_mutex_lock(&shared_mutex);
  pthread_mutex_unlock(&shared_mutex);
  pthread_mutex_unlock(&registry);
}
