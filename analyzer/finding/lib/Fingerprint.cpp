//===- Fingerprint.cpp - stable identities of findings --------------------===//
#include "tangle/finding/Fingerprint.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace tangle {

std::string fingerprint(FindingKind Kind, const std::vector<std::string> &Parts) {
  std::string Key = kindName(Kind).str();
  for (const std::string &P : Parts) {
    Key += '\0';
    Key += P;
  }
  uint64_t H = llvm::xxh3_64bits(llvm::StringRef(Key));
  std::string Out;
  llvm::raw_string_ostream(Out) << llvm::format_hex_no_prefix(H, 16);
  return Out;
}

} // namespace tangle
