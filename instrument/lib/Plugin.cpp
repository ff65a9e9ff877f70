//===- Plugin.cpp - registering tangle's passes with a pass builder -------===//
#include "Plugin.h"

#include "tangle/RacePass.h"
#include "tangle/TanglePass.h"

using namespace llvm;

namespace tangle {

// The lock pass sees the IR before inlining, as the source wrote it; it
// is also `-passes=tangle` for opt.
void registerLockPass(PassBuilder &PB) {
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(TanglePass()); });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "tangle")
          return false;
        MPM.addPass(TanglePass());
        return true;
      });
}

// The race pass sees the optimised IR, as ThreadSanitizer's does: fewer
// accesses to check. `-passes=tangle-races` for opt.
void registerRacePass(PassBuilder &PB) {
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(RacePass()); });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "tangle-races")
          return false;
        MPM.addPass(RacePass());
        return true;
      });
}

} // namespace tangle
