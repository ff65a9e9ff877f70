#!/usr/bin/env python3
"""Writes DIR/compile_commands.json for the lint tests.

usage: compile_db.py DIR FILE... [-- FLAGS...]

One entry per FILE (made absolute), compiled from DIR with clang-19 -c and
the FLAGS, in the "arguments" form CMake writes.
"""
import json
import os
import sys


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out = os.path.abspath(argv[1])
    rest = argv[2:]
    flags = []
    if "--" in rest:
        at = rest.index("--")
        rest, flags = rest[:at], rest[at + 1:]
    entries = []
    for f in rest:
        path = os.path.abspath(f)
        entries.append({"directory": out, "file": path,
                        "arguments": ["clang-19", "-c", path] + flags})
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "compile_commands.json"), "w") as db:
        json.dump(entries, db, indent=1)


if __name__ == "__main__":
    main(sys.argv)
