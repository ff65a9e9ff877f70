//===- rt_internal.h - shared declarations of the tangle runtime ----------===//
//
// The runtime runs inside other people's programs. Ground rules for every
// file of runtime/lib:
//  - no exceptions, RTTI, static constructors with side effects, or C++
//    library calls that need libstdc++.so; memory comes from mmap
//    (internal_alloc), never malloc, so a hook may run anywhere;
//  - the hot path (a hook whose lock chain was seen before) takes no lock,
//    allocates nothing and writes only thread-local memory;
//  - nothing aborts or blocks the program: when a table fills, record less
//    and count it in the session header;
//  - hot callbacks are small and inline; everything rare is NOINLINE.
//
// Files: rt_init (process start, fork), rt_session (the shared-memory
// segment and records), rt_thread (per-thread state), rt_chain (held locks,
// chain cache, lock-order records), rt_context (library wrapper contexts and
// site export), rt_mutex (the pthread mutex hooks).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_INTERNAL_H
#define TANGLE_RT_INTERNAL_H

#include "tangle/event_layout.h"
#include "tangle/tangle_interface.h"

#include <stddef.h>
#include <stdint.h>

#define TANGLE_LIKELY(x) __builtin_expect(!!(x), 1)
#define TANGLE_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define TANGLE_NOINLINE __attribute__((noinline))
#define TANGLE_ALWAYS_INLINE inline __attribute__((always_inline))
#define TANGLE_EXPORT extern "C" __attribute__((visibility("default")))

namespace __tangle {

typedef uintptr_t uptr;

//===-- Memory (rt_alloc.cpp) ---------------------------------------------===//

// Page-granular, zeroed memory from mmap. Returns nullptr on failure.
void *internal_alloc(size_t bytes);
void internal_free(void *p, size_t bytes);

// A spinlock for the runtime's own tables, never held around program code.
// It yields after a while: the holder may have been preempted.
void spin_lock_slow(uint32_t *l);
TANGLE_ALWAYS_INLINE void spin_lock(uint32_t *l) {
  if (TANGLE_UNLIKELY(__atomic_exchange_n(l, 1u, __ATOMIC_ACQUIRE)))
    spin_lock_slow(l);
}
TANGLE_ALWAYS_INLINE void spin_unlock(uint32_t *l) {
  __atomic_store_n(l, 0u, __ATOMIC_RELEASE);
}

// After fork, in the child (one thread, at that point): the runtime's own
// locks that a parent thread may have held at the fork are released, each
// file its own.
void alloc_after_fork();
void maps_after_fork();
void race_after_fork();

// Small blocks (up to 64 KiB) for the runtime's growing tables, from
// size-class free lists over mmap'd slabs. Zeroed. Returns nullptr when
// memory runs out.
void *small_alloc(size_t bytes);
void small_free(void *p, size_t bytes);

//===-- Diagnostics ---------------------------------------------------------===//

// One line to stderr, prefixed "tangle: ". Not for signal context.
void report_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

//===-- Per-thread state (rt_thread.cpp) ------------------------------------===//

// A lock the thread holds, oldest first in ThreadState::held.
struct HeldLock {
  uptr lock;
  __tangle_site *site; // effective acquisition site
  uint16_t flags;      // TANGLE_ACQ_*
  uint16_t generation;
  uint32_t recursion;  // re-acquisitions of a recursive lock beyond the first
  uint64_t chain_key;  // hash of held[0..this] (prefix key)
};
static_assert(sizeof(HeldLock) == 32, "HeldLock is two per cache line");

// Open-addressing set of 64-bit chain keys already recorded by this thread.
// Key 0 marks an empty slot (chain keys are never 0).
struct ChainCache {
  uint64_t *slots;
  uint32_t mask;  // capacity - 1; capacity is a power of two
  uint32_t count;
};

// Why hooks pass straight through to libc without recording.
enum PassThrough : uint32_t {
  kRecording = 0,
  kInRuntime = 1u << 0,  // a hook re-entered from a signal inside the runtime
  kThreadGone = 1u << 1, // the thread's TLS destructors have run
  kNoSession = 1u << 2,  // the process could not open or create a session
};

struct RecentChain {
  uint64_t prev_key; // the held stack's top key under it (0: nothing held)
  uptr lock;
  const __tangle_site *site;
  uint32_t flags_generation;
  uint32_t reserved;
  uint64_t key;      // its chain key; 0: an empty entry
};
constexpr uint32_t kRecentChains = 4;

struct RaceThread;

struct ThreadState {
  uint32_t pass_through; // PassThrough bits; 0 on the hot path
  uint32_t uid;          // session-wide thread uid; 0 until registered
  uint32_t os_tid;
  uint32_t num_held;
  uint32_t held_capacity;
  uint32_t exit_reason;  // TANGLE_EXIT_*, set by pthread_exit
  HeldLock *held;
  ChainCache cache;
  // Recent blocking acquisitions, by lock and site: the same lock, site and
  // flags on top of the same held stack is the same chain, already known.
  // A thread that alternates a few locks in a loop finds them here without
  // hashing or probing the chain cache.
  RecentChain recent[kRecentChains];

  // The session chunk this thread appends to (nullptr until the first record).
  tangle_chunk_header *chunk;

  // Active library wrapper context (rt_context.cpp), or ctx_site == nullptr.
  __tangle_site *ctx_site;
  const void *const *ctx_locks;
  uint32_t ctx_nlocks;
  const void *ctx_single_lock;

  // What the thread is blocked in, for the watchdog (rt_watchdog.cpp). The
  // thread writes these around each blocking call; the watchdog reads them
  // from another thread, racily, and trusts only what stays the same across
  // two looks. block_seq changes with every blocking call.
  uint32_t block_kind;   // TANGLE_WAIT_*, 0 when running
  uint32_t block_seq;
  const void *block_object;
  __tangle_site *block_site;

  // The thread's table of process-shared locks it holds, in the session
  // (rt_shared_held.cpp); nullptr until it takes one.
  tangle_held_shared_record *shared_table;

  // A bracketed semaphore acquire between its enter and exit (rt_bracket.cpp).
  HeldLock bracket_entry;
  int32_t bracket_reentered;
  uint32_t bracket_active;

  RaceThread *race;      // the race detector's state (full mode), or nullptr
  uint64_t pthread_id;   // pthread_self()
  uint64_t start_ns;     // when the state was made (matches CREATE records)
  uint32_t exited;       // the thread is gone; its held stack stays readable
  uint32_t destructor_rounds; // pthread key destructor calls so far (rt_thread.cpp)
  ThreadState *next;     // the process's registry (rt_thread.cpp)
};

extern __thread ThreadState *tls_thread
    __attribute__((tls_model("initial-exec")));

ThreadState *create_thread_state();
// Creates the key whose destructor frees a thread's state; once per process.
void init_thread_key();

TANGLE_ALWAYS_INLINE ThreadState *current_thread() {
  ThreadState *t = tls_thread;
  if (TANGLE_LIKELY(t != nullptr))
    return t;
  return create_thread_state();
}

// Gives the thread a session uid and writes its THREAD record, once.
bool ensure_thread_registered(ThreadState *t);
// Every ThreadState the process ever made, newest first. States are never
// unmapped, so a reader may follow the list at any time.
ThreadState *thread_registry();

// Marks the thread blocked in a call of kind `kind` (TANGLE_WAIT_*) on
// `object`, and running again.
TANGLE_ALWAYS_INLINE void begin_blocking(ThreadState *t, uint32_t kind,
                                         const void *object,
                                         __tangle_site *site) {
  t->block_object = object;
  t->block_site = site;
  __atomic_store_n(&t->block_seq, t->block_seq + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&t->block_kind, kind, __ATOMIC_RELEASE);
}
TANGLE_ALWAYS_INLINE void end_blocking(ThreadState *t) {
  __atomic_store_n(&t->block_kind, 0u, __ATOMIC_RELAXED);
}

// Monotonic nanoseconds.
uint64_t monotonic_ns();
// The forking thread continues in the child as a new thread of a new process.
void reset_thread_after_fork(ThreadState *t);

//===-- Process (rt_init.cpp) ------------------------------------------------===//

struct ProcessState {
  uint32_t uid;      // session-wide process uid; 0 when not recording
  uint32_t pid;
  uint32_t main_tid; // os tid of the initial thread (== pid)
};
extern ProcessState g_process;

// Idempotent; safe to call from any hook.
void ensure_process_initialized();

//===-- Session (rt_session.cpp) --------------------------------------------===//

// Maps an existing session (shm name or file path) or creates a standalone
// one in `out_dir`. False when neither works; the runtime then passes through.
bool session_open_existing(const char *name);
bool session_create_standalone(const char *out_dir, const char *exe_name);
bool session_active();
tangle_session_header *session_header();

// Space for a record of `bytes` (a multiple of 8) in the thread's chunk, or
// nullptr when the session is full (the drop is counted). Publish with
// record_commit; nothing is visible before. Between the two the thread
// must not reserve another record (it would get the same space).
void *record_reserve(ThreadState *t, uint32_t bytes);
void record_commit(ThreadState *t, uint32_t bytes);

// Appends `len` bytes of `s` and a NUL at `dst`; returns the end.
char *put_string(char *dst, const char *s, uint32_t len);
// Length of a string clipped to `max`.
uint32_t bounded_strlen(const char *s, uint32_t max);
constexpr uint32_t round_up8(uint32_t n) { return (n + 7u) & ~7u; }

// Writes the PROCESS record of the calling process.
void write_process_record(ThreadState *t, uint32_t parent_process_uid);

//===-- Sites and contexts (rt_context.cpp) ----------------------------------===//

// The session id of a site, exporting its SITE record on first use.
uint32_t export_site(ThreadState *t, __tangle_site *site);

// Written by instrumented callers of possible lock wrappers (rt_context.cpp).
extern "C" __thread __tangle_caller_context __tangle_caller
    __attribute__((tls_model("initial-exec")));

// The site an acquisition is reported at: a library site inside an active
// wrapper context is reported at the user's call of the wrapper, and a site
// inside the program's own wrapper at its caller's call, when the caller
// told (the lock matches).
TANGLE_ALWAYS_INLINE __tangle_site *effective_site(ThreadState *t,
                                                   __tangle_site *site,
                                                   const void *lock,
                                                   uint16_t *flags) {
  if (TANGLE_LIKELY(!(site->flags & (TANGLE_SITE_LIBRARY | TANGLE_SITE_CALLER))))
    return site;
  if (site->flags & TANGLE_SITE_CALLER) {
    __tangle_caller_context &c = __tangle_caller;
    return c.site && c.lock == lock ? c.site : site;
  }
  if (!t->ctx_site)
    return site;
  for (uint32_t i = 0; i < t->ctx_nlocks; ++i)
    if (t->ctx_locks[i] == lock)
      return t->ctx_site + i;
  *flags |= TANGLE_ACQ_NAME_UNKNOWN;
  return t->ctx_site;
}

//===-- Lock chains (rt_chain.h, rt_chain.cpp) ---------------------------===//

// A new lock at a reused address (init, destroy) becomes a new graph node.
void bump_lock_generation(uptr lock);
// Frees the thread's chain cache (its held stack stays: the watchdog may be
// reading it, and locks a finished thread still holds are its leaks).
void release_chain_cache(ThreadState *t);
void clear_chain_cache(ThreadState *t);

// Exports the sites of the newest `max` held locks into `out` (oldest
// first); returns how many. Call before reserving the record they go in.
uint32_t export_held(ThreadState *t, tangle_chain_entry *out, uint32_t max);

//===-- Events besides chains (rt_events.cpp) --------------------------------===//

void record_misuse(ThreadState *t, uint32_t kind, const void *lock,
                   __tangle_site *site, uint32_t owner_tid, uint32_t lock_type);
// A blocking wait on something other than a lock, while holding locks.
void record_wait_if_new(ThreadState *t, uint32_t kind, const void *object,
                        const void *mutex, __tangle_site *site);
void record_notify_if_new(ThreadState *t, uint32_t kind, const void *object,
                          __tangle_site *site);
void record_sem_init(ThreadState *t, const void *sem, uint32_t value);
// A lock was (re)initialised at `site`: a new generation, and its name.
void lock_initialised(const void *lock, __tangle_site *site);

//===-- Locks shared between processes (rt_maps.cpp) -------------------------===//

// Writes a SHARED_LOCK record the first time this thread records `lock`, if
// it lives in a shared mapping. Slow paths only.
void note_lock_identity(ThreadState *t, uptr lock);
// The same for a file lock, whose `lock` is a stand-in address.
void note_file_lock(ThreadState *t, uptr lock, uint64_t device, uint64_t inode);

//===-- Process-shared locks held (rt_shared_held.cpp) -------------------------===//

// The thread took / released a process-shared lock.
void shared_lock_taken(ThreadState *t, const void *lock, __tangle_site *site);
void shared_lock_released(ThreadState *t, const void *lock);
// Writes the PROCESS_EXIT record (from atexit).
void record_process_exit();

//===-- Watchdog (rt_watchdog.cpp) -------------------------------------------===//

// Starts the watchdog thread if TANGLE_DEADLOCK_TIMEOUT (default 10) > 0.
void start_watchdog();

} // namespace __tangle

#endif // TANGLE_RT_INTERNAL_H
