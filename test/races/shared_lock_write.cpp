// The C++ form of a write under a read lock: std::shared_lock on a
// std::shared_mutex, then a write. Reported.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[23]}} {{writes|reads}} hits and T{{[23]}} {{wrote|read}} it, with nothing ordering the two
// CHECK: holding registry_mutex
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <shared_mutex>
#include <thread>

std::shared_mutex registry_mutex;
long hits;

int main() {
  auto lookup = [] {
    for (int i = 0; i < 100000; ++i) {
      std::shared_lock<std::shared_mutex> guard(registry_mutex);
      ++hits; // a write under a shared lock
    }
  };
  std::thread a(lookup), b(lookup);
  a.join();
  b.join();
}
