//===- Session.h - one recorded run, as the analyzer sees it ----*- C++ -*-===//
//
// The decoded content of a session file (runtime/include/tangle/event_layout.h):
// processes, threads, sites, lock-holding globals and lock chains. Plain
// data; SessionReader.h builds it, the detectors read it.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_SESSION_H
#define TANGLE_ANALYZER_SESSION_H

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
};

struct SiteInfo {
  uint32_t Flags = 0;
  uint32_t Line = 0, Column = 0;
  std::string File, Function, LockName;
};

struct LockGlobal {
  uint32_t ProcessUid = 0;
  uint64_t Address = 0, Stride = 0, Count = 1;
  std::string NameTemplate; // '#' stands for the array index
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
};

struct Session {
  std::string Path;
  uint64_t CreatedUnixNs = 0;
  std::vector<ProcessInfo> Processes;
  std::vector<ThreadInfo> Threads;
  std::map<uint32_t, SiteInfo> Sites; // by session site id
  std::vector<LockGlobal> Globals;
  std::vector<Chain> Chains;
  // Degradations the runtime counted.
  bool Full = false;
  uint64_t DroppedRecords = 0, TruncatedChains = 0;

  const ProcessInfo *process(uint32_t Uid) const;
  const ThreadInfo *thread(uint32_t Uid) const;
  const SiteInfo *site(uint32_t Id) const;
};

} // namespace tangle

#endif
