//===- rt_mutex_info.h - what glibc's pthread_mutex_t tells ----*- C++ -*-===//
//
// The type and owner of a mutex, from glibc's public pthread_mutex_t fields
// (kept for every mutex type). C11 mtx_t is the same object.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_MUTEX_INFO_H
#define TANGLE_RT_MUTEX_INFO_H

#include "rt_acquire.h"

#include <errno.h>
#include <pthread.h>

namespace __tangle {

struct MutexInfo {
  static constexpr uint32_t wait_kind = TANGLE_WAIT_LOCK;
  static int type(const void *m) {
    return ((const pthread_mutex_t *)m)->__data.__kind & 3; // PTHREAD_MUTEX_KIND_MASK_NP
  }
  static bool reentry_allowed(const void *m, uint16_t, uint16_t) {
    return type(m) == PTHREAD_MUTEX_RECURSIVE;
  }
  static int owner_tid(const void *m) {
    return ((const pthread_mutex_t *)m)->__data.__owner;
  }
  static uint32_t lock_type(const void *m) { return (uint32_t)type(m); }
  static bool shared(const void *m) { // PTHREAD_MUTEX_PSHARED_BIT
    return ((const pthread_mutex_t *)m)->__data.__kind & 128;
  }
};

// A robust mutex whose owner died is acquired, with EOWNERDEAD.
inline int acquired_status(int r) { return r == EOWNERDEAD ? 0 : r; }

} // namespace __tangle

#endif
