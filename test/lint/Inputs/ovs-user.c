// Users of the wrappers, OVS style: a datapath with its own mutex, a global
// mutex, a REQUIRES helper, a condition wait through the wrapper.
#include "ovs-thread.h"

struct dp {
  struct ovs_mutex mutex;
  int n_flows;
};

static struct ovs_mutex upcall_mutex;
static pthread_cond_t upcall_cond;
static int upcalls;

static void count_upcall(struct dp *dp) OVS_REQUIRES(dp->mutex) {
  ovs_mutex_lock(&upcall_mutex);
  upcalls += dp->n_flows;
  ovs_mutex_unlock(&upcall_mutex);
}

void dp_flow_put(struct dp *dp) {
  ovs_mutex_lock(&dp->mutex);
  dp->n_flows++;
  count_upcall(dp);
  ovs_mutex_unlock(&dp->mutex);
}

// Takes the two the other way round: an inversion through the wrappers.
void upcall_flush(struct dp *dp) {
  ovs_mutex_lock(&upcall_mutex);
  ovs_mutex_lock(&dp->mutex);
  dp->n_flows = 0;
  ovs_mutex_unlock(&dp->mutex);
  ovs_mutex_unlock(&upcall_mutex);
}

// Returns early without unlocking the datapath: a leak.
int dp_flow_count(struct dp *dp) {
  ovs_mutex_lock(&dp->mutex);
  if (OVS_UNLIKELY(dp->n_flows < 0))
    return -1;
  int n = dp->n_flows;
  ovs_mutex_unlock(&dp->mutex);
  return n;
}

// Trylock through the wrapper: nothing held where it failed. Clean.
int dp_try_count(struct dp *dp) {
  if (ovs_mutex_trylock(&dp->mutex))
    return -1;
  int n = dp->n_flows;
  ovs_mutex_unlock(&dp->mutex);
  return n;
}

// Waits for upcalls through the REQUIRES wrapper, on upcall_mutex, while
// holding the datapath's mutex, which the signaller needs: confirmed.
void dp_wait_upcall(struct dp *dp) {
  ovs_mutex_lock(&dp->mutex);
  ovs_mutex_lock(&upcall_mutex);
  while (!upcalls)
    ovs_mutex_cond_wait(&upcall_cond, &upcall_mutex);
  ovs_mutex_unlock(&upcall_mutex);
  ovs_mutex_unlock(&dp->mutex);
}

void dp_signal_upcall(struct dp *dp) {
  ovs_mutex_lock(&dp->mutex);
  ovs_mutex_lock(&upcall_mutex);
  upcalls++;
  pthread_cond_signal(&upcall_cond);
  ovs_mutex_unlock(&upcall_mutex);
  ovs_mutex_unlock(&dp->mutex);
}
