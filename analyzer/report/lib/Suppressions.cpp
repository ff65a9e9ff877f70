//===- Suppressions.cpp - findings the user has chosen not to see ---------===//
#include "tangle/report/Suppressions.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

using namespace llvm;

namespace tangle {

std::optional<FindingKind> kindNamed(StringRef Name) {
#define TANGLE_FINDING(Enum, N, Title, Description)                                         \
  if (Name == N)                                                               \
    return FindingKind::Enum;
#include "tangle/finding/Findings.def"
  return std::nullopt;
}

Expected<Suppressions> Suppressions::parse(StringRef Text, StringRef Path) {
  Suppressions S;
  unsigned LineNo = 0;
  for (StringRef Rest = Text; !Rest.empty();) {
    auto [Line, Tail] = Rest.split('\n');
    Rest = Tail;
    ++LineNo;
    Line = Line.split('#').first.trim();
    if (Line.empty())
      continue;
    auto Fail = [&](const Twine &Why) {
      return createStringError(inconvertibleErrorCode(),
                               formatv("{0}:{1}: {2}", Path, LineNo, Why).str());
    };
    auto [KindText, PatternText] = Line.split(':');
    KindText = KindText.trim();
    PatternText = PatternText.trim();
    if (PatternText.empty())
      return Fail("expected KIND:PATTERN, got '" + Line + "'");
    Rule R{std::nullopt, std::make_shared<const std::string>(PatternText.str()),
           {}, Line.str()};
    if (KindText != "*") {
      R.Kind = kindNamed(KindText);
      if (!R.Kind)
        return Fail("unknown finding kind '" + KindText + "'");
    }
    Expected<GlobPattern> Pattern = GlobPattern::create(*R.PatternText);
    if (!Pattern)
      return Fail("bad pattern '" + PatternText + "': " +
                  toString(Pattern.takeError()));
    R.Pattern = std::move(*Pattern);
    S.Rules.push_back(std::move(R));
  }
  return std::move(S);
}

Expected<Suppressions> Suppressions::readFile(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  return parse((*Buf)->getBuffer(), Path);
}

std::optional<std::string> Suppressions::match(const Finding &F) const {
  std::vector<std::string> Subjects(F.Locks.begin(), F.Locks.end());
  for (const ThreadStory &T : F.Threads)
    for (const Step &S : T.Steps) {
      if (!S.Where.Function.empty())
        Subjects.push_back(S.Where.Function);
      if (!S.Where.File.empty()) {
        Subjects.push_back(S.Where.File);
        Subjects.push_back(sys::path::filename(S.Where.File).str());
      }
    }
  for (const Rule &R : Rules) {
    if (R.Kind && *R.Kind != F.Kind)
      continue;
    for (const std::string &Subject : Subjects)
      if (R.Pattern.match(Subject))
        return R.Text;
  }
  return std::nullopt;
}

namespace {

// Whether `Line` has `Marker`, alone or listing `Kind`.
bool marks(StringRef Line, StringRef Marker, FindingKind Kind) {
  for (size_t At = Line.find(Marker); At != StringRef::npos;
       At = Line.find(Marker, At + 1)) {
    StringRef After = Line.substr(At + Marker.size());
    if (After.starts_with("-next-line") && Marker == "tangle-ignore")
      continue; // that is the other marker
    if (!After.starts_with("("))
      return true;
    StringRef List = After.drop_front().split(')').first;
    SmallVector<StringRef, 4> Kinds;
    List.split(Kinds, ',');
    for (StringRef K : Kinds)
      if (K.trim() == kindName(Kind))
        return true;
  }
  return false;
}

} // namespace

bool suppressedInSource(const Finding &F, SourceFiles &Sources) {
  for (const ThreadStory &T : F.Threads)
    for (const Step &S : T.Steps) {
      if (S.Where.File.empty() || !S.Where.Line)
        continue;
      if (auto L = Sources.line(S.Where.File, S.Where.Line))
        if (marks(*L, "tangle-ignore", F.Kind))
          return true;
      if (auto Before = Sources.line(S.Where.File, S.Where.Line - 1))
        if (marks(*Before, "tangle-ignore-next-line", F.Kind))
          return true;
    }
  return false;
}

void applySuppressions(Report &R, const Suppressions *File, SourceFiles &Sources) {
  auto Suppressed = [&](const Finding &F) {
    return (File && File->match(F)) || suppressedInSource(F, Sources);
  };
  size_t Before = R.Findings.size();
  R.Findings.erase(std::remove_if(R.Findings.begin(), R.Findings.end(), Suppressed),
                   R.Findings.end());
  R.Suppressed += Before - R.Findings.size();
}

} // namespace tangle
