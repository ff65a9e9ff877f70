//===- FindingDetectorsTest.cpp - leaks, misuse, hold-and-wait, deadlocks -===//
#include "analyzer/SessionModel.h"
#include "tangle/analysis/Detectors.h"

#include "tangle/event_layout.h"

#include <gtest/gtest.h>

#include <pthread.h>

using namespace tangle;
using namespace tangle::test;

TEST(FindingDetectorsTest, AThreadEndingWithALockLeaksIt) {
  Model M;
  uint32_t S = M.site("table_lock", "get_value");
  M.thread(2);
  M.S.Exits.push_back({1, 2, TANGLE_EXIT_RETURNED, 5, {{0xa0, S, 0, 0}}});
  M.S.Exits.push_back({1, 3, TANGLE_EXIT_RETURNED, 5, {}}); // clean exit
  Report R = M.analyze();
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].Kind, FindingKind::LockLeak);
  EXPECT_NE(R.Findings[0].Message.find("table_lock, taken in get_value"),
            std::string::npos);
}

TEST(FindingDetectorsTest, MisuseIsToldWithTheLocksType) {
  Model M;
  uint32_t First = M.site("m", "outer"), Again = M.site("m", "inner");
  M.thread(1);
  M.S.Misuses.push_back({1, 1, TANGLE_MISUSE_DOUBLE_LOCK, Again, 0xa0, 101,
                         PTHREAD_MUTEX_NORMAL, {{0xa0, First, 0, 0}}});
  M.S.Misuses.push_back({1, 1, TANGLE_MISUSE_BAD_UNLOCK, Again, 0xb0, 0, 0, {}});
  Report R = M.analyze();
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_EQ(countKind(R, FindingKind::DoubleLock), 1u);
  EXPECT_EQ(countKind(R, FindingKind::BadUnlock), 1u);
  for (const Finding &F : R.Findings) {
    if (F.Kind == FindingKind::DoubleLock) {
      EXPECT_NE(F.Message.find("waits for itself forever"), std::string::npos);
      EXPECT_EQ(F.Threads[0].Steps.size(), 2u); // where taken, where re-taken
    } else {
      EXPECT_NE(F.Message.find("which is not locked"), std::string::npos);
    }
  }
}

// T1 waits on a condition variable holding O; T2 signals it. Confirmed
// only if T2 tried to take O.
TEST(FindingDetectorsTest, HoldAndWaitIsConfirmedByTheAwaitedParty) {
  auto Run = [](bool SignallerTakesO) {
    Model M;
    uint32_t SO = M.site("O"), SW = M.site("ready"), SN = M.site("ready");
    M.thread(1);
    M.thread(2);
    M.S.Waits.push_back({1, 1, TANGLE_WAIT_COND, SW, 0xc0, 0xd0, {{0xa0, SO, 0, 0}}});
    M.S.Notifies.push_back({1, 2, TANGLE_WAIT_COND, SN, 0xc0});
    if (SignallerTakesO)
      M.chain(2, {}, 0xa0, SO);
    return M.analyze();
  };
  Report Confirmed = Run(true), Possible = Run(false);
  ASSERT_EQ(Confirmed.Findings.size(), 1u);
  EXPECT_EQ(Confirmed.Findings[0].Confidence, "confirmed");
  EXPECT_TRUE(Confirmed.Findings[0].Counts);
  EXPECT_EQ(Confirmed.Findings[0].Threads.size(), 2u);
  ASSERT_EQ(Possible.Findings.size(), 1u);
  EXPECT_EQ(Possible.Findings[0].Confidence, "possible");
  EXPECT_FALSE(Possible.Findings[0].Counts);
  EXPECT_EQ(countingFindings(Possible.Findings), 0u);
}

TEST(FindingDetectorsTest, AWatchdogDeadlockNamesWhoWaitsForWhom) {
  Model M;
  uint32_t SA = M.site("a"), SB = M.site("b");
  M.thread(1);
  M.thread(2);
  Deadlock D{1, TANGLE_DEADLOCK_CYCLE, 10, {}};
  D.Threads.push_back({1, TANGLE_WAIT_LOCK, SB, 0xb0, 2, false, {{0xa0, SA, 0, 0}}});
  D.Threads.push_back({2, TANGLE_WAIT_LOCK, SA, 0xa0, 1, false, {{0xb0, SB, 0, 0}}});
  M.S.Deadlocks.push_back(D);
  Report R = M.analyze();
  ASSERT_EQ(countKind(R, FindingKind::Deadlock), 1u);
  const Finding &F = R.Findings[0];
  EXPECT_NE(F.Message.find("waiting for each other"), std::string::npos);
  EXPECT_EQ(F.Scenario[0], "T1 waits for b, held by T2");
  EXPECT_EQ(F.Scenario[1], "T2 waits for a, held by T1");
}

// The runtime knows only the later access's stack; the pair's reverse
// (the earlier access's thread racing again from its site) brings the
// other. It joins the race it reverses, whichever the session has first; a
// record by other threads at those sites is no reverse and stays apart.
TEST(FindingDetectorsTest, AReverseRaceGivesTheEarlierAccessItsStack) {
  auto access = [](uint32_t Thread, uint32_t Site) {
    return RaceAccess{Thread, Site, TANGLE_ACCESS_WRITE, 8, {}};
  };
  auto race = [&](RaceAccess Now, RaceAccess Then, uint64_t Caller) {
    Race R;
    R.ProcessUid = 1;
    R.Current = Now;
    R.Previous = Then;
    R.Stack = {{0, Caller}};
    return R;
  };
  // T2 at site 7 after T3 at site 9; then T3 at 9 again after T4 at 7.
  Race First = race(access(2, 7), access(3, 9), 0x100);
  Race Reverse = race(access(3, 9), access(4, 7), 0x200);
  for (const std::vector<Race> &Order :
       {std::vector<Race>{First, Reverse}, std::vector<Race>{Reverse, First}}) {
    std::vector<Race> Joined = joinReverseRaces(Order);
    ASSERT_EQ(Joined.size(), 1u);
    EXPECT_EQ(Joined[0].Current.ThreadUid, 2u);
    ASSERT_EQ(Joined[0].PreviousStack.size(), 1u);
    EXPECT_EQ(Joined[0].PreviousStack[0].second, 0x200u);
  }
  Race Stranger = race(access(5, 9), access(4, 7), 0x300); // neither's reverse
  EXPECT_EQ(joinReverseRaces({First, Stranger}).size(), 2u);
  Race OtherProcess = Reverse;
  OtherProcess.ProcessUid = 2;
  EXPECT_EQ(joinReverseRaces({First, OtherProcess}).size(), 2u);
}

// Each access under its own lock: a race, told as the different-locks
// case; the fingerprint does not depend on which thread came first.
TEST(FindingDetectorsTest, ARaceUnderDifferentLocksSaysSo) {
  auto Make = [](uint32_t First, uint32_t Second) {
    Model M;
    uint32_t W1 = M.site("counter", "bump"), W2 = M.site("counter", "reset");
    uint32_t L1 = M.site("reader_lock", "bump"), L2 = M.site("writer_lock", "reset");
    M.thread(First);
    M.thread(Second);
    Race R;
    R.ProcessUid = 1;
    R.Address = 0x5000;
    R.Current = {First, First == 2 ? W1 : W2, TANGLE_ACCESS_WRITE, 8,
                 {{First == 2 ? 0xa0u : 0xb0u, First == 2 ? L1 : L2, 0, 0}}};
    R.Previous = {Second, First == 2 ? W2 : W1, TANGLE_ACCESS_WRITE, 8,
                  {{First == 2 ? 0xb0u : 0xa0u, First == 2 ? L2 : L1, 0, 0}}};
    M.S.Races.push_back(R);
    return M.analyze();
  };
  Report A = Make(2, 3), B = Make(3, 2);
  ASSERT_EQ(countKind(A, FindingKind::DataRace), 1u);
  const Finding &F = A.Findings[0];
  EXPECT_NE(F.Message.find("writes counter"), std::string::npos);
  ASSERT_FALSE(F.Notes.empty());
  EXPECT_NE(F.Notes.back().find("different locks"), std::string::npos);
  ASSERT_EQ(F.Threads.size(), 2u);
  EXPECT_EQ(F.Threads[0].Steps[0].Action, StepAction::Access);
  EXPECT_NE(F.Threads[0].Steps[0].Text.find("holding reader_lock"), std::string::npos);
  ASSERT_EQ(countKind(B, FindingKind::DataRace), 1u);
  EXPECT_EQ(F.Fingerprint, B.Findings[0].Fingerprint);
}
