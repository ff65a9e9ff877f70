// std::recursive_mutex re-entered through nested lock_guards: no finding.
// RUN: %tangle-cxx -O0 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <mutex>
#include <thread>

std::recursive_mutex registry_mu;
std::mutex log_mu;

void log_line() {
  std::lock_guard<std::recursive_mutex> again(registry_mu);
  std::lock_guard<std::mutex> l(log_mu);
}

void update() {
  std::lock_guard<std::recursive_mutex> g(registry_mu);
  log_line();
}

int main() {
  std::thread a([] { for (int i = 0; i < 100; ++i) update(); });
  std::thread b([] { for (int i = 0; i < 100; ++i) update(); });
  a.join();
  b.join();
  return 0;
}
