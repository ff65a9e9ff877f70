//===- Strings.cpp - interned strings shared by every lint thread ---------===//
#include "tangle/lint/Strings.h"

#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"

#include <mutex>

namespace tangle::lint {
namespace {

struct Pool {
  std::mutex Mu;
  llvm::BumpPtrAllocator Alloc;
  llvm::UniqueStringSaver Saver{Alloc};
};

Pool &pool() {
  static Pool *P = new Pool; // never destroyed: StringRefs may outlive main's locals
  return *P;
}

} // namespace

llvm::StringRef intern(llvm::StringRef S) {
  if (S.empty())
    return "";
  Pool &P = pool();
  std::lock_guard<std::mutex> Lock(P.Mu);
  return P.Saver.save(S);
}

} // namespace tangle::lint
