//===- LibraryCode.h - user code and library lock wrappers -----*- C++ -*-===//
//
// Header code of the C++ library (std::lock_guard, std::mutex::lock, the
// gthread layer) is compiled into the user's module. Its lock calls are
// intercepted like any other, but they are reported where user code called
// into the library. This file decides which functions are library code and
// which library functions reach a lock call (the "wrappers" whose calls
// from user code get a context).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INSTRUMENT_LIBRARYCODE_H
#define TANGLE_INSTRUMENT_LIBRARYCODE_H

#include "llvm/ADT/DenseSet.h"
#include "llvm/IR/Module.h"

#include <optional>
#include <string>

namespace tangle {

// Code of the C and C++ libraries: defined in a system header, or in the
// std / __gnu_cxx namespaces, or the gthread layer.
bool isLibraryFunction(const llvm::Function &F);

// A mangled function name, demangled into where it is declared
// ("std::counting_semaphore<1l>") and its own name ("acquire").
struct DemangledName {
  std::string Context, Base;
};
std::optional<DemangledName> demangleFunction(llvm::StringRef Mangled);

// Library functions defined in `M` that call an intercepted function,
// directly or through other such functions.
llvm::DenseSet<const llvm::Function *> findLockWrappers(llvm::Module &M);

} // namespace tangle

#endif
