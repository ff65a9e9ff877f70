//===- LockGraph.h - the lock-order graph -----------------------*- C++ -*-===//
//
// Nodes are locks, an edge A -> B says some thread acquired B while holding
// A. Each (A, B) pair is one edge with a dense id; what witnessed it (which
// threads, sites, gates) is kept by the caller, indexed by that id.
// Boost.Graph is behind this interface and nowhere else.
// Not thread-safe; no internal locking.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_LOCKGRAPH_H
#define TANGLE_ANALYZER_LOCKGRAPH_H

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace tangle {

class LockGraph {
public:
  LockGraph();
  ~LockGraph();
  LockGraph(LockGraph &&);
  LockGraph &operator=(LockGraph &&);

  unsigned addNode();
  unsigned numNodes() const;

  // Adds From -> To unless present; returns the edge's id either way.
  unsigned addEdge(unsigned From, unsigned To);
  unsigned numEdges() const;
  std::optional<unsigned> findEdge(unsigned From, unsigned To) const;
  std::pair<unsigned, unsigned> ends(unsigned Edge) const;
  const std::vector<unsigned> &successors(unsigned Node) const;

  // The strongly connected components that contain a cycle (two or more
  // nodes), each sorted ascending. Cost: O(nodes + edges).
  std::vector<std::vector<unsigned>> cyclicComponents() const;

private:
  struct Rep;
  std::unique_ptr<Rep> R;
};

} // namespace tangle

#endif
