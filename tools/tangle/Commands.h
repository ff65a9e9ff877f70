//===- Commands.h - the verbs of the tangle command -------------*- C++ -*-===//
//
// Each verb is a Cmd<Verb>.cpp with its own cl::SubCommand and options and
// a run function; Main.cpp holds the table. A verb parses, calls the
// analyzer library, prints, and returns the exit status (ExitStatus.h).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_TOOLS_COMMANDS_H
#define TANGLE_TOOLS_COMMANDS_H

#include "llvm/Support/CommandLine.h"

namespace tangle {

extern llvm::cl::SubCommand RunCommand;
extern llvm::cl::SubCommand AnalyzeCommand;
extern llvm::cl::SubCommand CheckCommand;
extern llvm::cl::SubCommand LintCommand;

int runRun();
int runAnalyze();
int runCheck();
int runLint();

// `tangle lint FILES -- FLAGS`: takes the compiler flags after `--` out of
// the command line before it is parsed; returns the new argument count.
int takeLintCompilerArgs(int Argc, const char **Argv);

// Options several verbs share.
enum class ReportFormat { Text, Json, Sarif, Dot, Svg, Html };
enum class ColorMode { Auto, Always, Never };

} // namespace tangle

#endif
