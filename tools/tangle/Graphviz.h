//===- Graphviz.h - rendering DOT with Graphviz's dot -----------*- C++ -*-===//
#ifndef TANGLE_TOOLS_GRAPHVIZ_H
#define TANGLE_TOOLS_GRAPHVIZ_H

#include "llvm/Support/Error.h"

#include <string>

namespace tangle {

// The SVG Graphviz's `dot` draws for `Dot`; an error when dot is missing
// or fails.
llvm::Expected<std::string> renderSvg(const std::string &Dot);

} // namespace tangle

#endif
