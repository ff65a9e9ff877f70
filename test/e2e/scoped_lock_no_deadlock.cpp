// std::scoped_lock takes its mutexes as a set (std::lock's try-and-back-off),
// so opposite argument orders cannot deadlock: no finding. std::lock the
// same.
// RUN: %tangle-cxx -O0 %s -o %t0
// RUN: %expect-exit 0 %tangle run --out %t0.out -- %t0 2>&1 | FileCheck %s
// RUN: %tangle-cxx -O2 %s -o %t2
// RUN: %expect-exit 0 %tangle run --out %t2.out -- %t2 2>&1 | FileCheck %s
// CHECK-NOT: lock-order-inversion
// CHECK: tangle: 0 findings in 1 session
#include <mutex>
#include <thread>

std::mutex m1, m2;
int shared;

int main() {
  std::thread a([] {
    for (int i = 0; i < 1000; ++i) {
      std::scoped_lock l(m1, m2);
      ++shared;
    }
  });
  std::thread b([] {
    for (int i = 0; i < 1000; ++i) {
      std::scoped_lock l(m2, m1);
      ++shared;
    }
  });
  std::thread c([] {
    for (int i = 0; i < 1000; ++i) {
      std::unique_lock<std::mutex> x(m2, std::defer_lock), y(m1, std::defer_lock);
      std::lock(x, y);
      ++shared;
    }
  });
  a.join();
  b.join();
  c.join();
  return shared == 3000 ? 0 : 1;
}
