//===- Program.cpp - every function's summary, composed ---------------------===//
//
// Order of work: facts every walk needs first (recursive locks, semaphores
// used as locks, thread start routines), then the call graph's strongly
// connected components bottom-up (Tarjan's algorithm, iterative), each
// summarised until its summaries stop changing, then once more to record
// what it observed. A recursive group that does not settle in
// Limits::Rounds rounds keeps its last summaries and is counted.
//
//===----------------------------------------------------------------------===//
#include "tangle/lint/Program.h"

#include "tangle/lint/Strings.h"

#include "llvm/ADT/Hashing.h"

#include <algorithm>
#include <cstdlib>

namespace tangle::lint {

PathId PathTable::intern(const LockPath &P) {
  auto It = Ids.find(P);
  if (It != Ids.end())
    return It->second;
  PathId Id = Paths.size();
  Paths.push_back(P);
  Texts.push_back(tangle::lint::intern(P.text()));
  Classes.push_back(tangle::lint::intern(P.lockClass()));
  Ids.emplace(P, Id);
  return Id;
}

ChainId ChainTable::make(SiteId Site, ChainId Rest) {
  auto [It, New] = Ids.try_emplace({Site, Rest}, ChainId(Nodes.size()));
  if (New) {
    Nodes.push_back({Site, Rest});
    Depth.push_back(length(Rest) + 1);
  }
  return It->second;
}

std::vector<SiteId> ChainTable::sites(ChainId C) const {
  std::vector<SiteId> Out;
  for (; C != NoChain && Out.size() < 64; C = rest(C))
    Out.push_back(site(C));
  return Out;
}

SiteId Program::site(const SourceLoc &Where, llvm::StringRef Function, SiteKind Kind,
                     llvm::StringRef Detail) {
  auto Key = std::make_tuple((const void *)Where.File.data(), Where.Line, Where.Column,
                             (const void *)Function.data(), uint8_t(Kind),
                             (const void *)Detail.data());
  auto [It, New] = SiteIds.try_emplace(Key, SiteId(Sites.size()));
  if (New)
    Sites.push_back({Where, Function, Kind, intern(Detail)});
  return It->second;
}

void Program::add(UnitResult &&U) {
  for (FunctionModel &F : U.Functions) {
    if (IndexOf.count(F.Id))
      continue; // a header function another unit modelled
    IndexOf[F.Id] = Functions.size();
    Functions.push_back(std::move(F));
  }
  for (const DeclaredOrder &O : U.Facts.Orders) {
    PathId Before = Paths.intern(O.Before), After = Paths.intern(O.After);
    if (DeclaredKeys.insert({Before, After}).second) // headers repeat them
      Declared.push_back({Before, After,
                          site(O.Where, O.Declaration, SiteKind::Declared, O.Spelling),
                          intern(("declared order (" + O.Spelling + " on " +
                                  O.Declaration + ")")
                                     .str())});
  }
  for (const LockPath &L : U.Facts.RecursiveLocks)
    RecursiveClasses.insert(Paths.lockClass(Paths.intern(L)).data());
}

const FunctionModel *Program::function(llvm::StringRef Id) const {
  auto It = IndexOf.find(Id);
  return It == IndexOf.end() ? nullptr : &Functions[It->second];
}

const Summary *Program::summary(llvm::StringRef Id) const {
  auto It = IndexOf.find(Id);
  if (It == IndexOf.end() || It->second >= Summaries.size())
    return nullptr;
  return &Summaries[It->second];
}

void Program::observeAcquisition(AcquireObservation O) {
  // One witness per (acquired class and mode, held classes and modes).
  llvm::SmallVector<std::pair<const void *, bool>, 4> Held;
  for (const HeldLock &H : O.Held)
    Held.push_back({Paths.lockClass(H.Lock).data(), bool(H.Flags & HeldShared)});
  std::sort(Held.begin(), Held.end());
  Held.erase(std::unique(Held.begin(), Held.end()), Held.end());
  llvm::hash_code Key = llvm::hash_combine(Paths.lockClass(O.Acquired.Lock).data(),
                                           bool(O.Acquired.Flags & HeldShared));
  for (auto [Class, Shared] : Held)
    Key = llvm::hash_combine(Key, Class, Shared);
  if (!AcquisitionKeys.insert(Key).second)
    return;
  if (Acquisitions.size() >= Limit.Observations) {
    ++DroppedObservations;
    return;
  }
  Acquisitions.push_back(std::move(O));
}

// Facts of the whole program that every walk reads.
void Program::prepare() {
  llvm::StringMap<std::pair<bool, bool>> SemaphoreUse; // per function: wait, post
  for (const FunctionModel &F : Functions) {
    llvm::DenseMap<const void *, std::pair<bool, bool>> Use;
    for (const Block &B : F.Blocks)
      for (const Event &E : B.Events) {
        if (E.Locks.empty())
          continue;
        PathId L = Paths.intern(E.Locks[0]);
        const void *Class = Paths.lockClass(L).data();
        if (E.Kind == EventKind::ThreadStart) {
          ThreadStarts.push_back({F.Name, L, E.Callee, E.CalleeName});
          StartRoutines.insert(E.Callee.data());
        }
        else if (E.Kind == EventKind::Acquire && (E.Flags & EvRecursive))
          for (const LockPath &Each : E.Locks) // a std::recursive_mutex
            RecursiveClasses.insert(Paths.lockClass(Paths.intern(Each)).data());
        else if (E.Kind == EventKind::Wait && E.Wait == WaitKind::Sem)
          Use[Class].first = true;
        else if (E.Kind == EventKind::Notify && E.Wait == WaitKind::Sem)
          Use[Class].second = true;
      }
    // A semaphore that one function both waits on and posts is a lock.
    for (auto &[Class, WaitPost] : Use)
      if (WaitPost.first && WaitPost.second)
        SemaphoreLocks.insert(Class);
  }
  findRecursiveLocks();
}

// Which locks are recursive: initialised with a PTHREAD_MUTEX_RECURSIVE
// attribute, here or through wrappers that pass the type down (OVS:
// ovs_mutex_init_recursive(m) -> ovs_mutex_init__(m, PTHREAD_MUTEX_RECURSIVE)
// -> xpthread_mutexattr_settype(&attr, type)). Two small fixpoints over the
// calls: which parameter of a function is the type it sets, then which
// locks a function initialises recursive (always, or when a parameter says
// so), rewritten at each call.
void Program::findRecursiveLocks() {
  constexpr int64_t RecursiveType = 1; // PTHREAD_MUTEX_RECURSIVE(_NP) in glibc
  constexpr unsigned Rounds = 8;
  size_t N = Functions.size();
  auto Callee = [&](const Event &E) -> int {
    auto It = IndexOf.find(E.Callee);
    return It == IndexOf.end() ? -1 : int(It->second);
  };
  auto IsRecursive = [&](const Event &E, int K) {
    return K >= 0 && size_t(K) < E.ArgValues.size() && E.ArgValues[K].Known &&
           E.ArgValues[K].Equal && E.ArgValues[K].Value == RecursiveType;
  };
  auto ParamOf = [&](const Event &E, int K) {
    return K >= 0 && size_t(K) < E.ArgParams.size() ? int(E.ArgParams[K]) : -1;
  };
  std::vector<int> TypeParam(N);
  std::vector<bool> SetsRecursive(N, false);
  for (size_t F = 0; F < N; ++F)
    TypeParam[F] = Functions[F].SetTypeParam;
  auto Calls = [&](auto &&Visit) {
    for (size_t F = 0; F < N; ++F)
      for (const Block &B : Functions[F].Blocks)
        for (const Event &E : B.Events)
          if (E.Kind == EventKind::Call)
            if (int G = Callee(E); G >= 0)
              Visit(F, size_t(G), E);
  };
  for (unsigned Round = 0, Changed = 1; Changed && Round < Rounds; ++Round) {
    Changed = 0;
    Calls([&](size_t F, size_t G, const Event &E) {
      if (TypeParam[G] < 0)
        return;
      if (IsRecursive(E, TypeParam[G]))
        Changed += !SetsRecursive[F], SetsRecursive[F] = true;
      else if (int J = ParamOf(E, TypeParam[G]); J >= 0 && TypeParam[F] < 0)
        TypeParam[F] = J, ++Changed;
    });
  }
  // (parameter deciding it, or -1 for always; the lock) per function.
  std::vector<std::vector<std::pair<int, LockPath>>> Inits(N);
  std::vector<llvm::DenseSet<std::pair<int, PathId>>> Seen(N);
  auto Add = [&](size_t F, int K, const LockPath &L) {
    if (!Seen[F].insert({K, Paths.intern(L)}).second)
      return false;
    Inits[F].push_back({K, L});
    return true;
  };
  for (size_t F = 0; F < N; ++F)
    for (const Block &B : Functions[F].Blocks)
      for (const Event &E : B.Events)
        if (E.Kind == EventKind::Init && !E.Locks.empty()) {
          if ((E.Flags & EvRecursive) || SetsRecursive[F])
            Add(F, -1, E.Locks[0]);
          else if (TypeParam[F] >= 0)
            Add(F, TypeParam[F], E.Locks[0]);
        }
  for (unsigned Round = 0, Changed = 1; Changed && Round < Rounds; ++Round) {
    Changed = 0;
    Calls([&](size_t F, size_t G, const Event &E) {
      for (size_t I = 0; I < Inits[G].size(); ++I) {
        auto [K, L] = Inits[G][I]; // a copy: Add may grow the list
        bool Always = K < 0 || IsRecursive(E, K);
        int Next = Always ? -1 : ParamOf(E, K);
        if (!Always && Next < 0)
          continue;
        if (std::optional<LockPath> Here = substitute(L, E.Args, E.This))
          Changed += Add(F, Next, *Here);
      }
    });
  }
  if (getenv("TANGLE_LINT_DEBUG"))
    for (size_t F = 0; F < N; ++F)
      for (const auto &[K, L] : Inits[F])
        llvm::errs() << "recursive init: " << Functions[F].Name << " " << K << " "
                     << L.text() << " [" << L.lockClass() << "] typeparam "
                     << TypeParam[F] << "\n";
  // A recursive pthread mutex inside a capability makes the capability
  // recursive too (ovs_mutex's lock member).
  for (const auto &List : Inits)
    for (const auto &[K, L] : List) {
      if (K >= 0 || L.dependsOnCaller())
        continue;
      LockPath P = L;
      RecursiveClasses.insert(Paths.lockClass(Paths.intern(P)).data());
      while (!P.Steps.empty() && P.Steps.back().K == PathStep::Field) {
        P.Steps.pop_back();
        RecursiveClasses.insert(Paths.lockClass(Paths.intern(P)).data());
      }
    }
}

// Tarjan's strongly connected components, without recursion; components
// come out callees first.
std::vector<std::vector<unsigned>> Program::componentsBottomUp() const {
  size_t N = Functions.size();
  std::vector<std::vector<unsigned>> Callees(N);
  for (size_t I = 0; I < N; ++I) {
    for (const Block &B : Functions[I].Blocks)
      for (const Event &E : B.Events)
        if (E.Kind == EventKind::Call) {
          auto It = IndexOf.find(E.Callee);
          if (It != IndexOf.end())
            Callees[I].push_back(It->second);
        }
    std::sort(Callees[I].begin(), Callees[I].end());
    Callees[I].erase(std::unique(Callees[I].begin(), Callees[I].end()), Callees[I].end());
  }
  std::vector<int> Index(N, -1), Low(N, 0);
  std::vector<bool> OnStack(N, false);
  std::vector<unsigned> Stack;
  std::vector<std::vector<unsigned>> Out;
  int Next = 0;
  struct Frame {
    unsigned V;
    size_t Child;
  };
  for (unsigned Root = 0; Root < N; ++Root) {
    if (Index[Root] >= 0)
      continue;
    std::vector<Frame> Frames{{Root, 0}};
    Index[Root] = Low[Root] = Next++;
    Stack.push_back(Root);
    OnStack[Root] = true;
    while (!Frames.empty()) {
      Frame &F = Frames.back();
      if (F.Child < Callees[F.V].size()) {
        unsigned W = Callees[F.V][F.Child++];
        if (Index[W] < 0) {
          Index[W] = Low[W] = Next++;
          Stack.push_back(W);
          OnStack[W] = true;
          Frames.push_back({W, 0});
        } else if (OnStack[W]) {
          Low[F.V] = std::min(Low[F.V], Index[W]);
        }
        continue;
      }
      unsigned V = F.V;
      Frames.pop_back();
      if (!Frames.empty())
        Low[Frames.back().V] = std::min(Low[Frames.back().V], Low[V]);
      if (Low[V] == Index[V]) {
        std::vector<unsigned> Component;
        unsigned W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          Component.push_back(W);
        } while (W != V);
        Out.push_back(std::move(Component));
      }
    }
  }
  return Out;
}

namespace {

// Whether two summaries tell callers the same thing (in any order: a
// round may find the same effects in another order).
bool sameForCallers(const Summary &A, const Summary &B) {
  if (A.Known != B.Known || A.Outcomes.size() != B.Outcomes.size() ||
      A.Acquires.size() != B.Acquires.size() || A.Waits.size() != B.Waits.size() ||
      A.Notifies.size() != B.Notifies.size())
    return false;
  auto Effects = [](const Summary &S) {
    std::vector<std::vector<uint64_t>> Out;
    for (const Outcome &O : S.Outcomes) {
      std::vector<uint64_t> Key{uint64_t(O.Returns.Known), uint64_t(O.Returns.Value)};
      for (const HeldLock &H : O.Acquired)
        Key.push_back(H.Lock);
      Key.push_back(~0ull);
      for (PathId R : O.Released)
        Key.push_back(R);
      Out.push_back(std::move(Key));
    }
    std::vector<uint64_t> Locks;
    for (const Acquisition &Acq : S.Acquires)
      Locks.push_back((uint64_t(Acq.Lock.Lock) << 8) | Acq.Inside.size());
    std::sort(Locks.begin(), Locks.end());
    Out.push_back(std::move(Locks));
    std::sort(Out.begin(), Out.end() - 1);
    return Out;
  };
  return Effects(A) == Effects(B);
}

} // namespace

bool Program::summarise(const std::vector<unsigned> &Group, bool Reporting) {
  bool Changed = false;
  for (unsigned F : Group) {
    Summary S = summariseFunction(*this, Functions[F], Reporting);
    Changed |= !sameForCallers(S, Summaries[F]);
    Summaries[F] = std::move(S);
  }
  return Changed;
}

void Program::analyze() {
  // The order of translation units' threads must not change the result.
  std::sort(Functions.begin(), Functions.end(),
            [](const FunctionModel &A, const FunctionModel &B) {
              return std::make_tuple(A.Where.File, A.Where.Line, A.Where.Column, A.Id) <
                     std::make_tuple(B.Where.File, B.Where.Line, B.Where.Column, B.Id);
            });
  IndexOf.clear();
  for (unsigned I = 0; I < Functions.size(); ++I)
    IndexOf[Functions[I].Id] = I;
  prepare();
  Summaries.assign(Functions.size(), Summary());
  for (const std::vector<unsigned> &Group : componentsBottomUp()) {
    bool Recursive = Group.size() > 1;
    if (!Recursive)
      for (const Block &B : Functions[Group[0]].Blocks)
        for (const Event &E : B.Events)
          Recursive |= E.Kind == EventKind::Call && E.Callee == Functions[Group[0]].Id;
    if (Recursive) {
      unsigned Round = 0;
      while (summarise(Group, false) && ++Round < Limit.Rounds) {
      }
      UnconvergedGroups += Round >= Limit.Rounds;
      if (Round >= Limit.Rounds && getenv("TANGLE_LINT_DEBUG"))
        llvm::errs() << "unsettled group of " << Group.size() << ", e.g. "
                     << Functions[Group[0]].Name << "\n";
    }
    summarise(Group, true);
    for (unsigned F : Group)
      TruncatedFunctions += Summaries[F].Truncated;
  }
}

} // namespace tangle::lint

namespace tangle::lint {
namespace {

void printHeld(llvm::raw_ostream &OS, const Program &P, const HeldLock &H) {
  OS << P.Paths.text(H.Lock) << " [" << P.Paths.lockClass(H.Lock) << "]";
  if (H.Flags & HeldShared)
    OS << " shared";
  if (H.Flags & HeldTry)
    OS << " try";
  if (H.Via != NoChain) {
    OS << " via";
    for (SiteId S : P.Chains.sites(H.Via))
      OS << " " << P.Sites[S].Function << ":" << P.Sites[S].Where.Line;
  }
}

void printConstraintValue(llvm::raw_ostream &OS, const Constraint &C) {
  if (C.Known)
    OS << (C.Equal ? " returns " : " returns not ") << C.Value;
}

} // namespace

void printSummaries(llvm::raw_ostream &OS, const Program &P) {
  for (const FunctionModel &F : P.functions()) {
    printModel(OS, F);
    const Summary *S = P.summary(F.Id);
    if (!S)
      continue;
    OS << "  summary" << (S->Truncated ? " (truncated)" : "") << ":\n";
    if (S->Outcomes.empty())
      OS << "    never returns\n";
    for (const Outcome &O : S->Outcomes) {
      OS << "    outcome:";
      for (const HeldLock &H : O.Acquired) {
        OS << " +";
        printHeld(OS, P, H);
      }
      for (PathId R : O.Released)
        OS << " -" << P.Paths.text(R);
      printConstraintValue(OS, O.Returns);
      OS << "\n";
    }
    for (const Acquisition &A : S->Acquires) {
      OS << "    acquires ";
      printHeld(OS, P, A.Lock);
      for (const HeldLock &H : A.Inside) {
        OS << " holding ";
        printHeld(OS, P, H);
      }
      OS << "\n";
    }
    for (const WaitEffect &W : S->Waits)
      OS << "    waits on " << P.Paths.text(W.Object)
         << (W.Mutex != NoPath ? " releasing " + P.Paths.text(W.Mutex).str() : "") << "\n";
    for (const NotifyEffect &N : S->Notifies)
      OS << "    notifies " << P.Paths.text(N.Object) << "\n";
    for (const CallHeld &C : S->Calls) {
      OS << "    calls " << P.Sites[C.Call].Detail << " at line "
         << P.Sites[C.Call].Where.Line << " holding";
      for (PathId H : C.Held)
        OS << " " << P.Paths.text(H);
      OS << "\n";
    }
  }
}

} // namespace tangle::lint
