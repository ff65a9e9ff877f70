//===- LockExpr.h - source names of lock expressions -----------*- C++ -*-===//
//
// Recovers, from IR and debug info, how the source wrote the object a
// pointer points to: `&from->mu` gives "from->mu", `&forks[p]` gives
// "forks[p]", `&alice.mu` gives "alice.mu". The pass runs before any
// optimisation, so variables still live in allocas with #dbg_declare and
// each access is a GEP whose indices follow the source.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INSTRUMENT_LOCKEXPR_H
#define TANGLE_INSTRUMENT_LOCKEXPR_H

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Value.h"

#include <optional>
#include <string>

namespace tangle {

struct LockExpr {
  std::string Text;             // "from->mu"
  const llvm::DIType *Type = nullptr; // the object's type, when known
  // The lock's class when the expression tells it (LockClass.h): a
  // member's type and field ("account::mu"), or a global's own name; empty
  // otherwise (the analyzer then uses the expression and its function).
  std::string Class;
};

// Describes the object `Ptr` points to, or nullopt when the expression
// cannot be named (a call result, a phi, no debug info).
std::optional<LockExpr> describePointee(const llvm::Value *Ptr,
                                        const llvm::DataLayout &DL);

// Names the memory an access of `Size` bytes through `Ptr` touches, in
// optimised IR (after the race pass's point in the pipeline): constant
// offsets from a named base are matched to DWARF members and elements, so
// an i8 GEP of 8 bytes from `s` reads "s->count", and an 8-byte access to
// the start of `stats` reads "stats.hits".
std::optional<std::string> describeAccess(const llvm::Value *Ptr, uint64_t Size,
                                          const llvm::DataLayout &DL);

// Whether `T` is a lock type tangle models (pthread_mutex_t, std::mutex...).
bool isLockType(const llvm::DIType *T);

// `T` without typedefs, const, volatile and the like.
const llvm::DIType *stripQualifiers(const llvm::DIType *T);

// The name of a variable as written, with its enclosing namespaces and
// classes for C++ ("ns::Registry::mu_").
std::string qualifiedName(const llvm::DIVariable *V);

} // namespace tangle

#endif
