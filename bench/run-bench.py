#!/usr/bin/env python3
"""Benchmarks tangle against native runs and ThreadSanitizer, side by side.

Usage: bench/run-bench.py BUILD_DIR [--runs N] [--update-doc]

Builds each benchmark program three ways (clang-19 -O2 native; tangle-cc
-O2, recording a session; clang-19 -O2 -fsanitize=thread), runs every build
N times in turn (interleaved, so machine noise hits all alike), and prints
the median wall time and peak memory (max RSS from wait4, taken by the
small launcher measure.c) with ratios to native. With --update-doc the table replaces the generated part of
docs/performance.md.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOC = os.path.join(ROOT, "docs", "performance.md")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# (name, source, arguments, what it stresses)
PROGRAMS = [
    ("lock_pairs", "lock_pairs.c", ["4000000", "2"],
     "2 threads, random ordered pairs of 64 mutexes, 16M acquisitions"),
]


def build(build_dir, work, source, name):
    src = os.path.join(HERE, source)
    tangle_cc = os.path.join(build_dir, "bin", "tangle-cc")
    builds = {
        "native": ["clang-19", "-O2", "-g", src, "-o", name + ".native", "-lpthread"],
        "tangle": [tangle_cc, "-O2", src, "-o", name + ".tangle"],
        "tsan": ["clang-19", "-O2", "-g", "-fsanitize=thread", src,
                 "-o", name + ".tsan"],
    }
    for flavour, cmd in builds.items():
        subprocess.run(cmd, cwd=work, check=True)
    return {f: os.path.join(work, name + "." + f) for f in builds}


def run_once(measure, binary, args, env):
    out = subprocess.run([measure, binary] + args, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, check=True)
    wall, rss, status = out.stderr.strip().splitlines()[-1].split()
    if status != "0":
        sys.exit("%s exited with status %s" % (binary, status))
    return float(wall), int(rss)  # seconds, KiB


def measure(measure_bin, binaries, args, runs, session_dir):
    env = dict(os.environ)
    env["TANGLE_OUT"] = session_dir
    env.pop("TANGLE_SESSION", None)
    env["TSAN_OPTIONS"] = "report_bugs=1"
    results = {f: {"wall": [], "rss": []} for f in binaries}
    for _ in range(runs):
        for flavour, binary in binaries.items():
            wall, rss = run_once(measure_bin, binary, args, env)
            results[flavour]["wall"].append(wall)
            results[flavour]["rss"].append(rss)
    return results


def table(rows):
    lines = [
        "| program | build | median wall (s) | time vs native | peak RSS (MiB) | memory vs native |",
        "|---|---|---|---|---|---|",
    ]
    for name, results in rows:
        base_wall = statistics.median(results["native"]["wall"])
        base_rss = statistics.median(results["native"]["rss"])
        for flavour in ("native", "tangle", "tsan"):
            wall = statistics.median(results[flavour]["wall"])
            rss = statistics.median(results[flavour]["rss"])
            lines.append("| %s | %s | %.3f | %.2fx | %.1f | %.2fx |" % (
                name, flavour, wall, wall / base_wall, rss / 1024.0, rss / base_rss))
    return "\n".join(lines)


def update_doc(text):
    with open(DOC) as f:
        doc = f.read()
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(DOC, "w") as f:
        f.write(head + BEGIN + "\n" + text + "\n" + END + tail)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--update-doc", action="store_true")
    opts = parser.parse_args()
    build_dir = os.path.abspath(opts.build_dir)
    work = tempfile.mkdtemp(prefix="tangle-bench.")
    rows = []
    try:
        measure_bin = os.path.join(work, "measure")
        subprocess.run(["clang-19", "-O2", os.path.join(HERE, "measure.c"),
                        "-o", measure_bin], check=True)
        for name, source, args, what in PROGRAMS:
            binaries = build(build_dir, work, source, name)
            sessions = os.path.join(work, "sessions")
            os.makedirs(sessions, exist_ok=True)
            rows.append((name, measure(measure_bin, binaries, args, opts.runs,
                                       sessions)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    text += "\n\n%d runs each, median; %s; %s.\n" % (
        opts.runs, time.strftime("%Y-%m-%d"), os.uname().machine)
    print(text)
    if opts.update_doc:
        update_doc(text)


if __name__ == "__main__":
    main()
