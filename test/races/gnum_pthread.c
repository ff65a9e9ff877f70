// The seed: two threads run `g_num += 1` a million times each on a global,
// with nothing between them. Reported once (one pair of sites), naming the
// variable, both accesses and where each thread was created. The twin
// gnum_mutex_no_race.c takes a mutex around the increment.
// RUN: %tangle-cc -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// RUN: %tangle-cc -ftangle-races -O0 %s -o %t.O0
// RUN: %expect-exit 66 %tangle run --out %t.O0out -- %t.O0 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[23]}} {{writes|reads}} g_num and T{{[23]}} {{wrote|read}} it, with nothing ordering the two
// CHECK-NEXT: T{{[23]}} (pid {{[0-9]+}}, tid {{[0-9]+}}), running work, created at {{.*}}gnum_pthread.c:{{2[89]}}:3 in main:
// CHECK-NEXT: gnum_pthread.c:[[#@LINE+11]]:{{[0-9]+}}: in work: {{writes|reads}} 4 bytes of g_num, holding no lock
// CHECK: T{{[23]}} (pid {{[0-9]+}}, tid {{[0-9]+}}), running work, created at {{.*}}gnum_pthread.c:{{[0-9]+}}:3 in main:
// CHECK-NEXT: gnum_pthread.c:[[#@LINE+9]]:{{[0-9]+}}: in work: {{wrote|read}} 4 bytes of g_num, holding no lock
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <pthread.h>
#include <stdio.h>

int g_num;

static void *work(void *arg) {
  for (int i = 0; i < 1000000; ++i)
    g_num += 1;
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("g_num = %d\n", g_num);
  return 0;
}
