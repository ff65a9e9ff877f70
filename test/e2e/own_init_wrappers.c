// A lock in a heap object, initialised and taken through the program's own
// wrappers in another module (Open vSwitch's ipf_lock: ovs_mutex_init, two
// levels deep, and ovs_mutex_lock_at): the lock is named as the caller
// wrote it, ipf->ipf_lock, not by the wrappers' parameters (m, l).
// The clean thread starts only once ipf_destroy holds the lock, so the
// deadlock is certain rather than a matter of scheduling.
// RUN: %tangle-cc -O2 -I %S/Inputs %s %S/Inputs/own_mutex.c -o %t
// RUN: %expect-exit 66 %tangle run --deadlock-timeout 2 --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: hold-and-wait (confirmed): T1 joins T2 while holding ipf->ipf_lock, which T2
// CHECK: own_init_wrappers.c:[[#@LINE+26]]:3: in ipf_destroy: acquired ipf->ipf_lock
// CHECK: own_init_wrappers.c:[[#@LINE+27]]:3: in ipf_destroy: joins T2 while holding ipf->ipf_lock
// CHECK-NOT: {{ (m|l)( |$)}}
// CHECK: tangle: 2 findings (1 deadlock, 1 hold-and-wait) in 1 session
#include "own_mutex.h"
#include <semaphore.h>
#include <stdlib.h>

struct ipf {
  int fragments;
  struct own_mutex ipf_lock;
  pthread_t clean_thread;
};

static sem_t destroy_holds_lock;

static void *clean(void *arg) {
  struct ipf *ipf = arg;
  sem_wait(&destroy_holds_lock);
  own_mutex_lock(&ipf->ipf_lock);
  ipf->fragments = 0;
  own_mutex_unlock(&ipf->ipf_lock);
  return 0;
}

static void ipf_destroy(struct ipf *ipf) {
  own_mutex_lock(&ipf->ipf_lock);
  sem_post(&destroy_holds_lock);
  pthread_join(ipf->clean_thread, 0);
  own_mutex_unlock(&ipf->ipf_lock);
}

int main(void) {
  struct ipf *ipf = calloc(1, sizeof *ipf);
  own_mutex_init(&ipf->ipf_lock);
  sem_init(&destroy_holds_lock, 0, 0);
  pthread_create(&ipf->clean_thread, 0, clean, ipf);
  ipf_destroy(ipf);
  return 0;
}
