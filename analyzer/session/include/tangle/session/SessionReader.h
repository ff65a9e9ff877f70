//===- SessionReader.h - decoding and validating session files -*- C++ -*-===//
//
// Reads sessions written by the runtime. Every length and offset is checked
// before use: a truncated or corrupt file yields an error naming the file,
// the problem and the offset, never a crash.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_ANALYZER_SESSIONREADER_H
#define TANGLE_ANALYZER_SESSIONREADER_H

#include "tangle/session/Session.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <vector>

namespace tangle {

// Decodes a session from its bytes; `Path` only names it in messages.
llvm::Expected<Session> decodeSession(llvm::StringRef Bytes,
                                      llvm::StringRef Path);

// Reads one session file.
llvm::Expected<Session> readSessionFile(llvm::StringRef Path);

// Told before each file is read: its index, the number of files, its size.
using ReadProgress = std::function<void(size_t Index, size_t Count, uint64_t Bytes)>;

// Each argument is a session file or a directory of them (*.tgl); a
// directory without sessions is an error.
llvm::Expected<std::vector<Session>>
readSessions(const std::vector<std::string> &Paths,
             const ReadProgress &Progress = nullptr);

} // namespace tangle

#endif
