//===- RacesPlugin.cpp - TangleRacePass.so: locks and data races ----------===//
#include "Plugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "tangle-races", "0.1", [](llvm::PassBuilder &PB) {
            tangle::registerLockPass(PB);
            tangle::registerRacePass(PB);
          }};
}
