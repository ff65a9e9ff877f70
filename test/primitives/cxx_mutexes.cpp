// The C++ library's locks: std::timed_mutex, std::recursive_mutex,
// std::shared_mutex with std::shared_lock, std::condition_variable and
// condition_variable_any with predicates, std::call_once and std::thread.
// Correct use is clean; a writer and a reader of a shared_mutex in opposite
// orders with a mutex is reported, at the user's lines, with user names.
// RUN: %tangle-cxx -std=c++17 -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.clean -- %t clean 2>&1 | FileCheck --check-prefix=CLEAN %s
// RUN: %expect-exit 66 %tangle run --out %t.bad -- %t inversion 2>&1 | FileCheck --check-prefix=BAD %s
// CLEAN: tangle: 0 findings in 1 session
// BAD: tangle: lock-order-inversion: {{(registry_mu and audit_mu|audit_mu and registry_mu)}} are taken in opposite orders
// BAD-DAG: cxx_mutexes.cpp:[[#@LINE+22]]:{{[0-9]+}}: in write_then_audit: acquired registry_mu
// BAD-DAG: cxx_mutexes.cpp:[[#@LINE+28]]:{{[0-9]+}}: in audit_then_read: acquired registry_mu while holding audit_mu
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

std::shared_mutex registry_mu;
std::mutex audit_mu;
std::timed_mutex slow_mu;
std::recursive_mutex tree_mu;
std::mutex queue_mu;
std::condition_variable queue_cv;
std::condition_variable_any any_cv;
std::once_flag init_once;
std::vector<int> queue;
int registry, initialised;

void write_then_audit() {
  std::unique_lock<std::shared_mutex> w(registry_mu);
  std::lock_guard<std::mutex> a(audit_mu);
  ++registry;
}

void audit_then_read() {
  std::lock_guard<std::mutex> a(audit_mu);
  std::shared_lock<std::shared_mutex> r(registry_mu);
}

void walk(int depth) {
  std::lock_guard<std::recursive_mutex> g(tree_mu);
  if (depth)
    walk(depth - 1);
}

void clean() {
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i)
    readers.emplace_back([] {
      std::call_once(init_once, [] { initialised = 1; });
      for (int j = 0; j < 1000; ++j)
        std::shared_lock<std::shared_mutex> r(registry_mu);
    });
  std::thread writer([] {
    for (int j = 0; j < 1000; ++j) {
      std::unique_lock<std::shared_mutex> w(registry_mu);
      ++registry;
    }
  });
  std::thread timed([] {
    if (slow_mu.try_lock_for(std::chrono::milliseconds(100)))
      slow_mu.unlock();
    walk(5);
  });
  std::thread consumer([] {
    std::unique_lock<std::mutex> l(queue_mu);
    queue_cv.wait(l, [] { return !queue.empty(); });
    any_cv.wait_for(l, std::chrono::milliseconds(1), [] { return true; });
  });
  {
    std::lock_guard<std::mutex> l(queue_mu);
    queue.push_back(1);
  }
  queue_cv.notify_one();
  for (auto &r : readers)
    r.join();
  writer.join();
  timed.join();
  consumer.join();
}

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "clean")) {
    clean();
    return initialised ? 0 : 1;
  }
  std::thread(write_then_audit).join();
  std::thread(audit_then_read).join();
  return 0;
}
