//===- LockLeakDetector.cpp - threads that finish holding locks -----------===//
//
// A thread that returns from its start routine (or calls pthread_exit)
// while holding a lock leaves it locked for good: every later taker
// blocks. The runtime records the locks a thread still holds when it ends;
// each is a finding, named by the lock and the function that took it.
//
//===----------------------------------------------------------------------===//
#include "tangle/Detectors.h"

#include "tangle/event_layout.h"

#include "llvm/Support/FormatVariadic.h"

namespace tangle {
namespace {

std::string howItEnded(const ThreadExit &X, const ThreadStory &St,
                       const std::string &Lock) {
  if (X.Reason == TANGLE_EXIT_PTHREAD_EXIT)
    return llvm::formatv("called pthread_exit holding {0}", Lock);
  if (!St.StartRoutine.empty())
    return llvm::formatv("returned from {0} without releasing {1}",
                         St.StartRoutine, Lock);
  return llvm::formatv("finished without releasing {0}", Lock);
}

Finding leakFinding(const AnalysisContext &Ctx, uint32_t S, const ThreadExit &X,
                    const Acquisition &A) {
  LockName Name = Ctx.lockName(S, X.ProcessUid, A.Lock, A.Generation);
  SourceLocation Taken = Ctx.location(S, A.Site);
  Finding F;
  F.Kind = FindingKind::LockLeak;
  F.Locks = {Name.Display};
  ThreadStory St = Ctx.story({S, X.ProcessUid, X.ThreadUid});
  St.Steps.push_back({StepAction::Acquire, Name.Display, "", Taken, ""});
  St.Steps.push_back({StepAction::Exit, Name.Display, "", {},
                      howItEnded(X, St, Name.Display)});
  F.Message = St.StartRoutine.empty()
                  ? llvm::formatv("{0} finished holding {1}, taken in {2}",
                                  St.Label, Name.Display, Taken.Function)
                        .str()
                  : llvm::formatv("{0} returned from {1} holding {2}, taken in {3}",
                                  St.Label, St.StartRoutine, Name.Display,
                                  Taken.Function)
                        .str();
  F.Threads.push_back(std::move(St));
  F.Fingerprint = fingerprint(F.Kind, {Name.Class, Taken.Function});
  return F;
}

} // namespace

void detectLockLeaks(const AnalysisContext &Ctx, Report &Out) {
  const auto &Sessions = Ctx.sessions();
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const ThreadExit &X : Sessions[S].Exits)
      for (const Acquisition &A : X.Held)
        if (Ctx.isLock(S, X.ProcessUid, A))
          Out.Findings.push_back(leakFinding(Ctx, S, X, A));
}

} // namespace tangle
