// Two files with a `static pthread_mutex_t mutex` each: two locks, two
// classes ("mutex in static_a.c", "mutex in static_b.c").
#include <pthread.h>
extern pthread_mutex_t registry;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
void a_then_registry(void) {
  pthread_mutex_lock(&mutex);
  pthread_mutex_lock(&registry);
  pthread_mutex_unlock(&registry);
  pthread_mutex_unlock(&mutex);
}
