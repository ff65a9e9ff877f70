// Function-local statics and std::call_once: initialised once, by
// whichever thread comes first, and read by all. Clean.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: config 8080, table 4950
// CHECK: tangle: 0 findings in 1 session
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

struct Config {
  int port;
  Config() : port(8080) {}
};

const Config &config() {
  static Config instance; // a guarded static
  return instance;
}

std::once_flag table_once;
long table[100];

long table_sum() {
  std::call_once(table_once, [] {
    for (int i = 0; i < 100; ++i)
      table[i] = i;
  });
  long s = 0;
  for (long v : table)
    s += v;
  return s;
}

int main() {
  std::vector<std::thread> threads;
  int ports[4];
  long sums[4];
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &ports, &sums] {
      ports[t] = config().port;
      sums[t] = table_sum();
    });
  for (auto &t : threads)
    t.join();
  std::printf("config %d, table %ld\n", ports[3], sums[3]);
}
