//===- rt_thread_api.cpp - hooks for creating, joining and ending threads --===//
//
// A creation is recorded by the creator (CREATE: the child's pthread id and
// the time just before the call); the child is the thread with that id whose
// state was made first after that time (ids are reused only after a thread
// ended). In full mode a pthread_create or thrd_create child starts in the
// race detector's trampoline, which hands it its creator's clock
// (rt_race_thread.cpp). Joins are waits for another thread. pthread_exit
// notes how the thread ended, for the lock-leak report its exit record
// carries.
//
// std::thread starts and joins threads inside libstdc++.so; its two
// out-of-line functions are hooked by mangled name and called through weak
// references, so C programs link without libstdc++.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"

#include <pthread.h>
#include <string.h>
#include <threads.h>

using namespace __tangle;

extern "C++" {
void libstdcxx_thread_start(void *self, void *state, void *depend)
    __asm__("_ZNSt6thread15_M_start_threadESt10unique_ptrINS_6_StateESt14default_deleteIS1_EEPFvvE")
        __attribute__((weak));
void libstdcxx_thread_join(void *self) __asm__("_ZNSt6thread4joinEv")
    __attribute__((weak));
}

namespace {

void record_creation(__tangle_site *site, uint64_t child, uint64_t before_ns) {
  ThreadState *t = current_thread();
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  t->pass_through |= kInRuntime;
  uint16_t flags = 0;
  uint32_t site_id = export_site(t, effective_site(t, site, nullptr, &flags));
  if (auto *r = (tangle_create_record *)record_reserve(t, sizeof(tangle_create_record))) {
    r->h = {TANGLE_REC_CREATE, 0, sizeof(tangle_create_record)};
    r->site_id = site_id;
    r->reserved = 0;
    r->child_pthread_id = child;
    r->time_ns = before_ns;
    record_commit(t, sizeof *r);
  }
  t->pass_through &= ~kInRuntime;
}

// A join blocks until `thread` ends: a wait the watchdog and the
// hold-and-wait analysis see.
template <typename Call>
auto joining(uint64_t thread, __tangle_site *site, Call call) {
  ThreadState *t = current_thread();
  if (t->pass_through)
    return call();
  uint16_t flags = 0;
  __tangle_site *at = effective_site(t, site, nullptr, &flags);
  record_wait_if_new(t, TANGLE_WAIT_JOIN, (const void *)thread, nullptr, at);
  begin_blocking(t, TANGLE_WAIT_JOIN, (const void *)thread, at);
  auto r = call();
  end_blocking(t);
  return r;
}

} // namespace

TANGLE_EXPORT int __tangle_pthread_create(void *thread, const void *attr,
                                          void *start, void *arg,
                                          __tangle_site *site) {
  uint64_t before = monotonic_ns();
  auto *routine = (void *(*)(void *))start;
  ChildStart *child = race_child_start(routine, arg);
  int r = pthread_create((pthread_t *)thread, (const pthread_attr_t *)attr,
                         child ? __tangle_child_start : routine,
                         child ? (void *)child : arg);
  if (r == 0)
    record_creation(site, (uint64_t) * (pthread_t *)thread, before);
  else if (child)
    race_child_not_started(child);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_join(uint64_t thread, void **retval,
                                        __tangle_site *site) {
  int r = joining(thread, site, [&] { return pthread_join((pthread_t)thread, retval); });
  if (r == 0)
    race_after_join(thread);
  return r;
}

// Joins that may give up do not wait forever: nothing to watch.
TANGLE_EXPORT int __tangle_pthread_tryjoin_np(uint64_t thread, void **retval,
                                              __tangle_site *site) {
  (void)site;
  int r = pthread_tryjoin_np((pthread_t)thread, retval);
  if (r == 0)
    race_after_join(thread);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_timedjoin_np(uint64_t thread, void **retval,
                                                const void *abstime,
                                                __tangle_site *site) {
  (void)site;
  int r = pthread_timedjoin_np((pthread_t)thread, retval,
                               (const struct timespec *)abstime);
  if (r == 0)
    race_after_join(thread);
  return r;
}

TANGLE_EXPORT int __tangle_pthread_clockjoin_np(uint64_t thread, void **retval,
                                                int clock, const void *abstime,
                                                __tangle_site *site) {
  (void)site;
  int r = pthread_clockjoin_np((pthread_t)thread, retval, (clockid_t)clock,
                               (const struct timespec *)abstime);
  if (r == 0)
    race_after_join(thread);
  return r;
}

TANGLE_EXPORT void __tangle_pthread_exit(void *retval, __tangle_site *site) {
  (void)site;
  ThreadState *t = current_thread();
  if (!t->pass_through)
    t->exit_reason = TANGLE_EXIT_PTHREAD_EXIT;
  pthread_exit(retval);
}

TANGLE_EXPORT int __tangle_thrd_create(void *thread, void *start, void *arg,
                                       __tangle_site *site) {
  uint64_t before = monotonic_ns();
  auto routine = (thrd_start_t)start;
  ChildStart *child = race_c11_child_start(routine, arg);
  int r = thrd_create((thrd_t *)thread, child ? __tangle_c11_child_start : routine,
                      child ? (void *)child : arg);
  if (r == thrd_success)
    record_creation(site, (uint64_t) * (thrd_t *)thread, before);
  else if (child)
    race_child_not_started(child);
  return r;
}

TANGLE_EXPORT int __tangle_thrd_join(uint64_t thread, void *result,
                                     __tangle_site *site) {
  int r = joining(thread, site, [&] { return thrd_join((thrd_t)thread, (int *)result); });
  if (r == thrd_success)
    race_after_join(thread);
  return r;
}

TANGLE_EXPORT void __tangle_thrd_exit(int result, __tangle_site *site) {
  (void)site;
  ThreadState *t = current_thread();
  if (!t->pass_through)
    t->exit_reason = TANGLE_EXIT_PTHREAD_EXIT;
  thrd_exit(result);
}

TANGLE_EXPORT void __tangle_cxx_thread_start(void *self, void *state,
                                             void *depend, __tangle_site *site) {
  uint64_t before = monotonic_ns();
  race_before_create();
  libstdcxx_thread_start(self, state, depend);
  // std::thread's first member is the native handle.
  record_creation(site, *(uint64_t *)self, before);
}

TANGLE_EXPORT void __tangle_cxx_thread_join(void *self, __tangle_site *site) {
  uint64_t id = *(uint64_t *)self;
  joining(id, site, [&] {
    libstdcxx_thread_join(self);
    return 0;
  });
  race_after_join(id);
}
