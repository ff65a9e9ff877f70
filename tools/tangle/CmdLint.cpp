//===- CmdLint.cpp - tangle lint: lock bugs found in the code ----------------===//
//
// tangle lint [--format text|json|sarif] [-p BUILD_DIR] [--out DIR] [-j N]
//             [FILE...] [-- COMPILER_ARGS]
// Lints the files (with only -p: every file of compile_commands.json) and
// reports lock leaks, double locks, lock-order inversions and
// hold-and-wait in the format and with the exit status of tangle analyze.
// --out DIR saves the result as DIR/lint.tgl.json for tangle analyze and
// tangle check to merge with run-time sessions. A file that does not
// compile is one line on stderr, and the exit status is 2.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "ExitStatus.h"
#include "ReportOutput.h"
#include "SessionSegment.h"

#include "tangle/analysis/Analysis.h"
#include "tangle/lint/Lint.h"
#include "tangle/session/LintResult.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace tangle {

cl::SubCommand LintCommand("lint",
                           "Find lock bugs in the source, without running it");

namespace {

cl::list<std::string> Files(cl::Positional, cl::ZeroOrMore,
                            cl::desc("<source file>... [-- <compiler flags>]"),
                            cl::sub(LintCommand));

cl::opt<std::string> BuildPath("p", cl::desc("The build directory: its compile_commands.json"),
                               cl::value_desc("dir"), cl::sub(LintCommand));

cl::opt<std::string> OutDir("out",
                            cl::desc("Save the result as <dir>/lint.tgl.json, for "
                                     "tangle analyze and tangle check"),
                            cl::value_desc("dir"), cl::sub(LintCommand));

cl::opt<unsigned> Jobs("j", cl::desc("Translation units parsed at once (default: one per core)"),
                       cl::value_desc("n"), cl::init(0), cl::sub(LintCommand));

cl::opt<bool> PrintSummaries("print-summaries", cl::Hidden,
                             cl::desc("Print every function's model and summary"),
                             cl::sub(LintCommand));

std::vector<std::string> CompilerArgs;
bool HaveCompilerArgs = false;

bool saveResult(const Session &S) {
  if (Error E = prepareOutputDirectory(OutDir)) {
    errs() << "tangle: " << toString(std::move(E)) << "\n";
    return false;
  }
  SmallString<256> Path(OutDir);
  sys::path::append(Path, LintResultFile);
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (!EC) {
    OS << renderLintResult(S);
    OS.close();
    EC = OS.error();
  }
  if (EC) {
    errs() << "tangle: " << Path << ": " << EC.message() << "\n";
    return false;
  }
  return true;
}

} // namespace

int takeLintCompilerArgs(int Argc, const char **Argv) {
  for (int I = 2; I < Argc; ++I)
    if (StringRef(Argv[I]) == "--") {
      HaveCompilerArgs = true;
      CompilerArgs.assign(Argv + I + 1, Argv + Argc);
      return I;
    }
  return Argc;
}

int runLint() {
  lint::LintOptions O;
  O.Files = Files;
  O.BuildPath = BuildPath;
  O.HaveCompilerArgs = HaveCompilerArgs;
  O.CompilerArgs = CompilerArgs;
  O.Jobs = Jobs;
  Expected<lint::LintInputs> In = lint::findInputs(O);
  if (!In) {
    errs() << "tangle: " << toString(In.takeError()) << "\n";
    return ExitUsage;
  }
  ProgressLine Progress;
  if (In->Files.size() > 1)
    O.Progress = [&](size_t Done, size_t Total) {
      Progress.say(formatv("tangle: linting {0}/{1} files...", Done, Total));
    };
  if (PrintSummaries)
    O.Inspect = [](const lint::Program &P) { lint::printSummaries(outs(), P); };
  lint::LintOutput Out = lint::lint(*In, O);
  Progress.say("");
  for (const std::string &E : Out.Errors)
    errs() << "tangle: " << E << " (the file does not compile; not analysed)\n";
  if (!OutDir.empty() && !saveResult(Out.Result))
    return ExitUsage;
  std::unique_ptr<raw_fd_ostream> OS = openReportFile();
  if (!OS)
    return ExitUsage;
  std::vector<Session> Sessions;
  Sessions.push_back(std::move(Out.Result));
  Report R = analyze(Sessions);
  if (!applyUserSuppressions(R) || !printReport(*OS, R))
    return ExitUsage;
  if (!Out.Errors.empty())
    return ExitUsage;
  return countingFindings(R.Findings) ? ExitFindings : ExitClean;
}

} // namespace tangle
