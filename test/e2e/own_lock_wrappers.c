// Locks taken through the program's own wrapper functions, defined in
// another module (as Open vSwitch's ovs_mutex_lock_at): the report names
// each lock as the caller wrote it (dp_mutex, not l->lock) and each step
// at the caller's line, not inside the wrapper.
// RUN: %tangle-cc -O1 -I %S/Inputs %s %S/Inputs/own_mutex.c -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: {{dp_mutex and port_mutex|port_mutex and dp_mutex}} are taken in opposite orders
// CHECK-DAG: own_lock_wrappers.c:[[#@LINE+12]]:3: in add_port: acquired dp_mutex
// CHECK-DAG: own_lock_wrappers.c:[[#@LINE+12]]:3: in add_port: acquired port_mutex while holding dp_mutex
// CHECK-DAG: own_lock_wrappers.c:[[#@LINE+19]]:3: in port_stats: acquired port_mutex
// CHECK-DAG: own_lock_wrappers.c:[[#@LINE+19]]:3: in port_stats: acquired dp_mutex while holding port_mutex
// CHECK-NOT: own_mutex.c
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
#include "own_mutex.h"

struct own_mutex dp_mutex, port_mutex;
int ports;

static void *add_port(void *arg) {
  own_mutex_lock(&dp_mutex);
  own_mutex_lock(&port_mutex);
  ports++;
  own_mutex_unlock(&port_mutex);
  own_mutex_unlock(&dp_mutex);
  return arg;
}

static void *port_stats(void *arg) {
  own_mutex_lock(&port_mutex);
  own_mutex_lock(&dp_mutex);
  ports--;
  own_mutex_unlock(&dp_mutex);
  own_mutex_unlock(&port_mutex);
  return arg;
}

int main(void) {
  own_mutex_init(&dp_mutex);
  own_mutex_init(&port_mutex);
  pthread_t a, b;
  pthread_create(&a, 0, add_port, 0);
  pthread_join(a, 0);
  pthread_create(&b, 0, port_stats, 0);
  pthread_join(b, 0);
  return 0;
}
