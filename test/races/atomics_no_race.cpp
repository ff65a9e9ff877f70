// Atomic counters, relaxed included, and a seq_cst one: atomics never race
// with each other. Clean.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: relaxed = 400000, seq_cst = 400000
// CHECK: tangle: 0 findings in 1 session
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<long> relaxed_count, seq_count;

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 100000; ++i) {
        relaxed_count.fetch_add(1, std::memory_order_relaxed);
        seq_count++;
      }
    });
  for (auto &t : threads)
    t.join();
  std::printf("relaxed = %ld, seq_cst = %ld\n", relaxed_count.load(), seq_count.load());
}
