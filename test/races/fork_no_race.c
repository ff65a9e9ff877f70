// Fork in full mode from a process whose threads are busy taking locks
// and touching shared data: the child (one thread, a copy of the parent's
// memory) goes on checking with no runtime lock a vanished thread held,
// finds no race with what the parent's threads did before the fork (it all
// happened before), and a race between the child's own threads is caught.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: child done
// CHECK: tangle: data-race: T{{[0-9]+}} {{writes|reads}} child_counter and T{{[0-9]+}} {{wrote|read}} it
// CHECK-NOT: data-race
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long shared, child_counter;
static int stop; // atomic: __atomic builtins

static void *busy(void *arg) {
  while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
    pthread_mutex_lock(&lock);
    ++shared;
    pthread_mutex_unlock(&lock);
  }
  return arg;
}

static void *bump(void *arg) {
  for (int i = 0; i < 1000; ++i)
    ++child_counter; // two threads of the child, no lock: a race
  return arg;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, busy, 0);
  for (int round = 0; round < 20; ++round) {
    pid_t child = fork();
    if (child == 0) {
      ++shared; // the child's only thread: no race with the parent's threads
      // (`lock` itself may be held by a parent thread that is not here)
      if (round == 19) {
        pthread_t a, b;
        pthread_create(&a, 0, bump, 0);
        pthread_create(&b, 0, bump, 0);
        pthread_join(a, 0);
        pthread_join(b, 0);
        printf("child done\n");
        fflush(stdout); // _exit does not
      }
      _exit(0);
    }
    waitpid(child, 0, 0);
  }
  __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return 0;
}
