//===- Model.cpp - printing models, comparing constraints -------------------===//
#include "tangle/lint/Model.h"

#include "llvm/Support/raw_ostream.h"

namespace tangle::lint {

bool Constraint::compatible(const Constraint &O) const {
  if (!Known || !O.Known)
    return true;
  if (Equal && O.Equal)
    return Value == O.Value;
  if (Equal)
    return Value != O.Value;
  if (O.Equal)
    return O.Value != Value;
  return true;
}

CmpOp negate(CmpOp Op) {
  switch (Op) {
  case CmpOp::EQ: return CmpOp::NE;
  case CmpOp::NE: return CmpOp::EQ;
  case CmpOp::LT: return CmpOp::GE;
  case CmpOp::GE: return CmpOp::LT;
  case CmpOp::LE: return CmpOp::GT;
  case CmpOp::GT: return CmpOp::LE;
  }
  return Op;
}

namespace {

const char *kindName(EventKind K) {
  switch (K) {
  case EventKind::Acquire: return "acquire";
  case EventKind::Release: return "release";
  case EventKind::ReleaseOwned: return "release-owned";
  case EventKind::Adopt: return "adopt";
  case EventKind::Disown: return "disown";
  case EventKind::Transfer: return "transfer";
  case EventKind::Wait: return "wait";
  case EventKind::Notify: return "notify";
  case EventKind::Call: return "call";
  case EventKind::Assign: return "assign";
  case EventKind::Return: return "return";
  case EventKind::Init: return "init";
  case EventKind::ThreadStart: return "thread-start";
  case EventKind::ThreadExit: return "thread-exit";
  }
  return "?";
}

void printConstraint(llvm::raw_ostream &OS, const Constraint &C) {
  if (C.Known)
    OS << (C.Equal ? "==" : "!=") << C.Value;
  else
    OS << "?";
}

void printValue(llvm::raw_ostream &OS, const ValueRef &V) {
  switch (V.K) {
  case ValueRef::Unknown: OS << "?"; break;
  case ValueRef::AddressOf: OS << "&" << V.Path.text(); break;
  case ValueRef::Load: OS << V.Path.text(); break;
  case ValueRef::Copy: OS << "copy of " << V.Path.text(); break;
  }
}

const char *opName(CmpOp Op) {
  switch (Op) {
  case CmpOp::EQ: return "==";
  case CmpOp::NE: return "!=";
  case CmpOp::LT: return "<";
  case CmpOp::LE: return "<=";
  case CmpOp::GT: return ">";
  case CmpOp::GE: return ">=";
  }
  return "?";
}

} // namespace

void printEvent(llvm::raw_ostream &OS, const Event &E) {
  OS << kindName(E.Kind);
  if (E.Flags & EvShared) OS << " shared";
  if (E.Flags & EvTry) OS << " try";
  if (E.Flags & EvSet) OS << " set";
  if (E.Flags & EvCanFail) OS << " can-fail";
  if (E.Flags & EvRecursive) OS << " recursive";
  for (const LockPath &P : E.Locks)
    OS << " [" << P.text() << " : " << P.lockClass() << "]";
  if (E.Owner >= 0) OS << " owner=" << E.Owner;
  if (E.Slot >= 0) OS << " slot=" << E.Slot;
  if (E.Source >= 0) OS << " from=" << E.Source;
  if (E.Success.Known) { OS << " success"; printConstraint(OS, E.Success); }
  if (E.Value.Known) { OS << " value"; printConstraint(OS, E.Value); }
  if (!E.CalleeName.empty()) {
    OS << " " << E.CalleeName << "(";
    for (size_t I = 0; I < E.Args.size(); ++I) {
      OS << (I ? ", " : "");
      printValue(OS, E.Args[I]);
    }
    OS << ")";
    if (E.This.K != ValueRef::Unknown) { OS << " this="; printValue(OS, E.This); }
    for (size_t I = 0; I < E.ArgValues.size(); ++I) {
      if (E.ArgValues[I].Known) { OS << " arg" << I; printConstraint(OS, E.ArgValues[I]); }
      if (E.ArgParams[I] >= 0) OS << " arg" << I << "=param" << int(E.ArgParams[I]);
      if (E.ArgSlots[I] >= 0) OS << " arg" << I << "=slot" << E.ArgSlots[I];
    }
  }
  OS << " @" << E.Where.Line << ":" << E.Where.Column;
}

void printModel(llvm::raw_ostream &OS, const FunctionModel &M) {
  OS << "function " << M.Name << " (" << M.Id << ") at " << M.Where.File << ":"
     << M.Where.Line << "\n";
  if (M.SetTypeParam >= 0) OS << "  sets the mutex type of parameter " << M.SetTypeParam << "\n";
  for (const LockPath &P : M.Attrs.Acquires) OS << "  acquires " << P.text() << "\n";
  for (const LockPath &P : M.Attrs.Releases) OS << "  releases " << P.text() << "\n";
  for (const LockPath &P : M.Attrs.Requires) OS << "  requires " << P.text() << "\n";
  for (const LockPath &P : M.Attrs.TryAcquires) OS << "  try-acquires " << P.text() << "\n";
  for (unsigned I = 0; I < M.Blocks.size(); ++I) {
    const Block &B = M.Blocks[I];
    OS << "  B" << I << (I == M.Entry ? " (entry)" : I == M.Exit ? " (exit)" : "")
       << (B.NoReturn ? " noreturn" : "") << " ->";
    for (unsigned S : B.Succs)
      OS << " " << (S == Block::NoSucc ? std::string("-") : "B" + std::to_string(S));
    if (B.Cond) {
      OS << " if " << (B.Cond->Owns ? "owns " : "slot ") << B.Cond->Slot;
      if (!B.Cond->Owns)
        OS << " " << opName(B.Cond->Op) << " " << B.Cond->Value;
    }
    OS << "\n";
    for (const Event &E : B.Events) {
      OS << "    ";
      printEvent(OS, E);
      OS << "\n";
    }
  }
}

} // namespace tangle::lint
