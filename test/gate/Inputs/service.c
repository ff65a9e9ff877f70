// A small service with two known bugs (an inversion between config_lock and
// log_lock, and a lock leak in lookup) and, with -DNEW_BUG, a third (an
// inversion between cache_lock and log_lock).
#include <pthread.h>

pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static void nested(pthread_mutex_t *outer, pthread_mutex_t *inner) {
  pthread_mutex_lock(outer);
  pthread_mutex_lock(inner);
  pthread_mutex_unlock(inner);
  pthread_mutex_unlock(outer);
}

static void *reload_config(void *arg) { nested(&config_lock, &log_lock); return 0; }
static void *log_config(void *arg) { nested(&log_lock, &config_lock); return 0; }
static void *flush_cache(void *arg) { nested(&cache_lock, &log_lock); return 0; }
static void *log_cache(void *arg) { nested(&log_lock, &cache_lock); return 0; }

static void *lookup(void *arg) {
  pthread_mutex_lock(&table_lock);
  if (arg)
    return 0; // leaks table_lock
  pthread_mutex_unlock(&table_lock);
  return 0;
}

int main(void) {
  void *(*steps[])(void *) = {reload_config, log_config, flush_cache,
#ifdef NEW_BUG
                              log_cache,
#endif
                              lookup};
  for (unsigned i = 0; i < sizeof steps / sizeof steps[0]; ++i) {
    pthread_t t;
    pthread_create(&t, 0, steps[i], steps[i] == lookup ? (void *)1 : 0);
    pthread_join(t, 0);
  }
  return 0;
}
