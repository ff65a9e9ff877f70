#!/usr/bin/env python3
"""Lints Open vSwitch with tangle lint and times it against clang -fsyntax-only.

Usage: bench/lint-ovs.py BUILD_DIR [--runs N] [--ovs-dir DIR] [--update-doc]

Open vSwitch's source is Debian's package openvswitch-source
(/usr/src/openvswitch/openvswitch.tar.gz): 316 C files of threaded code that
takes its locks through wrappers (ovs_mutex_lock_at and friends) carrying
Clang thread-safety annotations. The script

  1. installs openvswitch-source and bear with apt-get when they are missing;
  2. unpacks the tarball outside the repository ($OVS_DIR, default
     /tmp/tangle-ovs; never committed), configures it with
     `./configure --disable-ssl CC=clang-19` and makes its compilation
     database with `bear -- make -j2` (each step only once);
  3. runs, N times in turn so that machine noise hits both alike:
       tangle lint -j 2 -p OVS_DIR
       clang-19 -fsyntax-only over the same database, 2 in parallel
       (xargs -P 2, each entry's own flags, its output options removed);
     each under bench/measure.c (wall time, peak RSS of the process tree);
  4. prints the medians and the findings by kind, and with --update-doc
     writes them into docs/lint.md and a line into docs/performance.md.
"""
import argparse
import collections
import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LINT_DOC = os.path.join(ROOT, "docs", "lint.md")
PERF_DOC = os.path.join(ROOT, "docs", "performance.md")
BEGIN, END = "<!-- ovs:begin -->", "<!-- ovs:end -->"
PERF_BEGIN, PERF_END = "<!-- lint:begin -->", "<!-- lint:end -->"
TARBALL = "/usr/src/openvswitch/openvswitch.tar.gz"


def sh(cmd, **kw):
    print("+ " + (cmd if isinstance(cmd, str) else " ".join(cmd)), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def install_missing():
    missing = []
    if not os.path.exists(TARBALL):
        missing.append("openvswitch-source")
    if not shutil.which("bear"):
        missing.append("bear")
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(sudo + ["apt-get", "update", "-qq"], env=env)
    sh(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
       env=env)


def prepare(ovs_dir):
    src = os.path.join(ovs_dir, "openvswitch")
    if not os.path.isdir(src):
        os.makedirs(ovs_dir, exist_ok=True)
        sh(["tar", "xzf", TARBALL, "-C", ovs_dir])
    if not os.path.exists(os.path.join(src, "Makefile")):
        sh("./configure --disable-ssl CC=clang-19 > configure.log 2>&1", shell=True, cwd=src)
    if not os.path.exists(os.path.join(src, "compile_commands.json")):
        sh("bear -- make -j2 > make.log 2>&1", shell=True, cwd=src)
    return src


def syntax_only_commands(src, work, extra=(), name="syntax-only.txt"):
    """One shell line per database entry: clang-19 -fsyntax-only, same flags."""
    with open(os.path.join(src, "compile_commands.json")) as f:
        entries = json.load(f)
    lines = []
    for e in entries:
        args = e.get("arguments") or shlex.split(e["command"])
        out, skip = ["clang-19"], False
        for a in args[1:]:
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
                continue
            if a in ("-c", "-MD", "-MMD", "-MP"):
                continue
            out.append(a)
        out.append("-fsyntax-only")
        out.extend(extra)
        lines.append("cd %s && %s" % (shlex.quote(e["directory"]),
                                      " ".join(shlex.quote(a) for a in out)))
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path, len(entries)


def run_measured(measure, cmd, allowed):
    out = subprocess.run([measure] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    wall, rss, status = out.stderr.strip().splitlines()[-1].split()
    if status not in allowed:
        sys.exit("%s exited with status %s:\n%s" % (cmd[0], status, out.stderr[-2000:]))
    return float(wall), int(rss)


def findings(tangle, src):
    out = subprocess.run([tangle, "lint", "-j", "2", "-p", src, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit("tangle lint failed (%d): %s" % (out.returncode, out.stderr))
    doc = json.loads(out.stdout)
    kinds = collections.Counter()
    possible = collections.Counter()
    for f in doc["findings"]:
        (kinds if f["counts"] else possible)[f["kind"]] += 1
    return kinds, possible, doc["notes"]


def report(runs, lint, syntax, quiet, files, kinds, possible, notes):
    med = lambda xs: statistics.median(xs)
    lw, sw, qw = med(lint["wall"]), med(syntax["wall"]), med(quiet["wall"])
    lr, sr, qr = med(lint["rss"]) / 1024, med(syntax["rss"]) / 1024, med(quiet["rss"]) / 1024
    walls = lambda r: ", ".join("%.1f" % w for w in r["wall"])
    lines = [
        "| run over %d files, 2 at a time | median wall (s) | ratio | peak RSS (MiB) |" % files,
        "|---|---|---|---|",
        "| clang-19 -fsyntax-only (xargs -P 2) | %.1f | 1.00x | %.0f (largest process) |" % (sw, sr),
        "| clang-19 -fsyntax-only -w (warnings off, as lint runs) | %.1f | %.2fx | %.0f |" % (
            qw, qw / sw, qr),
        "| tangle lint -j 2 | %.1f | %.2fx | %.0f |" % (lw, lw / sw, lr),
        "",
        "%d runs each, interleaved, median; all runs (s): lint %s; syntax-only %s; "
        "syntax-only -w %s; %s; %s." % (runs, walls(lint), walls(syntax), walls(quiet),
                                         datetime.date.today().isoformat(), os.uname().machine),
        "",
        "Findings that count: %s; possible: %s." % (
            ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())) or "none",
            ", ".join("%d %s" % (n, k) for k, n in sorted(possible.items())) or "none"),
    ]
    for n in notes:
        lines.append("Note: %s." % n.rstrip("."))
    perf = ("tangle lint over Open vSwitch 3.1 (%d files): %.1f s median against %.1f s "
            "for clang-19 -fsyntax-only, %.2fx, peak %.0f MiB (docs/lint.md)." % (
                files, lw, sw, lw / sw, lr))
    return "\n".join(lines) + "\n", perf + "\n"


def update(path, begin, end, text):
    with open(path) as f:
        doc = f.read()
    a, b = doc.index(begin) + len(begin), doc.index(end)
    with open(path, "w") as f:
        f.write(doc[:a] + "\n" + text + doc[b:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ovs-dir", default=os.environ.get("OVS_DIR", "/tmp/tangle-ovs"))
    parser.add_argument("--update-doc", action="store_true")
    opts = parser.parse_args()
    tangle = os.path.abspath(os.path.join(opts.build_dir, "bin", "tangle"))
    install_missing()
    src = prepare(os.path.abspath(opts.ovs_dir))
    with tempfile.TemporaryDirectory() as work:
        measure = os.path.join(work, "measure")
        sh(["clang-19", "-O2", os.path.join(HERE, "measure.c"), "-o", measure])
        cmds, files = syntax_only_commands(src, work)
        quiet_cmds, _ = syntax_only_commands(src, work, ["-w"], "syntax-only-w.txt")
        lint = {"wall": [], "rss": []}
        syntax = {"wall": [], "rss": []}
        quiet = {"wall": [], "rss": []}
        for i in range(opts.runs):
            w, r = run_measured(measure, [tangle, "lint", "-j", "2", "-p", src], ("0", "1"))
            lint["wall"].append(w), lint["rss"].append(r)
            w, r = run_measured(measure, ["xargs", "-P", "2", "-d", "\\n", "-a", cmds,
                                          "-n", "1", "sh", "-c"], ("0",))
            syntax["wall"].append(w), syntax["rss"].append(r)
            w, r = run_measured(measure, ["xargs", "-P", "2", "-d", "\\n", "-a", quiet_cmds,
                                          "-n", "1", "sh", "-c"], ("0",))
            quiet["wall"].append(w), quiet["rss"].append(r)
            print("run %d: lint %.1f s, syntax-only %.1f s, syntax-only -w %.1f s" % (
                i + 1, lint["wall"][-1], syntax["wall"][-1], quiet["wall"][-1]),
                  file=sys.stderr)
        kinds, possible, notes = findings(tangle, src)
    text, perf = report(opts.runs, lint, syntax, quiet, files, kinds, possible, notes)
    print(text)
    if opts.update_doc:
        update(LINT_DOC, BEGIN, END, text)
        update(PERF_DOC, PERF_BEGIN, PERF_END, perf)


if __name__ == "__main__":
    main()
