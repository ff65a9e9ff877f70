#!/usr/bin/env python3
"""corrupt_session.py MODE IN OUT

Writes to OUT a damaged copy of the session file IN, for the analyzer's
bad-input tests. MODE:
  short-header   the first 100 bytes only
  cut-body       the header, and half of what it says was written
  bad-magic      the session magic overwritten
  bad-version    version 99
  bad-chunk      the first chunk's magic overwritten
  bad-record     the first record's size made larger than its chunk
  bad-string     the first record's first string length made huge
  empty          a zero-byte file
"""
import struct
import sys

PAGE = 4096


def damage(mode, data):
    data = bytearray(data)
    if mode == "short-header":
        return data[:100]
    if mode == "cut-body":
        used = struct.unpack_from("<Q", data, 24)[0]
        return data[:PAGE + (used - PAGE) // 2]
    if mode == "bad-magic":
        data[0:8] = b"NOTTANGL"
    elif mode == "bad-version":
        struct.pack_into("<I", data, 8, 99)
    elif mode == "bad-chunk":
        struct.pack_into("<I", data, PAGE, 0xDEADBEEF)
    elif mode == "bad-record":
        struct.pack_into("<I", data, PAGE + 32 + 4, 1 << 20)
    elif mode == "bad-string":
        # The first record of the first chunk is a THREAD or PROCESS record;
        # find the first PROCESS record and give its executable path a huge length.
        at = PAGE + 32
        fill = struct.unpack_from("<I", data, PAGE + 16)[0]
        while at < PAGE + 32 + fill:
            rtype, _, size = struct.unpack_from("<HHI", data, at)
            if rtype == 1:
                struct.pack_into("<I", data, at + 32, 1 << 30)
                break
            at += size
        else:
            raise SystemExit("no process record to damage")
    elif mode == "empty":
        return b""
    else:
        raise SystemExit("unknown mode " + mode)
    return data


def main():
    mode, src, dst = sys.argv[1:4]
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        f.write(damage(mode, data))


if __name__ == "__main__":
    main()
