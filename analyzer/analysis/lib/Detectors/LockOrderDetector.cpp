//===- LockOrderDetector.cpp - lock-order inversions (potential deadlocks) ===//
//
// Builds the lock-order graph from the sessions' chains, enumerates its
// elementary cycles, and reports those that can deadlock. A cycle
// L0 -> L1 -> ... -> L0 can deadlock only if its edges can be witnessed by
// distinct threads at once: for each edge Li -> Li+1 a thread that held Li
// (and its gates) while acquiring Li+1, with all threads different and the
// sets of locks they hold pairwise disjoint. That rules out cycles made by
// one thread, cycles under a common gate lock, and (with trylock edges never
// recorded) the orders std::lock and std::scoped_lock use internally.
//
// One wrong order can close many cycles: with a -> b -> ... -> z taken in
// order and z -> a once, every path from a to z is a cycle through z -> a.
// Cycles are searched shortest first, and a cycle holding all the locks of
// a reported one is not reported again: the search cuts every path that
// holds them (lockdep, too, shows the shortest path). Fixing the short
// cycle and running again shows any longer one that remains.
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Cycles.h"
#include "tangle/analysis/Detectors.h"
#include "tangle/analysis/LockGraph.h"
#include "tangle/analysis/LockNames.h"

#include "tangle/event_layout.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace tangle {
namespace {

// One way an edge From -> To was seen: a thread held From (taken at
// HeldSite) and the Gates while it acquired To at AcquiredSite.
struct Witness {
  ThreadKey Thread;
  uint32_t HeldSite = 0, AcquiredSite = 0;
  bool HeldShared = false, AcquiredShared = false; // read mode
  std::vector<unsigned> Gates; // node ids, sorted
  // A lint result's chain (its call sites), and which held lock is ours.
  const Chain *Static = nullptr;
  size_t HeldIndex = 0;
};

enum class Feasibility { Found, Impossible, Unknown };

class Detector {
public:
  Detector(const AnalysisContext &Ctx, const AnalysisOptions &Options,
           Report &Out, bool AcrossRuns)
      : Ctx(Ctx), Sessions(Ctx.sessions()), Options(Options), Out(Out),
        AcrossRuns(AcrossRuns) {
    for (const Finding &F : Out.Findings)
      Reported.insert(F.Fingerprint);
  }

  void run();

private:
  unsigned node(uint32_t S, const Chain &C, const Acquisition &A);
  void addChain(uint32_t S, const Chain &C);
  Feasibility chooseWitnesses(const std::vector<unsigned> &Cycle,
                              std::vector<const Witness *> &Chosen);
  Finding makeFinding(const std::vector<unsigned> &Cycle,
                      const std::vector<const Witness *> &Chosen);
  Feasibility tryReport(const std::vector<unsigned> &Cycle);
  bool holdsReportedCycle(const std::vector<unsigned> &Path, unsigned W) const;
  void exportGraph();
  const AnalysisContext &Ctx;
  const std::vector<Session> &Sessions;
  const AnalysisOptions &Options;
  Report &Out;
  // Nodes are lock classes over all sessions, and a cycle must span runs.
  bool AcrossRuns;
  std::map<std::string, unsigned> NodeOfClass;
  std::set<std::string> Reported; // fingerprints already in Out
  LockGraph Graph;
  std::map<LockKey, unsigned> NodeOf;
  std::vector<LockKey> KeyOf;
  std::vector<std::vector<Witness>> Witnesses; // by edge id
  std::vector<std::set<std::tuple<ThreadKey, std::vector<unsigned>, bool, bool>>> Seen;
  std::vector<unsigned> LockInUse;             // by node id, during a search
  size_t StepsLeft = 0;
  std::set<unsigned> CycleEdges;               // edges of reported cycles
  std::vector<std::vector<unsigned>> ReportedNodes; // per reported cycle
  std::map<unsigned, std::vector<size_t>> ReportedWithNode; // into ReportedNodes
};

unsigned Detector::node(uint32_t S, const Chain &C, const Acquisition &A) {
  LockKey K = Ctx.lockKey(S, C.ProcessUid, A);
  if (AcrossRuns) {
    auto [It, New] = NodeOfClass.try_emplace(Ctx.namer().name(K).Class, 0);
    if (New) {
      It->second = Graph.addNode();
      KeyOf.push_back(K); // the first instance names the class
    }
    return It->second;
  }
  auto [It, New] = NodeOf.try_emplace(K, 0);
  if (New) {
    It->second = Graph.addNode();
    KeyOf.push_back(K);
  }
  return It->second;
}

void Detector::addChain(uint32_t S, const Chain &C) {
  // Semaphores not used as locks are neither edges nor gates.
  std::vector<const Acquisition *> HeldLocks;
  for (const Acquisition &A : C.Held)
    if (Ctx.isLock(S, C.ProcessUid, A))
      HeldLocks.push_back(&A);
  std::vector<unsigned> Held;
  for (const Acquisition *A : HeldLocks)
    Held.push_back(node(S, C, *A));
  if (C.Acquired.Flags & TANGLE_ACQ_TRY || // cannot wait, so cannot deadlock
      !Ctx.isLock(S, C.ProcessUid, C.Acquired))
    return;
  unsigned To = node(S, C, C.Acquired);
  ThreadKey T{S, C.ProcessUid, C.ThreadUid};
  for (size_t I = 0; I < Held.size(); ++I) {
    if (Held[I] == To)
      continue;
    // A gate must exclude: two readers of an rwlock hold it at once.
    std::vector<unsigned> Gates;
    for (size_t J = 0; J < Held.size(); ++J)
      if (J != I && Held[J] != Held[I] && !(HeldLocks[J]->Flags & TANGLE_ACQ_READ))
        Gates.push_back(Held[J]);
    std::sort(Gates.begin(), Gates.end());
    Gates.erase(std::unique(Gates.begin(), Gates.end()), Gates.end());
    unsigned E = Graph.addEdge(Held[I], To);
    if (E >= Witnesses.size()) {
      Witnesses.resize(E + 1);
      Seen.resize(E + 1);
    }
    bool HeldShared = HeldLocks[I]->Flags & TANGLE_ACQ_READ;
    bool AcquiredShared = C.Acquired.Flags & TANGLE_ACQ_READ;
    bool Static = Sessions[S].Static;
    if (Seen[E].insert({T, Gates, HeldShared, AcquiredShared}).second)
      Witnesses[E].push_back({T, HeldLocks[I]->Site, C.Acquired.Site, HeldShared,
                              AcquiredShared, Gates, Static ? &C : nullptr,
                              size_t(HeldLocks[I] - C.Held.data())});
  }
}

// Backtracking over one witness per edge, without recursion: Choice[i] is
// the witness tried for edge i, Applied[i] whether it is in the sets.
Feasibility Detector::chooseWitnesses(const std::vector<unsigned> &Cycle,
                                      std::vector<const Witness *> &Chosen) {
  size_t K = Cycle.size();
  std::vector<const std::vector<Witness> *> Options(K);
  for (size_t I = 0; I < K; ++I)
    Options[I] = &Witnesses[*Graph.findEdge(Cycle[I], Cycle[(I + 1) % K])];
  std::vector<long> Choice(K, -1);
  std::vector<bool> Applied(K, false);
  std::vector<ThreadKey> Threads(K);
  auto Locks = [&](size_t I, const Witness &W, auto &&Fn) {
    Fn(Cycle[I]);
    for (unsigned G : W.Gates)
      Fn(G);
  };
  auto Undo = [&](size_t I) {
    if (!Applied[I])
      return;
    Locks(I, (*Options[I])[Choice[I]], [&](unsigned N) { --LockInUse[N]; });
    Applied[I] = false;
  };
  long Level = 0;
  while (Level >= 0) {
    size_t L = (size_t)Level;
    Undo(L);
    if (++Choice[L] >= (long)Options[L]->size()) {
      Choice[L] = -1;
      --Level;
      continue;
    }
    if (StepsLeft == 0) {
      for (size_t I = 0; I < K; ++I)
        Undo(I);
      return Feasibility::Unknown;
    }
    --StepsLeft;
    const Witness &W = (*Options[L])[Choice[L]];
    bool Clash = std::find(Threads.begin(), Threads.begin() + L, W.Thread) !=
                 Threads.begin() + L;
    // Readers do not wait for readers: the previous thread's wait for this
    // edge's lock must conflict with this thread's hold of it (and, closing
    // the cycle, the same between this thread and the first).
    if (L > 0 && W.HeldShared && (*Options[L - 1])[Choice[L - 1]].AcquiredShared)
      Clash = true;
    if (L + 1 == K && W.AcquiredShared && (*Options[0])[Choice[0]].HeldShared)
      Clash = true;
    Locks(L, W, [&](unsigned N) { Clash |= LockInUse[N] != 0; });
    if (Clash)
      continue;
    Locks(L, W, [&](unsigned N) { ++LockInUse[N]; });
    Applied[L] = true;
    Threads[L] = W.Thread;
    if (L + 1 == K && AcrossRuns) { // a cycle of one run is the runs' own business
      bool Spans = false;
      for (size_t I = 0; I < K; ++I)
        Spans |= Threads[I].Session != Threads[0].Session;
      if (!Spans) {
        Undo(L);
        continue;
      }
    }
    if (L + 1 == K) {
      Chosen.clear();
      for (size_t I = 0; I < K; ++I) {
        Chosen.push_back(&(*Options[I])[Choice[I]]);
        Undo(I);
      }
      return Feasibility::Found;
    }
    ++Level;
  }
  return Feasibility::Impossible;
}

// What a reader calls a run: tangle run's directory for its session.tgl,
// else the session file's name ("prog.1234.5f3a" for prog.1234.5f3a.tgl).
std::string runName(const std::string &Path) {
  llvm::StringRef File = llvm::sys::path::filename(Path);
  if (File == "session.tgl")
    return llvm::sys::path::filename(llvm::sys::path::parent_path(Path)).str();
  File.consume_back(".tgl");
  return File.str();
}

// Names that collide inside one finding get "#1", "#2" so the story reads.
std::vector<std::string> distinctNames(std::vector<std::string> Names) {
  std::map<std::string, unsigned> Count, Seen;
  for (const std::string &N : Names)
    ++Count[N];
  for (std::string &N : Names)
    if (Count[N] > 1)
      N += " #" + std::to_string(++Seen[N]);
  return Names;
}

// A witness's steps: it took `Held`, then (calls on the way, for a path
// lint found) took `Next` while holding it.
void witnessSteps(const AnalysisContext &Ctx, const Witness &W, ThreadStory &St,
                  const std::string &Held, const std::string &Next) {
  uint32_t S = W.Thread.Session;
  const Session &Sn = Ctx.sessions()[S];
  auto Calls = [&](const std::vector<uint32_t> &Sites) {
    for (uint32_t Id : Sites) {
      const SiteInfo *Site = Sn.site(Id);
      St.Steps.push_back({StepAction::Call, "", "", Ctx.location(S, Id),
                          "calls " + (Site ? Site->LockName : std::string("?"))});
    }
  };
  if (W.Static && W.HeldIndex < W.Static->HeldCalls.size())
    Calls(W.Static->HeldCalls[W.HeldIndex]);
  const SiteInfo *Taken = Sn.site(W.HeldSite);
  uint32_t Flags = Taken ? Taken->Flags : 0;
  if (Flags & SiteStaticDeclared) { // an order written in the code: one step says it
    St.Steps.push_back({StepAction::Acquire, Held, "", Ctx.location(S, W.HeldSite),
                        Held + " is declared to be acquired before " + Next + " (" +
                            Taken->LockName + ")"});
    return;
  }
  St.Steps.push_back({StepAction::Acquire, Held, "", Ctx.location(S, W.HeldSite),
                      Flags & SiteStaticEntry
                          ? "holds " + Held + " on entry (" + Taken->LockName + ")"
                          : ""});
  if (W.Static)
    Calls(W.Static->AcquiredCalls);
  St.Steps.push_back({StepAction::Wait, Next, Held, Ctx.location(S, W.AcquiredSite), ""});
}

Finding Detector::makeFinding(const std::vector<unsigned> &Cycle,
                              const std::vector<const Witness *> &Chosen) {
  size_t K = Cycle.size();
  std::vector<std::string> Names, Classes;
  for (unsigned N : Cycle) {
    LockName Name = Ctx.namer().name(KeyOf[N]);
    Names.push_back(Name.Display);
    Classes.push_back(Name.Class);
  }
  Names = distinctNames(Names);
  Finding F;
  F.Kind = FindingKind::LockOrderInversion;
  F.Locks = Names;
  for (size_t I = 0; I < K; ++I) {
    const Witness &W = *Chosen[I];
    ThreadStory St = Ctx.story(W.Thread);
    if (AcrossRuns && !St.Static) // thread numbers repeat from run to run
      St.Label += " of " + runName(St.Session);
    witnessSteps(Ctx, W, St, Names[I], Names[(I + 1) % K]);
    F.Threads.push_back(std::move(St));
  }
  for (size_t I = 0; I < K; ++I)
    F.Scenario.push_back(llvm::formatv("{0} holds {1} and waits for {2}, held by {3}",
                                       F.Threads[I].Label, Names[I],
                                       Names[(I + 1) % K],
                                       F.Threads[(I + 1) % K].Label));
  if (K == 2) {
    F.Message = llvm::formatv("{0} and {1} are taken in opposite orders by {2} and {3}",
                              Names[0], Names[1], F.Threads[0].Label,
                              F.Threads[1].Label);
  } else {
    std::string Path;
    for (size_t I = 0; I <= K; ++I)
      Path += (I ? " -> " : "") + Names[I % K];
    F.Message = llvm::formatv("{0} locks are taken in a cycle by {0} threads: {1}",
                              K, Path);
  }
  // Identity: the cycle of lock classes, starting at the smallest.
  auto Min = std::min_element(Classes.begin(), Classes.end()) - Classes.begin();
  std::rotate(Classes.begin(), Classes.begin() + Min, Classes.end());
  F.Fingerprint = fingerprint(F.Kind, Classes);
  std::set<std::string> Runs;
  bool Static = false;
  for (const ThreadStory &T : F.Threads) {
    Static |= T.Static;
    if (!T.Static)
      Runs.insert(T.Session);
  }
  if (Static && !Runs.empty()) { // code and runs: each edge says where it comes from
    for (size_t I = 0; I < K; ++I)
      F.Notes.push_back(llvm::formatv(
          "{0} -> {1}: {2}", Names[I], Names[(I + 1) % K],
          F.Threads[I].Static ? "static (in the code, found by tangle lint)"
                              : "observed in " + runName(F.Threads[I].Session)));
  } else if (AcrossRuns && !Static) {
    F.Notes.push_back("the orders were seen in different runs: " +
                      llvm::join(Runs, ", "));
  }
  return F;
}

void Detector::run() {
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const Chain &C : Sessions[S].Chains)
      addChain(S, C);
  LockInUse.assign(Graph.numNodes(), 0);
  StepsLeft = Options.MaxWitnessSteps;
  // A deadlock needs one thread per edge: no cycle is longer than the
  // number of threads that made edges.
  std::set<ThreadKey> EdgeThreads;
  for (const auto &List : Witnesses)
    for (const Witness &W : List)
      EdgeThreads.insert(W.Thread);
  size_t CyclesLeft = Options.MaxCycles, Unknown = 0;
  bool Complete = true;
  // Shortest first: each round wants cycles one lock longer, and cuts every
  // path that already holds all the locks of a reported cycle.
  for (size_t Length = 2; Length <= EdgeThreads.size(); ++Length) {
    CycleSearch Search;
    Search.MaxCycles = CyclesLeft;
    Search.MaxLength = Length;
    Search.Extend = [&](const std::vector<unsigned> &Path, unsigned W) {
      return !holdsReportedCycle(Path, W);
    };
    Search.OnCycle = [&](const std::vector<unsigned> &Cycle) {
      if (Cycle.size() == Length) // shorter ones were seen in their round
        Unknown += tryReport(Cycle) == Feasibility::Unknown;
      return true;
    };
    CycleSearchResult R = findElementaryCycles(Graph, Search);
    CyclesLeft -= std::min(CyclesLeft, R.Cycles);
    if (!R.Complete) {
      Complete = false;
      break;
    }
    if (!R.CutByLength)
      break; // there is no longer cycle
  }
  const char *Where = AcrossRuns ? " across runs" : "";
  if (!Complete)
    Out.Notes.push_back(llvm::formatv(
        "the search for lock cycles{0} stopped after {1} cycles; longer cycles "
        "are not reported",
        Where, Options.MaxCycles));
  if (Unknown)
    Out.Notes.push_back(llvm::formatv(
        "{0} lock cycle(s){1} were not checked: the search for threads that "
        "could run them at once ran out of its budget of {2} steps",
        Unknown, Where, Options.MaxWitnessSteps));
  if (!AcrossRuns)
    exportGraph();
}

// Whether Path + W holds every lock of a reported cycle (W is the newest,
// so only cycles through W need a look).
bool Detector::holdsReportedCycle(const std::vector<unsigned> &Path,
                                  unsigned W) const {
  auto It = ReportedWithNode.find(W);
  if (It == ReportedWithNode.end())
    return false;
  for (size_t R : It->second) {
    bool All = true;
    for (unsigned N : ReportedNodes[R])
      All &= N == W || std::find(Path.begin(), Path.end(), N) != Path.end();
    if (All)
      return true;
  }
  return false;
}

Feasibility Detector::tryReport(const std::vector<unsigned> &Cycle) {
  for (size_t I = 0; I < Cycle.size(); ++I)
    if (holdsReportedCycle(Cycle, Cycle[I]))
      return Feasibility::Impossible; // told already, in fewer locks
  std::vector<const Witness *> Chosen;
  Feasibility Result = chooseWitnesses(Cycle, Chosen);
  if (Result != Feasibility::Found)
    return Result;
  for (unsigned N : Cycle)
    ReportedWithNode[N].push_back(ReportedNodes.size());
  ReportedNodes.push_back(Cycle);
  Finding F = makeFinding(Cycle, Chosen);
  if (!Reported.insert(F.Fingerprint).second)
    return Result; // the same classes in one run: reported there
  Out.Findings.push_back(std::move(F));
  for (size_t I = 0; I < Cycle.size(); ++I)
    CycleEdges.insert(*Graph.findEdge(Cycle[I], Cycle[(I + 1) % Cycle.size()]));
  return Result;
}

// The picture of the graph. A graph too large to draw keeps its cyclic
// components and the locks of reported cycles.
void Detector::exportGraph() {
  constexpr unsigned MaxDrawnEdges = 400;
  std::vector<bool> Keep(Graph.numNodes(), Graph.numEdges() <= MaxDrawnEdges);
  if (Graph.numEdges() > MaxDrawnEdges) {
    Out.Graph.Cut = true;
    for (const auto &Component : Graph.cyclicComponents())
      if (Component.size() <= MaxDrawnEdges)
        for (unsigned N : Component)
          Keep[N] = true;
    for (unsigned E : CycleEdges)
      Keep[Graph.ends(E).first] = Keep[Graph.ends(E).second] = true;
  }
  std::map<unsigned, unsigned> Index;
  for (unsigned N = 0; N < Graph.numNodes(); ++N)
    if (Keep[N]) {
      Index[N] = Out.Graph.Nodes.size();
      Out.Graph.Nodes.push_back({Ctx.namer().name(KeyOf[N]).Display, 0});
    }
  for (unsigned E = 0; E < Graph.numEdges(); ++E) {
    auto [From, To] = Graph.ends(E);
    if (!Keep[From] || !Keep[To])
      continue;
    std::set<ThreadKey> Threads;
    for (const Witness &W : Witnesses[E])
      Threads.insert(W.Thread);
    GraphView::Edge V{Index[From], Index[To], (unsigned)Threads.size(),
                      CycleEdges.count(E) != 0};
    Out.Graph.Nodes[V.From].Acquisitions += Witnesses[E].size();
    Out.Graph.Nodes[V.To].Acquisitions += Witnesses[E].size();
    Out.Graph.Edges.push_back(V);
  }
}

} // namespace

void detectLockOrderInversions(const AnalysisContext &Ctx,
                               const AnalysisOptions &Options, Report &Out,
                               bool AcrossRuns) {
  Detector(Ctx, Options, Out, AcrossRuns).run();
}

} // namespace tangle
