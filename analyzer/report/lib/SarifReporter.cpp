//===- SarifReporter.cpp - SARIF 2.1.0 for code scanning -------------------===//
//
// What GitHub code scanning needs beyond the schema: a stable ruleId per
// kind with its rule in tool.driver.rules, a message per result, repository-
// relative URIs (under %SRCROOT%), fingerprints so that alerts are not
// duplicated across runs, and, for findings that involve several threads,
// codeFlows whose threadFlows show each thread's steps in order.
//
//===----------------------------------------------------------------------===//
#include "tangle/report/Reporters.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

namespace tangle {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

constexpr const char *SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

class SarifWriter {
public:
  explicit SarifWriter(const SarifOptions &O) : Opt(O) {}
  Value document(const Report &R);

private:
  Value rules();
  Value result(const Finding &F);
  Value codeFlow(const Finding &F);
  std::optional<Value> physical(const SourceLocation &L);
  std::optional<Value> location(const SourceLocation &L, const std::string &Text);

  const SarifOptions &Opt;
};

const char *levelOf(const Finding &F) {
  if (!F.Counts)
    return "note";
  return F.Kind == FindingKind::HoldAndWait ? "warning" : "error";
}

std::string ruleName(FindingKind K) {
  std::string Name; // lock-order-inversion -> LockOrderInversion
  bool Upper = true;
  for (char C : kindName(K)) {
    if (C == '-') {
      Upper = true;
      continue;
    }
    Name += Upper ? (char)toupper(C) : C;
    Upper = false;
  }
  return Name;
}

Value SarifWriter::rules() {
  Array Rules;
  for (FindingKind K : allKinds())
    Rules.push_back(Object{
        {"id", kindName(K)},
        {"name", ruleName(K)},
        {"shortDescription", Object{{"text", kindTitle(K)}}},
        {"fullDescription", Object{{"text", kindDescription(K)}}},
        {"help", Object{{"text", (kindDescription(K) + " See docs/findings/" +
                                  kindName(K) + ".md in tangle.").str()}}},
        {"defaultConfiguration",
         Object{{"level", K == FindingKind::HoldAndWait ? "warning" : "error"}}},
        {"properties", Object{{"tags", Array{"concurrency", "deadlock"}},
                              {"precision", "high"}}}});
  return std::move(Rules);
}

std::optional<Value> SarifWriter::physical(const SourceLocation &L) {
  if (L.File.empty())
    return std::nullopt;
  Object Artifact;
  llvm::StringRef File = L.File;
  std::string Root = Opt.SourceRoot;
  if (!Root.empty() && Root.back() != '/')
    Root += '/';
  if (!Root.empty() && File.starts_with(Root)) {
    Artifact["uri"] = File.drop_front(Root.size()).str();
    Artifact["uriBaseId"] = "%SRCROOT%";
  } else {
    Artifact["uri"] = llvm::sys::path::is_absolute(File) ? "file://" + L.File
                                                          : L.File;
  }
  Object Region;
  if (L.Line)
    Region["startLine"] = L.Line;
  if (L.Line && L.Column)
    Region["startColumn"] = L.Column;
  Object Physical{{"artifactLocation", std::move(Artifact)}};
  if (L.Line)
    Physical["region"] = std::move(Region);
  return Value(std::move(Physical));
}

std::optional<Value> SarifWriter::location(const SourceLocation &L,
                                           const std::string &Text) {
  std::optional<Value> Physical = physical(L);
  if (!Physical)
    return std::nullopt;
  Object Loc{{"physicalLocation", std::move(*Physical)}};
  if (!L.Function.empty())
    Loc["logicalLocations"] = Array{Object{{"name", L.Function}, {"kind", "function"}}};
  if (!Text.empty())
    Loc["message"] = Object{{"text", Text}};
  return Value(std::move(Loc));
}

std::string stepSentence(const Step &S) {
  if (!S.Text.empty())
    return S.Text;
  switch (S.Action) {
  case StepAction::Acquire:
    return "acquired " + S.Lock;
  case StepAction::Wait:
    return "acquired " + S.Lock + " while holding " + S.Held;
  default:
    return S.Text;
  }
}

// One thread flow per thread: its steps, in order.
Value SarifWriter::codeFlow(const Finding &F) {
  Array Flows;
  for (const ThreadStory &T : F.Threads) {
    Array Steps;
    for (const Step &S : T.Steps) {
      std::optional<Value> L = location(S.Where, stepSentence(S));
      if (L)
        Steps.push_back(Object{{"location", std::move(*L)}});
    }
    if (Steps.empty())
      continue;
    std::string Heading =
        T.Static ? T.Label + " (static: a path in the code, found by tangle lint)"
                 : llvm::formatv("{0} (pid {1}, tid {2})", T.Label, T.Pid, T.Tid).str();
    Flows.push_back(Object{{"id", T.Label},
                           {"message", Object{{"text", Heading}}},
                           {"locations", std::move(Steps)},
                           {"properties", Object{{"static", T.Static}}}});
  }
  return Object{{"message", Object{{"text", F.Message}}},
                {"threadFlows", std::move(Flows)}};
}

Value SarifWriter::result(const Finding &F) {
  Object Result{{"ruleId", kindName(F.Kind)},
                {"level", levelOf(F)},
                {"message", Object{{"text", F.Message}}},
                {"fingerprints", Object{{"tangle/v1", F.Fingerprint}}},
                {"partialFingerprints", Object{{"tangleFingerprint/v1", F.Fingerprint}}}};
  size_t Index = 0; // the rule's place in tool.driver.rules
  for (FindingKind K : allKinds()) {
    if (K == F.Kind)
      break;
    ++Index;
  }
  Result["ruleIndex"] = (int64_t)Index;
  // The primary location: the step that closes the story (the blocking
  // acquisition, the misuse), then every other step as related.
  Array Locations, Related;
  const Step *Primary = nullptr;
  for (const ThreadStory &T : F.Threads)
    for (const Step &S : T.Steps)
      if (S.Where.known() && (!Primary || S.Action != StepAction::Acquire))
        if (!Primary || Primary->Action == StepAction::Acquire)
          Primary = &S;
  if (Primary)
    if (auto L = location(Primary->Where, ""))
      Locations.push_back(std::move(*L));
  int64_t Id = 0;
  for (const ThreadStory &T : F.Threads)
    for (const Step &S : T.Steps)
      if (&S != Primary)
        if (auto L = location(S.Where, T.Label + " " + stepSentence(S))) {
          L->getAsObject()->insert({"id", Id++});
          Related.push_back(std::move(*L));
        }
  if (!Locations.empty())
    Result["locations"] = std::move(Locations);
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);
  if (!F.Threads.empty())
    Result["codeFlows"] = Array{codeFlow(F)};
  if (Opt.WithBaselineState)
    Result["baselineState"] = F.Baselined ? "unchanged" : "new";
  Object Props;
  if (!F.Confidence.empty())
    Props["confidence"] = F.Confidence;
  if (!F.Locks.empty()) {
    Array Locks;
    for (const std::string &L : F.Locks)
      Locks.push_back(L);
    Props["locks"] = std::move(Locks);
  }
  Result["properties"] = std::move(Props);
  return std::move(Result);
}

Value SarifWriter::document(const Report &R) {
  Array Results;
  for (const Finding &F : R.Findings)
    Results.push_back(result(F));
  Object Run{
      {"tool", Object{{"driver", Object{{"name", "tangle"},
                                        {"version", "0.1.0"},
                                        {"semanticVersion", "0.1.0"},
                                        {"rules", rules()}}}}},
      {"automationDetails", Object{{"id", "tangle/"}}},
      {"results", std::move(Results)}};
  if (!Opt.SourceRoot.empty()) {
    std::string Root = Opt.SourceRoot;
    if (Root.back() != '/')
      Root += '/';
    Run["originalUriBaseIds"] =
        Object{{"%SRCROOT%", Object{{"uri", "file://" + Root}}}};
  }
  return Object{{"$schema", SchemaUri},
                {"version", "2.1.0"},
                {"runs", Array{std::move(Run)}}};
}

} // namespace

void writeSarifReport(llvm::raw_ostream &OS, const Report &R,
                      const SarifOptions &Options) {
  OS << llvm::formatv("{0:2}", SarifWriter(Options).document(R)) << "\n";
}

} // namespace tangle
