// Odd C never crashes lint: K&R definitions, macros that hide the locking,
// GNU statement expressions, computed goto, __attribute__((cleanup)) as a
// scoped lock, a function called through a pointer, a switch, a variadic
// function, nested unnamed structs, noreturn error paths. The cleanup idiom
// is no leak; the one real finding is the K&R function's early return.
// RUN: %expect-exit 1 %tangle lint %s -- -std=gnu11 2>&1 | FileCheck %s --implicit-check-not=scoped_use --implicit-check-not=checked
// CHECK: tangle: lock-leak: old_style can return holding big_lock, which it releases on other paths
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
#define LOCKED(stmt) do { pthread_mutex_lock(&big_lock); stmt; pthread_mutex_unlock(&big_lock); } while (0)

int old_style(a, b)
  int a;
  int b;
{
  pthread_mutex_lock(&big_lock);
  if (a > b)
    return a;
  pthread_mutex_unlock(&big_lock);
  return b;
}

static void unlock_cleanup(pthread_mutex_t **m) { pthread_mutex_unlock(*m); }
#define SCOPED_LOCK(m) pthread_mutex_t *scoped_ __attribute__((cleanup(unlock_cleanup))) = (m); pthread_mutex_lock(scoped_)

int scoped_use(int x) {
  SCOPED_LOCK(&big_lock);
  if (x)
    return 1;
  return 0;
}

int gnu(int x) {
  int y = ({ int t; LOCKED(t = x * 2); t; });
  static void *labels[] = {&&one, &&two};
  goto *labels[y & 1];
one:
  return 1;
two:
  return 2;
}

struct outer {
  struct {
    pthread_mutex_t mu;
  } inner;
  union {
    int i;
    float f;
  };
};

void nested(struct outer *o) {
  pthread_mutex_lock(&o->inner.mu);
  o->i = 1;
  pthread_mutex_unlock(&o->inner.mu);
}

static void (*callback)(int);
void through_pointer(int v) {
  pthread_mutex_lock(&big_lock);
  if (callback)
    callback(v);
  pthread_mutex_unlock(&big_lock);
}

int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  LOCKED(for (int i = 0; i < n; i++) s += va_arg(ap, int));
  va_end(ap);
  return s;
}

int dispatch(int op) {
  pthread_mutex_lock(&big_lock);
  switch (op) {
  case 0:
    pthread_mutex_unlock(&big_lock);
    return 0;
  case 1 ... 3:
    break;
  default:
    pthread_mutex_unlock(&big_lock);
    abort();
  }
  pthread_mutex_unlock(&big_lock);
  return op;
}

int checked(int x) {
  pthread_mutex_lock(&big_lock);
  if (x < 0)
    abort(); // does not return: not a leak
  pthread_mutex_unlock(&big_lock);
  return x;
}
