//===- ExtractTest.cpp - CFG events of one function ------------------------===//
#include "LintTestSupport.h"

#include <gtest/gtest.h>

using namespace tangle::lint;
using namespace tangle::lint::test;

namespace {

std::vector<const Event *> eventsOf(const FunctionModel &F, EventKind K) {
  std::vector<const Event *> Out;
  for (const Block &B : F.Blocks)
    for (const Event &E : B.Events)
      if (E.Kind == K)
        Out.push_back(&E);
  return Out;
}

const FunctionModel *only(const UnitResult &U, llvm::StringRef Name) {
  for (const FunctionModel &F : U.Functions)
    if (F.Name == Name)
      return &F;
  return nullptr;
}

} // namespace

TEST(Extract, PthreadCallsBecomeEvents) {
  UnitResult U = extract(R"(
    #include <pthread.h>
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    int f(void) {
      if (pthread_mutex_trylock(&m) != 0)
        return -1;
      pthread_mutex_unlock(&m);
      return 0;
    })");
  ASSERT_TRUE(U.Error.empty());
  const FunctionModel *F = only(U, "f");
  ASSERT_TRUE(F);
  auto Acquires = eventsOf(*F, EventKind::Acquire);
  ASSERT_EQ(Acquires.size(), 1u);
  EXPECT_TRUE(Acquires[0]->Flags & EvTry);
  EXPECT_TRUE(Acquires[0]->Success == Constraint::equal(0));
  EXPECT_GE(Acquires[0]->Slot, 0); // its result decides a branch
  EXPECT_EQ(Acquires[0]->Locks[0].text(), "m");
  EXPECT_EQ(Acquires[0]->Where.Line, 5u);
  EXPECT_EQ(eventsOf(*F, EventKind::Release).size(), 1u);
  // The branch on the result: a condition on that slot.
  bool Tested = false;
  for (const Block &B : F->Blocks)
    Tested |= B.Cond && B.Cond->Slot == Acquires[0]->Slot && B.Cond->Value == 0;
  EXPECT_TRUE(Tested);
}

TEST(Extract, GuardsOwnTheirLocksAndReleaseAtScopeEnd) {
  UnitResult U = extract(R"(
    #include <mutex>
    std::mutex mu;
    int g(int x) {
      std::unique_lock<std::mutex> lk(mu);
      if (x) return 1;
      lk.unlock();
      lk.lock();
      return 0;
    })", "t.cpp");
  const FunctionModel *F = only(U, "g");
  ASSERT_TRUE(F);
  auto Acquires = eventsOf(*F, EventKind::Acquire);
  ASSERT_EQ(Acquires.size(), 2u); // the constructor, lock()
  EXPECT_GE(Acquires[0]->Owner, 0);
  EXPECT_EQ(Acquires[0]->Owner, Acquires[1]->Owner);
  // unlock() and one destructor per exit of the scope.
  EXPECT_EQ(eventsOf(*F, EventKind::ReleaseOwned).size(), 3u);
}

TEST(Extract, AnnotatedWrappersAreLockCalls) {
  UnitResult U = extract(R"(
    struct __attribute__((lockable)) ovs_mutex { int x; };
    void lock_at(const struct ovs_mutex *m, const char *where)
        __attribute__((exclusive_lock_function(m)));
    struct dp { struct ovs_mutex mutex; };
    void put(struct dp *dp) { lock_at(&dp->mutex, "here"); })");
  const FunctionModel *F = only(U, "put");
  ASSERT_TRUE(F);
  auto Acquires = eventsOf(*F, EventKind::Acquire);
  ASSERT_EQ(Acquires.size(), 1u);
  EXPECT_EQ(Acquires[0]->Locks[0].text(), "dp->mutex");
  EXPECT_EQ(Acquires[0]->Locks[0].lockClass(), "dp::mutex");
  EXPECT_TRUE(eventsOf(*F, EventKind::Call).empty());
}

TEST(Extract, CallsCarryWhatTheCallerKnows) {
  UnitResult U = extract(R"(
    void flush(int *q, int locked);
    void caller(int *q, int mine) { flush(q, 1); flush(q, mine); })");
  const FunctionModel *F = only(U, "caller");
  ASSERT_TRUE(F);
  auto Calls = eventsOf(*F, EventKind::Call);
  ASSERT_EQ(Calls.size(), 2u);
  ASSERT_EQ(Calls[0]->ArgValues.size(), 2u);
  EXPECT_TRUE(Calls[0]->ArgValues[1] == Constraint::equal(1));
  EXPECT_EQ(Calls[1]->ArgParams[1], 1); // the caller's own parameter
  EXPECT_EQ(Calls[0]->Args[0].K, ValueRef::Load);
}

TEST(Extract, FilesThatDoNotCompileHaveNoModels) {
  UnitResult U = extract("void f(void) { undeclared(); }");
  EXPECT_TRUE(U.Functions.empty());
}
