//===- LockPath.h - symbolic lock expressions and their classes -*- C++ -*-===//
//
// tangle lint never sees an address. It names a lock by the way the code
// reaches it: a root (a global, a parameter, `this`, a local, or some
// expression it cannot see through) and the steps from there (load the
// pointer and go to its pointee, select a member, index an array).
// `&reg->mu_` is [param reg] deref .Registry::mu_, `mu_` in a method of
// Registry is [this] deref .Registry::mu_, `&accounts[i].mu` is
// [global accounts] [i] .account::mu.
//
// Two uses of the same path in one function are the same lock. A path that
// starts at a parameter is rewritten at each call by the argument the caller
// passed (substitute), so a helper that locks `*m` locks `table_lock` when
// called as helper(&table_lock): this is how summaries compose.
//
// The lock *class* is the name that survives across functions, files and
// runs, and it is the run time's (analyzer/analysis/lib/LockNames.cpp): a global's
// own name when the path is a global and fixed members and constant
// indexes ("accounts[3].mu"), else the type and field of the last member
// ("Registry::mu_"), else the expression and the function it is written in
// ("m in helper"). A static global's class says where it is ("mutex in
// stp.c", "flush_mutex in dp_netdev_offload_flush").
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_LOCKPATH_H
#define TANGLE_LINT_LOCKPATH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace tangle::lint {

enum class RootKind : uint8_t {
  Global, // a variable with static storage (also function-static locals)
  Param,  // a parameter of `Function` (by index)
  This,   // C++ `this`, a pointer like a parameter
  Local,  // an automatic variable of `Function`
  Opaque, // an expression tangle lint does not see through, by its text
};

struct PathStep {
  enum Kind : uint8_t { Deref, Field, Index };
  Kind K = Deref;
  bool Constant = false;  // Index: a constant (Name is its value); Deref: of a
                          // reference (written with '.', not '->')
  llvm::StringRef Record; // Field: qualified name of the record it belongs to
  llvm::StringRef Name;   // Field: the member; Index: the index as written

  bool operator==(const PathStep &O) const {
    return K == O.K && Constant == O.Constant && Record.data() == O.Record.data() &&
           Name.data() == O.Name.data();
  }
};

// All StringRefs are interned (Strings.h): equal strings, equal pointers.
struct LockPath {
  RootKind Root = RootKind::Opaque;
  uint16_t Param = 0;        // Param: its index
  llvm::StringRef RootName;  // global, parameter or local name; Opaque: the text
  llvm::StringRef Function;  // Param, This, Local, Opaque: the function it is written in
  // Global: for a global only its translation unit sees (static), the file
  // or function it belongs to: two `static mutex` of two files are two.
  llvm::StringRef Unit;
  llvm::SmallVector<PathStep, 3> Steps;

  static LockPath global(llvm::StringRef Name, llvm::StringRef Unit = "");
  static LockPath param(unsigned Index, llvm::StringRef Name, llvm::StringRef Function);
  static LockPath thisPointer(llvm::StringRef Function);
  static LockPath local(llvm::StringRef Name, llvm::StringRef Function);
  static LockPath opaque(llvm::StringRef Text, llvm::StringRef Function);

  LockPath deref() const;
  LockPath throughReference() const; // a reference: a deref written as '.'

  LockPath field(llvm::StringRef Record, llvm::StringRef Name) const;
  LockPath index(llvm::StringRef Text, bool Constant) const;

  // How the source would write it: "reg->mu_", "accounts[i].mu", "m" for
  // the pointee of pointer m, "mu_" for this->mu_.
  std::string text() const;
  // The lock class (see the file comment).
  std::string lockClass() const;
  // Whether the path starts at something the caller provides.
  bool dependsOnCaller() const {
    return Root == RootKind::Param || Root == RootKind::This;
  }
  // Whether this path is `Outer`, or a member inside it (fields only).
  bool isInside(const LockPath &Outer) const;

  bool operator==(const LockPath &O) const;
  bool operator!=(const LockPath &O) const { return !(*this == O); }
  bool operator<(const LockPath &O) const;
};

llvm::hash_code hash_value(const LockPath &P);

// A pointer value as the code computes it: the address of a path, the
// pointer stored in a path, or something else; or (Copy) an object passed
// by value, which names the same thing (a pthread_t to join).
struct ValueRef {
  enum Kind : uint8_t { Unknown, AddressOf, Load, Copy };
  Kind K = Unknown;
  LockPath Path;

  static ValueRef addressOf(LockPath P) { return {AddressOf, std::move(P)}; }
  static ValueRef load(LockPath P) { return {Load, std::move(P)}; }
  static ValueRef copy(LockPath P) { return {Copy, std::move(P)}; }
};

// The object `V` points to, if it can be named.
std::optional<LockPath> pointee(const ValueRef &V);

// `P`, written in a callee, seen from a caller that passed `Args` (and
// `This` for the implicit object). Paths that do not depend on the caller
// come back unchanged; nullopt when the argument cannot be named.
std::optional<LockPath> substitute(const LockPath &P, llvm::ArrayRef<ValueRef> Args,
                                   const ValueRef &This);

// `P` with its root made opaque (it stays what it is in the callee: same
// text, same class), for calls whose argument tangle cannot name.
LockPath unbound(const LockPath &P);

} // namespace tangle::lint

#endif
