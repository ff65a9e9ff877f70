// A flag parameter decides whether a function locks: callers that hold the
// lock pass true and are clean (also through a wrapper that passes its own
// flag down); the one that holds it and passes false locks it twice.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=flush_locked --implicit-check-not=wrapped_locked
// CHECK: tangle: double-lock: buggy_flush locks q->mu again while holding it
// CHECK: param_conditions.c:[[#@LINE+32]]:3: in buggy_flush: acquired q->mu
// CHECK: param_conditions.c:[[#@LINE+32]]:3: in buggy_flush: calls flush
// CHECK: param_conditions.c:[[#@LINE+9]]:5: in flush: locks it again while holding it
// CHECK: tangle: 1 finding (1 double-lock) in 1 file
#include <pthread.h>
#include <stdbool.h>

struct queue { pthread_mutex_t mu; int n; };

void flush(struct queue *q, bool locked) {
  if (!locked)
    pthread_mutex_lock(&q->mu);
  q->n = 0;
  if (!locked)
    pthread_mutex_unlock(&q->mu);
}

static void flush_via(struct queue *q, bool locked) { flush(q, locked); }

void flush_locked(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  flush(q, true);
  pthread_mutex_unlock(&q->mu);
}

void wrapped_locked(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  flush_via(q, true);
  pthread_mutex_unlock(&q->mu);
}

void buggy_flush(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  flush(q, false);
  pthread_mutex_unlock(&q->mu);
}
