//===- rt_init.cpp - process start-up and fork ------------------------------===//
//
// A process joins a session on its first hook or in its constructor,
// whichever comes first:
//  - TANGLE_SESSION names a session made by `tangle run` (a shm segment) or
//    any session file: the process appends to it;
//  - otherwise it creates a standalone session file in $TANGLE_OUT
//    (default ./tangle-out; "off" disables recording).
// A fork child is a new process of the same session: it takes a new
// process uid, and its forking thread becomes a new thread with a fresh
// chunk (the parent's chunk stays the parent's).
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace __tangle {

ProcessState g_process;

namespace {

enum InitState : int { kNotStarted = 0, kRunning = 1, kDone = 2 };
int g_init_state;
uint32_t g_init_tid;

void after_fork_child() {
  alloc_after_fork();
  maps_after_fork();
  race_after_fork();
  uint32_t parent_uid = g_process.uid;
  g_process.pid = (uint32_t)getpid();
  tangle_session_header *h = session_header();
  ThreadState *t = tls_thread;
  if (!h || !parent_uid || !t || t->pass_through)
    return;
  g_process.uid = __atomic_add_fetch(&h->next_process_uid, 1, __ATOMIC_RELAXED);
  reset_thread_after_fork(t);
  if (ensure_thread_registered(t))
    write_process_record(t, parent_uid);
  // The parent's watchdog did not come along; threads made after fork are
  // watched by a new one.
  start_watchdog();
}

bool open_or_create_session() {
  const char *session = getenv("TANGLE_SESSION");
  if (session && *session)
    return session_open_existing(session);
  const char *out = getenv("TANGLE_OUT");
  if (out && strcmp(out, "off") == 0)
    return false;
  return session_create_standalone(out && *out ? out : "tangle-out",
                                   program_invocation_short_name);
}

void initialize() {
  g_process.pid = (uint32_t)getpid();
  init_thread_key();
  pthread_atfork(nullptr, nullptr, after_fork_child);
  if (open_or_create_session()) {
    g_process.uid = __atomic_add_fetch(&session_header()->next_process_uid, 1,
                                       __ATOMIC_RELAXED);
    atexit(record_process_exit);
  }
}

} // namespace

void ensure_process_initialized() {
  if (TANGLE_LIKELY(__atomic_load_n(&g_init_state, __ATOMIC_ACQUIRE) == kDone))
    return;
  uint32_t me = (uint32_t)gettid();
  int expected = kNotStarted;
  if (__atomic_compare_exchange_n(&g_init_state, &expected, kRunning, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    g_init_tid = me;
    initialize();
    __atomic_store_n(&g_init_state, kDone, __ATOMIC_RELEASE);
    ThreadState *t = current_thread();
    if (g_process.uid && ensure_thread_registered(t))
      write_process_record(t, 0);
    start_watchdog();
    return;
  }
  if (g_init_tid == me) // re-entered from this thread's own initialisation
    return;
  while (__atomic_load_n(&g_init_state, __ATOMIC_ACQUIRE) != kDone)
    sched_yield();
}

} // namespace __tangle

__attribute__((constructor(101))) static void tangle_runtime_init() {
  __tangle::ensure_process_initialized();
}
