// A payload published with a relaxed atomic flag: the flag's store and
// load do not order the payload's write and read. Reported on the
// payload, not the flag. The twin release_acquire_no_race.cpp uses
// release and acquire.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[0-9]}} {{writes|reads}} payload and T{{[0-9]}} {{wrote|read}} it, with nothing ordering the two
// CHECK-NOT: ready
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <atomic>
#include <cstdio>
#include <thread>

int payload;
std::atomic<bool> ready;

int main() {
  std::thread producer([] {
    payload = 42;
    ready.store(true, std::memory_order_relaxed);
  });
  std::thread consumer([] {
    while (!ready.load(std::memory_order_relaxed))
      std::this_thread::yield();
    std::printf("payload = %d\n", payload);
  });
  producer.join();
  consumer.join();
}
