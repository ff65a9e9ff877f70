// Branches on one member, tested twice (OVS's test-mpsc-queue: a mutex or a
// spinlock, whichever the struct has), follow one another; a member changed
// in between forgets what it was. Its twin tests two different members.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=either
// CHECK: tangle: lock-leak: mixed can return holding aux->mutex, which it releases on other paths
// CHECK: tangle: lock-leak: mixed can return holding aux->spin, which it releases on other paths
// CHECK: tangle: 2 findings (2 lock-leak) in 1 file
#include <pthread.h>

struct aux { pthread_mutex_t *mutex; pthread_spinlock_t *spin; int use_spin; int n; };

void either(struct aux *aux) {
  aux->mutex ? pthread_mutex_lock(aux->mutex) : pthread_spin_lock(aux->spin);
  aux->n++;
  aux->mutex ? pthread_mutex_unlock(aux->mutex) : pthread_spin_unlock(aux->spin);
}

void mixed(struct aux *aux) {
  if (aux->use_spin)
    pthread_spin_lock(aux->spin);
  else
    pthread_mutex_lock(aux->mutex);
  aux->n++;
  if (aux->spin) // not the member tested above
    pthread_spin_unlock(aux->spin);
  else
    pthread_mutex_unlock(aux->mutex);
}
