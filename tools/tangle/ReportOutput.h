//===- ReportOutput.h - options and printing shared by verbs ---*- C++ -*-===//
#ifndef TANGLE_TOOLS_REPORTOUTPUT_H
#define TANGLE_TOOLS_REPORTOUTPUT_H

#include "tangle/Finding.h"

#include "llvm/Support/raw_ostream.h"

namespace tangle {

// Removes what --suppressions and in-source comments suppress. False, after
// one line on stderr, when the suppressions file cannot be used.
bool applyUserSuppressions(Report &R);

// Prints `R` in the format chosen by --format / --color on `OS`.
void printReport(llvm::raw_fd_ostream &OS, const Report &R);

} // namespace tangle

#endif
