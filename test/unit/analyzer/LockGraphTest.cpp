//===- LockGraphTest.cpp - the lock-order graph ---------------------------===//
#include "tangle/analysis/LockGraph.h"

#include <gtest/gtest.h>

using namespace tangle;

TEST(LockGraphTest, EdgesAreDeduplicatedWithStableIds) {
  LockGraph G;
  unsigned A = G.addNode(), B = G.addNode(), C = G.addNode();
  unsigned AB = G.addEdge(A, B);
  EXPECT_EQ(G.addEdge(A, B), AB);
  unsigned BC = G.addEdge(B, C);
  EXPECT_NE(AB, BC);
  EXPECT_EQ(G.numNodes(), 3u);
  EXPECT_EQ(G.numEdges(), 2u);
  EXPECT_EQ(G.ends(BC), std::make_pair(B, C));
  EXPECT_EQ(G.findEdge(A, B), AB);
  EXPECT_FALSE(G.findEdge(B, A).has_value());
  EXPECT_EQ(G.successors(A), std::vector<unsigned>{B});
}

TEST(LockGraphTest, ADagHasNoCyclicComponent) {
  LockGraph G;
  for (int I = 0; I < 4; ++I)
    G.addNode();
  G.addEdge(0, 1);
  G.addEdge(1, 2);
  G.addEdge(0, 2);
  G.addEdge(2, 3);
  EXPECT_TRUE(G.cyclicComponents().empty());
}

TEST(LockGraphTest, SeparateCyclesAreSeparateComponents) {
  LockGraph G;
  for (int I = 0; I < 6; ++I)
    G.addNode();
  G.addEdge(0, 1);
  G.addEdge(1, 0);
  G.addEdge(1, 2); // 2 is on no cycle
  G.addEdge(3, 4);
  G.addEdge(4, 5);
  G.addEdge(5, 3);
  auto Components = G.cyclicComponents();
  ASSERT_EQ(Components.size(), 2u);
  std::sort(Components.begin(), Components.end());
  EXPECT_EQ(Components[0], (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(Components[1], (std::vector<unsigned>{3, 4, 5}));
}
