// Restocking from several threads, then auditing the total.
#include "inventory.h"

#include <pthread.h>

static void *worker(void *arg) {
  for (int i = 0; i < 100; ++i)
    restock(i, 1);
  return 0;
}

int main(void) {
  pthread_t t[3];
  for (int i = 0; i < 3; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], 0);
  return audit() == 300 ? 0 : 1;
}
