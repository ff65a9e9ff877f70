#!/bin/sh
# Installs, with apt-get, the Debian 12 packages tangle builds and tests with.
# Does nothing (and needs no network or root) when they are all present.
# Usage: scripts/install-deps.sh
set -eu

PACKAGES="clang-19 llvm-19-dev libclang-19-dev libclang-cpp19-dev llvm-19-tools
libclang-rt-19-dev libboost-graph-dev libfmt-dev libgtest-dev cmake make
python3 python3-jsonschema graphviz chromium"

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

echo "tangle: installing missing packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "tangle: need root or sudo to install:$missing" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
