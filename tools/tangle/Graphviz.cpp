//===- Graphviz.cpp - rendering DOT with Graphviz's dot --------------------===//
#include "Graphviz.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace tangle {
namespace {

// A temporary file removed when it goes out of scope.
struct TempFile {
  SmallString<128> Path;
  explicit TempFile(StringRef Suffix) {
    sys::fs::createTemporaryFile("tangle-graph", Suffix, Path);
  }
  ~TempFile() { sys::fs::remove(Path); }
};

} // namespace

Expected<std::string> renderSvg(const std::string &Dot) {
  ErrorOr<std::string> Program = sys::findProgramByName("dot");
  if (!Program)
    return createStringError(Program.getError(),
                             "Graphviz's 'dot' is not installed (Debian: graphviz)");
  TempFile In(".dot"), Out(".svg"), Err(".txt");
  {
    std::error_code EC;
    raw_fd_ostream OS(In.Path, EC);
    if (EC)
      return createStringError(EC, "cannot write a temporary file: " + EC.message());
    OS << Dot;
  }
  std::optional<StringRef> Redirects[] = {StringRef(In.Path), StringRef(Out.Path),
                                          StringRef(Err.Path)};
  std::string Message;
  int Status = sys::ExecuteAndWait(*Program, {*Program, "-Tsvg"}, std::nullopt,
                                   Redirects, 0, 0, &Message);
  if (Status != 0) {
    auto Errors = MemoryBuffer::getFile(Err.Path);
    std::string Why = Errors ? (*Errors)->getBuffer().split('\n').first.str() : Message;
    return createStringError(inconvertibleErrorCode(), "dot failed: " + Why);
  }
  auto Svg = MemoryBuffer::getFile(Out.Path);
  if (!Svg)
    return createStringError(Svg.getError(), "cannot read dot's output");
  return (*Svg)->getBuffer().str();
}

} // namespace tangle
