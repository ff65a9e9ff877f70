//===- SessionSegment.h - the shared-memory segment of a run ---*- C++ -*-===//
//
// `tangle run` creates one POSIX shm segment per run (mode 0600, a unique
// name, created exclusively), hands its name to the program in
// TANGLE_SESSION, and when the program is done copies what was written into
// the output directory as session.tgl and removes the segment.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_TOOLS_SESSIONSEGMENT_H
#define TANGLE_TOOLS_SESSIONSEGMENT_H

#include "llvm/Support/Error.h"

#include <string>

namespace tangle {

class SessionSegment {
public:
  static llvm::Expected<SessionSegment> create(uint64_t Capacity);
  SessionSegment(SessionSegment &&O);
  ~SessionSegment();

  const std::string &name() const { return Name; }
  // Writes the session to Dir/session.tgl (atomically, never through a
  // symlink) and removes the segment. Returns the file's path.
  llvm::Expected<std::string> flushTo(const std::string &Dir);

private:
  explicit SessionSegment(std::string Name) : Name(std::move(Name)) {}
  std::string Name; // empty once removed
};

// Creates Dir (and parents) if needed; refuses a symlink in its place.
llvm::Error prepareOutputDirectory(const std::string &Dir);

// Removes the segments of runs whose tangle process is gone (killed before
// it could flush them). Returns how many.
unsigned removeStaleSegments();

} // namespace tangle

#endif
