// Two threads write two int fields of one struct, in one 8 bytes of
// memory (one shadow granule: the struct is 8-aligned), unordered (T2 only spins on a relaxed flag); main joins T2 and
// reads both. Its read of `a` races with T1's write, although T2's later
// write of `b` is the granule's last write: the detector keeps T1's write
// for the bytes T2's did not touch. Its read of `b` is ordered by the join.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T1 reads s.a and {{T[23]}} wrote it, with nothing ordering the two
// CHECK: adjacent_fields.c:[[#@LINE+29]]:{{[0-9]+}}: in main: reads 4 bytes of s.a, holding no lock
// CHECK: adjacent_fields.c:[[#@LINE+11]]:{{[0-9]+}}: in first: wrote 4 bytes of s.a, holding no lock
// CHECK-NOT: s.b
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct { int a, b; } s __attribute__((aligned(8))); // one granule
atomic_int flag;

static void *first(void *arg) {
  s.a = 1;
  atomic_store_explicit(&flag, 1, memory_order_relaxed);
  return arg;
}

static void *second(void *arg) {
  while (atomic_load_explicit(&flag, memory_order_relaxed) != 1)
    ;
  s.b = 2;
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, first, 0);
  pthread_create(&t2, 0, second, 0);
  pthread_join(t2, 0);
  printf("a = %d\n", s.a);
  printf("b = %d\n", s.b);
  pthread_join(t1, 0);
  return 0;
}
