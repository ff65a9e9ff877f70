// main joins a worker while holding the lock the worker needs: main waits
// for the worker to end, the worker waits for main's lock.
// RUN: %tangle-cc -O0 %s -o %t
// RUN: %expect-exit 66 %tangle run --deadlock-timeout 1 --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: deadlock: T{{[0-9]+}}, T{{[0-9]+}} are blocked waiting for each other
// CHECK-DAG: join_holding_lock.c:[[#@LINE+16]]:3: in main: waits for T{{[0-9]+}} to end
// CHECK-DAG: join_holding_lock.c:[[#@LINE+6]]:3: in worker: waits for results_lock, held by T1
#include <pthread.h>

pthread_mutex_t results_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  pthread_mutex_lock(&results_lock);
  pthread_mutex_unlock(&results_lock);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&results_lock);
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  pthread_mutex_unlock(&results_lock);
  return 0;
}
