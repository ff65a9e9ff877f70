//===- Finding.cpp - names of finding kinds -------------------------------===//
#include "tangle/Finding.h"

namespace tangle {

llvm::StringRef kindName(FindingKind K) {
  switch (K) {
#define TANGLE_FINDING(Enum, Name, Title, Description)                                      \
  case FindingKind::Enum:                                                      \
    return Name;
#include "tangle/Findings.def"
  }
  return "unknown";
}

llvm::StringRef kindTitle(FindingKind K) {
  switch (K) {
#define TANGLE_FINDING(Enum, Name, Title, Description)                                      \
  case FindingKind::Enum:                                                      \
    return Title;
#include "tangle/Findings.def"
  }
  return "unknown";
}

llvm::StringRef kindDescription(FindingKind K) {
  switch (K) {
#define TANGLE_FINDING(Enum, Name, Title, Description)                         \
  case FindingKind::Enum:                                                      \
    return Description;
#include "tangle/Findings.def"
  }
  return "";
}

std::vector<FindingKind> allKinds() {
  return {
#define TANGLE_FINDING(Enum, Name, Title, Description) FindingKind::Enum,
#include "tangle/Findings.def"
  };
}

size_t countingFindings(const std::vector<Finding> &Findings) {
  size_t N = 0;
  for (const Finding &F : Findings)
    N += F.Counts;
  return N;
}

size_t newFindings(const std::vector<Finding> &Findings) {
  size_t N = 0;
  for (const Finding &F : Findings)
    N += F.Counts && !F.Baselined;
  return N;
}

} // namespace tangle
