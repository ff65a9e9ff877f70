// A table lookup that returns early, on an index out of range, without
// unlocking: the thread ends holding table_lock.
#include <pthread.h>
#include <stdio.h>

#define SIZE 8
static int table[SIZE] = {1, 1, 2, 3, 5, 8, 13, 21};
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static int get_value(int index, int *out) {
  pthread_mutex_lock(&table_lock);
  if (index < 0 || index >= SIZE)
    return -1; // forgot pthread_mutex_unlock
  *out = table[index];
  pthread_mutex_unlock(&table_lock);
  return 0;
}

static void *reader(void *arg) {
  int value = 0;
  int index = (int)(long)arg;
  if (get_value(index, &value) == 0)
    printf("table[%d] = %d\n", index, value);
  else
    printf("table[%d]: out of range\n", index);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reader, (void *)3L);
  pthread_join(t, 0);
  pthread_create(&t, 0, reader, (void *)42L);
  pthread_join(t, 0);
  return 0;
}
