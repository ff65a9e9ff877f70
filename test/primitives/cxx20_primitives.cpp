// C++20 primitives, which libstdc++ builds on atomics (only compile-time
// wrapping sees them): std::binary_semaphore used as a lock in the opposite
// order to a mutex is a cycle; latches, barriers, futures and
// packaged_tasks in correct use are clean; a future waited on while holding
// the lock its producer needs is a hold-and-wait.
// RUN: %tangle-cxx -std=c++20 -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.cycle -- %t cycle 2>&1 | FileCheck --check-prefix=CYCLE %s
// RUN: %expect-exit 0 %tangle run --out %t.clean -- %t clean 2>&1 | FileCheck --check-prefix=CLEAN %s
// RUN: %expect-exit 66 %tangle run --out %t.hold -- %t hold 2>&1 | FileCheck --check-prefix=HOLD %s
// CYCLE: tangle: lock-order-inversion: {{(db_slot and log_mu|log_mu and db_slot)}} are taken in opposite orders
// CYCLE-DAG: cxx20_primitives.cpp:[[#@LINE+19]]:{{[0-9]+}}: in slot_then_log: acquired db_slot
// CYCLE-DAG: cxx20_primitives.cpp:[[#@LINE+25]]:{{[0-9]+}}: in log_then_slot: acquired db_slot while holding log_mu
// CLEAN-NOT: lock-order-inversion
// CLEAN: tangle: 0 findings in 1 session
// HOLD: tangle: hold-and-wait (confirmed): T1 waits for result while holding log_mu, which T{{[0-9]+}} (would wake it) needs
// HOLD: tangle: 1 finding (1 hold-and-wait) in 1 session
#include <barrier>
#include <cstring>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

std::binary_semaphore db_slot(1);
std::mutex log_mu;

void slot_then_log() {
  db_slot.acquire();
  { std::lock_guard<std::mutex> l(log_mu); }
  db_slot.release();
}

void log_then_slot() {
  std::lock_guard<std::mutex> l(log_mu);
  db_slot.acquire();
  db_slot.release();
}

void clean() {
  std::latch ready(3);
  std::barrier phase(3);
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&] {
      ready.count_down();
      phase.arrive_and_wait();
      if (db_slot.try_acquire())
        db_slot.release();
    });
  ready.wait();
  for (auto &w : workers)
    w.join();
  std::packaged_task<int()> task([] { return 42; });
  std::future<int> answer = task.get_future();
  std::thread runner(std::move(task));
  std::promise<int> promised;
  std::future<int> later = promised.get_future();
  std::thread setter([&] { promised.set_value(7); });
  int sum = answer.get() + later.get();
  runner.join();
  setter.join();
  if (sum != 49)
    std::abort();
}

void hold() {
  std::promise<int> p;
  std::future<int> result = p.get_future();
  std::unique_lock<std::mutex> l(log_mu);
  std::thread producer([&] {
    std::lock_guard<std::mutex> g(log_mu); // needs the lock to produce
    p.set_value(1);
  });
  result.wait_for(std::chrono::milliseconds(200)); // not forever
  l.unlock();
  result.wait(); // now it can
  producer.join();
}

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "cycle")) {
    std::thread(slot_then_log).join();
    std::thread(log_then_slot).join();
  } else if (!strcmp(argv[1], "clean")) {
    clean();
  } else {
    hold();
  }
  return 0;
}
