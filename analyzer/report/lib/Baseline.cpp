//===- Baseline.cpp - findings already known -------------------------------===//
#include "tangle/report/Baseline.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

using namespace llvm;

namespace tangle {

Expected<Baseline> Baseline::readFile(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  auto Bad = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             (Path + ": not a tangle baseline: " + Why).str());
  };
  Expected<json::Value> Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return Bad(toString(Doc.takeError()));
  const json::Object *Root = Doc->getAsObject();
  const json::Array *Findings = Root ? Root->getArray("findings") : nullptr;
  if (!Findings)
    return Bad("no \"findings\" array");
  Baseline B;
  for (const json::Value &F : *Findings) {
    const json::Object *O = F.getAsObject();
    std::optional<StringRef> Print = O ? O->getString("fingerprint") : std::nullopt;
    if (!Print)
      return Bad("a finding without a fingerprint");
    B.Fingerprints.insert(Print->str());
  }
  return std::move(B);
}

std::string Baseline::render(const Report &R) {
  std::map<std::string, const Finding *> Sorted;
  for (const Finding &F : R.Findings)
    if (F.Counts)
      Sorted.emplace(F.Fingerprint, &F);
  json::Array Findings;
  for (const auto &[Print, F] : Sorted)
    Findings.push_back(json::Object{{"fingerprint", Print},
                                    {"kind", kindName(F->Kind)},
                                    {"message", F->Message}});
  json::Value Doc = json::Object{{"version", 1}, {"findings", std::move(Findings)}};
  return formatv("{0:2}", Doc).str() + "\n";
}

void Baseline::apply(Report &R) const {
  for (Finding &F : R.Findings)
    F.Baselined = Fingerprints.count(F.Fingerprint) != 0;
}

} // namespace tangle
