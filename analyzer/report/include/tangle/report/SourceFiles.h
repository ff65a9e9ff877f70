//===- SourceFiles.h - reading the program's source lines -------*- C++ -*-===//
//
// Reports show the source line of each step, and in-source suppressions are
// comments on those lines. Files are read once and kept; a file that is
// gone or unreadable simply has no lines.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_SOURCEFILES_H
#define TANGLE_ANALYZER_SOURCEFILES_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tangle {

class SourceFiles {
public:
  // Line `Line` (1-based) of `Path`, without its newline.
  std::optional<std::string> line(const std::string &Path, unsigned Line);

private:
  const std::vector<std::string> *lines(const std::string &Path);
  std::map<std::string, std::optional<std::vector<std::string>>> Cache;
};

} // namespace tangle

#endif
