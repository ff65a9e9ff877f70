//===- TanglePass.h - tangle's instrumentation pass ------------*- C++ -*-===//
//
// A module pass that rewrites every synchronisation call into a call of a
// tangle runtime hook carrying a static site, brackets user calls of
// library lock wrappers with a context, and registers the module's
// lock-holding globals. It runs at the start of the pipeline, before any
// inlining, at every optimisation level.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_TANGLEPASS_H
#define TANGLE_TANGLEPASS_H

#include "llvm/IR/PassManager.h"

namespace tangle {

struct TanglePass : llvm::PassInfoMixin<TanglePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // -O0 marks functions optnone; the pass must run regardless.
  static bool isRequired() { return true; }
};

} // namespace tangle

#endif
