//===- event_layout.h - the binary layout of a session --------------------===//
//
// A session is one file-sized region of shared memory (a POSIX shm segment
// during `tangle run`, a plain file for runs outside it) that every process
// of a run maps and appends to. It is the contract between runtime/ (the
// writer) and analyzer/ (the reader); nothing else defines it.
//
//   offset 0      tangle_session_header   (one page)
//   offset 4096   chunk, chunk, ...        (page-aligned, any size)
//
// A chunk belongs to one thread of one process, which alone appends records
// to it. A record is visible once the chunk's `fill` covers it: the writer
// stores the record, then publishes it with a release store of `fill`. A
// process killed mid-record therefore leaves a chunk whose records up to
// `fill` are whole. Space is backed in the file first, then handed out by a
// compare-and-swap of `used`, so `used` never passes the file's end; a
// writer that dies between the claim and writing its chunk header leaves a
// run of zero pages, which readers skip one page at a time.
//
// All integers are little-endian (the writer's), all records 8-aligned.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_EVENT_LAYOUT_H
#define TANGLE_EVENT_LAYOUT_H

#include <stdint.h>

#define TANGLE_SESSION_MAGIC "TANGLSES"    // 8 bytes, no NUL
#define TANGLE_SESSION_VERSION 1u
#define TANGLE_PAGE_SIZE 4096u
#define TANGLE_CHUNK_MAGIC 0x4B484354u     // "TCHK"

// Header flags.
enum {
  TANGLE_SESSION_FULL = 1u << 0, // capacity was reached: records were dropped
};

typedef struct tangle_session_header {
  char magic[8];              // TANGLE_SESSION_MAGIC, written last by the creator
  uint32_t version;           // TANGLE_SESSION_VERSION
  uint32_t header_size;       // TANGLE_PAGE_SIZE
  uint64_t capacity;          // the segment never grows beyond this many bytes
  uint64_t used;              // atomic bump pointer: end of the last chunk handed out
  uint32_t next_thread_uid;   // atomic; thread uids are unique in the session, from 1
  uint32_t next_site_id;      // atomic; exported site ids, from 1
  uint32_t next_process_uid;  // atomic; process uids, from 1
  uint32_t flags;             // atomic; TANGLE_SESSION_*
  uint64_t dropped_records;   // atomic; records lost because the session was full
  uint64_t truncated_chains;  // atomic; chains whose held set exceeded the record limit
  uint64_t created_unix_ns;   // wall clock when the creator made the session
  uint32_t creator_pid;
  uint32_t reserved0;
  uint8_t reserved[4096 - 80]; // zero
} tangle_session_header;

typedef struct tangle_chunk_header {
  uint32_t magic;        // TANGLE_CHUNK_MAGIC
  uint32_t size;         // bytes, header included; a multiple of TANGLE_PAGE_SIZE
  uint32_t process_uid;  // owner
  uint32_t thread_uid;   // owner
  uint32_t fill;         // atomic (release/acquire): committed record bytes after the header
  uint32_t reserved[3];
} tangle_chunk_header;

// Record types.
enum {
  TANGLE_REC_PROCESS = 1,     // a process joined the session
  TANGLE_REC_THREAD = 2,      // a thread began recording
  TANGLE_REC_SITE = 3,        // a static call site, exported on first use
  TANGLE_REC_LOCK_GLOBAL = 4, // a global variable holding locks
  TANGLE_REC_CHAIN = 5,       // a lock acquired while others were held
  TANGLE_REC_THREAD_EXIT = 6, // a thread finished, with the locks it still held
  TANGLE_REC_CREATE = 7,      // a thread created another
  TANGLE_REC_MISUSE = 8,      // a lock used wrongly (double lock, bad unlock...)
  TANGLE_REC_WAIT = 9,        // a thread blocked on something other than a lock
  TANGLE_REC_NOTIFY = 10,     // a thread woke waiters (signal, post, ...)
  TANGLE_REC_DEADLOCK = 11,   // the watchdog found threads blocked for good
  TANGLE_REC_SEM_INIT = 12,   // a semaphore was created with an initial value
  TANGLE_REC_SHARED_LOCK = 13, // a lock lives in memory other processes map
  TANGLE_REC_PROCESS_EXIT = 14, // the process ended normally (exit, return from main)
  TANGLE_REC_LOCK_INIT = 15,  // a lock was initialised at a site
  TANGLE_REC_HELD_SHARED = 16, // the process-shared locks a thread holds now
  TANGLE_REC_RACE = 17,       // two accesses that race (full mode)
  TANGLE_REC_RACE_STATS = 18, // what the race detector had to leave out
  TANGLE_REC_MODULE = 19,     // a loaded object that stack frames refer to
};

typedef struct tangle_record_header {
  uint16_t type;  // TANGLE_REC_*
  uint16_t flags; // per type; zero when unused
  uint32_t size;  // bytes, header included, a multiple of 8
} tangle_record_header;

// TANGLE_REC_PROCESS, then `exe_len` bytes of the executable's path and
// `cmdline_len` bytes of its arguments, each followed by a NUL.
typedef struct tangle_process_record {
  tangle_record_header h;
  uint32_t process_uid;
  uint32_t pid;
  uint32_t parent_pid;
  uint32_t parent_process_uid; // 0 when the parent is not in the session
  uint64_t start_unix_ns;
  uint32_t exe_len;
  uint32_t cmdline_len;
} tangle_process_record;

// TANGLE_REC_THREAD. The chunk header says which process.
typedef struct tangle_thread_record {
  tangle_record_header h;
  uint32_t thread_uid;
  uint32_t os_tid;
  uint32_t parent_thread_uid; // 0 when unknown
  uint32_t is_main;           // 1 for the process's initial thread
  uint64_t pthread_id;        // pthread_self(): matches TANGLE_REC_CREATE
  uint64_t start_ns;          // CLOCK_MONOTONIC at its first hook
} tangle_thread_record;

// TANGLE_REC_SITE, then the file, function, lock name and lock class, each
// followed by a NUL (the class since ABI 3; older sessions have class_len 0). Site ids are unique in the session; one site may be exported more
// than once (two processes of one binary), always with the same content.
typedef struct tangle_site_record {
  tangle_record_header h;
  uint32_t site_id;
  uint32_t flags; // TANGLE_SITE_* of the static site
  uint32_t line;
  uint32_t column;
  uint16_t file_len;
  uint16_t function_len;
  uint16_t name_len; // 0 when the lock expression has no name
  uint16_t class_len; // 0 when the site does not know the lock's class
} tangle_site_record;

// TANGLE_REC_LOCK_GLOBAL, then the name template and a NUL, then (ABI 3)
// the unit of a static (its file or function) and a NUL when unit_len is
// not 0. Addresses are the writing process's.
typedef struct tangle_lock_global_record {
  tangle_record_header h;
  uint64_t address;
  uint64_t stride;
  uint64_t count;
  uint32_t name_len;
  uint32_t unit_len; // 0 for a global every unit sees
} tangle_lock_global_record;

// One lock in a chain: an acquisition by the owning thread.
enum {
  TANGLE_ACQ_TRY = 1u << 0,         // taken by a trylock/timedlock that could have given up
  TANGLE_ACQ_NAME_UNKNOWN = 1u << 1, // the site's lock name is not this lock's
  TANGLE_ACQ_READ = 1u << 2,        // shared mode (rwlock read, shared_mutex shared)
  TANGLE_ACQ_SEM = 1u << 3,         // a semaphore wait: a lock only if used as one
};
typedef struct tangle_chain_entry {
  uint64_t lock;       // address in the owning process
  uint32_t site_id;    // exported site of the acquisition
  uint16_t flags;      // TANGLE_ACQ_*
  uint16_t generation; // bumped when the address is re-initialised or destroyed
} tangle_chain_entry;

// TANGLE_REC_CHAIN: the owning thread acquired entries[num_held] while it
// held entries[0..num_held-1] (oldest first). Each held lock makes a
// lock-order edge held -> acquired; the other held locks are its gates.
// When more than TANGLE_MAX_CHAIN_HELD locks were held, the oldest ones are
// left out and counted in `omitted` (cycles through them are still found
// via the newer locks, which were taken while they were held).
#define TANGLE_MAX_CHAIN_HELD 64u
typedef struct tangle_chain_record {
  tangle_record_header h;
  uint32_t num_held;
  uint32_t omitted;
  tangle_chain_entry entries[]; // num_held + 1
} tangle_chain_record;

// Fills a zeroed header. The creator stores the magic last (release), so a
// process that maps the segment never sees a half-made header as valid.
static inline void tangle_session_header_init(tangle_session_header *h,
                                              uint64_t capacity, uint32_t pid,
                                              uint64_t now_unix_ns) {
  h->version = TANGLE_SESSION_VERSION;
  h->header_size = TANGLE_PAGE_SIZE;
  h->capacity = capacity;
  h->used = TANGLE_PAGE_SIZE;
  h->created_unix_ns = now_unix_ns;
  h->creator_pid = pid;
  __atomic_thread_fence(__ATOMIC_RELEASE);
  for (int i = 0; i < 8; ++i)
    h->magic[i] = TANGLE_SESSION_MAGIC[i];
}

// What a thread was doing when it blocked, in WAIT, MISUSE and DEADLOCK
// records.
enum {
  TANGLE_WAIT_LOCK = 1,      // a lock (object: the lock)
  TANGLE_WAIT_COND = 2,      // a condition variable (object: it; mutex: its mutex)
  TANGLE_WAIT_SEM = 3,       // a semaphore
  TANGLE_WAIT_BARRIER = 4,   // a barrier
  TANGLE_WAIT_JOIN = 5,      // another thread's end (object: its pthread_t)
  TANGLE_WAIT_ONCE = 6,      // a once-initialisation run by another thread
  TANGLE_WAIT_FUTEX = 7,     // a C++ future, latch or atomic wait
};

// TANGLE_REC_THREAD_EXIT: the owning thread finished (returned from its
// start routine, or called pthread_exit) while holding `num_held` locks.
enum {
  TANGLE_EXIT_RETURNED = 1,
  TANGLE_EXIT_PTHREAD_EXIT = 2,
};
typedef struct tangle_thread_exit_record {
  tangle_record_header h; // flags: TANGLE_EXIT_*
  uint32_t num_held;
  uint32_t reserved;
  uint64_t time_ns;
  tangle_chain_entry held[]; // oldest first
} tangle_thread_exit_record;

// TANGLE_REC_CREATE: the owning thread created a thread at `site_id`,
// calling at `time_ns`. The new thread is the one with this pthread_id
// whose start_ns is the first after time_ns (a pthread id is reused only
// after its thread ended).
typedef struct tangle_create_record {
  tangle_record_header h;
  uint32_t site_id;
  uint32_t reserved;
  uint64_t child_pthread_id;
  uint64_t time_ns;
} tangle_create_record;

// TANGLE_REC_MISUSE, h.flags one of:
enum {
  TANGLE_MISUSE_DOUBLE_LOCK = 1,    // re-locking a non-recursive lock the thread holds
  TANGLE_MISUSE_BAD_UNLOCK = 2,     // unlocking a lock the thread does not hold
  TANGLE_MISUSE_DESTROY_LOCKED = 3, // destroying a lock that is held
};
typedef struct tangle_misuse_record {
  tangle_record_header h;
  uint32_t site_id;      // where the misuse happened
  uint32_t num_held;     // locks the thread held (entries follow)
  uint64_t lock;
  uint32_t owner_tid;    // OS tid of the thread holding the lock, 0 if none/unknown
  uint32_t lock_type;    // PTHREAD_MUTEX_* type for mutexes, else 0
  tangle_chain_entry held[];
} tangle_misuse_record;

// TANGLE_REC_WAIT: the owning thread blocked (h.flags: TANGLE_WAIT_*) on
// `object` while holding `num_held` locks. Written once per distinct
// (held locks, object, site) per thread, before it blocks.
typedef struct tangle_wait_record {
  tangle_record_header h;
  uint32_t site_id;
  uint32_t num_held;
  uint64_t object;
  uint64_t mutex;        // for TANGLE_WAIT_COND: the mutex it releases
  tangle_chain_entry held[];
} tangle_wait_record;

// TANGLE_REC_NOTIFY: the owning thread woke waiters of `object` (h.flags:
// TANGLE_WAIT_* of the waiters it wakes). Once per (object, site) per thread.
typedef struct tangle_notify_record {
  tangle_record_header h;
  uint32_t site_id;
  uint32_t reserved;
  uint64_t object;
} tangle_notify_record;

// TANGLE_REC_DEADLOCK: the watchdog's verdict, then `num_threads`
// tangle_deadlock_thread entries, each followed by its held entries.
enum {
  TANGLE_DEADLOCK_CYCLE = 1,       // the blocked threads wait for each other
  TANGLE_DEADLOCK_ALL_BLOCKED = 2, // every thread of the process is blocked
  TANGLE_DEADLOCK_ORPHANED = 3,    // a thread waits for a lock whose holder ended
};
typedef struct tangle_deadlock_record {
  tangle_record_header h; // flags: TANGLE_DEADLOCK_*
  uint32_t num_threads;
  uint32_t blocked_seconds;
  uint64_t time_ns;
} tangle_deadlock_record;

typedef struct tangle_deadlock_thread {
  uint32_t thread_uid;
  uint32_t wait_kind;    // TANGLE_WAIT_*
  uint32_t wait_site;    // site id of the blocking call
  uint32_t num_held;
  uint64_t wait_object;
  uint32_t waits_for_thread; // uid of the thread it waits for, 0 if none
  uint32_t waits_for_exited; // 1 when that thread has ended
  tangle_chain_entry held[];
} tangle_deadlock_thread;

// TANGLE_REC_SEM_INIT: sem_init or sem_open (O_CREAT) made `object` with
// `value`. A semaphore of value 1 that a thread waits on and posts is a lock.
typedef struct tangle_sem_init_record {
  tangle_record_header h;
  uint32_t value;
  uint32_t reserved;
  uint64_t object;
} tangle_sem_init_record;

// TANGLE_REC_SHARED_LOCK: the lock at `address` (in the owning process) is
// at `offset` in the object (device, inode) that several processes may map
// (a MAP_SHARED mapping of a file, a shm segment, a named semaphore, shared
// anonymous memory inherited across fork), or, with TANGLE_SHARED_FILE, is
// a file lock on that file. Processes name the same lock by the same
// (device, inode, offset), whatever address they map it at.
enum {
  TANGLE_SHARED_MAPPING = 1, // lock memory in a shared mapping
  TANGLE_SHARED_FILE = 2,    // a lock on a whole file (flock, lockf, fcntl)
};
typedef struct tangle_shared_lock_record {
  tangle_record_header h; // flags: TANGLE_SHARED_*
  uint64_t address;
  uint64_t device;
  uint64_t inode;
  uint64_t offset;
} tangle_shared_lock_record;

// TANGLE_REC_LOCK_INIT: the lock at `address` (its new generation) was
// initialised at `site_id`; the site's expression names the lock.
typedef struct tangle_lock_init_record {
  tangle_record_header h;
  uint32_t site_id;
  uint16_t generation;
  uint16_t reserved;
  uint64_t address;
} tangle_lock_init_record;

// TANGLE_REC_HELD_SHARED: the process-shared locks (pshared mutexes and
// rwlocks, shared semaphores, file locks) the owning thread holds. Unlike
// every other record it is rewritten in place as the thread takes and
// releases them, so that what a killed process held is still known: the
// table read after the run is the one it had when it died. `count` is
// stored last (release); entries past it are stale.
typedef struct tangle_held_shared_entry {
  uint64_t lock;
  uint32_t site_id;
  uint32_t depth; // times taken without release (recursive, read)
} tangle_held_shared_entry;

typedef struct tangle_held_shared_record {
  tangle_record_header h;
  uint32_t capacity;
  uint32_t count;    // atomic
  uint32_t overflow; // locks that did not fit
  uint32_t reserved;
  tangle_held_shared_entry entries[]; // capacity
} tangle_held_shared_record;

// TANGLE_REC_PROCESS_EXIT: the owning process ended normally. A process
// without one crashed or was killed.
typedef struct tangle_process_exit_record {
  tangle_record_header h;
  uint32_t status; // exit status, when known (0 otherwise)
  uint32_t reserved;
  uint64_t time_ns;
} tangle_process_exit_record;

// TANGLE_REC_RACE: the owning thread's access (`current`) and an earlier
// one (`previous`) touch the same bytes, at least one writes, not both are
// atomic, and neither happens before the other. Written once per pair of
// sites per process. `held` lists the locks each held at its access:
// current.num_held entries, then previous.num_held.
enum {
  TANGLE_ACCESS_WRITE = 1u << 0,
  TANGLE_ACCESS_ATOMIC = 1u << 1,
  TANGLE_ACCESS_LOCKS_UNKNOWN = 1u << 2, // the held locks were not recorded
};
typedef struct tangle_race_access {
  uint32_t site_id;
  uint32_t thread_uid;
  uint16_t flags;    // TANGLE_ACCESS_*
  uint16_t size;     // bytes accessed (for `previous`: within the granule)
  uint16_t num_held;
  uint16_t reserved;
} tangle_race_access;

typedef struct tangle_race_record {
  tangle_record_header h;
  uint64_t address;
  tangle_race_access current;
  tangle_race_access previous;
  uint64_t block_start;   // the heap block holding `address`; 0 if none known
  uint64_t block_size;
  uint32_t block_site_id; // where the block was allocated; 0 if unknown
  uint32_t num_frames;    // stack frames of `current` after the held entries
  tangle_chain_entry held[];
} tangle_race_record;

// A return address on the stack of a race's current access, callers of the
// access's own function first: its module (a MODULE record of the process
// or, for a fork child, of an ancestor) and its address in that object.
typedef struct tangle_stack_frame {
  uint64_t address; // as the object's symbols say it (the load bias removed)
  uint32_t module_id;
  uint32_t reserved;
} tangle_stack_frame;

// TANGLE_REC_MODULE, then the object's path and a NUL (empty for the main
// program: the PROCESS record names it).
typedef struct tangle_module_record {
  tangle_record_header h;
  uint32_t module_id;
  uint32_t path_len;
  uint64_t load_bias;
} tangle_module_record;

// TANGLE_REC_RACE_STATS: written at process exit when the race detector
// had to leave something out; each count is what it could not keep.
typedef struct tangle_race_stats_record {
  tangle_record_header h;
  uint64_t unreported_races; // distinct site pairs beyond the report table
  uint64_t evicted_reads;    // reads dropped from full reader lists
  uint64_t untracked_threads; // threads beyond the slot limit
  uint64_t clock_failures;   // vector clocks that could not grow
} tangle_race_stats_record;

#ifdef __cplusplus
#define TANGLE_STATIC_ASSERT static_assert
#else
#define TANGLE_STATIC_ASSERT _Static_assert
#endif
TANGLE_STATIC_ASSERT(sizeof(tangle_session_header) == TANGLE_PAGE_SIZE, "header is one page");
TANGLE_STATIC_ASSERT(sizeof(tangle_chunk_header) == 32, "chunk header");
TANGLE_STATIC_ASSERT(sizeof(tangle_record_header) == 8, "record header");
TANGLE_STATIC_ASSERT(sizeof(tangle_process_record) == 40, "process record");
TANGLE_STATIC_ASSERT(sizeof(tangle_thread_record) == 40, "thread record");
TANGLE_STATIC_ASSERT(sizeof(tangle_thread_exit_record) == 24, "thread exit record");
TANGLE_STATIC_ASSERT(sizeof(tangle_create_record) == 32, "create record");
TANGLE_STATIC_ASSERT(sizeof(tangle_misuse_record) == 32, "misuse record");
TANGLE_STATIC_ASSERT(sizeof(tangle_wait_record) == 32, "wait record");
TANGLE_STATIC_ASSERT(sizeof(tangle_notify_record) == 24, "notify record");
TANGLE_STATIC_ASSERT(sizeof(tangle_deadlock_record) == 24, "deadlock record");
TANGLE_STATIC_ASSERT(sizeof(tangle_deadlock_thread) == 32, "deadlock thread");
TANGLE_STATIC_ASSERT(sizeof(tangle_sem_init_record) == 24, "sem init record");
TANGLE_STATIC_ASSERT(sizeof(tangle_shared_lock_record) == 40, "shared lock record");
TANGLE_STATIC_ASSERT(sizeof(tangle_process_exit_record) == 24, "process exit record");
TANGLE_STATIC_ASSERT(sizeof(tangle_lock_init_record) == 24, "lock init record");
TANGLE_STATIC_ASSERT(sizeof(tangle_held_shared_entry) == 16, "held shared entry");
TANGLE_STATIC_ASSERT(sizeof(tangle_held_shared_record) == 24, "held shared record");
TANGLE_STATIC_ASSERT(sizeof(tangle_site_record) == 32, "site record");
TANGLE_STATIC_ASSERT(sizeof(tangle_lock_global_record) == 40, "lock global record");
TANGLE_STATIC_ASSERT(sizeof(tangle_chain_entry) == 16, "chain entry");
TANGLE_STATIC_ASSERT(sizeof(tangle_chain_record) == 16, "chain record");
TANGLE_STATIC_ASSERT(sizeof(tangle_race_access) == 16, "race access");
TANGLE_STATIC_ASSERT(sizeof(tangle_race_record) == 72, "race record");
TANGLE_STATIC_ASSERT(sizeof(tangle_race_stats_record) == 40, "race stats record");
TANGLE_STATIC_ASSERT(sizeof(tangle_stack_frame) == 16, "stack frame");
TANGLE_STATIC_ASSERT(sizeof(tangle_module_record) == 24, "module record");

#endif // TANGLE_EVENT_LAYOUT_H
