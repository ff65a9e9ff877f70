//===- Dataflow.cpp - one function's walk: path states through its CFG -----===//
//
// A state is what one path knows: the locks held (each with where it was
// taken, the guard that owns it, its mode), the values of the few slots
// that branches test, the caller's locks released, which locks this path
// took at some point, and what it returns. States are kept apart per CFG
// block (a set, not a join), so "held on this path" is exact along the
// CFG's paths; an edge whose condition contradicts a state's slots is not
// followed (a trylock's failure branch holds nothing). A block keeps at
// most Limits::StatesPerBlock states: beyond that the slots are dropped
// first, then states, and the summary says it was truncated.
//
//===----------------------------------------------------------------------===//
#include "tangle/lint/Program.h"

#include "tangle/lint/Strings.h"

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <functional>

namespace tangle::lint {
namespace {

struct Entry {
  PathId Lock = NoPath;
  ChainId Via = NoChain;
  int16_t Owner = -1; // the guard slot owning it
  uint16_t Flags = 0; // HeldFlags
  uint8_t Depth = 1;  // re-entries of a recursive lock
  bool operator==(const Entry &O) const {
    return Lock == O.Lock && Via == O.Via && Owner == O.Owner && Flags == O.Flags &&
           Depth == O.Depth;
  }
};

struct Tag {
  int16_t Slot;
  Constraint C;
  bool operator==(const Tag &O) const { return Slot == O.Slot && C == O.C; }
};

struct State {
  llvm::SmallVector<Entry, 4> Held;
  llvm::SmallVector<Tag, 2> Tags;
  llvm::SmallVector<PathId, 1> EntryReleased; // the caller's locks let go
  uint64_t Taken = 0;                         // locks this path took (bits)
  Constraint Ret;
  int16_t RetAt = -1;
  bool operator==(const State &O) const {
    return Taken == O.Taken && RetAt == O.RetAt && Ret == O.Ret && Held == O.Held &&
           Tags == O.Tags && EntryReleased == O.EntryReleased;
  }
};

Constraint inverse(const Constraint &C) {
  if (!C.Known)
    return C;
  return C.Equal ? Constraint::notEqual(C.Value) : Constraint::equal(C.Value);
}

bool evaluate(int64_t L, CmpOp Op, int64_t R) {
  switch (Op) {
  case CmpOp::EQ: return L == R;
  case CmpOp::NE: return L != R;
  case CmpOp::LT: return L < R;
  case CmpOp::LE: return L <= R;
  case CmpOp::GT: return L > R;
  case CmpOp::GE: return L >= R;
  }
  return true;
}

// Whether `x Op V` can hold for a value satisfying `C`.
bool feasible(const Constraint &C, CmpOp Op, int64_t V) {
  if (!C.Known)
    return true;
  if (C.Equal)
    return evaluate(C.Value, Op, V);
  return Op != CmpOp::EQ || V != C.Value;
}

class Walk {
public:
  Walk(Program &P, const FunctionModel &M, bool Reporting)
      : P(P), M(M), Reporting(Reporting) {}
  Summary run();

private:
  PathId id(const LockPath &Path);
  uint64_t bit(PathId L);
  SiteId site(const SourceLoc &Where, SiteKind K, llvm::StringRef Detail = "") {
    return P.site(Where, M.Name, K, Detail);
  }
  State initial();
  void enqueue(unsigned B, State S);
  void process(unsigned B, const State &S);
  void follow(unsigned B, State S);
  bool constrain(State &S, const Condition &C, bool TrueEdge) const;
  void step(const Event &E, llvm::ArrayRef<PathId> Ids, State S,
            llvm::SmallVectorImpl<State> &Out);
  void acquire(const Event &E, llvm::ArrayRef<PathId> Ids, State S,
               llvm::SmallVectorImpl<State> &Out);
  void wait(const Event &E, llvm::ArrayRef<PathId> Ids, State S,
            llvm::SmallVectorImpl<State> &Out);
  void notify(const Event &E, llvm::ArrayRef<PathId> Ids, State S,
              llvm::SmallVectorImpl<State> &Out);
  void call(const Event &E, State S, llvm::SmallVectorImpl<State> &Out);
  void release(State &S, PathId L, SiteId At);
  void releaseEntry(State &S, size_t I, SiteId At);
  void addAcquire(const State &S, HeldLock L, llvm::ArrayRef<HeldLock> Inside,
                  bool Substituted, const ParamConds &Extra = {},
                  llvm::ArrayRef<PathId> ReleasedBefore = {});
  // What the path knows of the parameters' values.
  ParamConds paramConds(const State &S) const;
  // Whether a lock path names another object after its variable changes.
  bool varying(PathId L);
  void addWait(WaitEffect W);
  void addNotify(NotifyEffect N);
  // Adds an effect not seen before (by `Key`), within the summary's bound.
  template <typename Effect>
  void addEffect(std::vector<Effect> &To, llvm::DenseSet<llvm::hash_code> &Keys,
                 llvm::hash_code Key, Effect E);
  llvm::SmallVector<HeldLock, 4> frameHeld(const State &S, bool WithEntry) const;
  void finish();
  void outcomes(const llvm::DenseSet<PathId> &Leaked);
  void annotatedOutcomes();
  llvm::DenseSet<PathId> leaks();
  bool correlated(llvm::ArrayRef<const State *> Holding,
                  llvm::ArrayRef<const State *> Releasing) const;

  static Entry *find(State &S, PathId L) {
    for (Entry &E : S.Held)
      if (E.Lock == L)
        return &E;
    return nullptr;
  }
  static Constraint tagOf(const State &S, int Slot) {
    for (const Tag &T : S.Tags)
      if (T.Slot == Slot)
        return T.C;
    return {};
  }
  static void setTag(State &S, int Slot, Constraint C) {
    if (Slot < 0)
      return;
    for (size_t I = 0; I < S.Tags.size(); ++I)
      if (S.Tags[I].Slot == Slot) {
        if (C.Known)
          S.Tags[I].C = C;
        else
          S.Tags.erase(S.Tags.begin() + I);
        return;
      }
    if (!C.Known)
      return;
    S.Tags.push_back({int16_t(Slot), C});
    std::sort(S.Tags.begin(), S.Tags.end(),
              [](const Tag &A, const Tag &B) { return A.Slot < B.Slot; });
  }

  Program &P;
  const FunctionModel &M;
  bool Reporting;
  Summary Sum;
  std::vector<std::vector<llvm::SmallVector<PathId, 1>>> Ids; // per block, per event
  std::vector<std::vector<State>> In;
  std::vector<std::pair<unsigned, unsigned>> Work;
  std::vector<SourceLoc> ReturnSites;
  llvm::DenseMap<const Event *, int16_t> ReturnIndex;
  int16_t returnIndex(const Event &E) {
    auto [It, New] = ReturnIndex.try_emplace(&E, int16_t(ReturnSites.size()));
    if (New)
      ReturnSites.push_back(E.Where);
    return It->second;
  }
  llvm::DenseMap<PathId, unsigned> Bits;
  llvm::DenseMap<PathId, SiteId> ReleasedAt;
  llvm::DenseMap<llvm::hash_code, llvm::SmallVector<unsigned, 2>> AcquireKeys;
  llvm::DenseSet<llvm::hash_code> WaitKeys, NotifyKeys;
  llvm::DenseSet<SiteId> CallSites;
  llvm::DenseMap<PathId, bool> Varying;
  llvm::DenseSet<const void *> ChangedNames;
  bool Truncated = false;
};

PathId Walk::id(const LockPath &Path) {
  // In a function annotated with a capability, a lock inside it is it: the
  // attribute names the wrapper struct (ovs_mutex), the body locks its
  // pthread mutex (&l->lock).
  for (const std::vector<LockPath> *Caps :
       {&M.Attrs.Acquires, &M.Attrs.AcquiresShared, &M.Attrs.Releases,
        &M.Attrs.TryAcquires, &M.Attrs.Requires, &M.Attrs.RequiresShared})
    for (const LockPath &C : *Caps)
      if (Path.Steps.size() > C.Steps.size() && Path.isInside(C))
        return P.Paths.intern(C);
  for (const auto &[From, To] : M.Aliases)
    if (Path.isInside(From)) {
      LockPath Out = To;
      Out.Steps.append(Path.Steps.begin() + From.Steps.size(), Path.Steps.end());
      return P.Paths.intern(Out);
    }
  return P.Paths.intern(Path);
}

uint64_t Walk::bit(PathId L) {
  auto It = Bits.find(L);
  if (It != Bits.end())
    return 1ull << It->second;
  if (Bits.size() >= 64)
    return 0; // locks past the 64th are not checked for leaks
  unsigned B = Bits.size();
  Bits[L] = B;
  return 1ull << B;
}

ParamConds Walk::paramConds(const State &S) const {
  ParamConds Out;
  for (size_t I = 0; I < M.ParamSlots.size(); ++I)
    if (M.ParamSlots[I] >= 0)
      if (Constraint C = tagOf(S, M.ParamSlots[I]); C.Known)
        Out.push_back({uint8_t(I), C});
  return Out;
}

bool Walk::varying(PathId L) {
  auto [It, New] = Varying.try_emplace(L, false);
  if (!New)
    return It->second;
  if (ChangedNames.empty())
    for (llvm::StringRef N : M.Changed)
      ChangedNames.insert(N.data());
  const LockPath &Path = P.Paths.path(L);
  bool V = Path.Root == RootKind::Local && ChangedNames.count(Path.RootName.data());
  for (const PathStep &S : Path.Steps) // an index that changes: slots[i]
    if (S.K == PathStep::Index && !S.Constant)
      for (llvm::StringRef N : M.Changed)
        V |= S.Name.contains(N);
  Varying[L] = V;
  return V;
}

State Walk::initial() {
  State S;
  auto Entered = [&](const std::vector<LockPath> &Caps, uint16_t Flags) {
    for (const LockPath &C : Caps) {
      ChainId Via = P.Chains.make(site(M.Where, SiteKind::Entry, "REQUIRES"));
      S.Held.push_back({id(C), Via, -1, uint16_t(HeldEntry | Flags), 1});
    }
  };
  Entered(M.Attrs.Requires, 0);
  Entered(M.Attrs.RequiresShared, HeldShared);
  return S;
}

void Walk::enqueue(unsigned B, State S) {
  std::vector<State> &Here = In[B];
  if (std::find(Here.begin(), Here.end(), S) != Here.end())
    return;
  if (Here.size() >= P.Limit.StatesPerBlock) {
    // Too many paths meet here: forget what they know of values (at the
    // exit, which return they came from first).
    if (B == M.Exit && S.RetAt >= 0 && !S.Ret.Known) {
      S.RetAt = -1;
      if (std::find(Here.begin(), Here.end(), S) != Here.end())
        return;
    }
    S.Tags.clear();
    if (std::find(Here.begin(), Here.end(), S) != Here.end())
      return;
    if (Here.size() >= 2 * P.Limit.StatesPerBlock) {
      Truncated = true;
      return;
    }
  }
  Here.push_back(std::move(S));
  Work.push_back({B, unsigned(Here.size() - 1)});
}

Summary Walk::run() {
  In.resize(M.Blocks.size());
  Ids.resize(M.Blocks.size());
  for (size_t B = 0; B < M.Blocks.size(); ++B)
    for (const Event &E : M.Blocks[B].Events) {
      llvm::SmallVector<PathId, 1> L;
      for (const LockPath &Path : E.Locks)
        L.push_back(id(Path));
      Ids[B].push_back(std::move(L));
    }
  enqueue(M.Entry, initial());
  while (!Work.empty()) {
    auto [B, I] = Work.back();
    Work.pop_back();
    State S = In[B][I];
    process(B, S);
  }
  finish();
  return std::move(Sum);
}

void Walk::process(unsigned B, const State &S) {
  if (B == M.Exit)
    return; // collected in In[Exit]
  const Block &Bl = M.Blocks[B];
  llvm::SmallVector<State, 4> Cur{S}, Next;
  for (size_t K = 0; K < Bl.Events.size() && !Cur.empty(); ++K) {
    Next.clear();
    for (State &X : Cur)
      step(Bl.Events[K], Ids[B][K], std::move(X), Next);
    Cur.clear();
    for (State &X : Next) // outcomes that left the same state are one
      if (std::find(Cur.begin(), Cur.end(), X) == Cur.end())
        Cur.push_back(std::move(X));
    if (Cur.size() > P.Limit.StatesPerBlock) {
      Cur.resize(P.Limit.StatesPerBlock);
      Truncated = true;
    }
  }
  for (State &X : Cur)
    follow(B, std::move(X));
}

void Walk::follow(unsigned B, State S) {
  const Block &Bl = M.Blocks[B];
  if (Bl.NoReturn)
    return;
  for (size_t I = 0; I < Bl.Succs.size(); ++I) {
    unsigned To = Bl.Succs[I];
    if (To == Block::NoSucc || To >= M.Blocks.size())
      continue;
    State T = S;
    if (Bl.Cond && Bl.Succs.size() == 2 && !constrain(T, *Bl.Cond, I == 0))
      continue;
    enqueue(To, std::move(T));
  }
}

bool Walk::constrain(State &S, const Condition &C, bool TrueEdge) const {
  if (C.Shared)
    return true; // a loop waiting for another thread: both ways can happen
  CmpOp Op = TrueEdge ? C.Op : negate(C.Op);
  if (C.Owns) {
    bool Owns = false;
    for (const Entry &E : S.Held)
      Owns |= E.Owner == C.Slot;
    // "owns != 0" holds when it owns.
    return Op == CmpOp::NE ? Owns : Op == CmpOp::EQ ? !Owns : true;
  }
  Constraint Known = tagOf(S, C.Slot);
  if (!feasible(Known, Op, C.Value))
    return false;
  if (Op == CmpOp::EQ)
    setTag(S, C.Slot, Constraint::equal(C.Value));
  else if (Op == CmpOp::NE && !(Known.Known && Known.Equal))
    setTag(S, C.Slot, Constraint::notEqual(C.Value));
  return true;
}

llvm::SmallVector<HeldLock, 4> Walk::frameHeld(const State &S, bool WithEntry) const {
  llvm::SmallVector<HeldLock, 4> Out;
  for (const Entry &E : S.Held)
    if (WithEntry || !(E.Flags & HeldEntry))
      Out.push_back({E.Lock, E.Flags, E.Via});
  return Out;
}

void Walk::step(const Event &E, llvm::ArrayRef<PathId> L, State S,
                llvm::SmallVectorImpl<State> &Out) {
  switch (E.Kind) {
  case EventKind::Acquire:
    return acquire(E, L, std::move(S), Out);
  case EventKind::Release: {
    SiteId At = site(E.Where, SiteKind::Release);
    for (PathId X : L)
      release(S, X, At);
    break;
  }
  case EventKind::ReleaseOwned: {
    SiteId At = site(E.Where, SiteKind::Release);
    for (size_t I = S.Held.size(); I-- > 0;)
      if (S.Held[I].Owner == E.Owner)
        releaseEntry(S, I, At);
    break;
  }
  case EventKind::Adopt:
    for (PathId X : L) {
      if (Entry *H = find(S, X)) {
        H->Owner = E.Owner;
        continue;
      }
      // Adopting what this function did not take: the caller's lock.
      ChainId Via = P.Chains.make(site(E.Where, SiteKind::Acquire));
      S.Held.push_back({X, Via, int16_t(E.Owner), HeldEntry, 1});
    }
    break;
  case EventKind::Disown:
    for (Entry &H : S.Held)
      if (H.Owner == E.Owner)
        H.Owner = -1;
    break;
  case EventKind::Transfer:
    for (Entry &H : S.Held)
      if (H.Owner == E.Owner)
        H.Owner = int16_t(E.Slot);
    break;
  case EventKind::Wait:
    return wait(E, L, std::move(S), Out);
  case EventKind::Notify:
    return notify(E, L, std::move(S), Out);
  case EventKind::Call:
    return call(E, std::move(S), Out);
  case EventKind::Assign: {
    Constraint V = E.Value.Known ? E.Value
                   : E.Source >= 0 ? tagOf(S, E.Source)
                                   : Constraint{};
    setTag(S, E.Slot, V); // an unknown value forgets the old one
    break;
  }
  case EventKind::Return:
    S.Ret = E.Value.Known ? E.Value : E.Slot >= 0 ? tagOf(S, E.Slot) : Constraint{};
    S.RetAt = returnIndex(E);
    break;
  case EventKind::ThreadExit:
    // The thread ends holding what it holds: each lock it took is leaked.
    if (Reporting)
      for (const Entry &H : S.Held)
        if (!(H.Flags & HeldEntry) && !varying(H.Lock))
          P.Leaks.push_back({M.Name, H.Lock, H.Via, E.Where, ~0u,
                             LeakObservation::ThreadExit});
    return; // the path ends
  case EventKind::Init:
  case EventKind::ThreadStart:
    break; // facts for the whole program (Program::prepare)
  }
  Out.push_back(std::move(S));
}

void Walk::acquire(const Event &E, llvm::ArrayRef<PathId> L, State S,
                   llvm::SmallVectorImpl<State> &Out) {
  bool Try = E.Flags & EvTry, CanFail = E.Flags & EvCanFail;
  uint16_t Flags = (E.Flags & EvShared ? HeldShared : 0) | (Try ? HeldTry : 0);
  ChainId Via = P.Chains.make(site(E.Where, SiteKind::Acquire));
  State Ok = S;
  bool Dead = false;
  for (PathId X : L) {
    const State &Before = (E.Flags & EvSet) ? S : Ok; // a set is taken at once
    if (!Try)
      addAcquire(Before, {X, Flags, Via}, {}, false);
    Entry *H = find(Ok, X);
    if (H && varying(X)) { // the same expression, the next object of a loop
      H->Depth = std::min<uint8_t>(H->Depth + 1, 2); // one entry for them all
      continue;
    }
    if (H) {
      bool Shared = (H->Flags & HeldShared) && (Flags & HeldShared);
      if ((E.Flags & EvRecursive) || P.isRecursive(X) || Shared) {
        H->Depth = std::min<uint8_t>(H->Depth + 1, 2);
        continue;
      }
      if (!Try && Reporting)
        P.DoubleLocks.push_back({M.Name, X, H->Via, Via});
      Dead = true; // blocks forever (a trylock on it just fails)
      continue;
    }
    Ok.Held.push_back({X, Via, int16_t(E.Owner), Flags, 1});
    if (!varying(X)) // objects of a loop: which were all released is not told
      Ok.Taken |= bit(X);
  }
  if (!Dead) {
    if (Try || CanFail)
      setTag(Ok, E.Slot, E.Success);
    Out.push_back(std::move(Ok));
  }
  if (Try || CanFail) {
    setTag(S, E.Slot, inverse(E.Success));
    Out.push_back(std::move(S));
  }
}

void Walk::releaseEntry(State &S, size_t I, SiteId At) {
  Entry &H = S.Held[I];
  if (H.Depth > 1) {
    --H.Depth;
    return;
  }
  ReleasedAt.try_emplace(H.Lock, At);
  if ((H.Flags & HeldEntry) &&
      std::find(S.EntryReleased.begin(), S.EntryReleased.end(), H.Lock) ==
          S.EntryReleased.end())
    S.EntryReleased.push_back(H.Lock);
  S.Held.erase(S.Held.begin() + I);
}

void Walk::release(State &S, PathId L, SiteId At) {
  for (size_t I = 0; I < S.Held.size(); ++I)
    if (S.Held[I].Lock == L) {
      if (varying(L)) // the objects of a loop: released one by one, all alike
        S.Held[I].Depth = 1;
      return releaseEntry(S, I, At);
    }
  // Not held here: the caller's lock (unlock_table()).
  if (std::find(S.EntryReleased.begin(), S.EntryReleased.end(), L) ==
      S.EntryReleased.end()) {
    S.EntryReleased.push_back(L);
    std::sort(S.EntryReleased.begin(), S.EntryReleased.end());
  }
}

// Folds what tells two effects of one kind apart beside their object: the
// locks held meanwhile, the caller's locks released first and the
// parameter conditions.
llvm::hash_code effectKey(llvm::hash_code Key, llvm::ArrayRef<HeldLock> Inside,
                          llvm::ArrayRef<PathId> Released, const ParamConds &Conds) {
  for (const HeldLock &H : Inside)
    Key = llvm::hash_combine(Key, H.Lock);
  for (PathId R : Released)
    Key = llvm::hash_combine(Key, R, 1);
  for (const ParamCond &C : Conds)
    Key = llvm::hash_combine(Key, C.Param, C.C.Equal, C.C.Value);
  return Key;
}

void Walk::addAcquire(const State &S, HeldLock L, llvm::ArrayRef<HeldLock> Inside,
                      bool Substituted, const ParamConds &Extra,
                      llvm::ArrayRef<PathId> ReleasedBefore) {
  if (L.Flags & HeldTry)
    return; // a trylock cannot wait: no order, and callers need not know
  Acquisition A{L, {}, {}, paramConds(S)};
  for (const ParamCond &C : Extra) { // the callee's, on our own parameters
    bool Seen = false;
    for (const ParamCond &Mine : A.Conds)
      if (Mine.Param == C.Param) {
        if (!Mine.C.compatible(C.C))
          return; // this path cannot take it
        Seen = true;
      }
    if (!Seen)
      A.Conds.push_back(C);
  }
  A.Released.assign(S.EntryReleased.begin(), S.EntryReleased.end());
  for (PathId R : ReleasedBefore)
    if (std::find(A.Released.begin(), A.Released.end(), R) == A.Released.end())
      A.Released.push_back(R);
  auto Keep = [&](const HeldLock &H) { // each lock once: recursion must settle
    for (const HeldLock &K : A.Inside)
      if (K.Lock == H.Lock)
        return;
    if (A.Inside.size() < P.Limit.Inside)
      A.Inside.push_back(H);
  };
  for (const HeldLock &H : frameHeld(S, false))
    Keep(H);
  for (const HeldLock &H : Inside)
    Keep(H);
  // One entry per lock, mode, caller locks released first and parameter
  // conditions; of the locks held meanwhile only minimal sets are kept (a
  // caller's edge to the lock with fewer gates holds whenever one with
  // more does).
  llvm::hash_code Key = effectKey(llvm::hash_combine(L.Lock, L.Flags & HeldShared),
                                  {}, A.Released, A.Conds);
  auto Within = [](const Acquisition &Small, const Acquisition &Large) {
    for (const HeldLock &H : Small.Inside)
      if (llvm::none_of(Large.Inside, [&](const HeldLock &X) { return X.Lock == H.Lock; }))
        return false;
    return true;
  };
  llvm::SmallVector<unsigned, 2> &Variants = AcquireKeys[Key];
  bool Subsumed = false;
  for (unsigned &I : Variants) {
    if (Within(Sum.Acquires[I], A) && Within(A, Sum.Acquires[I])) {
      // The same: keep the shorter story (reports show its chain).
      if (P.Chains.length(A.Lock.Via) < P.Chains.length(Sum.Acquires[I].Lock.Via))
        Sum.Acquires[I] = A;
      Subsumed = true;
      break;
    }
    if (Within(Sum.Acquires[I], A)) {
      Subsumed = true; // under more locks than one already known
      break;
    }
    if (Within(A, Sum.Acquires[I])) {
      Sum.Acquires[I] = A; // under fewer locks: it replaces the other
      Subsumed = true;
      break;
    }
  }
  if (!Subsumed) {
    if (Sum.Acquires.size() >= P.Limit.Acquires) {
      Truncated = true;
    } else if (Variants.size() < 2) { // two sets of gates are enough to tell
      Variants.push_back(Sum.Acquires.size());
      Sum.Acquires.push_back(A);
    }
  }
  if (!Reporting)
    return;
  llvm::SmallVector<HeldLock, 4> Held = frameHeld(S, true);
  if (Held.empty() && !(Substituted && !Inside.empty()))
    return; // nothing held here: the callee told its own edges
  Held.append(Inside.begin(), Inside.end());
  P.observeAcquisition({M.Name, std::move(Held), L});
}

template <typename Effect>
void Walk::addEffect(std::vector<Effect> &To, llvm::DenseSet<llvm::hash_code> &Keys,
                     llvm::hash_code Key, Effect E) {
  if (!Keys.insert(Key).second)
    return;
  if (To.size() < P.Limit.Effects)
    To.push_back(std::move(E));
  else
    Truncated = true;
}

void Walk::addWait(WaitEffect W) {
  llvm::hash_code Key = effectKey(llvm::hash_combine(W.Kind, W.Object, W.Mutex),
                                  W.Inside, W.Released, W.Conds);
  addEffect(Sum.Waits, WaitKeys, Key, std::move(W));
}

void Walk::addNotify(NotifyEffect N) {
  llvm::hash_code Key =
      effectKey(llvm::hash_combine(N.Kind, N.Object), N.Inside, {}, N.Conds);
  addEffect(Sum.Notifies, NotifyKeys, Key, std::move(N));
}

const char *waitDetail(WaitKind K) {
  switch (K) {
  case WaitKind::Cond: return "condition";
  case WaitKind::Sem: return "semaphore";
  case WaitKind::Join: return "join";
  case WaitKind::Barrier: return "barrier";
  case WaitKind::Latch: return "latch";
  case WaitKind::Future: return "future";
  }
  return "";
}

void Walk::wait(const Event &E, llvm::ArrayRef<PathId> L, State S,
                llvm::SmallVectorImpl<State> &Out) {
  PathId Object = L.empty() ? NoPath : L[0];
  if (E.Wait == WaitKind::Sem && Object != NoPath && P.isSemaphoreLock(Object)) {
    Event AsLock = E; // a binary semaphore used as a lock
    AsLock.Kind = EventKind::Acquire;
    AsLock.Locks.resize(1);
    return acquire(AsLock, L.take_front(), std::move(S), Out);
  }
  Out.push_back(S);
  if (E.Flags & EvTry)
    return; // does not block for good
  llvm::SmallVector<PathId, 2> Mutexes;
  if (L.size() > 1)
    Mutexes.push_back(L[1]);
  else if (E.Owner >= 0)
    for (const Entry &H : S.Held)
      if (H.Owner == E.Owner)
        Mutexes.push_back(H.Lock);
  if (E.Wait == WaitKind::Cond && Mutexes.empty())
    return; // a condition wait whose mutex cannot be named
  auto Released = [&](PathId X) {
    return X == Object || std::find(Mutexes.begin(), Mutexes.end(), X) != Mutexes.end();
  };
  ChainId Via = P.Chains.make(site(E.Where, SiteKind::Wait, waitDetail(E.Wait)));
  WaitEffect W{E.Wait, Object, Mutexes.empty() ? NoPath : Mutexes[0], Via, {}, {},
               paramConds(S)};
  W.Released.assign(S.EntryReleased.begin(), S.EntryReleased.end());
  for (const Entry &H : S.Held) {
    if (Released(H.Lock))
      continue;
    if (Reporting)
      P.HoldWaits.push_back({M.Name, {H.Lock, H.Flags, H.Via}, E.Wait, Object, Via});
    if (!(H.Flags & HeldEntry) && W.Inside.size() < P.Limit.Inside)
      W.Inside.push_back({H.Lock, H.Flags, H.Via});
  }
  addWait(std::move(W));
}

void Walk::notify(const Event &E, llvm::ArrayRef<PathId> L, State S,
                  llvm::SmallVectorImpl<State> &Out) {
  PathId Object = L.empty() ? NoPath : L[0];
  if (E.Wait == WaitKind::Sem && Object != NoPath && P.isSemaphoreLock(Object)) {
    release(S, Object, site(E.Where, SiteKind::Release));
    Out.push_back(std::move(S));
    return;
  }
  ChainId Via = P.Chains.make(site(E.Where, SiteKind::Notify, waitDetail(E.Wait)));
  NotifyEffect N{E.Wait, Object, Via, {}, paramConds(S)};
  for (const HeldLock &H : frameHeld(S, false))
    if (N.Inside.size() < P.Limit.Inside)
      N.Inside.push_back(H);
  addNotify(std::move(N));
  if (Reporting && Object != NoPath)
    P.Notifications.push_back({M.Name, E.Wait, P.Paths.lockClass(Object),
                               frameHeld(S, true), Via});
  Out.push_back(std::move(S));
}

// A callee's effects seen from this call: its locks rewritten with the
// arguments, and only the effects whose conditions on its parameters the
// arguments allow (ovsrcu_flush_cbset__(p, true) does not take the branch
// of `protected` false).
class CallView {
public:
  CallView(Program &P, const FunctionModel &M, const Event &E, const State &S,
           SiteId CallSite, std::function<PathId(const LockPath &)> Id)
      : P(P), M(M), E(E), S(S), CallSite(CallSite), Id(std::move(Id)) {}

  // A callee's lock here; Changed when it became another class.
  PathId sub(PathId X, bool &Changed) {
    if (X == NoPath)
      return X;
    auto It = Cache.find(X);
    if (It == Cache.end()) {
      LockPath Callee = P.Paths.path(X); // a copy: interning may move the table
      PathId R = X;
      if (Callee.dependsOnCaller()) {
        std::optional<LockPath> Here = substitute(Callee, E.Args, E.This);
        R = Id(Here ? *Here : unbound(Callee));
      } else if (E.Callee == M.Id && Callee.Function == M.Name &&
                 (Callee.Root == RootKind::Local || Callee.Root == RootKind::Opaque)) {
        // Recursion: the inner call's locals are other objects than ours
        // (all inner activations are one "f'", so the summary settles).
        Callee.Function = intern((Callee.Function + "'").str());
        R = Id(Callee);
      }
      It = Cache.try_emplace(X, R).first;
    }
    Changed |= P.Paths.lockClass(It->second).data() != P.Paths.lockClass(X).data();
    return It->second;
  }
  HeldLock held(const HeldLock &H, bool &Changed) {
    return HeldLock{sub(H.Lock, Changed), H.Flags, P.Chains.make(CallSite, H.Via)};
  }
  // What the caller knows of parameter K of the callee.
  Constraint known(unsigned K) const {
    if (K < E.ArgValues.size() && E.ArgValues[K].Known)
      return E.ArgValues[K];
    if (K < E.ArgSlots.size() && E.ArgSlots[K] >= 0)
      for (const Tag &T : S.Tags)
        if (T.Slot == E.ArgSlots[K])
          return T.C;
    return {};
  }
  bool feasible(const ParamConds &Conds) const {
    for (const ParamCond &C : Conds)
      if (!C.C.compatible(known(C.Param)))
        return false;
    return true;
  }
  // The callee's conditions on arguments that are our own parameters.
  ParamConds lift(const ParamConds &Conds) const {
    ParamConds Out;
    for (const ParamCond &C : Conds)
      if (C.Param < E.ArgParams.size() && E.ArgParams[C.Param] >= 0)
        Out.push_back({uint8_t(E.ArgParams[C.Param]), C.C});
    return Out;
  }

private:
  Program &P;
  const FunctionModel &M;
  const Event &E;
  const State &S;
  SiteId CallSite;
  std::function<PathId(const LockPath &)> Id;
  llvm::SmallDenseMap<PathId, PathId, 8> Cache;
};

void Walk::call(const Event &E, State S, llvm::SmallVectorImpl<State> &Out) {
  SiteId CallSite = site(E.Where, SiteKind::Call, E.CalleeName);
  if (CallSites.insert(CallSite).second && Sum.Calls.size() < P.Limit.Effects) {
    CallHeld C{CallSite, {}};
    for (const Entry &H : S.Held)
      C.Held.push_back(H.Lock);
    Sum.Calls.push_back(std::move(C));
  }
  const Summary *C = P.summary(E.Callee);
  // A call that never returns (a fatal error, an assertion failing) ends
  // the path: what the callee locks on its way to abort() is not followed.
  if ((E.Flags & EvNoReturn) || (C && C->Known && C->Outcomes.empty()))
    return;
  if (!C || !C->Known) {
    Out.push_back(std::move(S));
    return;
  }
  CallView V(P, M, E, S, CallSite, [this](const LockPath &L) { return id(L); });
  // The frame as the callee's effect finds it: without the locks of ours it
  // released first (it unlocks what it requires, then locks it again).
  auto Without = [&](llvm::ArrayRef<PathId> Released, bool &Changed) {
    State View = S;
    llvm::SmallVector<PathId, 2> Here;
    for (PathId R : Released)
      Here.push_back(V.sub(R, Changed));
    llvm::erase_if(View.Held, [&](const Entry &H) {
      return std::find(Here.begin(), Here.end(), H.Lock) != Here.end();
    });
    return std::make_pair(View, Here);
  };
  for (const Acquisition &A : C->Acquires) {
    if (!V.feasible(A.Conds))
      continue;
    bool Changed = false;
    HeldLock L = V.held(A.Lock, Changed);
    llvm::SmallVector<HeldLock, 4> Inside;
    for (const HeldLock &H : A.Inside)
      Inside.push_back(V.held(H, Changed));
    auto [View, Released] = Without(A.Released, Changed);
    // A callee's opaque or local expression (`mutex(m)`, a call result) may
    // name another object at each call: not the same lock to tell a double
    // lock by.
    const LockPath &Named = P.Paths.path(L.Lock);
    bool Foreign = (Named.Root == RootKind::Opaque || Named.Root == RootKind::Local) &&
                   Named.Function != M.Name;
    if (!P.isRecursive(L.Lock) && !varying(L.Lock) && !Foreign && Reporting) {
      auto Clash = [&](uint16_t HeldMode) {
        return !((HeldMode & HeldShared) && (L.Flags & HeldShared));
      };
      if (Entry *H = find(View, L.Lock); H && Clash(H->Flags))
        P.DoubleLocks.push_back({M.Name, L.Lock, H->Via, L.Via});
      else if (Changed)
        for (const HeldLock &H : Inside)
          if (H.Lock == L.Lock && Clash(H.Flags))
            P.DoubleLocks.push_back({M.Name, L.Lock, H.Via, L.Via});
    }
    addAcquire(View, L, Inside, Changed, V.lift(A.Conds), Released);
  }
  for (const WaitEffect &W : C->Waits) {
    if (!V.feasible(W.Conds))
      continue;
    bool Changed = false;
    PathId Object = V.sub(W.Object, Changed), Mutex = V.sub(W.Mutex, Changed);
    auto [View, Released] = Without(W.Released, Changed);
    WaitEffect Mine{W.Kind, Object, Mutex, P.Chains.make(CallSite, W.Via), {}, {},
                    paramConds(S)};
    Mine.Released.assign(Released.begin(), Released.end());
    for (const ParamCond &Lifted : V.lift(W.Conds))
      Mine.Conds.push_back(Lifted);
    for (const Entry &H : View.Held) {
      if (H.Lock == Mutex || H.Lock == Object)
        continue;
      if (Reporting)
        P.HoldWaits.push_back({M.Name, {H.Lock, H.Flags, H.Via}, W.Kind, Object, Mine.Via});
      if (!(H.Flags & HeldEntry) && Mine.Inside.size() < P.Limit.Inside)
        Mine.Inside.push_back({H.Lock, H.Flags, H.Via});
    }
    for (const HeldLock &H : W.Inside)
      if (Mine.Inside.size() < P.Limit.Inside)
        Mine.Inside.push_back(V.held(H, Changed));
    addWait(std::move(Mine));
  }
  for (const NotifyEffect &N : C->Notifies) {
    if (!V.feasible(N.Conds))
      continue;
    bool Changed = false;
    NotifyEffect Mine{N.Kind, V.sub(N.Object, Changed), P.Chains.make(CallSite, N.Via),
                      {}, paramConds(S)};
    for (const HeldLock &H : frameHeld(S, false))
      if (Mine.Inside.size() < P.Limit.Inside)
        Mine.Inside.push_back(H);
    llvm::SmallVector<HeldLock, 4> All = frameHeld(S, true);
    for (const HeldLock &H : N.Inside) {
      HeldLock X = V.held(H, Changed);
      All.push_back(X);
      if (Mine.Inside.size() < P.Limit.Inside)
        Mine.Inside.push_back(X);
    }
    if (Reporting && Mine.Object != NoPath)
      P.Notifications.push_back({M.Name, N.Kind, P.Paths.lockClass(Mine.Object),
                                 std::move(All), Mine.Via});
    addNotify(std::move(Mine));
  }
  bool AnyFeasible = false;
  for (const Outcome &O : C->Outcomes)
    AnyFeasible |= V.feasible(O.Conds);
  llvm::SmallVector<const Outcome *, 4> Applied;
  for (const Outcome &O : C->Outcomes) {
    if (AnyFeasible && !V.feasible(O.Conds))
      continue;
    // The result unused: outcomes with the same locks are one way back.
    if (E.Slot < 0 && llvm::any_of(Applied, [&](const Outcome *A) {
          return A->Released == O.Released && A->Acquired.size() == O.Acquired.size() &&
                 std::equal(A->Acquired.begin(), A->Acquired.end(), O.Acquired.begin(),
                            [](const HeldLock &X, const HeldLock &Y) {
                              return X.Lock == Y.Lock && X.Flags == Y.Flags;
                            });
        }))
      continue;
    Applied.push_back(&O);
    State T = S;
    bool Changed = false;
    for (PathId R : O.Released)
      release(T, V.sub(R, Changed), CallSite);
    for (const HeldLock &A : O.Acquired) {
      HeldLock L = V.held(A, Changed);
      if (Entry *H = find(T, L.Lock); H && !varying(L.Lock)) {
        H->Depth = std::min<uint8_t>(H->Depth + 1, 2);
        continue;
      }
      T.Held.push_back({L.Lock, L.Via, int16_t(E.ResultOwner), L.Flags, 1});
      T.Taken |= bit(L.Lock);
    }
    setTag(T, E.Slot, O.Returns);
    Out.push_back(std::move(T));
  }
  // No outcome: the callee never returns, and neither does this path.
}

void Walk::finish() {
  if (M.Attrs.any()) {
    annotatedOutcomes(); // the attributes say what callers see
  } else {
    // A leak is told here, once: its callers see the paths that release.
    outcomes(leaks());
  }
  Sum.Known = true;
  Sum.Truncated = Truncated;
}

// One outcome per distinct way of returning.
void Walk::outcomes(const llvm::DenseSet<PathId> &Leaked) {
  auto Same = [](const Outcome &A, const Outcome &B, bool WithReturns) {
    if (A.Acquired.size() != B.Acquired.size() || A.Released != B.Released ||
        (WithReturns && (!(A.Returns == B.Returns) || A.Conds != B.Conds)))
      return false;
    for (size_t I = 0; I < A.Acquired.size(); ++I)
      if (A.Acquired[I].Lock != B.Acquired[I].Lock ||
          A.Acquired[I].Flags != B.Acquired[I].Flags)
        return false;
    return true;
  };
  std::vector<Outcome> All;
  for (const State &R : In[M.Exit]) {
    Outcome O;
    for (const Entry &H : R.Held)
      if (!(H.Flags & HeldEntry) && !Leaked.count(H.Lock))
        O.Acquired.push_back({H.Lock, uint16_t(H.Flags & (HeldShared | HeldTry)), H.Via});
    std::sort(O.Acquired.begin(), O.Acquired.end(),
              [](const HeldLock &A, const HeldLock &B) { return A.Lock < B.Lock; });
    O.Released.assign(R.EntryReleased.begin(), R.EntryReleased.end());
    std::sort(O.Released.begin(), O.Released.end());
    O.Returns = R.Ret;
    O.Conds = paramConds(R);
    bool Seen = false;
    for (const Outcome &X : All)
      Seen |= Same(X, O, true);
    if (!Seen)
      All.push_back(std::move(O));
  }
  if (All.size() > P.Limit.Outcomes) { // forget return values first
    std::vector<Outcome> Merged;
    for (Outcome &O : All) {
      bool Seen = false;
      for (const Outcome &X : Merged)
        Seen |= Same(X, O, false);
      if (!Seen) {
        O.Returns = {};
        O.Conds.clear();
        Merged.push_back(std::move(O));
      }
    }
    All = std::move(Merged);
    if (All.size() > P.Limit.Outcomes) {
      All.resize(P.Limit.Outcomes);
      Truncated = true;
    }
  }
  if (All.empty() && Truncated)
    All.emplace_back(); // paths were dropped: do not claim it never returns
  Sum.Outcomes = std::move(All);
}

void Walk::annotatedOutcomes() {
  ChainId Via = P.Chains.make(site(M.Where, SiteKind::Acquire));
  Outcome Base;
  for (const LockPath &C : M.Attrs.Acquires)
    Base.Acquired.push_back({id(C), 0, Via});
  for (const LockPath &C : M.Attrs.AcquiresShared)
    Base.Acquired.push_back({id(C), HeldShared, Via});
  for (const LockPath &C : M.Attrs.Releases)
    Base.Released.push_back(id(C));
  if (M.Attrs.TryAcquires.empty()) {
    Sum.Outcomes = {Base};
    return;
  }
  Outcome Taken = Base, Failed = Base;
  for (const LockPath &C : M.Attrs.TryAcquires)
    Taken.Acquired.push_back(
        {id(C), uint16_t(HeldTry | (M.Attrs.TryShared ? HeldShared : 0)), Via});
  Taken.Returns = M.Attrs.TrySuccess;
  Failed.Returns = inverse(M.Attrs.TrySuccess);
  Sum.Outcomes = {Taken, Failed};
}

// Whether the paths that return holding a lock and those that released it
// say so by what they return, the way a conditional acquire function does:
// a locked object or NULL, true or false, 0 or an error. A path holding it
// that returns an error, or one releasing it that returns success, is a
// leak (get_value's early `return -1`).
bool Walk::correlated(llvm::ArrayRef<const State *> Holding,
                      llvm::ArrayRef<const State *> Releasing) const {
  bool ZeroHolds = true;
  for (const State *H : Holding)
    ZeroHolds &= H->Ret.Known && H->Ret.Equal && H->Ret.Value == 0;
  auto Success = [&](const Constraint &C) {
    if (!C.Known)
      return false;
    switch (M.Returns) {
    case ReturnKind::Pointer:
    case ReturnKind::Bool:
      return !C.Equal && C.Value == 0;
    case ReturnKind::Integer:
      return C.Equal ? C.Value >= 0 : C.Value < 0; // 0 or a count; not -1
    default:
      return false;
    }
  };
  auto Failure = [&](const Constraint &C) {
    if (!C.Known)
      return false;
    switch (M.Returns) {
    case ReturnKind::Pointer:
    case ReturnKind::Bool:
      return C.Equal && C.Value == 0;
    case ReturnKind::Integer: // a negative error, or errno style: 0 is success
      if (!C.Equal)
        return ZeroHolds && C.Value == 0; // `if (error) return error;`
      return C.Value < 0 || (ZeroHolds && C.Value != 0);
    default:
      return false;
    }
  };
  for (const State *H : Holding)
    if (!Success(H->Ret))
      return false;
  for (const State *R : Releasing) {
    if (!Failure(R->Ret))
      return false;
    for (const State *H : Holding)
      if (H->Ret.compatible(R->Ret))
        return false;
  }
  return true;
}

llvm::DenseSet<PathId> Walk::leaks() {
  llvm::DenseSet<PathId> Leaked;
  const std::vector<State> &Exits = In[M.Exit];
  for (const auto &[Lock, Bit] : Bits) {
    uint64_t Mask = 1ull << Bit;
    llvm::SmallVector<const State *, 4> Holding, Releasing;
    for (const State &R : Exits) {
      const Entry *H = nullptr;
      for (const Entry &E : R.Held)
        if (E.Lock == Lock)
          H = &E;
      if (H && !(H->Flags & (HeldEntry | HeldTry)))
        Holding.push_back(&R);
      else if (!H && (R.Taken & Mask))
        Releasing.push_back(&R);
    }
    // A thread's start routine that returns holding a lock ends the thread
    // holding it, whatever its other paths do.
    bool Routine = P.StartRoutines.count(M.Id.data()) && !Holding.empty();
    if (!Routine &&
        (Holding.empty() || Releasing.empty() || correlated(Holding, Releasing)))
      continue;
    Leaked.insert(Lock);
    if (!Reporting)
      continue;
    const State &R = *Holding.front();
    ChainId Taken = NoChain;
    for (const Entry &E : R.Held)
      if (E.Lock == Lock)
        Taken = E.Via;
    SourceLoc Returns = R.RetAt >= 0 ? ReturnSites[R.RetAt] : M.End;
    auto Released = this->ReleasedAt.find(Lock);
    SiteId ReleasedAt = Released == this->ReleasedAt.end() ? ~0u : Released->second;
    P.Leaks.push_back({M.Name, Lock, Taken, Returns, ReleasedAt,
                       Releasing.empty() || Routine ? LeakObservation::RoutineReturn
                                                    : LeakObservation::Return});
  }
  return Leaked;
}

} // namespace

Summary summariseFunction(Program &P, const FunctionModel &M, bool Reporting) {
  return Walk(P, M, Reporting).run();
}

} // namespace tangle::lint
