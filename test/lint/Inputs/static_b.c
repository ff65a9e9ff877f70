#include <pthread.h>
pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
void registry_then_b(void) {
  pthread_mutex_lock(&registry);
  pthread_mutex_lock(&mutex);
  pthread_mutex_unlock(&mutex);
  pthread_mutex_unlock(&registry);
}
