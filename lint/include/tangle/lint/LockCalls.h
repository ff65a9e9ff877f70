//===- LockCalls.h - the library calls tangle lint recognises ---*- C++ -*-===//
//
// One table of every lock-like call of the C and C++ libraries, the same
// primitives the run time intercepts (runtime/include/tangle/callbacks.def):
// pthread mutexes, rwlocks, spinlocks, condition variables, barriers,
// semaphores, joins; C11 mtx/cnd/thrd; the std::mutex family with its
// guards, std::lock, condition variables, std::thread, C++20 semaphores,
// latches and barriers, futures. A C function is matched by name, a C++
// member by its class template's qualified name and the method
// ("std::unique_lock::unlock"), so every instantiation matches one row.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_LOCKCALLS_H
#define TANGLE_LINT_LOCKCALLS_H

#include "tangle/lint/Model.h"

#include "llvm/ADT/StringRef.h"

namespace tangle::lint {

enum class CallRole : uint8_t {
  Acquire,    // blocks until it holds the lock
  TryAcquire, // holds the lock only when the result says so
  Release,
  Wait,       // blocks on something else (a condition, a thread, a semaphore...)
  Notify,     // wakes waiters
  Init,       // initialises the lock (pthread_mutex_init: maybe recursive)
  SetType,    // pthread_mutexattr_settype
  LockAll,    // std::lock: takes all its arguments at once
  TryLockAll, // std::try_lock: all or none (-1 on success)
  Create,     // starts a thread: Object the thread, Routine its function
  Exit,       // ends the calling thread (pthread_exit, thrd_exit)
};

// Which argument is the object: an index, or This for the implicit object.
constexpr int8_t This = -1;
constexpr int8_t None = -2;

struct LockCall {
  llvm::StringRef Name;  // "pthread_mutex_lock", "std::mutex::try_lock"
  CallRole Role;
  int8_t Object;         // the lock / condition / thread / semaphore
  int8_t Mutex = None;   // Wait on a condition: the mutex (or the guard)
  uint16_t Flags = 0;    // EvShared, EvRecursive
  WaitKind Wait = WaitKind::Cond;
  Constraint Success = {}; // TryAcquire: the result on success
  bool ByValue = false;  // the object is passed by value (pthread_t)
  int8_t Routine = None; // Create: the start routine
};

// The row for a C function or C++ member (nullptr: not a lock call).
const LockCall *findLockCall(llvm::StringRef Name);

// The RAII lock holders of the standard library.
enum class GuardKind : uint8_t { None, LockGuard, UniqueLock, ScopedLock, SharedLock };
GuardKind guardKind(llvm::StringRef ClassTemplate); // "std::unique_lock"

// Tag types that change what a guard's constructor does.
enum class GuardTag : uint8_t { None, Defer, TryToLock, Adopt };
GuardTag guardTag(llvm::StringRef Record); // "std::defer_lock_t"

// std::recursive_mutex and std::recursive_timed_mutex.
bool isRecursiveMutexType(llvm::StringRef Record);

} // namespace tangle::lint

#endif
