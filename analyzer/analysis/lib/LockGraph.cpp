//===- LockGraph.cpp - the lock-order graph on Boost.Graph ----------------===//
#include "tangle/analysis/LockGraph.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <map>

namespace tangle {

struct LockGraph::Rep {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph G;
  std::vector<std::pair<unsigned, unsigned>> EdgeEnds;
  std::map<std::pair<unsigned, unsigned>, unsigned> EdgeIds;
  std::vector<std::vector<unsigned>> Successors;
};

LockGraph::LockGraph() : R(std::make_unique<Rep>()) {}
LockGraph::~LockGraph() = default;
LockGraph::LockGraph(LockGraph &&) = default;
LockGraph &LockGraph::operator=(LockGraph &&) = default;

unsigned LockGraph::addNode() {
  R->Successors.emplace_back();
  return boost::add_vertex(R->G);
}

unsigned LockGraph::numNodes() const { return boost::num_vertices(R->G); }
unsigned LockGraph::numEdges() const { return R->EdgeEnds.size(); }

unsigned LockGraph::addEdge(unsigned From, unsigned To) {
  auto [It, New] = R->EdgeIds.try_emplace({From, To}, R->EdgeEnds.size());
  if (New) {
    boost::add_edge(From, To, R->G);
    R->EdgeEnds.push_back({From, To});
    R->Successors[From].push_back(To);
  }
  return It->second;
}

std::optional<unsigned> LockGraph::findEdge(unsigned From, unsigned To) const {
  auto It = R->EdgeIds.find({From, To});
  if (It == R->EdgeIds.end())
    return std::nullopt;
  return It->second;
}

std::pair<unsigned, unsigned> LockGraph::ends(unsigned Edge) const {
  return R->EdgeEnds[Edge];
}

const std::vector<unsigned> &LockGraph::successors(unsigned Node) const {
  return R->Successors[Node];
}

std::vector<std::vector<unsigned>> LockGraph::cyclicComponents() const {
  std::vector<int> Component(numNodes());
  int Count = boost::strong_components(
      R->G, boost::make_iterator_property_map(
                Component.begin(), boost::get(boost::vertex_index, R->G)));
  std::vector<std::vector<unsigned>> Groups(Count);
  for (unsigned V = 0; V < Component.size(); ++V)
    Groups[Component[V]].push_back(V);
  std::vector<std::vector<unsigned>> Cyclic;
  for (auto &Group : Groups)
    if (Group.size() > 1)
      Cyclic.push_back(std::move(Group));
  return Cyclic;
}

} // namespace tangle
