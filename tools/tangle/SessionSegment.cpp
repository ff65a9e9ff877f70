//===- SessionSegment.cpp - the shared-memory segment of a run ------------===//
#include "SessionSegment.h"

#include "tangle/event_layout.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace tangle {
namespace {

Error errnoError(const Twine &What) {
  return createStringError(std::error_code(errno, std::generic_category()),
                           What + ": " + std::strerror(errno));
}

uint64_t nowUnixNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string uniqueName() {
  std::random_device Random;
  uint64_t Salt = ((uint64_t)Random() << 32) | Random();
  return formatv("/tangle.{0}.{1:x16}", getpid(), Salt).str();
}

// Copies `Bytes` from `Src` to a new file `Path`, refusing to follow or
// replace anything planted there.
Error writeNewFile(const std::string &Path, const char *Src, uint64_t Bytes) {
  int Fd = open(Path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                0600);
  if (Fd < 0)
    return errnoError(Path);
  for (uint64_t Done = 0; Done < Bytes;) {
    ssize_t N = write(Fd, Src + Done, Bytes - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      Error E = errnoError(Path);
      close(Fd);
      unlink(Path.c_str());
      return E;
    }
    Done += N;
  }
  if (close(Fd) != 0)
    return errnoError(Path);
  return Error::success();
}

} // namespace

Expected<SessionSegment> SessionSegment::create(uint64_t Capacity) {
  std::string Name = uniqueName();
  int Fd = shm_open(Name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (Fd < 0)
    return errnoError("cannot create shared memory " + Name);
  SessionSegment Segment(Name);
  int Err = posix_fallocate(Fd, 0, TANGLE_PAGE_SIZE);
  void *P = Err ? MAP_FAILED
                : mmap(nullptr, TANGLE_PAGE_SIZE, PROT_READ | PROT_WRITE,
                       MAP_SHARED, Fd, 0);
  close(Fd);
  if (P == MAP_FAILED) {
    errno = Err ? Err : errno;
    return errnoError("cannot size shared memory " + Name);
  }
  tangle_session_header_init((tangle_session_header *)P, Capacity, getpid(),
                             nowUnixNs());
  munmap(P, TANGLE_PAGE_SIZE);
  return std::move(Segment);
}

SessionSegment::SessionSegment(SessionSegment &&O) : Name(std::move(O.Name)) {
  O.Name.clear();
}

SessionSegment::~SessionSegment() {
  if (!Name.empty())
    shm_unlink(Name.c_str());
}

Expected<std::string> SessionSegment::flushTo(const std::string &Dir) {
  int Fd = shm_open(Name.c_str(), O_RDONLY | O_CLOEXEC, 0);
  if (Fd < 0)
    return errnoError("cannot open shared memory " + Name);
  struct stat St;
  void *P = fstat(Fd, &St) == 0 ? mmap(nullptr, St.st_size, PROT_READ,
                                       MAP_SHARED, Fd, 0)
                                : MAP_FAILED;
  close(Fd);
  if (P == MAP_FAILED)
    return errnoError("cannot read shared memory " + Name);
  auto *H = (const tangle_session_header *)P;
  uint64_t Bytes = std::min<uint64_t>(H->used, St.st_size);
  std::string Final = Dir + "/session.tgl";
  std::string Temp = formatv("{0}/.session.{1}.tmp", Dir, getpid()).str();
  unlink(Temp.c_str());
  Error E = writeNewFile(Temp, (const char *)P, Bytes);
  munmap(P, St.st_size);
  if (E)
    return std::move(E);
  if (rename(Temp.c_str(), Final.c_str()) != 0) {
    Error RenameError = errnoError(Final);
    unlink(Temp.c_str());
    return std::move(RenameError);
  }
  shm_unlink(Name.c_str());
  Name.clear();
  return Final;
}

unsigned removeStaleSegments() {
  unsigned Removed = 0;
  std::error_code EC;
  for (sys::fs::directory_iterator It("/dev/shm", EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    // tangle.<pid>.<16 hex digits>, as uniqueName() makes them.
    if (!Name.consume_front("tangle."))
      continue;
    auto [PidText, Salt] = Name.split('.');
    unsigned Pid = 0;
    if (PidText.getAsInteger(10, Pid) || Salt.size() != 16 || Pid == 0)
      continue;
    if (kill((pid_t)Pid, 0) == 0 || errno != ESRCH)
      continue; // its run is alive (or not ours to judge)
    if (shm_unlink(("/" + sys::path::filename(It->path())).str().c_str()) == 0)
      ++Removed;
  }
  return Removed;
}

Error prepareOutputDirectory(const std::string &Dir) {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return createStringError(EC, "cannot create output directory " + Dir +
                                     ": " + EC.message());
  int Fd = open(Dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (Fd < 0)
    return errnoError("output directory " + Dir + " is not a plain directory");
  close(Fd);
  return Error::success();
}

} // namespace tangle
