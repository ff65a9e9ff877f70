//===- Unit.cpp - one translation unit into function models ---------------===//
//
// Walks the translation unit's declarations, skipping whole declarations
// that live in system headers (their functions are never modelled: the
// library's lock calls are recognised by name instead), and models every
// function with a body: free functions, methods, constructors and
// destructors, instances of templates, lambdas. A translation unit with
// errors is not modelled at all: its AST cannot be trusted.
//
// Also collected: the orders declared by ACQUIRED_BEFORE / ACQUIRED_AFTER,
// and globals initialised as recursive mutexes.
//
//===----------------------------------------------------------------------===//
#include "tangle/lint/Extract.h"

#include "Extractor.h"

#include "tangle/lint/Strings.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace tangle::lint {
namespace {

class UnitVisitor : public RecursiveASTVisitor<UnitVisitor> {
public:
  UnitVisitor(ASTContext &Ctx, FunctionClaims &Claims, UnitResult &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Locs(SM), Claims(Claims), Out(Out),
        Attrs(Ctx, nullptr, "") {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (auto *M = dyn_cast<CXXMethodDecl>(FD); M && M->getParent()->isLambda())
      return true; // VisitLambdaExpr
    model(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    model(L->getCallOperator());
    return true;
  }
  bool VisitFieldDecl(FieldDecl *F) {
    orders(F, LockPath::thisPointer("").deref().field(recordName(F->getParent()),
                                                      F->getName()));
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (!V->hasGlobalStorage())
      return true;
    LockPath Self = Attrs.variable(V);
    orders(V, Self);
    if (const Expr *Init = V->getInit()) {
      SourceLocation L = Init->getBeginLoc();
      if (L.isMacroID() && Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts())
                               .starts_with("PTHREAD_RECURSIVE_MUTEX_INITIALIZER"))
        Out.Facts.RecursiveLocks.push_back(Self);
    }
    return true;
  }

private:
  void model(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext() ||
        FD->isInvalidDecl() || FD->isDefaulted() || !FD->getBody())
      return;
    if (!Claims.claim(usrOf(FD)))
      return;
    FunctionExtractor X(Ctx, Locs, FD);
    if (std::optional<FunctionModel> M = X.run())
      Out.Functions.push_back(std::move(*M));
  }

  void orders(Decl *D, const LockPath &Self) {
    if (!D->hasAttrs())
      return;
    for (const Attr *A : D->attrs()) {
      bool Before = isa<AcquiredBeforeAttr>(A);
      if (!Before && !isa<AcquiredAfterAttr>(A))
        continue;
      auto Add = [&](Expr *E) {
        LockPath Other = Attrs.object(E);
        DeclaredOrder O{Before ? Self : Other, Before ? Other : Self,
                        Locs.at(A->getLocation()),
                        Before ? "ACQUIRED_BEFORE" : "ACQUIRED_AFTER",
                        intern(Self.lockClass())};
        Out.Facts.Orders.push_back(std::move(O));
      };
      if (auto *B = dyn_cast<AcquiredBeforeAttr>(A))
        for (Expr *E : B->args())
          Add(E);
      else
        for (Expr *E : cast<AcquiredAfterAttr>(A)->args())
          Add(E);
    }
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  Locations Locs;
  FunctionClaims &Claims;
  UnitResult &Out;
  PathBuilder Attrs; // for attribute arguments outside functions
};

class UnitConsumer : public ASTConsumer {
public:
  UnitConsumer(FunctionClaims &Claims, UnitResult &Out) : Claims(Claims), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    UnitVisitor(Ctx, Claims, Out).TraverseDecl(Ctx.getTranslationUnitDecl());
  }

private:
  FunctionClaims &Claims;
  UnitResult &Out;
};

class UnitAction : public ASTFrontendAction {
public:
  UnitAction(FunctionClaims &Claims, UnitResult &Out) : Claims(Claims), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<UnitConsumer>(Claims, Out);
  }

private:
  FunctionClaims &Claims;
  UnitResult &Out;
};

class UnitFactory : public tooling::FrontendActionFactory {
public:
  UnitFactory(FunctionClaims &Claims, UnitResult &Out) : Claims(Claims), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<UnitAction>(Claims, Out);
  }

private:
  FunctionClaims &Claims;
  UnitResult &Out;
};

} // namespace

std::unique_ptr<tooling::FrontendActionFactory>
extractionFactory(FunctionClaims &Claims, UnitResult &Out) {
  return std::make_unique<UnitFactory>(Claims, Out);
}

UnitResult extractFromCode(llvm::StringRef Code, llvm::StringRef FileName,
                           const std::vector<std::string> &Args) {
  UnitResult Out;
  Out.File = FileName.str();
  FunctionClaims Claims;
  tooling::runToolOnCodeWithArgs(std::make_unique<UnitAction>(Claims, Out), Code, Args,
                                 FileName);
  return Out;
}

} // namespace tangle::lint
