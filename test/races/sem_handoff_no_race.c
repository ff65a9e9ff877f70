// A semaphore hand-off: the worker fills the buffer and posts; main waits
// and reads. Clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: buffer: 0 1 4 9
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static int buffer[4];
static sem_t filled;

static void *fill(void *arg) {
  for (int i = 0; i < 4; ++i)
    buffer[i] = i * i;
  sem_post(&filled);
  return arg;
}

int main(void) {
  sem_init(&filled, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, fill, 0);
  sem_wait(&filled);
  printf("buffer: %d %d %d %d\n", buffer[0], buffer[1], buffer[2], buffer[3]);
  pthread_join(t, 0);
  return 0;
}
