//===- rt_context.cpp - call sites and library wrapper contexts -----------===//
//
// Sites are static (emitted by the pass) and exported lazily: the first
// time an acquisition at a site is recorded, its file, line, function and
// lock name are written to the session as a SITE record and the site gets
// a session-wide id. Sites never used in a recorded chain cost nothing.
//
// A wrapper context covers a call from user code into a library function
// that locks inside (std::lock_guard's constructor, std::scoped_lock,
// std::lock). While it is active, acquisitions at library sites are
// reported at the user's call, named by the argument that matches: the
// pass gives consecutive sites, one per lock argument, in argument order.
// Contexts do not nest: the outermost user call is the one the user wrote.
//
// The program's own wrappers (ovs_mutex_lock_at(mutex, where)) live in
// other modules than their callers, so the caller cannot know it calls
// one. Every call that passes a pointer to a lock (or to a lock-wrapping
// struct) stores its site and that pointer in __tangle_caller; a site in a
// function that locks what its parameter points to is flagged
// TANGLE_SITE_CALLER and reported at the caller's site when the lock
// matches.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <string.h>

extern "C" { // a definition (without braces, extern "C" would only declare it)
__attribute__((visibility("default")))
__thread __tangle_caller_context __tangle_caller __attribute__((tls_model("initial-exec")));
}

namespace __tangle {
namespace {

constexpr uint32_t kMaxSiteString = 4095;

TANGLE_NOINLINE uint32_t export_site_slow(ThreadState *t, __tangle_site *s) {
  tangle_session_header *h = session_header();
  if (!h)
    return 0;
  uint32_t id = __atomic_add_fetch(&h->next_site_id, 1, __ATOMIC_RELAXED);
  uint32_t file_len = bounded_strlen(s->file, kMaxSiteString);
  uint32_t fn_len = bounded_strlen(s->function, kMaxSiteString);
  uint32_t name_len = bounded_strlen(s->lock_name, kMaxSiteString);
  uint32_t class_len = bounded_strlen(s->lock_class, kMaxSiteString);
  uint32_t bytes = round_up8(sizeof(tangle_site_record) + file_len + fn_len +
                             name_len + class_len + 4);
  if (auto *r = (tangle_site_record *)record_reserve(t, bytes)) {
    memset(r, 0, bytes);
    r->h.type = TANGLE_REC_SITE;
    r->h.size = bytes;
    r->site_id = id;
    r->flags = s->flags;
    r->line = s->line;
    r->column = s->column;
    r->file_len = (uint16_t)file_len;
    r->function_len = (uint16_t)fn_len;
    r->name_len = (uint16_t)name_len;
    r->class_len = (uint16_t)class_len;
    char *p = put_string((char *)(r + 1), s->file, file_len);
    p = put_string(p, s->function, fn_len);
    p = put_string(p, s->lock_name, name_len);
    put_string(p, s->lock_class, class_len);
    record_commit(t, bytes);
  }
  uint32_t expected = 0;
  if (!__atomic_compare_exchange_n(&s->id, &expected, id, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return expected; // another thread exported it first; ours is unused
  return id;
}

} // namespace

uint32_t export_site(ThreadState *t, __tangle_site *site) {
  uint32_t id = __atomic_load_n(&site->id, __ATOMIC_ACQUIRE);
  return id ? id : export_site_slow(t, site);
}

} // namespace __tangle

using namespace __tangle;

TANGLE_EXPORT void __tangle_context_enter(__tangle_site *site,
                                          const void *lock) {
  ThreadState *t = current_thread();
  if (t->pass_through || t->ctx_site)
    return;
  t->ctx_single_lock = lock;
  t->ctx_locks = &t->ctx_single_lock;
  t->ctx_nlocks = lock ? 1 : 0;
  t->ctx_site = site;
}

TANGLE_EXPORT void __tangle_context_enter_n(__tangle_site *site,
                                            uint32_t nlocks,
                                            const void *const *locks) {
  ThreadState *t = current_thread();
  if (t->pass_through || t->ctx_site)
    return;
  t->ctx_locks = locks;
  t->ctx_nlocks = nlocks;
  t->ctx_site = site;
}

TANGLE_EXPORT void __tangle_context_leave(__tangle_site *site) {
  ThreadState *t = current_thread();
  if (t->ctx_site == site)
    t->ctx_site = nullptr;
}
