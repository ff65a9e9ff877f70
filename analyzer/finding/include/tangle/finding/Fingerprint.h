//===- Fingerprint.h - stable identities of findings ------------*- C++ -*-===//
//
// A fingerprint hashes what identifies a bug (its kind and the classes of
// the locks in it), never addresses, thread ids, pids or line numbers, so
// the same bug has the same fingerprint across runs and harmless edits.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_FINDING_FINGERPRINT_H
#define TANGLE_FINDING_FINGERPRINT_H

#include "tangle/finding/Finding.h"

#include <string>
#include <vector>

namespace tangle {

// A stable 16-hex-digit fingerprint of a finding's identity.
std::string fingerprint(FindingKind Kind, const std::vector<std::string> &Parts);

} // namespace tangle

#endif
