//===- ReportOutput.cpp - options and printing shared by verbs ------------===//
#include "ReportOutput.h"

#include "Commands.h"

#include "tangle/Reporters.h"
#include "tangle/Suppressions.h"

#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace tangle {
namespace {

cl::opt<ReportFormat> Format(
    "format", cl::desc("Report format"),
    cl::values(clEnumValN(ReportFormat::Text, "text", "for people (default)"),
               clEnumValN(ReportFormat::Json, "json",
                          "for programs (docs/json-format.md)"),
               clEnumValN(ReportFormat::Sarif, "sarif",
                          "SARIF 2.1.0, for code scanning (docs/ci.md)")),
    cl::init(ReportFormat::Text), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand));

cl::opt<ColorMode> Color(
    "color", cl::desc("Colour the text report"),
    cl::values(clEnumValN(ColorMode::Auto, "auto", "on a terminal (default)"),
               clEnumValN(ColorMode::Always, "always", "always"),
               clEnumValN(ColorMode::Never, "never", "never")),
    cl::init(ColorMode::Auto), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand));

cl::opt<std::string> SuppressionsFile(
    "suppressions",
    cl::desc("Suppress findings matching the rules in <file> (docs/suppressions.md)"),
    cl::value_desc("file"), cl::sub(RunCommand), cl::sub(AnalyzeCommand),
    cl::sub(CheckCommand));

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
    cl::sub(CheckCommand));

std::string currentDirectory() {
  SmallString<256> Cwd;
  return sys::fs::current_path(Cwd) ? "" : std::string(Cwd);
}

} // namespace

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

void printReport(raw_fd_ostream &OS, const Report &R) {
  if (Format == ReportFormat::Json) {
    writeJsonReport(OS, R);
    return;
  }
  if (Format == ReportFormat::Sarif) {
    SarifOptions Sarif;
    Sarif.SourceRoot = SourceRoot.empty() ? currentDirectory() : SourceRoot;
    Sarif.WithBaselineState = bool(CheckCommand);
    writeSarifReport(OS, R, Sarif);
    return;
  }
  TextOptions Opt;
  Opt.Color = Color == ColorMode::Always ||
              (Color == ColorMode::Auto && OS.is_displayed());
  Opt.Sources = &sources();
  Opt.BaseDir = currentDirectory();
  writeTextReport(OS, R, Opt);
}

} // namespace tangle
