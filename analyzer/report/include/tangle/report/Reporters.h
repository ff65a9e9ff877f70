//===- Reporters.h - writing finished reports -------------------*- C++ -*-===//
//
// Reporters format a Report; they never look at sessions or graphs.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_REPORTERS_H
#define TANGLE_ANALYZER_REPORTERS_H

#include "tangle/finding/Finding.h"
#include "tangle/report/SourceFiles.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace tangle {

struct TextOptions {
  bool Color = false;
  std::string BaseDir;            // paths under it are printed relative to it
  SourceFiles *Sources = nullptr; // to show each step's source line
};

// Human-readable: one block per new finding (those in the baseline are only
// counted), then a one-line summary.
void writeTextReport(llvm::raw_ostream &OS, const Report &R,
                     const TextOptions &Options);

// The JSON document described in docs/json-format.md.
void writeJsonReport(llvm::raw_ostream &OS, const Report &R);

struct SarifOptions {
  // Files under it are written relative to %SRCROOT%, as code scanning wants.
  std::string SourceRoot;
  // Say for each result whether it is new or in the baseline (tangle check).
  bool WithBaselineState = false;
};

// The lock-order graph in Graphviz's DOT language: locks by name with how
// often they were taken in order, edges labelled with how many threads made
// them, and the edges of reported cycles in red.
void writeDotGraph(llvm::raw_ostream &OS, const Report &R);

struct HtmlOptions {
  std::string Svg;                // the graph, rendered (empty: shown as DOT)
  std::string BaseDir;            // paths under it are shown relative to it
  SourceFiles *Sources = nullptr; // for the source snippets
};

// One self-contained page: the summary, each finding with its threads'
// steps and source snippets, and the graph. No external resources.
void writeHtmlReport(llvm::raw_ostream &OS, const Report &R,
                     const HtmlOptions &Options);

// SARIF 2.1.0 (docs/ci.md): one rule per finding kind, a result per
// finding with its locations and a code flow of one thread flow per thread.
void writeSarifReport(llvm::raw_ostream &OS, const Report &R,
                      const SarifOptions &Options);

// "1 finding (1 lock-order-inversion) in 1 session"
std::string summaryLine(const Report &R);

} // namespace tangle

#endif
