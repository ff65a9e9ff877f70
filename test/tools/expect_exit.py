#!/usr/bin/env python3
"""expect_exit.py N[,M...] CMD [ARGS...]

Runs CMD with its stdout and stderr passed through, and exits 0 if CMD's
exit status was N (or one of the listed ones), 1 otherwise (saying what it
got). lit's internal shell
has no `$?`, and `not` only says "non-zero"; tangle's statuses mean more.
A command killed by signal S counts as status 128+S, as in a shell.
"""
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: expect_exit.py N[,M...] CMD [ARGS...]\n")
        return 2
    expected = [int(n) for n in sys.argv[1].split(",")]
    status = subprocess.call(sys.argv[2:])
    if status < 0:
        status = 128 - status
    if status not in expected:
        sys.stderr.write("expect_exit: %s exited with %d, expected %s\n"
                         % (sys.argv[2], status, sys.argv[1]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
