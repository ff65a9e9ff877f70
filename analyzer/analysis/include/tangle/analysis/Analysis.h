//===- Analysis.h - from sessions to a report -------------------*- C++ -*-===//
#ifndef TANGLE_ANALYZER_ANALYSIS_H
#define TANGLE_ANALYZER_ANALYSIS_H

#include "tangle/finding/Finding.h"
#include "tangle/session/Session.h"

#include <cstddef>
#include <vector>

namespace tangle {

struct AnalysisOptions {
  // Elementary cycles examined before the search gives up (and says so).
  size_t MaxCycles = 100000;
  // Choices tried when looking for threads that could run a cycle at once.
  size_t MaxWitnessSteps = 200000;
};

// Runs every detector over the sessions; findings are deduplicated by
// fingerprint and sorted.
Report analyze(const std::vector<Session> &Sessions,
               const AnalysisOptions &Options = {});

} // namespace tangle

#endif
