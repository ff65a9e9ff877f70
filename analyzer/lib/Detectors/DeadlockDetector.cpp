//===- DeadlockDetector.cpp - deadlocks the watchdog caught ----------------===//
//
// The runtime's watchdog ends a program whose threads stayed blocked for
// good and records who held what and waited for what. This detector turns
// that record into a finding: per thread, the locks it held (where taken)
// and what it was blocked on (where), and whom it waited for.
//
//===----------------------------------------------------------------------===//
#include "tangle/Detectors.h"

#include "tangle/event_layout.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

namespace tangle {
namespace {

class DeadlockStory {
public:
  DeadlockStory(const AnalysisContext &Ctx, uint32_t S, const Deadlock &D)
      : Ctx(Ctx), S(S), D(D) {}
  Finding make();

private:
  std::string label(uint32_t Uid) const { return "T" + std::to_string(Uid); }
  std::string lockName(uint64_t Lock, uint16_t Generation) const {
    return Ctx.lockName(S, D.ProcessUid, Lock, Generation).Display;
  }
  // The held generation of `Lock` among all blocked threads, for naming.
  uint16_t generationOf(uint64_t Lock) const;
  std::string awaitedText(const BlockedThread &B) const;
  ThreadStory threadStory(const BlockedThread &B);

  const AnalysisContext &Ctx;
  uint32_t S;
  const Deadlock &D;
  std::vector<std::string> Classes; // identity of the finding
};

uint16_t DeadlockStory::generationOf(uint64_t Lock) const {
  for (const BlockedThread &B : D.Threads)
    for (const Acquisition &A : B.Held)
      if (A.Lock == Lock)
        return A.Generation;
  return 0;
}

std::string DeadlockStory::awaitedText(const BlockedThread &B) const {
  std::string Whom;
  if (B.WaitsForThread)
    Whom = B.WaitsForThread == B.ThreadUid
               ? ", which it holds itself"
               : ", held by " + label(B.WaitsForThread) +
                     (B.WaitsForExited ? ", which has ended" : "");
  switch (B.WaitKind) {
  case TANGLE_WAIT_LOCK:
    return "waits for " + lockName(B.WaitObject, generationOf(B.WaitObject)) +
           Whom;
  case TANGLE_WAIT_JOIN:
    return B.WaitsForThread ? "waits for " + label(B.WaitsForThread) + " to end"
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

ThreadStory DeadlockStory::threadStory(const BlockedThread &B) {
  ThreadStory St = Ctx.story({S, D.ProcessUid, B.ThreadUid});
  for (const Acquisition &A : B.Held) {
    St.Steps.push_back({StepAction::Acquire, lockName(A.Lock, A.Generation), "",
                        Ctx.location(S, A.Site), ""});
  }
  St.Steps.push_back({StepAction::Block, "", "", Ctx.location(S, B.WaitSite),
                      awaitedText(B)});
  if (B.WaitKind == TANGLE_WAIT_LOCK)
    Classes.push_back(
        Ctx.lockName(S, D.ProcessUid, B.WaitObject, generationOf(B.WaitObject)).Class);
  else
    Classes.push_back("wait " + std::to_string(B.WaitKind) + " in " +
                      Ctx.location(S, B.WaitSite).Function);
  return St;
}

Finding DeadlockStory::make() {
  Finding F;
  F.Kind = FindingKind::Deadlock;
  for (const BlockedThread &B : D.Threads)
    F.Threads.push_back(threadStory(B));
  for (size_t I = 0; I < D.Threads.size(); ++I)
    F.Scenario.push_back(F.Threads[I].Label + " " + awaitedText(D.Threads[I]));
  std::vector<std::string> Labels;
  for (const ThreadStory &T : F.Threads)
    Labels.push_back(T.Label);
  std::string Who = llvm::join(Labels, ", ");
  switch (D.Reason) {
  case TANGLE_DEADLOCK_CYCLE:
    F.Message = D.Threads.size() == 1
                    ? llvm::formatv("{0} waits for a lock it holds itself", Who)
                          .str()
                    : llvm::formatv("{0} are blocked waiting for each other", Who)
                          .str();
    break;
  case TANGLE_DEADLOCK_ORPHANED:
    F.Message = llvm::formatv("{0} {1}", Who, awaitedText(D.Threads[0])).str();
    break;
  default:
    F.Message = llvm::formatv("every thread is blocked: {0}", Who).str();
    break;
  }
  F.Message += llvm::formatv(" (blocked for {0} s; the program was ended)",
                             D.BlockedSeconds);
  std::sort(Classes.begin(), Classes.end());
  F.Fingerprint = fingerprint(F.Kind, Classes);
  return F;
}

} // namespace

void detectDeadlocks(const AnalysisContext &Ctx, Report &Out) {
  const auto &Sessions = Ctx.sessions();
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const Deadlock &D : Sessions[S].Deadlocks)
      Out.Findings.push_back(DeadlockStory(Ctx, S, D).make());
}

} // namespace tangle
