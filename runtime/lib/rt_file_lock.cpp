//===- rt_file_lock.cpp - hooks for file locks ------------------------------===//
//
// flock, lockf and fcntl's record locks lock a file for every process that
// opens it. Each file locked is one lock, named by a stand-in address that
// cannot be a user address (the top bit set) and described by a
// SHARED_LOCK record (device, inode), so that the analyzer sees the same
// lock in every process. fcntl's byte ranges are taken as the whole file:
// two processes locking disjoint ranges in opposite orders would be
// reported though they cannot deadlock.
//
//===----------------------------------------------------------------------===//
#include "rt_acquire.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace __tangle;

namespace {

struct FileLockInfo : UnknownOwner {
  static bool reentry_allowed(const void *, uint16_t, uint16_t) {
    return true; // re-locking a file one holds changes its mode, never waits
  }
  static bool shared(const void *) { return true; }
};

// The stand-in address of the file open as `fd`, or nullptr if it cannot
// be told (then the lock is not recorded).
const void *file_lock_of(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return nullptr;
  uint64_t h = ((uint64_t)st.st_dev * 0x9E3779B97F4A7C15ull) ^
               ((uint64_t)st.st_ino * 0xC2B2AE3D27D4EB4Full);
  uptr lock = (uptr)((h >> 1) | (1ull << 63));
  ThreadState *t = current_thread();
  if (!t->pass_through) {
    t->pass_through |= kInRuntime;
    if (ensure_thread_registered(t))
      note_file_lock(t, lock, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
    t->pass_through &= ~kInRuntime;
  }
  return (const void *)lock;
}

enum class Op { Lock, TryLock, Unlock, Other };

template <typename Call>
int file_lock(int fd, Op op, bool shared, __tangle_site *site, Call call) {
  const void *lock = op == Op::Other ? nullptr : file_lock_of(fd);
  if (!lock)
    return call();
  uint16_t flags = shared ? TANGLE_ACQ_READ : 0;
  switch (op) {
  case Op::Lock:
    return blocking_acquire<FileLockInfo>(lock, site, flags, call);
  case Op::TryLock:
    return trying_acquire<FileLockInfo>(lock, site, flags, call);
  case Op::Unlock:
    releasing<FileLockInfo>(lock, site);
    return call();
  default:
    return call();
  }
}

} // namespace

TANGLE_EXPORT int __tangle_flock(int fd, int operation, __tangle_site *site) {
  int kind = operation & ~LOCK_NB;
  Op op = kind == LOCK_UN ? Op::Unlock
          : (kind == LOCK_EX || kind == LOCK_SH)
              ? ((operation & LOCK_NB) ? Op::TryLock : Op::Lock)
              : Op::Other;
  return file_lock(fd, op, kind == LOCK_SH, site, [&] { return flock(fd, operation); });
}

static Op lockf_op(int cmd) {
  switch (cmd) {
  case F_LOCK: return Op::Lock;
  case F_TLOCK: return Op::TryLock;
  case F_ULOCK: return Op::Unlock;
  default: return Op::Other;
  }
}

TANGLE_EXPORT int __tangle_lockf(int fd, int cmd, int64_t len, __tangle_site *site) {
  return file_lock(fd, lockf_op(cmd), false, site, [&] { return lockf(fd, cmd, (off_t)len); });
}

TANGLE_EXPORT int __tangle_lockf64(int fd, int cmd, int64_t len, __tangle_site *site) {
  return file_lock(fd, lockf_op(cmd), false, site,
                   [&] { return lockf64(fd, cmd, (off64_t)len); });
}

// F_SETLK(W) and the open-file-description F_OFD_SETLK(W) take a struct
// flock; its l_type says lock (read or write) or unlock.
static int fcntl_lock(int fd, int cmd, uint64_t arg, __tangle_site *site,
                      int (*real)(int, int, ...)) {
  bool blocking = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
  bool trying = cmd == F_SETLK || cmd == F_OFD_SETLK;
  const struct flock *fl = (const struct flock *)(uptr)arg;
  Op op = Op::Other;
  if ((blocking || trying) && fl)
    op = fl->l_type == F_UNLCK ? Op::Unlock : blocking ? Op::Lock : Op::TryLock;
  bool shared = fl && op != Op::Other && fl->l_type == F_RDLCK;
  return file_lock(fd, op, shared, site, [&] { return real(fd, cmd, arg); });
}

TANGLE_EXPORT int __tangle_fcntl(int fd, int cmd, uint64_t arg, __tangle_site *site) {
  return fcntl_lock(fd, cmd, arg, site, fcntl);
}

TANGLE_EXPORT int __tangle_fcntl64(int fd, int cmd, uint64_t arg, __tangle_site *site) {
  return fcntl_lock(fd, cmd, arg, site, fcntl64);
}
