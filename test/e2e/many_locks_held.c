// One thread holds 5000 mutexes at once, another takes 20000 fresh heap
// mutexes (addresses reused after free) under one lock: the program runs to
// the end, the report says which held sets were cut, and nothing is
// reported that did not happen.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: warning: {{.*}}session.tgl: {{[0-9]+}} acquisition(s) happened with more than 64 locks held; only the newest 64 were recorded as held
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdlib.h>

#define HELD 5000
#define CREATED 20000
pthread_mutex_t many[HELD];
pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;

static void *hold_all(void *arg) {
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < HELD; ++i)
      pthread_mutex_lock(&many[i]);
    for (int i = HELD - 1; i >= 0; --i)
      pthread_mutex_unlock(&many[i]);
  }
  return 0;
}

// Each object's mutex is new, though malloc hands out the same addresses
// again: init and destroy make each a distinct lock.
static void *churn(void *arg) {
  for (int i = 0; i < CREATED; ++i) {
    pthread_mutex_t *m = malloc(sizeof *m);
    pthread_mutex_init(m, 0);
    pthread_mutex_lock(&registry);
    pthread_mutex_lock(m);
    pthread_mutex_unlock(m);
    pthread_mutex_unlock(&registry);
    pthread_mutex_destroy(m);
    free(m);
  }
  return 0;
}

int main(void) {
  for (int i = 0; i < HELD; ++i)
    pthread_mutex_init(&many[i], 0);
  pthread_t a, b;
  pthread_create(&a, 0, hold_all, 0);
  pthread_create(&b, 0, churn, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
