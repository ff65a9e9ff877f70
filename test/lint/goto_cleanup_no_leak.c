// The C idiom: every error path jumps to one label that unlocks; a flag
// set to a constant says whether the lock was taken. Clean.
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock-leak --implicit-check-not=double-lock
// CHECK: tangle: 0 findings in 1 file
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t db_lock = PTHREAD_MUTEX_INITIALIZER;
int db_read(char *buf);
int db_parse(const char *buf);

int load(void) {
  int ret = -1;
  char *buf = malloc(64);
  if (!buf)
    return -1;
  pthread_mutex_lock(&db_lock);
  if (db_read(buf) < 0)
    goto out;
  if (db_parse(buf) < 0)
    goto out;
  ret = 0;
out:
  pthread_mutex_unlock(&db_lock);
  free(buf);
  return ret;
}

int maybe_locked(int need) {
  int locked = 0;
  if (need) {
    pthread_mutex_lock(&db_lock);
    locked = 1;
  }
  int r = db_parse("x");
  if (locked)
    pthread_mutex_unlock(&db_lock);
  return r;
}

void with_flag(int need) {
  if (need)
    pthread_mutex_lock(&db_lock);
  db_parse("y");
  if (need)
    pthread_mutex_unlock(&db_lock);
}
