//===- TextReporter.cpp - the report people read --------------------------===//
//
// Each finding reads like a compiler diagnostic: a headline, then per
// thread its steps as "file:line:col: in function: what happened", then
// the deadlock scenario in one line per thread, then the fingerprint.
//
//===----------------------------------------------------------------------===//
#include "tangle/report/Reporters.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include <map>

namespace tangle {
namespace {

class TextWriter {
public:
  TextWriter(llvm::raw_ostream &OS, const TextOptions &O) : OS(OS), Opt(O) {}

  void finding(const Finding &F);
  void notes(const Report &R);

private:
  std::string styled(fmt::text_style Style, const std::string &Text) const {
    return Opt.Color ? fmt::format(Style, "{}", Text) : Text;
  }
  std::string where(const SourceLocation &L) const;
  std::string stepText(const Step &S);
  std::string threadHeading(const ThreadStory &T, bool WithProcess);
  void sourceLine(const SourceLocation &L);

  llvm::raw_ostream &OS;
  const TextOptions &Opt;
};

std::string TextWriter::where(const SourceLocation &L) const {
  if (!L.known())
    return "<unknown location>";
  std::string File = L.File;
  if (!Opt.BaseDir.empty() && File.rfind(Opt.BaseDir + "/", 0) == 0)
    File = File.substr(Opt.BaseDir.size() + 1);
  if (File.empty())
    return "<unknown file>";
  if (!L.Line)
    return File;
  return L.Column ? fmt::format("{}:{}:{}", File, L.Line, L.Column)
                  : fmt::format("{}:{}", File, L.Line);
}

std::string TextWriter::stepText(const Step &S) {
  auto Lock = styled(fmt::emphasis::bold, S.Lock);
  if (!S.Text.empty()) // a step that says itself (and lint's entry holds)
    return S.Text;
  switch (S.Action) {
  case StepAction::Acquire:
    return fmt::format("acquired {}", Lock);
  case StepAction::Wait:
    return fmt::format("acquired {} while holding {}", Lock,
                       styled(fmt::emphasis::bold, S.Held));
  case StepAction::Block:
  case StepAction::Misuse:
  case StepAction::Exit:
  case StepAction::Notify:
  case StepAction::Call:
  case StepAction::Access:
    return S.Text;
  }
  return "";
}

std::string TextWriter::threadHeading(const ThreadStory &T, bool WithProcess) {
  if (T.Static) // a path in the code, not a thread of a run
    return fmt::format("{} (static: a path in the code, found by tangle lint)",
                       styled(fmt::emphasis::bold, T.Label));
  std::string Id = fmt::format("pid {}, tid {}", T.Pid, T.Tid);
  if (T.IsMain)
    Id += ", main thread";
  std::string Origin;
  if (WithProcess && !T.Command.empty())
    Origin += fmt::format(" in `{}`", T.Command);
  if (WithProcess && T.ParentPid)
    Origin += fmt::format(", child of pid {}", T.ParentPid);
  if (!T.StartRoutine.empty())
    Origin += ", running " + T.StartRoutine;
  if (T.CreatedAt.known())
    Origin += ", created at " + where(T.CreatedAt) + " in " + T.CreatedAt.Function;
  return fmt::format("{} ({}){}", styled(fmt::emphasis::bold, T.Label), Id,
                     Origin);
}

// The step's line, with a caret under its column, as compilers show it.
void TextWriter::sourceLine(const SourceLocation &L) {
  if (!Opt.Sources || L.File.empty() || !L.Line)
    return;
  std::optional<std::string> Text = Opt.Sources->line(L.File, L.Line);
  if (!Text)
    return;
  std::string Number = std::to_string(L.Line);
  OS << "      " << Number << " | " << *Text << "\n";
  if (L.Column && L.Column <= Text->size() + 1) {
    std::string Pad;
    for (unsigned I = 1; I < L.Column; ++I) // keep tabs where the source has them
      Pad += (*Text)[I - 1] == '\t' ? '\t' : ' ';
    OS << "      " << std::string(Number.size(), ' ') << " | " << Pad
       << styled(fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold, "^")
       << "\n";
  }
}

void TextWriter::finding(const Finding &F) {
  auto Color = F.Counts ? fmt::terminal_color::red : fmt::terminal_color::yellow;
  std::string Kind = std::string(kindName(F.Kind));
  if (!F.Confidence.empty())
    Kind += " (" + F.Confidence + ")";
  OS << styled(fmt::fg(Color) | fmt::emphasis::bold,
               fmt::format("tangle: {}:", Kind))
     << " " << F.Message << "\n";
  // Where a finding spans processes, each thread says which one it is in.
  bool Processes = false;
  for (const ThreadStory &T : F.Threads)
    if (!T.Static && !F.Threads[0].Static)
      Processes |= T.Pid != F.Threads[0].Pid || T.Session != F.Threads[0].Session;
  for (const ThreadStory &T : F.Threads) {
    OS << "  " << threadHeading(T, Processes) << ":\n";
    for (const Step &S : T.Steps) {
      OS << "    ";
      if (S.Where.known())
        OS << where(S.Where) << ": in " << S.Where.Function << ": ";
      OS << stepText(S) << "\n";
      sourceLine(S.Where);
      for (const SourceLocation &Caller : S.CalledFrom)
        OS << "      called from " << where(Caller) << " in " << Caller.Function << "\n";
    }
  }
  if (!F.Scenario.empty()) {
    const char *Heading = F.Kind == FindingKind::Deadlock
                              ? "what each thread waits for:"
                              : "possible deadlock:";
    OS << "  " << styled(fmt::emphasis::bold, Heading) << "\n";
    for (const std::string &Line : F.Scenario)
      OS << "    " << Line << "\n";
  }
  for (const std::string &N : F.Notes)
    OS << "  note: " << N << "\n";
  OS << "  fingerprint: " << F.Fingerprint << "\n\n";
}

void TextWriter::notes(const Report &R) {
  for (const std::string &N : R.Notes)
    OS << styled(fmt::fg(fmt::terminal_color::yellow), "tangle: warning:")
       << " " << N << "\n";
}

} // namespace

// "2 findings (1 deadlock, 1 lock-leak) in 1 session", counting only the
// findings that count for the exit status; the others follow as possible.
std::string summaryLine(const Report &R) {
  std::map<std::string, unsigned> ByKind, Possible;
  for (const Finding &F : R.Findings)
    if (!F.Baselined)
      ++(F.Counts ? ByKind : Possible)[kindName(F.Kind).str()];
  auto List = [](const std::map<std::string, unsigned> &M) {
    std::string Out;
    for (const auto &[Kind, N] : M)
      Out += fmt::format("{}{} {}", Out.empty() ? "" : ", ", N, Kind);
    return Out;
  };
  size_t N = 0, Known = 0, S = R.SessionPaths.size() - R.LintResults;
  for (const Finding &F : R.Findings)
    if (F.Counts)
      ++(F.Baselined ? Known : N);
  std::string Out = fmt::format("{} {}finding{}", N, Known ? "new " : "",
                                N == 1 ? "" : "s");
  if (N)
    Out += " (" + List(ByKind) + ")";
  if (R.LintResults && !S) // tangle lint, or analyze over lint results only
    Out += fmt::format(" in {} file{}", R.LintedFiles, R.LintedFiles == 1 ? "" : "s");
  else if (R.LintResults)
    Out += fmt::format(" in {} session{} and {} linted file{}", S, S == 1 ? "" : "s",
                       R.LintedFiles, R.LintedFiles == 1 ? "" : "s");
  else
    Out += fmt::format(" in {} session{}", S, S == 1 ? "" : "s");
  if (Known)
    Out += fmt::format("; {} known (in the baseline)", Known);
  if (R.Suppressed)
    Out += fmt::format("; {} suppressed", R.Suppressed);
  if (!Possible.empty())
    Out += "; also possible: " + List(Possible);
  return Out;
}

void writeTextReport(llvm::raw_ostream &OS, const Report &R,
                     const TextOptions &Options) {
  TextWriter W(OS, Options);
  for (const Finding &F : R.Findings)
    if (!F.Baselined)
      W.finding(F);
  W.notes(R);
  OS << "tangle: " << summaryLine(R) << "\n";
}

} // namespace tangle
