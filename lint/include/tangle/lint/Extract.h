//===- Extract.h - translation units into function models -------*- C++ -*-===//
//
// The part of tangle lint that needs clang's AST: a FrontendAction that,
// for every function defined outside system headers, builds the model of
// Model.h. A function defined in a header (inline, a template instance) is
// modelled once, by the first translation unit that claims it.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_EXTRACT_H
#define TANGLE_LINT_EXTRACT_H

#include "tangle/lint/Model.h"

#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tangle::lint {

struct UnitResult {
  std::string File;
  std::vector<FunctionModel> Functions;
  UnitFacts Facts;
  std::string Error; // the first error of a file that does not compile
};

// Which functions are already modelled (shared by the parsing threads).
class FunctionClaims {
public:
  bool claim(llvm::StringRef Id) {
    std::lock_guard<std::mutex> Lock(Mu);
    return Ids.insert(Id).second;
  }

private:
  std::mutex Mu;
  llvm::StringSet<> Ids;
};

// The action for one translation unit, filling `Out`.
std::unique_ptr<clang::tooling::FrontendActionFactory>
extractionFactory(FunctionClaims &Claims, UnitResult &Out);

// Models the functions of `Code` (for tests): `Args` are compiler flags.
UnitResult extractFromCode(llvm::StringRef Code, llvm::StringRef FileName,
                           const std::vector<std::string> &Args);

} // namespace tangle::lint

#endif
