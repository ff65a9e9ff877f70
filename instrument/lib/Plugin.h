//===- Plugin.h - registering tangle's passes with a pass builder -*- C++ -*-===//
//
// Two plugins are built from the same passes: TanglePass.so (locks only:
// the lock pass at the start of the pipeline) and TangleRacePass.so (full
// mode: that, plus the race pass at the end). Choosing the file is choosing
// the mode, which build tools (ccache included) see on the command line.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INSTRUMENT_PLUGIN_H
#define TANGLE_INSTRUMENT_PLUGIN_H

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

namespace tangle {

void registerLockPass(llvm::PassBuilder &PB);
void registerRacePass(llvm::PassBuilder &PB);

} // namespace tangle

#endif
