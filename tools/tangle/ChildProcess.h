//===- ChildProcess.h - running the program under test ---------*- C++ -*-===//
#ifndef TANGLE_TOOLS_CHILDPROCESS_H
#define TANGLE_TOOLS_CHILDPROCESS_H

#include <string>
#include <vector>

namespace tangle {

struct ChildResult {
  int SpawnError = 0;  // errno when the program could not be started
  int ExitCode = 0;    // when it exited
  int Signal = 0;      // when a signal ended it
  unsigned StillRunning = 0; // descendants left running after the grace
};

// Runs Argv[0] (searched in PATH) with Argv and the current environment
// plus `ExtraEnv` ("NAME=value", replacing same-named variables), and waits
// for it. While it runs, SIGINT and SIGQUIT are left to it (the terminal
// sends them to it too) and SIGTERM and SIGHUP are passed on to it.
// The caller is made a child subreaper, so processes the program starts
// and leaves behind are waited for too, up to `GraceSeconds` after the
// program itself ended (their records belong to the session).
ChildResult runChild(const std::vector<std::string> &Argv,
                     const std::vector<std::string> &ExtraEnv,
                     unsigned GraceSeconds);

} // namespace tangle

#endif
