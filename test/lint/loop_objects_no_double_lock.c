// One expression, many objects: a loop that locks each element of a list
// (the pointer changes) and a later loop that unlocks them is no double
// lock; locking one fixed element twice is.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock_all --implicit-check-not=lock_each_index
// CHECK: tangle: double-lock: lock_first_twice locks slots[0].mu again while holding it
// CHECK: tangle: 1 finding (1 double-lock) in 1 file
#include <pthread.h>

struct slot { pthread_mutex_t mu; struct slot *next; };
static struct slot slots[8];

void lock_all(struct slot *head) {
  for (struct slot *s = head; s; s = s->next)
    pthread_mutex_lock(&s->mu);
  for (struct slot *s = head; s; s = s->next)
    pthread_mutex_unlock(&s->mu);
}

void lock_each_index(void) {
  for (int i = 0; i < 8; i++)
    pthread_mutex_lock(&slots[i].mu);
  for (int i = 0; i < 8; i++)
    pthread_mutex_unlock(&slots[i].mu);
}

void lock_first_twice(void) {
  for (int i = 0; i < 2; i++)
    pthread_mutex_lock(&slots[0].mu);
  pthread_mutex_unlock(&slots[0].mu);
}
