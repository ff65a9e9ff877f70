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

#include "tangle/analysis/LockGraph.h"

#include <cstddef>
#include <functional>
#include <vector>

namespace tangle {

struct CycleSearch {
  // Called per cycle with its nodes, smallest node first; returns false to
  // stop the search.
  std::function<bool(const std::vector<unsigned> &)> OnCycle;
  // Optional: asked before the path is extended by node W; false cuts the
  // path there (no cycle through Path + W is wanted).
  std::function<bool(const std::vector<unsigned> &Path, unsigned W)> Extend;
  size_t MaxCycles = 100000; // cycles visited before giving up
  // Longest cycle wanted (0: any). A path cut at this length (or by Extend)
  // counts as if it had closed a cycle, so blocking never hides a shorter one.
  size_t MaxLength = 0;
};

struct CycleSearchResult {
  bool Complete = true;     // false: the budget was reached or OnCycle stopped
  bool CutByLength = false; // a path reached MaxLength: longer cycles may exist
  size_t Cycles = 0;        // cycles visited
};

CycleSearchResult findElementaryCycles(const LockGraph &G,
                                       const CycleSearch &Search);

} // namespace tangle

#endif
