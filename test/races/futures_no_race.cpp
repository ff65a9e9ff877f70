// A thread pool: workers take std::packaged_task jobs from a queue under a
// mutex and condition variable; the caller reads each result through its
// std::future. Clean.
// RUN: %tangle-cxx -ftangle-races -O1 %s -o %t
// RUN: %expect-exit 0 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: sum of squares: 328350
// CHECK: tangle: 0 findings in 1 session
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers.emplace_back([this] { run(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> g(mu);
      stopping = true;
    }
    cv.notify_all();
    for (auto &w : workers)
      w.join();
  }
  std::future<long> submit(std::packaged_task<long()> task) {
    std::future<long> f = task.get_future();
    {
      std::lock_guard<std::mutex> g(mu);
      jobs.push_back(std::move(task));
    }
    cv.notify_one();
    return f;
  }

private:
  void run() {
    for (;;) {
      std::packaged_task<long()> job;
      {
        std::unique_lock<std::mutex> l(mu);
        cv.wait(l, [this] { return stopping || !jobs.empty(); });
        if (jobs.empty())
          return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      job();
    }
  }
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::packaged_task<long()>> jobs;
  std::vector<std::thread> workers;
  bool stopping = false;
};

int main() {
  Pool pool(3);
  std::vector<std::future<long>> results;
  for (long i = 0; i < 100; ++i)
    results.push_back(pool.submit(std::packaged_task<long()>([i] { return i * i; })));
  long sum = 0;
  for (auto &f : results)
    sum += f.get();
  std::printf("sum of squares: %ld\n", sum);
}
