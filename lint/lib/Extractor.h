//===- Extractor.h - one function's CFG into a model ------------*- C++ -*-===//
//
// Builds clang's CFG of a function (implicit destructors included, so a
// lock_guard's release happens at each exit of its scope), then keeps, per
// block, the events of Model.h in evaluation order and the condition its
// branch tests. Private to lib/: Unit.cpp drives it, ExtractCalls.cpp
// holds the part that recognises calls.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_EXTRACTOR_H
#define TANGLE_LINT_EXTRACTOR_H

#include "PathBuilder.h"

#include "tangle/lint/LockCalls.h"
#include "tangle/lint/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <optional>

namespace tangle::lint {

// Where in the source a location is, with the file made absolute (cached
// per file of the translation unit).
class Locations {
public:
  explicit Locations(const clang::SourceManager &SM) : SM(SM) {}
  SourceLoc at(clang::SourceLocation L);

private:
  const clang::SourceManager &SM;
  llvm::DenseMap<unsigned, llvm::StringRef> Files; // by FileID
};

// Thread-safety attributes of `F`, as paths of its own parameters.
Annotations annotationsOf(const clang::FunctionDecl *F, const PathBuilder &Paths);

class FunctionExtractor {
public:
  FunctionExtractor(clang::ASTContext &Ctx, Locations &Locs,
                    const clang::FunctionDecl *FD);
  // The model, or nullopt when the function makes no call that matters.
  std::optional<FunctionModel> run();

private:
  friend class Prescan;
  // Prescan.
  bool prescan();
  void noteTested(const clang::Expr *E);
  // The CFG walk.
  void element(const clang::CFGElement &E, Block &Out);
  void statement(const clang::Stmt *S, Block &Out);
  std::optional<Condition> condition(const clang::Expr *Cond);
  void assign(int Slot, const clang::Expr *From, const clang::Expr *At, Block &Out);
  void returnValue(const clang::ReturnStmt *R, Block &Out);
  // `t = ovs_thread_create("name", fn, arg)`: a call that returns a
  // pthread_t and is given a function starts a thread running it.
  void threadFromCall(const clang::Expr *Target, const clang::Expr *Init, Block &Out);
  void threadFromCall(const clang::VarDecl *Target, const clang::Expr *Init, Block &Out);
  // Calls (ExtractCalls.cpp).
  void call(const clang::CallExpr *CE, Block &Out);
  bool libraryCall(const clang::CallExpr *CE, const LockCall &Row, Block &Out);
  bool annotatedCall(const clang::CallExpr *CE, const clang::FunctionDecl *Callee,
                     llvm::ArrayRef<ValueRef> Args, const ValueRef &This, Block &Out);
  bool guardMethod(const clang::CXXMemberCallExpr *MC, Block &Out);
  void construct(const clang::CXXConstructExpr *CE, Block &Out);
  void guardConstruct(const clang::CXXConstructExpr *CE, GuardKind Kind, Block &Out);
  void destroy(const clang::VarDecl *V, const clang::Stmt *Trigger, Block &Out);
  void userCall(const clang::Expr *At, const clang::FunctionDecl *Callee,
                llvm::SmallVector<ValueRef, 2> Args, ValueRef This, Block &Out,
                llvm::ArrayRef<const clang::Expr *> ArgExprs = {});
  llvm::SmallVector<ValueRef, 2> arguments(const clang::FunctionDecl *Callee,
                                           llvm::ArrayRef<const clang::Expr *> Args);
  // Helpers.
  Event event(EventKind K, clang::SourceLocation At);
  int varSlot(const clang::VarDecl *V);
  int resultSlot(const clang::Expr *E);
  // The slot of a tested member expression (aux->mutex), by its path.
  int memberSlot(const clang::Expr *E);
  // The slot of whatever value `E` is: a variable, a member, a call result.
  int valueSlot(const clang::Expr *E);
  int guardSlot(const void *Key) const;
  int guardOf(const clang::Expr *E) const; // the guard variable an expression names
  bool inSystemHeader(const clang::Decl *D) const;

  clang::ASTContext &Ctx;
  Locations &Locs;
  const clang::FunctionDecl *FD;
  std::string Name;
  PathBuilder Paths;
  FunctionModel M;
  // Value slots: variables whose value decides a branch or is returned,
  // call results used so, and guards (lock_guard, unique_lock...).
  llvm::DenseSet<const clang::VarDecl *> TestedVars;
  llvm::DenseSet<const clang::Expr *> TestedCalls;
  llvm::DenseMap<const clang::VarDecl *, int> VarSlots;
  llvm::DenseMap<const clang::Expr *, int> ExprSlots;
  llvm::StringSet<> TestedMembers;
  llvm::DenseSet<int> SharedSlots; // of globals and members
  llvm::StringMap<int> MemberSlots;
  llvm::DenseMap<const void *, int> GuardSlots; // guard VarDecl or temporary
  llvm::DenseMap<int, llvm::SmallVector<LockPath, 1>> GuardLocks;
  llvm::DenseMap<int, uint16_t> GuardFlags;
  llvm::DenseMap<const clang::Expr *, const clang::VarDecl *> Initialises;
  bool SetsRecursiveType = false;
};

// `E` without parentheses, implicit casts and temporaries' wrappers.
const clang::Expr *core(const clang::Expr *E);
// The constructor call that initialises a variable, if its initialiser is one.
const clang::CXXConstructExpr *constructorOf(const clang::Expr *Init);
// The key of the lock-call table for a callee ("std::mutex::lock").
std::string callKey(const clang::FunctionDecl *F);

} // namespace tangle::lint

#endif
