//===- TanglePass.cpp - tangle's instrumentation pass ---------------------===//
//
// DESCRIPTION
//   Collect: one walk over the module finds intercepted calls (callbacks.def)
//   and user calls of library lock wrappers (LibraryCode.h).
//   Choose: each becomes a plan with its sites (location, function, and
//   the source name of the lock from LockExpr.h).
//   Instrument: the site table is emitted, then each plan rewrites its call.
//
// USAGE
//   clang-19 -g -fpass-plugin=/abs/TanglePass.so -c x.c
//   opt-19 -load-pass-plugin=/abs/TanglePass.so -passes=tangle -S x.ll
//   (tangle-cc does the first and links the runtime.)
//
//===----------------------------------------------------------------------===//
#include "tangle/TanglePass.h"

#include "LibraryCode.h"
#include "LockExpr.h"
#include "ModuleTables.h"
#include "RuntimeCallbacks.h"

#include "tangle/tangle_interface.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

#define DEBUG_TYPE "tangle"

STATISTIC(NumIntercepted, "Synchronisation calls replaced by hooks");
STATISTIC(NumContexts, "User calls of library lock wrappers bracketed");
STATISTIC(NumLockGlobals, "Locks inside globals registered by name");
STATISTIC(NumCallerSites, "Calls passing a lock that tell the callee their site");
STATISTIC(NumWrapperSites, "Lock calls on a parameter's lock, reported at the caller");

namespace tangle {
namespace {

constexpr StringLiteral InstrumentedFlag = "tangle.instrumented";

struct InterceptPlan {
  CallBase *Call;
  const Intercept *Row;
  unsigned Site;
};

struct BracketPlan {
  CallBase *Call;
  const Bracket *Row;
  unsigned Site;
};

struct ContextPlan {
  CallBase *Call;
  unsigned FirstSite;
  SmallVector<Value *, 2> Locks; // one per site, in argument order
};

// A call that passes a lock: it tells the callee where it was made.
struct CallerPlan {
  CallBase *Call;
  Value *Lock;
  unsigned Site;
};

// Whether `V` is, through casts, zero offsets and a local variable that
// holds it, a parameter of the function: the function locks what its
// caller passes (a lock wrapper of the program's own).
bool isParameterValue(const Value *V, unsigned Depth = 0) {
  if (Depth > 8)
    return false;
  V = V->stripPointerCasts();
  if (auto *G = dyn_cast<GEPOperator>(V))
    return G->hasAllZeroIndices() && isParameterValue(G->getPointerOperand(), Depth + 1);
  if (isa<Argument>(V))
    return true;
  auto *L = dyn_cast<LoadInst>(V);
  auto *Slot = L ? dyn_cast<AllocaInst>(L->getPointerOperand()) : nullptr;
  if (!Slot)
    return false;
  const StoreInst *Only = nullptr;
  for (const User *U : Slot->users())
    if (auto *S = dyn_cast<StoreInst>(U)) {
      if (Only || S->getPointerOperand() != Slot)
        return false;
      Only = S;
    }
  return Only && isParameterValue(Only->getValueOperand(), Depth + 1);
}

Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

class Instrumenter {
public:
  explicit Instrumenter(Module &M) : M(M), RC(M), DL(M.getDataLayout()) {}
  bool run();

private:
  void collect(Function &F, const DenseSet<const Function *> &Wrappers,
               const DenseSet<const Function *> &OwnWrappers);
  void planIntercept(CallBase &CB, const Intercept &Row, bool InLibrary,
                     bool InWrapper);
  void planContext(CallBase &CB);
  void planCaller(CallBase &CB);
  void planBracket(CallBase &CB, const Bracket &Row);
  LockExpr nameOfArgument(Value *Arg) const;
  void instrumentBracket(const BracketPlan &P);
  void passVariadicArguments(CallBase &Call, const Intercept &Row,
                             SmallVectorImpl<Value *> &Args);
  void instrumentIntercept(const InterceptPlan &P);
  void instrumentContext(const ContextPlan &P);
  void instrumentCaller(const CallerPlan &P);

  Module &M;
  RuntimeCallbacks RC;
  const DataLayout &DL;
  SiteTable Sites;
  std::vector<InterceptPlan> Intercepts;
  std::vector<ContextPlan> Contexts;
  std::vector<CallerPlan> Callers;
  std::vector<BracketPlan> Brackets;
};

// A lock expression, or the name of a function passed by address (a
// thread's start routine), with the lock's class when the expression
// tells it.
LockExpr Instrumenter::nameOfArgument(Value *Arg) const {
  if (auto *F = dyn_cast<Function>(Arg->stripPointerCasts()))
    return {F->getSubprogram() ? F->getSubprogram()->getName().str()
                               : demangle(F->getName()),
            nullptr, ""};
  if (auto E = describePointee(Arg, DL))
    return *E;
  return {};
}

bool changesLockState(const Intercept &Row) {
  return Row.Role == LockRole::Acquire || Row.Role == LockRole::TryAcquire ||
         Row.Role == LockRole::Release;
}

bool isOwnWrapperOperation(const Intercept &Row) {
  return changesLockState(Row) || Row.Role == LockRole::Create;
}

// The first argument that points to a lock, or to a struct that starts
// with one: what a call of a lock wrapper acts on; its name in `Name`.
Value *lockArgument(CallBase &CB, const DataLayout &DL,
                    LockExpr *Name = nullptr) {
  for (Value *Arg : CB.args()) {
    if (!Arg->getType()->isPointerTy() || isa<ConstantPointerNull>(Arg))
      continue;
    auto E = describePointee(Arg, DL);
    if (E && E->Type && isLockType(E->Type)) {
      if (Name)
        *Name = std::move(*E);
      return Arg;
    }
  }
  return nullptr;
}

// The program's own wrappers of one lock operation (ovs_mutex_lock_at,
// unlock_table, ovs_mutex_init__): a function whose one lock call takes,
// releases or initialises what a parameter points to, and leaves it so for
// the caller; or whose one such call is of another such wrapper of this
// module, on a parameter (ovs_mutex_init calls ovs_mutex_init__). A helper
// that takes and releases locks inside (nested(a, b)) is not one: its own
// sites tell more.
DenseSet<const Function *> findOwnWrappers(Module &M) {
  const DataLayout &DL = M.getDataLayout();
  DenseSet<const Function *> Wrappers;
  auto IsWrapper = [&](Function &F) {
    CallBase *Only = nullptr;
    Value *OnlyLock = nullptr;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Callee = CB ? directCallee(*CB) : nullptr;
      if (!Callee)
        continue;
      Value *Lock = nullptr;
      if (const Intercept *Row = findIntercept(Callee->getName())) {
        if (!isOwnWrapperOperation(*Row))
          continue;
        if (Row->NameArg >= 0 && (unsigned)Row->NameArg < CB->arg_size())
          Lock = CB->getArgOperand(Row->NameArg);
      } else if (Wrappers.contains(Callee)) {
        Lock = lockArgument(*CB, DL);
      } else {
        continue;
      }
      if (Only)
        return false;
      Only = CB;
      OnlyLock = Lock;
    }
    return Only && OnlyLock && isParameterValue(OnlyLock);
  };
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (Function &F : M)
      if (!F.isDeclaration() && !isLibraryFunction(F) &&
          !Wrappers.contains(&F) && IsWrapper(F))
        Grew |= Wrappers.insert(&F).second;
  }
  return Wrappers;
}

void Instrumenter::planIntercept(CallBase &CB, const Intercept &Row,
                                 bool InLibrary, bool InWrapper) {
  uint32_t Flags = InLibrary ? TANGLE_SITE_LIBRARY : 0;
  if (InWrapper && isOwnWrapperOperation(Row)) {
    Flags |= TANGLE_SITE_CALLER;
    ++NumWrapperSites;
  }
  SiteDesc D = describeSite(CB, Flags);
  // Inside the library the expression is the library's ("__m"); the
  // context supplies the user's name instead.
  if (!InLibrary && Row.NameArg >= 0 && (unsigned)Row.NameArg < CB.arg_size()) {
    Value *Arg = CB.getArgOperand(Row.NameArg);
    // A thread's start routine is named only when it is a known function.
    if (Row.Role != LockRole::Thread || isa<Function>(Arg->stripPointerCasts())) {
      LockExpr E = nameOfArgument(Arg);
      D.LockName = E.Text;
      D.LockClass = E.Class;
    }
  }
  Intercepts.push_back({&CB, &Row, Sites.add(std::move(D))});
}

void Instrumenter::planContext(CallBase &CB) {
  ContextPlan P{&CB, 0, {}};
  SmallVector<LockExpr, 2> Names;
  for (Value *Arg : CB.args()) {
    if (!Arg->getType()->isPointerTy())
      continue;
    auto E = describePointee(Arg, DL);
    if (E && E->Type && isLockType(E->Type)) {
      P.Locks.push_back(Arg);
      Names.push_back(*E);
    }
  }
  // One site per lock argument, consecutive; an unnamed one when none is.
  SiteDesc D = describeSite(CB, 0);
  if (Names.empty())
    P.FirstSite = Sites.add(D);
  for (size_t I = 0; I < Names.size(); ++I) {
    SiteDesc Named = D;
    Named.LockName = Names[I].Text;
    Named.LockClass = Names[I].Class;
    unsigned Index = Sites.add(std::move(Named));
    if (I == 0)
      P.FirstSite = Index;
  }
  Contexts.push_back(std::move(P));
}

// The first argument that points to a lock (or to a struct that starts
// with one) names the call; a callee that is a lock wrapper reports there.
void Instrumenter::planCaller(CallBase &CB) {
  LockExpr E;
  Value *Arg = lockArgument(CB, DL, &E);
  if (!Arg)
    return;
  SiteDesc D = describeSite(CB, 0);
  D.LockName = E.Text;
  D.LockClass = E.Class; // "ofproto_mutex", "dpif::port_mutex": as lint names it
  Callers.push_back({&CB, Arg, Sites.add(std::move(D))});
}

// The object is `this`; the site names it ("db_sem", "ready").
void Instrumenter::planBracket(CallBase &CB, const Bracket &Row) {
  SiteDesc D = describeSite(CB, 0);
  if (CB.arg_size()) {
    LockExpr E = nameOfArgument(CB.getArgOperand(0));
    D.LockName = E.Text;
    D.LockClass = E.Class;
  }
  Brackets.push_back({&CB, &Row, Sites.add(std::move(D))});
}

void Instrumenter::collect(Function &F,
                           const DenseSet<const Function *> &Wrappers,
                           const DenseSet<const Function *> &OwnWrappers) {
  bool InLibrary = isLibraryFunction(F);
  bool InWrapper = OwnWrappers.contains(&F);
  for (Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    Function *Callee = CB ? directCallee(*CB) : nullptr;
    if (CB && !Callee && !InLibrary && !CB->isInlineAsm())
      planCaller(*CB); // through a function pointer: it may be a wrapper
    if (!Callee)
      continue;
    if (const Intercept *Row = findIntercept(Callee->getName()))
      planIntercept(*CB, *Row, InLibrary, InWrapper);
    else if (InLibrary || CB->isMustTailCall())
      continue;
    else if (const Bracket *B = findBracket(Callee->getName()))
      planBracket(*CB, *B);
    else if (Wrappers.contains(Callee))
      planContext(*CB);
    else if (InWrapper && OwnWrappers.contains(Callee))
      continue; // forwards its caller's lock: the caller's site stays told
    else if (!Callee->isIntrinsic() && !isLibraryFunction(*Callee))
      planCaller(*CB);
  }
}

// The hook of a variadic function takes its variadic part as 64-bit
// integers: pointers are converted, integers widened, missing ones are 0,
// extra ones dropped.
void Instrumenter::passVariadicArguments(CallBase &Call, const Intercept &Row,
                                         SmallVectorImpl<Value *> &Args) {
  unsigned Fixed = Call.getFunctionType()->getNumParams();
  Args.resize(std::min<size_t>(Args.size(), Row.NumParams));
  IRBuilder<> B(&Call);
  for (unsigned I = Fixed; I < Args.size(); ++I)
    Args[I] = Args[I]->getType()->isPointerTy()
                  ? B.CreatePtrToInt(Args[I], B.getInt64Ty())
                  : B.CreateZExtOrTrunc(Args[I], B.getInt64Ty());
  while (Args.size() < Row.NumParams)
    Args.push_back(B.getInt64(0));
}

void Instrumenter::instrumentIntercept(const InterceptPlan &P) {
  CallBase *Old = P.Call;
  FunctionType *CalleeTy = Old->getFunctionType();
  if (CalleeTy->isVarArg()) // the hook's parameters follow the declared ones
    CalleeTy = FunctionType::get(CalleeTy->getReturnType(),
                                 CalleeTy->params(), true);
  FunctionCallee Hook = RC.hookFor(M, *P.Row, CalleeTy);
  SmallVector<Value *, 8> Args(Old->args());
  if (Old->getFunctionType()->isVarArg())
    passVariadicArguments(*Old, *P.Row, Args);
  Args.push_back(Sites.pointerTo(P.Site));
  replaceCall(Old, Hook, Args);
  ++NumIntercepted;
}

void Instrumenter::instrumentContext(const ContextPlan &P) {
  CallBase *CB = P.Call;
  LLVMContext &C = M.getContext();
  Constant *Site = Sites.pointerTo(P.FirstSite);
  IRBuilder<> B(CB);
  if (P.Locks.size() <= 1) {
    Value *Lock = P.Locks.empty()
                      ? ConstantPointerNull::get(PointerType::getUnqual(C))
                      : P.Locks[0];
    B.CreateCall(RC.ContextEnter, {Site, Lock});
  } else {
    // The runtime reads the lock addresses while the call runs.
    IRBuilder<> Entry(&*CB->getFunction()->getEntryBlock().getFirstInsertionPt());
    auto *ArrTy = ArrayType::get(PointerType::getUnqual(C), P.Locks.size());
    Value *Arr = Entry.CreateAlloca(ArrTy, nullptr, "tangle.locks");
    for (size_t I = 0; I < P.Locks.size(); ++I)
      B.CreateStore(P.Locks[I], B.CreateConstInBoundsGEP2_32(ArrTy, Arr, 0, I));
    B.CreateCall(RC.ContextEnterN,
                 {Site, B.getInt32(P.Locks.size()), Arr});
  }
  auto Leave = [&](BasicBlock::iterator At) {
    IRBuilder<> After(At->getParent(), At);
    After.CreateCall(RC.ContextLeave, {Site});
  };
  if (auto *II = dyn_cast<InvokeInst>(CB)) {
    // Leaving is idempotent, so shared successors may leave more than once.
    Leave(II->getNormalDest()->getFirstInsertionPt());
    Leave(II->getUnwindDest()->getFirstInsertionPt());
  } else {
    Leave(std::next(CB->getIterator()));
  }
  ++NumContexts;
}

void Instrumenter::instrumentCaller(const CallerPlan &P) {
  IRBuilder<> B(P.Call);
  B.CreateStore(Sites.pointerTo(P.Site), RC.callerField(B, 0));
  B.CreateStore(P.Lock, RC.callerField(B, 1));
  ++NumCallerSites;
}

void Instrumenter::instrumentBracket(const BracketPlan &P) {
  CallBase *CB = P.Call;
  IRBuilder<> B(CB);
  Value *Kind = B.getInt32(P.Row->Kind);
  Value *Object = CB->arg_size() ? CB->getArgOperand(0)
                                 : ConstantPointerNull::get(B.getPtrTy());
  Constant *Site = Sites.pointerTo(P.Site);
  B.CreateCall(RC.BracketEnter, {Kind, Object, Site});
  BasicBlock::iterator After = isa<InvokeInst>(CB)
      ? cast<InvokeInst>(CB)->getNormalDest()->getFirstInsertionPt()
      : std::next(CB->getIterator());
  IRBuilder<> A(After->getParent(), After);
  Value *Result = A.getInt32(0);
  if (CB->getType()->isIntegerTy()) // try_acquire's bool
    Result = A.CreateZExtOrTrunc(CB, A.getInt32Ty());
  A.CreateCall(RC.BracketExit, {Kind, Object, Site, Result});
}

bool Instrumenter::run() {
  if (M.getModuleFlag(InstrumentedFlag))
    return false; // already instrumented (the plugin was given twice)
  DenseSet<const Function *> Wrappers = findLockWrappers(M);
  DenseSet<const Function *> OwnWrappers = findOwnWrappers(M);
  for (Function &F : M)
    if (!F.isDeclaration() &&
        !F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
      collect(F, Wrappers, OwnWrappers);
  if (!Sites.empty()) {
    Sites.emit(M, RC);
    for (const InterceptPlan &P : Intercepts)
      instrumentIntercept(P);
    for (const ContextPlan &P : Contexts)
      instrumentContext(P);
    for (const BracketPlan &P : Brackets)
      instrumentBracket(P);
    for (const CallerPlan &P : Callers)
      instrumentCaller(P);
  }
  NumLockGlobals += emitLockGlobals(M, RC);
  M.addModuleFlag(Module::Warning, InstrumentedFlag, 1);
  return true;
}

} // namespace

PreservedAnalyses TanglePass::run(Module &M, ModuleAnalysisManager &) {
  return Instrumenter(M).run() ? PreservedAnalyses::none()
                               : PreservedAnalyses::all();
}

} // namespace tangle
