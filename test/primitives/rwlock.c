// rwlocks: a writer and a reader in opposite orders with a mutex can
// deadlock (reported); two readers cannot (clean); readers sharing the lock
// with one writer, in one order, are clean.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.rw -- %t write-read 2>&1 | FileCheck --check-prefix=RW %s
// RUN: %expect-exit 0 %tangle run --out %t.rr -- %t read-read 2>&1 | FileCheck --check-prefix=CLEAN %s
// RUN: %expect-exit 0 %tangle run --out %t.shared -- %t shared 2>&1 | FileCheck --check-prefix=CLEAN %s
// RW: tangle: lock-order-inversion: table and stats_lock are taken in opposite orders
// CLEAN-NOT: lock-order-inversion
// CLEAN: tangle: 0 findings in 1 session
#include <pthread.h>
#include <string.h>

pthread_rwlock_t table = PTHREAD_RWLOCK_INITIALIZER;
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int first_writes;
static long value;

static void *first(void *arg) {
  if (first_writes)
    pthread_rwlock_wrlock(&table);
  else
    pthread_rwlock_rdlock(&table);
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_unlock(&stats_lock);
  pthread_rwlock_unlock(&table);
  return 0;
}

static void *second(void *arg) {
  pthread_mutex_lock(&stats_lock);
  pthread_rwlock_rdlock(&table);
  pthread_rwlock_unlock(&table);
  pthread_mutex_unlock(&stats_lock);
  return 0;
}

static void *reader(void *arg) {
  for (int i = 0; i < 10000; ++i) {
    pthread_rwlock_rdlock(&table);
    pthread_rwlock_rdlock(&table); // readers may re-enter
    long v = value;
    (void)v;
    pthread_rwlock_unlock(&table);
    pthread_rwlock_unlock(&table);
  }
  return 0;
}

static void *writer(void *arg) {
  for (int i = 0; i < 10000; ++i) {
    pthread_rwlock_wrlock(&table);
    ++value;
    pthread_rwlock_unlock(&table);
  }
  return 0;
}

static void run(void *(*a)(void *), void *(*b)(void *), int together) {
  pthread_t x, y;
  pthread_create(&x, 0, a, 0);
  if (!together)
    pthread_join(x, 0);
  pthread_create(&y, 0, b, 0);
  if (together)
    pthread_join(x, 0);
  pthread_join(y, 0);
}

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "shared")) {
    pthread_t r[3], w;
    for (int i = 0; i < 3; ++i)
      pthread_create(&r[i], 0, reader, 0);
    pthread_create(&w, 0, writer, 0);
    for (int i = 0; i < 3; ++i)
      pthread_join(r[i], 0);
    pthread_join(w, 0);
    return 0;
  }
  first_writes = !strcmp(argv[1], "write-read");
  run(first, second, 0);
  return 0;
}
