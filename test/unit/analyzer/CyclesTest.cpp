//===- CyclesTest.cpp - Johnson's elementary cycles -----------------------===//
#include "tangle/analysis/Cycles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace tangle;

namespace {

LockGraph complete(unsigned N) {
  LockGraph G;
  for (unsigned I = 0; I < N; ++I)
    G.addNode();
  for (unsigned I = 0; I < N; ++I)
    for (unsigned J = 0; J < N; ++J)
      if (I != J)
        G.addEdge(I, J);
  return G;
}

std::vector<std::vector<unsigned>> allCycles(const LockGraph &G, size_t MaxLength = 0,
                                             bool *Complete = nullptr) {
  std::vector<std::vector<unsigned>> Found;
  CycleSearch S;
  S.MaxLength = MaxLength;
  S.OnCycle = [&](const std::vector<unsigned> &C) {
    Found.push_back(C);
    return true;
  };
  bool Done = findElementaryCycles(G, S).Complete;
  if (Complete)
    *Complete = Done;
  return Found;
}

} // namespace

TEST(CyclesTest, ATriangleIsOneCycleFromItsSmallestNode) {
  LockGraph G;
  for (int I = 0; I < 3; ++I)
    G.addNode();
  G.addEdge(2, 0);
  G.addEdge(0, 1);
  G.addEdge(1, 2);
  auto Cycles = allCycles(G);
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(Cycles[0], (std::vector<unsigned>{0, 1, 2}));
}

TEST(CyclesTest, TwoCyclesSharingANode) {
  LockGraph G;
  for (int I = 0; I < 3; ++I)
    G.addNode();
  G.addEdge(0, 1);
  G.addEdge(1, 0);
  G.addEdge(0, 2);
  G.addEdge(2, 0);
  auto Cycles = allCycles(G);
  std::sort(Cycles.begin(), Cycles.end());
  ASSERT_EQ(Cycles.size(), 2u);
  EXPECT_EQ(Cycles[0], (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(Cycles[1], (std::vector<unsigned>{0, 2}));
}

// K4 has C(4,2)*1 + C(4,3)*2 + C(4,4)*6 = 6 + 8 + 6 = 20 elementary cycles.
TEST(CyclesTest, CompleteGraphOnFourNodesHasTwentyCyclesEachOnce) {
  auto Cycles = allCycles(complete(4));
  EXPECT_EQ(Cycles.size(), 20u);
  std::set<std::vector<unsigned>> Distinct(Cycles.begin(), Cycles.end());
  EXPECT_EQ(Distinct.size(), 20u);
  for (const auto &C : Cycles)
    EXPECT_EQ(*std::min_element(C.begin(), C.end()), C.front());
}

TEST(CyclesTest, MaxLengthKeepsOnlyShortCycles) {
  bool Complete = false;
  auto Cycles = allCycles(complete(4), 2, &Complete);
  EXPECT_TRUE(Complete);
  EXPECT_EQ(Cycles.size(), 6u);
  for (const auto &C : Cycles)
    EXPECT_EQ(C.size(), 2u);
}

TEST(CyclesTest, ADagHasNone) {
  LockGraph G;
  for (int I = 0; I < 5; ++I)
    G.addNode();
  for (unsigned I = 0; I < 5; ++I)
    for (unsigned J = I + 1; J < 5; ++J)
      G.addEdge(I, J);
  EXPECT_TRUE(allCycles(G).empty());
}

TEST(CyclesTest, TheBudgetStopsTheSearchAndSaysSo) {
  CycleSearch S;
  size_t Seen = 0;
  S.MaxCycles = 5;
  S.OnCycle = [&](const std::vector<unsigned> &) { return ++Seen, true; };
  EXPECT_FALSE(findElementaryCycles(complete(5), S).Complete);
  EXPECT_EQ(Seen, 5u);
}

TEST(CyclesTest, TheVisitorCanStopTheSearch) {
  CycleSearch S;
  size_t Seen = 0;
  S.OnCycle = [&](const std::vector<unsigned> &) { return ++Seen < 3; };
  EXPECT_FALSE(findElementaryCycles(complete(4), S).Complete);
  EXPECT_EQ(Seen, 3u);
}

// One cycle through 20000 nodes: the search must not recurse per node.
TEST(CyclesTest, ALongRingIsFoundWithoutRecursion) {
  LockGraph G;
  const unsigned N = 20000;
  for (unsigned I = 0; I < N; ++I)
    G.addNode();
  for (unsigned I = 0; I < N; ++I)
    G.addEdge(I, (I + 1) % N);
  auto Cycles = allCycles(G);
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(Cycles[0].size(), N);
  EXPECT_EQ(Cycles[0].front(), 0u);
}

TEST(CyclesTest, ALengthCutIsToldSoLongerCyclesCanBeSearchedNext) {
  CycleSearch S;
  S.OnCycle = [](const std::vector<unsigned> &) { return true; };
  S.MaxLength = 3;
  EXPECT_TRUE(findElementaryCycles(complete(4), S).CutByLength);
  S.MaxLength = 4;
  CycleSearchResult R = findElementaryCycles(complete(4), S);
  EXPECT_FALSE(R.CutByLength);
  EXPECT_EQ(R.Cycles, 20u);
}

// Extend refuses any path holding both 0 and 1: of K4's 20 cycles, the 11
// through both (one 2-cycle, four 3-cycles, six 4-cycles) are not found,
// and all 9 others are.
TEST(CyclesTest, ExtendCutsPathsWithoutHidingOthers) {
  CycleSearch S;
  std::set<std::vector<unsigned>> Found;
  S.OnCycle = [&](const std::vector<unsigned> &C) {
    Found.insert(C);
    return true;
  };
  S.Extend = [](const std::vector<unsigned> &Path, unsigned W) {
    auto Has = [&](unsigned N) {
      return W == N || std::count(Path.begin(), Path.end(), N);
    };
    return !(Has(0) && Has(1));
  };
  findElementaryCycles(complete(4), S);
  EXPECT_EQ(Found.size(), 9u);
  for (const auto &C : Found)
    EXPECT_FALSE(std::count(C.begin(), C.end(), 0u) && std::count(C.begin(), C.end(), 1u));
}
