//===- LintTestSupport.h - programs from code for lint's units -*- C++ -*-===//
#ifndef TANGLE_TEST_LINTTESTSUPPORT_H
#define TANGLE_TEST_LINTTESTSUPPORT_H

#include "tangle/lint/Extract.h"
#include "tangle/lint/Lint.h"
#include "tangle/lint/Program.h"

#include <memory>
#include <string>
#include <vector>

namespace tangle::lint::test {

// The models of `Code`, compiled as `File` (C or C++ by its extension).
inline UnitResult extract(const std::string &Code, const std::string &File = "t.c") {
  std::vector<std::string> Args{"-resource-dir=" + clangResourceDir().str(), "-w"};
  if (llvm::StringRef(File).ends_with(".cpp"))
    Args.push_back("-std=c++17");
  return extractFromCode(Code, File, Args);
}

// A program of the given translation units, analysed.
inline std::unique_ptr<Program> analyse(const std::vector<std::pair<std::string, std::string>> &Units) {
  auto P = std::make_unique<Program>();
  for (const auto &[File, Code] : Units)
    P->add(extract(Code, File));
  P->analyze();
  return P;
}

inline const FunctionModel *named(const Program &P, llvm::StringRef Name) {
  for (const FunctionModel &F : P.functions())
    if (F.Name == Name)
      return &F;
  return nullptr;
}

inline const Summary *summaryOf(const Program &P, llvm::StringRef Name) {
  const FunctionModel *F = named(P, Name);
  return F ? P.summary(F->Id) : nullptr;
}

} // namespace tangle::lint::test

#endif
