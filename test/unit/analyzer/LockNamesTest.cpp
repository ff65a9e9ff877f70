//===- LockNamesTest.cpp - naming locks and their classes -----------------===//
#include "tangle/analysis/LockNames.h"

#include "tangle/event_layout.h"

#include <gtest/gtest.h>

using namespace tangle;

namespace {

Session withGlobals() {
  Session S;
  S.Processes.push_back({1, 100, 1, 0, "", {}});
  S.Processes.push_back({2, 101, 100, 1, "", {}}); // a fork child of 1
  S.Globals.push_back({1, 0x1000, 40, 5, "forks[#]"});
  S.Globals.push_back({1, 0x2000, 0, 1, "config.mu"});
  S.Sites[1] = {0, 10, 3, "a.c", "transfer", "from->mu"};
  S.Sites[2] = {0, 11, 3, "a.c", "transfer", "to->mu"};
  S.Sites[3] = {0, 12, 3, "a.c", "other", "x"};
  return S;
}

} // namespace

TEST(LockNamesTest, ArrayElementsOfGlobalsAreNamedByIndex) {
  std::vector<Session> Sessions{withGlobals()};
  LockNamer N(Sessions);
  EXPECT_EQ(N.name({0, 1, 0x1000 + 3 * 40, 0}).Display, "forks[3]");
  EXPECT_EQ(N.name({0, 1, 0x2000, 0}).Display, "config.mu");
  EXPECT_EQ(N.name({0, 1, 0x2000, 0}).Class, "config.mu");
  // Between elements, and past the end: not the global's.
  EXPECT_NE(N.name({0, 1, 0x1000 + 3 * 40 + 8, 0}).Display, "forks[3]");
  EXPECT_EQ(N.name({0, 1, 0x1000 + 5 * 40, 0}).Display.find("forks"), std::string::npos);
}

TEST(LockNamesTest, AForkChildInheritsItsParentsGlobals) {
  std::vector<Session> Sessions{withGlobals()};
  LockNamer N(Sessions);
  EXPECT_EQ(N.name({0, 2, 0x2000, 0}).Display, "config.mu");
}

TEST(LockNamesTest, WithoutAGlobalTheCommonestTrustedSiteNameWins) {
  std::vector<Session> Sessions{withGlobals()};
  LockNamer N(Sessions);
  LockKey K{0, 1, 0x9000, 0};
  N.observe(K, 1, 0);
  N.observe(K, 2, 0);
  N.observe(K, 2, 0);
  N.observe(K, 1, TANGLE_ACQ_NAME_UNKNOWN); // not evidence
  N.observe(K, 1, TANGLE_ACQ_NAME_UNKNOWN);
  LockName Name = N.name(K);
  EXPECT_EQ(Name.Display, "to->mu");
  EXPECT_EQ(Name.Class, "to->mu in transfer");
}

TEST(LockNamesTest, WithNoNameAtAllTheAddressAndFunctionAreUsed) {
  std::vector<Session> Sessions{withGlobals()};
  Sessions[0].Sites[3].LockName.clear();
  LockNamer N(Sessions);
  LockKey K{0, 1, 0x9000, 0};
  N.observe(K, 3, 0);
  LockName Name = N.name(K);
  EXPECT_EQ(Name.Display, "lock 0x9000");
  EXPECT_EQ(Name.Class, "lock taken in other");
}
