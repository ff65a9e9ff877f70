//===- LockPath.cpp - symbolic lock expressions and their classes ---------===//
#include "tangle/lint/LockPath.h"

#include "tangle/lint/Strings.h"

#include <tuple>

namespace tangle::lint {

namespace {

LockPath make(RootKind Root, llvm::StringRef Name, llvm::StringRef Function,
              unsigned Param = 0) {
  LockPath P;
  P.Root = Root;
  P.Param = Param;
  P.RootName = intern(Name);
  P.Function = intern(Function);
  return P;
}

} // namespace

LockPath LockPath::global(llvm::StringRef Name, llvm::StringRef Unit) {
  LockPath P = make(RootKind::Global, Name, "");
  P.Unit = intern(Unit);
  return P;
}

LockPath LockPath::param(unsigned Index, llvm::StringRef Name,
                         llvm::StringRef Function) {
  return make(RootKind::Param, Name, Function, Index);
}

LockPath LockPath::thisPointer(llvm::StringRef Function) {
  return make(RootKind::This, "this", Function);
}

LockPath LockPath::local(llvm::StringRef Name, llvm::StringRef Function) {
  return make(RootKind::Local, Name, Function);
}

LockPath LockPath::opaque(llvm::StringRef Text, llvm::StringRef Function) {
  return make(RootKind::Opaque, Text, Function);
}

LockPath LockPath::deref() const {
  LockPath P = *this;
  P.Steps.push_back({PathStep::Deref, false, "", ""});
  return P;
}

LockPath LockPath::throughReference() const {
  LockPath P = *this;
  P.Steps.push_back({PathStep::Deref, true, "", ""});
  return P;
}

LockPath LockPath::field(llvm::StringRef Record, llvm::StringRef Name) const {
  LockPath P = *this;
  P.Steps.push_back({PathStep::Field, false, intern(Record), intern(Name)});
  return P;
}

LockPath LockPath::index(llvm::StringRef Text, bool Constant) const {
  LockPath P = *this;
  P.Steps.push_back({PathStep::Index, Constant, "", intern(Text)});
  return P;
}

namespace {

// Text usable before "->" or "[": a dereference needs parentheses.
std::string pointerText(const std::string &T) {
  return !T.empty() && T[0] == '*' ? "(" + T + ")" : T;
}

// Renders the steps; `Hash` writes variable indexes as '#'.
std::string render(const LockPath &P, bool Hash) {
  std::string Text = P.RootName.str();
  bool Pending = false; // a dereference not yet written
  for (const PathStep &S : P.Steps) {
    switch (S.K) {
    case PathStep::Deref:
      if (S.Constant) // a reference reads as the object itself
        break;
      if (Pending)
        Text = "*" + pointerText(Text);
      Pending = true;
      break;
    case PathStep::Field:
      Text = Pending ? pointerText(Text) + "->" + S.Name.str()
                     : Text + "." + S.Name.str();
      Pending = false;
      break;
    case PathStep::Index: {
      std::string Index = Hash && !S.Constant ? "#" : S.Name.str();
      Text = (Pending ? pointerText(Text) : Text) + "[" + Index + "]";
      Pending = false;
      break;
    }
    }
  }
  // A pointer names its pointee (the run time's names do the same); the
  // members of `this` read as written in the class.
  if (Text.rfind("this->", 0) == 0)
    Text = Text.substr(6);
  else if (Text == "this")
    Text = "*this";
  return Text;
}

} // namespace

std::string LockPath::text() const { return render(*this, false); }

std::string LockPath::lockClass() const {
  bool Deref = false, VariableIndex = false;
  const PathStep *LastField = nullptr;
  for (const PathStep &S : Steps) {
    Deref |= S.K == PathStep::Deref;
    VariableIndex |= S.K == PathStep::Index && !S.Constant;
    if (S.K == PathStep::Field)
      LastField = &S;
  }
  std::string Where = Unit.empty() ? "" : " in " + Unit.str();
  if (Root == RootKind::Global && !Deref && !VariableIndex)
    return text() + Where;
  if (LastField && !LastField->Record.empty())
    return LastField->Record.str() + "::" + LastField->Name.str();
  if (Root == RootKind::Global)
    return render(*this, true) + Where;
  return text() + " in " + Function.str();
}

bool LockPath::isInside(const LockPath &Outer) const {
  if (Root != Outer.Root || Param != Outer.Param ||
      RootName.data() != Outer.RootName.data() ||
      Function.data() != Outer.Function.data() || Unit.data() != Outer.Unit.data() ||
      Steps.size() < Outer.Steps.size())
    return false;
  for (size_t I = 0; I < Outer.Steps.size(); ++I)
    if (!(Steps[I] == Outer.Steps[I]))
      return false;
  for (size_t I = Outer.Steps.size(); I < Steps.size(); ++I)
    if (Steps[I].K != PathStep::Field)
      return false;
  return true;
}

bool LockPath::operator==(const LockPath &O) const {
  return Root == O.Root && Param == O.Param &&
         RootName.data() == O.RootName.data() &&
         Function.data() == O.Function.data() && Unit.data() == O.Unit.data() &&
         Steps == O.Steps;
}

bool LockPath::operator<(const LockPath &O) const {
  auto Key = [](const LockPath &P) {
    return std::make_tuple(P.Root, P.Param, P.RootName, P.Function, P.Unit,
                           P.Steps.size());
  };
  if (Key(*this) != Key(O))
    return Key(*this) < Key(O);
  for (size_t I = 0; I < Steps.size(); ++I) {
    const PathStep &A = Steps[I], &B = O.Steps[I];
    auto K = [](const PathStep &S) {
      return std::make_tuple(S.K, S.Constant, S.Record, S.Name);
    };
    if (K(A) != K(B))
      return K(A) < K(B);
  }
  return false;
}

llvm::hash_code hash_value(const LockPath &P) {
  llvm::hash_code H = llvm::hash_combine(P.Root, P.Param, P.RootName.data(),
                                         P.Function.data(), P.Unit.data());
  for (const PathStep &S : P.Steps)
    H = llvm::hash_combine(H, S.K, S.Constant, S.Record.data(), S.Name.data());
  return H;
}

std::optional<LockPath> pointee(const ValueRef &V) {
  switch (V.K) {
  case ValueRef::AddressOf:
    return V.Path;
  case ValueRef::Load:
    return V.Path.deref();
  case ValueRef::Unknown:
  case ValueRef::Copy:
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<LockPath> substitute(const LockPath &P,
                                   llvm::ArrayRef<ValueRef> Args,
                                   const ValueRef &This) {
  if (!P.dependsOnCaller())
    return P;
  const ValueRef *V = nullptr;
  if (P.Root == RootKind::This)
    V = &This;
  else if (P.Param < Args.size())
    V = &Args[P.Param];
  if (!V || V->K == ValueRef::Unknown)
    return std::nullopt;
  LockPath Out = V->Path;
  size_t First = 0;
  if (V->K == ValueRef::Copy) {
    // The parameter is a copy of the object: the same thread, the same id.
    if (!P.Steps.empty() && P.Steps[0].K == PathStep::Deref)
      return std::nullopt;
  } else if (V->K == ValueRef::AddressOf) {
    // The parameter holds &X: its pointee is X itself.
    if (P.Steps.empty() || P.Steps[0].K != PathStep::Deref)
      return std::nullopt;
    First = 1;
  }
  for (size_t I = First; I < P.Steps.size(); ++I)
    Out.Steps.push_back(P.Steps[I]);
  return Out;
}

LockPath unbound(const LockPath &P) {
  if (!P.dependsOnCaller())
    return P;
  LockPath Out = P;
  Out.Root = RootKind::Opaque;
  Out.Param = 0;
  return Out;
}

} // namespace tangle::lint
