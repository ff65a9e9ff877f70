//===- ProgramTest.cpp - summaries and their composition -------------------===//
#include "LintTestSupport.h"

#include <gtest/gtest.h>

using namespace tangle::lint;
using namespace tangle::lint::test;

namespace {

const char *Wrappers = R"(
  #include <pthread.h>
  pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;
  void lock_table(void) { pthread_mutex_lock(&table_mutex); }
  void unlock_table(void) { pthread_mutex_unlock(&table_mutex); }
  int grab(void) { return pthread_mutex_trylock(&table_mutex) == 0; }
)";

} // namespace

TEST(Program, AcquireReleaseAndTryFunctions) {
  auto P = analyse({{"w.c", Wrappers}});
  const Summary *Lock = summaryOf(*P, "lock_table");
  ASSERT_TRUE(Lock && Lock->Known);
  ASSERT_EQ(Lock->Outcomes.size(), 1u); // holds it on every path
  ASSERT_EQ(Lock->Outcomes[0].Acquired.size(), 1u);
  EXPECT_EQ(P->Paths.text(Lock->Outcomes[0].Acquired[0].Lock), "table_mutex");
  const Summary *Unlock = summaryOf(*P, "unlock_table");
  ASSERT_EQ(Unlock->Outcomes.size(), 1u);
  ASSERT_EQ(Unlock->Outcomes[0].Released.size(), 1u); // the caller's lock
  // The trylock wrapper: two ways back, told apart by what it returns.
  const Summary *Grab = summaryOf(*P, "grab");
  ASSERT_EQ(Grab->Outcomes.size(), 2u);
  for (const Outcome &O : Grab->Outcomes)
    EXPECT_TRUE(O.Returns.Known);
  EXPECT_TRUE(P->Leaks.empty());
}

TEST(Program, SummariesComposeAcrossUnits) {
  // The helper is in another translation unit: its lock counts at callers,
  // with the lock held meanwhile and the call chain.
  auto P = analyse({{"a.c", R"(
      #include <pthread.h>
      pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
      void take_b(void);
      void ab(void) { pthread_mutex_lock(&a); take_b(); pthread_mutex_unlock(&a); })"},
                    {"b.c", R"(
      #include <pthread.h>
      pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
      void take_b(void) { pthread_mutex_lock(&b); pthread_mutex_unlock(&b); })"}});
  const Summary *AB = summaryOf(*P, "ab");
  ASSERT_TRUE(AB);
  bool BUnderA = false;
  for (const Acquisition &A : AB->Acquires)
    if (P->Paths.text(A.Lock.Lock) == "b") {
      ASSERT_EQ(A.Inside.size(), 1u);
      EXPECT_EQ(P->Paths.text(A.Inside[0].Lock), "a");
      EXPECT_EQ(P->Chains.length(A.Lock.Via), 2u); // the call, then the lock
      BUnderA = true;
    }
  EXPECT_TRUE(BUnderA);
  // The edge a -> b was observed at ab, where a is held.
  ASSERT_EQ(P->Acquisitions.size(), 1u);
  EXPECT_EQ(P->Acquisitions[0].Function, "ab");
  // The locks held at the call.
  ASSERT_EQ(AB->Calls.size(), 1u);
  ASSERT_EQ(AB->Calls[0].Held.size(), 1u);
}

TEST(Program, ParametersAreRewrittenAtEachCall) {
  auto P = analyse({{"t.c", R"(
      #include <pthread.h>
      struct account { pthread_mutex_t mu; int balance; };
      struct account alice, bob;
      static void lock2(struct account *x, struct account *y) {
        pthread_mutex_lock(&x->mu); pthread_mutex_lock(&y->mu);
      }
      void t1(void) { lock2(&alice, &bob); }
      void t2(void) { lock2(&bob, &alice); })"}});
  // In lock2 both are account::mu; at its callers, two different globals.
  std::set<std::pair<std::string, std::string>> Edges;
  for (const AcquireObservation &O : P->Acquisitions)
    for (const HeldLock &H : O.Held)
      Edges.insert({P->Paths.lockClass(H.Lock).str(),
                    P->Paths.lockClass(O.Acquired.Lock).str()});
  EXPECT_TRUE(Edges.count({"alice.mu", "bob.mu"}));
  EXPECT_TRUE(Edges.count({"bob.mu", "alice.mu"}));
}

TEST(Program, ParameterConditionsSelectEffects) {
  auto P = analyse({{"t.c", R"(
      #include <pthread.h>
      pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
      void maybe(int locked) { if (!locked) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); } }
      void holder(void) { pthread_mutex_lock(&m); maybe(1); pthread_mutex_unlock(&m); }
      void bad(void) { pthread_mutex_lock(&m); maybe(0); pthread_mutex_unlock(&m); })"}});
  const Summary *Maybe = summaryOf(*P, "maybe");
  ASSERT_EQ(Maybe->Acquires.size(), 1u);
  ASSERT_EQ(Maybe->Acquires[0].Conds.size(), 1u);
  EXPECT_EQ(Maybe->Acquires[0].Conds[0].Param, 0);
  ASSERT_EQ(P->DoubleLocks.size(), 1u);
  EXPECT_EQ(P->DoubleLocks[0].Function, "bad");
}

TEST(Program, RecursionSettles) {
  auto P = analyse({{"t.c", R"(
      #include <pthread.h>
      pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
      int odd(int n);
      int even(int n) { return n ? odd(n - 1) : 1; }
      int odd(int n) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return n ? even(n - 1) : 0; })"}});
  EXPECT_EQ(P->UnconvergedGroups, 0u);
  EXPECT_TRUE(P->DoubleLocks.empty());
  const Summary *Even = summaryOf(*P, "even");
  ASSERT_TRUE(Even);
  EXPECT_FALSE(Even->Acquires.empty()); // through odd
}

TEST(Program, LeaksAndConditionalAcquires) {
  auto P = analyse({{"t.c", R"(
      #include <pthread.h>
      #include <stddef.h>
      pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
      int *item(int);
      int get(int i) { pthread_mutex_lock(&m); if (i < 0) return -1; pthread_mutex_unlock(&m); return 0; }
      int *find_locked(int i) {
        pthread_mutex_lock(&m);
        int *p = item(i);
        if (!p) { pthread_mutex_unlock(&m); return NULL; }
        return p;
      })"}});
  ASSERT_EQ(P->Leaks.size(), 1u); // get; not find_locked
  EXPECT_EQ(P->Leaks[0].Function, "get");
  EXPECT_EQ(P->Leaks[0].Returns.Line, 6u); // get: the raw string starts with a newline
  const Summary *Find = summaryOf(*P, "find_locked");
  ASSERT_EQ(Find->Outcomes.size(), 2u); // with the lock and a pointer, or NULL
}
