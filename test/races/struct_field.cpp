// Four std::threads increment one field of a shared struct; the other
// field is only read. Reported on the field.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[2-5]}} {{writes|reads}} stats.hits and T{{[2-5]}} {{wrote|read}} it, with nothing ordering the two
// CHECK-NOT: stats.limit
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <cstdio>
#include <thread>
#include <vector>

struct Stats {
  long hits;
  long limit;
};
Stats stats = {0, 1000};

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (long i = 0; i < stats.limit; ++i)
        stats.hits++;
    });
  for (auto &t : threads)
    t.join();
  std::printf("hits = %ld\n", stats.hits);
}
