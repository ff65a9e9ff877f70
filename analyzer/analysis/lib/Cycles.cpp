//===- Cycles.cpp - Johnson's elementary cycles, without recursion --------===//
//
// For each start node s of a component (ascending), search paths from s
// through nodes > s of the same component. A node on the current path, or
// one from which s was not reachable last time, is blocked; it is unblocked
// (with everything waiting on it in B) when a cycle is found through it.
// This keeps the work per cycle linear, as in the paper.
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Cycles.h"

#include <algorithm>

namespace tangle {
namespace {

class Johnson {
public:
  Johnson(const LockGraph &G, const CycleSearch &S)
      : G(G), Search(S), InComponent(G.numNodes(), -1),
        Blocked(G.numNodes(), false), B(G.numNodes()) {}

  CycleSearchResult run() {
    auto Components = G.cyclicComponents();
    for (size_t C = 0; C < Components.size(); ++C)
      for (unsigned V : Components[C])
        InComponent[V] = (int)C;
    for (const auto &Component : Components)
      for (unsigned Start : Component)
        if (!circuitsFrom(Start)) {
          Result.Complete = false;
          break;
        }
    Result.Cycles = Visited;
    return Result;
  }

private:
  struct Frame {
    unsigned Node;
    size_t Next = 0;     // next successor to try
    bool Found = false;  // a cycle was found below this frame
  };

  bool usable(unsigned Start, unsigned W) const {
    return InComponent[W] == InComponent[Start] && W >= Start;
  }

  void unblock(unsigned U) {
    std::vector<unsigned> Work{U};
    while (!Work.empty()) {
      unsigned X = Work.back();
      Work.pop_back();
      Blocked[X] = false;
      for (unsigned W : B[X])
        if (Blocked[W])
          Work.push_back(W);
      B[X].clear();
    }
  }

  void resetFrom(unsigned Start) {
    for (unsigned V = 0; V < Blocked.size(); ++V)
      if (usable(Start, V)) {
        Blocked[V] = false;
        B[V].clear();
      }
  }

  bool circuitsFrom(unsigned Start) {
    resetFrom(Start);
    std::vector<Frame> Stack{{Start}};
    std::vector<unsigned> Path{Start};
    Blocked[Start] = true;
    while (!Stack.empty()) {
      Frame &F = Stack.back();
      const std::vector<unsigned> &Succ = G.successors(F.Node);
      if (F.Next < Succ.size()) {
        unsigned W = Succ[F.Next++];
        if (!usable(Start, W))
          continue;
        if (W == Start) {
          F.Found = true;
          if (++Visited > Search.MaxCycles || !Search.OnCycle(Path))
            return false;
        } else if (Blocked[W]) {
          continue;
        } else if (Search.MaxLength && Path.size() >= Search.MaxLength) {
          F.Found = true; // cut: stay unblocked for other paths
          Result.CutByLength = true;
        } else if (Search.Extend && !Search.Extend(Path, W)) {
          F.Found = true; // cut, as above
        } else {
          Blocked[W] = true;
          Path.push_back(W);
          Stack.push_back({W});
        }
        continue;
      }
      // All successors done: unblock on success, else wait on successors.
      if (F.Found) {
        unblock(F.Node);
      } else {
        for (unsigned W : Succ)
          if (usable(Start, W) &&
              std::find(B[W].begin(), B[W].end(), F.Node) == B[W].end())
            B[W].push_back(F.Node);
      }
      bool Found = F.Found;
      Stack.pop_back();
      Path.pop_back();
      if (!Stack.empty())
        Stack.back().Found |= Found;
    }
    return true;
  }

  const LockGraph &G;
  const CycleSearch &Search;
  std::vector<int> InComponent;
  std::vector<bool> Blocked;
  std::vector<std::vector<unsigned>> B;
  size_t Visited = 0;
  CycleSearchResult Result;
};

} // namespace

CycleSearchResult findElementaryCycles(const LockGraph &G,
                                       const CycleSearch &Search) {
  return Johnson(G, Search).run();
}

} // namespace tangle
