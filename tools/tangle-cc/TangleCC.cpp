//===- TangleCC.cpp - tangle-cc / tangle-c++, drop-in CC and CXX ----------===//
//
// Runs clang-19 (or $TANGLE_CC / $TANGLE_CXX) with tangle's pass plugin,
// debug info (for lock names and locations), frame pointers in full mode,
// and, when the call links an executable, tangle's runtime. C++ mode when
// the name it was called by contains "++", as with g++ and clang++.
//
// Modes, chosen like a sanitizer, at compile time: locks only (the
// default: lock order, waits, leaks, deadlocks, near native speed), or
// full with -ftangle-races (also data races, at about ThreadSanitizer's
// cost), which loads TangleRacePass.so instead of TanglePass.so. The flag
// is tangle-cc's own and is not passed on; -fno-tangle-races undoes it.
//
// Usage: CC=tangle-cc CXX=tangle-c++ make;  tangle-cc [-ftangle-races] -O2 x.c -o x
//
//===----------------------------------------------------------------------===//
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

// Options whose value is the next argument: that argument is not an input.
bool takesSeparateValue(const std::string &A) {
  static const char *const Options[] = {
      "-o",        "-x",        "-MF",      "-MT",         "-MQ",
      "-I",        "-L",        "-l",       "-include",    "-isystem",
      "-iquote",   "-idirafter", "-imacros", "-Xlinker",   "-Xclang",
      "-Xassembler", "-Xpreprocessor", "-target", "-u",    "-z",
      "-T",        "-D",        "-U",       "-e",          "--param",
      "-mllvm",    "-arch",     "-isysroot", "--sysroot",  "-MJ"};
  for (const char *O : Options)
    if (A == O)
      return true;
  return false;
}

struct Invocation {
  bool Links = true;   // produces an executable
  bool HasInput = false;
};

Invocation classify(int Argc, char **Argv) {
  Invocation Inv;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "-c" || A == "-S" || A == "-E" || A == "-M" || A == "-MM" ||
        A == "-fsyntax-only" || A == "-shared" || A == "-r" ||
        A == "-Wl,-r" || A == "-emit-llvm")
      Inv.Links = false;
    if (takesSeparateValue(A))
      ++I;
    else if (!A.empty() && A[0] != '-')
      Inv.HasInput = true;
  }
  return Inv;
}

std::string selfDirectory() {
  char Buf[PATH_MAX];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  if (N <= 0)
    return ".";
  std::string Path(Buf, N);
  return Path.substr(0, Path.rfind('/'));
}

} // namespace

int main(int Argc, char **Argv) {
  bool Cxx = std::strstr(Argv[0], "++") != nullptr;
  const char *Env = std::getenv(Cxx ? "TANGLE_CXX" : "TANGLE_CC");
  std::string Compiler = Env && *Env ? Env : (Cxx ? "clang++-19" : "clang-19");
  std::string LibDir = selfDirectory() + "/../lib/tangle";

  bool Races = false;
  std::vector<std::string> UserArgs;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "-ftangle-races" || A == "-fno-tangle-races")
      Races = A == "-ftangle-races";
    else
      UserArgs.push_back(A);
  }
  std::string Plugin = Races ? "/TangleRacePass.so" : "/TanglePass.so";
  std::vector<std::string> Args = {Compiler, "-fpass-plugin=" + LibDir + Plugin,
                                   "-g"};
  // Race reports walk frame pointers for the access's callers; locks-only
  // reports need no stacks, and frame pointers cost every call (on Open
  // vSwitch's conntrack a fifth of what locks-only mode added).
  if (Races)
    Args.push_back("-fno-omit-frame-pointer");
  Args.insert(Args.end(), UserArgs.begin(), UserArgs.end());
  Invocation Inv = classify(Argc, Argv);
  if (Inv.Links && Inv.HasInput) {
    Args.push_back("-Wl,--whole-archive");
    Args.push_back(LibDir + "/libtangle_rt.a");
    Args.push_back("-Wl,--no-whole-archive");
    Args.push_back("-lpthread");
  }

  std::vector<char *> CArgs;
  for (std::string &A : Args)
    CArgs.push_back(A.data());
  CArgs.push_back(nullptr);
  execvp(CArgs[0], CArgs.data());
  std::fprintf(stderr, "tangle-cc: cannot run '%s': %s\n", Compiler.c_str(),
               std::strerror(errno));
  return 127;
}
