//===- Lint.h - tangle lint, from a compilation database to a result -*- C++ -*-===//
//
// The clang-tool front door: which files, with which flags (a compilation
// database found with -p or next to the files, or the flags after --),
// each translation unit parsed on a thread pool with the right resource
// directory, then the models composed into one lint result.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_LINT_H
#define TANGLE_LINT_LINT_H

#include "tangle/lint/Program.h"

#include "tangle/session/Session.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tangle::lint {

struct LintOptions {
  std::vector<std::string> Files; // none: every file of the database
  std::string BuildPath;          // -p
  bool HaveCompilerArgs = false;  // `--` was given
  std::vector<std::string> CompilerArgs;
  unsigned Jobs = 0; // 0: one per core
  // Told after each translation unit: how many are done, of how many.
  std::function<void(size_t Done, size_t Total)> Progress;
  // Shown the analysed program before its result is made (--print-summaries).
  std::function<void(const Program &)> Inspect;
};

struct LintInputs {
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  std::vector<std::string> Files;
};

// The database and the files to lint; an error (one line) when there is no
// database, a file is missing or is not in it.
llvm::Expected<LintInputs> findInputs(const LintOptions &O);

struct LintOutput {
  Session Result;                  // the lint result (LintResult.h)
  std::vector<std::string> Errors; // one line per file that does not compile
};

LintOutput lint(const LintInputs &In, const LintOptions &O, const Limits &L = {});

// The resource directory of the clang that built tangle (builtin headers).
llvm::StringRef clangResourceDir();

} // namespace tangle::lint

#endif
