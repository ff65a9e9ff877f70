//===- SessionReader.cpp - decoding and validating session files ----------===//
//
// The walk follows event_layout.h: the header page, then chunks to the end
// of the written part. A zero page where a chunk should start is a chunk a
// dying writer never began: skipped. Anything else that does not parse is
// corruption and stops the read with a message.
//
//===----------------------------------------------------------------------===//
#include "tangle/session/SessionReader.h"

#include "tangle/session/LintResult.h"

#include "tangle/event_layout.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace tangle {

const ProcessInfo *Session::process(uint32_t Uid) const {
  for (const ProcessInfo &P : Processes)
    if (P.Uid == Uid)
      return &P;
  return nullptr;
}

const ThreadInfo *Session::thread(uint32_t Uid) const {
  for (const ThreadInfo &T : Threads)
    if (T.Uid == Uid)
      return &T;
  return nullptr;
}

const SiteInfo *Session::site(uint32_t Id) const {
  auto It = Sites.find(Id);
  return It == Sites.end() ? nullptr : &It->second;
}

namespace {

class Decoder {
public:
  Decoder(StringRef Bytes, StringRef Path) : Bytes(Bytes), Path(Path) {}
  Expected<Session> run();

private:
  Error fail(uint64_t Offset, const Twine &What) const {
    return createStringError(
        inconvertibleErrorCode(),
        formatv("{0}: corrupt session: {1} at offset {2}", Path, What, Offset)
            .str());
  }
  template <typename T> T load(uint64_t Offset) const {
    T V;
    std::memcpy(&V, Bytes.data() + Offset, sizeof(T));
    return V;
  }
  Error readHeader(uint64_t &End);
  Error readChunk(uint64_t Offset, uint64_t End, uint64_t &Next);
  Error readRecord(const tangle_chunk_header &C, uint64_t Offset,
                   uint32_t Size);
  // Reads NUL-terminated strings of the given lengths that follow a record's
  // fixed part; fails if they overrun the record.
  Error readStrings(uint64_t Offset, uint64_t RecordEnd,
                    std::initializer_list<std::pair<uint32_t, std::string *>>);
  Error readChain(const tangle_chunk_header &C, uint64_t Offset, uint32_t Size);
  Error readRace(const tangle_chunk_header &C, uint64_t Offset, uint32_t Size);
  // Reads `Count` chain entries at `Offset`, failing if they pass `End`.
  Error readEntries(uint64_t Offset, uint64_t End, uint32_t Count,
                    std::vector<Acquisition> &Out);
  Error readDeadlock(const tangle_chunk_header &C, uint64_t Offset,
                     uint32_t Size);

  StringRef Bytes;
  StringRef Path;
  Session S;
};

Error Decoder::readHeader(uint64_t &End) {
  if (Bytes.size() < sizeof(tangle_session_header))
    return createStringError(
        inconvertibleErrorCode(),
        formatv("{0}: truncated session: {1} bytes, less than its {2}-byte "
                "header",
                Path, Bytes.size(), sizeof(tangle_session_header))
            .str());
  auto H = load<tangle_session_header>(0);
  if (std::memcmp(H.magic, TANGLE_SESSION_MAGIC, 8) != 0)
    return createStringError(inconvertibleErrorCode(),
                             "%s: not a tangle session (bad magic)",
                             Path.str().c_str());
  if (H.version != TANGLE_SESSION_VERSION)
    return createStringError(
        inconvertibleErrorCode(),
        formatv("{0}: session format version {1}; this tangle reads version {2}",
                Path, H.version, TANGLE_SESSION_VERSION)
            .str());
  if (H.header_size != TANGLE_PAGE_SIZE || H.used < TANGLE_PAGE_SIZE)
    return fail(0, "impossible header fields");
  S.Full = H.flags & TANGLE_SESSION_FULL;
  S.DroppedRecords = H.dropped_records;
  S.TruncatedChains = H.truncated_chains;
  S.CreatedUnixNs = H.created_unix_ns;
  // A full session may claim more than was ever backed; anything else
  // shorter than its header says was cut.
  if (H.used > Bytes.size() && !S.Full)
    return createStringError(
        inconvertibleErrorCode(),
        formatv("{0}: truncated session: {1} bytes were written, the file "
                "has {2}",
                Path, H.used, Bytes.size())
            .str());
  End = std::min<uint64_t>(H.used, Bytes.size());
  return Error::success();
}

Error Decoder::readStrings(
    uint64_t Offset, uint64_t RecordEnd,
    std::initializer_list<std::pair<uint32_t, std::string *>> Fields) {
  for (auto [Len, Out] : Fields) {
    if (Offset + Len + 1 > RecordEnd || Bytes[Offset + Len] != '\0')
      return fail(Offset, "string overruns its record");
    *Out = Bytes.substr(Offset, Len).str();
    Offset += Len + 1;
  }
  return Error::success();
}

Error Decoder::readEntries(uint64_t Offset, uint64_t End, uint32_t Count,
                           std::vector<Acquisition> &Out) {
  if (Count > TANGLE_MAX_CHAIN_HELD ||
      Offset + (uint64_t)Count * sizeof(tangle_chain_entry) > End)
    return fail(Offset, "held locks overrun their record");
  for (uint32_t I = 0; I < Count; ++I) {
    auto E = load<tangle_chain_entry>(Offset + I * sizeof(tangle_chain_entry));
    Out.push_back({E.lock, E.site_id, E.flags, E.generation});
  }
  return Error::success();
}

Error Decoder::readDeadlock(const tangle_chunk_header &C, uint64_t Offset,
                            uint32_t Size) {
  auto R = load<tangle_deadlock_record>(Offset);
  Deadlock D{C.process_uid, R.h.flags, R.blocked_seconds, {}};
  uint64_t At = Offset + sizeof R, End = Offset + Size;
  for (uint32_t I = 0; I < R.num_threads; ++I) {
    if (At + sizeof(tangle_deadlock_thread) > End)
      return fail(At, "deadlock thread past its record");
    auto T = load<tangle_deadlock_thread>(At);
    BlockedThread B{T.thread_uid, T.wait_kind, T.wait_site, T.wait_object,
                    T.waits_for_thread, T.waits_for_exited != 0, {}};
    At += sizeof T;
    if (Error E = readEntries(At, End, T.num_held, B.Held))
      return E;
    At += T.num_held * sizeof(tangle_chain_entry);
    D.Threads.push_back(std::move(B));
  }
  S.Deadlocks.push_back(std::move(D));
  return Error::success();
}

Error Decoder::readChain(const tangle_chunk_header &C, uint64_t Offset,
                         uint32_t Size) {
  auto R = load<tangle_chain_record>(Offset);
  if (R.num_held > TANGLE_MAX_CHAIN_HELD ||
      sizeof R + (uint64_t)(R.num_held + 1) * sizeof(tangle_chain_entry) > Size)
    return fail(Offset, "chain record with a bad lock count");
  Chain Ch;
  Ch.ProcessUid = C.process_uid;
  Ch.ThreadUid = C.thread_uid;
  Ch.Omitted = R.omitted;
  for (uint32_t I = 0; I <= R.num_held; ++I) {
    auto E = load<tangle_chain_entry>(Offset + sizeof R +
                                      I * sizeof(tangle_chain_entry));
    Acquisition A{E.lock, E.site_id, E.flags, E.generation};
    if (I == R.num_held)
      Ch.Acquired = A;
    else
      Ch.Held.push_back(A);
  }
  S.Chains.push_back(std::move(Ch));
  return Error::success();
}

Error Decoder::readRace(const tangle_chunk_header &C, uint64_t Offset,
                        uint32_t Size) {
  auto R = load<tangle_race_record>(Offset);
  Race X;
  X.ProcessUid = C.process_uid;
  X.Address = R.address;
  X.BlockStart = R.block_start;
  X.BlockSize = R.block_size;
  X.BlockSite = R.block_site_id;
  uint64_t At = Offset + sizeof R, End = Offset + Size;
  for (auto [In, Out] : {std::pair{&R.current, &X.Current}, {&R.previous, &X.Previous}}) {
    *Out = {In->thread_uid, In->site_id, In->flags, In->size, {}};
    if (Error E = readEntries(At, End, In->num_held, Out->Held))
      return E;
    At += In->num_held * sizeof(tangle_chain_entry);
  }
  if (R.num_frames > 64 || At + (uint64_t)R.num_frames * sizeof(tangle_stack_frame) > End)
    return fail(Offset, "stack frames overrun their record");
  for (uint32_t I = 0; I < R.num_frames; ++I) {
    auto F = load<tangle_stack_frame>(At + I * sizeof(tangle_stack_frame));
    X.Stack.push_back({F.module_id, F.address});
  }
  S.Races.push_back(std::move(X));
  return Error::success();
}

Error Decoder::readRecord(const tangle_chunk_header &C, uint64_t Offset,
                          uint32_t Size) {
  auto H = load<tangle_record_header>(Offset);
  uint64_t End = Offset + Size;
  auto Need = [&](size_t Fixed) -> Error {
    return Size < Fixed ? fail(Offset, "record shorter than its type")
                        : Error::success();
  };
  switch (H.type) {
  case TANGLE_REC_PROCESS: {
    if (Error E = Need(sizeof(tangle_process_record)))
      return E;
    auto R = load<tangle_process_record>(Offset);
    ProcessInfo P{R.process_uid, R.pid, R.parent_pid, R.parent_process_uid, "", {}};
    std::string Cmdline;
    if (Error E = readStrings(Offset + sizeof R, End,
                              {{R.exe_len, &P.Executable}, {R.cmdline_len, &Cmdline}}))
      return E;
    for (StringRef Rest = Cmdline; !Rest.empty();) {
      auto [Arg, Tail] = Rest.split('\0');
      P.Args.push_back(Arg.str());
      Rest = Tail;
    }
    S.Processes.push_back(std::move(P));
    return Error::success();
  }
  case TANGLE_REC_THREAD: {
    if (Error E = Need(sizeof(tangle_thread_record)))
      return E;
    auto R = load<tangle_thread_record>(Offset);
    S.Threads.push_back({R.thread_uid, C.process_uid, R.os_tid,
                         R.parent_thread_uid, R.is_main != 0, R.pthread_id,
                         R.start_ns});
    return Error::success();
  }
  case TANGLE_REC_THREAD_EXIT: {
    if (Error E = Need(sizeof(tangle_thread_exit_record)))
      return E;
    auto R = load<tangle_thread_exit_record>(Offset);
    ThreadExit X{C.process_uid, C.thread_uid, R.h.flags, R.time_ns, {}};
    if (Error E = readEntries(Offset + sizeof R, End, R.num_held, X.Held))
      return E;
    S.Exits.push_back(std::move(X));
    return Error::success();
  }
  case TANGLE_REC_CREATE: {
    if (Error E = Need(sizeof(tangle_create_record)))
      return E;
    auto R = load<tangle_create_record>(Offset);
    S.Creations.push_back({C.process_uid, C.thread_uid, R.site_id,
                           R.child_pthread_id, R.time_ns});
    return Error::success();
  }
  case TANGLE_REC_MISUSE: {
    if (Error E = Need(sizeof(tangle_misuse_record)))
      return E;
    auto R = load<tangle_misuse_record>(Offset);
    Misuse M{C.process_uid, C.thread_uid, R.h.flags, R.site_id, R.lock,
             R.owner_tid, R.lock_type, {}};
    if (Error E = readEntries(Offset + sizeof R, End, R.num_held, M.Held))
      return E;
    S.Misuses.push_back(std::move(M));
    return Error::success();
  }
  case TANGLE_REC_WAIT: {
    if (Error E = Need(sizeof(tangle_wait_record)))
      return E;
    auto R = load<tangle_wait_record>(Offset);
    Wait W{C.process_uid, C.thread_uid, R.h.flags, R.site_id, R.object,
           R.mutex, {}};
    if (Error E = readEntries(Offset + sizeof R, End, R.num_held, W.Held))
      return E;
    S.Waits.push_back(std::move(W));
    return Error::success();
  }
  case TANGLE_REC_NOTIFY: {
    if (Error E = Need(sizeof(tangle_notify_record)))
      return E;
    auto R = load<tangle_notify_record>(Offset);
    S.Notifies.push_back({C.process_uid, C.thread_uid, R.h.flags, R.site_id,
                          R.object});
    return Error::success();
  }
  case TANGLE_REC_SEM_INIT: {
    if (Error E = Need(sizeof(tangle_sem_init_record)))
      return E;
    auto R = load<tangle_sem_init_record>(Offset);
    S.SemaphoreValues[{C.process_uid, R.object}] = R.value;
    return Error::success();
  }
  case TANGLE_REC_SHARED_LOCK: {
    if (Error E = Need(sizeof(tangle_shared_lock_record)))
      return E;
    auto R = load<tangle_shared_lock_record>(Offset);
    S.SharedLocks[{C.process_uid, R.address}] = {
        R.device, R.inode, R.offset, (R.h.flags & TANGLE_SHARED_FILE) != 0};
    return Error::success();
  }
  case TANGLE_REC_LOCK_INIT: {
    if (Error E = Need(sizeof(tangle_lock_init_record)))
      return E;
    auto R = load<tangle_lock_init_record>(Offset);
    S.Inits.push_back({C.process_uid, R.address, R.site_id, R.generation});
    return Error::success();
  }
  case TANGLE_REC_HELD_SHARED: {
    if (Error E = Need(sizeof(tangle_held_shared_record)))
      return E;
    auto R = load<tangle_held_shared_record>(Offset);
    if (R.count > R.capacity ||
        sizeof R + (uint64_t)R.capacity * sizeof(tangle_held_shared_entry) > Size)
      return fail(Offset, "held-lock table with a bad count");
    SharedHeld H{C.process_uid, C.thread_uid, {}, R.overflow};
    for (uint32_t I = 0; I < R.count; ++I) {
      auto E = load<tangle_held_shared_entry>(Offset + sizeof R +
                                              I * sizeof(tangle_held_shared_entry));
      H.Held.push_back({E.lock, E.site_id, 0, 0});
    }
    S.SharedHolds.push_back(std::move(H));
    return Error::success();
  }
  case TANGLE_REC_PROCESS_EXIT: {
    if (Error E = Need(sizeof(tangle_process_exit_record)))
      return E;
    auto R = load<tangle_process_exit_record>(Offset);
    S.ProcessExits[C.process_uid] = R.status;
    return Error::success();
  }
  case TANGLE_REC_DEADLOCK:
    if (Error E = Need(sizeof(tangle_deadlock_record)))
      return E;
    return readDeadlock(C, Offset, Size);
  case TANGLE_REC_SITE: {
    if (Error E = Need(sizeof(tangle_site_record)))
      return E;
    auto R = load<tangle_site_record>(Offset);
    SiteInfo Site{R.flags, R.line, R.column, "", "", "", ""};
    if (Error E = readStrings(Offset + sizeof R, End,
                              {{R.file_len, &Site.File},
                               {R.function_len, &Site.Function},
                               {R.name_len, &Site.LockName}}))
      return E;
    // The class came later (ABI 3): an older record has no NUL for it.
    uint64_t ClassAt = Offset + sizeof R + R.file_len + R.function_len + R.name_len + 3;
    if (R.class_len)
      if (Error E = readStrings(ClassAt, End, {{R.class_len, &Site.LockClass}}))
        return E;
    S.Sites.emplace(R.site_id, std::move(Site));
    return Error::success();
  }
  case TANGLE_REC_LOCK_GLOBAL: {
    if (Error E = Need(sizeof(tangle_lock_global_record)))
      return E;
    auto R = load<tangle_lock_global_record>(Offset);
    LockGlobal G{C.process_uid, R.address, R.stride, R.count, ""};
    if (Error E = readStrings(Offset + sizeof R, End, {{R.name_len, &G.NameTemplate}}))
      return E;
    if (R.unit_len) // ABI 3
      if (Error E = readStrings(Offset + sizeof R + R.name_len + 1, End,
                                {{R.unit_len, &G.Unit}}))
        return E;
    if (G.Count == 0 || (G.Count > 1 && G.Stride == 0))
      return fail(Offset, "lock global with an empty layout");
    S.Globals.push_back(std::move(G));
    return Error::success();
  }
  case TANGLE_REC_CHAIN:
    if (Error E = Need(sizeof(tangle_chain_record)))
      return E;
    return readChain(C, Offset, Size);
  case TANGLE_REC_RACE:
    if (Error E = Need(sizeof(tangle_race_record)))
      return E;
    return readRace(C, Offset, Size);
  case TANGLE_REC_MODULE: {
    if (Error E = Need(sizeof(tangle_module_record)))
      return E;
    auto R = load<tangle_module_record>(Offset);
    std::string Path;
    if (Error E = readStrings(Offset + sizeof R, End, {{R.path_len, &Path}}))
      return E;
    S.Modules[{C.process_uid, R.module_id}] = std::move(Path);
    return Error::success();
  }
  case TANGLE_REC_RACE_STATS: {
    if (Error E = Need(sizeof(tangle_race_stats_record)))
      return E;
    auto R = load<tangle_race_stats_record>(Offset);
    S.RaceLimits.UnreportedRaces += R.unreported_races;
    S.RaceLimits.EvictedReads += R.evicted_reads;
    S.RaceLimits.UntrackedThreads += R.untracked_threads;
    S.RaceLimits.ClockFailures += R.clock_failures;
    return Error::success();
  }
  default:
    return Error::success(); // a newer record type: its size lets us skip it
  }
}

Error Decoder::readChunk(uint64_t Offset, uint64_t End, uint64_t &Next) {
  if (Offset + sizeof(tangle_chunk_header) > End)
    return fail(Offset, "chunk header past the end");
  auto C = load<tangle_chunk_header>(Offset);
  if (C.magic == 0) { // a writer died before starting this chunk
    Next = Offset + TANGLE_PAGE_SIZE;
    return Error::success();
  }
  if (C.magic != TANGLE_CHUNK_MAGIC)
    return fail(Offset, "bad chunk magic");
  if (C.size < TANGLE_PAGE_SIZE || C.size % TANGLE_PAGE_SIZE ||
      Offset + C.size > End || C.fill > C.size - sizeof C)
    return fail(Offset, "chunk size out of bounds");
  uint64_t At = Offset + sizeof C, Stop = At + C.fill;
  while (At < Stop) {
    if (At + sizeof(tangle_record_header) > Stop)
      return fail(At, "record header past the chunk's fill");
    auto H = load<tangle_record_header>(At);
    if (H.size < sizeof H || H.size % 8 || At + H.size > Stop)
      return fail(At, "record size out of bounds");
    if (Error E = readRecord(C, At, H.size))
      return E;
    At += H.size;
  }
  Next = Offset + C.size;
  return Error::success();
}

Expected<Session> Decoder::run() {
  S.Path = Path.str();
  uint64_t End = 0;
  if (Error E = readHeader(End))
    return std::move(E);
  for (uint64_t Off = TANGLE_PAGE_SIZE; Off < End;) {
    uint64_t Next = 0;
    if (Error E = readChunk(Off, End, Next))
      return std::move(E);
    Off = Next;
  }
  return std::move(S);
}

} // namespace

Expected<Session> decodeSession(StringRef Bytes, StringRef Path) {
  return Decoder(Bytes, Path).run();
}

Expected<Session> readSessionFile(StringRef Path) {
  if (isLintResultPath(Path)) // tangle lint --out
    return readLintResultFile(Path);
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  return decodeSession((*Buf)->getBuffer(), Path);
}

static Error collectSessionFiles(StringRef Dir, std::vector<std::string> &Out) {
  std::error_code EC;
  std::vector<std::string> Found;
  for (sys::fs::directory_iterator It(Dir, EC), E; It != E && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == ".tgl" || isLintResultPath(It->path()))
      Found.push_back(It->path());
  if (EC)
    return createStringError(EC, "%s: %s", Dir.str().c_str(),
                             EC.message().c_str());
  if (Found.empty())
    return createStringError(inconvertibleErrorCode(),
                             "%s: no tangle sessions (*.tgl) or lint results (*.tgl.json) in this directory",
                             Dir.str().c_str());
  std::sort(Found.begin(), Found.end());
  Out.insert(Out.end(), Found.begin(), Found.end());
  return Error::success();
}

Expected<std::vector<Session>> readSessions(const std::vector<std::string> &Paths,
                                            const ReadProgress &Progress) {
  std::vector<std::string> Files;
  for (const std::string &P : Paths) {
    if (!sys::fs::exists(P))
      return createStringError(std::errc::no_such_file_or_directory,
                               "%s: no such file or directory", P.c_str());
    if (sys::fs::is_directory(P)) {
      if (Error E = collectSessionFiles(P, Files))
        return std::move(E);
    } else {
      Files.push_back(P);
    }
  }
  std::vector<Session> Sessions;
  for (const std::string &F : Files) {
    if (Progress) {
      uint64_t Size = 0;
      sys::fs::file_size(F, Size);
      Progress(Sessions.size(), Files.size(), Size);
    }
    Expected<Session> S = readSessionFile(F);
    if (!S)
      return S.takeError();
    Sessions.push_back(std::move(*S));
  }
  return Sessions;
}

} // namespace tangle
