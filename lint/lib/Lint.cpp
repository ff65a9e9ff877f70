//===- Lint.cpp - tangle lint, from a compilation database to a result ----===//
//
// Parsing is the cost (the analysis after it takes a small fraction): each
// translation unit gets its own ClangTool, virtual file system (its own
// working directory) and diagnostics on a thread of the pool, as
// clang::tooling::AllTUsToolExecutor does, and writes its models into its
// own slot, so the result does not depend on which thread finished first.
// Compiler warnings are off (-w): tangle lint reports no compiler warnings,
// and clang's own analyses behind them (-Wthread-safety) cost time.
//
//===----------------------------------------------------------------------===//
#include "tangle/lint/Lint.h"

#include "tangle/lint/Checks.h"
#include "tangle/lint/Extract.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <atomic>
#include <mutex>
#include <set>

using namespace clang;
using namespace clang::tooling;

namespace tangle::lint {

llvm::StringRef clangResourceDir() { return TANGLE_CLANG_RESOURCE_DIR; }

namespace {

llvm::Error inputError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message.str());
}

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

// The first error of a translation unit, as one line.
class FirstError : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !Message.empty())
      return;
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    const char *Kind = Level == DiagnosticsEngine::Fatal ? "fatal error" : "error";
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc L = Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (L.isValid()) {
        Message = llvm::formatv("{0}:{1}:{2}: {3}: {4}", L.getFilename(), L.getLine(),
                                L.getColumn(), Kind, Text);
        return;
      }
    }
    Message = llvm::formatv("{0}: {1}", Kind, Text);
    Located = false;
  }
  std::string Message;
  bool Located = true;
};

ArgumentsAdjuster resourceDirAdjuster() {
  return [](const CommandLineArguments &Args, llvm::StringRef) {
    for (const std::string &A : Args)
      if (llvm::StringRef(A).starts_with("-resource-dir"))
        return Args;
    CommandLineArguments Out(Args);
    Out.insert(Out.begin() + (Out.empty() ? 0 : 1),
               ("-resource-dir=" + clangResourceDir()).str());
    return Out;
  };
}

UnitResult lintFile(const CompilationDatabase &DB, const std::string &File,
                    FunctionClaims &Claims) {
  UnitResult Out;
  Out.File = File;
  ClangTool Tool(DB, {File}, std::make_shared<PCHContainerOperations>(),
                 llvm::vfs::createPhysicalFileSystem());
  FirstError Diags;
  Tool.setDiagnosticConsumer(&Diags);
  Tool.setPrintErrorMessage(false);
  Tool.appendArgumentsAdjuster(resourceDirAdjuster());
  // No warnings, and no "N errors generated." of our own on stderr.
  Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      {"-w", "-fno-caret-diagnostics"}, ArgumentInsertPosition::END));
  std::unique_ptr<FrontendActionFactory> Factory = extractionFactory(Claims, Out);
  int Status = Tool.run(Factory.get());
  if (Status != 0 || Diags.getNumErrors()) {
    Out.Functions.clear();
    Out.Error = Diags.Message.empty() ? File + ": cannot be compiled"
                : Diags.Located     ? Diags.Message
                                    : File + ": " + Diags.Message;
  }
  return Out;
}

} // namespace

llvm::Expected<LintInputs> findInputs(const LintOptions &O) {
  LintInputs In;
  std::string Why;
  bool FromJson = false;
  if (O.HaveCompilerArgs) {
    In.Database = std::make_unique<FixedCompilationDatabase>(".", O.CompilerArgs);
  } else if (!O.BuildPath.empty()) {
    if (!llvm::sys::fs::is_directory(O.BuildPath))
      return inputError(O.BuildPath + ": no such directory");
    In.Database = CompilationDatabase::loadFromDirectory(O.BuildPath, Why);
    if (!In.Database)
      return inputError(O.BuildPath +
                        ": no compilation database (compile_commands.json) here; make one "
                        "with cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON or bear");
    FromJson = true;
  } else if (!O.Files.empty()) {
    In.Database = CompilationDatabase::autoDetectFromSource(absolute(O.Files[0]), Why);
    if (!In.Database)
      return inputError("no compilation database found for " + O.Files[0] +
                        ": use -p BUILD_DIR, or give compiler flags after --");
    FromJson = true;
  } else {
    return inputError("nothing to lint: give -p BUILD_DIR, or files (with compiler "
                      "flags after --)");
  }
  if (O.Files.empty()) {
    if (!FromJson)
      return inputError("no input files (with --, name the files to lint)");
    In.Files = In.Database->getAllFiles();
    if (In.Files.empty())
      return inputError(O.BuildPath + ": the compilation database lists no files");
    return std::move(In);
  }
  std::set<std::string> Known;
  if (FromJson)
    for (const std::string &F : In.Database->getAllFiles())
      Known.insert(absolute(F));
  for (const std::string &F : O.Files) {
    std::string Path = absolute(F);
    if (!llvm::sys::fs::exists(Path))
      return inputError(F + ": no such file");
    if (FromJson && !Known.count(Path))
      return inputError(F + ": not in the compilation database" +
                        (O.BuildPath.empty() ? "" : " of " + O.BuildPath));
    In.Files.push_back(Path);
  }
  return std::move(In);
}

LintOutput lint(const LintInputs &In, const LintOptions &O, const Limits &L) {
  std::vector<UnitResult> Units(In.Files.size());
  FunctionClaims Claims;
  std::atomic<size_t> Done{0};
  std::mutex ProgressMu;
  {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(O.Jobs));
    for (size_t I = 0; I < In.Files.size(); ++I)
      Pool.async([&, I] {
        Units[I] = lintFile(*In.Database, In.Files[I], Claims);
        size_t N = ++Done;
        if (O.Progress) {
          std::lock_guard<std::mutex> Lock(ProgressMu);
          O.Progress(N, In.Files.size());
        }
      });
    Pool.wait();
  }
  LintOutput Out;
  Program P(L);
  for (UnitResult &U : Units) {
    if (!U.Error.empty())
      Out.Errors.push_back(U.Error);
    P.add(std::move(U));
  }
  P.analyze();
  if (O.Inspect)
    O.Inspect(P);
  Out.Result = lintSession(P, In.Files.size() - Out.Errors.size());
  return Out;
}

} // namespace tangle::lint
