//===- rt_race_thread.cpp - threads, once, atomics and fences for races ---===//
//
// A thread's detector state is made at its first access or hook once races
// are on: a slot, and a vector clock that starts from its creator's. A
// thread made by pthread_create or thrd_create starts in a trampoline that
// hands it the clock its creator had when creating it (a start record); one
// made inside libstdc++ (std::thread) starts from the process-wide creation
// clock, which every creator releases into: ordered after everything its
// creator did, and after what other creators did before (that can hide a
// race between them, never invent one). A thread that ends
// keeps its final clock for joiners; the state is never freed, so a report
// can name the thread of any cell.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"
#include "rt_race_report.h"

#include <pthread.h>
#include <string.h>

namespace __tangle {

bool g_races;
bool g_fork_child;
__thread RaceThread *tls_race __attribute__((tls_model("initial-exec")));

namespace {

// Slot -> state, in pages of 1024 made on demand.
constexpr uint32_t kSlotsPerPage = 1024;
RaceThread **g_slot_pages[(kMaxSlots + 1) / kSlotsPerPage + 1];
uint32_t g_next_slot; // slots from 1
char g_creation_clock; // the address creators release on
bool g_slots_said;
// The creator's clock for a thread being made by its trampoline.
__thread const VectorClock *tls_creator_clock __attribute__((tls_model("initial-exec")));

bool set_slot(uint32_t slot, RaceThread *r) {
  uint32_t page = slot / kSlotsPerPage;
  RaceThread **p = __atomic_load_n(&g_slot_pages[page], __ATOMIC_ACQUIRE);
  if (!p) {
    auto *fresh = (RaceThread **)internal_alloc(kSlotsPerPage * sizeof(RaceThread *));
    if (!fresh)
      return false;
    RaceThread **expected = nullptr;
    if (__atomic_compare_exchange_n(&g_slot_pages[page], &expected, fresh, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      p = fresh;
    } else {
      internal_free(fresh, kSlotsPerPage * sizeof(RaceThread *));
      p = expected;
    }
  }
  __atomic_store_n(&p[slot % kSlotsPerPage], r, __ATOMIC_RELEASE);
  return true;
}

// A new thread's stack may be an ended thread's, cached by glibc: what was
// done there before is not this thread's history.
void forget_stack() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return;
  void *base = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &base, &size) == 0 && base && size)
    race_reset_range((uptr)base, size);
  pthread_attr_destroy(&attr);
}

RaceThread *make_race_thread(ThreadState *t) {
  uint32_t slot = __atomic_add_fetch(&g_next_slot, 1, __ATOMIC_RELAXED);
  if (slot > kMaxSlots) {
    __atomic_add_fetch(&g_untracked_threads, 1, __ATOMIC_RELAXED);
    if (!__atomic_exchange_n(&g_slots_said, true, __ATOMIC_RELAXED))
      report_warning("more than %u threads: races of newer threads are not "
                     "checked", kMaxSlots);
    return nullptr;
  }
  auto *r = (RaceThread *)small_alloc(sizeof(RaceThread));
  if (!r || !set_slot(slot, r))
    return nullptr;
  r->slot = slot;
  r->owner = t;
  r->lockset_key = 0;
  r->ignore = 1; // while it is being made
  if (!r->vc.set(slot, 1))
    return nullptr;
  tls_race = r;
  if (tls_creator_clock)
    r->vc.join(*tls_creator_clock);
  else
    race_acquire(r, &g_creation_clock);
  refresh_epoch(r);
  if (t->os_tid != g_process.pid)
    forget_stack();
  race_stack_bounds(r);
  t->race = r;
  r->ignore = 0;
  return r;
}

bool has_release(uint32_t order) {
  return order == __ATOMIC_RELEASE || order == __ATOMIC_ACQ_REL ||
         order == __ATOMIC_SEQ_CST;
}
bool has_acquire(uint32_t order) {
  return order == __ATOMIC_ACQUIRE || order == __ATOMIC_CONSUME ||
         order == __ATOMIC_ACQ_REL || order == __ATOMIC_SEQ_CST;
}

void once_trampoline() {
  RaceThread *r = tls_race;
  if (!r)
    return;
  void (*routine)() = r->once_routine;
  const void *once = r->once_object;
  routine();
  race_release(r, once);
}

} // namespace

// What a trampoline needs: the program's routine and argument, and the
// creator's clock at the creation.
struct ChildStart {
  void *(*routine)(void *);
  int (*c11_routine)(void *);
  void *arg;
  VectorClock creator_clock;
};

namespace {

ChildStart *make_child_start(void *arg) {
  RaceThread *r = g_races ? race_thread() : nullptr;
  if (!r)
    return nullptr;
  auto *s = (ChildStart *)small_alloc(sizeof(ChildStart));
  if (s) {
    *s = {nullptr, nullptr, arg, {nullptr, 0, 0}};
    s->creator_clock.copy_from(r->vc); // before the release's tick
  }
  // Threads that uninstrumented code creates start from the creation
  // clock: they stay ordered after every creator's past, as before.
  race_release(r, &g_creation_clock);
  return s;
}

void free_child_start(ChildStart *s) {
  s->creator_clock.release_memory();
  small_free(s, sizeof *s);
}

// In the child, before the program's routine: the thread's state is made
// from the record's clock, and the record freed.
void enter_child(ChildStart *s) {
  tls_creator_clock = &s->creator_clock;
  race_thread();
  tls_creator_clock = nullptr;
  free_child_start(s);
}

} // namespace

ChildStart *race_child_start(void *(*routine)(void *), void *arg) {
  ChildStart *s = make_child_start(arg);
  if (s)
    s->routine = routine;
  return s;
}

ChildStart *race_c11_child_start(int (*routine)(void *), void *arg) {
  ChildStart *s = make_child_start(arg);
  if (s)
    s->c11_routine = routine;
  return s;
}

void race_child_not_started(ChildStart *s) { free_child_start(s); }

// The child's memory is a copy taken at the fork: everything any parent
// thread did before happened before the child's first step. Its one thread
// takes every other thread's clock.
void race_after_fork() {
  g_fork_child = true;
  sync_after_fork();
  lists_after_fork();
  reports_after_fork();
  shadow_after_fork();
  stacks_after_fork();
  RaceThread *r = tls_race;
  if (!r)
    return;
  uint32_t slots = __atomic_load_n(&g_next_slot, __ATOMIC_RELAXED);
  for (uint32_t s = 1; s <= slots && s <= kMaxSlots; ++s)
    if (RaceThread *o = race_thread_of_slot(s))
      if (o != r)
        r->vc.join(o->vc);
}

RaceThread *race_thread_slow() {
  if (!g_races)
    return nullptr;
  ThreadState *t = current_thread();
  if (t->pass_through)
    return nullptr; // inside the runtime, ended, or not recording
  if (t->race)
    return t->race->exited ? nullptr : t->race;
  if (!ensure_thread_registered(t))
    return nullptr;
  return make_race_thread(t);
}

RaceThread *race_thread_of_slot(uint32_t slot) {
  if (!slot || slot > kMaxSlots)
    return nullptr;
  RaceThread **p = __atomic_load_n(&g_slot_pages[slot / kSlotsPerPage], __ATOMIC_ACQUIRE);
  return p ? __atomic_load_n(&p[slot % kSlotsPerPage], __ATOMIC_ACQUIRE) : nullptr;
}

void race_before_create() {
  if (RaceThread *r = g_races ? race_thread() : nullptr)
    race_release(r, &g_creation_clock);
}

void race_after_join(uint64_t pthread_id) {
  RaceThread *r = g_races ? race_thread() : nullptr;
  if (!r)
    return;
  for (ThreadState *o = thread_registry(); o; o = o->next)
    if (o->pthread_id == pthread_id && o->race && o->race != r &&
        __atomic_load_n(&o->race->exited, __ATOMIC_ACQUIRE)) {
      r->vc.join(o->race->exit_vc);
      break;
    }
}

void race_thread_exit(ThreadState *t) {
  RaceThread *r = t->race;
  if (!r)
    return;
  r->exit_vc.copy_from(r->vc);
  __atomic_store_n(&r->exited, 1u, __ATOMIC_RELEASE);
  tls_race = nullptr;
  r->ignore = 1;
}

void (*race_once_routine(const void *once, void (*routine)()))() {
  RaceThread *r = g_races ? race_thread() : nullptr;
  if (!r)
    return routine;
  r->once_routine = routine;
  r->once_object = once;
  return once_trampoline;
}

} // namespace __tangle

using namespace __tangle;

TANGLE_EXPORT void __tangle_register_race_module(const __tangle_site *sites,
                                                 uint64_t count) {
  register_site_table(sites, count);
  __atomic_store_n(&g_races, true, __ATOMIC_RELEASE);
}

// Before an atomic access: it is checked (atomic accesses race only with
// plain ones), and a release publishes the thread's clock on the address.
TANGLE_EXPORT void __tangle_atomic_before(const void *addr, uint32_t size,
                                          uint32_t is_write, uint32_t order,
                                          __tangle_site *site) {
  RaceThread *r = race_thread();
  if (!r || r->ignore)
    return;
  race_access(r, (uptr)addr, size, is_write, kCellAtomic, site,
              (uptr)__builtin_frame_address(0));
  if (is_write && has_release(order))
    race_release(r, addr);
  else if (is_write && r->has_release_fence)
    race_release_clock(r->fence_release, r->slot, addr);
}

// After an atomic load or read-modify-write: an acquire takes what was
// released on the address; a relaxed read is remembered for a later
// acquire fence (the last 16 are).
TANGLE_EXPORT void __tangle_atomic_after(const void *addr, uint32_t order) {
  RaceThread *r = race_thread();
  if (!r || r->ignore)
    return;
  if (has_acquire(order))
    race_acquire(r, addr);
  else
    r->recent_loads[r->recent_count++ % RaceThread::kRecentLoads] = addr;
}

TANGLE_EXPORT void __tangle_atomic_fence(uint32_t order) {
  RaceThread *r = race_thread();
  if (!r || r->ignore)
    return;
  if (has_acquire(order)) { // it pairs with what the recent relaxed loads read
    uint32_t n = r->recent_count < RaceThread::kRecentLoads ? r->recent_count
                                                            : RaceThread::kRecentLoads;
    for (uint32_t i = 0; i < n; ++i)
      race_acquire(r, r->recent_loads[i], /*shared=*/true); // what they read
    r->recent_count = 0;
  }
  if (has_release(order)) {
    r->fence_release.copy_from(r->vc);
    r->has_release_fence = true;
  }
  if (has_release(order))
    tick(r);
}

// Function-local statics: the thread that initialises releases the guard;
// the others (and the inline fast path, an acquire load the race pass
// sees) acquire it.
// Weak: C programs have no C++ runtime, and never call these hooks.
extern "C" int __cxa_guard_acquire(uint64_t *guard) __attribute__((weak));
extern "C" void __cxa_guard_release(uint64_t *guard) __attribute__((weak));

TANGLE_EXPORT int __tangle_cxa_guard_acquire(uint64_t *guard, __tangle_site *) {
  int must_init = __cxa_guard_acquire(guard);
  if (!must_init)
    sync_acquire(guard);
  return must_init;
}

TANGLE_EXPORT void __tangle_cxa_guard_release(uint64_t *guard, __tangle_site *) {
  sync_release(guard);
  __cxa_guard_release(guard);
}

extern "C" void *__tangle_child_start(void *start) {
  auto *s = (ChildStart *)start;
  void *(*routine)(void *) = s->routine;
  void *arg = s->arg;
  enter_child(s);
  return routine(arg);
}

extern "C" int __tangle_c11_child_start(void *start) {
  auto *s = (ChildStart *)start;
  int (*routine)(void *) = s->c11_routine;
  void *arg = s->arg;
  enter_child(s);
  return routine(arg);
}
