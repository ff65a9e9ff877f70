//===- Suppressions.h - findings the user has chosen not to see -*- C++ -*-===//
//
// Two ways, as sanitizer users expect:
//
// A suppressions file (tangle --suppressions FILE), one rule per line:
//     KIND:PATTERN        # comment
// KIND is a finding kind (lock-order-inversion, hold-and-wait, ...) or *.
// PATTERN is a glob (*, ?, [..]) matched against the finding's lock names,
// the functions of its steps, and the files of its steps (the whole path or
// its last component). A finding matching any rule is suppressed.
//
// In-source comments on a step's line: `tangle-ignore` on the line itself,
// or `tangle-ignore-next-line` on the line before; either may name kinds,
// `tangle-ignore(lock-leak, hold-and-wait)`. A finding with any step so
// marked is suppressed.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_SUPPRESSIONS_H
#define TANGLE_ANALYZER_SUPPRESSIONS_H

#include "tangle/finding/Finding.h"
#include "tangle/report/SourceFiles.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tangle {

class Suppressions {
public:
  // Parses a suppressions file's text; errors name the file and line.
  static llvm::Expected<Suppressions> parse(llvm::StringRef Text,
                                            llvm::StringRef Path);
  static llvm::Expected<Suppressions> readFile(llvm::StringRef Path);

  // The rule suppressing `F` ("lock-leak:get_*"), if any.
  std::optional<std::string> match(const Finding &F) const;

private:
  struct Rule {
    std::optional<FindingKind> Kind; // nullopt: any kind
    // GlobPattern keeps a reference into its pattern's text: the text lives
    // on the heap, so moving a Rule (or the whole set) never invalidates it.
    std::shared_ptr<const std::string> PatternText;
    llvm::GlobPattern Pattern;
    std::string Text;
  };
  std::vector<Rule> Rules;
};

// Whether a step of `F` carries an in-source suppression for its kind.
bool suppressedInSource(const Finding &F, SourceFiles &Sources);

// Removes suppressed findings from `R` (the file's rules, if any, and
// in-source comments), counting them in R.Suppressed.
void applySuppressions(Report &R, const Suppressions *File, SourceFiles &Sources);

// The finding kind named `Name`, if there is one.
std::optional<FindingKind> kindNamed(llvm::StringRef Name);

} // namespace tangle

#endif
