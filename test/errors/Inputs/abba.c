// A small program with one lock-order inversion, for the error tests.
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *arg) {
  pthread_mutex_lock(&first);
  pthread_mutex_lock(&second);
  pthread_mutex_unlock(&second);
  pthread_mutex_unlock(&first);
  return 0;
}

static void *ba(void *arg) {
  pthread_mutex_lock(&second);
  pthread_mutex_lock(&first);
  pthread_mutex_unlock(&first);
  pthread_mutex_unlock(&second);
  return 0;
}

// argv[1]: how the program ends after the inversion: "exit", "segv",
// "abort", "kill", or "status N".
int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, 0, ab, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, ba, 0);
  pthread_join(t, 0);
  const char *how = argc > 1 ? argv[1] : "exit";
  if (!strcmp(how, "segv"))
    raise(SIGSEGV);
  if (!strcmp(how, "abort"))
    abort();
  if (!strcmp(how, "kill"))
    raise(SIGKILL);
  if (!strcmp(how, "status"))
    return atoi(argv[2]);
  return 0;
}
