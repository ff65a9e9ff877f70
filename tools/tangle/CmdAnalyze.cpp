//===- CmdAnalyze.cpp - tangle analyze ---------------------------------------===//
//
// tangle analyze [--format text|json] [-o FILE] SESSION_OR_DIR...
// Reads sessions (files, or directories of *.tgl), reports findings.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "ExitStatus.h"
#include "ReportOutput.h"

#include "tangle/analysis/Analysis.h"
#include "tangle/session/SessionReader.h"

#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace tangle {

cl::SubCommand AnalyzeCommand("analyze",
                              "Analyse recorded sessions and report findings");

namespace {

cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<session file or directory>..."),
                             cl::sub(AnalyzeCommand));

} // namespace

int runAnalyze() {
  std::optional<std::vector<Session>> Sessions = readSessionsWithProgress(Inputs);
  if (!Sessions)
    return ExitUsage;
  std::unique_ptr<raw_fd_ostream> OS = openReportFile();
  if (!OS)
    return ExitUsage;
  Report R = analyzeWithProgress(*Sessions);
  if (!applyUserSuppressions(R))
    return ExitUsage;
  if (!printReport(*OS, R))
    return ExitUsage;
  return countingFindings(R.Findings) ? ExitFindings : ExitClean;
}

} // namespace tangle
