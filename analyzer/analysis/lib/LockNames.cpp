//===- LockNames.cpp - naming locks and their classes ---------------------===//
#include "tangle/analysis/LockNames.h"

#include "tangle/event_layout.h"
#include "tangle/tangle_interface.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace tangle {

LockNamer::LockNamer(const std::vector<Session> &Sessions) : Sessions(Sessions) {
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const LockGlobal &G : Sessions[S].Globals)
      Globals[{S, G.ProcessUid}].push_back(&G);
  for (auto &[Key, List] : Globals)
    std::sort(List.begin(), List.end(),
              [](const LockGlobal *A, const LockGlobal *B) {
                return A->Address < B->Address;
              });
}

void LockNamer::observe(const LockKey &K, uint32_t Site, uint16_t Flags) {
  FirstSite.try_emplace(K, Site);
  if (!(Flags & TANGLE_ACQ_NAME_UNKNOWN))
    ++SiteCounts[K][Site];
}

void LockNamer::observeInit(const LockKey &K, uint32_t Site) {
  InitSite.try_emplace(K, Site);
}

static bool containsLock(const LockGlobal &G, uint64_t Address,
                         uint64_t &Index) {
  if (Address < G.Address)
    return false;
  uint64_t Delta = Address - G.Address;
  if (G.Count == 1)
    return Delta == 0 && (Index = 0, true);
  if (Delta % G.Stride || Delta / G.Stride >= G.Count)
    return false;
  Index = Delta / G.Stride;
  return true;
}

const LockGlobal *LockNamer::findGlobal(const LockKey &K,
                                        uint64_t &Index) const {
  const Session &S = Sessions[K.Session];
  // A fork child without exec shares its ancestors' image and globals.
  for (uint32_t P = K.Process, Hops = 0; P && Hops < 64; ++Hops) {
    auto It = Globals.find({K.Session, P});
    if (It != Globals.end()) {
      const auto &List = It->second;
      auto Upper = std::upper_bound(
          List.begin(), List.end(), K.Address,
          [](uint64_t A, const LockGlobal *G) { return A < G->Address; });
      // Several globals may start below the address; look back a little.
      for (auto I = Upper; I != List.begin() && Upper - I < 16;) {
        --I;
        if (containsLock(**I, K.Address, Index))
          return *I;
      }
      return nullptr; // the process registered its own globals
    }
    const ProcessInfo *Info = S.process(P);
    P = Info ? Info->ParentUid : 0;
  }
  return nullptr;
}

static std::string instantiate(const std::string &Template, uint64_t Index) {
  std::string Out = Template;
  size_t Hash = Out.find('#');
  if (Hash != std::string::npos)
    Out.replace(Hash, 1, std::to_string(Index));
  return Out;
}

// The class a site gives the lock it names: its type and field when the
// site knows it (a member: "Registry::mu_"), else the expression in the
// function ("from->mu in transfer").
static std::string siteClass(const SiteInfo &Site, const char *Where) {
  if (!Site.LockClass.empty())
    return Site.LockClass;
  return Site.LockName + Where + Site.Function;
}

LockName LockNamer::name(const LockKey &K) const {
  const Session &Sn = Sessions[K.Session];
  if (Sn.Static) { // a lint result names its locks itself
    auto It = Sn.StaticLocks.find(K.Address);
    if (It != Sn.StaticLocks.end())
      return {It->second.Display, It->second.Class};
  }
  uint64_t Index = 0;
  if (const LockGlobal *G = findGlobal(K, Index)) {
    std::string N = instantiate(G->NameTemplate, Index);
    // Two files' `static mutex` are two classes ("mutex in stp.c").
    return {N, G->Unit.empty() ? N : N + " in " + G->Unit};
  }
  const Session &S = Sessions[K.Session];
  auto Init = InitSite.find(K);
  if (Init != InitSite.end())
    if (const SiteInfo *Site = S.site(Init->second))
      if (!Site->LockName.empty())
        return {Site->LockName, siteClass(*Site, " initialised in ")};
  const SiteInfo *Best = nullptr;
  unsigned BestCount = 0;
  auto It = SiteCounts.find(K);
  if (It != SiteCounts.end())
    for (auto [Id, Count] : It->second) {
      const SiteInfo *Site = S.site(Id);
      if (!Site || Site->LockName.empty())
        continue;
      if (!Best || Count > BestCount ||
          (Count == BestCount && Site->LockName < Best->LockName))
        Best = Site, BestCount = Count;
    }
  if (Best)
    return {Best->LockName, siteClass(*Best, " in ")};
  // No name anywhere (no debug info): the address for this run, the taking
  // function for the class.
  std::string Anon;
  llvm::raw_string_ostream(Anon) << "lock " << llvm::format_hex(K.Address, 0);
  auto First = FirstSite.find(K);
  const SiteInfo *Site = First == FirstSite.end() ? nullptr : S.site(First->second);
  return {Anon, "lock taken in " + (Site ? Site->Function : std::string("?"))};
}

} // namespace tangle
