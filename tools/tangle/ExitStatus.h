//===- ExitStatus.h - what tangle's exit status means -----------*- C++ -*-===//
//
// The one table of exit statuses; README.md and --help repeat it.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_TOOLS_EXITSTATUS_H
#define TANGLE_TOOLS_EXITSTATUS_H

namespace tangle {

enum ExitStatus : int {
  ExitClean = 0,        // analyze: no findings
  ExitFindings = 1,     // analyze: findings
  ExitUsage = 2,        // bad flags, missing or corrupt sessions, I/O errors
  ExitRunFindings = 66, // run: the program ran and tangle found problems
  ExitCannotExecute = 126, // run: the program exists but cannot be executed
  ExitNotFound = 127,      // run: no such program
};

constexpr const char *ExitStatusHelp = R"(EXIT STATUS
  tangle analyze   0 no findings, 1 findings, 2 bad usage or unreadable session
  tangle check     0 no findings outside the baseline (or the baseline was
                   written), 1 new findings, 2 bad usage, unreadable session,
                   baseline or suppressions
  tangle lint      0 no findings, 1 findings, 2 bad usage, no compilation
                   database, a file not in it, or a file that does not compile
  tangle run       the program's own status when there are no findings
                   (128+N if it was killed by signal N), 66 when there are
                   findings, 2 bad usage, 126 program not executable,
                   127 program not found
)";

} // namespace tangle

#endif
