// Another test program of the suite: rotating the log reads the
// configuration under the log lock (log_lock, then config_lock), the
// reverse of reload_config.c. Clean alone.
#include <pthread.h>

pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void *rotate(void *arg) {
  pthread_mutex_lock(&log_lock);
  pthread_mutex_lock(&config_lock);
  pthread_mutex_unlock(&config_lock);
  pthread_mutex_unlock(&log_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, rotate, 0);
  pthread_join(t, 0);
  return 0;
}
