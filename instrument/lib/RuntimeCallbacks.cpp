//===- RuntimeCallbacks.cpp - intercept table and runtime declarations ----===//
#include "RuntimeCallbacks.h"

#include "LibraryCode.h"

#include "tangle/tangle_interface.h"

#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace tangle {
namespace {

constexpr unsigned countParams(const char *Params) {
  unsigned N = 1;
  for (; *Params; ++Params)
    N += *Params == ',';
  return N;
}

const Intercept Intercepts[] = {
#define TANGLE_INTERCEPT(Symbol, Hook, Role, NameArg, Ret, ...)              \
  {#Symbol, "__tangle_" #Hook, LockRole::Role, NameArg,                      \
   countParams(#__VA_ARGS__)},
#include "tangle/callbacks.def"
};

const Intercept RaceIntercepts[] = {
#define TANGLE_RACE_INTERCEPT(Symbol, Hook, Ret, ...)                         \
  {#Symbol, "__tangle_" #Hook, LockRole::Create, -1, countParams(#__VA_ARGS__)},
#include "tangle/callbacks.def"
};

const Bracket Brackets[] = {
#define TANGLE_BRACKET(Class, Method, Kind) {Class, Method, TANGLE_BRACKET_##Kind},
#include "tangle/callbacks.def"
};

} // namespace

const Bracket *findBracket(StringRef Callee) {
  if (!Callee.starts_with("_ZN"))
    return nullptr; // brackets are all member functions
  std::optional<DemangledName> D = demangleFunction(Callee);
  if (!D)
    return nullptr;
  for (const Bracket &B : Brackets)
    if (StringRef(D->Context).starts_with(B.ClassPrefix) && B.Method == D->Base)
      return &B;
  return nullptr;
}

const Intercept *findIntercept(StringRef Callee) {
  for (const Intercept &I : Intercepts)
    if (I.Symbol == Callee)
      return &I;
  return nullptr;
}

const Intercept *findRaceIntercept(StringRef Callee) {
  for (const Intercept &I : RaceIntercepts)
    if (I.Symbol == Callee)
      return &I;
  return nullptr;
}

CallBase *replaceCall(CallBase *Old, FunctionCallee Hook, ArrayRef<Value *> Args) {
  SmallVector<OperandBundleDef, 1> Bundles;
  Old->getOperandBundlesAsDefs(Bundles);
  CallBase *New;
  if (auto *II = dyn_cast<InvokeInst>(Old))
    New = InvokeInst::Create(Hook, II->getNormalDest(), II->getUnwindDest(),
                             Args, Bundles, "", Old->getIterator());
  else
    New = CallInst::Create(Hook, Args, Bundles, "", Old->getIterator());
  New->setDebugLoc(Old->getDebugLoc());
  New->setCallingConv(Old->getCallingConv());
  New->takeName(Old);
  Old->replaceAllUsesWith(New);
  Old->eraseFromParent();
  return New;
}

RuntimeCallbacks::RuntimeCallbacks(Module &M) {
  LLVMContext &C = M.getContext();
  Type *I64 = Type::getInt64Ty(C);
  Type *Ptr = PointerType::getUnqual(C), *Void = Type::getVoidTy(C);
  // Field for field as in tangle_interface.h.
  Type *I32 = Type::getInt32Ty(C);
  SiteTy = StructType::get(C, {I32, I32, I32, I32, Ptr, Ptr, Ptr, Ptr});
  LockGlobalTy = StructType::get(C, {Ptr, I64, I64, Ptr, Ptr});
  ModuleTy = StructType::get(C, {I32, I32, Ptr, Ptr});
  RegisterModule = M.getOrInsertFunction("__tangle_register_module", Void, Ptr);
  ContextEnter = M.getOrInsertFunction("__tangle_context_enter", Void, Ptr, Ptr);
  ContextEnterN =
      M.getOrInsertFunction("__tangle_context_enter_n", Void, Ptr, I32, Ptr);
  ContextLeave = M.getOrInsertFunction("__tangle_context_leave", Void, Ptr);
  BracketEnter =
      M.getOrInsertFunction("__tangle_bracket_enter", Void, I32, Ptr, Ptr);
  BracketExit =
      M.getOrInsertFunction("__tangle_bracket_exit", Void, I32, Ptr, Ptr, I32);
  const char *Sizes[] = {"1", "2", "4", "8", "16"};
  for (unsigned I = 0; I < 5; ++I) {
    Read[I] = M.getOrInsertFunction(std::string("__tangle_read") + Sizes[I], Void, Ptr, Ptr);
    Write[I] = M.getOrInsertFunction(std::string("__tangle_write") + Sizes[I], Void, Ptr, Ptr);
  }
  ReadRange = M.getOrInsertFunction("__tangle_read_range", Void, Ptr, I64, Ptr);
  WriteRange = M.getOrInsertFunction("__tangle_write_range", Void, Ptr, I64, Ptr);
  AtomicBefore = M.getOrInsertFunction("__tangle_atomic_before", Void, Ptr, I32,
                                       I32, I32, Ptr);
  AtomicAfter = M.getOrInsertFunction("__tangle_atomic_after", Void, Ptr, I32);
  AtomicFence = M.getOrInsertFunction("__tangle_atomic_fence", Void, I32);
  RegisterRaceModule =
      M.getOrInsertFunction("__tangle_register_race_module", Void, Ptr, I64);
}

Value *RuntimeCallbacks::callerField(IRBuilder<> &B, unsigned Field) const {
  Module &M = *B.GetInsertBlock()->getModule();
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  auto *Ty = StructType::get(C, {Ptr, Ptr}); // __tangle_caller_context
  auto *G = M.getGlobalVariable("__tangle_caller");
  if (!G)
    G = new GlobalVariable(M, Ty, false, GlobalValue::ExternalLinkage, nullptr,
                           "__tangle_caller", nullptr,
                           GlobalValue::InitialExecTLSModel);
  return B.CreateConstInBoundsGEP2_32(Ty, B.CreateThreadLocalAddress(G), 0, Field);
}

FunctionCallee RuntimeCallbacks::hookFor(Module &M, const Intercept &I,
                                         FunctionType *CalleeTy) const {
  SmallVector<Type *, 8> Params(CalleeTy->params());
  // A variadic callee's hook has fixed parameters: the trailing ones are
  // 64-bit integers (sem_open's mode and value, fcntl's int or pointer).
  while (CalleeTy->isVarArg() && Params.size() < I.NumParams)
    Params.push_back(Type::getInt64Ty(M.getContext()));
  Params.push_back(PointerType::getUnqual(M.getContext()));
  auto *HookTy = FunctionType::get(CalleeTy->getReturnType(), Params, false);
  return M.getOrInsertFunction(I.Hook, HookTy);
}

} // namespace tangle
