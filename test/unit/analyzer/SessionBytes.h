//===- SessionBytes.h - building session files in tests ---------*- C++ -*-===//
//
// Writes session bytes as event_layout.h lays them out, so reader tests
// can make good and broken sessions without running a program.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_TEST_SESSIONBYTES_H
#define TANGLE_TEST_SESSIONBYTES_H

#include "tangle/event_layout.h"

#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

namespace tangle::test {

class SessionBytes {
public:
  SessionBytes() : Bytes(TANGLE_PAGE_SIZE, '\0') {
    tangle_session_header_init(header(), 1 << 20, 1234, 0);
  }

  tangle_session_header *header() {
    return reinterpret_cast<tangle_session_header *>(Bytes.data());
  }

  // Starts a chunk owned by (process, thread); records go into it.
  void chunk(uint32_t Process, uint32_t Thread, uint32_t Size = TANGLE_PAGE_SIZE) {
    ChunkAt = Bytes.size();
    Bytes.resize(Bytes.size() + Size, '\0');
    tangle_chunk_header C = {TANGLE_CHUNK_MAGIC, Size, Process, Thread, 0, {}};
    std::memcpy(&Bytes[ChunkAt], &C, sizeof C);
  }

  // A zero page, as a writer that died before its chunk header leaves.
  void zeroPage() { Bytes.resize(Bytes.size() + TANGLE_PAGE_SIZE, '\0'); }

  // Appends a record: its fixed part (header included, `type` set here)
  // and NUL-terminated strings.
  template <typename T>
  void record(uint16_t Type, T Fixed, std::initializer_list<std::string> Strings = {},
              uint16_t Flags = 0) {
    std::string Body(reinterpret_cast<const char *>(&Fixed), sizeof Fixed);
    for (const std::string &S : Strings)
      Body += S + '\0';
    appendRecord(Type, Flags, Body);
  }

  // A record of raw bytes after its header.
  void appendRecord(uint16_t Type, uint16_t Flags, std::string Body) {
    while ((Body.size() % 8) != 0)
      Body += '\0';
    tangle_record_header H = {Type, Flags, (uint32_t)Body.size()};
    std::memcpy(&Body[0], &H, sizeof H);
    auto *C = reinterpret_cast<tangle_chunk_header *>(&Bytes[ChunkAt]);
    std::memcpy(&Bytes[ChunkAt + sizeof *C + C->fill], Body.data(), Body.size());
    C->fill += Body.size();
  }

  void process(uint32_t Uid, uint32_t Pid, const std::string &Exe,
               const std::string &Cmdline) {
    tangle_process_record R{};
    R.process_uid = Uid;
    R.pid = Pid;
    R.parent_pid = 1;
    R.exe_len = Exe.size();
    R.cmdline_len = Cmdline.size();
    record(TANGLE_REC_PROCESS, R, {Exe, Cmdline});
  }

  void thread(uint32_t Uid, uint32_t Tid, bool Main = false) {
    tangle_thread_record R{};
    R.thread_uid = Uid;
    R.os_tid = Tid;
    R.is_main = Main;
    R.pthread_id = 0x1000 + Uid;
    R.start_ns = Uid;
    record(TANGLE_REC_THREAD, R);
  }

  void site(uint32_t Id, const std::string &File, uint32_t Line,
            const std::string &Function, const std::string &Name) {
    tangle_site_record R{};
    R.site_id = Id;
    R.line = Line;
    R.column = 3;
    R.file_len = File.size();
    R.function_len = Function.size();
    R.name_len = Name.size();
    record(TANGLE_REC_SITE, R, {File, Function, Name});
  }

  // A chain: `Held` (lock, site) pairs, then the acquired one.
  void chain(std::vector<std::pair<uint64_t, uint32_t>> Held, uint64_t Lock,
             uint32_t Site, uint16_t Flags = 0) {
    tangle_chain_record R{};
    R.num_held = Held.size();
    std::string Body(reinterpret_cast<const char *>(&R), sizeof R);
    auto Entry = [&](uint64_t L, uint32_t S, uint16_t F) {
      tangle_chain_entry E = {L, S, F, 0};
      Body.append(reinterpret_cast<const char *>(&E), sizeof E);
    };
    for (auto [L, S] : Held)
      Entry(L, S, 0);
    Entry(Lock, Site, Flags);
    appendRecord(TANGLE_REC_CHAIN, 0, Body);
  }

  // The file: `used` covers everything written.
  std::string bytes() {
    header()->used = Bytes.size();
    return Bytes;
  }

private:
  std::string Bytes;
  size_t ChunkAt = 0;
};

} // namespace tangle::test

#endif
