// gnum_pthread.c with a mutex around the increment: clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: g_num = 400000
// CHECK-NOT: data-race
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdio.h>

int g_num;
pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  for (int i = 0; i < 200000; ++i) {
    pthread_mutex_lock(&g_lock);
    g_num += 1;
    pthread_mutex_unlock(&g_lock);
  }
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("g_num = %d\n", g_num);
  return 0;
}
