//===- SourceFiles.cpp - reading the program's source lines ---------------===//
#include "tangle/report/SourceFiles.h"

#include "llvm/Support/MemoryBuffer.h"

namespace tangle {

const std::vector<std::string> *SourceFiles::lines(const std::string &Path) {
  auto It = Cache.find(Path);
  if (It == Cache.end()) {
    std::optional<std::vector<std::string>> Lines;
    if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true)) {
      Lines.emplace();
      for (llvm::StringRef Rest = (*Buf)->getBuffer(); !Rest.empty();) {
        auto [Line, Tail] = Rest.split('\n');
        Lines->push_back(Line.rtrim('\r').str());
        Rest = Tail;
      }
    }
    It = Cache.emplace(Path, std::move(Lines)).first;
  }
  return It->second ? &*It->second : nullptr;
}

std::optional<std::string> SourceFiles::line(const std::string &Path,
                                             unsigned Line) {
  const std::vector<std::string> *L = lines(Path);
  if (!L || Line == 0 || Line > L->size())
    return std::nullopt;
  return (*L)[Line - 1];
}

} // namespace tangle
