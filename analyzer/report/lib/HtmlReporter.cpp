//===- HtmlReporter.cpp - one page to look at ------------------------------===//
//
// A single self-contained HTML file: inline style, an inline SVG of the
// lock graph, each finding as a collapsible section with its threads'
// steps and the source around each step. A few lines of script filter the
// findings by kind; the page works without it.
//
//===----------------------------------------------------------------------===//
#include "tangle/report/Reporters.h"

#include <fmt/format.h>

#include <map>

namespace tangle {
namespace {

std::string html(const std::string &S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    default: Out += C;
    }
  }
  return Out;
}

constexpr const char *Style = R"(
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
.summary { color: #555; margin-bottom: 1.5em; }
.filters button { margin: 0 .4em .4em 0; padding: .2em .7em; border: 1px solid #bbb; background: #fff; border-radius: 4px; cursor: pointer; }
.filters button.on { background: #2c3e50; color: #fff; border-color: #2c3e50; }
details.finding { border: 1px solid #ddd; border-left: 5px solid #c0392b; border-radius: 4px; margin: .8em 0; padding: .4em .8em; background: #fff; }
details.finding.possible, details.finding.known { border-left-color: #e1a100; }
summary { cursor: pointer; font-weight: 600; }
.kind { font-family: monospace; background: #fdecea; color: #c0392b; padding: 0 .4em; border-radius: 3px; margin-right: .4em; }
.thread { margin: .6em 0 .2em; font-weight: 600; }
.origin { font-weight: normal; color: #666; }
ol.steps { margin: 0; }
.where { font-family: monospace; color: #2c3e50; }
pre.source { background: #f7f7f7; border: 1px solid #eee; padding: .3em .6em; margin: .2em 0 .6em; overflow-x: auto; }
pre.source .hit { background: #fff3b0; display: block; }
.scenario { color: #444; }
.fingerprint { color: #999; font-family: monospace; font-size: .9em; }
.graph { overflow: auto; border: 1px solid #ddd; padding: .5em; background: #fff; }
.notes li { color: #8a6d00; }
)";

constexpr const char *Script = R"(
(function () {
  var buttons = document.querySelectorAll('.filters button');
  function show(kind) {
    document.querySelectorAll('details.finding').forEach(function (d) {
      d.style.display = (kind === 'all' || d.dataset.kind === kind) ? '' : 'none';
    });
    buttons.forEach(function (b) { b.classList.toggle('on', b.dataset.kind === kind); });
  }
  buttons.forEach(function (b) { b.addEventListener('click', function () { show(b.dataset.kind); }); });
  show('all');
})();
)";

class HtmlWriter {
public:
  HtmlWriter(llvm::raw_ostream &OS, const HtmlOptions &O) : OS(OS), Opt(O) {}
  void page(const Report &R);

private:
  std::string where(const SourceLocation &L) const;
  void snippet(const SourceLocation &L);
  void finding(const Finding &F);
  void filters(const Report &R);

  llvm::raw_ostream &OS;
  const HtmlOptions &Opt;
};

std::string HtmlWriter::where(const SourceLocation &L) const {
  std::string File = L.File;
  if (!Opt.BaseDir.empty() && File.rfind(Opt.BaseDir + "/", 0) == 0)
    File = File.substr(Opt.BaseDir.size() + 1);
  return L.Line ? fmt::format("{}:{}:{}", File, L.Line, L.Column) : File;
}

// Two lines either side of the step, the step's own line marked.
void HtmlWriter::snippet(const SourceLocation &L) {
  if (!Opt.Sources || L.File.empty() || !L.Line)
    return;
  std::string Lines;
  for (unsigned N = L.Line > 2 ? L.Line - 2 : 1; N <= L.Line + 2; ++N) {
    std::optional<std::string> Text = Opt.Sources->line(L.File, N);
    if (!Text)
      continue;
    std::string Row = fmt::format("{:>5} | {}", N, html(*Text));
    Lines += N == L.Line ? "<span class=\"hit\">" + Row + "</span>" : Row + "\n";
  }
  if (!Lines.empty())
    OS << "<pre class=\"source\">" << Lines << "</pre>\n";
}

void HtmlWriter::finding(const Finding &F) {
  std::string Classes = "finding";
  if (!F.Counts)
    Classes += " possible";
  if (F.Baselined)
    Classes += " known";
  OS << "<details class=\"" << Classes << "\" data-kind=\"" << kindName(F.Kind)
     << "\" open>\n<summary><span class=\"kind\">" << kindName(F.Kind);
  if (!F.Confidence.empty())
    OS << " (" << F.Confidence << ")";
  OS << "</span>" << html(F.Message) << (F.Baselined ? " <em>(in the baseline)</em>" : "")
     << "</summary>\n";
  for (const ThreadStory &T : F.Threads) {
    OS << "<div class=\"thread\">" << html(T.Label) << " <span class=\"origin\">";
    if (T.Static)
      OS << "static: a path in the code, found by tangle lint";
    else
      OS << "pid " << T.Pid << ", tid " << T.Tid;
    if (T.IsMain)
      OS << ", main thread";
    if (!T.Command.empty())
      OS << ", in <code>" << html(T.Command) << "</code>";
    if (!T.StartRoutine.empty())
      OS << ", running " << html(T.StartRoutine);
    if (T.CreatedAt.known())
      OS << ", created at " << html(where(T.CreatedAt));
    OS << "</span></div>\n<ol class=\"steps\">\n";
    for (const Step &S : T.Steps) {
      OS << "<li>";
      if (S.Where.known())
        OS << "<span class=\"where\">" << html(where(S.Where)) << "</span> in "
           << html(S.Where.Function) << ": ";
      if (!S.Text.empty())
        OS << html(S.Text);
      else if (S.Action == StepAction::Acquire)
        OS << "acquired <b>" << html(S.Lock) << "</b>";
      else if (S.Action == StepAction::Wait)
        OS << "acquired <b>" << html(S.Lock) << "</b> while holding <b>"
           << html(S.Held) << "</b>";
      else
        OS << html(S.Text);
      snippet(S.Where);
      OS << "</li>\n";
    }
    OS << "</ol>\n";
  }
  if (!F.Scenario.empty()) {
    OS << "<div class=\"scenario\">";
    for (const std::string &Line : F.Scenario)
      OS << html(Line) << "<br>";
    OS << "</div>\n";
  }
  OS << "<div class=\"fingerprint\">fingerprint " << F.Fingerprint << "</div>\n"
     << "</details>\n";
}

void HtmlWriter::filters(const Report &R) {
  std::map<std::string, unsigned> Counts;
  for (const Finding &F : R.Findings)
    ++Counts[kindName(F.Kind).str()];
  OS << "<div class=\"filters\"><button data-kind=\"all\">all (" << R.Findings.size()
     << ")</button>";
  for (const auto &[Kind, N] : Counts)
    OS << "<button data-kind=\"" << Kind << "\">" << Kind << " (" << N << ")</button>";
  OS << "</div>\n";
}

void HtmlWriter::page(const Report &R) {
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<title>tangle report</title>\n<style>" << Style << "</style>\n</head>\n<body>\n"
     << "<h1>tangle report</h1>\n<div class=\"summary\" id=\"summary\">"
     << html(summaryLine(R)) << "</div>\n";
  filters(R);
  for (const Finding &F : R.Findings)
    finding(F);
  if (!R.Notes.empty()) {
    OS << "<h2>Notes</h2>\n<ul class=\"notes\">\n";
    for (const std::string &N : R.Notes)
      OS << "<li>" << html(N) << "</li>\n";
    OS << "</ul>\n";
  }
  OS << "<h2>Lock-order graph</h2>\n<div class=\"graph\">\n";
  if (!Opt.Svg.empty()) {
    size_t Start = Opt.Svg.find("<svg"); // drop the XML prologue
    OS << (Start == std::string::npos ? Opt.Svg : Opt.Svg.substr(Start));
  } else {
    std::string Dot;
    llvm::raw_string_ostream DotOS(Dot);
    writeDotGraph(DotOS, R);
    OS << "<pre>" << html(Dot) << "</pre>";
  }
  OS << "\n</div>\n<script>" << Script << "</script>\n</body>\n</html>\n";
}

} // namespace

void writeHtmlReport(llvm::raw_ostream &OS, const Report &R,
                     const HtmlOptions &Options) {
  HtmlWriter(OS, Options).page(R);
}

} // namespace tangle
