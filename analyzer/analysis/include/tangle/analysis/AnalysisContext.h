//===- AnalysisContext.h - what every detector reads ------------*- C++ -*-===//
//
// The sessions, plus the views of them that several detectors share: one
// lock namer fed with every acquisition in every record (so a lock has the
// same name in every finding), and one way to describe a thread (its label,
// ids, where it was created and what it runs).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_ANALYSISCONTEXT_H
#define TANGLE_ANALYZER_ANALYSISCONTEXT_H

#include "tangle/analysis/LockNames.h"
#include "tangle/finding/Finding.h"
#include "tangle/session/Session.h"

#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace tangle {

// A thread of a process of a session.
struct ThreadKey {
  uint32_t Session = 0, Process = 0, Thread = 0;
  bool operator==(const ThreadKey &O) const {
    return Session == O.Session && Process == O.Process && Thread == O.Thread;
  }
  bool operator<(const ThreadKey &O) const {
    return std::tie(Session, Process, Thread) <
           std::tie(O.Session, O.Process, O.Thread);
  }
};

class AnalysisContext {
public:
  explicit AnalysisContext(const std::vector<Session> &Sessions);

  const std::vector<Session> &sessions() const { return Sessions; }
  const LockNamer &namer() const { return Namer; }

  // The identity of a lock. A lock in memory several processes share (or a
  // file lock) is the same key in every process of the session: process 0,
  // an address made of its (device, inode, offset), no generation.
  LockKey key(uint32_t Session, uint32_t Process, uint64_t Lock,
              uint16_t Generation) const;
  LockKey lockKey(uint32_t Session, uint32_t Process, const Acquisition &A) const {
    return key(Session, Process, A.Lock, A.Generation);
  }
  LockName lockName(uint32_t Session, uint32_t Process, uint64_t Lock,
                    uint16_t Generation) const {
    return Namer.name(key(Session, Process, Lock, Generation));
  }

  SourceLocation location(uint32_t Session, uint32_t Site) const;
  // Label, ids, creation site and start routine; no steps.
  ThreadStory story(const ThreadKey &T) const;
  // The thread of `Process` in `Session` with this OS tid, if recorded.
  const ThreadInfo *threadByTid(uint32_t Session, uint32_t Process,
                                uint32_t Tid) const;
  // The thread with this pthread id alive in `Process`, newest first.
  const ThreadInfo *threadByPthread(uint32_t Session, uint32_t Process,
                                    uint64_t PthreadId) const;

  // Whether an acquisition counts as taking a lock. Everything does but a
  // semaphore wait on a semaphore that was not used as a lock: one that
  // some thread both waited on and posted, and that did not start above 1.
  bool isLock(uint32_t Session, uint32_t Process, const Acquisition &A) const;
  // Whether the semaphore at `Object` in `Process` was used as a lock.
  bool isSemaphoreLock(uint32_t Session, uint32_t Process, uint64_t Object) const;
  // Whether `Thread` ever tried to take the lock `Lock` names in `Process`
  // (any generation) in the run.
  bool triedToTake(const ThreadKey &Thread, uint32_t Process, uint64_t Lock) const;
  // The threads that notified `Object` (TANGLE_WAIT_* kind) in `Process`.
  std::vector<ThreadKey> notifiers(uint32_t Session, uint32_t Process,
                                   uint32_t Kind, uint64_t Object) const;

private:
  void observeAll();
  void matchCreations();
  void findSemaphoreLocks();

  const std::vector<Session> &Sessions;
  LockNamer Namer;
  std::map<ThreadKey, const ThreadCreation *> CreationOf;
  // Semaphores used as locks, by key without generation.
  std::set<LockKey> SemaphoreLocks;
  // Per thread, the locks it tried to take (keys without generation).
  std::map<ThreadKey, std::set<LockKey>> Attempts;
};

// "worker --id 2": a process's program file name and arguments, cut short.
std::string commandLine(const ProcessInfo &P);

} // namespace tangle

#endif
