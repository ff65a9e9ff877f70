// lock_guard, unique_lock and scoped_lock release at every exit of their
// scope, early returns included (clang's CFG has the destructors), and a
// guard in an inner scope releases at its end (then the lock is free to
// take again).
// RUN: %expect-exit 0 %tangle lint %s -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=lock-leak --implicit-check-not=double-lock
// CHECK: tangle: 0 findings in 1 file
#include <map>
#include <mutex>
#include <string>

class Registry {
public:
  int find(const std::string &key) {
    std::lock_guard<std::mutex> guard(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end())
      return -1;
    if (it->second < 0)
      return 0;
    return it->second;
  }
  bool add(const std::string &key, int v) {
    std::unique_lock<std::mutex> lock(mu_);
    if (entries_.count(key))
      return false;
    entries_[key] = v;
    return true;
  }
  void merge(Registry &other) {
    std::scoped_lock both(mu_, other.mu_);
    if (other.entries_.empty())
      return;
    entries_.insert(other.entries_.begin(), other.entries_.end());
  }

  int inner_scope(int n) {
    {
      std::lock_guard<std::mutex> guard(mu_);
      if (n < 0)
        return -1;
      entries_["n"] = n;
    }
    std::lock_guard<std::mutex> again(mu_);
    return (int)entries_.size();
  }

private:
  std::mutex mu_;
  std::map<std::string, int> entries_;
};
