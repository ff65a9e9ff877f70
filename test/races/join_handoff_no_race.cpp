// Sequential hand-off: each thread works on the global after the one
// before it was joined. Clean.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: g_num = 300000
// CHECK: tangle: 0 findings in 1 session
#include <cstdio>
#include <thread>

int g_num;

int main() {
  auto work = [] {
    for (int i = 0; i < 100000; ++i)
      g_num += 1;
  };
  for (int round = 0; round < 3; ++round) {
    std::thread t(work);
    t.join();
  }
  std::printf("g_num = %d\n", g_num);
}
