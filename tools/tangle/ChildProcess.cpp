//===- ChildProcess.cpp - running the program under test ------------------===//
#include "ChildProcess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

namespace tangle {
namespace {

volatile sig_atomic_t ChildPid = 0;

void forwardSignal(int Sig) {
  if (ChildPid > 0)
    kill(ChildPid, Sig);
}

std::vector<std::string> childEnvironment(const std::vector<std::string> &Extra) {
  std::vector<std::string> Env;
  for (char **E = environ; *E; ++E) {
    std::string Var = *E;
    std::string Name = Var.substr(0, Var.find('='));
    bool Replaced = false;
    for (const std::string &X : Extra)
      Replaced |= X.compare(0, Name.size() + 1, Name + "=") == 0;
    if (!Replaced)
      Env.push_back(Var);
  }
  Env.insert(Env.end(), Extra.begin(), Extra.end());
  return Env;
}

std::vector<char *> cStrings(std::vector<std::string> &V) {
  std::vector<char *> Out;
  for (std::string &S : V)
    Out.push_back(S.data());
  Out.push_back(nullptr);
  return Out;
}

// Reaps the program's leftover descendants (reparented to us) until none is
// left or the grace ends; returns 1 when some are still running, else 0.
unsigned reapDescendants(unsigned GraceSeconds) {
  timespec Start, Now, Nap = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &Start);
  for (;;) {
    pid_t P = waitpid(-1, nullptr, WNOHANG);
    if (P < 0 && errno == ECHILD)
      return 0;
    if (P > 0)
      continue;
    clock_gettime(CLOCK_MONOTONIC, &Now);
    if (Now.tv_sec - Start.tv_sec >= (time_t)GraceSeconds)
      return 1; // some are left (waitpid said so: none had ended)
    nanosleep(&Nap, nullptr);
  }
}

} // namespace

ChildResult runChild(const std::vector<std::string> &Argv,
                     const std::vector<std::string> &ExtraEnv,
                     unsigned GraceSeconds) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  std::vector<std::string> Args = Argv, Env = childEnvironment(ExtraEnv);
  std::vector<char *> CArgs = cStrings(Args), CEnv = cStrings(Env);

  struct sigaction Ignore = {}, Forward = {}, OldInt, OldQuit, OldTerm, OldHup;
  Ignore.sa_handler = SIG_IGN;
  Forward.sa_handler = forwardSignal;
  sigaction(SIGINT, &Ignore, &OldInt);
  sigaction(SIGQUIT, &Ignore, &OldQuit);
  sigaction(SIGTERM, &Forward, &OldTerm);
  sigaction(SIGHUP, &Forward, &OldHup);

  // The child starts with the signal dispositions tangle had before.
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  sigset_t Defaults;
  sigemptyset(&Defaults);
  if (OldInt.sa_handler != SIG_IGN)
    sigaddset(&Defaults, SIGINT);
  if (OldQuit.sa_handler != SIG_IGN)
    sigaddset(&Defaults, SIGQUIT);
  posix_spawnattr_setsigdefault(&Attr, &Defaults);
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETSIGDEF);

  ChildResult R;
  pid_t Pid = 0;
  R.SpawnError = posix_spawnp(&Pid, CArgs[0], nullptr, &Attr, CArgs.data(),
                              CEnv.data());
  posix_spawnattr_destroy(&Attr);
  if (!R.SpawnError) {
    ChildPid = Pid;
    int Status = 0;
    while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(Status))
      R.Signal = WTERMSIG(Status);
    else
      R.ExitCode = WEXITSTATUS(Status);
    ChildPid = 0;
    R.StillRunning = reapDescendants(GraceSeconds);
  }
  sigaction(SIGINT, &OldInt, nullptr);
  sigaction(SIGQUIT, &OldQuit, nullptr);
  sigaction(SIGTERM, &OldTerm, nullptr);
  sigaction(SIGHUP, &OldHup, nullptr);
  return R;
}

} // namespace tangle
