//===- Finding.cpp - names of finding kinds -------------------------------===//
#include "tangle/finding/Finding.h"

namespace tangle {

llvm::StringRef kindName(FindingKind K) {
  switch (K) {
#define TANGLE_FINDING(Enum, Name, Title, Description)                                      \
  case FindingKind::Enum:                                                      \
    return Name;
#include "tangle/finding/Findings.def"
  }
  return "unknown";
}

llvm::StringRef actionName(StepAction A) {
  switch (A) {
  case StepAction::Acquire: return "acquire";
  case StepAction::Wait: return "acquire-while-holding";
  case StepAction::Block: return "block";
  case StepAction::Misuse: return "misuse";
  case StepAction::Exit: return "exit";
  case StepAction::Notify: return "notify";
  case StepAction::Call: return "call";
  case StepAction::Access: return "access";
  }
  return "unknown";
}

std::optional<StepAction> actionNamed(llvm::StringRef Name) {
  for (StepAction A : {StepAction::Acquire, StepAction::Wait, StepAction::Block,
                       StepAction::Misuse, StepAction::Exit, StepAction::Notify,
                       StepAction::Call, StepAction::Access})
    if (Name == actionName(A))
      return A;
  return std::nullopt;
}

llvm::StringRef kindTitle(FindingKind K) {
  switch (K) {
#define TANGLE_FINDING(Enum, Name, Title, Description)                                      \
  case FindingKind::Enum:                                                      \
    return Title;
#include "tangle/finding/Findings.def"
  }
  return "unknown";
}

llvm::StringRef kindDescription(FindingKind K) {
  switch (K) {
#define TANGLE_FINDING(Enum, Name, Title, Description)                         \
  case FindingKind::Enum:                                                      \
    return Description;
#include "tangle/finding/Findings.def"
  }
  return "";
}

std::vector<FindingKind> allKinds() {
  return {
#define TANGLE_FINDING(Enum, Name, Title, Description) FindingKind::Enum,
#include "tangle/finding/Findings.def"
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
