// Findings silenced in the source, as with NOLINT.
#include <pthread.h>

pthread_mutex_t left = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t right = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t slot = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg) {
  pthread_mutex_lock(&left);
  pthread_mutex_lock(&right); // tangle-ignore(lock-order-inversion): reviewed, see #12
  pthread_mutex_unlock(&right);
  pthread_mutex_unlock(&left);
  return 0;
}

static void *backward(void *arg) {
  pthread_mutex_lock(&right);
  pthread_mutex_lock(&left);
  pthread_mutex_unlock(&left);
  pthread_mutex_unlock(&right);
  return 0;
}

static void *keep_slot(void *arg) {
  // tangle-ignore-next-line(lock-leak)
  pthread_mutex_lock(&slot);
  return 0;
}

int main(void) {
  void *(*steps[])(void *) = {forward, backward, keep_slot};
  for (int i = 0; i < 3; ++i) {
    pthread_t t;
    pthread_create(&t, 0, steps[i], 0);
    pthread_join(t, 0);
  }
  return 0;
}
