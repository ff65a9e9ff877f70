// A unique_lock unlocked by hand before a slow call and locked again; the
// destructor releases what it owns at each return. try_to_lock and
// owns_lock() follow the lock only where it was taken.
// RUN: %expect-exit 0 %tangle lint %s -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=lock-leak --implicit-check-not=double-lock
// CHECK: tangle: 0 findings in 1 file
#include <mutex>

std::mutex mu;
int state;
int slow_io(int);

int update(int v) {
  std::unique_lock<std::mutex> lock(mu);
  int old = state;
  lock.unlock();
  int r = slow_io(v); // not while holding mu
  lock.lock();
  if (r < 0)
    return -1;
  state = old + r;
  return 0;
}

bool try_update(int v) {
  std::unique_lock<std::mutex> lock(mu, std::try_to_lock);
  if (!lock.owns_lock())
    return false;
  state = v;
  return true;
}

void handoff(int v) {
  std::unique_lock<std::mutex> lock(mu, std::defer_lock);
  if (v > 0) {
    lock.lock();
    state = v;
  }
}
