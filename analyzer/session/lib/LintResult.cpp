//===- LintResult.cpp - tangle lint's result as a session file ------------===//
#include "tangle/session/LintResult.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <optional>

using namespace llvm;

namespace tangle {
namespace {

using json::Array;
using json::Object;
using json::Value;

constexpr int Version = 1;
constexpr uint32_t LintProcess = 1;

Array strings(const std::vector<std::string> &V) {
  Array A;
  for (const std::string &S : V)
    A.push_back(S);
  return A;
}

Array numbers(const std::vector<uint32_t> &V) {
  Array A;
  for (uint32_t N : V)
    A.push_back(N);
  return A;
}

Value finding(const Finding &F) {
  Array Threads;
  for (const ThreadStory &T : F.Threads) {
    Array Steps;
    for (const Step &S : T.Steps)
      Steps.push_back(Object{{"action", actionName(S.Action)}, {"lock", S.Lock},
                             {"held", S.Held}, {"text", S.Text},
                             {"file", S.Where.File}, {"line", S.Where.Line},
                             {"column", S.Where.Column}, {"function", S.Where.Function}});
    Threads.push_back(Object{{"label", T.Label}, {"static", T.Static},
                             {"steps", std::move(Steps)}});
  }
  return Object{{"kind", kindName(F.Kind)}, {"fingerprint", F.Fingerprint},
                {"message", F.Message},     {"locks", strings(F.Locks)},
                {"threads", std::move(Threads)}, {"scenario", strings(F.Scenario)},
                {"notes", strings(F.Notes)}, {"counts", F.Counts},
                {"confidence", F.Confidence}};
}

// Reads with every field checked; the first problem is kept.
class Reader {
public:
  explicit Reader(StringRef Path) : Path(Path) {}
  Expected<Session> run(const Value &Doc);

private:
  bool fail(const Twine &Why) {
    if (Problem.empty())
      Problem = Why.str();
    return false;
  }
  std::string str(const Object &O, StringRef K) {
    if (auto S = O.getString(K))
      return S->str();
    fail("'" + K + "' is missing or not a string");
    return "";
  }
  int64_t num(const Object &O, StringRef K) {
    if (auto N = O.getInteger(K))
      return *N;
    fail("'" + K + "' is missing or not an integer");
    return 0;
  }
  const Array *arr(const Object &O, StringRef K) {
    if (const Array *A = O.getArray(K))
      return A;
    fail("'" + K + "' is missing or not an array");
    return nullptr;
  }
  std::vector<std::string> strs(const Object &O, StringRef K);
  std::vector<uint32_t> ids(const Object &O, StringRef K);
  Acquisition acquisition(const Object &O, std::vector<uint32_t> &Calls);
  std::optional<Finding> readFinding(const Object &O);
  void readChains(const Array &A, Session &S);

  StringRef Path;
  std::string Problem;
};

std::vector<std::string> Reader::strs(const Object &O, StringRef K) {
  std::vector<std::string> Out;
  if (const Array *A = arr(O, K))
    for (const Value &V : *A) {
      if (auto S = V.getAsString())
        Out.push_back(S->str());
      else
        fail("'" + K + "' holds something other than strings");
    }
  return Out;
}

std::vector<uint32_t> Reader::ids(const Object &O, StringRef K) {
  std::vector<uint32_t> Out;
  if (const Array *A = arr(O, K))
    for (const Value &V : *A) {
      if (auto N = V.getAsInteger(); N && *N >= 0 && *N <= UINT32_MAX)
        Out.push_back(uint32_t(*N));
      else
        fail("'" + K + "' holds something other than ids");
    }
  return Out;
}

Acquisition Reader::acquisition(const Object &O, std::vector<uint32_t> &Calls) {
  Acquisition A;
  A.Lock = uint64_t(num(O, "lock"));
  A.Site = uint32_t(num(O, "site"));
  A.Flags = uint16_t(num(O, "flags"));
  Calls = ids(O, "calls");
  return A;
}

std::optional<Finding> Reader::readFinding(const Object &O) {
  Finding F;
  std::string Kind = str(O, "kind");
  bool Found = false;
  for (FindingKind K : allKinds())
    if (kindName(K) == Kind) {
      F.Kind = K;
      Found = true;
    }
  if (!Found) {
    fail("unknown finding kind '" + Kind + "'");
    return std::nullopt;
  }
  F.Fingerprint = str(O, "fingerprint");
  F.Message = str(O, "message");
  F.Locks = strs(O, "locks");
  F.Scenario = strs(O, "scenario");
  F.Notes = strs(O, "notes");
  F.Counts = O.getBoolean("counts").value_or(true);
  if (auto C = O.getString("confidence"))
    F.Confidence = C->str();
  if (const Array *Threads = arr(O, "threads"))
    for (const Value &TV : *Threads) {
      const Object *T = TV.getAsObject();
      if (!T)
        return fail("a thread is not an object"), std::nullopt;
      ThreadStory St;
      St.Label = str(*T, "label");
      St.Static = T->getBoolean("static").value_or(true);
      const Array *Steps = arr(*T, "steps");
      for (const Value &SV : Steps ? *Steps : Array()) {
        const Object *S = SV.getAsObject();
        if (!S)
          return fail("a step is not an object"), std::nullopt;
        std::optional<StepAction> A = actionNamed(str(*S, "action"));
        if (!A)
          return fail("a step has an unknown action"), std::nullopt;
        St.Steps.push_back({*A, str(*S, "lock"), str(*S, "held"),
                            {str(*S, "file"), uint32_t(num(*S, "line")),
                             uint32_t(num(*S, "column")), str(*S, "function")},
                            str(*S, "text")});
      }
      F.Threads.push_back(std::move(St));
    }
  return F;
}

void Reader::readChains(const Array &A, Session &S) {
  for (const Value &V : A) {
    const Object *O = V.getAsObject();
    if (!O) {
      fail("a chain is not an object");
      return;
    }
    Chain C;
    C.ProcessUid = LintProcess;
    C.ThreadUid = uint32_t(num(*O, "path"));
    if (const Array *Held = arr(*O, "held"))
      for (const Value &HV : *Held) {
        const Object *H = HV.getAsObject();
        if (!H) {
          fail("a held lock is not an object");
          return;
        }
        C.HeldCalls.emplace_back();
        C.Held.push_back(acquisition(*H, C.HeldCalls.back()));
      }
    if (const Object *Acq = O->getObject("acquired"))
      C.Acquired = acquisition(*Acq, C.AcquiredCalls);
    else
      fail("a chain has no 'acquired'");
    S.Chains.push_back(std::move(C));
  }
}

Expected<Session> Reader::run(const Value &Doc) {
  Session S;
  S.Path = Path.str();
  S.Static = true;
  const Object *Top = Doc.getAsObject();
  if (!Top || Top->getString("format") != StringRef("tangle-lint"))
    return createStringError(inconvertibleErrorCode(),
                             "%s: not a tangle lint result", Path.str().c_str());
  if (Top->getInteger("version") != Version)
    return createStringError(inconvertibleErrorCode(),
                             "%s: a tangle lint result of another version (this "
                             "tangle reads version %d)",
                             Path.str().c_str(), Version);
  S.StaticFiles = uint32_t(num(*Top, "files"));
  if (const Array *Locks = arr(*Top, "locks"))
    for (const Value &V : *Locks)
      if (const Object *L = V.getAsObject())
        S.StaticLocks[uint64_t(num(*L, "id"))] = {str(*L, "name"), str(*L, "class")};
  if (const Array *Sites = arr(*Top, "sites"))
    for (const Value &V : *Sites)
      if (const Object *O = V.getAsObject()) {
        SiteInfo Site{uint32_t(num(*O, "flags")), uint32_t(num(*O, "line")),
                      uint32_t(num(*O, "column")), str(*O, "file"),
                      str(*O, "function"), str(*O, "name"), str(*O, "class")};
        S.Sites[uint32_t(num(*O, "id"))] = std::move(Site);
      }
  if (const Array *Paths = arr(*Top, "paths"))
    for (const Value &V : *Paths)
      if (const Object *O = V.getAsObject()) {
        ThreadInfo T;
        T.Uid = uint32_t(num(*O, "id"));
        T.ProcessUid = LintProcess;
        T.Static = true;
        T.Label = str(*O, "label");
        S.Threads.push_back(std::move(T));
      }
  if (const Array *Chains = arr(*Top, "chains"))
    readChains(*Chains, S);
  if (const Array *Findings = arr(*Top, "findings"))
    for (const Value &V : *Findings) {
      const Object *O = V.getAsObject();
      std::optional<Finding> F = O ? readFinding(*O) : std::nullopt;
      if (!O)
        fail("a finding is not an object");
      if (F)
        S.StaticFindings.push_back(std::move(*F));
    }
  S.StaticNotes = strs(*Top, "notes");
  if (!Problem.empty())
    return createStringError(inconvertibleErrorCode(), "%s: bad tangle lint result: %s",
                             Path.str().c_str(), Problem.c_str());
  return std::move(S);
}

} // namespace

bool isLintResultPath(StringRef Path) { return Path.ends_with(".tgl.json"); }

std::string renderLintResult(const Session &S) {
  Array Locks, Sites, Paths, Chains, Findings;
  for (const auto &[Id, L] : S.StaticLocks)
    Locks.push_back(Object{{"id", int64_t(Id)}, {"name", L.Display}, {"class", L.Class}});
  for (const auto &[Id, Site] : S.Sites)
    Sites.push_back(Object{{"id", Id}, {"file", Site.File}, {"line", Site.Line},
                           {"column", Site.Column}, {"function", Site.Function},
                           {"name", Site.LockName}, {"class", Site.LockClass},
                           {"flags", Site.Flags}});
  for (const ThreadInfo &T : S.Threads)
    Paths.push_back(Object{{"id", T.Uid}, {"label", T.Label}});
  auto Acq = [](const Acquisition &A, const std::vector<uint32_t> &Calls) {
    return Object{{"lock", int64_t(A.Lock)}, {"site", A.Site}, {"flags", A.Flags},
                  {"calls", numbers(Calls)}};
  };
  for (const Chain &C : S.Chains) {
    Array Held;
    for (size_t I = 0; I < C.Held.size(); ++I)
      Held.push_back(Acq(C.Held[I], I < C.HeldCalls.size() ? C.HeldCalls[I]
                                                           : std::vector<uint32_t>()));
    Chains.push_back(Object{{"path", C.ThreadUid}, {"held", std::move(Held)},
                            {"acquired", Acq(C.Acquired, C.AcquiredCalls)}});
  }
  for (const Finding &F : S.StaticFindings)
    Findings.push_back(finding(F));
  Value Doc = Object{{"format", "tangle-lint"},   {"version", Version},
                     {"files", S.StaticFiles},    {"locks", std::move(Locks)},
                     {"sites", std::move(Sites)}, {"paths", std::move(Paths)},
                     {"chains", std::move(Chains)},
                     {"findings", std::move(Findings)},
                     {"notes", strings(S.StaticNotes)}};
  return formatv("{0:1}", Doc).str() + "\n";
}

Expected<Session> parseLintResult(StringRef Text, StringRef Path) {
  Expected<Value> Doc = json::parse(Text);
  if (!Doc)
    return createStringError(inconvertibleErrorCode(), "%s: not a tangle lint result: %s",
                             Path.str().c_str(), toString(Doc.takeError()).c_str());
  return Reader(Path).run(*Doc);
}

Expected<Session> readLintResultFile(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  return parseLintResult((*Buf)->getBuffer(), Path);
}

} // namespace tangle
