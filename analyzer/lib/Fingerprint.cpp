//===- Fingerprint.cpp - stable identities of findings --------------------===//
//
// A fingerprint hashes what identifies a bug (its kind and the classes of
// the locks in it), never addresses, thread ids, pids or line numbers, so
// the same bug has the same fingerprint across runs and harmless edits.
//
//===----------------------------------------------------------------------===//
#include "tangle/Detectors.h"

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
