//===- rt_thread.cpp - per-thread state ------------------------------------===//
//
// Each thread gets a ThreadState on its first hook: its held locks, its
// chain cache and the session chunk it appends to. It is reached through
// one initial-exec TLS pointer, so the hot path costs one %fs load.
// A pthread key destructor frees it when the thread exits; hooks that run
// after that (other TLS destructors unlocking) pass straight through.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

namespace __tangle {

__thread ThreadState *tls_thread __attribute__((tls_model("initial-exec")));

namespace {

// Stand-ins for threads that cannot record; constant-initialised.
ThreadState g_gone_thread = {kThreadGone, 0, 0, 0, 0, 0, nullptr, {}, nullptr, nullptr, nullptr, 0, nullptr};
ThreadState g_unrecorded_thread = {kNoSession, 0, 0, 0, 0, 0, nullptr, {}, nullptr, nullptr, nullptr, 0, nullptr};

pthread_key_t g_thread_key;
bool g_thread_key_ok;

void destroy_thread_state(void *arg) {
  auto *t = (ThreadState *)arg;
  tls_thread = &g_gone_thread;
  if (!t || t == &g_gone_thread || t == &g_unrecorded_thread)
    return;
  release_chain_state(t);
  internal_free(t, sizeof *t);
}

} // namespace

void init_thread_key() {
  g_thread_key_ok = pthread_key_create(&g_thread_key, destroy_thread_state) == 0;
}

ThreadState *create_thread_state() {
  ensure_process_initialized();
  if (tls_thread) // initialisation created it
    return tls_thread;
  auto *t = (ThreadState *)internal_alloc(sizeof(ThreadState));
  if (!t) {
    tls_thread = &g_unrecorded_thread;
    return tls_thread;
  }
  t->os_tid = (uint32_t)gettid();
  if (!session_active())
    t->pass_through = kNoSession;
  tls_thread = t;
  if (g_thread_key_ok)
    pthread_setspecific(g_thread_key, t);
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
  record_commit(t, sizeof *r);
  return true;
}

void reset_thread_after_fork(ThreadState *t) {
  t->uid = 0;
  t->chunk = nullptr;
  t->os_tid = (uint32_t)gettid();
  clear_chain_cache(t);
}

} // namespace __tangle
