//===- DeadlockDetector.cpp - deadlocks the watchdog caught ----------------===//
//
// The runtime's watchdog ends a program whose threads stayed blocked for
// good and records who held what and waited for what. This detector turns
// those records into findings: per thread, the locks it held (where taken)
// and what it was blocked on (where), and whom it waited for.
//
// Each process has its own watchdog, so a deadlock between processes
// leaves one record per process, each saying "every thread is blocked".
// Records whose threads wait for locks the other records' threads hold are
// one deadlock, and are told as one.
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Detectors.h"

#include "tangle/event_layout.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace tangle {
namespace {

// A blocked thread of one record.
struct Blocked {
  const Deadlock *Record;
  const BlockedThread *Thread;
};

class DeadlockStory {
public:
  DeadlockStory(const AnalysisContext &Ctx, uint32_t S,
                std::vector<const Deadlock *> Records)
      : Ctx(Ctx), S(S), Records(std::move(Records)) {
    for (const Deadlock *D : this->Records)
      for (const BlockedThread &B : D->Threads)
        for (const Acquisition &A : B.Held)
          Holder[lockId(D->ProcessUid, A.Lock)] = {D, &B};
  }
  Finding make();

private:
  // A lock across processes, any generation.
  std::pair<uint32_t, uint64_t> lockId(uint32_t Process, uint64_t Lock) const {
    LockKey K = Ctx.key(S, Process, Lock, 0);
    return {K.Process, K.Address};
  }
  std::string label(const Blocked &B) const {
    std::string L = "T" + std::to_string(B.Thread->ThreadUid);
    if (Records.size() > 1)
      if (const ProcessInfo *P = Ctx.sessions()[S].process(B.Record->ProcessUid))
        L += " (pid " + std::to_string(P->Pid) + ")";
    return L;
  }
  uint16_t generationOf(uint32_t Process, uint64_t Lock) const {
    auto It = Holder.find(lockId(Process, Lock));
    if (It == Holder.end())
      return 0;
    for (const Acquisition &A : It->second.Thread->Held)
      if (lockId(It->second.Record->ProcessUid, A.Lock) == lockId(Process, Lock))
        return A.Generation;
    return 0;
  }
  std::string lockName(uint32_t Process, uint64_t Lock) const {
    return Ctx.lockName(S, Process, Lock, generationOf(Process, Lock)).Display;
  }
  std::string awaitedText(const Blocked &B) const;
  ThreadStory threadStory(const Blocked &B);

  const AnalysisContext &Ctx;
  uint32_t S;
  std::vector<const Deadlock *> Records;
  std::map<std::pair<uint32_t, uint64_t>, Blocked> Holder;
  std::vector<std::string> Classes; // identity of the finding
};

std::string DeadlockStory::awaitedText(const Blocked &B) const {
  const BlockedThread &T = *B.Thread;
  uint32_t Process = B.Record->ProcessUid;
  switch (T.WaitKind) {
  case TANGLE_WAIT_LOCK: {
    std::string Text = "waits for " + lockName(Process, T.WaitObject);
    auto It = Holder.find(lockId(Process, T.WaitObject));
    if (It != Holder.end() && It->second.Thread == &T)
      return Text + ", which it holds itself";
    if (It != Holder.end())
      return Text + ", held by " + label(It->second);
    if (T.WaitsForThread)
      return Text + ", held by T" + std::to_string(T.WaitsForThread) +
             (T.WaitsForExited ? ", which has ended" : "");
    return Text;
  }
  case TANGLE_WAIT_JOIN:
    return T.WaitsForThread ? "waits for T" + std::to_string(T.WaitsForThread) + " to end"
                            : "waits for a thread to end";
  case TANGLE_WAIT_COND:
    return "waits on a condition variable";
  case TANGLE_WAIT_SEM:
    return "waits on a semaphore";
  case TANGLE_WAIT_BARRIER:
    return "waits at a barrier";
  default:
    return "is blocked";
  }
}

ThreadStory DeadlockStory::threadStory(const Blocked &B) {
  uint32_t Process = B.Record->ProcessUid;
  ThreadStory St = Ctx.story({S, Process, B.Thread->ThreadUid});
  for (const Acquisition &A : B.Thread->Held)
    St.Steps.push_back({StepAction::Acquire,
                        Ctx.lockName(S, Process, A.Lock, A.Generation).Display, "",
                        Ctx.location(S, A.Site), ""});
  St.Steps.push_back({StepAction::Block, "", "",
                      Ctx.location(S, B.Thread->WaitSite), awaitedText(B)});
  if (B.Thread->WaitKind == TANGLE_WAIT_LOCK)
    Classes.push_back(Ctx.lockName(S, Process, B.Thread->WaitObject,
                                   generationOf(Process, B.Thread->WaitObject))
                          .Class);
  else
    Classes.push_back("wait " + std::to_string(B.Thread->WaitKind) + " in " +
                      Ctx.location(S, B.Thread->WaitSite).Function);
  return St;
}

Finding DeadlockStory::make() {
  Finding F;
  F.Kind = FindingKind::Deadlock;
  std::vector<Blocked> All;
  for (const Deadlock *D : Records)
    for (const BlockedThread &T : D->Threads)
      All.push_back({D, &T});
  std::vector<std::string> Labels;
  for (const Blocked &B : All) {
    F.Threads.push_back(threadStory(B));
    F.Scenario.push_back(label(B) + " " + awaitedText(B));
    Labels.push_back(label(B));
  }
  std::string Who = llvm::join(Labels, ", ");
  uint32_t Reason = Records.size() > 1 ? TANGLE_DEADLOCK_CYCLE : Records[0]->Reason;
  if (Reason == TANGLE_DEADLOCK_CYCLE && All.size() == 1)
    F.Message = Who + " waits for a lock it holds itself";
  else if (Reason == TANGLE_DEADLOCK_CYCLE)
    F.Message = Who + " are blocked waiting for each other" +
                (Records.size() > 1 ? " across processes" : "");
  else if (Reason == TANGLE_DEADLOCK_ORPHANED)
    F.Message = Who + " " + awaitedText(All[0]);
  else
    F.Message = "every thread is blocked: " + Who;
  F.Message += llvm::formatv(" (blocked for {0} s; the program was ended)",
                             Records[0]->BlockedSeconds);
  std::sort(Classes.begin(), Classes.end());
  F.Fingerprint = fingerprint(F.Kind, Classes);
  return F;
}

// Groups a session's deadlock records: two records are one deadlock when a
// thread of one waits for a lock a thread of the other holds.
std::vector<std::vector<const Deadlock *>>
groupRecords(const AnalysisContext &Ctx, uint32_t S) {
  const auto &Records = Ctx.sessions()[S].Deadlocks;
  std::vector<size_t> Parent(Records.size());
  std::iota(Parent.begin(), Parent.end(), 0);
  auto Find = [&](size_t I) {
    while (Parent[I] != I)
      I = Parent[I] = Parent[Parent[I]];
    return I;
  };
  std::map<std::pair<uint32_t, uint64_t>, size_t> HeldBy;
  auto Id = [&](uint32_t Process, uint64_t Lock) {
    LockKey K = Ctx.key(S, Process, Lock, 0);
    return std::make_pair(K.Process, K.Address);
  };
  for (size_t I = 0; I < Records.size(); ++I)
    for (const BlockedThread &T : Records[I].Threads)
      for (const Acquisition &A : T.Held)
        HeldBy[Id(Records[I].ProcessUid, A.Lock)] = I;
  for (size_t I = 0; I < Records.size(); ++I)
    for (const BlockedThread &T : Records[I].Threads) {
      if (T.WaitKind != TANGLE_WAIT_LOCK)
        continue;
      auto It = HeldBy.find(Id(Records[I].ProcessUid, T.WaitObject));
      if (It != HeldBy.end())
        Parent[Find(I)] = Find(It->second);
    }
  std::map<size_t, std::vector<const Deadlock *>> Groups;
  for (size_t I = 0; I < Records.size(); ++I)
    Groups[Find(I)].push_back(&Records[I]);
  std::vector<std::vector<const Deadlock *>> Out;
  for (auto &[Root, Group] : Groups)
    Out.push_back(std::move(Group));
  return Out;
}

} // namespace

void detectDeadlocks(const AnalysisContext &Ctx, Report &Out) {
  for (uint32_t S = 0; S < Ctx.sessions().size(); ++S)
    for (auto &Group : groupRecords(Ctx, S))
      Out.Findings.push_back(DeadlockStory(Ctx, S, std::move(Group)).make());
}

} // namespace tangle
