//===- LockClass.h - run-time lock classes of member locks ------*- C++ -*-===//
//
// The class of a lock that is a member of a struct or class is its type and
// field, "Registry::mu_" (the type without template arguments, in its
// namespaces), so a lock has the same class in every run and in tangle
// lint's static findings (lint/include/tangle/lint/LockPath.h), whatever
// expression took it. The site table carries it beside the lock's
// expression (ModuleTables.cpp); analyzer/analysis/lib/LockNames.cpp prefers it.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INSTRUMENT_LOCKCLASS_H
#define TANGLE_INSTRUMENT_LOCKCLASS_H

#include "llvm/IR/DebugInfoMetadata.h"

#include <string>

namespace tangle {

// "ns::Registry" for the struct or class `T` is (through typedefs: an
// anonymous struct is named by its typedef, a nested anonymous one by the
// record it is in).
std::string recordClassName(const llvm::DIType *T);

// "Registry::mu_": the class of member `Field` of `Container`.
std::string memberClass(const llvm::DIType *Container, llvm::StringRef Field);

// Where a static belongs, for its class ("mutex in stp.c"): the function of
// a static local, the file of a file-scope static; "" for a global every
// translation unit sees. The same as lint's LockPath::Unit.
std::string staticUnit(const llvm::DIGlobalVariable *V);

} // namespace tangle

#endif
