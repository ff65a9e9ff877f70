// test/e2e/lock_leak.c's program: a reader thread's get_value returns early
// with table_lock held when the index is out of range.
#include <pthread.h>

static int table[4];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static int get_value(int index, int *out) {
  pthread_mutex_lock(&table_lock);
  if (index < 0 || index >= 4)
    return -1;
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
  long indexes[] = {1, 9};
  for (int i = 0; i < 2; ++i) {
    pthread_t t;
    pthread_create(&t, 0, reader, (void *)indexes[i]);
    pthread_join(t, 0);
  }
  return 0;
}
