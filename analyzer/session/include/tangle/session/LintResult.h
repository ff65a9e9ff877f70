//===- LintResult.h - tangle lint's result as a session file ----*- C++ -*-===//
//
// `tangle lint --out DIR` saves DIR/lint.tgl.json, which `tangle analyze`
// and `tangle check` read beside the run time's sessions (SessionReader.h
// takes *.tgl.json as lint results). It holds, as a Session with Static
// set: the static lock-order chains (one witness thread each: a path in
// the code, with its call sites), the locks by class, and the findings
// lint made itself (lock leaks, double locks, hold-and-wait). Merged with
// runs, the lock-order detector's pass across runs finds the cycles whose
// one order was seen running and whose other exists only in the code.
//
// Format (docs/lint.md): {"format": "tangle-lint", "version": 1, "files",
// "locks", "sites", "paths", "chains", "findings", "notes"}.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_LINTRESULT_H
#define TANGLE_ANALYZER_LINTRESULT_H

#include "tangle/session/Session.h"

#include "llvm/Support/Error.h"

#include <string>

namespace tangle {

constexpr const char *LintResultFile = "lint.tgl.json";

std::string renderLintResult(const Session &S);
// Errors name the file and what is wrong; never a crash on bad input.
llvm::Expected<Session> parseLintResult(llvm::StringRef Text, llvm::StringRef Path);
llvm::Expected<Session> readLintResultFile(llvm::StringRef Path);
bool isLintResultPath(llvm::StringRef Path);

} // namespace tangle

#endif
