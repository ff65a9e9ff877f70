//===- ReportOutput.h - options and printing shared by verbs ---*- C++ -*-===//
#ifndef TANGLE_TOOLS_REPORTOUTPUT_H
#define TANGLE_TOOLS_REPORTOUTPUT_H

#include "tangle/Finding.h"
#include "tangle/Session.h"

#include <optional>
#include <vector>

#include "llvm/Support/raw_ostream.h"

namespace tangle {

// Reads the sessions, saying how far it got on a terminal when there are
// many or large ones; one line on stderr and nullopt on failure.
std::optional<std::vector<Session>> readSessionsWithProgress(
    const std::vector<std::string> &Paths);
// Analyses, telling a terminal it does so when the sessions are large.
Report analyzeWithProgress(const std::vector<Session> &Sessions);

// Removes what --suppressions and in-source comments suppress. False, after
// one line on stderr, when the suppressions file cannot be used.
bool applyUserSuppressions(Report &R);

// Prints `R` in the format chosen by --format / --color on `OS`. False,
// after one line on stderr, when the format cannot be made (no Graphviz).
bool printReport(llvm::raw_fd_ostream &OS, const Report &R);

} // namespace tangle

#endif
