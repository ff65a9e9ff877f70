//===- LockNames.h - naming locks and their classes -------------*- C++ -*-===//
//
// A lock instance is an address (and generation) in one process of one
// session. Reports call it by:
//  1. the global variable it lives in, when the module registered one
//     ("accounts[3].mu"), searched in the process and then its fork
//     ancestors, whose memory image it inherited;
//  2. otherwise the lock expression where it was initialised ("a->mu",
//     "shm->accounts[i]");
//  3. otherwise the lock expression most often written where it was taken
//     ("from->mu").
// Its class is the name that survives across runs: the global's name (a
// static's with its file or function: "mutex in stp.c"), a member's type
// and field ("Registry::mu_"), or else the expression together with the
// function that initialises or takes it.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_LOCKNAMES_H
#define TANGLE_ANALYZER_LOCKNAMES_H

#include "tangle/session/Session.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace tangle {

struct LockKey {
  uint32_t Session = 0; // index into the analysed sessions
  uint32_t Process = 0; // process uid
  uint64_t Address = 0;
  uint16_t Generation = 0;
  bool operator<(const LockKey &O) const {
    return std::tie(Session, Process, Address, Generation) <
           std::tie(O.Session, O.Process, O.Address, O.Generation);
  }
  bool operator==(const LockKey &O) const {
    return std::tie(Session, Process, Address, Generation) ==
           std::tie(O.Session, O.Process, O.Address, O.Generation);
  }
};

struct LockName {
  std::string Display; // "alice.mu"
  std::string Class;   // stable across runs: "alice.mu", "from->mu in transfer"
};

class LockNamer {
public:
  explicit LockNamer(const std::vector<Session> &Sessions);

  // The lock was acquired at session site `Site` with TANGLE_ACQ_* `Flags`.
  void observe(const LockKey &K, uint32_t Site, uint16_t Flags);
  // The lock was initialised at session site `Site`.
  void observeInit(const LockKey &K, uint32_t Site);
  LockName name(const LockKey &K) const;

private:
  const LockGlobal *findGlobal(const LockKey &K, uint64_t &Index) const;
  const std::vector<Session> &Sessions;
  // Per (session, process): its globals, sorted by address.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<const LockGlobal *>> Globals;
  // Per lock: how often each site named it.
  std::map<LockKey, std::map<uint32_t, unsigned>> SiteCounts;
  std::map<LockKey, uint32_t> FirstSite;
  std::map<LockKey, uint32_t> InitSite;
};

} // namespace tangle

#endif
