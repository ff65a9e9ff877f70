// std::lock_guard on struct members, in opposite orders: reported with the
// members' names and the user's lines (not libstdc++'s).
// RUN: %tangle-cxx -O0 %s -o %t0
// RUN: %expect-exit 66 %tangle run --out %t0.out -- %t0 2>&1 | FileCheck %s
// RUN: %tangle-cxx -O2 %s -o %t2
// RUN: %expect-exit 66 %tangle run --out %t2.out -- %t2 2>&1 | FileCheck %s
#include <mutex>
#include <thread>

struct Account {
  int balance = 100;
  std::mutex mu;
};

Account alice, bob;

// CHECK: tangle: lock-order-inversion: alice.mu and bob.mu are taken in opposite orders by [[T1:T[0-9]+]] and [[T2:T[0-9]+]]
// CHECK: [[T1]]
// CHECK: lock_guard_members_abba.cpp:[[#LINE1:@LINE+7]]:31: in transfer: acquired alice.mu
// CHECK: lock_guard_members_abba.cpp:[[#LINE1+1]]:31: in transfer: acquired bob.mu while holding alice.mu
// CHECK: [[T2]]
// CHECK: lock_guard_members_abba.cpp:[[#LINE1]]:31: in transfer: acquired bob.mu
// CHECK: lock_guard_members_abba.cpp:[[#LINE1+1]]:31: in transfer: acquired alice.mu while holding bob.mu
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
void transfer(Account &from, Account &to, int amount) {
  std::lock_guard<std::mutex> a(from.mu);
  std::lock_guard<std::mutex> b(to.mu);
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  std::thread t1(transfer, std::ref(alice), std::ref(bob), 10);
  t1.join();
  std::thread t2(transfer, std::ref(bob), std::ref(alice), 5);
  t2.join();
  return alice.balance + bob.balance == 200 ? 0 : 1;
}
