//===- rt_thread.cpp - per-thread state ------------------------------------===//
//
// Each thread gets a ThreadState on its first hook: its held locks, its
// chain cache, the session chunk it appends to, and what it is blocked in.
// It is reached through one initial-exec TLS pointer, so the hot path costs
// one %fs load. A state takes one page, with room for the first held locks.
//
// States are linked into a process-wide registry that the watchdog walks
// from its own thread, so they are never unmapped (and neither are held
// stacks that grew out of the page). A pthread key destructor marks a
// finished thread: it writes a THREAD_EXIT record with the locks the thread
// still holds (its leaks), frees its chain cache, and from then on the
// thread's hooks (other TLS destructors unlocking) pass straight through.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"

#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

namespace __tangle {

__thread ThreadState *tls_thread __attribute__((tls_model("initial-exec")));

namespace {

// Stand-ins for threads that cannot record; constant-initialised.
constexpr ThreadState stand_in(uint32_t why) {
  ThreadState t{};
  t.pass_through = why;
  return t;
}
ThreadState g_gone_thread = stand_in(kThreadGone);
ThreadState g_unrecorded_thread = stand_in(kNoSession);

pthread_key_t g_thread_key;
bool g_thread_key_ok;
ThreadState *g_registry;

constexpr size_t kStatePage = TANGLE_PAGE_SIZE;
static_assert(sizeof(ThreadState) + 16 * sizeof(HeldLock) <= kStatePage,
              "a state and its first held locks fit in a page");

void write_exit_record(ThreadState *t) {
  if (!ensure_thread_registered(t))
    return;
  tangle_chain_entry held[TANGLE_MAX_CHAIN_HELD];
  uint32_t n = export_held(t, held, TANGLE_MAX_CHAIN_HELD);
  uint32_t bytes = sizeof(tangle_thread_exit_record) + n * sizeof held[0];
  auto *r = (tangle_thread_exit_record *)record_reserve(t, bytes);
  if (!r)
    return;
  r->h = {TANGLE_REC_THREAD_EXIT, (uint16_t)t->exit_reason, bytes};
  r->num_held = n;
  r->reserved = 0;
  r->time_ns = monotonic_ns();
  memcpy(r->held, held, n * sizeof held[0]);
  record_commit(t, bytes);
}

// The program's own key destructors may run after this one in the same
// round, and they lock and unlock (Open vSwitch frees a thread's slot of a
// fat rwlock under the rwlock's mutex): the state stays until the last
// round glibc runs, by setting the key again each time. Whatever those
// destructors do is recorded, synchronisation included.
void destroy_thread_state(void *arg) {
  auto *t = (ThreadState *)arg;
  if (t && t != &g_gone_thread && t != &g_unrecorded_thread &&
      ++t->destructor_rounds < PTHREAD_DESTRUCTOR_ITERATIONS && g_thread_key_ok) {
    pthread_setspecific(g_thread_key, t);
    return;
  }
  tls_thread = &g_gone_thread;
  if (!t || t == &g_gone_thread || t == &g_unrecorded_thread)
    return;
  race_thread_exit(t);
  if (!(t->pass_through & kNoSession)) {
    t->pass_through |= kInRuntime;
    write_exit_record(t);
  }
  release_chain_cache(t);
  __atomic_store_n(&t->exited, 1u, __ATOMIC_RELEASE);
}

void add_to_registry(ThreadState *t) {
  ThreadState *head = __atomic_load_n(&g_registry, __ATOMIC_RELAXED);
  do
    t->next = head;
  while (!__atomic_compare_exchange_n(&g_registry, &head, t, true,
                                      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

} // namespace

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

ThreadState *thread_registry() {
  return __atomic_load_n(&g_registry, __ATOMIC_ACQUIRE);
}

void init_thread_key() {
  g_thread_key_ok = pthread_key_create(&g_thread_key, destroy_thread_state) == 0;
}

ThreadState *create_thread_state() {
  ensure_process_initialized();
  if (tls_thread) // initialisation created it
    return tls_thread;
  auto *t = (ThreadState *)internal_alloc(kStatePage);
  if (!t) {
    tls_thread = &g_unrecorded_thread;
    return tls_thread;
  }
  t->held = (HeldLock *)(t + 1);
  t->held_capacity = (kStatePage - sizeof *t) / sizeof(HeldLock);
  t->os_tid = (uint32_t)gettid();
  t->pthread_id = (uint64_t)pthread_self();
  t->start_ns = monotonic_ns();
  t->exit_reason = TANGLE_EXIT_RETURNED;
  if (!session_active())
    t->pass_through = kNoSession;
  tls_thread = t;
  if (g_thread_key_ok)
    pthread_setspecific(g_thread_key, t);
  add_to_registry(t);
  return t;
}

bool ensure_thread_registered(ThreadState *t) {
  if (t->uid)
    return true;
  tangle_session_header *h = session_header();
  if (!h || t->pass_through & (kThreadGone | kNoSession))
    return false;
  t->uid = __atomic_add_fetch(&h->next_thread_uid, 1, __ATOMIC_RELAXED);
  auto *r = (tangle_thread_record *)record_reserve(t, sizeof(tangle_thread_record));
  if (!r)
    return true;
  memset(r, 0, sizeof *r);
  r->h.type = TANGLE_REC_THREAD;
  r->h.size = sizeof *r;
  r->thread_uid = t->uid;
  r->os_tid = t->os_tid;
  r->is_main = t->os_tid == g_process.pid;
  r->pthread_id = t->pthread_id;
  r->start_ns = t->start_ns;
  record_commit(t, sizeof *r);
  return true;
}

void reset_thread_after_fork(ThreadState *t) {
  // Only the forking thread exists in the child.
  for (ThreadState *o = thread_registry(); o; o = o->next)
    if (o != t)
      o->exited = 1;
  t->uid = 0;
  t->chunk = nullptr;
  t->shared_table = nullptr; // the parent's; the child starts its own
  t->os_tid = (uint32_t)gettid();
  clear_chain_cache(t);
}

} // namespace __tangle
