//===- RacePass.h - memory accesses for the race detector ------*- C++ -*-===//
//
// Full mode's second pass: calls the runtime's access hooks before every
// load and store that may touch shared memory, around atomic instructions
// and fences, for memory intrinsics, and in place of allocation calls. It
// runs last in the pipeline (as ThreadSanitizer's pass does), after the
// optimiser has removed what it can, at every optimisation level.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RACEPASS_H
#define TANGLE_RACEPASS_H

#include "llvm/IR/PassManager.h"

namespace tangle {

struct RacePass : llvm::PassInfoMixin<RacePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace tangle

#endif
