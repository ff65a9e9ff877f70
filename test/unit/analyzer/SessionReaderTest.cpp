//===- SessionReaderTest.cpp - decoding and validating session files ------===//
#include "analyzer/SessionBytes.h"

#include "tangle/session/SessionReader.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace tangle;
using tangle::test::SessionBytes;

namespace {

SessionBytes goodSession() {
  SessionBytes S;
  S.chunk(1, 1);
  S.thread(1, 100, true);
  S.process(1, 100, "/bin/prog", std::string("prog\0--fast", 11));
  S.site(1, "a.c", 10, "main", "first");
  S.site(2, "a.c", 11, "main", "second");
  tangle_lock_global_record G{};
  G.address = 0x1000;
  G.stride = 40;
  G.count = 5;
  G.name_len = 8;
  S.record(TANGLE_REC_LOCK_GLOBAL, G, {"forks[#]"});
  S.chain({{0x10, 1}}, 0x20, 2);
  return S;
}

std::string errorOf(const std::string &Bytes) {
  auto S = decodeSession(Bytes, "x.tgl");
  if (S)
    return "";
  return llvm::toString(S.takeError());
}

} // namespace

TEST(SessionReaderTest, DecodesEveryRecordOfAGoodSession) {
  auto S = decodeSession(goodSession().bytes(), "good.tgl");
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  ASSERT_EQ(S->Processes.size(), 1u);
  EXPECT_EQ(S->Processes[0].Executable, "/bin/prog");
  EXPECT_EQ(S->Processes[0].Args, (std::vector<std::string>{"prog", "--fast"}));
  ASSERT_EQ(S->Threads.size(), 1u);
  EXPECT_EQ(S->Threads[0].OsTid, 100u);
  EXPECT_EQ(S->Threads[0].ProcessUid, 1u);
  EXPECT_TRUE(S->Threads[0].IsMain);
  ASSERT_NE(S->site(2), nullptr);
  EXPECT_EQ(S->site(2)->Line, 11u);
  EXPECT_EQ(S->site(2)->LockName, "second");
  ASSERT_EQ(S->Globals.size(), 1u);
  EXPECT_EQ(S->Globals[0].NameTemplate, "forks[#]");
  EXPECT_EQ(S->Globals[0].Count, 5u);
  ASSERT_EQ(S->Chains.size(), 1u);
  EXPECT_EQ(S->Chains[0].ThreadUid, 1u);
  ASSERT_EQ(S->Chains[0].Held.size(), 1u);
  EXPECT_EQ(S->Chains[0].Held[0].Lock, 0x10u);
  EXPECT_EQ(S->Chains[0].Acquired.Lock, 0x20u);
  EXPECT_EQ(S->Chains[0].Acquired.Site, 2u);
}

TEST(SessionReaderTest, SkipsZeroPagesAndUnknownRecordTypes) {
  SessionBytes S;
  S.zeroPage();
  S.chunk(1, 1);
  S.appendRecord(999, 0, std::string(24, 'x')); // a newer record type
  S.thread(1, 7);
  auto Decoded = decodeSession(S.bytes(), "x.tgl");
  ASSERT_TRUE(bool(Decoded)) << llvm::toString(Decoded.takeError());
  EXPECT_EQ(Decoded->Threads.size(), 1u);
}

TEST(SessionReaderTest, RejectsShortFilesAndForeignOnes) {
  EXPECT_NE(errorOf(std::string(100, '\0')).find("truncated session: 100 bytes"),
            std::string::npos);
  std::string Bytes = goodSession().bytes();
  std::string Magic = Bytes;
  Magic[0] = 'X';
  EXPECT_NE(errorOf(Magic).find("not a tangle session"), std::string::npos);
  SessionBytes Versioned = goodSession();
  Versioned.header()->version = 99;
  EXPECT_NE(errorOf(Versioned.bytes()).find("session format version 99"),
            std::string::npos);
}

TEST(SessionReaderTest, ACutFileIsTruncatedUnlessTheSessionFilledUp) {
  std::string Bytes = goodSession().bytes();
  std::string Cut = Bytes.substr(0, Bytes.size() - 100);
  EXPECT_NE(errorOf(Cut).find("truncated session"), std::string::npos);
  // A full session claims more than was backed; that is not corruption.
  SessionBytes Full = goodSession();
  std::string FullBytes = Full.bytes();
  auto *H = reinterpret_cast<tangle_session_header *>(&FullBytes[0]);
  H->used += 8 * TANGLE_PAGE_SIZE;
  H->flags |= TANGLE_SESSION_FULL;
  auto S = decodeSession(FullBytes, "full.tgl");
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  EXPECT_TRUE(S->Full);
}

TEST(SessionReaderTest, RejectsBrokenChunksAndRecords) {
  std::string Bytes = goodSession().bytes();
  auto At = [&](size_t Off) { return &Bytes[Off]; };
  std::string BadMagic = Bytes;
  BadMagic[TANGLE_PAGE_SIZE] = 'x';
  EXPECT_NE(errorOf(BadMagic).find("bad chunk magic at offset 4096"), std::string::npos);

  std::string BadSize = Bytes;
  uint32_t Odd = 5000;
  std::memcpy(&BadSize[TANGLE_PAGE_SIZE + 4], &Odd, 4);
  EXPECT_NE(errorOf(BadSize).find("chunk size out of bounds"), std::string::npos);

  std::string BadRecord = Bytes;
  uint32_t Huge = 1 << 20;
  std::memcpy(&BadRecord[TANGLE_PAGE_SIZE + 32 + 4], &Huge, 4);
  EXPECT_NE(errorOf(BadRecord).find("record size out of bounds"), std::string::npos);

  std::string Unaligned = Bytes;
  uint32_t Seven = 7;
  std::memcpy(&Unaligned[TANGLE_PAGE_SIZE + 32 + 4], &Seven, 4);
  EXPECT_NE(errorOf(Unaligned).find("record size out of bounds"), std::string::npos);
  (void)At;
}

TEST(SessionReaderTest, RejectsStringsAndEntriesThatOverrunTheirRecord) {
  SessionBytes S;
  S.chunk(1, 1);
  tangle_site_record R{};
  R.site_id = 1;
  R.file_len = 1000; // says 1000 bytes; the record has 4
  S.record(TANGLE_REC_SITE, R, {"a.c", "", ""});
  EXPECT_NE(errorOf(S.bytes()).find("string overruns its record"), std::string::npos);

  SessionBytes C;
  C.chunk(1, 1);
  tangle_chain_record Chain{};
  Chain.num_held = TANGLE_MAX_CHAIN_HELD + 1;
  C.record(TANGLE_REC_CHAIN, Chain);
  EXPECT_NE(errorOf(C.bytes()).find("bad lock count"), std::string::npos);
}

TEST(SessionReaderTest, MissingPathsAndEmptyDirectoriesAreErrors) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tangle-reader", Dir));
  auto Empty = readSessions({std::string(Dir)});
  ASSERT_FALSE(bool(Empty));
  EXPECT_NE(llvm::toString(Empty.takeError()).find("no tangle sessions"),
            std::string::npos);
  auto Missing = readSessions({std::string(Dir) + "/nope"});
  ASSERT_FALSE(bool(Missing));
  EXPECT_NE(llvm::toString(Missing.takeError()).find("no such file or directory"),
            std::string::npos);
  // A directory with one good session reads it.
  {
    std::ofstream F(std::string(Dir) + "/one.tgl", std::ios::binary);
    F << goodSession().bytes();
  }
  auto One = readSessions({std::string(Dir)});
  ASSERT_TRUE(bool(One)) << llvm::toString(One.takeError());
  EXPECT_EQ(One->size(), 1u);
  llvm::sys::fs::remove_directories(Dir);
}

TEST(SessionReaderTest, DecodesRacesAndRejectsTheirOverrunningLocks) {
  SessionBytes S;
  S.chunk(1, 2);
  S.site(1, "a.c", 10, "writer", "g_num");
  tangle_race_record R{};
  R.address = 0x5000;
  R.current = {1, 2, TANGLE_ACCESS_WRITE, 4, 1, 0};
  R.previous = {1, 3, 0, 4, 0, 0};
  tangle_chain_entry Held{0xa0, 1, 0, 0};
  std::string Extra(reinterpret_cast<const char *>(&Held), sizeof Held);
  S.record(TANGLE_REC_RACE, R, {Extra});
  auto Good = decodeSession(S.bytes(), "race.tgl");
  ASSERT_TRUE(bool(Good)) << llvm::toString(Good.takeError());
  ASSERT_EQ(Good->Races.size(), 1u);
  EXPECT_EQ(Good->Races[0].Current.ThreadUid, 2u);
  EXPECT_EQ(Good->Races[0].Previous.ThreadUid, 3u);
  ASSERT_EQ(Good->Races[0].Current.Held.size(), 1u);
  EXPECT_EQ(Good->Races[0].Current.Held[0].Lock, 0xa0u);

  SessionBytes Bad;
  Bad.chunk(1, 2);
  R.previous.num_held = 9; // entries the record does not have
  Bad.record(TANGLE_REC_RACE, R, {Extra});
  EXPECT_NE(errorOf(Bad.bytes()).find("held locks overrun their record"), std::string::npos);
}
