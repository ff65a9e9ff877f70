// A thread's work is handed over in its thread-specific-data destructor
// (as Open vSwitch's fat rwlock frees a thread's slot under the rwlock's
// mutex): the reader reads the table, and at its exit its destructor
// unregisters it under `registry`; the writer waits, under `registry`,
// until no reader is registered, then writes. The destructor's locking is
// synchronisation like any other: clean.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: table[3] = 42
// CHECK: tangle: 0 findings in 1 session
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static int readers; // registered readers
static pthread_key_t reader_key;
static long table[8];
static long seen;

static void unregister(void *arg) {
  pthread_mutex_lock(&registry);
  --readers;
  pthread_mutex_unlock(&registry);
  (void)arg;
}

static void *reader(void *arg) {
  pthread_setspecific(reader_key, &readers);
  for (int i = 0; i < 8; ++i)
    seen += table[i]; // read before the thread unregisters
  return arg;
}

static void *writer(void *arg) {
  for (;;) {
    pthread_mutex_lock(&registry);
    int left = readers;
    if (!left)
      table[3] = 42; // after the reader's destructor unregistered it
    pthread_mutex_unlock(&registry);
    if (!left)
      return arg;
    struct timespec pause = {0, 1000 * 1000};
    nanosleep(&pause, 0);
  }
}

int main(void) {
  pthread_key_create(&reader_key, unregister);
  readers = 1;
  pthread_t r, w;
  pthread_create(&r, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_detach(r); // nobody joins the reader: only the destructor orders it
  pthread_join(w, 0);
  printf("table[3] = %ld\n", table[3]);
  return 0;
}
