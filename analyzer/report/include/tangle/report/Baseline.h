//===- Baseline.h - findings already known ----------------------*- C++ -*-===//
//
// A baseline is the set of fingerprints a project has accepted (a JSON
// file, reviewed like code). `tangle check` fails only on findings whose
// fingerprint is not in it; `tangle check --update-baseline` writes it.
// Format: {"version": 1, "findings": [{"fingerprint", "kind", "message"}]},
// sorted by fingerprint so that diffs read well.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_BASELINE_H
#define TANGLE_ANALYZER_BASELINE_H

#include "tangle/finding/Finding.h"

#include "llvm/Support/Error.h"

#include <set>
#include <string>

namespace tangle {

struct Baseline {
  std::set<std::string> Fingerprints;

  static llvm::Expected<Baseline> readFile(llvm::StringRef Path);
  // The baseline of a report: every finding that counts.
  static std::string render(const Report &R);
  // Marks the findings of `R` that the baseline knows.
  void apply(Report &R) const;
};

} // namespace tangle

#endif
