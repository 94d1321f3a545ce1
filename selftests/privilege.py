#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Every IPT_SO_* call, for privilege.sh (python3 stdlib only).

  privilege.py calls BASE...     each call on a UDP socket of this namespace, for each socket
                                 option base: "BASE CALL RESULT" lines (OK or the errno's name)
  privilege.py userns BASE...    sockets of this namespace opened first, then unshare(
                                 CLONE_NEWUSER): the calls on those sockets as root of the new user
                                 namespace ("outer BASE CALL RESULT"); then unshare(CLONE_NEWNET)
                                 and the same calls on a socket of that new namespace, which
                                 the new user namespace owns ("own BASE CALL RESULT")

The calls are well formed (the filter table, its real size, an empty table as the replace, no
counters), so a privileged caller gets OK from each, whichever engine serves BASE.
"""
import ctypes
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xt_hostile as h  # noqa: E402

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


def result(f):
    try:
        f()
        return "OK"
    except OSError as e:
        return h.errno.errorcode.get(e.errno, str(e.errno))


def calls(s, base):
    """(CALL, RESULT) for every IPT_SO_* option served at base."""
    info = {}

    def get_info():
        info["b"] = h.getsockopt_in(s, base, b"filter".ljust(84, b"\0"))

    def get_entries():
        size = struct.unpack_from("<I", info["b"], 80)[0] if "b" in info else 0
        h.getsockopt_in(s, base + 1, b"filter".ljust(32, b"\0") + struct.pack("<I4x", size) + bytes(size))

    def revision(name, opt):
        return lambda: h.getsockopt_in(s, base + opt, name.ljust(29, b"\0") + b"\0")

    def replace():
        n = struct.unpack_from("<I", info["b"], 76)[0] if "b" in info else 4
        s.setsockopt(socket.IPPROTO_IP, base, h.table("filter").encode(n))

    def add_counters():
        n = struct.unpack_from("<I", info["b"], 76)[0] if "b" in info else 4
        s.setsockopt(socket.IPPROTO_IP, base + 1,
                     b"filter".ljust(32, b"\0") + struct.pack("<I4x", n) + bytes(16 * n))

    return [("GET_INFO", result(get_info)), ("GET_ENTRIES", result(get_entries)),
            ("GET_REVISION_MATCH", result(revision(b"tcp", 2))),
            ("GET_REVISION_TARGET", result(revision(b"REJECT", 3))),
            ("SET_REPLACE", result(replace)), ("SET_ADD_COUNTERS", result(add_counters))]


def unshare(flags):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(flags) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def main():
    mode, bases = sys.argv[1], [int(b) for b in sys.argv[2:]]
    if mode == "calls":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for b in bases:
            for c, r in calls(s, b):
                print(b, c, r)
        return 0
    if mode == "userns":
        outer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        unshare(CLONE_NEWUSER)
        for b in bases:
            for c, r in calls(outer, b):
                print("outer", b, c, r)
        unshare(CLONE_NEWNET)
        own = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for b in bases:
            for c, r in calls(own, b):
                print("own", b, c, r)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
