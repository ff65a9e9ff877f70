//===- Symbolizer.h - return addresses to source locations ------*- C++ -*-===//
//
// Turns (object, address) pairs from the runtime's stacks into file, line,
// column and function with LLVM's own symbolizer (DWARF of the object),
// inlined frames included. Objects are loaded once per analysis.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_SYMBOLIZER_H
#define TANGLE_ANALYZER_SYMBOLIZER_H

#include "tangle/finding/Finding.h"

#include <memory>
#include <string>
#include <vector>

namespace tangle {

class Symbolizer {
public:
  Symbolizer();
  ~Symbolizer();
  // The source locations of the code a return address returns to,
  // innermost inlined frame first; empty when the object or its debug
  // info cannot be read.
  std::vector<SourceLocation> returnAddress(const std::string &Object,
                                            uint64_t Address);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace tangle

#endif
