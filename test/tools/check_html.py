#!/usr/bin/env python3
"""check_html.py PAGE.html SCREENSHOT.png

Loads PAGE in headless Chromium twice: once to take a screenshot, which must
be a PNG of the window's size and more than a blank page's bytes; once with
console logging, which must show no uncaught error and no console.error.
Prints "rendered WIDTHxHEIGHT, no console errors" or the problem; exits 0/1.
"""
import os
import struct
import subprocess
import sys
import tempfile

WIDTH, HEIGHT = 1100, 1400
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic",
         "--window-size=%d,%d" % (WIDTH, HEIGHT)]


def chromium(url, *extra):
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(["chromium", "--user-data-dir=" + profile] + FLAGS +
                              list(extra) + [url], capture_output=True, text=True,
                              timeout=120)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    page, shot = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    url = "file://" + page
    chromium(url, "--screenshot=" + shot)
    size = png_size(shot) if os.path.exists(shot) else None
    if size != (WIDTH, HEIGHT):
        print("screenshot: expected a %dx%d PNG, got %s" % (WIDTH, HEIGHT, size))
        return 1
    if os.path.getsize(shot) < 20000:  # a blank page is a few KB
        print("screenshot: %d bytes, the page looks empty" % os.path.getsize(shot))
        return 1
    log = chromium(url, "--enable-logging=stderr", "--v=0", "--dump-dom")
    errors = [l for l in log.stderr.splitlines()
              if "CONSOLE" in l and ("Uncaught" in l or "rror" in l)]
    if errors:
        print("console errors:\n" + "\n".join(errors))
        return 1
    if 'class="finding' not in log.stdout or "<svg" not in log.stdout:
        print("the rendered page has no findings or no graph")
        return 1
    print("rendered %dx%d, no console errors" % size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
