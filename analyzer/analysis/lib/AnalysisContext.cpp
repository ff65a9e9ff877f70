//===- AnalysisContext.cpp - what every detector reads --------------------===//
#include "tangle/analysis/AnalysisContext.h"

#include "tangle/event_layout.h"

#include "llvm/Support/Path.h"

#include <algorithm>

namespace tangle {

// The key of a lock ignoring its generation: for the sets below, which
// ask "this lock, ever".
static LockKey anyGeneration(LockKey K) {
  K.Generation = 0;
  return K;
}

AnalysisContext::AnalysisContext(const std::vector<Session> &Sessions)
    : Sessions(Sessions), Namer(Sessions) {
  observeAll();
  matchCreations();
  findSemaphoreLocks();
}

// A semaphore is a lock when one thread both waited on it and posted it,
// and it did not start above 1. Shared semaphores are one semaphore in
// every process.
void AnalysisContext::findSemaphoreLocks() {
  for (uint32_t S = 0; S < Sessions.size(); ++S) {
    const Session &Sn = Sessions[S];
    std::set<std::pair<ThreadKey, LockKey>> Waited;
    for (const Chain &C : Sn.Chains)
      if (C.Acquired.Flags & TANGLE_ACQ_SEM)
        Waited.insert({{S, C.ProcessUid, C.ThreadUid},
                       anyGeneration(lockKey(S, C.ProcessUid, C.Acquired))});
    for (const Notify &N : Sn.Notifies) {
      LockKey K = anyGeneration(key(S, N.ProcessUid, N.Object, 0));
      if (N.Kind != TANGLE_WAIT_SEM || !Waited.count({{S, N.ProcessUid, N.ThreadUid}, K}))
        continue;
      auto Value = Sn.SemaphoreValues.find({N.ProcessUid, N.Object});
      if (Value == Sn.SemaphoreValues.end() || Value->second <= 1)
        SemaphoreLocks.insert(K);
    }
    for (const Chain &C : Sn.Chains)
      Attempts[{S, C.ProcessUid, C.ThreadUid}].insert(
          anyGeneration(lockKey(S, C.ProcessUid, C.Acquired)));
  }
}

bool AnalysisContext::isLock(uint32_t Session, uint32_t Process,
                             const Acquisition &A) const {
  return !(A.Flags & TANGLE_ACQ_SEM) ||
         SemaphoreLocks.count(anyGeneration(lockKey(Session, Process, A)));
}

bool AnalysisContext::isSemaphoreLock(uint32_t Session, uint32_t Process,
                                      uint64_t Object) const {
  return SemaphoreLocks.count(anyGeneration(key(Session, Process, Object, 0)));
}

bool AnalysisContext::triedToTake(const ThreadKey &Thread, uint32_t Process,
                                  uint64_t Lock) const {
  auto It = Attempts.find(Thread);
  return It != Attempts.end() &&
         It->second.count(anyGeneration(key(Thread.Session, Process, Lock, 0)));
}

std::vector<ThreadKey> AnalysisContext::notifiers(uint32_t Session,
                                                  uint32_t Process,
                                                  uint32_t Kind,
                                                  uint64_t Object) const {
  LockKey Awaited = anyGeneration(key(Session, Process, Object, 0));
  std::set<ThreadKey> Found;
  for (const Notify &N : Sessions[Session].Notifies)
    if (N.Kind == Kind &&
        anyGeneration(key(Session, N.ProcessUid, N.Object, 0)) == Awaited)
      Found.insert({Session, N.ProcessUid, N.ThreadUid});
  return {Found.begin(), Found.end()};
}

LockKey AnalysisContext::key(uint32_t Session, uint32_t Process, uint64_t Lock,
                             uint16_t Generation) const {
  const auto &Shared = Sessions[Session].SharedLocks;
  auto It = Shared.find({Process, Lock});
  if (It == Shared.end())
    return {Session, Process, Lock, Generation};
  const auto &O = It->second;
  uint64_t Id = (O.Device * 0x9E3779B97F4A7C15ull) ^ (O.Inode * 0xC2B2AE3D27D4EB4Full) ^
                (O.Offset + (O.File ? 0x8000000000000000ull : 0));
  return {Session, 0, Id, 0};
}

// Every record that says "this lock was used here" helps name the lock.
void AnalysisContext::observeAll() {
  for (uint32_t S = 0; S < Sessions.size(); ++S) {
    const Session &Sn = Sessions[S];
    auto Observe = [&](uint32_t Process, const Acquisition &A) {
      Namer.observe(key(S, Process, A.Lock, A.Generation), A.Site, A.Flags);
    };
    for (const Chain &C : Sn.Chains) {
      for (const Acquisition &A : C.Held)
        Observe(C.ProcessUid, A);
      Observe(C.ProcessUid, C.Acquired);
    }
    for (const LockInit &I : Sn.Inits)
      Namer.observeInit(key(S, I.ProcessUid, I.Lock, I.Generation), I.Site);
    for (const ThreadExit &X : Sn.Exits)
      for (const Acquisition &A : X.Held)
        Observe(X.ProcessUid, A);
    for (const SharedHeld &H : Sn.SharedHolds)
      for (const Acquisition &A : H.Held)
        Observe(H.ProcessUid, A);
    for (const Wait &W : Sn.Waits)
      for (const Acquisition &A : W.Held)
        Observe(W.ProcessUid, A);
    for (const Misuse &M : Sn.Misuses)
      for (const Acquisition &A : M.Held)
        Observe(M.ProcessUid, A);
    for (const Deadlock &D : Sn.Deadlocks)
      for (const BlockedThread &B : D.Threads)
        for (const Acquisition &A : B.Held)
          Observe(D.ProcessUid, A);
    for (const Race &R : Sn.Races)
      for (const RaceAccess *Side : {&R.Current, &R.Previous})
        for (const Acquisition &A : Side->Held)
          Observe(R.ProcessUid, A);
  }
}

// A creation at time C names the thread with the same pthread id whose
// first hook came first after C: ids are reused only after a thread ends,
// so an earlier thread with the id started before C, and a later one after
// this one's end.
void AnalysisContext::matchCreations() {
  for (uint32_t S = 0; S < Sessions.size(); ++S) {
    const Session &Sn = Sessions[S];
    for (const ThreadInfo &T : Sn.Threads) {
      const ThreadCreation *Best = nullptr;
      for (const ThreadCreation &C : Sn.Creations)
        if (C.ProcessUid == T.ProcessUid && C.ChildPthreadId == T.PthreadId &&
            C.TimeNs <= T.StartNs && (!Best || C.TimeNs > Best->TimeNs))
          Best = &C;
      if (Best)
        CreationOf[{S, T.ProcessUid, T.Uid}] = Best;
    }
  }
}

SourceLocation AnalysisContext::location(uint32_t Session, uint32_t Site) const {
  const SiteInfo *S = Sessions[Session].site(Site);
  if (!S)
    return {};
  return {S->File, S->Line, S->Column, S->Function};
}

std::string commandLine(const ProcessInfo &P) {
  constexpr size_t MaxLength = 60;
  std::string Line;
  for (size_t I = 0; I < P.Args.size(); ++I)
    Line += (I ? " " : "") +
            (I ? P.Args[I] : llvm::sys::path::filename(P.Args[I]).str());
  if (Line.empty())
    Line = llvm::sys::path::filename(P.Executable).str();
  if (Line.size() > MaxLength)
    Line = Line.substr(0, MaxLength - 3) + "...";
  return Line;
}

ThreadStory AnalysisContext::story(const ThreadKey &T) const {
  const Session &S = Sessions[T.Session];
  ThreadStory St;
  St.Label = "T" + std::to_string(T.Thread);
  St.Session = S.Path;
  if (const ThreadInfo *Info = S.thread(T.Thread)) {
    St.Tid = Info->OsTid;
    St.IsMain = Info->IsMain;
    if (Info->Static) { // a path in the code (tangle lint), not a thread
      St.Static = true;
      St.Label = Info->Label;
      return St;
    }
  }
  if (const ProcessInfo *P = S.process(T.Process)) {
    St.Pid = P->Pid;
    St.ParentPid = P->ParentPid;
    St.Command = commandLine(*P);
  }
  auto It = CreationOf.find(T);
  if (It != CreationOf.end()) {
    St.CreatedAt = location(T.Session, It->second->Site);
    if (const SiteInfo *Site = S.site(It->second->Site))
      St.StartRoutine = Site->LockName; // pthread_create records the routine
  }
  return St;
}

const ThreadInfo *AnalysisContext::threadByTid(uint32_t Session,
                                               uint32_t Process,
                                               uint32_t Tid) const {
  for (const ThreadInfo &T : Sessions[Session].Threads)
    if (T.ProcessUid == Process && T.OsTid == Tid)
      return &T;
  return nullptr;
}

const ThreadInfo *AnalysisContext::threadByPthread(uint32_t Session,
                                                   uint32_t Process,
                                                   uint64_t PthreadId) const {
  const ThreadInfo *Newest = nullptr;
  for (const ThreadInfo &T : Sessions[Session].Threads)
    if (T.ProcessUid == Process && T.PthreadId == PthreadId &&
        (!Newest || T.StartNs > Newest->StartNs))
      Newest = &T;
  return Newest;
}

} // namespace tangle
