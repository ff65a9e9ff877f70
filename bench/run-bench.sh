#!/bin/sh
# `make bench`: runs the benchmarks and updates docs/performance.md.
exec python3 "$(dirname "$0")/run-bench.py" "${1:-build}" --runs "${RUNS:-7}" --ovs-runs "${OVS_RUNS:-5}" --update-doc
