// The early-return leak, then a later thread blocks on the leaked lock and
// main joins it: nobody can ever run again. Ended by the watchdog, with the
// leak reported too.
// RUN: %tangle-cc -O0 %s -o %t
// RUN: %expect-exit 66 %tangle run --deadlock-timeout 1 --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: deadlock: T{{[0-9]+}} waits for table_lock, held by T{{[0-9]+}}, which has ended
// CHECK: tangle: lock-leak: T{{[0-9]+}} returned from reader holding table_lock, taken in get_value
#include <pthread.h>

static int table[4];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static int get_value(int index, int *out) {
  pthread_mutex_lock(&table_lock);
  if (index < 0 || index >= 4)
    return -1; // forgot to unlock
  *out = table[index];
  pthread_mutex_unlock(&table_lock);
  return 0;
}

static void *reader(void *arg) {
  int value;
  get_value((int)(long)arg, &value);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reader, (void *)7L); // leaks table_lock
  pthread_join(t, 0);
  pthread_create(&t, 0, reader, (void *)1L); // blocks on it forever
  pthread_join(t, 0);
  return 0;
}
