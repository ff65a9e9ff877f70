// A heap object written by two threads: the report names the block, its
// size and where it was allocated, and the offset. The twin
// free_reuse_no_race.c synchronises.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[23]}} {{writes|reads}} s->count and T{{[23]}} {{wrote|read}} it
// CHECK: note: s->count is at offset 8 of a 16-byte heap block allocated at {{.*}}heap_object.c:[[#@LINE+18]] in main
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>
#include <stdlib.h>

struct session {
  long id;
  long count;
};

static void *touch(void *arg) {
  struct session *s = arg;
  for (int i = 0; i < 10000; ++i)
    s->count++;
  return 0;
}

int main(void) {
  struct session *s = calloc(1, sizeof *s);
  pthread_t a, b;
  pthread_create(&a, 0, touch, s);
  pthread_create(&b, 0, touch, s);
  pthread_join(a, 0);
  pthread_join(b, 0);
  free(s);
  return 0;
}
