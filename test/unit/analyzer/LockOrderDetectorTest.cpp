//===- LockOrderDetectorTest.cpp - which cycles can deadlock --------------===//
#include "analyzer/SessionModel.h"

#include "tangle/event_layout.h"

#include <gtest/gtest.h>

using namespace tangle;
using namespace tangle::test;

namespace {
constexpr uint64_t A = 0xa0, B = 0xb0, C = 0xc0, G1 = 0xe0, G2 = 0xf0;
}

TEST(LockOrderDetectorTest, TwoThreadsInOppositeOrdersAreOneFinding) {
  Model M;
  uint32_t SA = M.site("a", "first"), SB = M.site("b", "first");
  M.chain(1, {{A, SA}}, B, SB);
  M.chain(2, {{B, SB}}, A, SA);
  Report R = M.analyze();
  ASSERT_EQ(R.Findings.size(), 1u);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.Kind, FindingKind::LockOrderInversion);
  EXPECT_EQ(F.Locks.size(), 2u);
  ASSERT_EQ(F.Threads.size(), 2u);
  for (const ThreadStory &T : F.Threads) {
    ASSERT_EQ(T.Steps.size(), 2u);
    EXPECT_EQ(T.Steps[0].Action, StepAction::Acquire);
    EXPECT_EQ(T.Steps[1].Action, StepAction::Wait);
    EXPECT_EQ(T.Steps[1].Held, T.Steps[0].Lock);
  }
  EXPECT_NE(F.Message.find("opposite orders"), std::string::npos);
}

TEST(LockOrderDetectorTest, OneThreadCannotDeadlockWithItself) {
  Model M;
  uint32_t SA = M.site("a"), SB = M.site("b");
  M.chain(1, {{A, SA}}, B, SB);
  M.chain(1, {{B, SB}}, A, SA);
  EXPECT_TRUE(M.analyze().Findings.empty());
}

TEST(LockOrderDetectorTest, ACommonGateLockMakesItSafe) {
  Model M;
  uint32_t SG = M.site("gate"), SA = M.site("a"), SB = M.site("b");
  M.chain(1, {{G1, SG}, {A, SA}}, B, SB);
  M.chain(2, {{G1, SG}, {B, SB}}, A, SA);
  EXPECT_EQ(countKind(M.analyze(), FindingKind::LockOrderInversion), 0u);
}

TEST(LockOrderDetectorTest, DifferentGatesDoNotProtect) {
  Model M;
  uint32_t S1 = M.site("g1"), S2 = M.site("g2"), SA = M.site("a"), SB = M.site("b");
  M.chain(1, {{G1, S1}, {A, SA}}, B, SB);
  M.chain(2, {{G2, S2}, {B, SB}}, A, SA);
  EXPECT_EQ(countKind(M.analyze(), FindingKind::LockOrderInversion), 1u);
}

TEST(LockOrderDetectorTest, ATrylockEdgeCannotWait) {
  Model M;
  uint32_t SA = M.site("a"), SB = M.site("b");
  M.chain(1, {{A, SA}}, B, SB);
  M.chain(2, {{B, SB}}, A, SA, TANGLE_ACQ_TRY);
  EXPECT_TRUE(M.analyze().Findings.empty());
}

TEST(LockOrderDetectorTest, ThreeThreadsThreeLocks) {
  Model M;
  uint32_t SA = M.site("a"), SB = M.site("b"), SC = M.site("c");
  M.chain(1, {{A, SA}}, B, SB);
  M.chain(2, {{B, SB}}, C, SC);
  M.chain(3, {{C, SC}}, A, SA);
  Report R = M.analyze();
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].Locks.size(), 3u);
  EXPECT_EQ(R.Findings[0].Threads.size(), 3u);
}

// T1 holds A and B while taking C (edges A->C, B->C), T2 takes A while
// holding C: the two-thread cycle is A->C->A, through T1's A->C edge.
TEST(LockOrderDetectorTest, ACycleNeedsOneThreadPerEdge) {
  Model M;
  uint32_t SA = M.site("a"), SB = M.site("b"), SC = M.site("c");
  M.chain(1, {{A, SA}}, B, SB);
  M.chain(1, {{A, SA}, {B, SB}}, C, SC);
  M.chain(2, {{C, SC}}, A, SA);
  Report R = M.analyze();
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].Locks, (std::vector<std::string>{"a", "c"}));
}

TEST(LockOrderDetectorTest, ReadersDoNotWaitForReaders) {
  auto Run = [](uint16_t HeldMode, uint16_t WaitMode) {
    Model M;
    uint32_t SR = M.site("rw"), SM = M.site("m");
    // T1 holds the rwlock (HeldMode) and takes m; T2 holds m and waits for
    // the rwlock (WaitMode).
    M.thread(1);
    Chain C1{1, 1, {{A, SR, HeldMode, 0}}, {B, SM, 0, 0}, 0};
    Chain C2{1, 2, {{B, SM, 0, 0}}, {A, SR, WaitMode, 0}, 0};
    M.thread(2);
    M.S.Chains = {C1, C2};
    return countKind(M.analyze(), FindingKind::LockOrderInversion);
  };
  EXPECT_EQ(Run(TANGLE_ACQ_READ, TANGLE_ACQ_READ), 0u);
  EXPECT_EQ(Run(0, TANGLE_ACQ_READ), 1u);
  EXPECT_EQ(Run(TANGLE_ACQ_READ, 0), 1u);
}

TEST(LockOrderDetectorTest, FingerprintsIgnoreAddressesAndThreadIds) {
  Model M1, M2;
  uint32_t S1 = M1.site("a", "f"), S2 = M1.site("b", "f");
  M1.chain(1, {{A, S1}}, B, S2);
  M1.chain(2, {{B, S2}}, A, S1);
  uint32_t T1 = M2.site("a", "f"), T2 = M2.site("b", "f");
  M2.chain(7, {{0x1234, T1}}, 0x5678, T2);
  M2.chain(9, {{0x5678, T2}}, 0x1234, T1);
  Report R1 = M1.analyze(), R2 = M2.analyze();
  ASSERT_EQ(R1.Findings.size(), 1u);
  ASSERT_EQ(R2.Findings.size(), 1u);
  EXPECT_EQ(R1.Findings[0].Fingerprint, R2.Findings[0].Fingerprint);
  Model M3;
  uint32_t U1 = M3.site("a", "f"), U2 = M3.site("other", "f");
  M3.chain(1, {{A, U1}}, B, U2);
  M3.chain(2, {{B, U2}}, A, U1);
  EXPECT_NE(M3.analyze().Findings[0].Fingerprint, R1.Findings[0].Fingerprint);
}

TEST(LockOrderDetectorTest, OnlySemaphoresUsedAsLocksMakeEdges) {
  auto Run = [](bool SamePoster) {
    Model M;
    uint32_t SS = M.site("sem"), SL = M.site("lock");
    M.chain(1, {}, A, SS, TANGLE_ACQ_SEM);
    M.chain(1, {{A, SS}}, B, SL);
    M.chain(2, {{B, SL}}, A, SS, TANGLE_ACQ_SEM);
    M.S.Notifies.push_back({1, SamePoster ? 1u : 3u, TANGLE_WAIT_SEM, SS, A});
    M.thread(3);
    return countKind(M.analyze(), FindingKind::LockOrderInversion);
  };
  EXPECT_EQ(Run(true), 1u);  // waited on and posted by thread 1: a lock
  EXPECT_EQ(Run(false), 0u); // posted by another thread: a signal
}

// Two runs, each taking the locks in one order only: each is clean alone,
// together they are one inversion between the runs, named by lock class
// whatever addresses each run had.
TEST(LockOrderDetectorTest, OppositeOrdersInTwoRunsAreOneFindingAcrossRuns) {
  Model Run1, Run2;
  Run1.S.Path = "run1/session.tgl";
  Run2.S.Path = "run2/session.tgl";
  uint32_t A1 = Run1.site("config_lock"), B1 = Run1.site("log_lock");
  Run1.chain(2, {{A, A1}}, B, B1);
  uint32_t A2 = Run2.site("config_lock"), B2 = Run2.site("log_lock");
  Run2.chain(2, {{0x5a0, B2}}, 0x4a0, A2);
  EXPECT_TRUE(Run1.analyze().Findings.empty());
  EXPECT_TRUE(Run2.analyze().Findings.empty());
  Report R = tangle::analyze({Run1.S, Run2.S});
  ASSERT_EQ(R.Findings.size(), 1u);
  const Finding &F = R.Findings[0];
  ASSERT_EQ(F.Threads.size(), 2u);
  EXPECT_NE(F.Threads[0].Session, F.Threads[1].Session);
  EXPECT_NE(F.Threads[0].Label.find(" of run"), std::string::npos);
  ASSERT_EQ(F.Notes.size(), 1u);
  EXPECT_NE(F.Notes[0].find("different runs"), std::string::npos);
}

// An inversion inside one run is reported once, as that run's, even when
// another run repeats it; runs in one consistent order stay clean.
TEST(LockOrderDetectorTest, AnInversionInsideOneRunIsNotRepeatedAcrossRuns) {
  Model Bad, Good;
  Bad.S.Path = "bad.tgl";
  Good.S.Path = "good.tgl";
  uint32_t SA = Bad.site("a"), SB = Bad.site("b");
  Bad.chain(1, {{A, SA}}, B, SB);
  Bad.chain(2, {{B, SB}}, A, SA);
  uint32_t GA = Good.site("a"), GB = Good.site("b");
  Good.chain(1, {{A, GA}}, B, GB);
  Report R = tangle::analyze({Bad.S, Good.S});
  ASSERT_EQ(countKind(R, FindingKind::LockOrderInversion), 1u);
  EXPECT_TRUE(R.Findings[0].Notes.empty());
  EXPECT_EQ(countKind(tangle::analyze({Good.S, Good.S}),
                      FindingKind::LockOrderInversion), 0u);
}

// A gate lock held around both orders protects them across runs too.
TEST(LockOrderDetectorTest, AGateLockProtectsAcrossRuns) {
  Model Run1, Run2;
  Run1.S.Path = "run1.tgl";
  Run2.S.Path = "run2.tgl";
  uint32_t G1s = Run1.site("gate"), A1 = Run1.site("a"), B1 = Run1.site("b");
  Run1.chain(1, {{G1, G1s}, {A, A1}}, B, B1);
  uint32_t G2s = Run2.site("gate"), A2 = Run2.site("a"), B2 = Run2.site("b");
  Run2.chain(1, {{G1, G2s}, {B, B2}}, A, A2);
  EXPECT_EQ(countKind(tangle::analyze({Run1.S, Run2.S}),
                      FindingKind::LockOrderInversion), 0u);
}

// a -> b -> c in order, a -> c directly, and once c -> a: both a -> c -> a
// and a -> b -> c -> a can deadlock. The shorter is the finding; the longer
// holds all its locks and is not reported again.
TEST(LockOrderDetectorTest, CyclesThroughAllLocksOfAShorterOneAreNotRepeated) {
  Model M;
  uint32_t SA = M.site("a"), SB = M.site("b"), SC = M.site("c");
  M.chain(1, {{A, SA}}, B, SB);
  M.chain(2, {{B, SB}}, C, SC);
  M.chain(3, {{A, SA}}, C, SC);
  M.chain(4, {{C, SC}}, A, SA);
  Report R = M.analyze();
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].Locks, (std::vector<std::string>{"a", "c"}));
  // Without the shortcut, the long cycle is the finding.
  Model Long;
  SA = Long.site("a"), SB = Long.site("b"), SC = Long.site("c");
  Long.chain(1, {{A, SA}}, B, SB);
  Long.chain(2, {{B, SB}}, C, SC);
  Long.chain(4, {{C, SC}}, A, SA);
  R = Long.analyze();
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].Locks.size(), 3u);
}
