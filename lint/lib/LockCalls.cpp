//===- LockCalls.cpp - the library calls tangle lint recognises -----------===//
#include "tangle/lint/LockCalls.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <string>

namespace tangle::lint {
namespace {

using R = CallRole;
using W = WaitKind;

// Success values: POSIX and C11 return 0, the C++ library returns true.
const Constraint Zero = Constraint::equal(0);
const Constraint True = Constraint::notEqual(0);

class TableBuilder {
public:
  llvm::StringMap<LockCall> Rows;

  void add(const std::string &Name, LockCall Row) {
    auto It = Rows.insert({Name, Row}).first;
    It->second.Name = It->getKey(); // the map owns the name
  }
  void c(const char *Name, CallRole Role, int8_t Object, int8_t Mutex = None,
         uint16_t Flags = 0, WaitKind Wait = W::Cond, Constraint Success = {}) {
    add(Name, {"", Role, Object, Mutex, Flags, Wait, Success});
  }
  void member(const std::string &Class, const char *Method, CallRole Role,
              uint16_t Flags = 0, WaitKind Wait = W::Cond, Constraint Success = {},
              int8_t Mutex = None) {
    add(Class + "::" + Method, {"", Role, This, Mutex, Flags, Wait, Success});
  }
  void mutexClass(const std::string &Class, bool Timed, bool Shared, bool Recursive);
};

void TableBuilder::mutexClass(const std::string &Class, bool Timed, bool Shared,
                              bool Recursive) {
  uint16_t Rec = Recursive ? EvRecursive : 0;
  member(Class, "lock", R::Acquire, Rec);
  member(Class, "try_lock", R::TryAcquire, Rec, W::Cond, True);
  member(Class, "unlock", R::Release, Rec);
  if (Timed) {
    member(Class, "try_lock_for", R::TryAcquire, Rec, W::Cond, True);
    member(Class, "try_lock_until", R::TryAcquire, Rec, W::Cond, True);
  }
  if (!Shared)
    return;
  member(Class, "lock_shared", R::Acquire, EvShared);
  member(Class, "try_lock_shared", R::TryAcquire, EvShared, W::Cond, True);
  member(Class, "unlock_shared", R::Release, EvShared);
  if (Timed) {
    member(Class, "try_lock_shared_for", R::TryAcquire, EvShared, W::Cond, True);
    member(Class, "try_lock_shared_until", R::TryAcquire, EvShared, W::Cond, True);
  }
}

void addPosix(TableBuilder &T) {
  for (const char *Lock : {"pthread_mutex_lock", "pthread_spin_lock", "mtx_lock",
                           "pthread_rwlock_wrlock"})
    T.c(Lock, R::Acquire, 0);
  for (const char *Try : {"pthread_mutex_trylock", "pthread_mutex_timedlock",
                          "pthread_mutex_clocklock", "pthread_spin_trylock",
                          "pthread_rwlock_trywrlock", "pthread_rwlock_timedwrlock",
                          "pthread_rwlock_clockwrlock", "mtx_trylock", "mtx_timedlock"})
    T.c(Try, R::TryAcquire, 0, None, 0, W::Cond, Zero); // thrd_success is 0
  T.c("pthread_rwlock_rdlock", R::Acquire, 0, None, EvShared);
  for (const char *Try : {"pthread_rwlock_tryrdlock", "pthread_rwlock_timedrdlock",
                          "pthread_rwlock_clockrdlock"})
    T.c(Try, R::TryAcquire, 0, None, EvShared, W::Cond, Zero);
  for (const char *Unlock : {"pthread_mutex_unlock", "pthread_spin_unlock",
                             "pthread_rwlock_unlock", "mtx_unlock"})
    T.c(Unlock, R::Release, 0);
  T.c("pthread_mutex_init", R::Init, 0);
  T.c("pthread_mutexattr_settype", R::SetType, 0);
  for (const char *Wait : {"pthread_cond_wait", "pthread_cond_timedwait",
                           "pthread_cond_clockwait", "cnd_wait", "cnd_timedwait"})
    T.c(Wait, R::Wait, 0, 1, 0, W::Cond);
  for (const char *Notify : {"pthread_cond_signal", "pthread_cond_broadcast",
                             "cnd_signal", "cnd_broadcast"})
    T.c(Notify, R::Notify, 0, None, 0, W::Cond);
  T.c("pthread_barrier_wait", R::Wait, 0, None, 0, W::Barrier);
  T.c("sem_wait", R::Wait, 0, None, 0, W::Sem);
  for (const char *Try : {"sem_trywait", "sem_timedwait", "sem_clockwait"})
    T.c(Try, R::Wait, 0, None, 0, W::Sem, Zero);
  T.c("sem_post", R::Notify, 0, None, 0, W::Sem);
  for (const char *Join : {"pthread_join", "thrd_join"}) {
    T.c(Join, R::Wait, 0, None, 0, W::Join);
    T.Rows[Join].ByValue = true; // pthread_t, not a pointer to it
  }
  T.c("pthread_create", R::Create, 0);
  T.Rows["pthread_create"].Routine = 2;
  T.c("thrd_create", R::Create, 0);
  T.Rows["thrd_create"].Routine = 1;
  T.c("pthread_exit", R::Exit, None);
  T.c("thrd_exit", R::Exit, None);
}

void addCxx(TableBuilder &T) {
  T.mutexClass("std::mutex", false, false, false);
  T.mutexClass("std::timed_mutex", true, false, false);
  T.mutexClass("std::recursive_mutex", false, false, true);
  T.mutexClass("std::recursive_timed_mutex", true, false, true);
  T.mutexClass("std::shared_mutex", false, true, false);
  T.mutexClass("std::shared_timed_mutex", true, true, false);
  for (const char *Cv : {"std::condition_variable", "std::condition_variable_any",
                         "std::_V2::condition_variable_any"}) {
    for (const char *Wait : {"wait", "wait_for", "wait_until"})
      T.member(Cv, Wait, R::Wait, 0, W::Cond, {}, /*Mutex=*/0);
    for (const char *Notify : {"notify_one", "notify_all"})
      T.member(Cv, Notify, R::Notify, 0, W::Cond);
  }
  for (const char *Thread : {"std::thread", "std::jthread"})
    T.member(Thread, "join", R::Wait, 0, W::Join);
  T.member("std::counting_semaphore", "acquire", R::Wait, 0, W::Sem);
  for (const char *Try : {"try_acquire", "try_acquire_for", "try_acquire_until"})
    T.member("std::counting_semaphore", Try, R::Wait, 0, W::Sem, True);
  T.member("std::counting_semaphore", "release", R::Notify, 0, W::Sem);
  for (const char *Wait : {"wait", "arrive_and_wait"}) {
    T.member("std::latch", Wait, R::Wait, 0, W::Latch);
    T.member("std::barrier", Wait, R::Wait, 0, W::Barrier);
  }
  for (const char *Future : {"std::future", "std::shared_future"})
    for (const char *Wait : {"wait", "get", "wait_for", "wait_until"})
      T.member(Future, Wait, R::Wait, 0, W::Future);
  T.c("std::lock", R::LockAll, None);
  T.c("std::try_lock", R::TryLockAll, None, None, 0, W::Cond, Constraint::equal(-1));
}

} // namespace

const LockCall *findLockCall(llvm::StringRef Name) {
  static const llvm::StringMap<LockCall> Table = [] {
    TableBuilder T;
    addPosix(T);
    addCxx(T);
    return std::move(T.Rows);
  }();
  auto It = Table.find(Name);
  return It == Table.end() ? nullptr : &It->second;
}

GuardKind guardKind(llvm::StringRef ClassTemplate) {
  return llvm::StringSwitch<GuardKind>(ClassTemplate)
      .Case("std::lock_guard", GuardKind::LockGuard)
      .Case("std::unique_lock", GuardKind::UniqueLock)
      .Case("std::scoped_lock", GuardKind::ScopedLock)
      .Case("std::shared_lock", GuardKind::SharedLock)
      .Default(GuardKind::None);
}

GuardTag guardTag(llvm::StringRef Record) {
  return llvm::StringSwitch<GuardTag>(Record)
      .Case("std::defer_lock_t", GuardTag::Defer)
      .Case("std::try_to_lock_t", GuardTag::TryToLock)
      .Case("std::adopt_lock_t", GuardTag::Adopt)
      .Default(GuardTag::None);
}

bool isRecursiveMutexType(llvm::StringRef Record) {
  return Record == "std::recursive_mutex" || Record == "std::recursive_timed_mutex";
}

} // namespace tangle::lint
