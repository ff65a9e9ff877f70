// One test program of a suite: reloading the configuration logs under the
// configuration lock (config_lock, then log_lock). Clean alone.
#include <pthread.h>

pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void *reload(void *arg) {
  pthread_mutex_lock(&config_lock);
  pthread_mutex_lock(&log_lock);
  pthread_mutex_unlock(&log_lock);
  pthread_mutex_unlock(&config_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reload, 0);
  pthread_join(t, 0);
  return 0;
}
