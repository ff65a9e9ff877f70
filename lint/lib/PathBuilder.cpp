//===- PathBuilder.cpp - lock paths of clang expressions ------------------===//
#include "PathBuilder.h"

#include "tangle/lint/Strings.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace tangle::lint {
namespace {

constexpr unsigned MaxDepth = 8;
constexpr size_t MaxTextLength = 60;

std::string withoutAnonymousNamespaces(std::string Name) {
  static const std::string Anon = "(anonymous namespace)::";
  for (size_t At; (At = Name.find(Anon)) != std::string::npos;)
    Name.erase(At, Anon.size());
  return Name;
}

// The pointer conversions that keep the address (or its meaning for us).
bool keepsAddress(CastKind K) {
  switch (K) {
  case CK_NoOp:
  case CK_BitCast:
  case CK_LValueBitCast:
  case CK_DerivedToBase:
  case CK_UncheckedDerivedToBase:
  case CK_BaseToDerived:
  case CK_AddressSpaceConversion:
  case CK_AtomicToNonAtomic:
  case CK_NonAtomicToAtomic:
    return true;
  default:
    return false;
  }
}

const Expr *skipWrappers(const Expr *E) { return withoutTemporaries(E, false); }

} // namespace

const Expr *withoutTemporaries(const Expr *E, bool Casts) {
  for (;;) {
    E = Casts ? E->IgnoreParenImpCasts() : E->IgnoreParens();
    if (auto *W = dyn_cast<ExprWithCleanups>(E))
      E = W->getSubExpr();
    else if (auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (auto *F = dyn_cast<CXXFunctionalCastExpr>(E); F && Casts)
      E = F->getSubExpr();
    else
      return E;
  }
}

std::string functionName(const FunctionDecl *FD) {
  if (auto *M = dyn_cast<CXXMethodDecl>(FD); M && M->getParent()->isLambda()) {
    const DeclContext *DC = M->getParent()->getDeclContext();
    while (DC && !isa<FunctionDecl>(DC))
      DC = DC->getParent();
    if (auto *Outer = dyn_cast_or_null<FunctionDecl>(DC))
      return "lambda in " + Outer->getNameAsString();
    return "lambda";
  }
  return withoutAnonymousNamespaces(FD->getQualifiedNameAsString());
}

std::string recordName(const RecordDecl *RD) {
  for (unsigned I = 0; RD && I < MaxDepth; ++I) {
    if (auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      return withoutAnonymousNamespaces(
          S->getSpecializedTemplate()->getQualifiedNameAsString());
    if (RD->getIdentifier())
      return withoutAnonymousNamespaces(RD->getQualifiedNameAsString());
    if (const TypedefNameDecl *T = RD->getTypedefNameForAnonDecl())
      return withoutAnonymousNamespaces(T->getQualifiedNameAsString());
    RD = dyn_cast<RecordDecl>(RD->getDeclContext()); // a member of an anonymous struct
  }
  return "(anonymous)";
}

std::string templateName(const CXXRecordDecl *RD) {
  if (!RD)
    return "";
  if (auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return S->getSpecializedTemplate()->getQualifiedNameAsString();
  return RD->getQualifiedNameAsString();
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    if (auto *ND = dyn_cast<NamedDecl>(D))
      return "name:" + ND->getQualifiedNameAsString();
  return std::string(Buf);
}

PathBuilder::PathBuilder(ASTContext &Ctx, const FunctionDecl *FD,
                         llvm::StringRef FunctionName)
    : Ctx(Ctx), FD(FD), Function(intern(FunctionName)) {}

std::string PathBuilder::text(const Expr *E) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange R = E->getSourceRange();
  CharSourceRange Range;
  SourceLocation B = SM.getSpellingLoc(R.getBegin()), End = SM.getSpellingLoc(R.getEnd());
  if (SM.getFileID(B) == SM.getFileID(End) && !SM.isBeforeInTranslationUnit(End, B))
    Range = CharSourceRange::getTokenRange(B, End);
  else
    Range = SM.getExpansionRange(R);
  llvm::StringRef Raw = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  std::string Out;
  for (char C : Raw) {
    bool Space = C == ' ' || C == '\t' || C == '\n' || C == '\r';
    if (Space && (Out.empty() || Out.back() == ' '))
      continue;
    Out += Space ? ' ' : C;
  }
  while (!Out.empty() && Out.back() == ' ')
    Out.pop_back();
  if (Out.size() > MaxTextLength)
    Out = Out.substr(0, MaxTextLength - 3) + "...";
  return Out.empty() ? "<expression>" : Out;
}

LockPath PathBuilder::opaque(const Expr *E) const {
  return LockPath::opaque(text(E), Function);
}

std::optional<LockPath> PathBuilder::declPath(const ValueDecl *D,
                                              unsigned Depth) const {
  if (auto *F = dyn_cast<FieldDecl>(D)) // a member named in an attribute
    return LockPath::thisPointer(Function).deref().field(recordName(F->getParent()),
                                                         F->getName());
  auto *V = dyn_cast<VarDecl>(D);
  if (!V)
    return std::nullopt;
  if (V->hasGlobalStorage()) {
    if (V->isStaticLocal()) // one per function, named by it
      if (auto *Owner = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod()))
        return LockPath::global(V->getName(), functionName(Owner));
    std::string Unit; // a static global is its file's own
    if (!V->isExternallyVisible()) {
      const SourceManager &SM = Ctx.getSourceManager();
      Unit = llvm::sys::path::filename(
                 SM.getFilename(SM.getExpansionLoc(V->getLocation())))
                 .str();
    }
    return LockPath::global(withoutAnonymousNamespaces(V->getQualifiedNameAsString()),
                            Unit);
  }
  bool Reference = V->getType()->isReferenceType();
  if (auto *P = dyn_cast<ParmVarDecl>(V)) {
    auto *Owner = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
    if (Owner && FD && Owner->getCanonicalDecl() == FD->getCanonicalDecl()) {
      unsigned Index = P->getFunctionScopeIndex();
      // Redeclarations may name it differently: the definition's name wins.
      if (Index < FD->getNumParams())
        P = FD->getParamDecl(Index);
      std::string Name = P->getName().empty() ? "arg" + std::to_string(Index)
                                              : P->getName().str();
      LockPath Path = LockPath::param(Index, Name, Function);
      return Reference ? Path.throughReference() : Path;
    }
    // A parameter of an enclosing function, captured by a lambda.
    LockPath Path = LockPath::local(P->getName(), Function);
    return Reference ? Path.throughReference() : Path;
  }
  if (Reference) {
    if (V->getInit() && !Changed.count(V) && Depth < MaxDepth)
      return lvalue(V->getInit(), Depth + 1);
    return LockPath::local(V->getName(), Function).throughReference();
  }
  return LockPath::local(V->getName(), Function);
}

LockPath PathBuilder::memberPath(const MemberExpr *M, unsigned Depth) const {
  ValueDecl *D = M->getMemberDecl();
  if (auto *V = dyn_cast<VarDecl>(D)) // a static data member
    if (std::optional<LockPath> P = declPath(V, Depth))
      return *P;
  auto *F = dyn_cast<FieldDecl>(D);
  if (!F)
    return opaque(M);
  std::optional<LockPath> Base;
  if (M->isArrow())
    Base = pointee(value(M->getBase(), Depth + 1));
  else
    Base = lvalue(M->getBase(), Depth + 1);
  if (!Base)
    return opaque(M);
  if (F->getName().empty()) // an anonymous struct or union: no step of its own
    return *Base;
  return Base->field(recordName(F->getParent()), F->getName());
}

LockPath PathBuilder::lvalue(const Expr *E, unsigned Depth) const {
  if (Depth > MaxDepth)
    return opaque(E);
  E = skipWrappers(E);
  if (auto *C = dyn_cast<ImplicitCastExpr>(E); C && keepsAddress(C->getCastKind()))
    return lvalue(C->getSubExpr(), Depth + 1);
  if (auto *R = dyn_cast<DeclRefExpr>(E)) {
    if (std::optional<LockPath> P = declPath(R->getDecl(), Depth))
      return *P;
    return opaque(E);
  }
  if (auto *M = dyn_cast<MemberExpr>(E))
    return memberPath(M, Depth);
  if (auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Idx = A->getIdx();
    std::string IndexText;
    bool Constant = false;
    if (std::optional<llvm::APSInt> V = Idx->getIntegerConstantExpr(Ctx)) {
      IndexText = std::to_string(V->getExtValue());
      Constant = true;
    } else {
      IndexText = text(Idx);
    }
    const Expr *Base = A->getBase()->IgnoreParens();
    if (auto *Decay = dyn_cast<ImplicitCastExpr>(Base);
        Decay && Decay->getCastKind() == CK_ArrayToPointerDecay)
      return lvalue(Decay->getSubExpr(), Depth + 1).index(IndexText, Constant);
    if (std::optional<LockPath> P = pointee(value(Base, Depth + 1)))
      return P->index(IndexText, Constant);
    return opaque(E);
  }
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref) {
    if (std::optional<LockPath> P = pointee(value(U->getSubExpr(), Depth + 1)))
      return *P;
    return opaque(E);
  }
  return opaque(E);
}

ValueRef PathBuilder::value(const Expr *E, unsigned Depth) const {
  if (Depth > MaxDepth)
    return {};
  E = skipWrappers(E);
  if (auto *C = dyn_cast<CastExpr>(E)) {
    const Expr *Sub = C->getSubExpr();
    switch (C->getCastKind()) {
    case CK_LValueToRValue: {
      // A local pointer set once stands for its initial value.
      if (auto *R = dyn_cast<DeclRefExpr>(Sub->IgnoreParens()))
        if (auto *V = dyn_cast<VarDecl>(R->getDecl()))
          if (V->isLocalVarDecl() && !V->isStaticLocal() && V->getInit() &&
              !Changed.count(V) && V->getType()->isPointerType())
            if (ValueRef Init = value(V->getInit(), Depth + 1); Init.K != ValueRef::Unknown)
              return Init; // else: the pointer in the variable, whatever it is
      return ValueRef::load(lvalue(Sub, Depth + 1));
    }
    case CK_ArrayToPointerDecay:
      return ValueRef::addressOf(lvalue(Sub, Depth + 1).index("0", true));
    default:
      if (keepsAddress(C->getCastKind()))
        return value(Sub, Depth + 1);
      return {};
    }
  }
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return ValueRef::addressOf(lvalue(U->getSubExpr(), Depth + 1));
  if (auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_Comma)
    return value(B->getRHS(), Depth + 1); // OVS's CONST_CAST: (check, (T) p)
  if (isa<CXXThisExpr>(E))
    return ValueRef::load(LockPath::thisPointer(Function));
  // A pointer variable named without a load: how attribute arguments
  // (ACQUIRE(mutex)) refer to parameters.
  if (E->isGLValue() && E->getType()->isPointerType() &&
      (isa<DeclRefExpr>(E) || isa<MemberExpr>(E)))
    return ValueRef::load(lvalue(E, Depth + 1));
  return {};
}

LockPath PathBuilder::object(const Expr *E) const {
  const Expr *S = skipWrappers(E);
  if (S->getType()->isPointerType()) {
    if (std::optional<LockPath> P = pointee(value(S)))
      return *P;
    return opaque(S);
  }
  return lvalue(S);
}

ValueRef PathBuilder::argument(const Expr *E, QualType ParamType) const {
  if (ParamType->isReferenceType())
    return ValueRef::addressOf(lvalue(E));
  if (ParamType->isPointerType())
    return value(E);
  // An integer or a struct passed by value, as the source names it
  // (pthread_t thread; xpthread_join(thread, NULL)).
  const Expr *S = withoutTemporaries(E, /*Casts=*/true);
  if (isa<DeclRefExpr>(S) || isa<MemberExpr>(S) || isa<ArraySubscriptExpr>(S)) {
    LockPath P = lvalue(S);
    if (P.Root != RootKind::Opaque)
      return ValueRef::copy(std::move(P));
  }
  return {};
}

LockPath PathBuilder::variable(const VarDecl *V) const {
  if (std::optional<LockPath> P = declPath(V, 0))
    return *P;
  return LockPath::local(V->getName(), Function);
}

ValueRef PathBuilder::implicitObject(const Expr *Base, bool Arrow) const {
  return Arrow ? value(Base) : ValueRef::addressOf(lvalue(Base));
}

} // namespace tangle::lint
