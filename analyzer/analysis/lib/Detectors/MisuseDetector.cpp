//===- MisuseDetector.cpp - double locks, bad unlocks, destroying held locks ===//
//
// The runtime recognises these at the call, where it knows the lock's type
// and owner (glibc keeps both in pthread_mutex_t); this detector tells the
// story of each.
//  - double-lock: re-locking a non-recursive lock the thread holds. A
//    normal mutex then deadlocks the thread; an error-checking one fails.
//  - bad-unlock: unlocking a lock that is not locked, or that another
//    thread holds.
//  - destroy-locked: destroying a lock while some thread holds it.
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Detectors.h"

#include "tangle/event_layout.h"

#include "llvm/Support/FormatVariadic.h"

#include <pthread.h>

namespace tangle {
namespace {

const char *consequence(uint32_t LockType) {
  switch (LockType) {
  case PTHREAD_MUTEX_ERRORCHECK:
    return "an error-checking mutex: the call fails with EDEADLK";
  case PTHREAD_MUTEX_NORMAL:
    return "a normal mutex: the thread waits for itself forever";
  default:
    return "a non-recursive lock: the thread waits for itself";
  }
}

class MisuseStory {
public:
  MisuseStory(const AnalysisContext &Ctx, uint32_t S, const Misuse &M)
      : Ctx(Ctx), S(S), M(M),
        Name(Ctx.lockName(S, M.ProcessUid, M.Lock, generation())),
        Where(Ctx.location(S, M.Site)),
        Story(Ctx.story({S, M.ProcessUid, M.ThreadUid})) {}

  Finding make();

private:
  // The held entry for the misused lock, if the thread holds it.
  const Acquisition *heldEntry() const {
    for (const Acquisition &A : M.Held)
      if (A.Lock == M.Lock)
        return &A;
    return nullptr;
  }
  uint16_t generation() const {
    const Acquisition *A = heldEntry();
    return A ? A->Generation : 0;
  }
  std::string owner() const;
  void doubleLock(Finding &F);
  void badUnlock(Finding &F);
  void destroyLocked(Finding &F);

  const AnalysisContext &Ctx;
  uint32_t S;
  const Misuse &M;
  LockName Name;
  SourceLocation Where;
  ThreadStory Story;
};

std::string MisuseStory::owner() const {
  if (M.OwnerTid == 0)
    return "";
  if (const ThreadInfo *T = Ctx.threadByTid(S, M.ProcessUid, M.OwnerTid))
    return "T" + std::to_string(T->Uid);
  return "tid " + std::to_string(M.OwnerTid);
}

void MisuseStory::doubleLock(Finding &F) {
  if (const Acquisition *First = heldEntry())
    Story.Steps.push_back({StepAction::Acquire, Name.Display, "",
                           Ctx.location(S, First->Site), ""});
  Story.Steps.push_back({StepAction::Misuse, Name.Display, "", Where,
                         "locked it again while holding it"});
  F.Message = llvm::formatv("{0} locks {1} again while holding it ({2})",
                            Story.Label, Name.Display, consequence(M.LockType));
}

void MisuseStory::badUnlock(Finding &F) {
  std::string Owner = owner();
  Story.Steps.push_back({StepAction::Misuse, Name.Display, "", Where,
                         Owner.empty() ? "unlocked it while it was not locked"
                                       : "unlocked it while " + Owner + " held it"});
  F.Message = Owner.empty()
                  ? llvm::formatv("{0} unlocks {1}, which is not locked",
                                  Story.Label, Name.Display)
                        .str()
                  : llvm::formatv("{0} unlocks {1}, which {2} holds",
                                  Story.Label, Name.Display, Owner)
                        .str();
}

void MisuseStory::destroyLocked(Finding &F) {
  std::string Owner = owner();
  if (Owner == Story.Label || M.OwnerTid == Story.Tid)
    Owner = "itself";
  Story.Steps.push_back({StepAction::Misuse, Name.Display, "", Where,
                         "destroyed it while it was locked"});
  F.Message = llvm::formatv("{0} destroys {1} while it is locked{2}",
                            Story.Label, Name.Display,
                            Owner.empty() ? "" : " (by " + Owner + ")");
}

Finding MisuseStory::make() {
  Finding F;
  F.Locks = {Name.Display};
  switch (M.Kind) {
  case TANGLE_MISUSE_DOUBLE_LOCK:
    F.Kind = FindingKind::DoubleLock;
    doubleLock(F);
    break;
  case TANGLE_MISUSE_BAD_UNLOCK:
    F.Kind = FindingKind::BadUnlock;
    badUnlock(F);
    break;
  default:
    F.Kind = FindingKind::DestroyLocked;
    destroyLocked(F);
    break;
  }
  F.Threads.push_back(std::move(Story));
  F.Fingerprint = fingerprint(F.Kind, {Name.Class, Where.Function});
  return F;
}

} // namespace

void detectMisuse(const AnalysisContext &Ctx, Report &Out) {
  const auto &Sessions = Ctx.sessions();
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const Misuse &M : Sessions[S].Misuses)
      Out.Findings.push_back(MisuseStory(Ctx, S, M).make());
}

} // namespace tangle
