// release/acquire publication, and a release fence with an acquire fence:
// the payloads are ordered. Clean.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: payload = 42, fenced = 7
// CHECK: tangle: 0 findings in 1 session
#include <atomic>
#include <cstdio>
#include <thread>

int payload, fenced;
std::atomic<bool> ready, fence_ready;

int main() {
  std::thread producer([] {
    payload = 42;
    ready.store(true, std::memory_order_release);
    fenced = 7;
    std::atomic_thread_fence(std::memory_order_release);
    fence_ready.store(true, std::memory_order_relaxed);
  });
  std::thread consumer([] {
    while (!ready.load(std::memory_order_acquire))
      std::this_thread::yield();
    while (!fence_ready.load(std::memory_order_relaxed))
      std::this_thread::yield();
    std::atomic_thread_fence(std::memory_order_acquire);
    std::printf("payload = %d, fenced = %d\n", payload, fenced);
  });
  producer.join();
  consumer.join();
}
