//===- HoldAndWaitDetector.cpp - blocking on others while holding a lock --===//
//
// A thread that blocks in a condition wait (on another mutex), a join, a
// semaphore wait or a barrier while holding lock L stops everyone who
// needs L; if the party it waits for is one of them, neither moves again.
// The runtime records each such wait with the locks held. The awaited
// parties are known from the run: the threads that signal the condition
// variable, post the semaphore or arrive at the barrier, or the joined
// thread. A finding is "confirmed" when one of them tried to take L in this
// run (it counts for the exit status), and "possible" otherwise (reported,
// not counted: the run did not show the party needing the lock).
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Detectors.h"

#include "tangle/event_layout.h"

#include "llvm/Support/FormatVariadic.h"

namespace tangle {
namespace {

struct WaitWords {
  const char *Verb;       // "waits on condition variable"
  const char *PartyRole;  // "signals it"
};

WaitWords words(uint32_t Kind) {
  switch (Kind) {
  case TANGLE_WAIT_COND: return {"waits on condition variable", "signals it"};
  case TANGLE_WAIT_SEM: return {"waits on semaphore", "posts it"};
  case TANGLE_WAIT_BARRIER: return {"waits at barrier", "waits there too"};
  case TANGLE_WAIT_JOIN: return {"joins", "is the thread it joins"};
  case TANGLE_WAIT_ONCE: return {"waits for the once-initialisation", "runs it"};
  default: return {"waits for", "would wake it"};
  }
}

class HoldAndWait {
public:
  HoldAndWait(const AnalysisContext &Ctx, uint32_t S, const Wait &W)
      : Ctx(Ctx), S(S), W(W), Waiter{S, W.ProcessUid, W.ThreadUid},
        WaitAt(Ctx.location(S, W.Site)) {}

  void report(Report &Out);

private:
  std::vector<ThreadKey> parties() const;
  std::string awaited(const std::vector<ThreadKey> &Parties) const;
  Finding finding(const Acquisition &Held, const std::vector<ThreadKey> &Parties);
  // Where `Party` took (or tried to take) `Lock`, or nowhere.
  SourceLocation whereTaken(const ThreadKey &Party, uint64_t Lock) const;

  const AnalysisContext &Ctx;
  uint32_t S;
  const Wait &W;
  ThreadKey Waiter;
  SourceLocation WaitAt;
};

std::vector<ThreadKey> HoldAndWait::parties() const {
  std::vector<ThreadKey> Found;
  if (W.Kind == TANGLE_WAIT_JOIN) {
    if (const ThreadInfo *T = Ctx.threadByPthread(S, W.ProcessUid, W.Object))
      Found.push_back({S, W.ProcessUid, T->Uid});
  } else {
    Found = Ctx.notifiers(S, W.ProcessUid, W.Kind, W.Object);
  }
  std::vector<ThreadKey> Others;
  for (const ThreadKey &K : Found)
    if (!(K == Waiter))
      Others.push_back(K);
  return Others;
}

// What the thread waits for, as a reader would say it.
std::string HoldAndWait::awaited(const std::vector<ThreadKey> &Parties) const {
  WaitWords Words = words(W.Kind);
  if (W.Kind == TANGLE_WAIT_JOIN)
    return Parties.empty() ? "joins a thread"
                           : "joins T" + std::to_string(Parties[0].Thread);
  const SiteInfo *Site = Ctx.sessions()[S].site(W.Site);
  std::string Name = Site && !Site->LockName.empty() ? Site->LockName : "";
  return Name.empty() ? std::string(Words.Verb) : std::string(Words.Verb) + " " + Name;
}

SourceLocation HoldAndWait::whereTaken(const ThreadKey &Party, uint64_t Lock) const {
  LockKey Wanted = Ctx.key(S, W.ProcessUid, Lock, 0);
  for (const Chain &C : Ctx.sessions()[S].Chains)
    if (C.ProcessUid == Party.Process && C.ThreadUid == Party.Thread &&
        Ctx.key(S, C.ProcessUid, C.Acquired.Lock, 0).Address == Wanted.Address &&
        Ctx.key(S, C.ProcessUid, C.Acquired.Lock, 0).Process == Wanted.Process)
      return Ctx.location(S, C.Acquired.Site);
  return {};
}

Finding HoldAndWait::finding(const Acquisition &Held,
                             const std::vector<ThreadKey> &Parties) {
  std::string Lock = Ctx.lockName(S, W.ProcessUid, Held.Lock, Held.Generation).Display;
  std::string Class = Ctx.lockName(S, W.ProcessUid, Held.Lock, Held.Generation).Class;
  std::string What = awaited(Parties);
  const ThreadKey *Needer = nullptr;
  for (const ThreadKey &P : Parties)
    if (Ctx.triedToTake(P, W.ProcessUid, Held.Lock)) {
      Needer = &P;
      break;
    }
  Finding F;
  F.Kind = FindingKind::HoldAndWait;
  F.Locks = {Lock};
  F.Counts = Needer != nullptr;
  F.Confidence = Needer ? "confirmed" : "possible";
  ThreadStory Story = Ctx.story(Waiter);
  Story.Steps.push_back({StepAction::Acquire, Lock, "", Ctx.location(S, Held.Site), ""});
  Story.Steps.push_back({StepAction::Block, Lock, "", WaitAt,
                         What + " while holding " + Lock});
  F.Threads.push_back(std::move(Story));
  if (Needer) {
    ThreadStory Party = Ctx.story(*Needer);
    Party.Steps.push_back({StepAction::Wait, Lock, "", whereTaken(*Needer, Held.Lock),
                           ""});
    Party.Steps.back().Action = StepAction::Acquire;
    Party.Steps.push_back({StepAction::Notify, "", "", {},
                           std::string(words(W.Kind).PartyRole)});
    F.Message = llvm::formatv("{0} {1} while holding {2}, which {3} ({4}) needs",
                              F.Threads[0].Label, What, Lock, Party.Label,
                              words(W.Kind).PartyRole);
    F.Threads.push_back(std::move(Party));
  } else {
    F.Message = llvm::formatv("{0} {1} while holding {2}", F.Threads[0].Label,
                              What, Lock);
  }
  F.Fingerprint = fingerprint(F.Kind, {Class, words(W.Kind).Verb,
                                       WaitAt.Function});
  return F;
}

void HoldAndWait::report(Report &Out) {
  // Waiting on a semaphore used as a lock is taking a lock: the lock-order
  // detector tells it.
  if (W.Kind == TANGLE_WAIT_SEM && Ctx.isSemaphoreLock(S, W.ProcessUid, W.Object))
    return;
  std::vector<ThreadKey> Parties = parties();
  for (const Acquisition &Held : W.Held)
    if (Ctx.isLock(S, W.ProcessUid, Held) && Held.Lock != W.Object)
      Out.Findings.push_back(finding(Held, Parties));
}

} // namespace

void detectHoldAndWait(const AnalysisContext &Ctx, Report &Out) {
  const auto &Sessions = Ctx.sessions();
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const Wait &W : Sessions[S].Waits)
      HoldAndWait(Ctx, S, W).report(Out);
}

} // namespace tangle
