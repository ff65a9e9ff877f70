//===- LockLeakDetector.cpp - threads that finish holding locks -----------===//
//
// A thread that returns from its start routine (or calls pthread_exit)
// while holding a lock leaves it locked for good: every later taker
// blocks. The runtime records the locks a thread still holds when it ends;
// each is a finding, named by the lock and the function that took it.
//
// A process that ends holding a process-shared lock leaves it held for the
// other processes. Nothing runs when a process is killed, so the runtime
// keeps each thread's shared locks in a table in the session: a table that
// is not empty at the end, for a thread that never finished normally,
// names what the process left held (and whether it exited or died).
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Detectors.h"

#include "tangle/event_layout.h"

#include "llvm/Support/FormatVariadic.h"

#include <set>

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

Finding sharedLeakFinding(const AnalysisContext &Ctx, uint32_t S,
                          const SharedHeld &H, const Acquisition &A) {
  const Session &Sn = Ctx.sessions()[S];
  LockName Name = Ctx.lockName(S, H.ProcessUid, A.Lock, A.Generation);
  SourceLocation Taken = Ctx.location(S, A.Site);
  bool Exited = Sn.ProcessExits.count(H.ProcessUid) != 0;
  const ProcessInfo *P = Sn.process(H.ProcessUid);
  std::string How = Exited ? "exited" : "ended without exiting (killed, crashed or _exit)";
  Finding F;
  F.Kind = FindingKind::LockLeak;
  F.Locks = {Name.Display};
  ThreadStory St = Ctx.story({S, H.ProcessUid, H.ThreadUid});
  St.Steps.push_back({StepAction::Acquire, Name.Display, "", Taken, ""});
  St.Steps.push_back({StepAction::Exit, Name.Display, "", {},
                      llvm::formatv("its process (pid {0}) {1} holding {2}",
                                    P ? P->Pid : 0, How, Name.Display)
                          .str()});
  F.Message = llvm::formatv("process {0} {1} holding the process-shared lock "
                            "{2}, taken in {3}",
                            P ? P->Pid : 0, How, Name.Display, Taken.Function);
  F.Threads.push_back(std::move(St));
  F.Fingerprint = fingerprint(F.Kind, {Name.Class, Taken.Function});
  return F;
}

} // namespace

void detectLockLeaks(const AnalysisContext &Ctx, Report &Out) {
  const auto &Sessions = Ctx.sessions();
  for (uint32_t S = 0; S < Sessions.size(); ++S) {
    const Session &Sn = Sessions[S];
    for (const ThreadExit &X : Sn.Exits)
      for (const Acquisition &A : X.Held)
        if (Ctx.isLock(S, X.ProcessUid, A))
          Out.Findings.push_back(leakFinding(Ctx, S, X, A));
    std::set<std::pair<uint32_t, uint32_t>> Finished; // told by their exit records
    for (const ThreadExit &X : Sn.Exits)
      Finished.insert({X.ProcessUid, X.ThreadUid});
    std::set<uint32_t> Deadlocked; // the deadlock report tells those
    for (const Deadlock &D : Sn.Deadlocks)
      Deadlocked.insert(D.ProcessUid);
    for (const SharedHeld &H : Sn.SharedHolds) {
      if (Finished.count({H.ProcessUid, H.ThreadUid}) || Deadlocked.count(H.ProcessUid))
        continue;
      for (const Acquisition &A : H.Held)
        Out.Findings.push_back(sharedLeakFinding(Ctx, S, H, A));
    }
  }
}

} // namespace tangle
