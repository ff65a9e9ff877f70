//===- Analysis.cpp - from sessions to a report ---------------------------===//
#include "tangle/analysis/Analysis.h"

#include "tangle/analysis/Detectors.h"
#include "tangle/event_layout.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace tangle {
namespace {

// What the runtime had to leave out, said once per session.
void noteDegradations(const Session &S, Report &Out) {
  if (S.Full || S.DroppedRecords)
    Out.Notes.push_back(llvm::formatv(
        "{0}: the session filled up and {1} record(s) were dropped; findings "
        "after that point may be missing",
        S.Path, S.DroppedRecords));
  const RaceStats &L = S.RaceLimits;
  if (L.UnreportedRaces)
    Out.Notes.push_back(llvm::formatv(
        "{0}: {1} more data race(s) between new pairs of sites were found but "
        "not recorded (the runtime keeps 65536 pairs per process)",
        S.Path, L.UnreportedRaces));
  if (L.EvictedReads)
    Out.Notes.push_back(llvm::formatv(
        "{0}: {1} earlier access(es) were dropped from shadow memory (reads "
        "of more than 7 threads at once, or unordered writes to different "
        "bytes of 8 that read cells held); races with them may be missing",
        S.Path, L.EvictedReads));
  if (L.UntrackedThreads)
    Out.Notes.push_back(llvm::formatv(
        "{0}: {1} thread(s) beyond the race detector's limit were not checked",
        S.Path, L.UntrackedThreads));
  if (L.ClockFailures)
    Out.Notes.push_back(llvm::formatv(
        "{0}: the race detector ran out of memory for vector clocks {1} time(s); "
        "some reported races may be ordered after all",
        S.Path, L.ClockFailures));
  if (S.TruncatedChains)
    Out.Notes.push_back(llvm::formatv(
        "{0}: {1} acquisition(s) happened with more than {2} locks held; only "
        "the newest {2} were recorded as held",
        S.Path, S.TruncatedChains, TANGLE_MAX_CHAIN_HELD));
}

void sortAndDeduplicate(std::vector<Finding> &Findings) {
  std::sort(Findings.begin(), Findings.end(),
                   [](const Finding &A, const Finding &B) {
                     return std::tie(A.Kind, A.Message, A.Fingerprint) <
                            std::tie(B.Kind, B.Message, B.Fingerprint);
                   });
  std::set<std::string> Seen;
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const Finding &F) {
                                  return !Seen.insert(F.Fingerprint).second;
                                }),
                 Findings.end());
}

// The process tree. A process that exec'd is followed in the table by its
// new image, with the same pid.
void addProcesses(const Session &S, Report &Out) {
  for (size_t I = 0; I < S.Processes.size(); ++I) {
    const ProcessInfo &P = S.Processes[I];
    ProcessSummary Summary{S.Path, P.Pid, P.ParentPid, false, P.Args, ""};
    if (Summary.Args.empty())
      Summary.Args.push_back(P.Executable);
    for (const ProcessInfo &Other : S.Processes)
      Summary.ParentInSession |= Other.Pid == P.ParentPid;
    auto Exit = S.ProcessExits.find(P.Uid);
    if (Exit != S.ProcessExits.end())
      Summary.End = llvm::formatv("exited with status {0}", Exit->second);
    for (size_t J = I + 1; J < S.Processes.size() && Summary.End.empty(); ++J)
      if (S.Processes[J].Pid == P.Pid)
        Summary.End = "replaced by exec";
    Out.ProcessTree.push_back(std::move(Summary));
  }
}

} // namespace

Report analyze(const std::vector<Session> &Sessions,
               const AnalysisOptions &Options) {
  Report Out;
  for (const Session &S : Sessions) {
    Out.SessionPaths.push_back(S.Path);
    if (S.Static) { // what tangle lint found itself
      ++Out.LintResults;
      Out.LintedFiles += S.StaticFiles;
      Out.Findings.insert(Out.Findings.end(), S.StaticFindings.begin(),
                          S.StaticFindings.end());
      Out.Notes.insert(Out.Notes.end(), S.StaticNotes.begin(), S.StaticNotes.end());
    }
    Out.Processes += S.Processes.size();
    Out.Threads += S.Threads.size();
    Out.Chains += S.Chains.size();
    addProcesses(S, Out);
    noteDegradations(S, Out);
  }
  AnalysisContext Ctx(Sessions);
  detectLockOrderInversions(Ctx, Options, Out);
  if (Sessions.size() > 1)
    detectLockOrderInversions(Ctx, Options, Out, /*AcrossRuns=*/true);
  detectDeadlocks(Ctx, Out);
  detectHoldAndWait(Ctx, Out);
  detectLockLeaks(Ctx, Out);
  detectMisuse(Ctx, Out);
  detectDataRaces(Ctx, Out);
  sortAndDeduplicate(Out.Findings);
  return Out;
}

} // namespace tangle
