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
                          "for programs (docs/json-format.md)")),
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
  TextOptions Opt;
  Opt.Color = Color == ColorMode::Always ||
              (Color == ColorMode::Auto && OS.is_displayed());
  Opt.Sources = &sources();
  SmallString<256> Cwd;
  if (!sys::fs::current_path(Cwd))
    Opt.BaseDir = std::string(Cwd);
  writeTextReport(OS, R, Opt);
}

} // namespace tangle
