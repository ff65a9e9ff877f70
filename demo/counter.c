// Two threads add one to a shared counter a million times each, without a
// lock: the total comes out wrong.
#include <pthread.h>
#include <stdio.h>

long g_num;

static void *add(void *arg) {
  for (int i = 0; i < 1000000; ++i)
    g_num += 1;
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, add, 0);
  pthread_create(&b, 0, add, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("g_num = %ld (expected 2000000)\n", g_num);
  return 0;
}
