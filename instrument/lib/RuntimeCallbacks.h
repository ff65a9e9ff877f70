//===- RuntimeCallbacks.h - the pass's view of callbacks.def ---*- C++ -*-===//
//
// The intercept table (which calls become which hooks) and the declarations
// of the runtime entries the pass inserts itself, both generated from
// runtime/include/tangle/callbacks.def.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INSTRUMENT_RUNTIMECALLBACKS_H
#define TANGLE_INSTRUMENT_RUNTIMECALLBACKS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

namespace tangle {

enum class LockRole {
  Acquire,
  TryAcquire,
  Release,
  Create,
  Destroy,
  Wait,
  Notify,
  Thread
};

struct Intercept {
  llvm::StringRef Symbol; // the function the program calls
  llvm::StringRef Hook;   // the runtime's replacement
  LockRole Role;
  int NameArg;            // argument whose source name the site records, or -1
  unsigned NumParams;     // parameters of the hook before the site
};

// The row for a callee, or nullptr when the call is not intercepted.
const Intercept *findIntercept(llvm::StringRef Callee);
// The same for the calls only full mode intercepts (allocation, guards).
const Intercept *findRaceIntercept(llvm::StringRef Callee);

// Replaces `Old` (a call or invoke) by a call of `Hook` with `Args`, keeping
// its debug location, bundles, name and uses. Returns the new call.
llvm::CallBase *replaceCall(llvm::CallBase *Old, llvm::FunctionCallee Hook,
                            llvm::ArrayRef<llvm::Value *> Args);

// A library method whose user calls are bracketed (C++20 primitives and
// futures, which have no call to replace).
struct Bracket {
  llvm::StringRef ClassPrefix; // "std::counting_semaphore<"
  llvm::StringRef Method;      // "acquire"
  unsigned Kind;               // __tangle_bracket_kind
};

// The row for a mangled callee name, or nullptr.
const Bracket *findBracket(llvm::StringRef Callee);

// Runtime entries the pass calls directly, declared once per module.
struct RuntimeCallbacks {
  llvm::StructType *SiteTy = nullptr;       // __tangle_site
  llvm::StructType *LockGlobalTy = nullptr; // __tangle_lock_global
  llvm::StructType *ModuleTy = nullptr;     // __tangle_module
  llvm::FunctionCallee RegisterModule;
  llvm::FunctionCallee ContextEnter;
  llvm::FunctionCallee ContextEnterN;
  llvm::FunctionCallee ContextLeave;
  llvm::FunctionCallee BracketEnter;
  llvm::FunctionCallee BracketExit;
  // Full mode: access hooks by size (1, 2, 4, 8, 16 bytes), ranges, atomics.
  llvm::FunctionCallee Read[5], Write[5];
  llvm::FunctionCallee ReadRange, WriteRange;
  llvm::FunctionCallee AtomicBefore, AtomicAfter, AtomicFence;
  llvm::FunctionCallee RegisterRaceModule;

  explicit RuntimeCallbacks(llvm::Module &M);

  // The address of a field of this thread's __tangle_caller (the runtime's
  // thread-local; 0: site, 1: lock), computed at `B`.
  llvm::Value *callerField(llvm::IRBuilder<> &B, unsigned Field) const;

  // The hook for an intercepted call: the callee's type plus a site pointer.
  llvm::FunctionCallee hookFor(llvm::Module &M, const Intercept &I,
                               llvm::FunctionType *CalleeTy) const;
};

} // namespace tangle

#endif
