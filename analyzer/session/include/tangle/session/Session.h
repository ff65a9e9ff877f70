//===- Session.h - one recorded run, as the analyzer sees it ----*- C++ -*-===//
//
// The decoded content of a session file (runtime/include/tangle/event_layout.h):
// processes, threads, sites, lock-holding globals and lock chains. Plain
// data; SessionReader.h builds it, the detectors read it.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_SESSION_H
#define TANGLE_ANALYZER_SESSION_H

#include "tangle/finding/Finding.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tangle {

struct ProcessInfo {
  uint32_t Uid = 0;
  uint32_t Pid = 0;
  uint32_t ParentPid = 0;
  uint32_t ParentUid = 0; // 0: the parent is not in the session
  std::string Executable;
  std::vector<std::string> Args;
};

struct ThreadInfo {
  uint32_t Uid = 0;
  uint32_t ProcessUid = 0;
  uint32_t OsTid = 0;
  uint32_t ParentUid = 0;
  bool IsMain = false;
  uint64_t PthreadId = 0;
  uint64_t StartNs = 0;
  // A lint result's witness: a path in the code that any thread running it
  // would take (Label: the function it starts in), not a thread of a run.
  bool Static = false;
  std::string Label;
};

// Site flags of a lint result (beside the run time's TANGLE_SITE_*).
enum : uint32_t {
  SiteStaticCall = 1u << 16,     // a call; LockName is the callee
  SiteStaticEntry = 1u << 17,    // a lock held on entry (REQUIRES)
  SiteStaticDeclared = 1u << 18, // an order declared by ACQUIRED_BEFORE/AFTER
};

struct SiteInfo {
  uint32_t Flags = 0;
  uint32_t Line = 0, Column = 0;
  std::string File, Function, LockName;
  // The class of the lock the site names, when the site knows it: the type
  // and field of a member ("Registry::mu_"); empty otherwise.
  std::string LockClass;
};

struct LockGlobal {
  uint32_t ProcessUid = 0;
  uint64_t Address = 0, Stride = 0, Count = 1;
  std::string NameTemplate; // '#' stands for the array index
  std::string Unit;         // a static's file or function (its class says it)
};

struct Acquisition {
  uint64_t Lock = 0;
  uint32_t Site = 0;
  uint16_t Flags = 0; // TANGLE_ACQ_*
  uint16_t Generation = 0;
};

// Thread `ThreadUid` acquired `Acquired` while holding `Held` (oldest first).
struct Chain {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  std::vector<Acquisition> Held;
  Acquisition Acquired;
  uint32_t Omitted = 0; // older held locks the record left out
  // A lint result's chains: the call sites from the function that holds
  // the locks down to where each was taken, outermost first.
  std::vector<std::vector<uint32_t>> HeldCalls;
  std::vector<uint32_t> AcquiredCalls;
};

// The lock at `Lock` (of generation `Generation`) was initialised at `Site`.
struct LockInit {
  uint32_t ProcessUid = 0;
  uint64_t Lock = 0;
  uint32_t Site = 0;
  uint16_t Generation = 0;
};

// The process-shared locks a thread still held when the session ended (or
// when its process died).
struct SharedHeld {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  std::vector<Acquisition> Held;
  uint32_t Overflow = 0;
};

// A thread finished (TANGLE_EXIT_* in Reason) holding `Held`.
struct ThreadExit {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  uint32_t Reason = 0;
  uint64_t TimeNs = 0;
  std::vector<Acquisition> Held;
};

// Thread `ThreadUid` created the thread with `ChildPthreadId` at `Site`.
struct ThreadCreation {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  uint32_t Site = 0;
  uint64_t ChildPthreadId = 0;
  uint64_t TimeNs = 0;
};

// A lock used wrongly (TANGLE_MISUSE_* in Kind).
struct Misuse {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  uint32_t Kind = 0;
  uint32_t Site = 0;
  uint64_t Lock = 0;
  uint32_t OwnerTid = 0;
  uint32_t LockType = 0;
  std::vector<Acquisition> Held;
};

// A thread blocked on `Object` (TANGLE_WAIT_* in Kind) holding `Held`.
struct Wait {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  uint32_t Kind = 0;
  uint32_t Site = 0;
  uint64_t Object = 0;
  uint64_t Mutex = 0; // a condition wait's own mutex
  std::vector<Acquisition> Held;
};

// A thread woke waiters of `Object` (TANGLE_WAIT_* in Kind).
struct Notify {
  uint32_t ProcessUid = 0, ThreadUid = 0;
  uint32_t Kind = 0;
  uint32_t Site = 0;
  uint64_t Object = 0;
};

// The watchdog's view of one blocked thread.
struct BlockedThread {
  uint32_t ThreadUid = 0;
  uint32_t WaitKind = 0;
  uint32_t WaitSite = 0;
  uint64_t WaitObject = 0;
  uint32_t WaitsForThread = 0;
  bool WaitsForExited = false; // the awaited thread has ended
  std::vector<Acquisition> Held;
};

// A live deadlock the watchdog caught (TANGLE_DEADLOCK_* in Reason).
struct Deadlock {
  uint32_t ProcessUid = 0;
  uint32_t Reason = 0;
  uint32_t BlockedSeconds = 0;
  std::vector<BlockedThread> Threads;
};

// A lock of a lint result: its address there is an id.
struct StaticLock {
  std::string Display, Class;
};

// One side of a data race (TANGLE_ACCESS_* in Flags).
struct RaceAccess {
  uint32_t ThreadUid = 0; // 0 when the thread is not known
  uint32_t Site = 0;      // 0 when the site is not known
  uint16_t Flags = 0;
  uint16_t Size = 0;
  std::vector<Acquisition> Held; // the locks it held
};

// Two accesses to `Address` race; `Current` was the later, in `ProcessUid`.
struct Race {
  uint32_t ProcessUid = 0;
  uint64_t Address = 0;
  RaceAccess Current, Previous;
  uint64_t BlockStart = 0, BlockSize = 0; // the heap block, when known
  uint32_t BlockSite = 0;
  // Return addresses of the current access, innermost first: (module id,
  // address in the object).
  std::vector<std::pair<uint32_t, uint64_t>> Stack;
  // The same for the previous access, when the pair's reverse report (its
  // thread racing again from its site) brought them; filled by the data
  // race detector, never by the reader.
  std::vector<std::pair<uint32_t, uint64_t>> PreviousStack;
};

// What the race detector of one process had to leave out.
struct RaceStats {
  uint64_t UnreportedRaces = 0, EvictedReads = 0, UntrackedThreads = 0,
           ClockFailures = 0;
};

struct Session {
  std::string Path;
  // A lint result (tangle lint --out): static chains, its locks by id, and
  // the findings lint made itself (leaks, double locks, hold-and-wait).
  bool Static = false;
  std::map<uint64_t, StaticLock> StaticLocks;
  std::vector<Finding> StaticFindings;
  std::vector<std::string> StaticNotes;
  unsigned StaticFiles = 0; // translation units linted
  uint64_t CreatedUnixNs = 0;
  std::vector<ProcessInfo> Processes;
  std::vector<ThreadInfo> Threads;
  std::map<uint32_t, SiteInfo> Sites; // by session site id
  std::vector<LockGlobal> Globals;
  std::vector<Chain> Chains;
  std::vector<ThreadExit> Exits;
  std::vector<LockInit> Inits;
  std::vector<SharedHeld> SharedHolds;
  std::vector<ThreadCreation> Creations;
  std::vector<Misuse> Misuses;
  std::vector<Wait> Waits;
  std::vector<Notify> Notifies;
  std::vector<Deadlock> Deadlocks;
  std::vector<Race> Races;
  // Loaded objects by (process uid, module id); "" is the main program.
  std::map<std::pair<uint32_t, uint32_t>, std::string> Modules;
  RaceStats RaceLimits; // summed over processes
  // Initial values of semaphores (sem_init, sem_open with O_CREAT), by
  // (process uid, address).
  std::map<std::pair<uint32_t, uint64_t>, uint32_t> SemaphoreValues;
  // Locks in memory (or files) other processes share, by (process uid,
  // address): the (device, inode, offset) that names them in every process.
  struct SharedObject {
    uint64_t Device = 0, Inode = 0, Offset = 0;
    bool File = false;
  };
  std::map<std::pair<uint32_t, uint64_t>, SharedObject> SharedLocks;
  // Processes that ended normally (exit status by process uid).
  std::map<uint32_t, uint32_t> ProcessExits;
  // Degradations the runtime counted.
  bool Full = false;
  uint64_t DroppedRecords = 0, TruncatedChains = 0;

  const ProcessInfo *process(uint32_t Uid) const;
  const ThreadInfo *thread(uint32_t Uid) const;
  const SiteInfo *site(uint32_t Id) const;
};

} // namespace tangle

#endif
