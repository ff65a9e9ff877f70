//===- rt_shared_held.cpp - process-shared locks a thread holds, in place --===//
//
// A process killed while it holds a process-shared lock leaves the lock
// held for every other process (a robust mutex's EOWNERDEAD, or a hang).
// Nothing runs at a SIGKILL, so each thread keeps the table of the shared
// locks it holds in the session itself, rewritten as it goes; the table a
// dead process left says what it held. Only locks the primitive marks as
// process-shared pay for this (a pshared mutex or rwlock, a shared or named
// semaphore, a file lock).
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"

#include <string.h>
#include <time.h>

namespace __tangle {
namespace {

constexpr uint32_t kTableCapacity = 32;

tangle_held_shared_record *table(ThreadState *t) {
  if (t->shared_table || !ensure_thread_registered(t))
    return t->shared_table;
  uint32_t bytes = sizeof(tangle_held_shared_record) +
                   kTableCapacity * sizeof(tangle_held_shared_entry);
  auto *r = (tangle_held_shared_record *)record_reserve(t, bytes);
  if (!r)
    return nullptr;
  memset(r, 0, bytes);
  r->h = {TANGLE_REC_HELD_SHARED, 0, bytes};
  r->capacity = kTableCapacity;
  record_commit(t, bytes);
  t->shared_table = r;
  return r;
}

} // namespace

void shared_lock_taken(ThreadState *t, const void *lock, __tangle_site *site) {
  t->pass_through |= kInRuntime;
  if (tangle_held_shared_record *r = table(t)) {
    uint32_t n = __atomic_load_n(&r->count, __ATOMIC_RELAXED);
    bool found = false;
    for (uint32_t i = 0; i < n && !found; ++i)
      if (r->entries[i].lock == (uint64_t)(uptr)lock) {
        ++r->entries[i].depth;
        found = true;
      }
    if (!found && n < r->capacity) {
      note_lock_identity(t, (uptr)lock);
      r->entries[n] = {(uint64_t)(uptr)lock, export_site(t, site), 1};
      __atomic_store_n(&r->count, n + 1, __ATOMIC_RELEASE);
    } else if (!found) {
      ++r->overflow;
    }
  }
  t->pass_through &= ~kInRuntime;
}

void shared_lock_released(ThreadState *t, const void *lock) {
  tangle_held_shared_record *r = t->shared_table;
  if (!r)
    return;
  uint32_t n = __atomic_load_n(&r->count, __ATOMIC_RELAXED);
  for (uint32_t i = 0; i < n; ++i) {
    if (r->entries[i].lock != (uint64_t)(uptr)lock)
      continue;
    if (--r->entries[i].depth)
      return;
    r->entries[i] = r->entries[n - 1]; // the last fills the hole
    __atomic_store_n(&r->count, n - 1, __ATOMIC_RELEASE);
    return;
  }
}

void record_process_exit() {
  ThreadState *t = current_thread();
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  if (g_races)
    write_race_stats(t);
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  if (auto *r = (tangle_process_exit_record *)record_reserve(t, sizeof(tangle_process_exit_record))) {
    r->h = {TANGLE_REC_PROCESS_EXIT, 0, sizeof(tangle_process_exit_record)};
    r->status = 0;
    r->reserved = 0;
    r->time_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    record_commit(t, sizeof *r);
  }
}

} // namespace __tangle
