//===- CmdRun.cpp - tangle run -----------------------------------------------===//
//
// tangle run [--out DIR] [--deadlock-timeout SECONDS] [--] PROGRAM [ARGS...]
// Runs an instrumented program with a fresh session, saves the session in
// DIR/session.tgl and prints the report on stderr (stdout is the program's).
//
//===----------------------------------------------------------------------===//
#include "ChildProcess.h"
#include "Commands.h"
#include "ExitStatus.h"
#include "ReportOutput.h"
#include "SessionSegment.h"

#include "tangle/analysis/Analysis.h"
#include "tangle/session/SessionReader.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <unistd.h>

using namespace llvm;

namespace tangle {

cl::SubCommand RunCommand("run", "Run an instrumented program and report");

namespace {

cl::opt<std::string> OutDir("out", cl::desc("Save the session in <dir>"),
                            cl::value_desc("dir"), cl::init("tangle-out"),
                            cl::sub(RunCommand));

cl::opt<unsigned> DeadlockTimeout(
    "deadlock-timeout",
    cl::desc("Seconds threads may stay blocked before a deadlock is declared "
             "(0 disables; default 10)"),
    cl::value_desc("seconds"), cl::init(10), cl::sub(RunCommand));

cl::opt<unsigned> SessionSizeMiB(
    "session-size",
    cl::desc("Largest session in MiB (default 4096); past it records are "
             "dropped and the report says so"),
    cl::value_desc("MiB"), cl::init(4096), cl::sub(RunCommand));

cl::opt<std::string> Program(cl::Positional, cl::Required,
                             cl::desc("<program>"), cl::sub(RunCommand));
cl::list<std::string> ProgramArgs(cl::ConsumeAfter, cl::desc("<args>..."),
                                  cl::sub(RunCommand));

int programStatus(const ChildResult &R) {
  return R.Signal ? 128 + R.Signal : R.ExitCode;
}

} // namespace

int runRun() {
  if (Error E = prepareOutputDirectory(OutDir)) {
    errs() << "tangle: " << toString(std::move(E)) << "\n";
    return ExitUsage;
  }
  removeStaleSegments();
  // Virtual size: tmpfs backs only what is written.
  uint64_t Capacity = std::max<uint64_t>(SessionSizeMiB, 1) << 20;
  Expected<SessionSegment> Segment = SessionSegment::create(Capacity);
  if (!Segment) {
    errs() << "tangle: " << toString(Segment.takeError()) << "\n";
    return ExitUsage;
  }
  std::vector<std::string> Argv{Program};
  Argv.insert(Argv.end(), ProgramArgs.begin(), ProgramArgs.end());
  ChildResult Child = runChild(
      Argv, {"TANGLE_SESSION=" + Segment->name(),
             "TANGLE_DEADLOCK_TIMEOUT=" + std::to_string(DeadlockTimeout),
             // the runtime then leaves the full report to us
             "TANGLE_RUN=1"},
      // Descendants deadlocked after the program ended are ended by their
      // own watchdog within the timeout.
      DeadlockTimeout + 3);
  if (Child.SpawnError) {
    errs() << "tangle: cannot run '" << Program
           << "': " << std::strerror(Child.SpawnError) << "\n";
    return Child.SpawnError == ENOENT ? ExitNotFound : ExitCannotExecute;
  }
  if (Child.Signal)
    errs() << "tangle: " << Program << " was killed by signal "
           << Child.Signal << " (" << strsignal(Child.Signal) << ")\n";
  if (Child.StillRunning)
    errs() << "tangle: processes " << Program
           << " started are still running; what they record from now on is "
              "not in the session\n";

  Expected<std::string> Saved = Segment->flushTo(OutDir);
  if (!Saved) {
    errs() << "tangle: cannot save the session: " << toString(Saved.takeError())
           << "\n";
    return ExitUsage;
  }
  Expected<Session> S = readSessionFile(*Saved);
  if (!S) {
    errs() << "tangle: " << toString(S.takeError()) << "\n";
    return ExitUsage;
  }
  Report R = analyze({std::move(*S)});
  if (!applyUserSuppressions(R))
    return ExitUsage;
  errs().flush();
  std::error_code EC;
  raw_fd_ostream Err(STDERR_FILENO, false);
  if (!printReport(Err, R))
    return ExitUsage;
  return countingFindings(R.Findings) ? ExitRunFindings : programStatus(Child);
}

} // namespace tangle
