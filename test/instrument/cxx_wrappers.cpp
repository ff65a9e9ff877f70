// User calls of libstdc++ lock wrappers are bracketed by a context that
// carries the user's site and lock names; the pthread calls inside the
// library become hooks at library sites.
// RUN: %clang -g -O0 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=ADD < %t.ll
// RUN: FileCheck %s --check-prefix=BOTH < %t.ll
// RUN: FileCheck %s --check-prefix=NAMES < %t.ll
// RUN: %clang -g -O2 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
#include <mutex>

struct Registry {
  std::mutex mu_;
  int n = 0;
  void add() {
    std::lock_guard<std::mutex> g(mu_);
    ++n;
  }
};

std::mutex a, b;

// ADD-LABEL: define {{.*}}@_ZN8Registry3addEv(
// ADD: call void @__tangle_context_enter(ptr {{.*}}@tangle.sites{{.*}}, ptr
// ADD-NEXT: call void @_ZNSt10lock_guardISt5mutexEC2ERS0_(
// ADD-NEXT: call void @__tangle_context_leave(

// BOTH-LABEL: define {{.*}}@_Z4bothv(
// BOTH: call void @__tangle_context_enter_n(ptr {{.*}}@tangle.sites{{.*}}, i32 2, ptr
// BOTH-NEXT: call void @_ZNSt11scoped_lockIJSt5mutexS0_EEC2ERS0_S2_(
void both() { std::scoped_lock l(a, b); }

// Inside the library, the lock call is a hook at a library site (flag 1).
// CHECK: call i32 @__tangle_pthread_mutex_lock(
// NAMES-DAG: c"mu_\00"
// NAMES-DAG: c"a\00"
// NAMES-DAG: c"b\00"
// NAMES-DAG: c"Registry::add\00"
// NAMES-DAG: { i32 0, i32 1, i32 {{[0-9]+}}, i32 {{[0-9]+}}, ptr {{.*}}, ptr {{.*}}, ptr null }

// After inlining, the brackets surround the library's now-inlined hook.
// O2-LABEL: define {{.*}}@_Z4bothv(
// O2: call void @__tangle_context_enter_n(
// O2: call {{.*}}i32 @__tangle_pthread_mutex_lock(
// O2: call void @__tangle_context_leave(

int main() {
  Registry r;
  r.add();
  both();
}
