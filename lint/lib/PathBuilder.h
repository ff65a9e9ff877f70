//===- PathBuilder.h - lock paths of clang expressions ----------*- C++ -*-===//
//
// Turns the expressions of one function into LockPaths and ValueRefs
// (LockPath.h): `&s->mu` is the address of [s] deref .S::mu, `m` (a pointer
// parameter) is the value loaded from [param m]. A local pointer that is
// set once and never changed stands for its initial value, so
// `pthread_mutex_t *m = &t->lock; pthread_mutex_lock(m);` locks t->lock.
// Anything else is an opaque path named by its source text.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_PATHBUILDER_H
#define TANGLE_LINT_PATHBUILDER_H

#include "tangle/lint/LockPath.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace tangle::lint {

// `E` without parentheses and the wrappers of temporaries (cleanups,
// materialisation, binding); with Casts, also without implicit and
// functional casts.
const clang::Expr *withoutTemporaries(const clang::Expr *E, bool Casts);

// "Registry::add", "lambda in main", "helper": how reports name a function
// (the run time's names: analyzer sites come from DISubprogram names).
std::string functionName(const clang::FunctionDecl *FD);
// The qualified name of a record without template arguments; a typedef
// names an anonymous struct.
std::string recordName(const clang::RecordDecl *RD);
// The qualified name of a C++ class template a record instantiates, or of
// the record itself ("std::unique_lock").
std::string templateName(const clang::CXXRecordDecl *RD);
// The USR of a declaration (the same in every translation unit).
std::string usrOf(const clang::Decl *D);

class PathBuilder {
public:
  PathBuilder(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
              llvm::StringRef FunctionName);

  // Locals whose value changes after their initialisation, or whose
  // address escapes: they do not stand for their initial value.
  void markChanged(const clang::VarDecl *V) { Changed.insert(V); }
  const llvm::DenseSet<const clang::VarDecl *> &changed() const { return Changed; }

  // The object an lvalue expression designates.
  LockPath lvalue(const clang::Expr *E, unsigned Depth = 0) const;
  // A pointer rvalue.
  ValueRef value(const clang::Expr *E, unsigned Depth = 0) const;
  // The lock object an argument denotes: the pointee of a pointer, the
  // object itself for a reference or an lvalue.
  LockPath object(const clang::Expr *E) const;
  // What a call passes for a parameter of type `ParamType` (pointer or
  // reference: a ValueRef; anything else: Unknown).
  ValueRef argument(const clang::Expr *E, clang::QualType ParamType) const;
  // The object a variable is (a reference: the object it refers to).
  LockPath variable(const clang::VarDecl *V) const;
  // The implicit object of a member call, as a pointer value.
  ValueRef implicitObject(const clang::Expr *Base, bool Arrow) const;

  // The source text of `E`, on one line, cut short.
  std::string text(const clang::Expr *E) const;
  llvm::StringRef function() const { return Function; }

private:
  std::optional<LockPath> declPath(const clang::ValueDecl *D, unsigned Depth) const;
  LockPath memberPath(const clang::MemberExpr *M, unsigned Depth) const;
  LockPath opaque(const clang::Expr *E) const;

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *FD;
  llvm::StringRef Function;
  llvm::DenseSet<const clang::VarDecl *> Changed;
};

} // namespace tangle::lint

#endif
