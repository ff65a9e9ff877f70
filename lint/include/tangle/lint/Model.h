//===- Model.h - a function as tangle lint sees it --------------*- C++ -*-===//
//
// What the extractor (Extract.h) keeps of a function after its translation
// unit is gone: clang's CFG reduced to the events that matter for locks —
// acquisitions, releases, waits, notifications, calls of user functions,
// and the few values that decide which way a branch goes (a trylock's
// result, a flag set to a constant, a pointer tested for NULL). Everything
// is plain data with interned strings, so models from all translation
// units meet in one place and are summarised there (Summaries.h).
//
// Blocks are clang's CFG blocks, in its numbering; Succs[0] and Succs[1]
// of a block with a Condition are its true and false edges.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_MODEL_H
#define TANGLE_LINT_MODEL_H

#include "tangle/lint/LockPath.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tangle::lint {

struct SourceLoc {
  llvm::StringRef File; // absolute, interned
  uint32_t Line = 0, Column = 0;
  bool known() const { return !File.empty(); }
};

// A value known on some path: equal to, or different from, Value.
struct Constraint {
  bool Known = false;
  bool Equal = true;
  int64_t Value = 0;

  static Constraint equal(int64_t V) { return {true, true, V}; }
  static Constraint notEqual(int64_t V) { return {true, false, V}; }
  bool operator==(const Constraint &O) const {
    return Known == O.Known && (!Known || (Equal == O.Equal && Value == O.Value));
  }
  // Whether a value satisfying both can exist.
  bool compatible(const Constraint &O) const;
};

enum class CmpOp : uint8_t { EQ, NE, LT, LE, GT, GE };
CmpOp negate(CmpOp Op); // the comparison on the other edge

// A branch condition: on the true edge, `slot Op Value` holds (or, with
// Owns, the guard in `Slot` owns its locks).
struct Condition {
  bool Owns = false;
  int Slot = -1;
  CmpOp Op = CmpOp::NE;
  int64_t Value = 0;
  // A loop's condition on a global or a member: another thread may change
  // it at any time (`while (working)`), so it decides nothing.
  bool Shared = false;
};

enum class WaitKind : uint8_t { Cond, Sem, Join, Barrier, Latch, Future };

enum class EventKind : uint8_t {
  Acquire,      // Locks, one after the other (or at once with EvSet)
  Release,      // Locks
  ReleaseOwned, // the guard in Owner lets go of what it owns (destructor, unlock())
  Adopt,        // the guard in Owner takes over Locks, already held
  Disown,       // the guard in Owner stops owning (release(), moved out)
  Transfer,     // the guard in Slot takes over what the guard in Owner owns
  Wait,         // blocks: Locks[0] the object; for Cond, Locks[1] or Owner the mutex
  Notify,       // wakes waiters of Locks[0] (signal, broadcast, post)
  Call,         // a user function: Callee, Args, This; its result in Slot
  Assign,       // Slot = Value (a constant), or = the value in Source, or unknown
  Return,       // the function returns the value in Slot, or Value
  Init,         // Locks[0] is initialised: recursive with EvRecursive, or with
                // the type in parameter Source (pthread_mutexattr_settype)
  ThreadStart,  // Locks[0] is a thread object running Callee
  ThreadExit,   // the thread ends here (pthread_exit): what it holds stays held
};

enum EventFlags : uint16_t {
  EvShared = 1u << 0,    // read mode
  EvTry = 1u << 1,       // can give up: succeeded only when Success holds
  EvSet = 1u << 2,       // the locks are taken at once (std::lock, scoped_lock)
  EvRecursive = 1u << 3, // the lock type allows re-entry (std::recursive_mutex)
  EvCanFail = 1u << 4,   // a blocking lock whose result the code tests
  EvNoReturn = 1u << 5,  // Call: the callee never returns (abort, a fatal error)
};

struct Event {
  EventKind Kind = EventKind::Call;
  uint16_t Flags = 0;
  WaitKind Wait = WaitKind::Cond;
  SourceLoc Where;
  llvm::SmallVector<LockPath, 1> Locks;
  int Owner = -1;  // a guard's slot
  int Slot = -1;   // the result's value slot; Assign/Return: the target/source
  int Source = -1; // Assign: the slot copied from
  Constraint Success; // EvTry/EvCanFail: the result when the lock was taken
  Constraint Value;   // Assign, Return: a constant
  // Call
  llvm::StringRef Callee;     // id (USR) of the function called
  llvm::StringRef CalleeName; // how reports name it
  llvm::SmallVector<ValueRef, 2> Args;
  ValueRef This;
  int ResultOwner = -1; // the guard that the result initialises
  // Per argument: its constant value, the caller's value slot it comes
  // from (-1: none), the caller's parameter it is (-1: none).
  llvm::SmallVector<Constraint, 2> ArgValues;
  llvm::SmallVector<int16_t, 2> ArgSlots;
  llvm::SmallVector<int8_t, 2> ArgParams;
};

struct Block {
  std::vector<Event> Events;
  llvm::SmallVector<unsigned, 2> Succs; // NoSucc for an unreachable edge
  std::optional<Condition> Cond;
  bool NoReturn = false; // ends in a call that does not return, or a throw
  static constexpr unsigned NoSucc = ~0u;
};

enum class ReturnKind : uint8_t { Void, Integer, Bool, Pointer, Other };

// Clang's thread-safety attributes of a function, as lock paths in terms of
// its parameters and `this`.
struct Annotations {
  std::vector<LockPath> Acquires, AcquiresShared, Releases, Requires,
      RequiresShared, TryAcquires;
  bool ReleasesGeneric = false; // RELEASE_GENERIC / release of either mode
  bool TryShared = false;
  Constraint TrySuccess;
  bool any() const {
    return !Acquires.empty() || !AcquiresShared.empty() || !Releases.empty() ||
           !TryAcquires.empty();
  }
};

struct FunctionModel {
  llvm::StringRef Id;   // USR: the same function in every translation unit
  llvm::StringRef Name; // "Registry::add", "lambda in main"
  SourceLoc Where, End; // its name and its closing brace
  ReturnKind Returns = ReturnKind::Void;
  unsigned NumSlots = 0;
  std::vector<Block> Blocks;
  unsigned Entry = 0, Exit = 0;
  Annotations Attrs;
  // The value slot of each parameter whose value a branch tests (-1: none).
  llvm::SmallVector<int16_t, 4> ParamSlots;
  // pthread_mutexattr_settype(attr, p) with p this parameter (-1: none).
  int SetTypeParam = -1;
  // Locals that change after their initialisation: a lock path through one
  // names another object after each change (a loop over a list).
  std::vector<llvm::StringRef> Changed;
  // Paths through a local pointer that is set once and never changed, and
  // the lock they stand for: what a callee does to `*p` (passed as &p, as
  // __attribute__((cleanup)) does) it does to that lock.
  std::vector<std::pair<LockPath, LockPath>> Aliases;
};

// Declared orders and other facts of a translation unit that are not about
// one function.
struct DeclaredOrder {
  LockPath Before, After;
  SourceLoc Where;
  llvm::StringRef Spelling;    // "ACQUIRED_BEFORE", "ACQUIRED_AFTER"
  llvm::StringRef Declaration; // the variable or field that carries it
};

struct UnitFacts {
  std::vector<DeclaredOrder> Orders;
  std::vector<LockPath> RecursiveLocks; // globals initialised recursive
};

// For --print-models and tests: one line per event.
void printEvent(llvm::raw_ostream &OS, const Event &E);
void printModel(llvm::raw_ostream &OS, const FunctionModel &M);

} // namespace tangle::lint

#endif
