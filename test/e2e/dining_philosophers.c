// Five philosophers each take the left fork, then the right: one finding,
// a cycle of five forks over five threads, forks named by index.
// RUN: %tangle-cc -O2 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: 5 locks are taken in a cycle by 5 threads: forks[0] -> forks[1] -> forks[2] -> forks[3] -> forks[4] -> forks[0]
// CHECK: dining_philosophers.c:[[#LEFT:@LINE+12]]:3: in philosopher: acquired forks[0]
// CHECK: dining_philosophers.c:[[#LEFT+1]]:3: in philosopher: acquired forks[1] while holding forks[0]
// CHECK: possible deadlock:
// CHECK-COUNT-5: holds forks[{{[0-4]}}] and waits for forks[{{[0-4]}}]
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
#include <pthread.h>

#define N 5
pthread_mutex_t forks[N];

static void *philosopher(void *arg) {
  int p = (int)(long)arg;
  pthread_mutex_lock(&forks[p]);
  pthread_mutex_lock(&forks[(p + 1) % N]);
  pthread_mutex_unlock(&forks[(p + 1) % N]);
  pthread_mutex_unlock(&forks[p]);
  return 0;
}

// Philosophers dine one at a time, so the run never deadlocks; the order
// of their forks still can.
int main(void) {
  for (int i = 0; i < N; ++i)
    pthread_mutex_init(&forks[i], 0);
  for (long p = 0; p < N; ++p) {
    pthread_t t;
    pthread_create(&t, 0, philosopher, (void *)p);
    pthread_join(t, 0);
  }
  return 0;
}
