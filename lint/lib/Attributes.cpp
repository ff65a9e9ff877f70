//===- Attributes.cpp - Clang's thread-safety attributes as lock paths -----===//
//
// ACQUIRE(x) / RELEASE(x) / TRY_ACQUIRE(v, x) / REQUIRES(x), with their
// shared forms and the older spellings (exclusive_lock_function,
// unlock_function, exclusive_trylock_function, exclusive_locks_required),
// name capabilities by expressions of the function's parameters or
// members. A pointer names its pointee; no argument on a method names the
// object itself. ThreadSafety.cpp reads a trylock's success value as a
// truth value, and so does this file.
//
//===----------------------------------------------------------------------===//
#include "Extractor.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace tangle::lint {
namespace {

template <typename Range>
void addCapabilities(std::vector<LockPath> &Out, Range Args, const FunctionDecl *F,
                     const PathBuilder &Paths) {
  bool Any = false;
  for (const Expr *E : Args) {
    Any = true;
    const Expr *S = E->IgnoreParenImpCasts();
    if (isa<StringLiteral>(S)) // a capability by name only: nothing to follow
      continue;
    if (auto *U = dyn_cast<UnaryOperator>(S); U && U->getOpcode() == UO_LNot)
      continue; // a negative capability
    Out.push_back(Paths.object(E));
  }
  auto *M = dyn_cast<CXXMethodDecl>(F);
  if (!Any && M && !M->isStatic())
    Out.push_back(LockPath::thisPointer(Paths.function()).deref());
}

Constraint successOf(const Expr *E, const ASTContext &Ctx) {
  bool Truth = true;
  if (E && !E->isValueDependent() && E->EvaluateAsBooleanCondition(Truth, Ctx))
    return Truth ? Constraint::notEqual(0) : Constraint::equal(0);
  return Constraint::notEqual(0);
}

} // namespace

Annotations annotationsOf(const FunctionDecl *F, const PathBuilder &Paths) {
  Annotations A;
  if (!F->hasAttrs())
    return A;
  const ASTContext &Ctx = F->getASTContext();
  for (const Attr *At : F->attrs()) {
    if (auto *X = dyn_cast<AcquireCapabilityAttr>(At)) {
      addCapabilities(X->isShared() ? A.AcquiresShared : A.Acquires, X->args(), F, Paths);
    } else if (auto *X = dyn_cast<ReleaseCapabilityAttr>(At)) {
      addCapabilities(A.Releases, X->args(), F, Paths);
      A.ReleasesGeneric |= X->isGeneric();
    } else if (auto *X = dyn_cast<TryAcquireCapabilityAttr>(At)) {
      addCapabilities(A.TryAcquires, X->args(), F, Paths);
      A.TryShared = X->isShared();
      A.TrySuccess = successOf(X->getSuccessValue(), Ctx);
    } else if (auto *X = dyn_cast<ExclusiveTrylockFunctionAttr>(At)) {
      addCapabilities(A.TryAcquires, X->args(), F, Paths);
      A.TrySuccess = successOf(X->getSuccessValue(), Ctx);
    } else if (auto *X = dyn_cast<SharedTrylockFunctionAttr>(At)) {
      addCapabilities(A.TryAcquires, X->args(), F, Paths);
      A.TryShared = true;
      A.TrySuccess = successOf(X->getSuccessValue(), Ctx);
    } else if (auto *X = dyn_cast<RequiresCapabilityAttr>(At)) {
      addCapabilities(X->isShared() ? A.RequiresShared : A.Requires, X->args(), F, Paths);
    }
  }
  return A;
}

} // namespace tangle::lint
