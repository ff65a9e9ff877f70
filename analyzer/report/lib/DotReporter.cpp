//===- DotReporter.cpp - the lock-order graph for Graphviz -----------------===//
#include "tangle/report/Reporters.h"

#include "llvm/Support/FormatVariadic.h"

namespace tangle {
namespace {

// Text for inside a DOT string literal.
std::string escaped(const std::string &S) {
  std::string Out;
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out;
}

std::string quoted(const std::string &S) { return "\"" + escaped(S) + "\""; }

} // namespace

void writeDotGraph(llvm::raw_ostream &OS, const Report &R) {
  const GraphView &G = R.Graph;
  OS << "digraph lock_order {\n"
     << "  label=" << quoted(G.Cut ? "lock order (cut to the cycles: the whole "
                                     "graph is too large to draw)"
                                   : "lock order: A -> B means B was taken "
                                     "while holding A")
     << ";\n  labelloc=t;\n  rankdir=LR;\n"
     << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\", "
        "fontname=\"Helvetica\"];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::vector<bool> OnCycle(G.Nodes.size(), false);
  for (const GraphView::Edge &E : G.Edges)
    if (E.InFinding)
      OnCycle[E.From] = OnCycle[E.To] = true;
  for (size_t I = 0; I < G.Nodes.size(); ++I)
    OS << "  n" << I << " [label=\"" << escaped(G.Nodes[I].Name) << "\\n"
       << G.Nodes[I].Acquisitions << " ordered acquisition(s)\""
       << (OnCycle[I] ? ", color=\"#c0392b\", fillcolor=\"#fdecea\", penwidth=2" : "")
       << "];\n";
  for (const GraphView::Edge &E : G.Edges)
    OS << "  n" << E.From << " -> n" << E.To << " [label="
       << quoted(llvm::formatv("{0} thread{1}", E.Threads, E.Threads == 1 ? "" : "s"))
       << (E.InFinding ? ", color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=2.5" : "")
       << "];\n";
  OS << "}\n";
}

} // namespace tangle
