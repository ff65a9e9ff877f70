// A producer/consumer queue on a mutex and a condition variable: the
// items are handed over through the queue. Clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: consumed 1000 items, sum 499500
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct item {
  int value;
  struct item *next;
};

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static struct item *head;
static int done;

static void *produce(void *arg) {
  for (int i = 0; i < 1000; ++i) {
    struct item *it = malloc(sizeof *it);
    it->value = i; // written before it is queued
    pthread_mutex_lock(&queue_lock);
    it->next = head;
    head = it;
    pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
  }
  pthread_mutex_lock(&queue_lock);
  done = 1;
  pthread_cond_broadcast(&queue_ready);
  pthread_mutex_unlock(&queue_lock);
  return arg;
}

int main(void) {
  pthread_t p;
  pthread_create(&p, 0, produce, 0);
  long sum = 0;
  int count = 0;
  for (;;) {
    pthread_mutex_lock(&queue_lock);
    while (!head && !done)
      pthread_cond_wait(&queue_ready, &queue_lock);
    struct item *it = head;
    if (it)
      head = it->next;
    pthread_mutex_unlock(&queue_lock);
    if (!it)
      break;
    sum += it->value; // read after it was dequeued
    ++count;
    free(it);
  }
  pthread_join(p, 0);
  printf("consumed %d items, sum %ld\n", count, sum);
  return 0;
}
