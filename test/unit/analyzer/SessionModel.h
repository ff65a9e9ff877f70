//===- SessionModel.h - building Session objects in tests -------*- C++ -*-===//
#ifndef TANGLE_TEST_SESSIONMODEL_H
#define TANGLE_TEST_SESSIONMODEL_H

#include "tangle/analysis/Analysis.h"
#include "tangle/session/Session.h"

#include <string>
#include <vector>

namespace tangle::test {

// A session of one process (uid 1) with threads and sites made on demand.
struct Model {
  Session S;

  Model() {
    S.Path = "model.tgl";
    S.Processes.push_back({1, 100, 1, 0, "/bin/model", {"model"}});
  }

  void thread(uint32_t Uid) {
    for (const ThreadInfo &T : S.Threads)
      if (T.Uid == Uid)
        return;
    S.Threads.push_back({Uid, 1, 100 + Uid, 0, Uid == 1, 0x1000 + Uid, Uid});
  }

  // A site named `Lock` in `Function`; returns its id.
  uint32_t site(const std::string &Lock, const std::string &Function = "f",
                unsigned Line = 10) {
    uint32_t Id = S.Sites.size() + 1;
    S.Sites[Id] = {0, Line, 3, "model.c", Function, Lock};
    return Id;
  }

  // Thread `T` acquires `Lock` (site `Site`) while holding `Held`.
  void chain(uint32_t T, std::vector<std::pair<uint64_t, uint32_t>> Held,
             uint64_t Lock, uint32_t Site, uint16_t Flags = 0) {
    thread(T);
    Chain C;
    C.ProcessUid = 1;
    C.ThreadUid = T;
    for (auto [L, St] : Held)
      C.Held.push_back({L, St, 0, 0});
    C.Acquired = {Lock, Site, Flags, 0};
    S.Chains.push_back(C);
  }

  Report analyze() const { return tangle::analyze({S}); }
};

inline size_t countKind(const Report &R, FindingKind K) {
  size_t N = 0;
  for (const Finding &F : R.Findings)
    N += F.Kind == K;
  return N;
}

} // namespace tangle::test

#endif
