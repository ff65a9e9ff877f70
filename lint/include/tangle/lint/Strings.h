//===- Strings.h - interned strings shared by every lint thread -*- C++ -*-===//
//
// Lock paths, function ids and file names are compared far more often than
// they are made, and they outlive the translation unit they come from.
// Interning them once makes a StringRef stable for the whole run and makes
// equality a pointer comparison. The pool is safe to use from the threads
// that parse translation units; it is never freed before the run ends.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_STRINGS_H
#define TANGLE_LINT_STRINGS_H

#include "llvm/ADT/StringRef.h"

namespace tangle::lint {

// The one stored copy of `S` (thread-safe).
llvm::StringRef intern(llvm::StringRef S);

} // namespace tangle::lint

#endif
