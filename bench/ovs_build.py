"""Builds Open vSwitch's tests/ovstest four ways, outside the repository.

Debian ships Open vSwitch's source as the binary package openvswitch-source
(/usr/src/openvswitch/openvswitch.tar.gz); it is installed with apt-get if
missing, unpacked under OVS_DIR (default /tmp/tangle-bench-ovs, never in the
repository) once per flavour, configured with `./configure --disable-ssl`
and built with `make -j2`:

  native   clang-19 -O2 -g
  locks    tangle-cc -O2 (lock recording only, the default mode)
  full     tangle-cc -ftangle-races -O2 (locks and data races)
  tsan     clang-19 -O2 -g -fsanitize=thread

A flavour is rebuilt when the tangle plugin, runtime or tangle-cc it was built with
changed (a stamp file records their modification times).
"""
import os
import shutil
import subprocess
import sys

TARBALL = "/usr/src/openvswitch/openvswitch.tar.gz"
FLAVOURS = ["native", "locks", "full", "tsan"]


def ensure_source():
    if os.path.exists(TARBALL):
        return
    print("bench: installing openvswitch-source", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "openvswitch-source"],
                   check=True, env=env)


def compiler(build_dir, flavour):
    tangle_cc = os.path.join(build_dir, "bin", "tangle-cc")
    return {
        "native": ("clang-19", "-O2 -g", ""),
        "locks": (tangle_cc, "-O2", ""),
        "full": (tangle_cc + " -ftangle-races", "-O2", ""),
        "tsan": ("clang-19", "-O2 -g -fsanitize=thread", "-fsanitize=thread"),
    }[flavour]


def stamp_of(build_dir, flavour):
    if flavour in ("native", "tsan"):
        return "clang-19"
    lib = os.path.join(build_dir, "lib", "tangle")
    paths = [os.path.join(lib, name)
             for name in ("TanglePass.so", "TangleRacePass.so", "libtangle_rt.a")]
    paths.append(os.path.join(build_dir, "bin", "tangle-cc"))
    parts = []
    for path in paths:
        parts.append("%s %d" % (os.path.basename(path), os.stat(path).st_mtime_ns))
    return "\n".join(parts)


def build(build_dir, ovs_dir, flavour, log):
    """Returns the path of tests/ovstest for the flavour, building it if needed."""
    src = os.path.join(ovs_dir, flavour)
    binary = os.path.join(src, "tests", "ovstest")
    stamp_file = os.path.join(src, ".tangle-bench-stamp")
    stamp = stamp_of(build_dir, flavour)
    if os.path.exists(binary) and os.path.exists(stamp_file):
        with open(stamp_file) as f:
            if f.read() == stamp:
                return binary
    ensure_source()
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    subprocess.run(["tar", "xzf", TARBALL, "-C", src, "--strip-components=1"],
                   check=True)
    cc, cflags, ldflags = compiler(build_dir, flavour)
    # Programs configure runs must not leave sessions behind.
    env = dict(os.environ, TANGLE_OUT="off")
    env.pop("TANGLE_SESSION", None)
    print("bench: building Open vSwitch (%s) in %s" % (flavour, src), file=sys.stderr)
    with open(log, "a") as out:
        subprocess.run(["./configure", "--disable-ssl", "CC=" + cc,
                        "CFLAGS=" + cflags, "LDFLAGS=" + ldflags],
                       cwd=src, env=env, stdout=out, stderr=out, check=True)
        subprocess.run(["make", "-j2"], cwd=src, env=env, stdout=out, stderr=out,
                       check=True)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return binary


def build_all(build_dir, ovs_dir, log):
    return {f: build(build_dir, ovs_dir, f, log) for f in FLAVOURS}
