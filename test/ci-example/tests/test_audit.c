// An auditor runs beside a restocker.
#include "inventory.h"

#include <pthread.h>

static void *auditor(void *arg) {
  for (int i = 0; i < 50; ++i)
    audit();
  return 0;
}

static void *restocker(void *arg) {
  for (int i = 0; i < 50; ++i)
    restock(i, 2);
  return 0;
}

int main(void) {
  pthread_t a, r;
  pthread_create(&r, 0, restocker, 0);
  pthread_join(r, 0);
  pthread_create(&a, 0, auditor, 0);
  pthread_join(a, 0);
  return audit() == 100 ? 0 : 1;
}
