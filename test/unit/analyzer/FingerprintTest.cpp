//===- FingerprintTest.cpp - stable identities of findings ----------------===//
#include "tangle/analysis/Detectors.h"

#include <gtest/gtest.h>

using namespace tangle;

TEST(FingerprintTest, SixteenLowercaseHexDigits) {
  std::string F = fingerprint(FindingKind::LockOrderInversion, {"a", "b"});
  ASSERT_EQ(F.size(), 16u);
  EXPECT_EQ(F.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(FingerprintTest, DeterministicAndSensitiveToEveryPart) {
  auto F = [](FindingKind K, std::vector<std::string> P) { return fingerprint(K, P); };
  EXPECT_EQ(F(FindingKind::LockLeak, {"m", "get"}), F(FindingKind::LockLeak, {"m", "get"}));
  EXPECT_NE(F(FindingKind::LockLeak, {"m", "get"}), F(FindingKind::LockLeak, {"get", "m"}));
  EXPECT_NE(F(FindingKind::LockLeak, {"m", "get"}), F(FindingKind::DoubleLock, {"m", "get"}));
  EXPECT_NE(F(FindingKind::LockLeak, {"ab", "c"}), F(FindingKind::LockLeak, {"a", "bc"}));
}
