//===- Symbolizer.cpp - return addresses to source locations --------------===//
#include "tangle/analysis/Symbolizer.h"

#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/Error.h"

namespace tangle {

struct Symbolizer::Impl {
  llvm::symbolize::LLVMSymbolizer Llvm;
  Impl() : Llvm(options()) {}
  static llvm::symbolize::LLVMSymbolizer::Options options() {
    llvm::symbolize::LLVMSymbolizer::Options O;
    O.Demangle = true;
    O.RelativeAddresses = false;
    O.PathStyle = llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath;
    // "transfer", as sites name functions, not "transfer(Account&, Account&)".
    O.PrintFunctions = llvm::DILineInfoSpecifier::FunctionNameKind::ShortName;
    return O;
  }
};

Symbolizer::Symbolizer() : P(std::make_unique<Impl>()) {}
Symbolizer::~Symbolizer() = default;

std::vector<SourceLocation> Symbolizer::returnAddress(const std::string &Object,
                                                      uint64_t Address) {
  std::vector<SourceLocation> Out;
  if (Object.empty() || Address == 0)
    return Out;
  // The call is the instruction before the one returned to.
  llvm::object::SectionedAddress At{Address - 1,
                                    llvm::object::SectionedAddress::UndefSection};
  auto Frames = P->Llvm.symbolizeInlinedCode(Object, At);
  if (!Frames) {
    llvm::consumeError(Frames.takeError());
    return Out;
  }
  for (uint32_t I = 0; I < Frames->getNumberOfFrames(); ++I) {
    const llvm::DILineInfo &L = Frames->getFrame(I);
    if (L.FunctionName == llvm::DILineInfo::BadString ||
        L.FileName == llvm::DILineInfo::BadString)
      continue; // code without debug info (the C library's start-up)
    SourceLocation Loc;
    Loc.File = L.FileName;
    Loc.Line = L.Line;
    Loc.Column = L.Column;
    Loc.Function = L.FunctionName;
    Out.push_back(std::move(Loc));
  }
  return Out;
}

} // namespace tangle
