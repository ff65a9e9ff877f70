# lit configuration for tangle's end-to-end and instrumentation tests.
#
# Substitutions:
#   %tangle       the tangle command
#   %tangle-cc    tangle-cc (C), %tangle-cxx tangle-c++ (C++)
#   %clang        clang-19, plain; %tangle-plugin the pass plugin's path
#   %cmake, %ctest the CMake that builds tangle; %tangle-toolchain its toolchain file
#   %opt-tangle   opt-19 with the plugin loaded and the pass selected
#   %opt-tangle-races  the same for the race pass (TangleRacePass.so)
#   %corrupt-session MODE IN OUT: a damaged copy of a session (tools/)
#   %validate-sarif FILE: SARIF 2.1.0 schema and code scanning checks
#   %expect-exit  N CMD...: runs CMD, passes its output through, and
#                 succeeds only if CMD exited with status N
#   %compile-db DIR FILE... [-- FLAGS]: writes DIR/compile_commands.json
import os
import shutil
import lit.formats

config.name = "tangle"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".ll", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit", "tools",
                   "ci-example"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tangle_obj_root, "test")

bin_dir = config.tangle_bin_dir
plugin = os.path.join(config.tangle_lib_dir, "TanglePass.so")
tools = os.path.join(config.test_source_root, "tools")

# Longer names first: lit substitutes in order.
config.substitutions.append(("%tangle-plugin", plugin))
config.substitutions.append(
    ("%tangle-toolchain", os.path.join(config.tangle_obj_root, "lib", "cmake", "tangle",
                                       "tangle-toolchain.cmake")))
config.substitutions.append(("%tangle-cxx", os.path.join(bin_dir, "tangle-c++")))
config.substitutions.append(("%tangle-cc", os.path.join(bin_dir, "tangle-cc")))
config.substitutions.append(("%tangle", os.path.join(bin_dir, "tangle")))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%ctest", config.ctest))
race_plugin = os.path.join(config.tangle_lib_dir, "TangleRacePass.so")
config.substitutions.append(
    ("%opt-tangle-races", "%s -load-pass-plugin=%s -passes=tangle-races" % (config.opt, race_plugin)))
config.substitutions.append(
    ("%opt-tangle", "%s -load-pass-plugin=%s -passes=tangle" % (config.opt, plugin)))
config.substitutions.append(
    ("%expect-exit", "%s %s" % (config.python, os.path.join(tools, "expect_exit.py"))))
config.substitutions.append(("%python", config.python))
config.substitutions.append(
    ("%validate-sarif", "%s %s" % (config.python, os.path.join(tools, "validate_sarif.py"))))
config.substitutions.append(
    ("%compile-db", "%s %s" % (config.python, os.path.join(tools, "compile_db.py"))))
config.substitutions.append(
    ("%corrupt-session", "%s %s" % (config.python, os.path.join(tools, "corrupt_session.py"))))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "e2e", "Inputs")))

config.substitutions.append(
    ("%check-html", "%s %s" % (config.python, os.path.join(tools, "check_html.py"))))
# The HTML report is checked in a real browser where there is one (the
# setup script installs Debian's chromium).
if shutil.which("chromium"):
    config.available_features.add("chromium")
if shutil.which("dot"):
    config.available_features.add("graphviz")

# FileCheck and not come from LLVM 19's tools, not from PATH (which has 14).
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.environ.get("PATH", "")])
# Programs run outside `tangle run` must not litter the source tree.
config.environment["TANGLE_OUT"] = "off"
for var in ["TANGLE_SESSION", "TANGLE_DEADLOCK_TIMEOUT", "TANGLE_CC", "TANGLE_CXX"]:
    config.environment.pop(var, None)
