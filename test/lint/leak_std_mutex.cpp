// get_value with std::mutex's lock() and unlock() by hand: the early return
// leaks it. The twin returns through a lock_guard and is clean.
// RUN: %expect-exit 1 %tangle lint %s -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=get_guarded
// CHECK: tangle: lock-leak: Table::get can return holding mu_, which it releases on other paths
// CHECK: leak_std_mutex.cpp:[[#@LINE+8]]:9: in Table::get: acquired mu_
// CHECK: leak_std_mutex.cpp:[[#@LINE+9]]:7: in Table::get: returns holding mu_
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file
#include <mutex>

class Table {
public:
  int get(int index, int *out) {
    mu_.lock();
    if (index < 0 || index >= 4)
      return -1;
    *out = values_[index];
    mu_.unlock();
    return 0;
  }
  int get_guarded(int index, int *out) {
    std::lock_guard<std::mutex> guard(mu_);
    if (index < 0 || index >= 4)
      return -1;
    *out = values_[index];
    return 0;
  }

private:
  std::mutex mu_;
  int values_[4] = {};
};

int use(Table &t) {
  int v = 0;
  return t.get(1, &v) + t.get_guarded(2, &v);
}
