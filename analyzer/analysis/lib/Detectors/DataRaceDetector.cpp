//===- DataRaceDetector.cpp - data races the runtime caught ----------------===//
//
// The runtime's race detector (full mode) writes a RACE record when two
// accesses to the same memory, one a write, are not ordered by
// happens-before; this detector tells the story: both accesses (read or
// write, size, where, the locks held at each), the threads and where they
// were created, and the memory by name: the expression the source wrote
// ("g_num", "s->count") and, for heap memory, the block and its allocation
// site. When each access held locks but no lock is common to both, the
// finding says so: that is the "different locks" mistake.
//
// The runtime knows the stack of the later access only. When the earlier
// access's thread races again from its site with the other site, it writes
// the pair's reverse, whose current stack is the one the first report
// lacked: the two records make one finding with both stacks.
//
//===----------------------------------------------------------------------===//
#include "tangle/analysis/Detectors.h"
#include "tangle/analysis/Symbolizer.h"

#include "tangle/event_layout.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace tangle {
namespace {

class RaceStory {
public:
  RaceStory(const AnalysisContext &Ctx, uint32_t S, const Race &R, Symbolizer &Sym)
      : Ctx(Ctx), S(S), R(R), Sym(Sym) {}
  Finding make();

private:
  std::string memory() const;
  std::string block() const;
  std::vector<std::string> heldNames(const RaceAccess &A) const;
  ThreadStory side(const RaceAccess &A, bool Earlier, const std::string &What);
  void lockNotes(Finding &F, const std::string &Now, const std::string &Then);
  std::string objectOf(uint32_t Module) const;
  std::vector<SourceLocation>
  calledFrom(const std::vector<std::pair<uint32_t, uint64_t>> &Stack);

  const AnalysisContext &Ctx;
  uint32_t S;
  const Race &R;
  Symbolizer &Sym;
};

// The path of a module of the race's process (or of the fork ancestor it
// inherited it from); "" stands for the main program.
std::string RaceStory::objectOf(uint32_t Module) const {
  const Session &Sn = Ctx.sessions()[S];
  for (uint32_t P = R.ProcessUid, Hops = 0; P && Hops < 64; ++Hops) {
    auto It = Sn.Modules.find({P, Module});
    const ProcessInfo *Info = Sn.process(P);
    if (It != Sn.Modules.end())
      return It->second.empty() && Info ? Info->Executable : It->second;
    P = Info ? Info->ParentUid : 0;
  }
  return "";
}

// The C library's frames below a thread's start routine or main, and the
// runtime's trampolines that start threads: where every stack ends, so they
// say nothing about the race.
bool isEntryFrame(const SourceLocation &F) {
  static const llvm::StringSet<> Entries = {
      "start_thread", "clone", "clone3", "__libc_start_call_main",
      "__libc_start_main", "__libc_start_main_impl", "_start",
      "__tangle_child_start", "__tangle_c11_child_start"};
  return Entries.contains(F.Function);
}

// The callers of the current access's function: the first return address
// is in that function itself (after the hook), so of its inlined frames
// the innermost is the access's own and is left out.
std::vector<SourceLocation> RaceStory::calledFrom(
    const std::vector<std::pair<uint32_t, uint64_t>> &Stack) {
  constexpr size_t MaxFrames = 12;
  std::vector<SourceLocation> Out;
  for (size_t I = 0; I < Stack.size() && Out.size() < MaxFrames; ++I) {
    std::vector<SourceLocation> Frames =
        Sym.returnAddress(objectOf(Stack[I].first), Stack[I].second);
    for (size_t J = I == 0 ? 1 : 0; J < Frames.size() && Out.size() < MaxFrames; ++J) {
      if (isEntryFrame(Frames[J]))
        return Out;
      Out.push_back(Frames[J]);
    }
  }
  return Out;
}

bool writes(const RaceAccess &A) { return A.Flags & TANGLE_ACCESS_WRITE; }

std::string verb(const RaceAccess &A, bool Earlier) {
  std::string V = writes(A) ? (Earlier ? "wrote" : "writes")
                            : (Earlier ? "read" : "reads");
  return A.Flags & TANGLE_ACCESS_ATOMIC ? "atomically " + V : V;
}

// The name the source gives the memory, from either access's site.
std::string sourceName(const AnalysisContext &Ctx, uint32_t S, const Race &R) {
  for (const RaceAccess *A : {&R.Current, &R.Previous})
    if (const SiteInfo *Site = Ctx.sessions()[S].site(A->Site))
      if (!Site->LockName.empty())
        return Site->LockName;
  return "";
}

// The memory as the source names it, or else by its heap block.
std::string RaceStory::memory() const {
  std::string Name = sourceName(Ctx, S, R);
  if (!Name.empty())
    return Name;
  if (R.BlockStart)
    return llvm::formatv("offset {0} of a heap block", R.Address - R.BlockStart);
  return llvm::formatv("memory at {0:x}", R.Address);
}

// "offset 8 of a 16-byte heap block allocated at x.c:12 in main", or "".
std::string RaceStory::block() const {
  if (!R.BlockStart)
    return "";
  std::string Block = llvm::formatv("offset {0} of a {1}-byte heap block",
                                    R.Address - R.BlockStart, R.BlockSize);
  SourceLocation At = Ctx.location(S, R.BlockSite);
  if (At.known())
    Block += llvm::formatv(" allocated at {0}:{1} in {2}", At.File, At.Line, At.Function).str();
  return Block;
}

std::vector<std::string> RaceStory::heldNames(const RaceAccess &A) const {
  std::vector<std::string> Names;
  for (const Acquisition &L : A.Held)
    Names.push_back(Ctx.lockName(S, R.ProcessUid, L.Lock, L.Generation).Display);
  return Names;
}

ThreadStory RaceStory::side(const RaceAccess &A, bool Earlier,
                            const std::string &What) {
  ThreadStory T;
  if (A.ThreadUid)
    T = Ctx.story({S, R.ProcessUid, A.ThreadUid});
  else
    T.Label = "another thread";
  std::string Held = "holding no lock";
  if (A.Flags & TANGLE_ACCESS_LOCKS_UNKNOWN)
    Held = "holding locks that were not recorded";
  else if (!A.Held.empty())
    Held = "holding " + llvm::join(heldNames(A), ", ");
  std::string Text = llvm::formatv("{0} {1} byte{2} of {3}, {4}", verb(A, Earlier),
                                   A.Size, A.Size == 1 ? "" : "s", What, Held);
  T.Steps.push_back({StepAction::Access, What, "", Ctx.location(S, A.Site), Text});
  return T;
}

// Locks held at both accesses but none in common: the different-locks case.
void RaceStory::lockNotes(Finding &F, const std::string &Now,
                          const std::string &Then) {
  std::vector<std::string> A = heldNames(R.Current), B = heldNames(R.Previous);
  std::set<std::string> Common;
  for (const std::string &N : A)
    if (std::count(B.begin(), B.end(), N))
      Common.insert(N);
  if (!A.empty() && !B.empty() && Common.empty())
    F.Notes.push_back(llvm::formatv(
        "different locks: {0} held {1} and {2} held {3}; no lock is held at both "
        "accesses, so neither orders the other",
        Now, llvm::join(A, ", "), Then, llvm::join(B, ", ")));
  else if (A.empty() != B.empty())
    F.Notes.push_back(llvm::formatv(
        "only {0} held a lock ({1}); the other access takes none",
        A.empty() ? Then : Now, llvm::join(A.empty() ? B : A, ", ")));
  for (const std::string &N : A.empty() ? B : A)
    F.Locks.push_back(N);
  for (const std::string &N : A.empty() ? std::vector<std::string>{} : B)
    if (std::find(F.Locks.begin(), F.Locks.end(), N) == F.Locks.end())
      F.Locks.push_back(N);
}

Finding RaceStory::make() {
  Finding F;
  F.Kind = FindingKind::DataRace;
  std::string What = memory();
  ThreadStory Now = side(R.Current, false, What);
  Now.Steps.back().CalledFrom = calledFrom(R.Stack);
  ThreadStory Then = side(R.Previous, true, What);
  Then.Steps.back().CalledFrom = calledFrom(R.PreviousStack);
  F.Message = llvm::formatv("{0} {1} {2} and {3} {4} it, with nothing ordering "
                            "the two",
                            Now.Label, verb(R.Current, false), What, Then.Label,
                            verb(R.Previous, true));
  if (std::string Block = block(); !Block.empty())
    F.Notes.push_back(What + " is at " + Block);
  lockNotes(F, Now.Label, Then.Label);
  // Identity: the memory's name and the two accesses' functions and kinds,
  // in either order (which thread came first is chance).
  std::string Name = sourceName(Ctx, S, R);
  if (Name.empty() && R.BlockStart)
    Name = "block from " + Ctx.location(S, R.BlockSite).Function;
  std::string A = Ctx.location(S, R.Current.Site).Function + ":" + verb(R.Current, false);
  std::string B = Ctx.location(S, R.Previous.Site).Function + ":" + verb(R.Previous, false);
  if (B < A)
    std::swap(A, B);
  F.Fingerprint = fingerprint(F.Kind, {Name, A, B});
  F.Threads.push_back(std::move(Now));
  F.Threads.push_back(std::move(Then));
  return F;
}

// Does `R` come from the thread of `Of`'s earlier access, at its site,
// racing with the site of `Of`'s later access? Then it is `Of`'s reverse.
bool isReverseOf(const Race &R, const Race &Of) {
  return R.Current.Site == Of.Previous.Site && R.Previous.Site == Of.Current.Site &&
         R.Current.ThreadUid == Of.Previous.ThreadUid;
}

} // namespace

std::vector<Race> joinReverseRaces(const std::vector<Race> &Races) {
  // The runtime writes at most two records per pair of sites and process,
  // in no particular order in the session.
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, std::vector<size_t>> Pairs;
  for (size_t I = 0; I < Races.size(); ++I) {
    const Race &R = Races[I];
    uint32_t A = std::min(R.Current.Site, R.Previous.Site);
    uint32_t B = std::max(R.Current.Site, R.Previous.Site);
    Pairs[{R.ProcessUid, A, B}].push_back(I);
  }
  std::vector<bool> Folded(Races.size());
  std::vector<const std::vector<std::pair<uint32_t, uint64_t>> *> EarlierStack(
      Races.size(), nullptr);
  for (const auto &[Key, Of] : Pairs) {
    if (Of.size() != 2)
      continue;
    size_t X = Of[0], Y = Of[1];
    if (isReverseOf(Races[Y], Races[X]))
      Folded[Y] = true, EarlierStack[X] = &Races[Y].Stack;
    else if (isReverseOf(Races[X], Races[Y]))
      Folded[X] = true, EarlierStack[Y] = &Races[X].Stack;
  }
  std::vector<Race> Out;
  for (size_t I = 0; I < Races.size(); ++I) {
    if (Folded[I])
      continue;
    Out.push_back(Races[I]);
    if (EarlierStack[I])
      Out.back().PreviousStack = *EarlierStack[I];
  }
  return Out;
}

void detectDataRaces(const AnalysisContext &Ctx, Report &Out) {
  const auto &Sessions = Ctx.sessions();
  Symbolizer Sym;
  for (uint32_t S = 0; S < Sessions.size(); ++S)
    for (const Race &R : joinReverseRaces(Sessions[S].Races))
      Out.Findings.push_back(RaceStory(Ctx, S, R, Sym).make());
}

} // namespace tangle
