//===- LintResultTest.cpp - the saved lint result and its findings ---------===//
#include "LintTestSupport.h"

#include "tangle/analysis/Analysis.h"
#include "tangle/analysis/Detectors.h"
#include "tangle/lint/Checks.h"
#include "tangle/session/LintResult.h"

#include <gtest/gtest.h>

using namespace tangle;
using namespace tangle::lint;
using namespace tangle::lint::test;

namespace {

const char *Inversion = R"(
  #include <pthread.h>
  pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
  void ab(void) { pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); }
  void ba(void) { pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); }
  int get(int i) { pthread_mutex_lock(&a); if (i) return -1; pthread_mutex_unlock(&a); return 0; }
)";

} // namespace

TEST(LintResult, FindingsHaveTheRunTimesFingerprints) {
  auto P = analyse({{"t.c", Inversion}});
  Session S = lintSession(*P, 1);
  EXPECT_TRUE(S.Static);
  Report R = analyze({S});
  ASSERT_EQ(R.Findings.size(), 2u);
  for (const Finding &F : R.Findings) {
    for (const ThreadStory &T : F.Threads)
      EXPECT_TRUE(T.Static);
    if (F.Kind == FindingKind::LockOrderInversion)
      EXPECT_EQ(F.Fingerprint, fingerprint(F.Kind, {"a", "b"}));
    else
      EXPECT_EQ(F.Fingerprint, fingerprint(FindingKind::LockLeak, {"a", "get"}));
  }
}

TEST(LintResult, RoundTrip) {
  auto P = analyse({{"t.c", Inversion}});
  Session S = lintSession(*P, 1);
  std::string Text = renderLintResult(S);
  llvm::Expected<Session> Back = parseLintResult(Text, "lint.tgl.json");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(Back->Static);
  EXPECT_EQ(Back->StaticFiles, 1u);
  EXPECT_EQ(Back->Chains.size(), S.Chains.size());
  EXPECT_EQ(Back->Sites.size(), S.Sites.size());
  EXPECT_EQ(Back->StaticFindings.size(), S.StaticFindings.size());
  // The same report from the saved result as from the one in memory.
  Report A = analyze({S}), B = analyze({*Back});
  ASSERT_EQ(A.Findings.size(), B.Findings.size());
  for (size_t I = 0; I < A.Findings.size(); ++I) {
    EXPECT_EQ(A.Findings[I].Fingerprint, B.Findings[I].Fingerprint);
    EXPECT_EQ(A.Findings[I].Message, B.Findings[I].Message);
  }
}

TEST(LintResult, BadInputIsAnErrorNotACrash) {
  for (const char *Bad : {"", "[]", "{\"format\": \"tangle-lint\", \"version\": 9}",
                          "{\"format\": \"tangle-lint\", \"version\": 1, \"files\": 1, "
                          "\"locks\": [], \"sites\": [], \"paths\": [], \"chains\": [7], "
                          "\"findings\": [], \"notes\": []}"}) {
    llvm::Expected<Session> S = parseLintResult(Bad, "x.tgl.json");
    EXPECT_FALSE(bool(S)) << Bad;
    if (!S)
      llvm::consumeError(S.takeError());
  }
}
