//===- Cycles.h - elementary cycles of the lock-order graph -----*- C++ -*-===//
//
// Johnson's algorithm (SIAM J. Comput. 4(1), 1975): every elementary cycle
// once, in time linear in the output, run inside each strongly connected
// component and with an explicit stack (a graph of thousands of locks must
// not recurse thousands deep). The number of cycles can grow exponentially
// with the graph, so the search stops at a budget and says so.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_CYCLES_H
#define TANGLE_ANALYZER_CYCLES_H

#include "tangle/LockGraph.h"

#include <cstddef>
#include <functional>
#include <vector>

namespace tangle {

struct CycleSearch {
  // Called per cycle with its nodes, smallest node first; returns false to
  // stop the search.
  std::function<bool(const std::vector<unsigned> &)> OnCycle;
  size_t MaxCycles = 100000; // cycles visited before giving up
  // Longest cycle wanted (0: any). A path cut at this length counts as if
  // it had closed a cycle, so blocking never hides a shorter one.
  size_t MaxLength = 0;
};

// Returns true when the search covered the whole graph, false when it
// stopped early (budget reached or OnCycle asked to stop).
bool findElementaryCycles(const LockGraph &G, const CycleSearch &Search);

} // namespace tangle

#endif
