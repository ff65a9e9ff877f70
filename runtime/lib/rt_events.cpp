//===- rt_events.cpp - what the runtime records besides lock chains -------===//
//
// Misuse (double lock, bad unlock, destroying a held lock), blocking waits
// on something other than a lock while holding locks (the raw material of
// hold-and-wait), and notifications (who signals, posts, or ends, so the
// analyzer knows whom a waiter waits for). Waits and notifications are
// written once per distinct key per thread, through the chain cache.
//
//===----------------------------------------------------------------------===//
#include "rt_chain.h"

#include <string.h>

namespace __tangle {
namespace {

// Keys of waits and notifications live in the chain cache beside chain
// keys; these salts keep the families apart.
constexpr uint64_t kWaitSalt = 0x5741495400000000ull;   // "WAIT"
constexpr uint64_t kNotifySalt = 0x4e4f544900000000ull; // "NOTI"

// The held locks, as entries, leaving out `except` (a condition wait's own
// mutex, which it releases while it waits).
uint32_t held_except(ThreadState *t, tangle_chain_entry *out, const void *except) {
  uint32_t n = export_held(t, out, TANGLE_MAX_CHAIN_HELD);
  uint32_t kept = 0;
  for (uint32_t i = 0; i < n; ++i)
    if (out[i].lock != (uint64_t)(uptr)except)
      out[kept++] = out[i];
  return kept;
}

} // namespace

void record_misuse(ThreadState *t, uint32_t kind, const void *lock,
                   __tangle_site *site, uint32_t owner_tid, uint32_t lock_type) {
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  t->pass_through |= kInRuntime;
  tangle_chain_entry held[TANGLE_MAX_CHAIN_HELD];
  uint32_t n = export_held(t, held, TANGLE_MAX_CHAIN_HELD);
  uint32_t site_id = export_site(t, site);
  note_lock_identity(t, (uptr)lock);
  uint32_t bytes = sizeof(tangle_misuse_record) + n * sizeof held[0];
  if (auto *r = (tangle_misuse_record *)record_reserve(t, bytes)) {
    r->h = {TANGLE_REC_MISUSE, (uint16_t)kind, bytes};
    r->site_id = site_id;
    r->num_held = n;
    r->lock = (uint64_t)(uptr)lock;
    r->owner_tid = owner_tid;
    r->lock_type = lock_type;
    memcpy(r->held, held, n * sizeof held[0]);
    record_commit(t, bytes);
  }
  t->pass_through &= ~kInRuntime;
}

void record_wait_if_new(ThreadState *t, uint32_t kind, const void *object,
                        const void *mutex, __tangle_site *site) {
  if (t->pass_through || !t->num_held)
    return;
  uint64_t key = chain_step(t->held[t->num_held - 1].chain_key ^ kWaitSalt,
                            (uptr)object, site, (uint16_t)kind, 0);
  if (cache_contains(t->cache, key) || !ensure_thread_registered(t))
    return;
  t->pass_through |= kInRuntime;
  tangle_chain_entry held[TANGLE_MAX_CHAIN_HELD];
  uint32_t n = held_except(t, held, mutex);
  if (n) {
    uint32_t site_id = export_site(t, site);
    note_lock_identity(t, (uptr)object);
    uint32_t bytes = sizeof(tangle_wait_record) + n * sizeof held[0];
    if (auto *r = (tangle_wait_record *)record_reserve(t, bytes)) {
      r->h = {TANGLE_REC_WAIT, (uint16_t)kind, bytes};
      r->site_id = site_id;
      r->num_held = n;
      r->object = (uint64_t)(uptr)object;
      r->mutex = (uint64_t)(uptr)mutex;
      memcpy(r->held, held, n * sizeof held[0]);
      record_commit(t, bytes);
    }
  }
  remember_key(t, key);
  t->pass_through &= ~kInRuntime;
}

void record_notify_if_new(ThreadState *t, uint32_t kind, const void *object,
                          __tangle_site *site) {
  if (t->pass_through)
    return;
  uint64_t key = chain_step(kNotifySalt, (uptr)object, site, (uint16_t)kind, 0);
  if (cache_contains(t->cache, key) || !ensure_thread_registered(t))
    return;
  t->pass_through |= kInRuntime;
  uint32_t site_id = export_site(t, site);
  note_lock_identity(t, (uptr)object);
  if (auto *r = (tangle_notify_record *)record_reserve(t, sizeof(tangle_notify_record))) {
    r->h = {TANGLE_REC_NOTIFY, (uint16_t)kind, sizeof(tangle_notify_record)};
    r->site_id = site_id;
    r->reserved = 0;
    r->object = (uint64_t)(uptr)object;
    record_commit(t, sizeof *r);
  }
  remember_key(t, key);
  t->pass_through &= ~kInRuntime;
}

void lock_initialised(const void *lock, __tangle_site *site) {
  bump_lock_generation((uptr)lock);
  ThreadState *t = current_thread();
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  uint16_t flags = 0; // an init in a wrapper is its caller's, as a lock is
  site = effective_site(t, site, lock, &flags);
  t->pass_through |= kInRuntime;
  uint32_t site_id = export_site(t, site);
  note_lock_identity(t, (uptr)lock);
  if (auto *r = (tangle_lock_init_record *)record_reserve(t, sizeof(tangle_lock_init_record))) {
    r->h = {TANGLE_REC_LOCK_INIT, 0, sizeof(tangle_lock_init_record)};
    r->site_id = site_id;
    r->generation = lock_generation((uptr)lock);
    r->reserved = 0;
    r->address = (uint64_t)(uptr)lock;
    record_commit(t, sizeof *r);
  }
  t->pass_through &= ~kInRuntime;
}

void record_sem_init(ThreadState *t, const void *sem, uint32_t value) {
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  if (auto *r = (tangle_sem_init_record *)record_reserve(t, sizeof(tangle_sem_init_record))) {
    r->h = {TANGLE_REC_SEM_INIT, 0, sizeof(tangle_sem_init_record)};
    r->value = value;
    r->reserved = 0;
    r->object = (uint64_t)(uptr)sem;
    record_commit(t, sizeof *r);
  }
}

} // namespace __tangle
