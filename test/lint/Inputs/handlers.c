// A connection handler called through a pointer takes stats_lock while the
// connection's lock is held: a run sees conn::mu -> stats_lock, lint cannot
// (it does not follow calls through pointers). admin_reset, never run,
// takes them the other way: only lint sees stats_lock -> conn::mu.
#include <pthread.h>

struct conn {
  pthread_mutex_t mu;
  int messages;
};

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void on_message(struct conn *c) {
  pthread_mutex_lock(&stats_lock);
  total += c->messages;
  pthread_mutex_unlock(&stats_lock);
}

static void (*handler)(struct conn *) = on_message;

static void *serve(void *arg) {
  struct conn *c = arg;
  pthread_mutex_lock(&c->mu);
  c->messages++;
  handler(c);
  pthread_mutex_unlock(&c->mu);
  return 0;
}

void admin_reset(struct conn *c) {
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&c->mu);
  total = c->messages = 0;
  pthread_mutex_unlock(&c->mu);
  pthread_mutex_unlock(&stats_lock);
}

int main(int argc, char **argv) {
  struct conn c = {.messages = 0};
  pthread_mutex_init(&c.mu, 0);
  pthread_t t;
  pthread_create(&t, 0, serve, &c);
  pthread_join(t, 0);
  if (argc > 5)
    admin_reset(&c);
  return 0;
}
