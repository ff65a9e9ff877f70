//===- Main.cpp - the tangle command ----------------------------------------===//
//
// tangle run [--out DIR] [--deadlock-timeout SECONDS] -- PROGRAM [ARGS...]
// tangle analyze [--format text|json] SESSION_OR_DIR...
// tangle check --baseline FILE [--update-baseline] SESSION_OR_DIR...
// tangle lint [--format text|json|sarif] [-p BUILD_DIR] [FILE...] [-- FLAGS]
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "ExitStatus.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace tangle;

namespace {

struct Verb {
  cl::SubCommand *Command;
  int (*Run)();
};

const Verb Verbs[] = {
    {&RunCommand, runRun},
    {&AnalyzeCommand, runAnalyze},
    {&CheckCommand, runCheck},
    {&LintCommand, runLint},
};

void printVersion(raw_ostream &OS) { OS << "tangle 0.1.0 (LLVM 19)\n"; }

cl::extrahelp ExitStatusText(ExitStatusHelp);

} // namespace

int main(int Argc, char **Argv) {
  cl::SetVersionPrinter(printVersion);
  if (Argc > 1 && StringRef(Argv[1]) == "lint")
    Argc = takeLintCompilerArgs(Argc, const_cast<const char **>(Argv));
  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "tangle: finds deadlocks and lock misuse in C and C++ programs\n",
          &ErrorStream)) {
    // cl may add a "Did you mean" line; the first line names the problem.
    // (Bad option values it has already printed itself, on one line.)
    StringRef First = StringRef(Errors).split('\n').first.trim();
    if (!First.empty())
      errs() << First << " (see 'tangle --help')\n";
    return ExitUsage;
  }
  for (const Verb &V : Verbs)
    if (*V.Command)
      return V.Run();
  errs() << "tangle: no command given; try 'tangle run', 'tangle analyze', "
            "'tangle check', 'tangle lint' or 'tangle --help'\n";
  return ExitUsage;
}
