// C11 threads: mtx_t in opposite orders is reported; cnd_t waits and
// thrd_join in correct use are clean.
// RUN: %tangle-cc -std=c11 -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.bad -- %t opposite 2>&1 | FileCheck --check-prefix=BAD %s
// RUN: %expect-exit 0 %tangle run --out %t.good -- %t same 2>&1 | FileCheck --check-prefix=GOOD %s
// BAD: tangle: lock-order-inversion: {{(left and right|right and left)}} are taken in opposite orders
// BAD: c11_threads.c:{{[0-9]+}}:3: in take_both: acquired {{left|right}}
// GOOD: tangle: 0 findings in 1 session
#include <string.h>
#include <threads.h>

static mtx_t left, right, flag_lock;
static cnd_t flag_set;
static int flag;

static void take_both(mtx_t *a, mtx_t *b) {
  mtx_lock(a);
  mtx_lock(b);
  mtx_unlock(b);
  mtx_unlock(a);
}

static int forward(void *arg) {
  take_both(&left, &right);
  mtx_lock(&flag_lock);
  flag = 1;
  cnd_signal(&flag_set);
  mtx_unlock(&flag_lock);
  return 0;
}

static int backward(void *arg) {
  mtx_lock(&flag_lock);
  while (!flag)
    cnd_wait(&flag_set, &flag_lock);
  mtx_unlock(&flag_lock);
  if (arg)
    take_both(&right, &left);
  else
    take_both(&left, &right);
  return 0;
}

int main(int argc, char **argv) {
  mtx_init(&left, mtx_plain);
  mtx_init(&right, mtx_plain);
  mtx_init(&flag_lock, mtx_plain);
  cnd_init(&flag_set);
  thrd_t a, b;
  thrd_create(&b, backward, !strcmp(argv[1], "opposite") ? (void *)1 : 0);
  thrd_create(&a, forward, 0);
  thrd_join(a, 0);
  thrd_join(b, 0);
  return 0;
}
