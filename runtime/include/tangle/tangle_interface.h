//===- tangle_interface.h - the runtime's only extern "C" surface ---------===//
//
// What an instrumented program calls. instrument/ emits calls to these
// functions; runtime/ defines them. The list itself is callbacks.def.
// Only <stdint.h> is included: this header is also read by the pass's
// build, which must not depend on libc's pthread types.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INTERFACE_H
#define TANGLE_INTERFACE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Bumped whenever a struct below or a callbacks.def row changes meaning.
// 2: the race detector's callbacks; 3: __tangle_site.lock_class and
// __tangle_lock_global.unit (lock classes shared with tangle lint).
#define TANGLE_ABI_VERSION 3

// Site flags.
enum {
  // The call is inside library code (std::, system headers): when a wrapper
  // context is active, the context's site stands for it.
  TANGLE_SITE_LIBRARY = 1u << 0,
  // The call is inside a lock wrapper of the program's own (a function that
  // locks what a parameter points to, such as Open vSwitch's
  // ovs_mutex_lock_at): when its caller said where it called from (see
  // __tangle_caller), the caller's site stands for it.
  TANGLE_SITE_CALLER = 1u << 1,
};

// One static call site. The pass emits an array of these per module.
// Layout is fixed: the pass writes it as an IR struct { i32, i32, i32, i32,
// ptr, ptr, ptr, ptr }.
typedef struct __tangle_site {
  uint32_t id;           // Owned by the runtime: 0 until exported to a session.
  uint32_t flags;        // TANGLE_SITE_*.
  uint32_t line;         // 0 when the module has no debug info.
  uint32_t column;
  const char *file;      // As the compiler saw it (directory joined).
  const char *function;  // Demangled, e.g. "transfer(Account&, Account&)".
  const char *lock_name; // Source expression of the lock, e.g. "from->mu"; may be NULL.
  const char *lock_class; // Its class when known, e.g. "account::mu" for a member
                          // (instrument/lib/LockClass.h); may be NULL.
} __tangle_site;

// What an instrumented caller stores just before calling a function that
// may lock what its argument points to: the call's site (named by that
// argument) and the argument. Two stores to thread-local memory, no call;
// a wrapper's lock hook uses them when the lock it takes is `lock`. The
// runtime defines the variable (initial-exec TLS):
//   extern __thread __tangle_caller_context __tangle_caller;
typedef struct __tangle_caller_context {
  struct __tangle_site *site;
  const void *lock;
} __tangle_caller_context;

// A global (or static) variable that is, or contains, locks. Lets reports
// name a lock by the variable it lives in, whichever site takes it.
typedef struct __tangle_lock_global {
  const void *address; // The first lock.
  uint64_t stride;     // Bytes between consecutive locks when count > 1.
  uint64_t count;      // 1, or the number of array elements.
  const char *name;    // "alice.mu"; for arrays '#' marks the index: "forks[#]".
  const char *unit;    // A static's file ("stp.c") or function, for its class
                       // ("mutex in stp.c"); NULL for a global all units see.
} __tangle_lock_global;

typedef struct __tangle_module {
  uint32_t abi_version;  // TANGLE_ABI_VERSION of the pass that built it.
  uint32_t num_globals;
  const __tangle_lock_global *globals;
  const char *source;    // The module's main source file.
} __tangle_module;

// Kinds of bracketed library calls (callbacks.def).
enum __tangle_bracket_kind {
  TANGLE_BRACKET_NONE = 0,
#define TANGLE_BRACKET_KIND(Kind) TANGLE_BRACKET_##Kind,
#include "tangle/callbacks.def"
};

#define TANGLE_INTERCEPT(Symbol, Hook, Role, NameArg, Ret, ...)              \
  Ret __tangle_##Hook(__VA_ARGS__, __tangle_site *site);
#define TANGLE_RACE_INTERCEPT(Symbol, Hook, Ret, ...)                         \
  Ret __tangle_##Hook(__VA_ARGS__, __tangle_site *site);
#define TANGLE_CALLBACK(Name, Ret, ...) Ret __tangle_##Name(__VA_ARGS__);
#include "tangle/callbacks.def"

#ifdef __cplusplus
} // extern "C"
#endif

#endif // TANGLE_INTERFACE_H
