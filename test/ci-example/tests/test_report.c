// Reports while stock arrives.
#include "inventory.h"

#include <pthread.h>

static void *reporter(void *arg) {
  for (int i = 0; i < 50; ++i)
    report();
  return 0;
}

static void *restocker(void *arg) {
  for (int i = 0; i < 16; ++i)
    restock(i, 1);
  return 0;
}

int main(void) {
  pthread_t a, r;
  pthread_create(&r, 0, restocker, 0);
  pthread_join(r, 0);
  pthread_create(&a, 0, reporter, 0);
  pthread_join(a, 0);
  return report() == 16 ? 0 : 1;
}
