//===- Detectors.h - the detectors the analysis runs ------------*- C++ -*-===//
//
// A detector reads sessions and appends findings (and notes on what
// limited it) to a report. It never prints.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_DETECTORS_H
#define TANGLE_ANALYZER_DETECTORS_H

#include "tangle/analysis/Analysis.h"
#include "tangle/analysis/AnalysisContext.h"
#include "tangle/finding/Fingerprint.h"

namespace tangle {

// Per lock instance within each run; with AcrossRuns, per lock class over
// all the sessions, reporting only cycles that need threads of two runs or
// more (and not already reported).
void detectLockOrderInversions(const AnalysisContext &Ctx,
                               const AnalysisOptions &Options, Report &Out,
                               bool AcrossRuns = false);
void detectLockLeaks(const AnalysisContext &Ctx, Report &Out);
void detectDataRaces(const AnalysisContext &Ctx, Report &Out);
// A session's race records, each pair's reverse report (the earlier
// access's thread racing again from its site) folded into the race it
// reverses as that race's PreviousStack.
std::vector<Race> joinReverseRaces(const std::vector<Race> &Races);
void detectDeadlocks(const AnalysisContext &Ctx, Report &Out);
void detectHoldAndWait(const AnalysisContext &Ctx, Report &Out);
void detectMisuse(const AnalysisContext &Ctx, Report &Out);

} // namespace tangle

#endif
