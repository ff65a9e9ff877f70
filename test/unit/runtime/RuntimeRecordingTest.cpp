//===- RuntimeRecordingTest.cpp - the runtime's records, read back --------===//
//
// Runs runtime_driver scenarios against a fresh session file and checks,
// through the analyzer's reader, what the runtime recorded: chains once per
// thread, no edges for trylocks or recursion, truncated held sets, fork
// children as processes of the same session, leaks at thread exit.
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Detectors.h"
#include "tangle/event_layout.h"
#include "tangle/session/SessionReader.h"

#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <set>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tangle;

namespace {

// Makes an empty session file and runs the driver's scenario against it.
Session record(const std::string &Scenario) {
  llvm::SmallString<128> Dir;
  EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("tangle-rt", Dir));
  std::string Path = std::string(Dir) + "/session.tgl";
  int Fd = open(Path.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
  EXPECT_GE(Fd, 0);
  EXPECT_EQ(posix_fallocate(Fd, 0, TANGLE_PAGE_SIZE), 0);
  void *P = mmap(nullptr, TANGLE_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, Fd, 0);
  tangle_session_header_init((tangle_session_header *)P, 1 << 26, getpid(), 0);
  munmap(P, TANGLE_PAGE_SIZE);
  close(Fd);

  std::string SessionVar = "TANGLE_SESSION=" + Path;
  char *Env[] = {SessionVar.data(), (char *)"TANGLE_DEADLOCK_TIMEOUT=0", nullptr};
  char *Argv[] = {(char *)TANGLE_RUNTIME_DRIVER, (char *)Scenario.c_str(), nullptr};
  pid_t Pid;
  EXPECT_EQ(posix_spawn(&Pid, Argv[0], nullptr, nullptr, Argv, Env), 0);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  EXPECT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0) << Scenario;

  auto S = readSessionFile(Path);
  llvm::sys::fs::remove_directories(Dir);
  if (!S) {
    ADD_FAILURE() << llvm::toString(S.takeError());
    return {};
  }
  return std::move(*S);
}

// Chains that are edges (something held), as (held lock, acquired lock).
std::vector<std::pair<uint64_t, uint64_t>> edges(const Session &S) {
  std::vector<std::pair<uint64_t, uint64_t>> Out;
  for (const Chain &C : S.Chains)
    for (const Acquisition &H : C.Held)
      Out.push_back({H.Lock, C.Acquired.Lock});
  return Out;
}

} // namespace

TEST(RuntimeRecordingTest, OppositeOrdersInTwoThreadsRecordBothEdges) {
  Session S = record("abba");
  auto E = edges(S);
  ASSERT_EQ(E.size(), 2u);
  EXPECT_EQ(E[0].first, E[1].second);
  EXPECT_EQ(E[0].second, E[1].first);
  EXPECT_NE(S.Chains[1].ThreadUid, S.Chains[3].ThreadUid);
  ASSERT_EQ(S.Processes.size(), 1u);
  EXPECT_EQ(S.Processes[0].Args[1], "abba");
  // Sites are exported with their names.
  bool NamedA = false;
  for (const auto &[Id, Site] : S.Sites)
    NamedA |= Site.LockName == "a" && Site.Function == "take_a" && Site.Line == 10;
  EXPECT_TRUE(NamedA);
}

TEST(RuntimeRecordingTest, ARepeatedChainIsRecordedOnce) {
  Session S = record("repeat");
  EXPECT_EQ(edges(S).size(), 1u);
  EXPECT_EQ(S.Chains.size(), 2u); // the first lock's attempt, then the edge
}

TEST(RuntimeRecordingTest, ATrylockMakesNoEdge) {
  EXPECT_TRUE(edges(record("trylock")).empty());
}

TEST(RuntimeRecordingTest, ARecursiveReentryMakesNoEdge) {
  Session S = record("recursive");
  EXPECT_EQ(edges(S).size(), 1u); // A -> R once
}

TEST(RuntimeRecordingTest, DeepHeldSetsAreCutAndCounted) {
  Session S = record("deep");
  // Locks 65..100 are taken while holding 64..99 others.
  EXPECT_EQ(S.TruncatedChains, 99u - TANGLE_MAX_CHAIN_HELD);
  for (const Chain &C : S.Chains)
    EXPECT_LE(C.Held.size(), TANGLE_MAX_CHAIN_HELD);
  EXPECT_EQ(S.Chains.back().Omitted, 99u - TANGLE_MAX_CHAIN_HELD);
}

TEST(RuntimeRecordingTest, AForkChildIsANewProcessOfTheSameSession) {
  Session S = record("fork");
  ASSERT_EQ(S.Processes.size(), 2u);
  const ProcessInfo &Parent = S.Processes[0].ParentUid ? S.Processes[1] : S.Processes[0];
  const ProcessInfo &Child = S.Processes[0].ParentUid ? S.Processes[0] : S.Processes[1];
  EXPECT_EQ(Child.ParentUid, Parent.Uid);
  EXPECT_EQ(Child.ParentPid, Parent.Pid);
  // Each process made one edge, in opposite orders.
  std::vector<uint32_t> Processes;
  for (const Chain &C : S.Chains)
    if (!C.Held.empty())
      Processes.push_back(C.ProcessUid);
  ASSERT_EQ(Processes.size(), 2u);
  EXPECT_NE(Processes[0], Processes[1]);
}

TEST(RuntimeRecordingTest, AThreadEndingWithALockRecordsIt) {
  Session S = record("leak");
  size_t Leaks = 0;
  for (const ThreadExit &X : S.Exits)
    Leaks += X.Held.size();
  EXPECT_EQ(Leaks, 1u);
}

// Two threads write one long with nothing between them: one RACE record,
// both sides writes of 8 bytes by two different threads, at the two sites.
// One RACE record per pair of sites, and perhaps its reverse (the earlier
// writer racing again from its site, when the threads overlapped), which
// joins the first.
TEST(RuntimeRecordingTest, UnorderedWritesAreOneRace) {
  Session S = record("race-plain");
  ASSERT_GE(S.Races.size(), 1u);
  ASSERT_LE(S.Races.size(), 2u);
  std::vector<Race> Races = joinReverseRaces(S.Races);
  ASSERT_EQ(Races.size(), 1u);
  const Race &R = Races[0];
  EXPECT_NE(R.Current.ThreadUid, R.Previous.ThreadUid);
  EXPECT_NE(R.Current.ThreadUid, 0u);
  EXPECT_NE(R.Previous.ThreadUid, 0u);
  EXPECT_TRUE(R.Current.Flags & TANGLE_ACCESS_WRITE);
  EXPECT_TRUE(R.Previous.Flags & TANGLE_ACCESS_WRITE);
  EXPECT_EQ(R.Current.Size, 8u);
  EXPECT_EQ(R.Previous.Size, 8u);
  std::set<std::string> Functions;
  for (uint32_t Site : {R.Current.Site, R.Previous.Site})
    if (const SiteInfo *I = S.site(Site))
      Functions.insert(I->Function);
  EXPECT_EQ(Functions, (std::set<std::string>{"writer", "other_writer"}));
  EXPECT_EQ(R.BlockStart, 0u); // a global, not a heap block
}

// The same writes under one mutex, or one thread joined before the other
// starts: ordered, no race.
TEST(RuntimeRecordingTest, LocksAndJoinsOrderAccesses) {
  EXPECT_TRUE(record("race-locked").Races.empty());
  EXPECT_TRUE(record("race-joined").Races.empty());
}

// A race on heap memory says which block, how big, and where it was made.
TEST(RuntimeRecordingTest, AHeapRaceNamesItsBlock) {
  Session S = record("race-heap");
  std::vector<Race> Races = joinReverseRaces(S.Races);
  ASSERT_EQ(Races.size(), 1u);
  const Race &R = Races[0];
  EXPECT_NE(R.BlockStart, 0u);
  EXPECT_EQ(R.BlockSize, 32u);
  EXPECT_EQ(R.Address - R.BlockStart, 8u);
  const SiteInfo *Made = S.site(R.BlockSite);
  ASSERT_NE(Made, nullptr);
  EXPECT_EQ(Made->Function, "make");
}
