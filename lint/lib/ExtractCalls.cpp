//===- ExtractCalls.cpp - calls, constructors and destructors into events ---===//
//
// A call becomes, in this order of preference:
//  1. a guard's method (unique_lock::unlock, a SCOPED_CAPABILITY's Release),
//  2. a row of the library table (LockCalls.h),
//  3. the lock operations its thread-safety attributes declare
//     (ovs_mutex_lock_at(mutex, where) OVS_ACQUIRES(mutex) locks *mutex),
//  4. a call of a user function, whose summary applies later.
// Calls into system headers that are none of these do not matter.
//
//===----------------------------------------------------------------------===//
#include "Extractor.h"

#include "tangle/lint/Strings.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace tangle::lint {

std::string callKey(const FunctionDecl *F) {
  if (auto *M = dyn_cast<CXXMethodDecl>(F))
    return templateName(M->getParent()) + "::" + M->getNameAsString();
  return F->getQualifiedNameAsString();
}

llvm::SmallVector<ValueRef, 2>
FunctionExtractor::arguments(const FunctionDecl *Callee,
                             llvm::ArrayRef<const Expr *> Args) {
  llvm::SmallVector<ValueRef, 2> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    QualType T = I < Callee->getNumParams() ? Callee->getParamDecl(I)->getType()
                                            : Args[I]->getType();
    Out.push_back(Paths.argument(Args[I], T));
  }
  return Out;
}

void FunctionExtractor::call(const CallExpr *CE, Block &Out) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || Callee->getBuiltinID())
    return; // through a pointer (not followed), or a builtin
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  ValueRef This;
  auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    if (guardMethod(MC, Out))
      return;
    bool Arrow = false;
    if (auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      Arrow = ME->isArrow();
    if (const Expr *Obj = MC->getImplicitObjectArgument())
      This = Paths.implicitObject(Obj, Arrow);
  } else if (isa<CXXOperatorCallExpr>(CE) && Method && !Method->isStatic() &&
             !Args.empty()) {
    This = Paths.implicitObject(Args.front(), false);
    Args.erase(Args.begin());
  }
  bool System = inSystemHeader(Callee);
  if (System)
    if (const LockCall *Row = findLockCall(callKey(Callee)))
      if (libraryCall(CE, *Row, Out))
        return;
  llvm::SmallVector<ValueRef, 2> Values = arguments(Callee, Args);
  if (annotatedCall(CE, Callee, Values, This, Out))
    return;
  if (System)
    return;
  userCall(CE, Callee, std::move(Values), std::move(This), Out, Args);
}

// A constant the expression always has (ExtractFunction.cpp).
std::optional<Constraint> constantOf(const Expr *E, ASTContext &Ctx);

void FunctionExtractor::userCall(const Expr *At, const FunctionDecl *Callee,
                                 llvm::SmallVector<ValueRef, 2> Args, ValueRef This,
                                 Block &Out, llvm::ArrayRef<const Expr *> ArgExprs) {
  Event Ev = event(EventKind::Call, At ? At->getExprLoc() : SourceLocation());
  Ev.Callee = intern(usrOf(Callee));
  Ev.CalleeName = intern(functionName(Callee));
  if (Callee->isNoReturn())
    Ev.Flags |= EvNoReturn;
  Ev.Args = std::move(Args);
  Ev.This = std::move(This);
  if (At) {
    Ev.Slot = resultSlot(At);
    auto It = Initialises.find(At);
    if (It != Initialises.end())
      Ev.ResultOwner = guardSlot(It->second);
  }
  // What the caller knows of each argument: a constant (a flag passed as
  // true), a value it tests, one of its own parameters.
  bool AnyKnown = false;
  for (const Expr *A : ArgExprs) {
    std::optional<Constraint> C = constantOf(A, Ctx);
    const Expr *Core = core(A);
    int Param = -1;
    if (auto *R = dyn_cast<DeclRefExpr>(Core))
      if (auto *P = dyn_cast<ParmVarDecl>(R->getDecl()); P && P->getDeclContext() == FD)
        Param = P->getFunctionScopeIndex();
    int Slot = C ? -1 : valueSlot(Core);
    Ev.ArgValues.push_back(C ? *C : Constraint());
    Ev.ArgSlots.push_back(int16_t(Slot));
    Ev.ArgParams.push_back(int8_t(Param < 127 ? Param : -1));
    AnyKnown |= C.has_value() || Slot >= 0 || Param >= 0;
  }
  if (!AnyKnown) { // keep calls small when nothing is known
    Ev.ArgValues.clear();
    Ev.ArgSlots.clear();
    Ev.ArgParams.clear();
  }
  Out.Events.push_back(std::move(Ev));
}

bool FunctionExtractor::libraryCall(const CallExpr *CE, const LockCall &Row,
                                    Block &Out) {
  auto Arg = [&](int I) -> const Expr * {
    return I >= 0 && (unsigned)I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
  };
  LockPath Object;
  if (Row.Object == This) {
    auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
    const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
    if (!Obj)
      return false;
    bool Arrow = false;
    if (auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      Arrow = ME->isArrow();
    std::optional<LockPath> P = pointee(Paths.implicitObject(Obj, Arrow));
    Object = P ? *P : Paths.lvalue(Obj);
  } else if (const Expr *A = Arg(Row.Object)) {
    Object = Row.ByValue ? Paths.lvalue(core(A)) : Paths.object(A);
  } else if (Row.Object != None) {
    return false;
  }
  Event Ev = event(EventKind::Acquire, CE->getExprLoc());
  Ev.Flags = Row.Flags;
  switch (Row.Role) {
  case CallRole::Acquire:
    Ev.Locks = {Object};
    Ev.Slot = resultSlot(CE);
    if (Ev.Slot >= 0) { // `if (pthread_mutex_lock(&m) != 0) return;`: it can fail
      Ev.Flags |= EvCanFail;
      Ev.Success = Constraint::equal(0);
    }
    break;
  case CallRole::TryAcquire:
    Ev.Locks = {Object};
    Ev.Flags |= EvTry;
    Ev.Success = Row.Success;
    Ev.Slot = resultSlot(CE);
    break;
  case CallRole::Release:
    Ev.Kind = EventKind::Release;
    Ev.Locks = {Object};
    break;
  case CallRole::Wait:
    Ev.Kind = EventKind::Wait;
    Ev.Wait = Row.Wait;
    Ev.Locks = {Object};
    if (Row.Success.Known) { // sem_trywait, sem_timedwait, try_acquire
      Ev.Flags |= EvTry;
      Ev.Success = Row.Success;
      Ev.Slot = resultSlot(CE);
    }
    if (const Expr *Mu = Arg(Row.Mutex)) {
      int Guard = guardOf(Mu);
      if (Guard >= 0)
        Ev.Owner = Guard;
      else if (Mu->getType()->isPointerType())
        Ev.Locks.push_back(Paths.object(Mu));
      else if (const CXXRecordDecl *T = Mu->getType()->getAsCXXRecordDecl();
               !T || guardKind(templateName(T)) == GuardKind::None)
        Ev.Locks.push_back(Paths.lvalue(Mu)); // condition_variable_any on a mutex
    }
    break;
  case CallRole::Notify:
    Ev.Kind = EventKind::Notify;
    Ev.Wait = Row.Wait;
    Ev.Locks = {Object};
    break;
  case CallRole::Init:
    if (CE->getNumArgs() < 2 ||
        CE->getArg(1)->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return true; // default attributes: not recursive
    Ev.Kind = EventKind::Init;
    Ev.Locks = {Object};
    if (SetsRecursiveType)
      Ev.Flags |= EvRecursive;
    break;
  case CallRole::SetType:
    return true;
  case CallRole::LockAll:
  case CallRole::TryLockAll: {
    // std::lock(a, b) on mutexes, or on guards (deferred unique_locks),
    // which then own what they locked.
    llvm::SmallVector<int, 2> Guards;
    for (const Expr *A : CE->arguments()) {
      int G = guardOf(A);
      if (G >= 0) {
        for (const LockPath &L : GuardLocks.lookup(G))
          Ev.Locks.push_back(L);
        Guards.push_back(G);
      } else {
        Ev.Locks.push_back(Paths.lvalue(A));
      }
    }
    Ev.Flags |= EvSet;
    if (Row.Role == CallRole::TryLockAll) {
      Ev.Flags |= EvTry;
      Ev.Success = Row.Success;
      Ev.Slot = resultSlot(CE);
    }
    Out.Events.push_back(Ev);
    for (int G : Guards) {
      Event Own = event(EventKind::Adopt, CE->getExprLoc());
      Own.Owner = G;
      Own.Locks = GuardLocks.lookup(G);
      Out.Events.push_back(std::move(Own));
    }
    return true;
  }
  case CallRole::Exit:
    Ev.Kind = EventKind::ThreadExit;
    break;
  case CallRole::Create: {
    const Expr *Routine = Arg(Row.Routine);
    auto *Ref = Routine ? dyn_cast<DeclRefExpr>(Routine->IgnoreParenCasts()) : nullptr;
    if (auto *U = Routine ? dyn_cast<UnaryOperator>(Routine->IgnoreParenCasts()) : nullptr)
      Ref = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenCasts());
    auto *F = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
    if (!F)
      return true;
    Ev.Kind = EventKind::ThreadStart;
    Ev.Locks = {Object};
    Ev.Callee = intern(usrOf(F));
    Ev.CalleeName = intern(functionName(F));
    break;
  }
  }
  Out.Events.push_back(std::move(Ev));
  return true;
}

bool FunctionExtractor::annotatedCall(const CallExpr *CE, const FunctionDecl *Callee,
                                      llvm::ArrayRef<ValueRef> Args,
                                      const ValueRef &This, Block &Out) {
  if (!Callee->hasAttrs())
    return false;
  PathBuilder CalleePaths(Ctx, Callee, functionName(Callee));
  Annotations A = annotationsOf(Callee, CalleePaths);
  if (!A.any())
    return false;
  auto Resolve = [&](const LockPath &P) {
    std::optional<LockPath> S = substitute(P, Args, This);
    return S ? *S : unbound(P);
  };
  auto Emit = [&](EventKind K, const LockPath &P, uint16_t Flags) {
    Event Ev = event(K, CE->getExprLoc());
    Ev.Locks = {Resolve(P)};
    Ev.Flags = Flags;
    Out.Events.push_back(std::move(Ev));
    return &Out.Events.back();
  };
  for (const LockPath &P : A.Releases)
    Emit(EventKind::Release, P, 0);
  for (const LockPath &P : A.Acquires)
    Emit(EventKind::Acquire, P, 0);
  for (const LockPath &P : A.AcquiresShared)
    Emit(EventKind::Acquire, P, EvShared);
  for (const LockPath &P : A.TryAcquires) {
    Event *Ev = Emit(EventKind::Acquire, P, EvTry | (A.TryShared ? EvShared : 0));
    Ev->Success = A.TrySuccess;
    Ev->Slot = resultSlot(CE);
  }
  return true;
}

bool FunctionExtractor::guardMethod(const CXXMemberCallExpr *MC, Block &Out) {
  const CXXMethodDecl *Method = MC->getMethodDecl();
  if (!Method)
    return false;
  const CXXRecordDecl *Class = Method->getParent();
  GuardKind Kind = guardKind(templateName(Class));
  bool Scoped = Class->hasAttr<ScopedLockableAttr>();
  if (Kind == GuardKind::None && !Scoped)
    return false;
  int Slot = guardOf(MC->getImplicitObjectArgument());
  std::string Name = Method->getNameAsString();
  Event Ev = event(EventKind::Acquire, MC->getExprLoc());
  Ev.Owner = Slot;
  if (Slot >= 0) {
    Ev.Locks = GuardLocks.lookup(Slot);
    Ev.Flags = GuardFlags.lookup(Slot);
  }
  if (Scoped && Kind == GuardKind::None) {
    // A SCOPED_CAPABILITY's own Lock()/Unlock(): what its attributes say.
    if (Method->hasAttr<ReleaseCapabilityAttr>())
      Name = "unlock";
    else if (Method->hasAttr<AcquireCapabilityAttr>())
      Name = "lock";
    else
      return false;
  }
  if (Name == "lock" || Name == "try_lock" || Name == "try_lock_for" ||
      Name == "try_lock_until") {
    if (Ev.Locks.empty())
      return true; // a guard we cannot follow (a parameter, a member)
    if (Name != "lock") {
      Ev.Flags |= EvTry;
      Ev.Success = Constraint::notEqual(0);
      Ev.Slot = resultSlot(MC);
    }
  } else if (Name == "unlock") {
    Ev.Kind = EventKind::ReleaseOwned;
    Ev.Locks.clear();
  } else if (Name == "release") {
    Ev.Kind = EventKind::Disown;
    Ev.Locks.clear();
  } else {
    return true; // owns_lock, operator bool, mutex: conditions only
  }
  if (Slot >= 0)
    Out.Events.push_back(std::move(Ev));
  return true;
}

void FunctionExtractor::construct(const CXXConstructExpr *CE, Block &Out) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  const CXXRecordDecl *Class = Ctor->getParent();
  std::string Template = templateName(Class);
  GuardKind Kind = guardKind(Template);
  if (Kind != GuardKind::None)
    return guardConstruct(CE, Kind, Out);
  auto It = Initialises.find(CE);
  const VarDecl *Var = It == Initialises.end() ? nullptr : It->second;
  if (Class->hasAttr<ScopedLockableAttr>()) {
    PathBuilder CtorPaths(Ctx, Ctor, functionName(Ctor));
    Annotations A = annotationsOf(Ctor, CtorPaths);
    llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
    llvm::SmallVector<ValueRef, 2> Values = arguments(Ctor, Args);
    int Slot = M.NumSlots++;
    GuardSlots[Var ? (const void *)Var : CE] = Slot;
    Event Ev = event(EventKind::Acquire, Var ? Var->getLocation() : CE->getExprLoc());
    Ev.Owner = Slot;
    auto Resolve = [&](const LockPath &P) {
      std::optional<LockPath> S = substitute(P, Values, {});
      return S ? *S : unbound(P);
    };
    for (const LockPath &P : A.Acquires)
      Ev.Locks.push_back(Resolve(P));
    for (const LockPath &P : A.AcquiresShared) {
      Ev.Locks.push_back(Resolve(P));
      Ev.Flags |= EvShared;
    }
    GuardLocks[Slot] = Ev.Locks;
    GuardFlags[Slot] = Ev.Flags;
    if (!Ev.Locks.empty())
      Out.Events.push_back(std::move(Ev));
    return;
  }
  if (Template == "std::thread" || Template == "std::jthread") {
    if (!Var || CE->getNumArgs() == 0)
      return;
    const Expr *Routine = core(CE->getArg(0));
    const FunctionDecl *F = nullptr;
    if (auto *U = dyn_cast<UnaryOperator>(Routine))
      Routine = core(U->getSubExpr());
    if (auto *R = dyn_cast<DeclRefExpr>(Routine))
      F = dyn_cast<FunctionDecl>(R->getDecl());
    else if (auto *L = dyn_cast<LambdaExpr>(Routine))
      F = L->getCallOperator();
    if (!F)
      return;
    Event Ev = event(EventKind::ThreadStart, Var->getLocation());
    Ev.Locks = {LockPath::local(Var->getName(), Paths.function())};
    Ev.Callee = intern(usrOf(F));
    Ev.CalleeName = intern(functionName(F));
    Out.Events.push_back(std::move(Ev));
    return;
  }
  if (inSystemHeader(Ctor) || Ctor->isTrivial())
    return;
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  ValueRef This = Var ? ValueRef::addressOf(Paths.variable(Var)) : ValueRef();
  userCall(CE, Ctor, arguments(Ctor, Args), std::move(This), Out);
}

void FunctionExtractor::guardConstruct(const CXXConstructExpr *CE, GuardKind Kind,
                                       Block &Out) {
  auto It = Initialises.find(CE);
  const VarDecl *Var = It == Initialises.end() ? nullptr : It->second;
  int Slot = M.NumSlots++;
  GuardSlots[Var ? (const void *)Var : CE] = Slot;
  GuardTag Tag = GuardTag::None;
  bool Timed = false;
  int From = -1;
  uint16_t Flags = Kind == GuardKind::SharedLock ? EvShared : 0;
  llvm::SmallVector<LockPath, 1> Locks;
  for (const Expr *A : CE->arguments()) {
    const CXXRecordDecl *Type = A->getType()->getAsCXXRecordDecl();
    std::string Name = Type ? templateName(Type) : "";
    if (GuardTag T = guardTag(Name); T != GuardTag::None)
      Tag = T;
    else if (guardKind(Name) != GuardKind::None)
      From = guardOf(A); // moved from another guard
    else if (llvm::StringRef(Name).starts_with("std::chrono::"))
      Timed = true;
    else {
      Locks.push_back(Paths.lvalue(A));
      if (isRecursiveMutexType(Name))
        Flags |= EvRecursive;
    }
  }
  SourceLocation At = Var ? Var->getLocation() : CE->getExprLoc();
  Event Ev = event(EventKind::Acquire, At);
  Ev.Owner = Slot;
  if (From >= 0) {
    GuardLocks[Slot] = GuardLocks.lookup(From);
    GuardFlags[Slot] = GuardFlags.lookup(From);
    Ev.Kind = EventKind::Transfer;
    Ev.Owner = From;
    Ev.Slot = Slot;
    Out.Events.push_back(std::move(Ev));
    return;
  }
  GuardLocks[Slot] = Locks;
  GuardFlags[Slot] = Flags;
  if (Locks.empty() || Tag == GuardTag::Defer)
    return;
  Ev.Locks = Locks;
  Ev.Flags = Flags;
  if (Tag == GuardTag::Adopt) {
    Ev.Kind = EventKind::Adopt;
  } else {
    if (Locks.size() > 1)
      Ev.Flags |= EvSet; // scoped_lock takes them all at once, as std::lock
    if (Tag == GuardTag::TryToLock || Timed)
      Ev.Flags |= EvTry; // owns_lock() tells which way it went
  }
  Out.Events.push_back(std::move(Ev));
}

void FunctionExtractor::destroy(const VarDecl *V, const Stmt *Trigger, Block &Out) {
  SourceLocation At = Trigger ? Trigger->getEndLoc() : V->getLocation();
  int Slot = guardSlot(V);
  if (Slot >= 0) {
    Event Ev = event(EventKind::ReleaseOwned, At);
    Ev.Owner = Slot;
    Out.Events.push_back(std::move(Ev));
    return;
  }
  const CXXRecordDecl *Class = V->getType()->getAsCXXRecordDecl();
  const CXXDestructorDecl *Dtor = Class ? Class->getDestructor() : nullptr;
  if (!Dtor || Dtor->isTrivial() || inSystemHeader(Dtor))
    return;
  Event Ev = event(EventKind::Call, At);
  Ev.Callee = intern(usrOf(Dtor));
  Ev.CalleeName = intern(functionName(Dtor));
  Ev.This = ValueRef::addressOf(Paths.variable(V));
  Out.Events.push_back(std::move(Ev));
}

} // namespace tangle::lint
