//===- ModuleTables.cpp - the per-module tables the runtime reads ---------===//
#include "ModuleTables.h"

#include "LockClass.h"
#include "LockExpr.h"

#include "tangle/tangle_interface.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace tangle {
namespace {

// Lock entries registered per global at most; a bigger table is cut here
// (its remaining locks are still recorded, just not named by the global).
constexpr unsigned MaxEntriesPerGlobal = 1024;
// Inner arrays are listed element by element up to this length.
constexpr uint64_t MaxExpandedElements = 64;

// "transfer", "Bank::transfer", "std::mutex::lock": the name with its
// namespaces and classes, without parameters. A lambda is "lambda in main".
std::string subprogramName(const DISubprogram *SP) {
  std::string Name = SP->getName().str();
  for (const DIScope *S = SP->getScope(); S; S = S->getScope()) {
    if (auto *Outer = dyn_cast<DISubprogram>(S)) // a local class's method
      return (Name == "operator()" ? "lambda" : Name) + " in " +
             Outer->getName().str();
    if (!isa<DINamespace>(S) && !isa<DICompositeType>(S))
      break;
    if (!S->getName().empty())
      Name = S->getName().str() + "::" + Name;
  }
  return Name;
}

std::string functionName(const Function &F) {
  const DISubprogram *SP = F.getSubprogram();
  return SP ? subprogramName(SP) : demangle(F.getName());
}

std::string fullPath(const DIFile *File) {
  if (!File)
    return "";
  StringRef Name = File->getFilename(), Dir = File->getDirectory();
  SmallString<256> P;
  if (!sys::path::is_absolute(Name))
    P = Dir;
  sys::path::append(P, Name);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true); // "a/../b.c" reads as "b.c"
  return std::string(P);
}

Constant *stringConstant(Module &M, StringMap<Constant *> &Cache,
                         const std::string &S) {
  auto It = Cache.find(S);
  if (It != Cache.end())
    return It->second;
  Constant *C = IRBuilder<>(M.getContext())
                    .CreateGlobalStringPtr(S, "tangle.str", 0, &M);
  Cache[S] = C;
  return C;
}

// One lock inside a global: byte offset, and for arrays stride and count.
struct LockSlot {
  uint64_t Offset = 0, Stride = 0, Count = 1;
  std::string Name;
};

uint64_t byteSize(const DIType *T) {
  T = stripQualifiers(T);
  return T ? T->getSizeInBits() / 8 : 0;
}

uint64_t arrayCount(const DICompositeType *A) {
  uint64_t Count = 1;
  for (const DINode *N : A->getElements())
    if (auto *SR = dyn_cast<DISubrange>(N)) {
      auto *C = dyn_cast_if_present<ConstantInt *>(SR->getCount());
      if (!C)
        return 0;
      Count *= C->getZExtValue();
    }
  return Count;
}

void collectLocks(const DIType *T, uint64_t Offset, const std::string &Name,
                  std::vector<LockSlot> &Out, unsigned Depth);

void collectArray(const DICompositeType *A, uint64_t Offset,
                  const std::string &Name, std::vector<LockSlot> &Out,
                  unsigned Depth) {
  uint64_t Count = arrayCount(A), Stride = byteSize(A->getBaseType());
  if (!Count || !Stride)
    return;
  std::vector<LockSlot> Element;
  collectLocks(A->getBaseType(), 0, Name + "[#]", Element, Depth + 1);
  for (LockSlot &S : Element) {
    if (S.Count == 1) { // the first array level becomes the pattern
      Out.push_back({Offset + S.Offset, Stride, Count, S.Name});
      continue;
    }
    // Nested arrays: list the outer elements one by one.
    for (uint64_t I = 0; I < Count && I < MaxExpandedElements; ++I) {
      std::string N = S.Name;
      size_t Hash = N.find("[#]");
      N.replace(Hash, 3, "[" + std::to_string(I) + "]");
      Out.push_back({Offset + I * Stride + S.Offset, S.Stride, S.Count, N});
    }
  }
}

void collectLocks(const DIType *T, uint64_t Offset, const std::string &Name,
                  std::vector<LockSlot> &Out, unsigned Depth) {
  if (!T || Depth > 8 || Out.size() >= MaxEntriesPerGlobal)
    return;
  if (isLockType(T)) {
    Out.push_back({Offset, 0, 1, Name});
    return;
  }
  auto *CT = dyn_cast_or_null<DICompositeType>(stripQualifiers(T));
  if (!CT)
    return;
  if (CT->getTag() == dwarf::DW_TAG_array_type)
    return collectArray(CT, Offset, Name, Out, Depth);
  if (CT->getTag() != dwarf::DW_TAG_structure_type &&
      CT->getTag() != dwarf::DW_TAG_class_type)
    return;
  for (const DINode *E : CT->getElements()) {
    auto *M = dyn_cast<DIDerivedType>(E);
    if (!M || M->isStaticMember())
      continue;
    uint64_t At = Offset + M->getOffsetInBits() / 8;
    if (M->getTag() == dwarf::DW_TAG_inheritance)
      collectLocks(M->getBaseType(), At, Name, Out, Depth + 1);
    else if (M->getTag() == dwarf::DW_TAG_member && !M->getName().empty())
      collectLocks(M->getBaseType(), At, Name + "." + M->getName().str(), Out,
                   Depth + 1);
  }
}

const DIGlobalVariable *debugVariable(const GlobalVariable &G) {
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  G.getDebugInfo(GVEs);
  for (auto *GVE : GVEs)
    if (GVE->getExpression()->getNumElements() == 0)
      return GVE->getVariable();
  return nullptr;
}

} // namespace

SiteDesc describeSite(const Instruction &Call, uint32_t Flags) {
  SiteDesc D;
  D.Flags = Flags;
  D.Function = functionName(*Call.getFunction());
  if (const DILocation *Loc = Call.getDebugLoc().get()) {
    // Code inlined from elsewhere is told in the function it was written in.
    if (const DISubprogram *SP = Loc->getScope()->getSubprogram())
      D.Function = subprogramName(SP);
    D.Line = Loc->getLine();
    D.Column = Loc->getColumn();
    D.File = fullPath(Loc->getFile());
  } else if (const DISubprogram *SP = Call.getFunction()->getSubprogram()) {
    D.File = fullPath(SP->getFile());
  }
  return D;
}

unsigned SiteTable::add(SiteDesc D) {
  Sites.push_back(std::move(D));
  return Sites.size() - 1;
}

void SiteTable::emit(Module &M, const RuntimeCallbacks &RC) {
  LLVMContext &C = M.getContext();
  Type *I32 = Type::getInt32Ty(C);
  StringMap<Constant *> Strings;
  Constant *Null = ConstantPointerNull::get(PointerType::getUnqual(C));
  std::vector<Constant *> Rows;
  for (const SiteDesc &D : Sites) {
    auto OrNull = [&](const std::string &S) {
      return S.empty() ? Null : stringConstant(M, Strings, S);
    };
    Rows.push_back(ConstantStruct::get(
        RC.SiteTy,
        {ConstantInt::get(I32, 0), ConstantInt::get(I32, D.Flags),
         ConstantInt::get(I32, D.Line), ConstantInt::get(I32, D.Column),
         stringConstant(M, Strings, D.File),
         stringConstant(M, Strings, D.Function), OrNull(D.LockName),
         OrNull(D.LockClass)}));
  }
  auto *ArrayTy = ArrayType::get(RC.SiteTy, Rows.size());
  // Writable: the runtime stores each site's session id in its first field.
  Table = new GlobalVariable(M, ArrayTy, /*isConstant=*/false,
                             GlobalValue::PrivateLinkage,
                             ConstantArray::get(ArrayTy, Rows), "tangle.sites");
  TableTy = ArrayTy;
}

Constant *SiteTable::pointerTo(unsigned Index) const {
  Type *I64 = Type::getInt64Ty(Table->getContext());
  Constant *Idx[] = {ConstantInt::get(I64, 0), ConstantInt::get(I64, Index)};
  return ConstantExpr::getInBoundsGetElementPtr(TableTy, Table, Idx);
}

unsigned emitLockGlobals(Module &M, const RuntimeCallbacks &RC) {
  LLVMContext &C = M.getContext();
  Type *I8 = Type::getInt8Ty(C), *I32 = Type::getInt32Ty(C),
       *I64 = Type::getInt64Ty(C);
  StringMap<Constant *> Strings;
  std::vector<Constant *> Rows;
  for (GlobalVariable &G : M.globals()) {
    if (G.isDeclaration() || G.isThreadLocal() ||
        G.hasAvailableExternallyLinkage())
      continue;
    const DIGlobalVariable *V = debugVariable(G);
    if (!V)
      continue;
    std::vector<LockSlot> Slots;
    collectLocks(V->getType(), 0, qualifiedName(V), Slots, 0);
    std::string Unit = staticUnit(V);
    for (const LockSlot &S : Slots) {
      Constant *Addr = ConstantExpr::getInBoundsGetElementPtr(
          I8, &G, ConstantInt::get(I64, S.Offset));
      Rows.push_back(ConstantStruct::get(
          RC.LockGlobalTy,
          {Addr, ConstantInt::get(I64, S.Stride), ConstantInt::get(I64, S.Count),
           stringConstant(M, Strings, S.Name),
           Unit.empty() ? (Constant *)ConstantPointerNull::get(PointerType::getUnqual(C))
                        : stringConstant(M, Strings, Unit)}));
    }
  }
  if (Rows.empty())
    return 0;
  auto *ArrayTy = ArrayType::get(RC.LockGlobalTy, Rows.size());
  auto *Table = new GlobalVariable(M, ArrayTy, true, GlobalValue::PrivateLinkage,
                                   ConstantArray::get(ArrayTy, Rows),
                                   "tangle.lock_globals");
  Constant *Desc = ConstantStruct::get(
      RC.ModuleTy,
      {ConstantInt::get(I32, TANGLE_ABI_VERSION),
       ConstantInt::get(I32, Rows.size()), Table,
       stringConstant(M, Strings, M.getSourceFileName())});
  auto *DescVar = new GlobalVariable(M, RC.ModuleTy, true,
                                     GlobalValue::PrivateLinkage, Desc,
                                     "tangle.module");
  Function *Ctor = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                    GlobalValue::InternalLinkage,
                                    "tangle.module_ctor", M);
  IRBuilder<> B(BasicBlock::Create(C, "", Ctor));
  B.CreateCall(RC.RegisterModule, {DescVar});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, /*Priority=*/1);
  return Rows.size();
}

} // namespace tangle
