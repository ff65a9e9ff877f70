#!/usr/bin/env python3
"""Benchmarks tangle against native runs and ThreadSanitizer, side by side.

Usage: bench/run-bench.py BUILD_DIR [--runs N] [--update-doc]

Then it measures the analysis of a whole test suite at once: bench/
suite_case.c run as 100, 300 and 1000 different "tests", one session each,
analysed together by `tangle analyze` (which merges them by lock class and
must find the suite's one cross-run inversion).

Builds each benchmark program three ways (clang-19 -O2 native; tangle-cc
-O2, recording a session; clang-19 -O2 -fsanitize=thread), runs every build
N times in turn (interleaved, so machine noise hits all alike), and prints
the median wall time and peak memory (max RSS from wait4, taken by the
small launcher measure.c) with ratios to native. With --update-doc the table replaces the generated part of
docs/performance.md.
"""
import argparse
import json
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
SUITE_BEGIN, SUITE_END = "<!-- suite:begin -->", "<!-- suite:end -->"
SUITE_SIZES = [100, 300, 1000]

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


def run_once(measure, binary, args, env, allowed=("0",)):
    out = subprocess.run([measure, binary] + args, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, check=True)
    wall, rss, status = out.stderr.strip().splitlines()[-1].split()
    if status not in allowed:
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


def update_doc(text, begin=BEGIN, end=END):
    with open(DOC) as f:
        doc = f.read()
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(DOC, "w") as f:
        f.write(head + begin + "\n" + text + "\n" + end + tail)


def record_suite(build_dir, work, runs):
    """Runs suite_case as `runs` tests into one directory; returns it."""
    binary = os.path.join(work, "suite_case")
    if not os.path.exists(binary):
        subprocess.run([os.path.join(build_dir, "bin", "tangle-cc"), "-O2",
                        os.path.join(HERE, "suite_case.c"), "-o", binary],
                       check=True)
    out = os.path.join(work, "suite-%d" % runs)
    env = dict(os.environ, TANGLE_OUT=out)
    env.pop("TANGLE_SESSION", None)
    for case in range(runs):
        subprocess.run([binary, str(case), "7"], env=env, check=True)
    return out


def measure_suite(build_dir, work, measure_bin, repeats):
    tangle = os.path.join(build_dir, "bin", "tangle")
    lines = [
        "| runs | sessions (MiB) | median analysis wall (s) | per run (ms) | peak RSS (MiB) | findings |",
        "|---|---|---|---|---|---|",
    ]
    for runs in SUITE_SIZES:
        out = record_suite(build_dir, work, runs)
        size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
        walls, rss = [], []
        for _ in range(repeats):
            wall, peak = run_once(measure_bin, tangle, ["analyze", out], os.environ,
                                  allowed=("1",))  # 1: it found the inversion
            walls.append(wall)
            rss.append(peak)
        report = subprocess.run([tangle, "analyze", "--format", "json", out],
                                stdout=subprocess.PIPE, text=True).stdout
        findings = json.loads(report)["findings"]
        if len(findings) != 1 or findings[0]["kind"] != "lock-order-inversion":
            sys.exit("the suite of %d runs should give one inversion, got %d findings"
                     % (runs, len(findings)))
        wall = statistics.median(walls)
        lines.append("| %d | %.1f | %.3f | %.2f | %.1f | %d |" % (
            runs, size / 2**20, wall, 1000 * wall / runs,
            statistics.median(rss) / 1024.0, len(findings)))
    return "\n".join(lines)


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
        suite = measure_suite(build_dir, work, measure_bin, opts.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    text += "\n\n%d runs each, median; %s; %s.\n" % (
        opts.runs, time.strftime("%Y-%m-%d"), os.uname().machine)
    suite += "\n\n%d analyses each, median; %s; %s.\n" % (
        opts.runs, time.strftime("%Y-%m-%d"), os.uname().machine)
    print(text)
    print(suite)
    if opts.update_doc:
        update_doc(text)
        update_doc(suite, SUITE_BEGIN, SUITE_END)


if __name__ == "__main__":
    main()
