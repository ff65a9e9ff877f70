//===- LibraryCode.cpp - user code and library lock wrappers --------------===//
#include "LibraryCode.h"

#include "RuntimeCallbacks.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

#include <cstdlib>

using namespace llvm;

namespace tangle {
namespace {

bool inSystemHeader(const DISubprogram *SP) {
  if (!SP || !SP->getFile())
    return false;
  StringRef Dir = SP->getFile()->getDirectory();
  StringRef File = SP->getFile()->getFilename();
  StringRef Path = File.starts_with("/") ? File : Dir;
  return Path.starts_with("/usr/include/") || Path.starts_with("/usr/lib/");
}

// Whether a mangled name is declared in std:: or __gnu_cxx:: (or is the
// gthread layer, whose helpers are static functions of a system header).
bool inLibraryNamespace(StringRef Name) {
  if (Name.contains("__gthread"))
    return true;
  std::optional<DemangledName> D = demangleFunction(Name);
  if (!D)
    return false;
  StringRef C(D->Context);
  return C == "std" || C.starts_with("std::") || C == "__gnu_cxx" ||
         C.starts_with("__gnu_cxx::");
}

} // namespace

std::optional<DemangledName> demangleFunction(StringRef Mangled) {
  // The demangler keeps pointers into the name: it must outlive D's use.
  std::string Name = Mangled.str();
  ItaniumPartialDemangler D;
  if (D.partialDemangle(Name.c_str()))
    return std::nullopt;
  size_t N = 0;
  char *Context = D.getFunctionDeclContextName(nullptr, &N);
  char *Base = D.getFunctionBaseName(nullptr, &N);
  std::optional<DemangledName> Out;
  if (Context && Base)
    Out = DemangledName{Context, Base};
  std::free(Context);
  std::free(Base);
  return Out;
}

bool isLibraryFunction(const Function &F) {
  return inSystemHeader(F.getSubprogram()) || inLibraryNamespace(F.getName());
}

DenseSet<const Function *> findLockWrappers(Module &M) {
  DenseSet<const Function *> Wrappers;
  bool Changed = true;
  while (Changed) { // a fixpoint over the module's call graph
    Changed = false;
    for (Function &F : M) {
      if (F.isDeclaration() || Wrappers.contains(&F) || !isLibraryFunction(F))
        continue;
      for (Instruction &I : instructions(F)) {
        auto *CB = dyn_cast<CallBase>(&I);
        Function *Callee = CB ? CB->getCalledFunction() : nullptr;
        if (Callee && (findIntercept(Callee->getName()) ||
                       Wrappers.contains(Callee))) {
          Wrappers.insert(&F);
          Changed = true;
          break;
        }
      }
    }
  }
  return Wrappers;
}

} // namespace tangle
