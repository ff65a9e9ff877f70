// A lock taken and released per loop iteration, with continue and break
// paths that release too. Clean.
// RUN: %expect-exit 0 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=lock-leak --implicit-check-not=double-lock
// CHECK: tangle: 0 findings in 1 file
#include <pthread.h>

struct slot { pthread_mutex_t mu; int value, dirty; };
static struct slot slots[16];

int flush_all(void) {
  int flushed = 0;
  for (int i = 0; i < 16; i++) {
    pthread_mutex_lock(&slots[i].mu);
    if (!slots[i].dirty) {
      pthread_mutex_unlock(&slots[i].mu);
      continue;
    }
    if (slots[i].value < 0) {
      pthread_mutex_unlock(&slots[i].mu);
      break;
    }
    slots[i].dirty = 0;
    flushed++;
    pthread_mutex_unlock(&slots[i].mu);
  }
  return flushed;
}
