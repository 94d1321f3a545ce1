#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""OXT_SO_SET_EDIT requests for the update.sh selftest (python3 stdlib only).

  update_hostile.py run      on oxtables.ko: every malformed request in turn, one line each,
                             "NAME ERRNO UNCHANGED|CHANGED" (ERRNO is OK or a symbolic errno;
                             the table is read with GET_INFO + GET_ENTRIES before and after),
                             then a valid append and a delete of it ("valid/... OK CHANGED")
  update_hostile.py probe    the errno of a well-formed edit (ENOPROTOOPT on ip_tables.ko)

The filter table must hold: INPUT with 2 rules, user chains FOO (1 rule) and BAR (empty).
Layouts: Documentation/abi.md, OXT_SO_SET_EDIT (x86_64, native byte order).
"""
import ctypes
import errno
import os
import socket
import struct
import sys

BASE = 64
SET_EDIT = BASE + 2
GET_INFO, GET_ENTRIES = BASE, BASE + 1
APPEND, INSERT, DELETE, REPLACE = 1, 2, 3, 4
ANY = 0xFFFFFFFF
DROP, ACCEPT = -1, -2


def ipt_ip(src=0, smsk=0, proto=0, flags=0):
    return struct.pack("<IIII16s16s16s16sHBB", src, 0, smsk, 0, b"", b"", b"", b"", proto, flags, 0)


def target(name, payload, revision=0, size=None):
    body = payload + bytes(-len(payload) % 8)
    return struct.pack("<H29sB", 32 + len(body) if size is None else size, name, revision) + body


def standard(verdict):
    return target(b"", struct.pack("<i", verdict))


def chain_target(name, revision=0, size=None):
    return target(b"OXT_CHAIN", name.ljust(32, b"\0"), revision, size)


def entry(tgt, ip=None, next_offset=None, target_offset=112, counters=(0, 0)):
    ip = ipt_ip(src=0x01020304, smsk=0xFFFFFFFF) if ip is None else ip
    size = 112 + len(tgt)
    nxt = size if next_offset is None else next_offset
    return ip + struct.pack("<IHHIQQ", 0, target_offset, nxt, 0, *counters) + tgt


def request(chain=b"INPUT", op=APPEND, rulenum=0, num_entries=ANY, rule=b"", table=b"filter",
            size=None):
    size = len(rule) if size is None else size
    return struct.pack("<32s32sIIII", table, chain, op, rulenum, num_entries, size) + rule


def sock():
    return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)


LIBC = ctypes.CDLL(None, use_errno=True)


def getsockopt_in(s, opt, data):
    """getsockopt with an input buffer (Python's socket.getsockopt cannot pass one in)."""
    buf = ctypes.create_string_buffer(data, len(data))
    optlen = ctypes.c_uint32(len(data))
    if LIBC.getsockopt(s.fileno(), socket.IPPROTO_IP, opt, buf, ctypes.byref(optlen)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return buf.raw[:optlen.value]


def read_table(s):
    """GET_INFO and GET_ENTRIES of filter: (num_entries, info, entries with counters)."""
    info = getsockopt_in(s, GET_INFO, b"filter".ljust(84, b"\0"))
    num_entries, size = struct.unpack_from("<II", info, 76)
    hdr = struct.pack("<32sI", b"filter", size) + bytes(4)
    blob = getsockopt_in(s, GET_ENTRIES, hdr + bytes(size))[40:]
    return num_entries, info, blob


def send(s, buf):
    try:
        s.setsockopt(socket.IPPROTO_IP, SET_EDIT, buf)
        return "OK"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def cases(n):
    ok_rule = entry(standard(ACCEPT))
    yield "header/short", request(rule=ok_rule)[:79]
    yield "header/empty", b""
    yield "header/size-too-big", request(rule=ok_rule, size=len(ok_rule) + 8)
    yield "header/size-too-small", request(rule=ok_rule, size=len(ok_rule) - 8)
    yield "header/trailing", request(rule=ok_rule) + bytes(8)
    yield "table/unknown", request(rule=ok_rule, table=b"nope")
    yield "table/security", request(rule=ok_rule, table=b"security")
    yield "op/zero", request(op=0, rulenum=1, rule=ok_rule)
    yield "op/five", request(op=5, rulenum=1, rule=ok_rule)
    yield "op/append-with-rulenum", request(op=APPEND, rulenum=1, rule=ok_rule)
    yield "op/insert-rulenum-0", request(op=INSERT, rulenum=0, rule=ok_rule)
    yield "chain/unknown", request(chain=b"NOPE", rule=ok_rule)
    yield "chain/other-table", request(chain=b"PREROUTING", rule=ok_rule)
    yield "rulenum/insert-past-end", request(op=INSERT, rulenum=4, rule=ok_rule)
    yield "rulenum/delete-past-end", request(op=DELETE, rulenum=3)
    yield "rulenum/replace-past-end", request(op=REPLACE, rulenum=3, rule=ok_rule)
    yield "rulenum/delete-empty-chain", request(chain=b"BAR", op=DELETE, rulenum=1)
    yield "rulenum/huge", request(op=DELETE, rulenum=0xFFFFFFFF)
    yield "stale/more", request(rule=ok_rule, num_entries=n + 1)
    yield "stale/fewer", request(rule=ok_rule, num_entries=n - 1)
    yield "delete/with-rule", request(op=DELETE, rulenum=1, rule=ok_rule)
    yield "entry/truncated", request(rule=ok_rule[:112])
    yield "entry/misaligned", request(rule=ok_rule + bytes(4))
    yield "entry/next-offset", request(rule=entry(standard(ACCEPT), next_offset=160))
    yield "entry/target-offset-small", request(rule=entry(standard(ACCEPT), target_offset=104))
    yield "entry/target-offset-big", request(rule=entry(standard(ACCEPT), target_offset=0xFFFF))
    yield "entry/target-not-last", request(rule=entry(standard(ACCEPT) + bytes(8)))
    yield "entry/unknown-flags", request(rule=entry(standard(ACCEPT), ip=ipt_ip(flags=0x80)))
    yield "target/offset-verdict", request(rule=entry(standard(0)))
    yield "target/bad-verdict", request(rule=entry(standard(-7)))
    yield "target/unknown", request(rule=entry(target(b"NOPE", bytes(8))))
    yield "target/standard-size", request(rule=entry(target(b"", bytes(16))))
    yield "chain-target/unknown", request(rule=entry(chain_target(b"NOPE")))
    yield "chain-target/builtin", request(rule=entry(chain_target(b"INPUT")))
    yield "chain-target/revision", request(rule=entry(chain_target(b"FOO", revision=1)))
    yield "chain-target/size", request(rule=entry(target(b"OXT_CHAIN", bytes(40))))
    # FOO's rule jumps to BAR: a jump from BAR to FOO loops.
    yield "loop/bar-to-foo", request(chain=b"BAR", rule=entry(chain_target(b"FOO")))
    yield "loop/self", request(chain=b"FOO", op=INSERT, rulenum=1, rule=entry(chain_target(b"FOO")))


def run():
    s = sock()
    n, _, _ = read_table(s)
    for name, buf in cases(n):
        before = read_table(s)
        res = send(s, buf)
        after = read_table(s)
        print(name, res, "UNCHANGED" if before == after else "CHANGED")
    # A valid append (by chain name, with counters) and the delete of it.
    before = read_table(s)
    res = send(s, request(chain=b"BAR", rule=entry(chain_target(b""), counters=(5, 500)),
                          num_entries=n))
    print("valid/append", res, "UNCHANGED" if read_table(s) == before else "CHANGED")
    res = send(s, request(chain=b"BAR", op=DELETE, rulenum=1, num_entries=n + 1))
    print("valid/delete", res, "UNCHANGED" if read_table(s) == before else "CHANGED")


def probe():
    print(send(sock(), request(rule=entry(standard(ACCEPT)))))


if __name__ == "__main__":
    {"run": run, "probe": probe}[sys.argv[1]]()
