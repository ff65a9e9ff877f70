//===- Checks.cpp - what tangle lint reports --------------------------------===//
#include "tangle/lint/Checks.h"

#include "tangle/event_layout.h"
#include "tangle/finding/Fingerprint.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

namespace tangle::lint {
namespace {

struct WaitWords {
  const char *Verb;      // as HoldAndWaitDetector says it: same fingerprints
  const char *PartyRole;
};

WaitWords words(WaitKind K) {
  switch (K) {
  case WaitKind::Cond: return {"waits on condition variable", "signals it"};
  case WaitKind::Sem: return {"waits on semaphore", "posts it"};
  case WaitKind::Barrier: return {"waits at barrier", "waits there too"};
  case WaitKind::Join: return {"joins", "is the thread it joins"};
  case WaitKind::Latch: return {"waits on latch", "counts it down"};
  case WaitKind::Future: return {"waits for future", "would make it ready"};
  }
  return {"waits for", "would wake it"};
}

class Builder {
public:
  Builder(const Program &P, unsigned Files) : P(P) {
    S.Path = "tangle lint";
    S.Static = true;
    S.StaticFiles = Files;
  }
  Session run();

private:
  uint64_t lock(PathId L);
  uint32_t site(SiteId Id);
  SourceLocation location(SiteId Id) const;
  tangle::Acquisition acquisition(const HeldLock &H, std::vector<uint32_t> &Calls);
  uint32_t path(llvm::StringRef Label);
  // Steps of a chain: a Call step per call, then `Last` at its site.
  void steps(ThreadStory &St, ChainId C, Step Last);
  std::string lockText(PathId L) const { return P.Paths.text(L).str(); }
  std::string lockClass(PathId L) const { return P.Paths.lockClass(L).str(); }
  std::string functionAt(ChainId C) const;
  // A finding about `Lock` told by one static path, in `Function`.
  static Finding finding(FindingKind K, const std::string &Lock, llvm::StringRef Function) {
    Finding F;
    F.Kind = K;
    F.Locks = {Lock};
    F.Threads.push_back(story(Function));
    return F;
  }
  static ThreadStory story(llvm::StringRef Function) {
    ThreadStory St;
    St.Label = Function.str();
    St.Static = true;
    return St;
  }
  void chains();
  void leaks();
  void doubleLocks();
  void holdWaits();
  const NotifyObservation *notifier(const HoldWaitObservation &W) const;
  const ThreadStart *joined(const HoldWaitObservation &W,
                           const lint::Acquisition **Taken) const;
  void add(Finding F);
  void notes();
  void distinctDisplays();

  const Program &P;
  Session S;
  std::map<std::string, uint64_t> LockIds; // by class
  llvm::DenseMap<SiteId, uint32_t> SiteIds;
  std::map<std::string, size_t> ByFingerprint; // into S.StaticFindings
};

uint64_t Builder::lock(PathId L) {
  std::string Class = lockClass(L);
  auto [It, New] = LockIds.try_emplace(Class, LockIds.size() + 1);
  if (New) {
    // A member reads best by its class ("Registry::mu_"), anything else by
    // its name ("mutex"); names two classes share get their class
    // ("mutex in stp.c") once all are known (distinctDisplays).
    bool Member = llvm::StringRef(Class).contains("::") &&
                  P.Paths.path(L).Root != RootKind::Global;
    S.StaticLocks[It->second] = {Member ? Class : lockText(L), Class};
  }
  return It->second;
}

uint32_t Builder::site(SiteId Id) {
  auto [It, New] = SiteIds.try_emplace(Id, uint32_t(SiteIds.size() + 1));
  if (New) {
    const Site &Si = P.Sites[Id];
    SiteInfo Info;
    Info.File = Si.Where.File.str();
    Info.Line = Si.Where.Line;
    Info.Column = Si.Where.Column;
    Info.Function = Si.Function.str();
    Info.LockName = Si.Detail.str();
    if (Si.Kind == SiteKind::Call)
      Info.Flags = SiteStaticCall;
    else if (Si.Kind == SiteKind::Entry)
      Info.Flags = SiteStaticEntry;
    else if (Si.Kind == SiteKind::Declared)
      Info.Flags = SiteStaticDeclared;
    S.Sites[It->second] = std::move(Info);
  }
  return It->second;
}

SourceLocation Builder::location(SiteId Id) const {
  const Site &Si = P.Sites[Id];
  return {Si.Where.File.str(), Si.Where.Line, Si.Where.Column, Si.Function.str()};
}

tangle::Acquisition Builder::acquisition(const HeldLock &H,
                                         std::vector<uint32_t> &Calls) {
  std::vector<SiteId> Sites = P.Chains.sites(H.Via);
  tangle::Acquisition A;
  A.Lock = lock(H.Lock);
  A.Flags = (H.Flags & HeldShared ? TANGLE_ACQ_READ : 0) |
            (H.Flags & HeldTry ? TANGLE_ACQ_TRY : 0);
  for (size_t I = 0; I + 1 < Sites.size(); ++I)
    Calls.push_back(site(Sites[I]));
  A.Site = Sites.empty() ? 0 : site(Sites.back());
  return A;
}

uint32_t Builder::path(llvm::StringRef Label) {
  ThreadInfo T;
  T.Uid = S.Threads.size() + 1;
  T.ProcessUid = 1;
  T.Static = true;
  T.Label = Label.str();
  S.Threads.push_back(std::move(T));
  return S.Threads.back().Uid;
}

std::string Builder::functionAt(ChainId C) const {
  std::vector<SiteId> Sites = P.Chains.sites(C);
  return Sites.empty() ? "" : P.Sites[Sites.back()].Function.str();
}

void Builder::steps(ThreadStory &St, ChainId C, Step Last) {
  std::vector<SiteId> Sites = P.Chains.sites(C);
  for (size_t I = 0; I + 1 < Sites.size(); ++I)
    St.Steps.push_back({StepAction::Call, "", "", location(Sites[I]),
                        "calls " + P.Sites[Sites[I]].Detail.str()});
  if (!Sites.empty()) {
    Last.Where = location(Sites.back());
    if (Last.Action == StepAction::Acquire && P.Sites[Sites.back()].Kind == SiteKind::Entry)
      Last.Text = "holds " + Last.Lock + " on entry (" + P.Sites[Sites.back()].Detail.str() + ")";
  }
  St.Steps.push_back(std::move(Last));
}

void Builder::chains() {
  for (const AcquireObservation &O : P.Acquisitions) {
    Chain C;
    C.ProcessUid = 1;
    C.ThreadUid = path(O.Function);
    for (const HeldLock &H : O.Held) {
      C.HeldCalls.emplace_back();
      C.Held.push_back(acquisition(H, C.HeldCalls.back()));
    }
    C.Acquired = acquisition(O.Acquired, C.AcquiredCalls);
    S.Chains.push_back(std::move(C));
  }
  // Declared orders: a witness that needs no thread of its own to exist.
  for (const Program::DeclaredEdge &O : P.Declared) {
    Chain C;
    C.ProcessUid = 1;
    C.ThreadUid = path(O.Label);
    C.HeldCalls.emplace_back();
    C.Held.push_back(tangle::Acquisition{lock(O.Before), site(O.At), 0, 0});
    C.Acquired = tangle::Acquisition{lock(O.After), site(O.At), 0, 0};
    S.Chains.push_back(std::move(C));
  }
}

void Builder::add(Finding F) {
  // One finding per fingerprint; a confirmed one wins over a possible one.
  auto [It, New] = ByFingerprint.try_emplace(F.Fingerprint, S.StaticFindings.size());
  if (New) {
    S.StaticFindings.push_back(std::move(F));
    return;
  }
  Finding &Old = S.StaticFindings[It->second];
  if (F.Counts && !Old.Counts)
    Old = std::move(F);
}

void Builder::leaks() {
  for (const LeakObservation &L : P.Leaks) {
    std::string Lock = lockText(L.Lock);
    Finding F = finding(FindingKind::LockLeak, Lock, L.Function);
    ThreadStory &St = F.Threads.back();
    steps(St, L.Taken, {StepAction::Acquire, Lock, "", {}, ""});
    const char *How = L.How == LeakObservation::ThreadExit ? "ends the thread (pthread_exit) holding "
                      : L.How == LeakObservation::RoutineReturn
                          ? "returns from the thread holding "
                          : "returns holding ";
    St.Steps.push_back({StepAction::Exit, Lock, "",
                        {L.Returns.File.str(), L.Returns.Line, L.Returns.Column,
                         L.Function.str()},
                        How + Lock});
    switch (L.How) {
    case LeakObservation::Return:
      F.Message = llvm::formatv("{0} can return holding {1}, which it releases on "
                                "other paths",
                                L.Function, Lock);
      break;
    case LeakObservation::ThreadExit:
      F.Message = llvm::formatv("{0} can end its thread holding {1}, taken in {2}",
                                L.Function, Lock, functionAt(L.Taken));
      break;
    case LeakObservation::RoutineReturn:
      F.Message = llvm::formatv("thread routine {0} can return holding {1}, taken in {2}",
                                L.Function, Lock, functionAt(L.Taken));
      break;
    }
    if (L.ReleasedAt != ~0u) {
      SourceLocation R = location(L.ReleasedAt);
      F.Notes.push_back(llvm::formatv("other paths release it, as at {0}:{1}:{2}",
                                      llvm::sys::path::filename(R.File), R.Line,
                                      R.Column));
    }
    F.Fingerprint = fingerprint(F.Kind, {lockClass(L.Lock), functionAt(L.Taken)});
    add(std::move(F));
  }
}

void Builder::doubleLocks() {
  for (const DoubleLockObservation &D : P.DoubleLocks) {
    std::string Lock = lockText(D.Lock);
    Finding F = finding(FindingKind::DoubleLock, Lock, D.Function);
    steps(F.Threads.back(), D.First, {StepAction::Acquire, Lock, "", {}, ""});
    steps(F.Threads.back(), D.Second,
          {StepAction::Misuse, Lock, "", {}, "locks it again while holding it"});
    F.Message = llvm::formatv("{0} locks {1} again while holding it (a non-recursive "
                              "lock: the thread waits for itself)",
                              D.Function, Lock);
    F.Fingerprint = fingerprint(F.Kind, {lockClass(D.Lock), functionAt(D.Second)});
    add(std::move(F));
  }
}

// A notification of the awaited object by code that holds the lock.
const NotifyObservation *Builder::notifier(const HoldWaitObservation &W) const {
  llvm::StringRef Object = P.Paths.lockClass(W.Object);
  llvm::StringRef Held = P.Paths.lockClass(W.Held.Lock);
  for (const NotifyObservation &N : P.Notifications)
    if (N.Kind == W.Kind && N.ObjectClass == Object)
      for (const HeldLock &H : N.Held)
        if (P.Paths.lockClass(H.Lock) == Held)
          return &N;
  return nullptr;
}

// The thread joined, when its start routine may take the lock (and where).
const ThreadStart *Builder::joined(const HoldWaitObservation &W,
                                   const lint::Acquisition **Taken) const {
  llvm::StringRef Thread = P.Paths.lockClass(W.Object);
  llvm::StringRef Held = P.Paths.lockClass(W.Held.Lock);
  for (const ThreadStart &T : P.ThreadStarts) {
    if (P.Paths.lockClass(T.Thread) != Thread)
      continue;
    if (const Summary *Sum = P.summary(T.Routine))
      for (const lint::Acquisition &A : Sum->Acquires)
        if (P.Paths.lockClass(A.Lock.Lock) == Held) {
          *Taken = &A;
          return &T;
        }
  }
  return nullptr;
}

void Builder::holdWaits() {
  for (const HoldWaitObservation &W : P.HoldWaits) {
    std::string Lock = lockText(W.Held.Lock);
    WaitWords Words = words(W.Kind);
    std::string What = W.Kind == WaitKind::Join
                           ? std::string("joins ") + lockText(W.Object)
                           : std::string(Words.Verb) + " " + lockText(W.Object);
    Finding F = finding(FindingKind::HoldAndWait, Lock, W.Function);
    steps(F.Threads.back(), W.Held.Via, {StepAction::Acquire, Lock, "", {}, ""});
    steps(F.Threads.back(), W.Wait,
          {StepAction::Block, Lock, "", {}, What + " while holding " + Lock});
    std::string Party;
    if (const NotifyObservation *N = W.Kind == WaitKind::Join ? nullptr : notifier(W)) {
      ThreadStory Other = story(N->Function);
      for (const HeldLock &H : N->Held)
        if (P.Paths.lockClass(H.Lock) == P.Paths.lockClass(W.Held.Lock)) {
          steps(Other, H.Via, {StepAction::Acquire, lockText(H.Lock), "", {}, ""});
          break;
        }
      steps(Other, N->Via, {StepAction::Notify, "", "", {}, Words.PartyRole});
      Party = Other.Label;
      F.Threads.push_back(std::move(Other));
    } else if (W.Kind == WaitKind::Join) {
      const lint::Acquisition *Taken = nullptr;
      if (const ThreadStart *T = joined(W, &Taken)) {
        ThreadStory Other = story(T->RoutineName);
        steps(Other, Taken->Lock.Via,
              {StepAction::Acquire, lockText(Taken->Lock.Lock), "", {}, ""});
        Party = Other.Label;
        F.Threads.push_back(std::move(Other));
      }
    }
    F.Counts = !Party.empty();
    F.Confidence = Party.empty() ? "possible" : "confirmed";
    F.Message = Party.empty()
                    ? llvm::formatv("{0} {1} while holding {2}", W.Function, What, Lock).str()
                    : llvm::formatv("{0} {1} while holding {2}, which {3} ({4}) needs",
                                    W.Function, What, Lock, Party, Words.PartyRole)
                          .str();
    F.Fingerprint = fingerprint(F.Kind, {lockClass(W.Held.Lock), Words.Verb,
                                         functionAt(W.Wait)});
    add(std::move(F));
  }
}

void Builder::notes() {
  if (P.TruncatedFunctions)
    S.StaticNotes.push_back(llvm::formatv(
        "{0} function(s) had more paths or locks than tangle lint follows "
        "(docs/lint.md, limits); some of their paths were not checked",
        P.TruncatedFunctions));
  if (P.UnconvergedGroups)
    S.StaticNotes.push_back(llvm::formatv(
        "{0} group(s) of mutually recursive functions did not settle in {1} rounds; "
        "their last summaries were used",
        P.UnconvergedGroups, P.Limit.Rounds));
  if (P.DroppedObservations)
    S.StaticNotes.push_back(llvm::formatv(
        "{0} lock-order witness(es) beyond the first {1} were not kept",
        P.DroppedObservations, P.Limit.Observations));
}

void Builder::distinctDisplays() {
  std::map<std::string, unsigned> Uses;
  for (const auto &[Id, L] : S.StaticLocks)
    ++Uses[L.Display];
  for (auto &[Id, L] : S.StaticLocks)
    if (Uses[L.Display] > 1)
      L.Display = L.Class;
}

Session Builder::run() {
  chains();
  distinctDisplays();
  leaks();
  doubleLocks();
  holdWaits();
  notes();
  return std::move(S);
}

} // namespace

Session lintSession(const Program &P, unsigned Files) { return Builder(P, Files).run(); }

} // namespace tangle::lint
