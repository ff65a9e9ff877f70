//===- ModuleTables.h - the per-module tables the runtime reads -*- C++ -*-===//
//
// Each instrumented module carries:
//  - a site table: one __tangle_site per intercepted call (or per lock
//    argument of a wrapper call), passed to the runtime by address;
//  - a lock-global table: every global variable that is or contains locks,
//    with the source name of each lock in it, registered by a constructor.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_INSTRUMENT_MODULETABLES_H
#define TANGLE_INSTRUMENT_MODULETABLES_H

#include "RuntimeCallbacks.h"

#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace tangle {

struct SiteDesc {
  unsigned Line = 0, Column = 0;
  uint32_t Flags = 0; // TANGLE_SITE_*
  std::string File, Function, LockName;
  std::string LockClass; // LockExpr::Class: a member's "Type::field"
};

// The description of a call site: its location and enclosing function.
SiteDesc describeSite(const llvm::Instruction &Call, uint32_t Flags);

class SiteTable {
public:
  // Adds a site; sites added one after another are consecutive in memory.
  unsigned add(SiteDesc D);
  bool empty() const { return Sites.empty(); }
  // Emits the table as a private global array.
  void emit(llvm::Module &M, const RuntimeCallbacks &RC);
  // The address of site `Index`; valid after emit().
  llvm::Constant *pointerTo(unsigned Index) const;
  // The table itself and its length; valid after emit().
  llvm::GlobalVariable *table() const { return Table; }
  size_t size() const { return Sites.size(); }

private:
  std::vector<SiteDesc> Sites;
  llvm::GlobalVariable *Table = nullptr;
  llvm::Type *TableTy = nullptr;
};

// Finds the module's lock-holding globals and, if there are any, emits
// their table and a constructor registering it. Returns how many lock
// entries were registered.
unsigned emitLockGlobals(llvm::Module &M, const RuntimeCallbacks &RC);

} // namespace tangle

#endif
