#!/bin/sh
# Compiles the demo programs with tangle-cc, runs each under `tangle run`
# and shows what tangle reports. Usage: demo/run-demo.sh BUILD_DIR
set -u
build=$(cd "${1:-build}" && pwd)
demo=$(cd "$(dirname "$0")" && pwd)
out="$build/demo"
mkdir -p "$out"

describe() {
  case $1 in
    counter) echo "two threads add to g_num without a lock (full mode: -ftangle-races)" ;;
    bank) echo "two transfers lock two accounts in opposite orders" ;;
    lookup) echo "a lookup returns early without unlocking" ;;
  esac
}

for prog in counter bank lookup; do
  echo
  echo "=== demo/$prog.c: $(describe $prog)"
  mode=""
  [ "$prog" = counter ] && mode=-ftangle-races # data races need full mode
  if ! "$build/bin/tangle-cc" $mode -O0 "$demo/$prog.c" -o "$out/$prog"; then
    echo "demo: cannot compile $prog.c" >&2
    exit 1
  fi
  (cd "$demo" && "$build/bin/tangle" run --out "$out/$prog.session" -- "$out/$prog" 2>&1)
  echo "(tangle run exited with status $?)"
done

echo
echo "=== demo/lookup.c again, with tangle lint: the same leak from the code, without running it"
(cd "$demo" && "$build/bin/tangle" lint lookup.c -- 2>&1)
echo "(tangle lint exited with status $?)"
