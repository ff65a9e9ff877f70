#!/usr/bin/env python3
"""Benchmarks tangle against native runs and ThreadSanitizer, side by side.

Usage: bench/run-bench.py BUILD_DIR [--runs N] [--ovs-runs N] [--no-ovs]
                                    [--update-doc]

Each program is built four ways: native (clang-19 -O2), tangle's locks-only
mode (tangle-cc -O2, the default), tangle's full mode (tangle-cc
-ftangle-races -O2) and ThreadSanitizer (clang-19 -O2 -fsanitize=thread).
The programs: bench/lock_pairs.c, and Open vSwitch's tests/ovstest (built
outside the repository by ovs_build.py) running its lock-heavy conntrack
benchmark and its memory-heavy cmap benchmark. Every build runs N times in
turn (interleaved, so machine noise hits all alike); the table gives the
median wall time and peak memory (max RSS from wait4, taken by the small
launcher measure.c, so the program's own) with ratios to native, and the
data races each detector reported.

Then it measures the analysis of a whole test suite at once: bench/
suite_case.c run as 100, 300 and 1000 different "tests", one session each,
analysed together by `tangle analyze` (which merges them by lock class and
must find the suite's one cross-run inversion).

With --update-doc the tables replace the generated parts of
docs/performance.md.
"""
import argparse
import json
import re
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
RACES_BEGIN, RACES_END = "<!-- races:begin -->", "<!-- races:end -->"
SUITE_SIZES = [100, 300, 1000]

FLAVOURS = ["native", "locks", "full", "tsan"]
OVS_DIR = os.environ.get("OVS_DIR", "/tmp/tangle-bench-ovs")

# (name, how to get the binaries, arguments)
LOCK_PAIRS_ARGS = ["4000000", "2"]
OVS_PROGRAMS = [
    ("ovs conntrack", ["test-conntrack", "benchmark", "2", "8000000", "32"]),
    ("ovs cmap", ["test-cmap", "benchmark", "1000000", "2", "1"]),
]


def build_lock_pairs(build_dir, work):
    src = os.path.join(HERE, "lock_pairs.c")
    tangle_cc = os.path.join(build_dir, "bin", "tangle-cc")
    builds = {
        "native": ["clang-19", "-O2", "-g", src, "-o", "lp.native", "-lpthread"],
        "locks": [tangle_cc, "-O2", src, "-o", "lp.locks"],
        "full": [tangle_cc, "-ftangle-races", "-O2", src, "-o", "lp.full"],
        "tsan": ["clang-19", "-O2", "-g", "-fsanitize=thread", src, "-o", "lp.tsan"],
    }
    for cmd in builds.values():
        subprocess.run(cmd, cwd=work, check=True)
    return {f: os.path.join(work, "lp." + f) for f in builds}


def run_once(measure, binary, args, env, allowed=("0",)):
    out = subprocess.run([measure, binary] + args, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, errors="replace", check=True)
    lines = out.stderr.strip().splitlines()
    wall, rss, status = lines[-1].split()
    if status not in allowed:
        sys.exit("%s exited with status %s" % (binary, status))
    return float(wall), int(rss), "\n".join(lines[:-1])  # seconds, KiB, stderr


# A ThreadSanitizer race report's two accesses, by their innermost frames.
TSAN_RACE = re.compile(r"WARNING: ThreadSanitizer: data race")
TSAN_FRAME = re.compile(r"#0 (\S+) (\S+?):(\d+)")


def tsan_races(stderr):
    races = set()
    for report in stderr.split("==================")[1:]:
        if TSAN_RACE.search(report):
            frames = TSAN_FRAME.findall(report)[:2]
            races.add(tuple("%s %s:%s" % (f, os.path.basename(p), l) for f, p, l in frames))
    return races


def tangle_races(build_dir, sessions):
    tangle = os.path.join(build_dir, "bin", "tangle")
    out = subprocess.run([tangle, "analyze", "--format", "json", sessions],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    races = set()
    for f in json.loads(out.stdout)["findings"]:
        if f["kind"] != "data-race":
            continue
        where = tuple("%s %s:%d" % (t["steps"][0]["location"]["function"],
                                     os.path.basename(t["steps"][0]["location"]["file"]),
                                     t["steps"][0]["location"]["line"])
                      for t in f["threads"])
        races.add(where)
    return races


def measure(measure_bin, build_dir, binaries, args, runs, work, name):
    """Runs every flavour `runs` times, interleaved; returns the samples and
    the races each detector reported over all runs."""
    results = {f: {"wall": [], "rss": []} for f in binaries}
    sessions = os.path.join(work, "sessions-" + re.sub(r"\W", "_", name))
    shutil.rmtree(sessions, ignore_errors=True)
    os.makedirs(sessions)
    env = dict(os.environ, TANGLE_OUT=sessions, TSAN_OPTIONS="report_bugs=1")
    env.pop("TANGLE_SESSION", None)
    tsan_found = set()
    for _ in range(runs):
        for flavour, binary in binaries.items():
            wall, rss, stderr = run_once(measure_bin, binary, args, env,
                                         allowed=("0", "66"))
            results[flavour]["wall"].append(wall)
            results[flavour]["rss"].append(rss)
            if flavour == "tsan":
                tsan_found |= tsan_races(stderr)
    races = {"full": tangle_races(build_dir, sessions), "tsan": tsan_found}
    return results, races


def table(rows):
    lines = [
        "| program | build | median wall (s) | all runs (s) | time vs native | peak RSS (MiB) | memory vs native | data races reported |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, results, races in rows:
        base_wall = statistics.median(results["native"]["wall"])
        base_rss = statistics.median(results["native"]["rss"])
        for flavour in FLAVOURS:
            wall = statistics.median(results[flavour]["wall"])
            rss = statistics.median(results[flavour]["rss"])
            found = str(len(races[flavour])) if flavour in races else ""
            # The machine's noise is large: every run is shown.
            runs = " ".join("%.2f" % w for w in sorted(results[flavour]["wall"]))
            lines.append("| %s | %s | %.3f | %s | %.2fx | %.1f | %.2fx | %s |" % (
                name, flavour, wall, runs, wall / base_wall, rss / 1024.0,
                rss / base_rss, found))
    return "\n".join(lines)


def race_list(rows):
    lines = []
    for name, _, races in rows:
        for flavour in ("full", "tsan"):
            for race in sorted(races[flavour]):
                lines.append("- %s, %s: %s" % (name, "tangle" if flavour == "full" else "tsan",
                                               " / ".join(race)))
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
            wall, peak, _ = run_once(measure_bin, tangle, ["analyze", out], os.environ,
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
    parser.add_argument("--ovs-runs", type=int, default=3)
    parser.add_argument("--no-ovs", action="store_true")
    parser.add_argument("--update-doc", action="store_true")
    opts = parser.parse_args()
    build_dir = os.path.abspath(opts.build_dir)
    work = tempfile.mkdtemp(prefix="tangle-bench.")
    rows = []
    try:
        measure_bin = os.path.join(work, "measure")
        subprocess.run(["clang-19", "-O2", os.path.join(HERE, "measure.c"),
                        "-o", measure_bin], check=True)
        binaries = build_lock_pairs(build_dir, work)
        rows.append(("lock_pairs",) + measure(measure_bin, build_dir, binaries,
                                               LOCK_PAIRS_ARGS, opts.runs, work,
                                               "lock_pairs"))
        if not opts.no_ovs:
            import ovs_build
            ovstest = ovs_build.build_all(build_dir, OVS_DIR,
                                          os.path.join(OVS_DIR, "build.log"))
            for name, args in OVS_PROGRAMS:
                rows.append((name,) + measure(measure_bin, build_dir, ovstest, args,
                                              opts.ovs_runs, work, name))
        suite = measure_suite(build_dir, work, measure_bin, opts.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    text += "\n\n%d runs each (Open vSwitch: %d), median; %s; %s.\n" % (
        opts.runs, opts.ovs_runs, time.strftime("%Y-%m-%d"), os.uname().machine)
    races = race_list(rows)
    suite += "\n\n%d analyses each, median; %s; %s.\n" % (
        opts.runs, time.strftime("%Y-%m-%d"), os.uname().machine)
    print(text)
    print(races)
    print(suite)
    if opts.update_doc:
        update_doc(text)
        update_doc(races + "\n", RACES_BEGIN, RACES_END)
        update_doc(suite, SUITE_BEGIN, SUITE_END)


if __name__ == "__main__":
    main()
