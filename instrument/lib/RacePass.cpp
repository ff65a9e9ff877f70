//===- RacePass.cpp - memory accesses for the race detector ---------------===//
//
// DESCRIPTION
//   Collect: one walk per function sorts instructions into plain loads and
//   stores (in runs between calls and atomics), atomics, memory
//   intrinsics and allocation calls.
//   Choose: drops accesses that cannot race (ThreadSanitizer's rules): to
//   allocas that do not escape, to constant globals and vtables, to
//   thread-locals, reads the same run writes after, repeats in a run.
//   Instrument: a site per access (location, function, the expression's
//   source name), then the hooks; a constructor registers the site table.
//
// USAGE
//   clang-19 -g -fpass-plugin=/abs/TangleRacePass.so -c x.c   (tangle-cc -ftangle-races)
//   opt-19 -load-pass-plugin=/abs/TangleRacePass.so -passes=tangle-races -S x.ll
//
//===----------------------------------------------------------------------===//
#include "tangle/RacePass.h"

#include "LockExpr.h"
#include "ModuleTables.h"
#include "RuntimeCallbacks.h"

#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

#define DEBUG_TYPE "tangle-races"

STATISTIC(NumReads, "Reads instrumented");
STATISTIC(NumWrites, "Writes instrumented");
STATISTIC(NumAtomics, "Atomic instructions instrumented");
STATISTIC(NumIntrinsics, "Memory intrinsics instrumented");
STATISTIC(NumAllocations, "Allocation calls replaced by hooks");
STATISTIC(NumSkippedLocal, "Accesses to allocas that do not escape, skipped");
STATISTIC(NumSkippedConstant, "Reads of constant memory, skipped");
STATISTIC(NumSkippedRepeat, "Accesses repeated within a run, skipped");

static cl::opt<bool> ClSkipRepeats(
    "tangle-races-skip-repeats", cl::Hidden, cl::init(true),
    cl::desc("Skip an access repeated, with no call or atomic between"));

namespace tangle {
namespace {

constexpr StringLiteral RacesFlag = "tangle.races";

struct AccessPlan {
  Instruction *I;
  Value *Addr;
  uint64_t Size; // bytes
  bool Write;
  unsigned Site;
};

struct InterceptPlan {
  CallBase *Call;
  const Intercept *Row;
  unsigned Site;
};

Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

// The C memory order (__ATOMIC_*) of an LLVM ordering.
uint32_t memoryOrder(AtomicOrdering O) {
  switch (O) {
  case AtomicOrdering::Acquire: return 2;
  case AtomicOrdering::Release: return 3;
  case AtomicOrdering::AcquireRelease: return 4;
  case AtomicOrdering::SequentiallyConsistent: return 5;
  default: return 0; // unordered, monotonic: relaxed
  }
}

bool isAtomic(const Instruction &I) {
  if (auto *L = dyn_cast<LoadInst>(&I))
    return L->isAtomic() && L->getSyncScopeID() != SyncScope::SingleThread;
  if (auto *S = dyn_cast<StoreInst>(&I))
    return S->isAtomic() && S->getSyncScopeID() != SyncScope::SingleThread;
  if (auto *F = dyn_cast<FenceInst>(&I))
    return F->getSyncScopeID() != SyncScope::SingleThread;
  return isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I);
}

bool isVtableAccess(const Instruction &I) {
  if (MDNode *Tag = I.getMetadata(LLVMContext::MD_tbaa))
    return Tag->isTBAAVtableAccess();
  return false;
}

class RaceInstrumenter {
public:
  explicit RaceInstrumenter(Module &M) : M(M), RC(M), DL(M.getDataLayout()) {}
  bool run();

private:
  void collect(Function &F);
  void choose(SmallVectorImpl<Instruction *> &Run);
  bool mayRace(Instruction &I, Value *Addr, bool Write);
  unsigned siteFor(Instruction &I, const Value *Addr, uint64_t Size = 0);
  void instrumentAccess(const AccessPlan &P);
  void instrumentAtomic(Instruction &I, unsigned Site);
  void instrumentIntrinsic(MemIntrinsic &MI, unsigned Site);
  void instrumentIntercept(const InterceptPlan &P);
  void emitRegistration();

  Module &M;
  RuntimeCallbacks RC;
  const DataLayout &DL;
  SiteTable Sites;
  std::vector<AccessPlan> Accesses;
  std::vector<std::pair<Instruction *, unsigned>> Atomics;
  std::vector<std::pair<MemIntrinsic *, unsigned>> Intrinsics;
  std::vector<InterceptPlan> Intercepts;
};

unsigned RaceInstrumenter::siteFor(Instruction &I, const Value *Addr,
                                   uint64_t Size) {
  SiteDesc D = describeSite(I, 0);
  if (Addr)
    if (auto Name = describeAccess(Addr, Size, DL))
      D.LockName = *Name;
  return Sites.add(std::move(D));
}

bool RaceInstrumenter::mayRace(Instruction &I, Value *Addr, bool Write) {
  if (Addr->getType()->getPointerAddressSpace() != 0 || Addr->isSwiftError())
    return false;
  const Value *Base = getUnderlyingObject(Addr);
  if (auto *G = dyn_cast<GlobalVariable>(Base)) {
    if (G->isThreadLocal())
      return false;
    if (G->isConstant() && !Write) {
      ++NumSkippedConstant;
      return false;
    }
    if (G->getName().starts_with("__llvm_gcov") || G->getName().starts_with("__llvm_prf"))
      return false;
  }
  if (!Write && isVtableAccess(I)) {
    ++NumSkippedConstant;
    return false;
  }
  if (isa<AllocaInst>(Base) && !PointerMayBeCaptured(Addr, true, true)) {
    ++NumSkippedLocal; // no other thread can reach it
    return false;
  }
  return true;
}

// A run: plain accesses with no call or atomic between them. A read the run
// later writes is checked by the write (a write conflicts with everything a
// read does); a second access of the same kind to the same address adds
// nothing (same thread, same epoch).
void RaceInstrumenter::choose(SmallVectorImpl<Instruction *> &Run) {
  SmallPtrSet<Value *, 8> WrittenLater;
  SmallVector<Instruction *, 16> Kept;
  for (Instruction *I : reverse(Run)) {
    bool Write = isa<StoreInst>(I);
    Value *Addr = getLoadStorePointerOperand(I);
    if (!Write && ClSkipRepeats && WrittenLater.contains(Addr)) {
      ++NumSkippedRepeat;
      continue;
    }
    if (Write)
      WrittenLater.insert(Addr);
    if (mayRace(*I, Addr, Write))
      Kept.push_back(I);
  }
  SmallSet<std::pair<Value *, bool>, 8> Seen;
  for (Instruction *I : reverse(Kept)) {
    bool Write = isa<StoreInst>(I);
    Value *Addr = getLoadStorePointerOperand(I);
    if (ClSkipRepeats && !Seen.insert({Addr, Write}).second) {
      ++NumSkippedRepeat;
      continue;
    }
    Type *Ty = getLoadStoreType(I);
    uint64_t Size = DL.getTypeStoreSize(Ty).getKnownMinValue();
    if (Ty->isScalableTy() || !Size)
      continue;
    Accesses.push_back({I, Addr, Size, Write, siteFor(*I, Addr, Size)});
  }
  Run.clear();
}

void RaceInstrumenter::collect(Function &F) {
  SmallVector<Instruction *, 16> Run;
  for (BasicBlock &BB : F) {
    for (Instruction &I : BB) {
      if (isAtomic(I)) {
        choose(Run);
        Value *Addr = isa<FenceInst>(I) ? nullptr : getLoadStorePointerOperand(&I);
        if (!Addr && !isa<FenceInst>(I))
          Addr = isa<AtomicRMWInst>(I) ? cast<AtomicRMWInst>(I).getPointerOperand()
                                       : cast<AtomicCmpXchgInst>(I).getPointerOperand();
        Atomics.push_back({&I, siteFor(I, Addr)});
      } else if (isa<LoadInst>(I) || isa<StoreInst>(I)) {
        Run.push_back(&I);
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (isa<DbgInfoIntrinsic>(I))
          continue;
        choose(Run);
        if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
          Intrinsics.push_back({MI, siteFor(I, MI->getDest())});
        } else if (Function *Callee = directCallee(*CB)) {
          if (const Intercept *Row = findRaceIntercept(Callee->getName()))
            Intercepts.push_back({CB, Row, siteFor(I, nullptr)});
        }
      }
    }
    choose(Run);
  }
}

void RaceInstrumenter::instrumentAccess(const AccessPlan &P) {
  IRBuilder<> B(P.I);
  Constant *Site = Sites.pointerTo(P.Site);
  int Index = P.Size == 1 ? 0 : P.Size == 2 ? 1 : P.Size == 4 ? 2
            : P.Size == 8 ? 3 : P.Size == 16 ? 4 : -1;
  if (Index >= 0)
    B.CreateCall(P.Write ? RC.Write[Index] : RC.Read[Index], {P.Addr, Site});
  else
    B.CreateCall(P.Write ? RC.WriteRange : RC.ReadRange,
                 {P.Addr, B.getInt64(P.Size), Site});
  ++(P.Write ? NumWrites : NumReads);
}

void RaceInstrumenter::instrumentAtomic(Instruction &I, unsigned SiteIndex) {
  IRBuilder<> B(&I);
  if (auto *F = dyn_cast<FenceInst>(&I)) {
    B.CreateCall(RC.AtomicFence, {B.getInt32(memoryOrder(F->getOrdering()))});
    ++NumAtomics;
    return;
  }
  Value *Addr;
  Type *Ty;
  AtomicOrdering Order;
  bool Write = true, Reads = true;
  if (auto *L = dyn_cast<LoadInst>(&I)) {
    Addr = L->getPointerOperand(), Ty = L->getType(), Order = L->getOrdering();
    Write = false;
  } else if (auto *S = dyn_cast<StoreInst>(&I)) {
    Addr = S->getPointerOperand(), Ty = S->getValueOperand()->getType();
    Order = S->getOrdering(), Reads = false;
  } else if (auto *R = dyn_cast<AtomicRMWInst>(&I)) {
    Addr = R->getPointerOperand(), Ty = R->getValOperand()->getType();
    Order = R->getOrdering();
  } else {
    auto *X = cast<AtomicCmpXchgInst>(&I);
    Addr = X->getPointerOperand(), Ty = X->getNewValOperand()->getType();
    Order = X->getSuccessOrdering();
  }
  uint32_t Size = DL.getTypeStoreSize(Ty).getKnownMinValue();
  Value *OrderV = B.getInt32(memoryOrder(Order));
  B.CreateCall(RC.AtomicBefore, {Addr, B.getInt32(Size), B.getInt32(Write),
                                 OrderV, Sites.pointerTo(SiteIndex)});
  if (Reads) {
    IRBuilder<> After(I.getNextNode());
    After.CreateCall(RC.AtomicAfter, {Addr, OrderV});
  }
  ++NumAtomics;
}

void RaceInstrumenter::instrumentIntrinsic(MemIntrinsic &MI, unsigned SiteIndex) {
  IRBuilder<> B(&MI);
  Constant *Site = Sites.pointerTo(SiteIndex);
  Value *Length = B.CreateZExtOrTrunc(MI.getLength(), B.getInt64Ty());
  if (auto *T = dyn_cast<MemTransferInst>(&MI))
    B.CreateCall(RC.ReadRange, {T->getSource(), Length, Site});
  B.CreateCall(RC.WriteRange, {MI.getDest(), Length, Site});
  ++NumIntrinsics;
}

void RaceInstrumenter::instrumentIntercept(const InterceptPlan &P) {
  FunctionType *CalleeTy = P.Call->getFunctionType();
  if (CalleeTy->getNumParams() != P.Row->NumParams || CalleeTy->isVarArg())
    return; // declared differently from the C library's: leave it be
  SmallVector<Value *, 6> Args(P.Call->args());
  Args.push_back(Sites.pointerTo(P.Site));
  replaceCall(P.Call, RC.hookFor(M, *P.Row, CalleeTy), Args);
  ++NumAllocations;
}

void RaceInstrumenter::emitRegistration() {
  LLVMContext &C = M.getContext();
  auto *Ctor = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                GlobalValue::InternalLinkage,
                                "tangle.register_race_module", M);
  IRBuilder<> B(BasicBlock::Create(C, "", Ctor));
  B.CreateCall(RC.RegisterRaceModule, {Sites.table(), B.getInt64(Sites.size())});
  B.CreateRetVoid();
  // Before any constructor of the program's: a constructor may start threads.
  appendToGlobalCtors(M, Ctor, 1);
}

bool RaceInstrumenter::run() {
  if (M.getModuleFlag(RacesFlag))
    return false;
  for (Function &F : M)
    if (!F.isDeclaration() && !F.hasFnAttribute(Attribute::Naked) &&
        !F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) &&
        !F.getName().starts_with("tangle."))
      collect(F);
  if (Sites.empty())
    Sites.add(SiteDesc{}); // the registration still turns the detector on
  Sites.emit(M, RC);
  for (const AccessPlan &P : Accesses)
    instrumentAccess(P);
  for (auto &[I, Site] : Atomics)
    instrumentAtomic(*I, Site);
  for (auto &[MI, Site] : Intrinsics)
    instrumentIntrinsic(*MI, Site);
  for (const InterceptPlan &P : Intercepts)
    instrumentIntercept(P);
  emitRegistration();
  M.addModuleFlag(Module::Warning, RacesFlag, 1);
  return true;
}

} // namespace

PreservedAnalyses RacePass::run(Module &M, ModuleAnalysisManager &) {
  return RaceInstrumenter(M).run() ? PreservedAnalyses::none()
                                   : PreservedAnalyses::all();
}

} // namespace tangle
