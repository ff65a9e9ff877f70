//===- ReportOutput.h - options and printing shared by verbs ---*- C++ -*-===//
#ifndef TANGLE_TOOLS_REPORTOUTPUT_H
#define TANGLE_TOOLS_REPORTOUTPUT_H

#include "tangle/finding/Finding.h"
#include "tangle/session/Session.h"

#include <memory>
#include <optional>
#include <vector>

#include "llvm/Support/raw_ostream.h"

namespace tangle {

// A progress line on stderr, only when it is a terminal; cleared when done.
struct ProgressLine {
  bool Active = llvm::errs().is_displayed();
  bool Shown = false;
  void say(const std::string &Text);
  ~ProgressLine();
};

// Reads the sessions, saying how far it got on a terminal when there are
// many or large ones; one line on stderr and nullopt on failure.
std::optional<std::vector<Session>> readSessionsWithProgress(
    const std::vector<std::string> &Paths);
// Analyses, telling a terminal it does so when the sessions are large.
Report analyzeWithProgress(const std::vector<Session> &Sessions);

// Removes what --suppressions and in-source comments suppress. False, after
// one line on stderr, when the suppressions file cannot be used.
bool applyUserSuppressions(Report &R);

// The file -o names (or stdout); nullptr, after one line on stderr, when
// it cannot be opened.
std::unique_ptr<llvm::raw_fd_ostream> openReportFile();

// Prints `R` in the format chosen by --format / --color on `OS`. False,
// after one line on stderr, when the format cannot be made (no Graphviz).
bool printReport(llvm::raw_fd_ostream &OS, const Report &R);

} // namespace tangle

#endif
