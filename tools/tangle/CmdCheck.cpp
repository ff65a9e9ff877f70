//===- CmdCheck.cpp - tangle check: gate CI on new findings ----------------===//
//
// tangle check --baseline FILE [--update-baseline] SESSION_OR_DIR...
// Analyses the sessions and exits 1 only for findings whose fingerprint is
// not in the baseline; --update-baseline writes the baseline from this
// analysis instead (and exits 0). Known findings are counted, not shown.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "ExitStatus.h"
#include "ReportOutput.h"

#include "tangle/analysis/Analysis.h"
#include "tangle/report/Baseline.h"
#include "tangle/session/SessionReader.h"

#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace tangle {

cl::SubCommand CheckCommand("check",
                            "Fail only on findings not in a baseline (for CI)");

namespace {

cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<session file or directory>..."),
                             cl::sub(CheckCommand));

cl::opt<std::string> BaselineFile("baseline", cl::Required,
                                  cl::desc("The accepted findings, a JSON file"),
                                  cl::value_desc("file"), cl::sub(CheckCommand));

cl::opt<bool> UpdateBaseline("update-baseline",
                             cl::desc("Write the baseline from these sessions"),
                             cl::sub(CheckCommand));

int writeBaseline(const Report &R) {
  std::error_code EC;
  raw_fd_ostream OS(BaselineFile, EC, sys::fs::OF_Text);
  if (EC) {
    errs() << "tangle: " << BaselineFile << ": " << EC.message() << "\n";
    return ExitUsage;
  }
  OS << Baseline::render(R);
  errs() << "tangle: wrote " << countingFindings(R.Findings)
         << " finding(s) to the baseline " << BaselineFile << "\n";
  return ExitClean;
}

} // namespace

int runCheck() {
  std::optional<std::vector<Session>> Sessions = readSessionsWithProgress(Inputs);
  if (!Sessions)
    return ExitUsage;
  Report R = analyzeWithProgress(*Sessions);
  if (!applyUserSuppressions(R))
    return ExitUsage;
  if (UpdateBaseline)
    return writeBaseline(R);
  Expected<Baseline> Known = Baseline::readFile(BaselineFile);
  if (!Known) {
    errs() << "tangle: " << toString(Known.takeError())
           << " (create it with --update-baseline)\n";
    return ExitUsage;
  }
  Known->apply(R);
  std::unique_ptr<raw_fd_ostream> OS = openReportFile();
  if (!OS)
    return ExitUsage;
  if (!printReport(*OS, R))
    return ExitUsage;
  return newFindings(R.Findings) ? ExitFindings : ExitClean;
}

} // namespace tangle
