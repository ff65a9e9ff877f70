//===- Finding.h - what the analyzer reports --------------------*- C++ -*-===//
//
// A finding is a finished story: its kind, a stable fingerprint, a one-line
// message, and per thread the steps that make it (each at a source
// location). Detectors produce findings; reporters only format them.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_FINDING_H
#define TANGLE_ANALYZER_FINDING_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tangle {

enum class FindingKind {
#define TANGLE_FINDING(Enum, Name, Title, Description) Enum,
#include "tangle/finding/Findings.def"
};

llvm::StringRef kindName(FindingKind K);  // "lock-order-inversion"
llvm::StringRef kindTitle(FindingKind K); // "lock-order inversion (potential deadlock)"
llvm::StringRef kindDescription(FindingKind K); // one sentence
std::vector<FindingKind> allKinds();

struct SourceLocation {
  std::string File;
  unsigned Line = 0, Column = 0;
  std::string Function;
  bool known() const { return !File.empty() || !Function.empty(); }
};

enum class StepAction {
  Acquire, // took a lock
  Wait,    // took, or would take, a lock while holding `Held`
  Block,   // blocked on something other than a lock (`Text` says what)
  Misuse,  // used `Lock` wrongly (`Text` says how)
  Exit,    // the thread finished (`Text` says how)
  Notify,  // woke waiters (`Text` says whom)
  Call,    // called a function on the way (`Text`: "calls take_b")
  Access,  // read or wrote memory (`Lock` names it, `Text` says how)
};

// The stable name of a step's action in JSON and lint results ("acquire",
// "acquire-while-holding", "access"...), and back.
llvm::StringRef actionName(StepAction A);
std::optional<StepAction> actionNamed(llvm::StringRef Name);

struct Step {
  StepAction Action = StepAction::Acquire;
  std::string Lock;     // display name
  std::string Held;     // for Wait: the lock held meanwhile
  SourceLocation Where;
  std::string Text;     // for Block, Misuse, Exit, Call and Access: what
                        // happened; for Acquire and Wait, when set, says it instead
  std::vector<SourceLocation> CalledFrom; // callers of Where's function, innermost first
};

struct ThreadStory {
  std::string Label;    // "T2"
  uint32_t Pid = 0, Tid = 0;
  uint32_t ParentPid = 0;   // of its process
  std::string Command;      // its process's command line, shortened
  bool IsMain = false;
  std::string Session;  // session file the thread was recorded in
  SourceLocation CreatedAt; // where it was created, when known
  std::string StartRoutine; // the function it ran, when known
  // Found in the code by tangle lint, not seen in a run: the steps are a
  // path any thread running that code would take (Label: its function).
  bool Static = false;
  std::vector<Step> Steps;
};

struct Finding {
  FindingKind Kind = FindingKind::LockOrderInversion;
  std::string Fingerprint;        // 16 hex digits, stable across runs
  std::string Message;            // one line
  std::vector<std::string> Locks; // the locks involved, display names, in cycle order
  std::vector<ThreadStory> Threads;
  std::vector<std::string> Scenario; // how it would deadlock, one line per thread
  std::vector<std::string> Notes;
  // Whether the finding counts for the exit status: hold-and-wait findings
  // the run did not confirm are reported but do not fail a check.
  bool Counts = true;
  std::string Confidence; // "confirmed" or "possible" where it applies
  bool Baselined = false; // known: its fingerprint is in the baseline
};

// Findings that count for the exit status.
size_t countingFindings(const std::vector<Finding> &Findings);
// Findings that count and are not in the baseline.
size_t newFindings(const std::vector<Finding> &Findings);

// The lock-order graph as the reports draw it: locks by name, edges with how
// many threads made them, and which edges lie on reported cycles.
struct GraphView {
  struct Node {
    std::string Name;
    unsigned Acquisitions = 0; // edges in and out, counted by witness
  };
  struct Edge {
    unsigned From = 0, To = 0; // indexes into Nodes
    unsigned Threads = 0;      // distinct threads that made it
    bool InFinding = false;    // on a reported cycle
  };
  std::vector<Node> Nodes;
  std::vector<Edge> Edges;
  bool Cut = false; // only the parts around cycles are kept (graph too large)
};

// One process of an analysed run: the process tree of the reports.
struct ProcessSummary {
  std::string Session;
  uint32_t Pid = 0, ParentPid = 0;
  bool ParentInSession = false;
  std::vector<std::string> Args;
  // How it ended: "exited with status N", "replaced by exec", or "" when the
  // session did not see it end (killed, crashed, or still running when the
  // session was saved).
  std::string End;
};

// What a whole analysis produced, plus what limited it.
struct Report {
  std::vector<Finding> Findings;
  std::vector<std::string> SessionPaths;
  std::vector<std::string> Notes; // degradations: dropped records, budgets hit
  unsigned Processes = 0, Threads = 0, Chains = 0;
  std::vector<ProcessSummary> ProcessTree; // every process, in session order
  unsigned LintResults = 0, LintedFiles = 0; // lint results among the sessions
  unsigned Suppressed = 0; // findings removed by suppressions
  GraphView Graph;
};

} // namespace tangle

#endif
