//===- rt_watchdog.cpp - catching deadlocks while they happen --------------===//
//
// A background thread (started at process start, and again in a fork
// child) looks at every thread's blocking state once a second. A thread
// whose block_seq and block_kind have not changed since the last look has
// been blocked the whole time; the watchdog keeps when it first saw it so.
// It trusts nothing it reads once: other threads' held stacks change under
// it, so a verdict needs the same blocked states for TANGLE_DEADLOCK_TIMEOUT
// seconds (default 10; 0 disables the watchdog).
//
// Verdicts, among threads blocked that long:
//  - CYCLE: they wait for each other (a lock held by the next, or the next
//    thread's end, in a cycle);
//  - ORPHANED: one waits for a lock held by a thread that has ended;
//  - ALL_BLOCKED: every thread of the process is blocked (the count is
//    checked against /proc/self/status, so threads tangle cannot see, and
//    blocked-in-read threads, keep this verdict from being reached).
// It then writes a DEADLOCK record, says what it found on stderr, and ends
// the process with status 66 (_exit: atexit handlers could take the locks
// that are stuck). Under `tangle run` the full report comes from there.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

namespace __tangle {
namespace {

constexpr uint32_t kDefaultTimeout = 10;
constexpr int kDeadlockExitStatus = 66;
constexpr uint32_t kMaxWatched = 4096; // threads the verdict looks at

uint32_t g_timeout_seconds;
uint32_t g_watchdog_pid; // the process whose watchdog is running
pthread_t g_watchdog_thread;

// What the watchdog knows of one thread between looks.
struct Watched {
  ThreadState *t;
  uint32_t seq;
  uint32_t kind;
  uint64_t blocked_since_ns; // 0: running at the last look
  ThreadState *waits_for;    // the thread it waits for, or nullptr
};

struct Snapshot {
  Watched threads[kMaxWatched];
  uint32_t count;
};

uint32_t timeout_from_environment() {
  const char *v = getenv("TANGLE_DEADLOCK_TIMEOUT");
  if (!v || !*v)
    return kDefaultTimeout;
  char *end = nullptr;
  unsigned long n = strtoul(v, &end, 10);
  if (*end) {
    report_warning("TANGLE_DEADLOCK_TIMEOUT=%s is not a number of seconds; "
                   "using %u", v, kDefaultTimeout);
    return kDefaultTimeout;
  }
  return (uint32_t)n;
}

// The number of threads of this process, from /proc (no allocation).
int os_thread_count() {
  char buf[4096];
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  const char *p = strstr(buf, "\nThreads:");
  return p ? atoi(p + 9) : -1;
}

bool holds(const ThreadState *t, const void *lock) {
  const HeldLock *held = __atomic_load_n(&t->held, __ATOMIC_ACQUIRE);
  uint32_t n = __atomic_load_n(&t->num_held, __ATOMIC_RELAXED);
  if (n > t->held_capacity)
    return false; // mid-growth: look again next time
  for (uint32_t i = 0; i < n; ++i)
    if (held[i].lock == (uptr)lock)
      return true;
  return false;
}

// Whom a blocked thread waits for: a lock's holder (itself, for a
// non-recursive lock it re-took), or the joined thread.
ThreadState *awaited(ThreadState *t, uint32_t kind, const void *object) {
  if (kind == TANGLE_WAIT_LOCK && holds(t, object))
    return t;
  for (ThreadState *o = thread_registry(); o; o = o->next) {
    if (o == t)
      continue;
    if (kind == TANGLE_WAIT_LOCK && holds(o, object))
      return o;
    if (kind == TANGLE_WAIT_JOIN && !o->exited &&
        o->pthread_id == (uint64_t)(uptr)object)
      return o;
  }
  return nullptr;
}

// Refreshes the snapshot from the registry.
void look(Snapshot &s, uint64_t now) {
  uint32_t n = 0;
  for (ThreadState *t = thread_registry(); t && n < kMaxWatched; t = t->next) {
    if (t->exited || t->pass_through & kNoSession)
      continue;
    Watched w{t, __atomic_load_n(&t->block_seq, __ATOMIC_RELAXED),
              __atomic_load_n(&t->block_kind, __ATOMIC_ACQUIRE), 0, nullptr};
    for (uint32_t i = 0; i < s.count; ++i)
      if (s.threads[i].t == t && s.threads[i].seq == w.seq &&
          s.threads[i].kind == w.kind && w.kind)
        w.blocked_since_ns = s.threads[i].blocked_since_ns;
    if (w.kind && !w.blocked_since_ns)
      w.blocked_since_ns = now;
    if (w.kind)
      w.waits_for = awaited(t, w.kind, t->block_object);
    s.threads[n++] = w;
  }
  s.count = n;
}

bool blocked_long(const Watched &w, uint64_t now) {
  return w.kind && now - w.blocked_since_ns >= g_timeout_seconds * 1000000000ull;
}

Watched *find(Snapshot &s, const ThreadState *t) {
  for (uint32_t i = 0; i < s.count; ++i)
    if (s.threads[i].t == t)
      return &s.threads[i];
  return nullptr;
}

// The threads of a verdict, in `out`; returns how many and the reason.
uint32_t verdict(Snapshot &s, uint64_t now, Watched **out, uint32_t *reason) {
  uint32_t blocked = 0;
  for (uint32_t i = 0; i < s.count; ++i) {
    Watched &w = s.threads[i];
    if (!blocked_long(w, now))
      continue;
    ++blocked;
    if (w.waits_for && w.waits_for->exited && w.kind == TANGLE_WAIT_LOCK) {
      out[0] = &w;
      *reason = TANGLE_DEADLOCK_ORPHANED;
      return 1;
    }
    // Follow whom it waits for; a return to `w` closes a cycle.
    uint32_t len = 0;
    for (Watched *c = &w; c && blocked_long(*c, now) && len < kMaxWatched;
         c = c->waits_for ? find(s, c->waits_for) : nullptr) {
      out[len++] = c;
      if (c->waits_for == w.t) {
        *reason = TANGLE_DEADLOCK_CYCLE;
        return len;
      }
      if (c->waits_for == c->t)
        break;
    }
  }
  // Every live thread blocked, and no thread the registry does not know.
  if (blocked && blocked == s.count && os_thread_count() == (int)s.count + 1) {
    for (uint32_t i = 0; i < s.count; ++i)
      out[i] = &s.threads[i];
    *reason = TANGLE_DEADLOCK_ALL_BLOCKED;
    return s.count;
  }
  return 0;
}

void write_deadlock_record(Watched **threads, uint32_t n, uint32_t reason) {
  ThreadState *me = current_thread(); // the watchdog's own state
  if (me->pass_through || !ensure_thread_registered(me))
    return;
  uint32_t bytes = sizeof(tangle_deadlock_record);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t held = threads[i]->t->num_held;
    bytes += sizeof(tangle_deadlock_thread) +
             (held < TANGLE_MAX_CHAIN_HELD ? held : TANGLE_MAX_CHAIN_HELD) *
                 sizeof(tangle_chain_entry);
  }
  // Export every site and shared identity before reserving the record.
  for (uint32_t i = 0; i < n; ++i) {
    ThreadState *t = threads[i]->t;
    if (t->block_site)
      export_site(me, t->block_site);
    note_lock_identity(me, (uptr)t->block_object);
    for (uint32_t j = 0; j < t->num_held; ++j) {
      export_site(me, t->held[j].site);
      note_lock_identity(me, t->held[j].lock);
    }
  }
  auto *r = (tangle_deadlock_record *)record_reserve(me, bytes);
  if (!r)
    return;
  r->h = {TANGLE_REC_DEADLOCK, (uint16_t)reason, bytes};
  r->num_threads = n;
  r->blocked_seconds = g_timeout_seconds;
  r->time_ns = monotonic_ns();
  char *p = (char *)(r + 1);
  for (uint32_t i = 0; i < n; ++i) {
    ThreadState *t = threads[i]->t;
    auto *d = (tangle_deadlock_thread *)p;
    ThreadState *w = threads[i]->waits_for;
    uint32_t held = t->num_held < TANGLE_MAX_CHAIN_HELD ? t->num_held
                                                        : TANGLE_MAX_CHAIN_HELD;
    // The blocked threads are registered: they recorded what they block on.
    d->thread_uid = t->uid;
    d->wait_kind = threads[i]->kind;
    d->wait_site = t->block_site ? t->block_site->id : 0;
    d->num_held = held;
    d->wait_object = (uint64_t)(uptr)t->block_object;
    d->waits_for_thread = w ? w->uid : 0;
    d->waits_for_exited = w ? w->exited : 0;
    uint32_t first = t->num_held - held;
    for (uint32_t j = 0; j < held; ++j) {
      const HeldLock &h = t->held[first + j];
      d->held[j] = {h.lock, h.site ? h.site->id : 0, h.flags, h.generation};
    }
    p += sizeof *d + held * sizeof(tangle_chain_entry);
  }
  record_commit(me, bytes);
}

const char *what_blocks(uint32_t kind) {
  switch (kind) {
  case TANGLE_WAIT_LOCK: return "a lock";
  case TANGLE_WAIT_COND: return "a condition variable";
  case TANGLE_WAIT_SEM: return "a semaphore";
  case TANGLE_WAIT_BARRIER: return "a barrier";
  case TANGLE_WAIT_JOIN: return "another thread's end";
  default: return "something";
  }
}

void say_verdict(Watched **threads, uint32_t n, uint32_t reason) {
  const char *why = reason == TANGLE_DEADLOCK_CYCLE ? "waiting for each other"
                    : reason == TANGLE_DEADLOCK_ORPHANED
                        ? "waiting for a lock held by a thread that has ended"
                        : "and every thread of the process is blocked";
  report_warning("deadlock: %u thread(s) blocked for %u s, %s", n,
                 g_timeout_seconds, why);
  if (getenv("TANGLE_RUN")) // tangle run prints the full report
    return;
  for (uint32_t i = 0; i < n; ++i) {
    ThreadState *t = threads[i]->t;
    __tangle_site *s = t->block_site;
    report_warning("  thread %u (tid %u) waits for %s at %s:%u in %s, "
                   "holding %u lock(s)",
                   t->uid, t->os_tid, what_blocks(threads[i]->kind),
                   s && s->file ? s->file : "?", s ? s->line : 0,
                   s && s->function ? s->function : "?", t->num_held);
  }
  report_warning("run 'tangle analyze' on the session for the whole story");
}

void *watchdog_main(void *) {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  // Large: lives in this thread's mapping, not on its stack.
  auto *s = (Snapshot *)internal_alloc(sizeof(Snapshot));
  auto **found = (Watched **)internal_alloc(kMaxWatched * sizeof(Watched *));
  if (!s || !found)
    return nullptr;
  for (;;) {
    timespec second = {1, 0};
    nanosleep(&second, nullptr);
    uint64_t now = monotonic_ns();
    look(*s, now);
    uint32_t reason = 0;
    uint32_t n = verdict(*s, now, found, &reason);
    if (!n)
      continue;
    write_deadlock_record(found, n, reason);
    say_verdict(found, n, reason);
    _exit(kDeadlockExitStatus);
  }
}

} // namespace

void start_watchdog() {
  if (g_watchdog_pid == g_process.pid)
    return;
  g_timeout_seconds = timeout_from_environment();
  if (!g_timeout_seconds || !session_active())
    return;
  g_watchdog_pid = g_process.pid;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  if (pthread_create(&g_watchdog_thread, &attr, watchdog_main, nullptr) != 0)
    report_warning("cannot start the deadlock watchdog; deadlocks will hang");
  pthread_attr_destroy(&attr);
}

} // namespace __tangle
