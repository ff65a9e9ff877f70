//===- Program.h - every function's summary, composed -----------*- C++ -*-===//
//
// All function models of all translation units, and per function a summary
// of what it does to locks, seen from its caller:
//  - Outcomes: per way it can return, the locks it leaves held that it took
//    (an acquire function: lock_table), those it released that the caller
//    held (unlock_table), and what it returns then (a trylock wrapper
//    returns 0 holding the lock and EBUSY without it);
//  - Acquires: every lock it may take, itself or in callees, with the call
//    chain down to the acquisition and the locks it holds meanwhile (a
//    caller holding A that calls it makes the edges A -> each of them);
//  - Waits and Notifies: condition waits, joins and semaphore waits (and
//    signals) with the locks held meanwhile;
//  - Calls: the locks held at each call.
// Locks are paths of the function's own parameters where they depend on
// them; a caller rewrites them with its arguments (LockPath.h), so a
// summary composes at any call of the function, in any file.
//
// Functions are summarised callees first, one strongly connected component
// of the call graph at a time (a recursive group is iterated until its
// summaries stop changing). The walk over one function (Dataflow.cpp)
// follows sets of path states through clang's CFG, so a lock held on one
// path and not another is never mixed up, and branches on a trylock's
// result, on a flag set to a constant or on a pointer tested for NULL only
// follow the paths that can happen.
//
// While walking, the final round also records observations: acquisitions
// made while holding other locks (the static lock-order edges), double
// locks, lock leaks, waits while holding locks, and notifications. The
// checks (Checks.h) turn them into findings.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_PROGRAM_H
#define TANGLE_LINT_PROGRAM_H

#include "tangle/lint/Extract.h"
#include "tangle/lint/Model.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace tangle::lint {

using PathId = uint32_t;
using SiteId = uint32_t;
using ChainId = uint32_t;
constexpr PathId NoPath = ~0u;
constexpr ChainId NoChain = ~0u;

// Interned lock paths, with their texts and classes.
class PathTable {
public:
  PathId intern(const LockPath &P);
  const LockPath &path(PathId Id) const { return Paths[Id]; }
  llvm::StringRef text(PathId Id) const { return Texts[Id]; }
  llvm::StringRef lockClass(PathId Id) const { return Classes[Id]; }
  size_t size() const { return Paths.size(); }

private:
  struct Hash {
    size_t operator()(const LockPath &P) const { return hash_value(P); }
  };
  std::vector<LockPath> Paths;
  std::vector<llvm::StringRef> Texts, Classes;
  std::unordered_map<LockPath, PathId, Hash> Ids;
};

enum class SiteKind : uint8_t {
  Acquire,  // a lock taken
  Call,     // a call (Detail: the callee)
  Entry,    // held on entry: REQUIRES (Detail: the attribute)
  Declared, // an order declared by ACQUIRED_BEFORE/AFTER (Detail: spelling)
  Release,
  Wait,
  Notify,
  Return,
};

struct Site {
  SourceLoc Where;
  llvm::StringRef Function; // the function the site is in
  SiteKind Kind = SiteKind::Acquire;
  llvm::StringRef Detail;
};

// Call chains, shared by prefix: [call, call, ..., site].
class ChainTable {
public:
  ChainId make(SiteId Site, ChainId Rest = NoChain);
  SiteId site(ChainId C) const { return Nodes[C].first; }
  ChainId rest(ChainId C) const { return Nodes[C].second; }
  // The sites from the outermost call to the final site.
  std::vector<SiteId> sites(ChainId C) const;
  unsigned length(ChainId C) const { return C == NoChain ? 0 : Depth[C]; }

private:
  std::vector<std::pair<SiteId, ChainId>> Nodes;
  std::vector<unsigned> Depth;
  llvm::DenseMap<std::pair<SiteId, ChainId>, ChainId> Ids;
};

enum HeldFlags : uint16_t {
  HeldShared = 1u << 0, // read mode
  HeldTry = 1u << 1,    // taken by a trylock that succeeded
  HeldEntry = 1u << 2,  // held on entry (REQUIRES): the caller's
};

struct HeldLock {
  PathId Lock = NoPath;
  uint16_t Flags = 0;
  ChainId Via = NoChain; // where it was taken, from this function down
};

// What a parameter's value was on the path of an effect (a flag tested):
// a caller passing another value does not get it.
struct ParamCond {
  uint8_t Param = 0;
  Constraint C;
  bool operator==(const ParamCond &O) const { return Param == O.Param && C == O.C; }
};
using ParamConds = llvm::SmallVector<ParamCond, 1>;

struct Acquisition {
  HeldLock Lock;
  llvm::SmallVector<HeldLock, 2> Inside; // held meanwhile by this function or below
  llvm::SmallVector<PathId, 1> Released; // the caller's locks let go before it
  ParamConds Conds;
};

struct WaitEffect {
  WaitKind Kind = WaitKind::Cond;
  PathId Object = NoPath, Mutex = NoPath;
  ChainId Via = NoChain;
  llvm::SmallVector<HeldLock, 2> Inside;
  llvm::SmallVector<PathId, 1> Released;
  ParamConds Conds;
};

struct NotifyEffect {
  WaitKind Kind = WaitKind::Cond;
  PathId Object = NoPath;
  ChainId Via = NoChain;
  llvm::SmallVector<HeldLock, 2> Inside;
  ParamConds Conds;
};

struct Outcome {
  llvm::SmallVector<HeldLock, 2> Acquired; // taken and still held at the return
  llvm::SmallVector<PathId, 2> Released;   // held by the caller, released here
  Constraint Returns;
  ParamConds Conds;
};

struct CallHeld {
  SiteId Call = 0;
  llvm::SmallVector<PathId, 2> Held;
};

struct Summary {
  bool Known = false;
  std::vector<Outcome> Outcomes; // none (and Known): it never returns
  std::vector<Acquisition> Acquires;
  std::vector<WaitEffect> Waits;
  std::vector<NotifyEffect> Notifies;
  std::vector<CallHeld> Calls;
  bool Truncated = false; // a limit cut something (Limits)
};

// What the walks saw; Checks.cpp makes findings of them.
struct AcquireObservation {
  llvm::StringRef Function; // where the held locks are held
  llvm::SmallVector<HeldLock, 4> Held;
  HeldLock Acquired;
};
struct DoubleLockObservation {
  llvm::StringRef Function;
  PathId Lock;
  ChainId First, Second;
};
struct LeakObservation {
  llvm::StringRef Function;
  PathId Lock;
  ChainId Taken;
  SourceLoc Returns;  // a return (or thread exit) that holds it
  SiteId ReleasedAt;  // where another path releases it (~0u: none)
  enum Way : uint8_t { Return, ThreadExit, RoutineReturn } How = Return;
};
struct HoldWaitObservation {
  llvm::StringRef Function;
  HeldLock Held;
  WaitKind Kind;
  PathId Object;
  ChainId Wait;
};
struct NotifyObservation {
  llvm::StringRef Function;
  WaitKind Kind;
  llvm::StringRef ObjectClass;
  llvm::SmallVector<HeldLock, 4> Held;
  ChainId Via;
};
struct ThreadStart {
  llvm::StringRef Function;
  PathId Thread;
  llvm::StringRef Routine, RoutineName;
};

struct Limits {
  unsigned StatesPerBlock = 32; // path states kept per CFG block
  unsigned Outcomes = 6;
  unsigned Acquires = 512;      // per summary
  unsigned Inside = 4;          // locks kept per acquisition's held set
  unsigned Effects = 64;        // waits, notifies, calls per summary
  unsigned Rounds = 8;          // per recursive group of functions
  size_t Observations = 200000; // acquisitions recorded for lock order
};

class Program {
public:
  explicit Program(Limits L = {}) : Limit(L) {}

  void add(UnitResult &&U);
  // Summarises every function, callees first, recording observations.
  void analyze();

  const Summary *summary(llvm::StringRef FunctionId) const;
  const FunctionModel *function(llvm::StringRef FunctionId) const;
  const std::vector<FunctionModel> &functions() const { return Functions; }

  PathTable Paths;
  std::vector<Site> Sites;
  ChainTable Chains;
  SiteId site(const SourceLoc &Where, llvm::StringRef Function, SiteKind Kind,
              llvm::StringRef Detail = "");

  // Facts all walks share.
  llvm::DenseSet<const void *> RecursiveClasses; // interned class names
  llvm::DenseSet<const void *> SemaphoreLocks;   // semaphores used as locks
  bool isRecursive(PathId P) const {
    return RecursiveClasses.count(Paths.lockClass(P).data());
  }
  bool isSemaphoreLock(PathId P) const {
    return SemaphoreLocks.count(Paths.lockClass(P).data());
  }
  // Functions that threads start in: returning from one ends the thread.
  llvm::DenseSet<const void *> StartRoutines; // interned ids
  // Orders declared by ACQUIRED_BEFORE / ACQUIRED_AFTER (once each).
  struct DeclaredEdge {
    PathId Before, After;
    SiteId At;
    llvm::StringRef Label; // "declared order (ACQUIRED_AFTER on mu2)"
  };
  std::vector<DeclaredEdge> Declared;

  // Observations.
  std::vector<AcquireObservation> Acquisitions;
  std::vector<DoubleLockObservation> DoubleLocks;
  std::vector<LeakObservation> Leaks;
  std::vector<HoldWaitObservation> HoldWaits;
  std::vector<NotifyObservation> Notifications;
  std::vector<ThreadStart> ThreadStarts;
  void observeAcquisition(AcquireObservation O);

  // Degradations, said in the report (never silent).
  unsigned TruncatedFunctions = 0;
  size_t DroppedObservations = 0;
  unsigned UnconvergedGroups = 0;

  const Limits Limit;

private:
  void prepare();
  void findRecursiveLocks();
  std::vector<std::vector<unsigned>> componentsBottomUp() const;
  bool summarise(const std::vector<unsigned> &Group, bool Reporting);

  std::vector<FunctionModel> Functions;
  llvm::StringMap<unsigned> IndexOf;
  std::vector<Summary> Summaries;
  llvm::DenseMap<std::tuple<const void *, uint32_t, uint32_t, const void *, uint8_t,
                            const void *>,
                 SiteId>
      SiteIds;
  llvm::DenseSet<uint64_t> AcquisitionKeys;
  llvm::DenseSet<std::pair<PathId, PathId>> DeclaredKeys;
};

// Every function's model and summary, for --print-summaries and tests.
void printSummaries(llvm::raw_ostream &OS, const Program &P);

// One function's walk (Dataflow.cpp).
Summary summariseFunction(Program &P, const FunctionModel &M, bool Reporting);

} // namespace tangle::lint

#endif
