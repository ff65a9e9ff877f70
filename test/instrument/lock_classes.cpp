// The class of a member lock is its type and field (namespaces kept,
// template arguments and typedef'd anonymous structs named as the source
// names them), the same for the pass (site table) and for tangle lint.
// RUN: %clang -g -O0 -std=c++17 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o - | FileCheck --check-prefix=PASS %s
// RUN: %tangle lint --print-summaries %s -- -std=c++17 | FileCheck --check-prefix=LINT %s
#include <mutex>
#include <pthread.h>

namespace shop {
struct Registry {
  std::mutex mu_;
  void add();
};
template <class T> struct Box {
  pthread_mutex_t m;
  T v;
};
} // namespace shop

typedef struct {
  pthread_mutex_t lock;
} counter_t;

pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;

// PASS-DAG: c"shop::Registry::mu_\00"
// LINT-DAG: acquire [mu_ : shop::Registry::mu_]
void shop::Registry::add() { std::lock_guard<std::mutex> g(mu_); }
// PASS-DAG: c"shop::Box::m\00"
// LINT-DAG: acquire [b->m : shop::Box::m]
void box(shop::Box<int> *b) { pthread_mutex_lock(&b->m); }
// PASS-DAG: c"counter_t::lock\00"
// LINT-DAG: acquire [c->lock : counter_t::lock]
void count(counter_t *c) { pthread_mutex_lock(&c->lock); }
// A global's lock: its name is its class.
// PASS-DAG: c"plain\00"
// LINT-DAG: acquire [plain : plain]
void global() { pthread_mutex_lock(&plain); }
