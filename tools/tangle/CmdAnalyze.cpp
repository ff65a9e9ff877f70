//===- CmdAnalyze.cpp - tangle analyze ---------------------------------------===//
//
// tangle analyze [--format text|json] [-o FILE] SESSION_OR_DIR...
// Reads sessions (files, or directories of *.tgl), reports findings.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "ExitStatus.h"
#include "ReportOutput.h"

#include "tangle/Analysis.h"
#include "tangle/SessionReader.h"

#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace tangle {

cl::SubCommand AnalyzeCommand("analyze",
                              "Analyse recorded sessions and report findings");

namespace {

cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<session file or directory>..."),
                             cl::sub(AnalyzeCommand));

cl::opt<std::string> OutputFile("o", cl::desc("Write the report to <file>"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::sub(AnalyzeCommand));

} // namespace

int runAnalyze() {
  std::optional<std::vector<Session>> Sessions = readSessionsWithProgress(Inputs);
  if (!Sessions)
    return ExitUsage;
  std::error_code EC;
  raw_fd_ostream OS(OutputFile, EC, sys::fs::OF_None);
  if (EC) {
    errs() << "tangle: " << OutputFile << ": " << EC.message() << "\n";
    return ExitUsage;
  }
  Report R = analyzeWithProgress(*Sessions);
  if (!applyUserSuppressions(R))
    return ExitUsage;
  if (!printReport(OS, R))
    return ExitUsage;
  return countingFindings(R.Findings) ? ExitFindings : ExitClean;
}

} // namespace tangle
