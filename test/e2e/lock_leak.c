// A lookup returns early without unlocking: the thread ends holding the
// lock. Reported as a lock leak naming the lock, where it was taken, and
// the start routine the thread returned from.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-leak: T{{[0-9]+}} returned from reader holding table_lock, taken in get_value
// CHECK: T{{[0-9]+}} (pid {{[0-9]+}}, tid {{[0-9]+}}), running reader, created at {{.*}}lock_leak.c:[[#@LINE+28]]:5 in main:
// CHECK: lock_leak.c:[[#@LINE+9]]:3: in get_value: acquired table_lock
// CHECK: returned from reader without releasing table_lock
// CHECK: tangle: 1 finding (1 lock-leak) in 1 session
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
  long indexes[] = {1, 2, 9};
  for (int i = 0; i < 3; ++i) {
    pthread_t t;
    pthread_create(&t, 0, reader, (void *)indexes[i]);
    pthread_join(t, 0);
  }
  return 0;
}
