//===- LockExpr.cpp - source names of lock expressions --------------------===//
//
// The walk goes from the pointer back to a named variable, then forward
// through the accesses: a load dereferences, a GEP selects array elements
// and struct members (matched to DWARF members by byte offset, so C++ base
// classes are entered without adding to the text).
//
//===----------------------------------------------------------------------===//
#include "LockExpr.h"

#include "LockClass.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace tangle {
namespace {

constexpr unsigned MaxDepth = 12;

// An object expression: Text is the object itself, or with Deref the
// pointer whose pointee it is (so members render as "p->m", not "(*p).m").
struct Obj {
  std::string Text;
  bool Deref = false;
  const DIType *Type = nullptr;
  // For the lock class: the last member entered (its container's type and
  // name), whether the path went through a pointer or a variable index,
  // and whether it starts at a global.
  const DIType *Container = nullptr;
  std::string Member;
  bool Indirect = false, Global = false;
  std::string Unit; // a static global's file or function
};

std::string objectText(const Obj &O) {
  return O.Deref ? "*" + O.Text : O.Text;
}

// Text usable before "->" or "[": a dereference needs parentheses.
std::string pointerText(const Obj &O) {
  return O.Text.size() && O.Text[0] == '*' ? "(" + O.Text + ")" : O.Text;
}

// Whether a variable's type points to a struct, class, union or array: of
// two names for one pointer ("arg" and "s" for `struct session *s = arg`),
// the one that says what it points to.
bool pointsToAggregate(const DIVariable *Var) {
  auto *D = dyn_cast_or_null<DIDerivedType>(stripQualifiers(Var->getType()));
  return D && D->getTag() == dwarf::DW_TAG_pointer_type &&
         isa_and_nonnull<DICompositeType>(stripQualifiers(D->getBaseType()));
}

// The variable an SSA value is the value of (#dbg_value), after
// optimisation: a parameter, or a pointer never kept in memory.
const DIVariable *valueVariable(const Value *V) {
  SmallVector<DbgValueInst *, 2> Values;
  SmallVector<DbgVariableRecord *, 2> Records;
  findDbgValues(Values, const_cast<Value *>(V), &Records);
  const DIVariable *First = nullptr;
  // A value with an expression is another variable's: `l_` may be described
  // as `once` plus 8 once inlining folded the member address away.
  auto Consider = [&](const DIVariable *Var, const DIExpression *E) {
    if (E && E->getNumElements() != 0)
      return;
    if (!First || (pointsToAggregate(Var) && !pointsToAggregate(First)))
      First = Var;
  };
  for (DbgVariableRecord *R : Records)
    Consider(R->getVariable(), R->getExpression());
  for (DbgValueInst *D : Values)
    Consider(D->getVariable(), D->getExpression());
  return First;
}

// The variable whose storage, or value, `V` is. At -O1 and above clang
// turns declares into assignment markers (declare-to-assign) before the
// pass runs, so an alloca may be linked to its variable either way.
const DIVariable *variableOf(const Value *V) {
  auto *NV = const_cast<Value *>(V);
  for (DbgVariableRecord *R : findDVRDeclares(NV))
    return R->getVariable();
  for (DbgDeclareInst *D : findDbgDeclares(NV))
    return D->getVariable();
  if (auto *A = dyn_cast<AllocaInst>(V)) {
    for (DbgVariableRecord *R : at::getDVRAssignmentMarkers(A))
      return R->getVariable();
    for (DbgAssignIntrinsic *D : at::getAssignmentMarkers(A))
      return D->getVariable();
  }
  if (isa<Argument>(V))
    return valueVariable(V);
  return nullptr;
}

const DIVariable *variableOfGlobal(const GlobalVariable *G) {
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  G->getDebugInfo(GVEs);
  for (auto *GVE : GVEs)
    if (!GVE->getExpression() || GVE->getExpression()->getNumElements() == 0)
      return GVE->getVariable();
  return nullptr;
}

// The type a pointer or reference type points to, and whether it is a
// pointer (rendered with "->") rather than a reference (with ".").
const DIType *pointeeOf(const DIType *T, bool &IsPointer) {
  auto *D = dyn_cast_or_null<DIDerivedType>(stripQualifiers(T));
  if (!D)
    return nullptr;
  switch (D->getTag()) {
  case dwarf::DW_TAG_pointer_type:
    IsPointer = true;
    return D->getBaseType();
  case dwarf::DW_TAG_reference_type:
  case dwarf::DW_TAG_rvalue_reference_type:
    IsPointer = false;
    return D->getBaseType();
  default:
    return nullptr;
  }
}

std::string indexText(const Value *V, unsigned Depth);

std::string binaryText(const BinaryOperator *B, unsigned Depth) {
  const char *Op = nullptr;
  switch (B->getOpcode()) {
  case Instruction::Add: Op = " + "; break;
  case Instruction::Sub: Op = " - "; break;
  case Instruction::Mul: Op = " * "; break;
  case Instruction::SDiv: case Instruction::UDiv: Op = " / "; break;
  case Instruction::SRem: case Instruction::URem: Op = " % "; break;
  case Instruction::And: Op = " & "; break;
  case Instruction::Or: Op = " | "; break;
  case Instruction::Shl: Op = " << "; break;
  default: return "";
  }
  std::string L = indexText(B->getOperand(0), Depth + 1);
  std::string R = indexText(B->getOperand(1), Depth + 1);
  if (L.empty() || R.empty())
    return "";
  auto Wrap = [](const Value *V, std::string S) {
    return isa<BinaryOperator>(V) ? "(" + S + ")" : S;
  };
  return Wrap(B->getOperand(0), L) + Op + Wrap(B->getOperand(1), R);
}

// An array index as the source wrote it: "p", "(i + 1) % 5", "3".
std::string indexText(const Value *V, unsigned Depth) {
  if (Depth > MaxDepth)
    return "";
  if (auto *C = dyn_cast<ConstantInt>(V))
    return std::to_string(C->getSExtValue());
  if (auto *Cast = dyn_cast<CastInst>(V))
    return indexText(Cast->getOperand(0), Depth + 1);
  if (auto *B = dyn_cast<BinaryOperator>(V))
    return binaryText(B, Depth);
  if (auto *L = dyn_cast<LoadInst>(V))
    if (const DIVariable *Var = variableOf(L->getPointerOperand()))
      return Var->getName().str();
  if (const DIVariable *Var = variableOf(V))
    return Var->getName().str();
  return "";
}

// The member of composite `T` that starts at `OffsetBits`, or the base
// class containing it. Returns the member's type; appends ".name" (or
// "->name") to `O` for a member, nothing for a base class.
bool enterMember(Obj &O, uint64_t OffsetBits) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripQualifiers(O.Type));
  if (!CT)
    return false;
  const DIDerivedType *Base = nullptr;
  for (const DINode *E : CT->getElements()) {
    auto *M = dyn_cast<DIDerivedType>(E);
    if (!M || M->isStaticMember())
      continue;
    uint64_t Begin = M->getOffsetInBits(), Size = M->getSizeInBits();
    if (M->getTag() == dwarf::DW_TAG_member && Begin == OffsetBits &&
        !M->getName().empty()) {
      O.Container = O.Type;
      O.Member = M->getName().str();
      O.Text = O.Deref ? pointerText(O) + "->" + M->getName().str()
                       : O.Text + "." + M->getName().str();
      O.Deref = false;
      O.Type = M->getBaseType();
      return true;
    }
    if (M->getTag() == dwarf::DW_TAG_inheritance && OffsetBits >= Begin &&
        (Size == 0 || OffsetBits < Begin + Size) && !Base)
      Base = M;
  }
  if (!Base)
    return false;
  O.Type = Base->getBaseType(); // same object, seen as its base class
  return enterMember(O, OffsetBits - Base->getOffsetInBits());
}

// The element type of an array type. For a multi-dimensional array this
// is the innermost element: later indices keep their text but lose the type.
const DIType *elementOf(const DIType *T) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripQualifiers(T));
  if (!CT || CT->getTag() != dwarf::DW_TAG_array_type)
    return nullptr;
  return CT->getBaseType();
}

std::optional<Obj> describe(const Value *Ptr, const DataLayout &DL,
                            unsigned Depth);

// Clang folds the address of a first member into its container (a GEP with
// all-zero indices disappears), so the IR may index an inner aggregate while
// the debug type is still the outer one. Enter members at offset 0 until
// the debug type has the size and shape of the IR type being indexed.
void alignToIRType(Obj &O, Type *IRTy, const DataLayout &DL) {
  for (unsigned I = 0; I < MaxDepth && O.Type; ++I) {
    const auto *CT = dyn_cast<DICompositeType>(stripQualifiers(O.Type));
    bool SameSize = stripQualifiers(O.Type)->getSizeInBits() ==
                    DL.getTypeAllocSizeInBits(IRTy);
    bool DIArray = CT && CT->getTag() == dwarf::DW_TAG_array_type;
    if (SameSize && DIArray == IRTy->isArrayTy())
      return;
    if (!CT || DIArray || !enterMember(O, 0))
      return;
  }
}

// Applies a GEP's indices to the object its pointer operand names. The
// first index steps over whole objects (p[i]); each later one selects a
// member of, or an element in, `Agg`, the aggregate type being indexed.
std::optional<Obj> applyGEP(const GEPOperator *G, const DataLayout &DL,
                            unsigned Depth) {
  std::optional<Obj> O = describe(G->getPointerOperand(), DL, Depth + 1);
  if (!O)
    return std::nullopt;
  Type *Agg = G->getSourceElementType();
  bool First = true;
  for (const Use &IdxUse : G->indices()) {
    const Value *Idx = IdxUse.get();
    auto *C = dyn_cast<ConstantInt>(Idx);
    if (First) {
      First = false;
      if (C && C->isZero())
        continue; // &*p: the same object
      if (!O->Deref)
        return std::nullopt;
      std::string IdxText = indexText(Idx, Depth + 1);
      O->Text = pointerText(*O) + "[" + (IdxText.empty() ? "?" : IdxText) + "]";
      O->Deref = false;
      O->Indirect = true;
      continue;
    }
    alignToIRType(*O, Agg, DL);
    if (auto *ST = dyn_cast<StructType>(Agg)) {
      uint64_t Field = C->getZExtValue();
      if (!enterMember(*O, DL.getStructLayout(ST)->getElementOffsetInBits(Field)))
        return std::nullopt;
      Agg = ST->getElementType(Field);
    } else if (auto *AT = dyn_cast<ArrayType>(Agg)) {
      std::string IdxText = indexText(Idx, Depth + 1);
      O->Text = objectText(*O) + "[" + (IdxText.empty() ? "?" : IdxText) + "]";
      O->Deref = false;
      O->Indirect |= !C; // a variable index: not one fixed lock
      O->Type = elementOf(O->Type);
      Agg = AT->getElementType();
    } else {
      return std::nullopt; // vectors: not where locks live
    }
  }
  return O;
}

std::optional<Obj> describe(const Value *Ptr, const DataLayout &DL,
                            unsigned Depth) {
  if (Depth > MaxDepth || !Ptr)
    return std::nullopt;
  Ptr = Ptr->stripPointerCasts();
  if (auto *G = dyn_cast<GlobalVariable>(Ptr)) {
    Obj O{G->getName().str(), false, nullptr};
    if (const DIVariable *V = variableOfGlobal(G)) {
      O = Obj{qualifiedName(V), false, V->getType()};
      if (auto *GV = dyn_cast<DIGlobalVariable>(V))
        O.Unit = staticUnit(GV);
    }
    O.Global = true;
    return O;
  }
  if (isa<AllocaInst>(Ptr)) {
    if (const DIVariable *V = variableOf(Ptr))
      return Obj{V->getName().str(), false, V->getType()};
    return std::nullopt;
  }
  if (isa<Argument>(Ptr)) { // a pointer parameter that was never spilled
    const DIVariable *V = variableOf(Ptr);
    bool IsPointer = true;
    const DIType *T = V ? pointeeOf(V->getType(), IsPointer) : nullptr;
    if (!V)
      return std::nullopt;
    Obj O{V->getName().str(), IsPointer, T};
    O.Indirect = IsPointer;
    return O;
  }
  if (auto *L = dyn_cast<LoadInst>(Ptr)) { // the pointer stored in a variable
    std::optional<Obj> Holder = describe(L->getPointerOperand(), DL, Depth + 1);
    if (!Holder)
      return std::nullopt;
    bool IsPointer = true;
    const DIType *T = pointeeOf(Holder->Type, IsPointer);
    Obj O = *Holder; // the member path so far stays
    O.Text = objectText(*Holder);
    O.Deref = IsPointer;
    O.Type = T;
    O.Indirect = true;
    return O;
  }
  if (auto *G = dyn_cast<GEPOperator>(Ptr))
    return applyGEP(G, DL, Depth);
  if (const DIVariable *V = valueVariable(Ptr)) { // a pointer kept in a register
    bool IsPointer = true;
    const DIType *T = pointeeOf(V->getType(), IsPointer);
    return Obj{V->getName().str(), IsPointer, T};
  }
  return std::nullopt;
}

bool hasLockName(const DIType *T) {
  static const StringSet<> CNames = {"pthread_mutex_t", "pthread_rwlock_t",
                                     "pthread_spinlock_t", "mtx_t", "sem_t"};
  static const StringSet<> CxxIds = {
      "_ZTSSt5mutex",        "_ZTSSt15recursive_mutex",
      "_ZTSSt11timed_mutex", "_ZTSSt21recursive_timed_mutex",
      "_ZTSSt12shared_mutex", "_ZTSSt18shared_timed_mutex"};
  if (CNames.contains(T->getName()))
    return true;
  if (auto *CT = dyn_cast<DICompositeType>(T))
    return CxxIds.contains(CT->getIdentifier());
  return false;
}

} // namespace

const DIType *stripQualifiers(const DIType *T) {
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    switch (D->getTag()) {
    case dwarf::DW_TAG_typedef:
    case dwarf::DW_TAG_const_type:
    case dwarf::DW_TAG_volatile_type:
    case dwarf::DW_TAG_atomic_type:
    case dwarf::DW_TAG_restrict_type:
      T = D->getBaseType();
      continue;
    default:
      return T;
    }
  }
  return T;
}

// A struct named as a lock ("ovs_mutex", "struct spinlock") whose first
// member is a lock: the program's own lock type, wrapping a library one.
bool isLockWrapperType(const DIType *T) {
  auto *CT = dyn_cast<DICompositeType>(T);
  if (!CT || (CT->getTag() != dwarf::DW_TAG_structure_type &&
              CT->getTag() != dwarf::DW_TAG_class_type))
    return false;
  std::string Name = CT->getName().lower();
  if (!StringRef(Name).ends_with("mutex") && !StringRef(Name).ends_with("lock") &&
      !StringRef(Name).ends_with("spin") && !StringRef(Name).ends_with("sem"))
    return false;
  for (const DINode *E : CT->getElements())
    if (auto *M = dyn_cast<DIDerivedType>(E))
      if (M->getTag() == dwarf::DW_TAG_member && !M->isStaticMember())
        return M->getOffsetInBits() == 0 && isLockType(M->getBaseType());
  return false;
}

bool isLockType(const DIType *T) {
  for (unsigned I = 0; T && I < MaxDepth; ++I) {
    if (hasLockName(T) || isLockWrapperType(T))
      return true;
    auto *D = dyn_cast<DIDerivedType>(T);
    if (!D || (D->getTag() != dwarf::DW_TAG_typedef &&
               D->getTag() != dwarf::DW_TAG_const_type &&
               D->getTag() != dwarf::DW_TAG_volatile_type))
      return false;
    T = D->getBaseType();
  }
  return false;
}

std::string qualifiedName(const DIVariable *V) {
  std::string Name = V->getName().str();
  for (const DIScope *S = V->getScope(); S; S = S->getScope()) {
    if (isa<DINamespace>(S) || isa<DICompositeType>(S)) {
      if (S->getName().empty())
        break; // anonymous namespace: the plain name reads better
      Name = S->getName().str() + "::" + Name;
    } else {
      break;
    }
  }
  return Name;
}

// Steps into what lies at offset 0 of `O`: element 0 of an array, or the
// first member of a struct. False when there is nothing to step into.
bool enterOffsetZero(Obj &O) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripQualifiers(O.Type));
  if (CT && CT->getTag() == dwarf::DW_TAG_array_type) {
    O.Text = objectText(O) + "[0]";
    O.Deref = false;
    O.Type = CT->getBaseType();
    return true;
  }
  return enterMember(O, 0);
}

// Whether a lock lies at offset 0 of `T`, through first members and first
// elements.
bool lockAtOffsetZero(const DIType *T) {
  Obj Probe{"", false, T};
  for (unsigned I = 0; Probe.Type && I < MaxDepth; ++I) {
    if (isLockType(Probe.Type))
      return true;
    if (!enterOffsetZero(Probe))
      return false;
  }
  return false;
}

// Descends from `O` to the innermost member or element that holds the
// bytes [OffsetBits, OffsetBits + SizeBits): "s" + 64 bits into
// struct session gives "s->count". Stops where the types run out.
void descend(Obj &O, uint64_t OffsetBits, uint64_t SizeBits) {
  for (unsigned I = 0; I < MaxDepth && O.Type; ++I) {
    const DIType *T = stripQualifiers(O.Type);
    uint64_t TypeBits = T ? T->getSizeInBits() : 0;
    if (O.Deref && TypeBits && OffsetBits >= TypeBits) { // p[k]: pointer arithmetic
      O.Text = pointerText(O) + "[" + std::to_string(OffsetBits / TypeBits) + "]";
      O.Deref = false;
      OffsetBits %= TypeBits;
      continue;
    }
    auto *CT = dyn_cast_or_null<DICompositeType>(T);
    if (!CT || (OffsetBits == 0 && (SizeBits == 0 || SizeBits >= TypeBits)))
      return; // the whole object (size 0: as much as there is)
    if (CT->getTag() == dwarf::DW_TAG_array_type) {
      const DIType *E = stripQualifiers(CT->getBaseType());
      uint64_t EBits = E ? E->getSizeInBits() : 0;
      if (!EBits)
        return;
      O.Text = objectText(O) + "[" + std::to_string(OffsetBits / EBits) + "]";
      O.Deref = false;
      O.Type = CT->getBaseType();
      OffsetBits %= EBits;
      continue;
    }
    const DIDerivedType *Inner = nullptr;
    for (const DINode *E : CT->getElements()) {
      auto *M = dyn_cast<DIDerivedType>(E);
      if (!M || M->isStaticMember() ||
          (M->getTag() != dwarf::DW_TAG_member && M->getTag() != dwarf::DW_TAG_inheritance))
        continue;
      uint64_t Begin = M->getOffsetInBits(), Size = M->getSizeInBits();
      if (OffsetBits >= Begin && OffsetBits < Begin + (Size ? Size : 1)) {
        Inner = M;
        break;
      }
    }
    if (!Inner)
      return;
    if (Inner->getTag() == dwarf::DW_TAG_member && !Inner->getName().empty()) {
      O.Text = O.Deref ? pointerText(O) + "->" + Inner->getName().str()
                       : O.Text + "." + Inner->getName().str();
      O.Deref = false;
    }
    O.Type = Inner->getBaseType();
    OffsetBits -= Inner->getOffsetInBits();
  }
}

std::optional<std::string> describeAccess(const Value *Ptr, uint64_t Size,
                                          const DataLayout &DL) {
  APInt Offset(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  const Value *Base =
      Ptr->stripAndAccumulateConstantOffsets(DL, Offset, /*AllowNonInbounds=*/true);
  std::optional<Obj> O = describe(Base, DL, 0);
  if (!O || O->Text.empty() || Offset.isNegative())
    return std::nullopt;
  descend(*O, Offset.getZExtValue() * 8, Size * 8);
  std::string Text = O->Deref ? "*" + pointerText(*O) : O->Text;
  if (Text.rfind("this->", 0) == 0)
    Text = Text.substr(6);
  return Text;
}

std::optional<LockExpr> describePointee(const Value *Ptr, const DataLayout &DL) {
  std::optional<Obj> O = describe(Ptr, DL, 0);
  if (!O || O->Text.empty())
    return std::nullopt;
  // &s->mu with mu first is folded to s: name the lock, not its container.
  if (O->Type && !isLockType(O->Type) && lockAtOffsetZero(O->Type))
    while (!isLockType(O->Type) && enterOffsetZero(*O)) {
    }
  // A pointer variable names its pointee ("m" for `pthread_mutex_lock(m)`);
  // members of `this` read as written in the class ("mu_").
  std::string Text = O->Text;
  if (Text.rfind("this->", 0) == 0)
    Text = Text.substr(6);
  if (Text == "this")
    Text = "*this";
  std::string Class;
  if (O->Global && !O->Indirect) // a fixed lock of a global: its name
    Class = O->Unit.empty() ? Text : Text + " in " + O->Unit;
  else if (O->Container)
    Class = memberClass(O->Container, O->Member);
  return LockExpr{Text, O->Type, Class};
}

} // namespace tangle
