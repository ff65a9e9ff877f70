// std::scoped_lock and std::lock take their locks at once (deadlock-free
// whatever the order): both orders are fine. So are two readers of a
// shared_mutex in opposite orders. Clean.
// RUN: %expect-exit 0 %tangle lint %s -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=lock-order-inversion
// CHECK: tangle: 0 findings in 1 file
#include <mutex>
#include <shared_mutex>

std::mutex a, b;
std::shared_mutex r1, r2;
int x;

void ab() {
  std::scoped_lock both(a, b);
  x++;
}
void ba() {
  std::scoped_lock both(b, a);
  x--;
}
void ab_lock() {
  std::lock(a, b);
  std::lock_guard<std::mutex> la(a, std::adopt_lock);
  std::lock_guard<std::mutex> lb(b, std::adopt_lock);
  x++;
}
void read12() {
  std::shared_lock<std::shared_mutex> l1(r1);
  std::shared_lock<std::shared_mutex> l2(r2);
}
void read21() {
  std::shared_lock<std::shared_mutex> l2(r2);
  std::shared_lock<std::shared_mutex> l1(r1);
}
