// The seed in C++: two std::threads increment a global without a lock.
// The twin is join_handoff_no_race.cpp.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: data-race: T{{[23]}} {{writes|reads}} g_num and T{{[23]}} {{wrote|read}} it, with nothing ordering the two
// CHECK: gnum_std_thread.cpp:[[#@LINE+10]]:{{[0-9]+}}: in lambda in main: {{writes|reads}} 4 bytes of g_num, holding no lock
// CHECK: tangle: 1 finding (1 data-race) in 1 session
#include <cstdio>
#include <thread>

int g_num;

int main() {
  auto work = [] {
    for (int i = 0; i < 100000; ++i)
      g_num += 1;
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  std::printf("g_num = %d\n", g_num);
}
