// Odd C++ never crashes lint: templates (instances analysed, patterns not),
// lambdas (their own functions, named "lambda in f"), a coroutine, virtual
// calls, operators, a recursive pair, exceptions. One real finding, a leak
// in a lambda, shows they were analysed.
// RUN: %expect-exit 1 %tangle lint %s -- -std=c++20 2>&1 | FileCheck %s
// CHECK: tangle: lock-leak: lambda in run_jobs can return holding jobs_mu, which it releases on other paths
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file
#include <coroutine>
#include <mutex>
#include <stdexcept>
#include <vector>

std::mutex jobs_mu;

template <class T> struct Guarded {
  std::mutex mu;
  T value{};
  template <class F> auto with(F f) {
    std::lock_guard<std::mutex> g(mu);
    return f(value);
  }
};

int use_templates() {
  Guarded<int> gi;
  Guarded<std::vector<int>> gv;
  return gi.with([](int v) { return v + 1; }) +
         (int)gv.with([](std::vector<int> &v) { return v.size(); });
}

int run_jobs(int n) {
  auto take = [&](int i) {
    jobs_mu.lock();
    if (i > n)
      return -1; // leaks jobs_mu
    jobs_mu.unlock();
    return 0;
  };
  return take(1);
}

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task coro() {
  std::lock_guard<std::mutex> g(jobs_mu);
  co_return;
}

struct Base {
  virtual void work() = 0;
  virtual ~Base() = default;
};
struct Impl : Base {
  std::mutex m;
  void work() override { std::lock_guard<std::mutex> g(m); }
};
void call_virtual(Base &b) { b.work(); }

struct Counter {
  std::mutex m;
  int n = 0;
  Counter &operator++() {
    std::lock_guard<std::mutex> g(m);
    ++n;
    return *this;
  }
};

int odd(int n);
int even(int n) { return n == 0 ? 1 : odd(n - 1); }
int odd(int n) {
  {
    std::lock_guard<std::mutex> g(jobs_mu); // released before recursing
    if (n < 0)
      return -1;
  }
  return n == 0 ? 0 : even(n - 1);
}

int throws(int x) {
  std::lock_guard<std::mutex> g(jobs_mu);
  if (x < 0)
    throw std::runtime_error("negative");
  return x;
}
