// A bounded queue with one mutex and two condition variables, a producer
// and two consumers: correct, and reported as such.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: hold-and-wait
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>

#define SIZE 4
#define ITEMS 20000
static int items[SIZE], head, count;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;

static void put(int v) {
  pthread_mutex_lock(&queue_lock);
  while (count == SIZE)
    pthread_cond_wait(&not_full, &queue_lock);
  items[(head + count++) % SIZE] = v;
  pthread_cond_signal(&not_empty);
  pthread_mutex_unlock(&queue_lock);
}

static int take(void) {
  pthread_mutex_lock(&queue_lock);
  while (count == 0)
    pthread_cond_wait(&not_empty, &queue_lock);
  int v = items[head];
  head = (head + 1) % SIZE;
  --count;
  pthread_cond_signal(&not_full);
  pthread_mutex_unlock(&queue_lock);
  return v;
}

static void *producer(void *arg) {
  for (int i = 0; i < ITEMS; ++i)
    put(i);
  put(-1);
  put(-1);
  return 0;
}

static void *consumer(void *arg) {
  while (take() >= 0) {
  }
  return 0;
}

int main(void) {
  pthread_t p, c1, c2;
  pthread_create(&c1, 0, consumer, 0);
  pthread_create(&c2, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(p, 0);
  pthread_join(c1, 0);
  pthread_join(c2, 0);
  return 0;
}
