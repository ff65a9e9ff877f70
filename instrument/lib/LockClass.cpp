//===- LockClass.cpp - run-time lock classes of member locks --------------===//
#include "LockClass.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace tangle {
namespace {

constexpr unsigned MaxDepth = 12;

// "Box<int>" -> "Box": every instance of a template is one class.
std::string withoutTemplateArguments(StringRef Name) {
  return Name.split('<').first.str();
}

std::string scopePrefix(const DIScope *S) {
  std::string Prefix;
  for (unsigned I = 0; S && I < MaxDepth; S = S->getScope(), ++I) {
    if (!isa<DINamespace>(S) && !isa<DICompositeType>(S))
      break;
    if (!S->getName().empty()) // anonymous namespaces are not written
      Prefix = withoutTemplateArguments(S->getName()) + "::" + Prefix;
  }
  return Prefix;
}

} // namespace

std::string recordClassName(const DIType *T) {
  StringRef Typedef;
  for (unsigned I = 0; T && I < MaxDepth; ++I) {
    auto *D = dyn_cast<DIDerivedType>(T);
    if (!D)
      break;
    unsigned Tag = D->getTag();
    if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
        Tag != dwarf::DW_TAG_volatile_type && Tag != dwarf::DW_TAG_atomic_type)
      break;
    if (Tag == dwarf::DW_TAG_typedef)
      Typedef = D->getName();
    T = D->getBaseType();
  }
  auto *C = dyn_cast_or_null<DICompositeType>(T);
  if (!C)
    return Typedef.empty() ? "(anonymous)" : Typedef.str();
  if (!C->getName().empty())
    return scopePrefix(C->getScope()) + withoutTemplateArguments(C->getName());
  if (!Typedef.empty())
    return Typedef.str();
  if (auto *Outer = dyn_cast_or_null<DICompositeType>(C->getScope()))
    return recordClassName(Outer); // a member of an anonymous struct
  return "(anonymous)";
}

std::string staticUnit(const DIGlobalVariable *V) {
  if (!V->isLocalToUnit())
    return "";
  if (auto *SP = dyn_cast_or_null<DISubprogram>(V->getScope()))
    return scopePrefix(SP->getScope()) + SP->getName().str();
  return sys::path::filename(V->getFilename()).str();
}

std::string memberClass(const DIType *Container, StringRef Field) {
  return recordClassName(Container) + "::" + Field.str();
}

} // namespace tangle
