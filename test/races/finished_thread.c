// A race with a thread that has already finished: the worker writes and
// ends; main reads later, but never joined it first. The twin is
// join_handoff_no_race.cpp.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T1 reads result and T2 wrote it, with nothing ordering the two
// CHECK: T1 (pid {{[0-9]+}}, tid {{[0-9]+}}, main thread):
// CHECK: T2 (pid {{[0-9]+}}, tid {{[0-9]+}}), running compute, created at {{.*}}finished_thread.c:[[#@LINE+15]]:3 in main:
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>
#include <stdio.h>
#include <time.h>

long result;

static void *compute(void *arg) {
  result = 6 * 7;
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, compute, 0);
  pthread_detach(t);
  struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, 0); // the worker is long done, but nothing says so
  printf("result = %ld\n", result);
  return 0;
}
