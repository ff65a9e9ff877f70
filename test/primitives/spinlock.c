// Spinlocks in opposite orders are reported like mutexes; in one order, not.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.bad -- %t opposite 2>&1 | FileCheck --check-prefix=BAD %s
// RUN: %expect-exit 0 %tangle run --out %t.good -- %t same 2>&1 | FileCheck --check-prefix=GOOD %s
// BAD: tangle: lock-order-inversion: head_lock and tail_lock are taken in opposite orders
// GOOD: tangle: 0 findings in 1 session
#include <pthread.h>
#include <string.h>

pthread_spinlock_t head_lock, tail_lock;
static int opposite;

static void *forward(void *arg) {
  pthread_spin_lock(&head_lock);
  pthread_spin_lock(&tail_lock);
  pthread_spin_unlock(&tail_lock);
  pthread_spin_unlock(&head_lock);
  return 0;
}

static void *backward(void *arg) {
  pthread_spin_lock(opposite ? &tail_lock : &head_lock);
  pthread_spin_lock(opposite ? &head_lock : &tail_lock);
  pthread_spin_unlock(opposite ? &head_lock : &tail_lock);
  pthread_spin_unlock(opposite ? &tail_lock : &head_lock);
  return 0;
}

int main(int argc, char **argv) {
  opposite = !strcmp(argv[1], "opposite");
  pthread_spin_init(&head_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_init(&tail_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_t t;
  pthread_create(&t, 0, forward, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, backward, 0);
  pthread_join(t, 0);
  return 0;
}
