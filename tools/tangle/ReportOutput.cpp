//===- ReportOutput.cpp - options and printing shared by verbs ------------===//
#include "ReportOutput.h"

#include "Commands.h"
#include "Graphviz.h"

#include "tangle/analysis/Analysis.h"
#include "tangle/report/Reporters.h"
#include "tangle/report/Suppressions.h"
#include "tangle/session/SessionReader.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace tangle {
namespace {

cl::opt<ReportFormat> Format(
    "format", cl::desc("Report format"),
    cl::values(clEnumValN(ReportFormat::Text, "text", "for people (default)"),
               clEnumValN(ReportFormat::Json, "json",
                          "for programs (docs/json-format.md)"),
               clEnumValN(ReportFormat::Sarif, "sarif",
                          "SARIF 2.1.0, for code scanning (docs/ci.md)"),
               clEnumValN(ReportFormat::Dot, "dot", "the lock-order graph, in DOT"),
               clEnumValN(ReportFormat::Svg, "svg",
                          "the lock-order graph, drawn by Graphviz"),
               clEnumValN(ReportFormat::Html, "html",
                          "one page with findings, sources and the graph")),
    cl::init(ReportFormat::Text), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand), cl::sub(LintCommand));

cl::opt<ColorMode> Color(
    "color", cl::desc("Colour the text report"),
    cl::values(clEnumValN(ColorMode::Auto, "auto", "on a terminal (default)"),
               clEnumValN(ColorMode::Always, "always", "always"),
               clEnumValN(ColorMode::Never, "never", "never")),
    cl::init(ColorMode::Auto), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand), cl::sub(LintCommand));

cl::opt<std::string> SuppressionsFile(
    "suppressions",
    cl::desc("Suppress findings matching the rules in <file> (docs/suppressions.md)"),
    cl::value_desc("file"), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand), cl::sub(LintCommand));

cl::opt<std::string> OutputFile("o", cl::desc("Write the report to <file>"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::sub(AnalyzeCommand), cl::sub(CheckCommand),
                                cl::sub(LintCommand));

// One cache of source files for suppression comments and snippets.
SourceFiles &sources() {
  static SourceFiles Files;
  return Files;
}

cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("SARIF: paths under <dir> are relative to %SRCROOT% (default: "
             "the current directory)"),
    cl::value_desc("dir"), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand), cl::sub(LintCommand));

std::string currentDirectory() {
  SmallString<256> Cwd;
  return sys::fs::current_path(Cwd) ? "" : std::string(Cwd);
}

} // namespace

namespace {

// Progress on stderr, only when it is a terminal and the work is large
// enough to wait for.
constexpr size_t ManySessions = 8;
constexpr uint64_t LargeSession = 64ull << 20;

} // namespace

void ProgressLine::say(const std::string &Text) {
  if (!Active)
    return;
  errs() << "\r\033[K" << Text;
  errs().flush();
  Shown = true;
}

ProgressLine::~ProgressLine() {
  if (Shown)
    errs() << "\r\033[K";
}

std::optional<std::vector<Session>>
readSessionsWithProgress(const std::vector<std::string> &Paths) {
  ProgressLine Line;
  Expected<std::vector<Session>> Sessions = readSessions(
      Paths, [&](size_t Index, size_t Count, uint64_t Bytes) {
        if (Count >= ManySessions || Bytes >= LargeSession)
          Line.say(formatv("tangle: reading session {0}/{1} ({2} MiB)...",
                           Index + 1, Count, Bytes >> 20));
      });
  if (!Sessions) {
    errs() << "tangle: " << toString(Sessions.takeError()) << "\n";
    return std::nullopt;
  }
  return std::move(*Sessions);
}

Report analyzeWithProgress(const std::vector<Session> &Sessions) {
  ProgressLine Line;
  size_t Chains = 0;
  for (const Session &S : Sessions)
    Chains += S.Chains.size();
  if (Sessions.size() >= ManySessions || Chains >= 1000000)
    Line.say(formatv("tangle: analysing {0} session(s), {1} lock chains...",
                     Sessions.size(), Chains));
  return analyze(Sessions);
}

std::unique_ptr<raw_fd_ostream> openReportFile() {
  std::error_code EC;
  auto OS = std::make_unique<raw_fd_ostream>(OutputFile, EC, sys::fs::OF_None);
  if (EC) {
    errs() << "tangle: " << OutputFile << ": " << EC.message() << "\n";
    return nullptr;
  }
  return OS;
}

bool applyUserSuppressions(Report &R) {
  std::optional<Suppressions> File;
  if (!SuppressionsFile.empty()) {
    Expected<Suppressions> S = Suppressions::readFile(SuppressionsFile);
    if (!S) {
      errs() << "tangle: " << toString(S.takeError()) << "\n";
      return false;
    }
    File = std::move(*S);
  }
  applySuppressions(R, File ? &*File : nullptr, sources());
  return true;
}

// The graph as SVG, or an error line on stderr.
std::optional<std::string> graphSvg(const Report &R) {
  std::string Dot;
  raw_string_ostream DotOS(Dot);
  writeDotGraph(DotOS, R);
  Expected<std::string> Svg = renderSvg(Dot);
  if (!Svg) {
    errs() << "tangle: " << toString(Svg.takeError()) << "\n";
    return std::nullopt;
  }
  return *Svg;
}

bool printReport(raw_fd_ostream &OS, const Report &R) {
  switch (Format) {
  case ReportFormat::Text: {
    TextOptions Opt;
    Opt.Color = Color == ColorMode::Always ||
                (Color == ColorMode::Auto && OS.is_displayed());
    Opt.Sources = &sources();
    Opt.BaseDir = currentDirectory();
    writeTextReport(OS, R, Opt);
    return true;
  }
  case ReportFormat::Json:
    writeJsonReport(OS, R);
    return true;
  case ReportFormat::Sarif: {
    SarifOptions Sarif;
    SmallString<256> Root(SourceRoot.empty() ? currentDirectory() : SourceRoot);
    sys::fs::make_absolute(Root);
    sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
    Sarif.SourceRoot = std::string(Root);
    Sarif.WithBaselineState = bool(CheckCommand);
    writeSarifReport(OS, R, Sarif);
    return true;
  }
  case ReportFormat::Dot:
    writeDotGraph(OS, R);
    return true;
  case ReportFormat::Svg: {
    std::optional<std::string> Svg = graphSvg(R);
    if (Svg)
      OS << *Svg;
    return Svg.has_value();
  }
  case ReportFormat::Html: {
    std::optional<std::string> Svg = graphSvg(R);
    if (!Svg)
      return false;
    HtmlOptions Html;
    Html.Svg = *Svg;
    Html.BaseDir = currentDirectory();
    Html.Sources = &sources();
    writeHtmlReport(OS, R, Html);
    return true;
  }
  }
  return false;
}

} // namespace tangle
