//===- LocksPlugin.cpp - TanglePass.so: locks only ------------------------===//
#include "Plugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "tangle", "0.1",
          [](llvm::PassBuilder &PB) { tangle::registerLockPass(PB); }};
}
