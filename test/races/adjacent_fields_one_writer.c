// One thread writes both int fields of an 8-aligned struct (one shadow
// granule) in one go; main reads the first with nothing ordering it after
// the writes. The race is reported although the second write was the
// granule's last: writes of one thread, epoch and locks to one 8 bytes
// are kept as one (named at the later write's line).
// RUN: %tangle-cc -ftangle-races -O0 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T1 reads s.a and T2 wrote it, with nothing ordering the two
// CHECK: adjacent_fields_one_writer.c:[[#@LINE+21]]:{{[0-9]+}}: in main: reads 4 bytes of s.a, holding no lock
// CHECK: adjacent_fields_one_writer.c:[[#@LINE+10]]:{{[0-9]+}}: in first: wrote 8 bytes of s.a, holding no lock
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct { int a, b; } s __attribute__((aligned(8)));
atomic_int flag;

static void *first(void *arg) {
  s.a = 1; s.b = 2;
  atomic_store_explicit(&flag, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, first, 0);
  while (atomic_load_explicit(&flag, memory_order_relaxed) != 1)
    ;
  printf("a = %d\n", s.a);
  pthread_join(t, 0);
  return 0;
}
