//===- ExtractFunction.cpp - one function's CFG into a model ----------------===//
//
// Two walks. The prescan goes over the body once: it finds the variables
// that change after their initialisation (they do not stand for their
// initial value), the values that decide branches or are returned (only
// those get value slots, which keeps the states of the summary walk few),
// the variables that constructors and calls initialise, and whether
// anything in the body matters for locks at all. Then the CFG walk turns
// each block's elements into events.
//
//===----------------------------------------------------------------------===//
#include "Extractor.h"

#include "tangle/lint/Strings.h"

#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace tangle::lint {

SourceLoc Locations::at(SourceLocation L) {
  if (L.isInvalid())
    return {};
  L = SM.getExpansionLoc(L);
  FileID F = SM.getFileID(L);
  auto [It, New] = Files.try_emplace(F.getHashValue(), "");
  if (New) {
    if (OptionalFileEntryRef E = SM.getFileEntryRefForID(F)) {
      llvm::SmallString<256> Path(E->getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      It->second = intern(Path);
    }
  }
  return {It->second, SM.getExpansionLineNumber(L), SM.getExpansionColumnNumber(L)};
}

const Expr *core(const Expr *E) { return withoutTemporaries(E, /*Casts=*/true); }

const CXXConstructExpr *constructorOf(const Expr *Init) {
  return Init ? dyn_cast<CXXConstructExpr>(core(Init)) : nullptr;
}

namespace {

bool isAssignment(BinaryOperatorKind K) {
  return K == BO_Assign || BinaryOperator::isCompoundAssignmentOp(K);
}

const VarDecl *localVar(const Expr *E) {
  if (auto *R = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (auto *V = dyn_cast<VarDecl>(R->getDecl()))
      if (!V->hasGlobalStorage())
        return V;
  return nullptr;
}

// The value a condition tests: through !, comparisons with constants,
// assignments, commas, the right side of && and ||, __builtin_expect.
const Expr *testedValue(const Expr *E, ASTContext &Ctx, unsigned Depth = 0) {
  E = core(E);
  if (Depth > 8)
    return E;
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot)
    return testedValue(U->getSubExpr(), Ctx, Depth + 1);
  if (auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->isLogicalOp() || B->getOpcode() == BO_Comma || B->getOpcode() == BO_Assign)
      return testedValue(B->getRHS(), Ctx, Depth + 1);
    if (B->isComparisonOp()) {
      if (B->getRHS()->isEvaluatable(Ctx))
        return testedValue(B->getLHS(), Ctx, Depth + 1);
      if (B->getLHS()->isEvaluatable(Ctx))
        return testedValue(B->getRHS(), Ctx, Depth + 1);
    }
  }
  if (auto *C = dyn_cast<CallExpr>(E))
    if (C->getBuiltinCallee() == Builtin::BI__builtin_expect && C->getNumArgs() > 0)
      return testedValue(C->getArg(0), Ctx, Depth + 1);
  return E;
}

} // namespace

bool hasThreadSafetyAttrs(const Decl *D) {
  return D->hasAttr<AcquireCapabilityAttr>() || D->hasAttr<ReleaseCapabilityAttr>() ||
         D->hasAttr<TryAcquireCapabilityAttr>() || D->hasAttr<ExclusiveTrylockFunctionAttr>() ||
         D->hasAttr<SharedTrylockFunctionAttr>() || D->hasAttr<RequiresCapabilityAttr>();
}

class Prescan : public RecursiveASTVisitor<Prescan> {
public:
  explicit Prescan(FunctionExtractor &X) : X(X) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its own function
  bool TraverseBlockExpr(BlockExpr *) { return true; }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (isAssignment(B->getOpcode())) {
      if (const VarDecl *V = localVar(B->getLHS())) {
        X.Paths.markChanged(V);
        if (B->getOpcode() == BO_Assign)
          Assigned.push_back({V, B->getRHS()});
      }
    }
    if (B->isLogicalOp()) {
      X.noteTested(B->getLHS());
      X.noteTested(B->getRHS());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      if (const VarDecl *V = localVar(U->getSubExpr()))
        X.Paths.markChanged(V);
    return true;
  }
  bool VisitIfStmt(IfStmt *S) { return tested(S->getCond()); }
  bool VisitWhileStmt(WhileStmt *S) { return tested(S->getCond()); }
  bool VisitDoStmt(DoStmt *S) { return tested(S->getCond()); }
  bool VisitForStmt(ForStmt *S) { return tested(S->getCond()); }
  bool VisitConditionalOperator(ConditionalOperator *C) { return tested(C->getCond()); }
  bool VisitReturnStmt(ReturnStmt *R) { return tested(R->getRetValue()); }
  bool VisitVarDecl(VarDecl *V) {
    if (V->hasAttr<CleanupAttr>())
      Relevant = true;
    if (const Expr *Init = V->getInit()) {
      Assigned.push_back({V, Init});
      if (const CXXConstructExpr *CE = constructorOf(Init))
        X.Initialises[CE] = V;
      else if (auto *C = dyn_cast<CallExpr>(core(Init)))
        X.Initialises[C] = V;
    }
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F || F->getBuiltinID())
      return true;
    if (!X.inSystemHeader(F)) {
      Relevant = true;
      return true;
    }
    if (const LockCall *Row = findLockCall(callKey(F))) {
      Relevant = true;
      if (Row->Role == CallRole::SetType && CE->getNumArgs() == 2) {
        Expr::EvalResult R;
        // PTHREAD_MUTEX_RECURSIVE (glibc: 1, also PTHREAD_MUTEX_RECURSIVE_NP)
        if (CE->getArg(1)->EvaluateAsInt(R, X.Ctx) && R.Val.getInt() == 1)
          X.SetsRecursiveType = true;
        else if (auto *Ref = dyn_cast<DeclRefExpr>(core(CE->getArg(1))))
          if (auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl()))
            X.M.SetTypeParam = P->getFunctionScopeIndex(); // a settype wrapper
      }
    } else if (auto *M = dyn_cast<CXXMethodDecl>(F)) {
      if (guardKind(templateName(M->getParent())) != GuardKind::None)
        Relevant = true;
    }
    if (hasThreadSafetyAttrs(F))
      Relevant = true;
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *C = CE->getConstructor();
    if (guardKind(templateName(C->getParent())) != GuardKind::None ||
        hasThreadSafetyAttrs(C) || (!X.inSystemHeader(C) && !C->isTrivial()))
      Relevant = true;
    else if (templateName(C->getParent()) == "std::thread")
      Relevant = true;
    return true;
  }

  // Calls and variables whose values are tested.
  void finish() {
    for (auto [V, From] : Assigned)
      if (X.TestedVars.count(V))
        if (auto *C = dyn_cast<CallExpr>(testedValue(From, X.Ctx)))
          X.TestedCalls.insert(C);
  }

  bool Relevant = false;

private:
  bool tested(Expr *E) {
    if (E)
      X.noteTested(E);
    return true;
  }
  FunctionExtractor &X;
  std::vector<std::pair<const VarDecl *, const Expr *>> Assigned;
};

FunctionExtractor::FunctionExtractor(ASTContext &Ctx, Locations &Locs,
                                     const FunctionDecl *FD)
    : Ctx(Ctx), Locs(Locs), FD(FD), Name(functionName(FD)), Paths(Ctx, FD, Name) {}

bool FunctionExtractor::inSystemHeader(const Decl *D) const {
  return Ctx.getSourceManager().isInSystemHeader(D->getLocation());
}

// A global scalar a branch tests (`if (verbose)`): tracked like a local,
// assuming nothing in between changes it.
static const VarDecl *globalScalar(const Expr *E) {
  if (auto *R = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (auto *V = dyn_cast<VarDecl>(R->getDecl()))
      if (V->hasGlobalStorage() && !V->getType().isConstQualified() &&
          (V->getType()->isIntegralOrEnumerationType() || V->getType()->isPointerType()))
        return V;
  return nullptr;
}

void FunctionExtractor::noteTested(const Expr *E) {
  const Expr *V = testedValue(E, Ctx);
  if (const VarDecl *Var = localVar(V))
    TestedVars.insert(Var);
  else if (const VarDecl *G = globalScalar(V))
    TestedVars.insert(G);
  else if (auto *R = dyn_cast<DeclRefExpr>(V))
    if (auto *P = dyn_cast<ParmVarDecl>(R->getDecl()))
      TestedVars.insert(P);
  if (isa<CallExpr>(V))
    TestedCalls.insert(V);
  if (isa<MemberExpr>(V)) {
    LockPath P = Paths.lvalue(V);
    if (P.Root != RootKind::Opaque)
      TestedMembers.insert(P.text());
  }
}

int FunctionExtractor::memberSlot(const Expr *E) {
  if (!isa<MemberExpr>(E) || TestedMembers.empty())
    return -1;
  LockPath P = Paths.lvalue(E);
  std::string Key = P.text();
  if (P.Root == RootKind::Opaque || !TestedMembers.count(Key))
    return -1;
  auto [It, New] = MemberSlots.try_emplace(Key, 0);
  if (New) {
    It->second = M.NumSlots++;
    SharedSlots.insert(It->second);
  }
  return It->second;
}

int FunctionExtractor::valueSlot(const Expr *E) {
  if (isa<CallExpr>(E))
    return resultSlot(E);
  if (const VarDecl *V = localVar(E))
    return varSlot(V);
  if (auto *R = dyn_cast<DeclRefExpr>(E))
    if (auto *P = dyn_cast<ParmVarDecl>(R->getDecl()))
      return varSlot(P);
  if (const VarDecl *G = globalScalar(E)) {
    int Slot = varSlot(G);
    if (Slot >= 0)
      SharedSlots.insert(Slot);
    return Slot;
  }
  return memberSlot(E);
}

bool FunctionExtractor::prescan() {
  Prescan P(*this);
  P.TraverseStmt(FD->getBody());
  P.finish();
  return P.Relevant;
}

int FunctionExtractor::varSlot(const VarDecl *V) {
  if (!TestedVars.count(V))
    return -1;
  auto [It, New] = VarSlots.try_emplace(V, 0);
  if (New)
    It->second = M.NumSlots++;
  return It->second;
}

int FunctionExtractor::resultSlot(const Expr *E) {
  if (!TestedCalls.count(E))
    return -1;
  auto [It, New] = ExprSlots.try_emplace(E, 0);
  if (New)
    It->second = M.NumSlots++;
  return It->second;
}

int FunctionExtractor::guardSlot(const void *Key) const {
  auto It = GuardSlots.find(Key);
  return It == GuardSlots.end() ? -1 : It->second;
}

int FunctionExtractor::guardOf(const Expr *E) const {
  if (auto *R = dyn_cast<DeclRefExpr>(core(E)))
    return guardSlot(R->getDecl());
  return -1;
}

Event FunctionExtractor::event(EventKind K, SourceLocation At) {
  Event E;
  E.Kind = K;
  E.Where = Locs.at(At);
  return E;
}

// The blocks reachable from the entry, each before its successors except
// along back edges.
static std::vector<const CFGBlock *> reversePostOrder(const CFG &G) {
  std::vector<const CFGBlock *> Order;
  std::vector<bool> Seen(G.getNumBlockIDs(), false);
  std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> Stack;
  Stack.push_back({&G.getEntry(), G.getEntry().succ_begin()});
  Seen[G.getEntry().getBlockID()] = true;
  while (!Stack.empty()) {
    auto &[B, It] = Stack.back();
    if (It == B->succ_end()) {
      Order.push_back(B);
      Stack.pop_back();
      continue;
    }
    const CFGBlock *Next = It->getReachableBlock();
    ++It;
    if (Next && !Seen[Next->getBlockID()]) {
      Seen[Next->getBlockID()] = true;
      Stack.push_back({Next, Next->succ_begin()});
    }
  }
  std::reverse(Order.begin(), Order.end());
  return Order;
}

std::optional<FunctionModel> FunctionExtractor::run() {
  if (!FD->getBody() || !prescan())
    return std::nullopt;
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  Opts.setAllAlwaysAdd();
  std::unique_ptr<CFG> G = CFG::buildCFG(FD, FD->getBody(), &Ctx, Opts);
  if (!G)
    return std::nullopt;
  M.Id = intern(usrOf(FD));
  M.Name = intern(Name);
  M.Where = Locs.at(FD->getLocation());
  M.End = Locs.at(FD->getBody()->getEndLoc());
  QualType R = FD->getReturnType();
  M.Returns = R->isVoidType()      ? ReturnKind::Void
              : R->isBooleanType() ? ReturnKind::Bool
              : R->isPointerType() || R->isNullPtrType() ? ReturnKind::Pointer
              : R->isIntegralOrEnumerationType() ? ReturnKind::Integer
                                                 : ReturnKind::Other;
  M.Attrs = annotationsOf(FD, Paths);
  M.Blocks.resize(G->getNumBlockIDs());
  M.Entry = G->getEntry().getBlockID();
  M.Exit = G->getExit().getBlockID();
  // Reverse post-order: a guard's construction dominates its uses and its
  // destructors, so its slot and locks are known when they come.
  for (const CFGBlock *B : reversePostOrder(*G)) {
    Block &Out = M.Blocks[B->getBlockID()];
    for (const CFGElement &E : *B)
      element(E, Out);
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      Out.Succs.push_back(S.getReachableBlock() ? S.getReachableBlock()->getBlockID()
                                                : Block::NoSucc);
    if (B->hasNoReturnElement())
      Out.NoReturn = true;
    if (Out.Succs.size() == 2)
      if (auto *C = dyn_cast_or_null<Expr>(B->getTerminatorCondition())) {
        Out.Cond = condition(C);
        const Stmt *T = B->getTerminatorStmt();
        if (Out.Cond && !Out.Cond->Owns && SharedSlots.count(Out.Cond->Slot) && T &&
            (isa<WhileStmt>(T) || isa<DoStmt>(T) || isa<ForStmt>(T)))
          Out.Cond->Shared = true;
      }
  }
  for (const ParmVarDecl *P : FD->parameters()) {
    auto It = VarSlots.find(P);
    M.ParamSlots.push_back(It == VarSlots.end() ? -1 : It->second);
  }
  for (const VarDecl *V : Paths.changed())
    M.Changed.push_back(intern(V->getName()));
  return std::move(M);
}

void FunctionExtractor::element(const CFGElement &E, Block &Out) {
  if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
    return statement(S->getStmt(), Out);
  if (std::optional<CFGAutomaticObjDtor> D = E.getAs<CFGAutomaticObjDtor>())
    return destroy(D->getVarDecl(), D->getTriggerStmt(), Out);
  if (std::optional<CFGTemporaryDtor> T = E.getAs<CFGTemporaryDtor>()) {
    const CXXBindTemporaryExpr *B = T->getBindTemporaryExpr();
    int Slot = guardSlot(B->getSubExpr()->IgnoreParenImpCasts());
    if (Slot >= 0) {
      Event Ev = event(EventKind::ReleaseOwned, B->getEndLoc());
      Ev.Owner = Slot;
      Out.Events.push_back(std::move(Ev));
    }
    return;
  }
  if (std::optional<CFGCleanupFunction> C = E.getAs<CFGCleanupFunction>()) {
    const FunctionDecl *F = C->getFunctionDecl();
    const VarDecl *V = C->getVarDecl();
    if (!F || !F->getNumParams())
      return;
    // cleanup(fn) calls fn(&var) when var goes out of scope.
    LockPath Var = LockPath::local(V->getName(), Paths.function());
    llvm::SmallVector<ValueRef, 2> Args{ValueRef::addressOf(Var)};
    // The variable holds a pointer set once: *var is what it points to.
    if (const Expr *Init = V->getInit(); Init && V->getType()->isPointerType())
      if (std::optional<LockPath> Target = pointee(Paths.value(Init)))
        M.Aliases.push_back({Var.deref(), *Target});
    userCall(nullptr, F, Args, {}, Out);
    if (!Out.Events.empty())
      Out.Events.back().Where = Locs.at(V->getLocation());
  }
}

void FunctionExtractor::statement(const Stmt *S, Block &Out) {
  if (auto *CE = dyn_cast<CallExpr>(S))
    return call(CE, Out);
  if (auto *CE = dyn_cast<CXXConstructExpr>(S))
    return construct(CE, Out);
  if (isa<CXXThrowExpr>(S)) {
    Out.NoReturn = true; // exception paths are not followed
    return;
  }
  if (auto *R = dyn_cast<ReturnStmt>(S))
    return returnValue(R, Out);
  if (auto *D = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Dc : D->decls())
      if (auto *V = dyn_cast<VarDecl>(Dc); V && V->getInit()) {
        int Slot = varSlot(V);
        if (Slot >= 0)
          assign(Slot, V->getInit(), V->getInit(), Out);
        threadFromCall(V, V->getInit(), Out);
      }
    return;
  }
  if (auto *B = dyn_cast<BinaryOperator>(S); B && B->getOpcode() == BO_Assign)
    threadFromCall(B->getLHS(), B->getRHS(), Out);
  if (auto *B = dyn_cast<BinaryOperator>(S); B && isAssignment(B->getOpcode())) {
    if (const VarDecl *V = localVar(B->getLHS())) {
      int Slot = varSlot(V);
      if (Slot >= 0)
        assign(Slot, B->getOpcode() == BO_Assign ? B->getRHS() : nullptr, B, Out);
    } else {
      int Slot = valueSlot(B->getLHS()->IgnoreParenImpCasts());
      if (Slot >= 0)
        assign(Slot, B->getOpcode() == BO_Assign ? B->getRHS() : nullptr, B, Out);
    }
    return;
  }
  if (auto *U = dyn_cast<UnaryOperator>(S); U && U->isIncrementDecrementOp())
    if (const VarDecl *V = localVar(U->getSubExpr())) {
      int Slot = varSlot(V);
      if (Slot >= 0)
        assign(Slot, nullptr, U, Out);
    }
}

// A constant the expression always has, or a non-null pointer.
std::optional<Constraint> constantOf(const Expr *E, ASTContext &Ctx) {
  E = core(E);
  if (E->isValueDependent())
    return std::nullopt;
  if (E->getType()->isPointerType() || E->getType()->isNullPtrType()) {
    if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return Constraint::equal(0);
    if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      return Constraint::notEqual(0);
    if (isa<StringLiteral>(E) || isa<CXXNewExpr>(E))
      return Constraint::notEqual(0);
    return std::nullopt;
  }
  Expr::EvalResult R;
  if (E->getType()->isIntegralOrEnumerationType() && E->EvaluateAsInt(R, Ctx))
    return Constraint::equal(R.Val.getInt().getExtValue());
  return std::nullopt;
}

namespace {

CmpOp swapSides(CmpOp Op) {
  switch (Op) {
  case CmpOp::LT: return CmpOp::GT;
  case CmpOp::GT: return CmpOp::LT;
  case CmpOp::LE: return CmpOp::GE;
  case CmpOp::GE: return CmpOp::LE;
  default: return Op;
  }
}

std::optional<CmpOp> cmpOf(BinaryOperatorKind K) {
  switch (K) {
  case BO_EQ: return CmpOp::EQ;
  case BO_NE: return CmpOp::NE;
  case BO_LT: return CmpOp::LT;
  case BO_LE: return CmpOp::LE;
  case BO_GT: return CmpOp::GT;
  case BO_GE: return CmpOp::GE;
  default: return std::nullopt;
  }
}

} // namespace

void FunctionExtractor::assign(int Slot, const Expr *From, const Expr *At,
                               Block &Out) {
  Event Ev = event(EventKind::Assign, At->getExprLoc());
  Ev.Slot = Slot;
  if (From) {
    if (std::optional<Constraint> C = constantOf(From, Ctx)) {
      Ev.Value = *C;
    } else {
      const Expr *V = core(From);
      for (auto *B = dyn_cast<BinaryOperator>(V); B && B->getOpcode() == BO_Assign;
           B = dyn_cast<BinaryOperator>(V))
        V = core(B->getRHS());
      Ev.Source = valueSlot(V);
    }
  }
  Out.Events.push_back(std::move(Ev));
}

namespace {

// The function a start-routine argument names (`fn`, `&fn`), if any.
const FunctionDecl *routineOf(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenCasts();
  auto *R = dyn_cast<DeclRefExpr>(E);
  return R ? dyn_cast<FunctionDecl>(R->getDecl()) : nullptr;
}

const FunctionDecl *threadRoutine(const Expr *Init) {
  auto *C = dyn_cast<CallExpr>(core(Init));
  if (!C)
    return nullptr;
  auto *T = C->getType()->getAs<TypedefType>();
  if (!T || T->getDecl()->getName() != "pthread_t")
    return nullptr;
  for (const Expr *A : C->arguments())
    if (const FunctionDecl *F = routineOf(A))
      return F;
  return nullptr;
}

} // namespace

void FunctionExtractor::threadFromCall(const Expr *Target, const Expr *Init, Block &Out) {
  if (const FunctionDecl *F = threadRoutine(Init)) {
    Event Ev = event(EventKind::ThreadStart, Target->getExprLoc());
    Ev.Locks = {Paths.lvalue(Target)};
    Ev.Callee = intern(usrOf(F));
    Ev.CalleeName = intern(functionName(F));
    Out.Events.push_back(std::move(Ev));
  }
}

void FunctionExtractor::threadFromCall(const VarDecl *Target, const Expr *Init, Block &Out) {
  if (const FunctionDecl *F = threadRoutine(Init)) {
    Event Ev = event(EventKind::ThreadStart, Target->getLocation());
    Ev.Locks = {Paths.variable(Target)};
    Ev.Callee = intern(usrOf(F));
    Ev.CalleeName = intern(functionName(F));
    Out.Events.push_back(std::move(Ev));
  }
}

void FunctionExtractor::returnValue(const ReturnStmt *R, Block &Out) {
  Event Ev = event(EventKind::Return, R->getReturnLoc());
  if (const Expr *V = R->getRetValue()) {
    int Guard = -1;
    if (auto *CE = constructorOf(V); CE && CE->getNumArgs() == 1)
      Guard = guardOf(CE->getArg(0));
    else
      Guard = guardOf(V);
    if (Guard >= 0) { // a guard returned by value: its locks leave with it
      Event D = event(EventKind::Disown, R->getReturnLoc());
      D.Owner = Guard;
      Out.Events.push_back(std::move(D));
    }
    if (std::optional<Constraint> C = constantOf(V, Ctx)) {
      Ev.Value = *C;
    } else {
      Ev.Slot = valueSlot(testedValue(V, Ctx));
    }
  }
  Out.Events.push_back(std::move(Ev));
}

std::optional<Condition> FunctionExtractor::condition(const Expr *Cond) {
  bool Negated = false;
  CmpOp Op = CmpOp::NE;
  int64_t Value = 0;
  const Expr *E = core(Cond);
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = core(U->getSubExpr());
      continue;
    }
    if (auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->isLogicalOp() || B->getOpcode() == BO_Comma || B->getOpcode() == BO_Assign) {
        E = core(B->getRHS());
        continue;
      }
      if (std::optional<CmpOp> C = cmpOf(B->getOpcode())) {
        std::optional<Constraint> L = constantOf(B->getLHS(), Ctx);
        std::optional<Constraint> R = constantOf(B->getRHS(), Ctx);
        if (R && R->Equal) {
          Op = *C, Value = R->Value, E = core(B->getLHS());
        } else if (L && L->Equal) {
          Op = swapSides(*C), Value = L->Value, E = core(B->getRHS());
        } else {
          return std::nullopt;
        }
        for (auto *A = dyn_cast<BinaryOperator>(E); A && A->getOpcode() == BO_Assign;
             A = dyn_cast<BinaryOperator>(E))
          E = core(A->getRHS());
        break;
      }
    }
    if (auto *C = dyn_cast<CallExpr>(E))
      if (C->getBuiltinCallee() == Builtin::BI__builtin_expect && C->getNumArgs()) {
        E = core(C->getArg(0));
        continue;
      }
    break;
  }
  Condition Out;
  Out.Op = Negated ? negate(Op) : Op;
  Out.Value = Value;
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = MC->getMethodDecl();
    int Guard = guardOf(MC->getImplicitObjectArgument());
    if (Guard >= 0 && Method &&
        (isa<CXXConversionDecl>(Method) || Method->getName() == "owns_lock")) {
      Out.Owns = true;
      Out.Slot = Guard;
      return Out;
    }
  }
  Out.Slot = valueSlot(E);
  if (Out.Slot < 0)
    return std::nullopt;
  return Out;
}

} // namespace tangle::lint
