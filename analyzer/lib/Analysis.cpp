//===- Analysis.cpp - from sessions to a report ---------------------------===//
#include "tangle/Analysis.h"

#include "tangle/Detectors.h"
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

} // namespace

Report analyze(const std::vector<Session> &Sessions,
               const AnalysisOptions &Options) {
  Report Out;
  for (const Session &S : Sessions) {
    Out.SessionPaths.push_back(S.Path);
    Out.Processes += S.Processes.size();
    Out.Threads += S.Threads.size();
    Out.Chains += S.Chains.size();
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
  sortAndDeduplicate(Out.Findings);
  return Out;
}

} // namespace tangle
