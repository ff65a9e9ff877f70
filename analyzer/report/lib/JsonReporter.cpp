//===- JsonReporter.cpp - the report machines read ------------------------===//
//
// The document is specified in docs/json-format.md; bump "version" there
// and here together when its meaning changes.
//
//===----------------------------------------------------------------------===//
#include "tangle/report/Reporters.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace tangle {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

constexpr int FormatVersion = 1;

Array strings(const std::vector<std::string> &V) {
  Array A;
  for (const std::string &S : V)
    A.push_back(S);
  return A;
}

Value location(const SourceLocation &L) {
  return Object{{"file", L.File},
                {"line", L.Line},
                {"column", L.Column},
                {"function", L.Function}};
}

Value step(const Step &S) {
  Object O{{"action", actionName(S.Action)},
           {"lock", S.Lock},
           {"location", location(S.Where)}};
  if (!S.Held.empty())
    O["held"] = S.Held;
  if (!S.Text.empty())
    O["text"] = S.Text;
  if (!S.CalledFrom.empty()) {
    Array Callers;
    for (const SourceLocation &L : S.CalledFrom)
      Callers.push_back(location(L));
    O["called_from"] = std::move(Callers);
  }
  return O;
}

Value thread(const ThreadStory &T) {
  Array Steps;
  for (const Step &S : T.Steps)
    Steps.push_back(step(S));
  Object O{{"id", T.Label},  {"pid", T.Pid},
           {"parent_pid", T.ParentPid}, {"command", T.Command},
           {"tid", T.Tid},   {"main", T.IsMain},
           {"session", T.Session}, {"static", T.Static},
           {"steps", std::move(Steps)}};
  if (T.CreatedAt.known())
    O["created_at"] = location(T.CreatedAt);
  if (!T.StartRoutine.empty())
    O["start_routine"] = T.StartRoutine;
  return O;
}

Value finding(const Finding &F) {
  Array Threads, Locations;
  for (const ThreadStory &T : F.Threads) {
    Threads.push_back(thread(T));
    for (const Step &S : T.Steps)
      Locations.push_back(location(S.Where));
  }
  return Object{{"kind", kindName(F.Kind)},
                {"fingerprint", F.Fingerprint},
                {"message", F.Message},
                {"locks", strings(F.Locks)},
                {"threads", std::move(Threads)},
                {"locations", std::move(Locations)},
                {"scenario", strings(F.Scenario)},
                {"notes", strings(F.Notes)},
                {"counts", F.Counts},
                {"baseline", F.Baselined},
                {"confidence", F.Confidence}};
}

Value processes(const std::vector<ProcessSummary> &Tree) {
  Array List;
  for (const ProcessSummary &P : Tree) {
    Object O{{"session", P.Session}, {"pid", P.Pid},
             {"parent_pid", P.ParentPid}, {"parent_in_run", P.ParentInSession},
             {"args", strings(P.Args)}};
    O["end"] = P.End.empty() ? Value(nullptr) : Value(P.End);
    List.push_back(std::move(O));
  }
  return List;
}

} // namespace

void writeJsonReport(llvm::raw_ostream &OS, const Report &R) {
  Array Findings;
  Object ByKind;
  for (const Finding &F : R.Findings) {
    Findings.push_back(finding(F));
    int64_t N = ByKind.getInteger(kindName(F.Kind)).value_or(0);
    ByKind[kindName(F.Kind)] = N + 1;
  }
  Value Doc = Object{
      {"version", FormatVersion},
      {"tool", Object{{"name", "tangle"}, {"version", "0.1.0"}}},
      {"sessions", strings(R.SessionPaths)},
      {"processes", processes(R.ProcessTree)},
      {"findings", std::move(Findings)},
      {"summary", Object{{"findings", (int64_t)R.Findings.size()},
                         {"counting", (int64_t)countingFindings(R.Findings)},
                         {"new", (int64_t)newFindings(R.Findings)},
                         {"suppressed", R.Suppressed},
                         {"by_kind", std::move(ByKind)},
                         {"processes", R.Processes},
                         {"threads", R.Threads},
                         {"chains", R.Chains}}},
      {"notes", strings(R.Notes)}};
  OS << llvm::formatv("{0:2}", Doc) << "\n";
}

} // namespace tangle
