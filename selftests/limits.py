#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The limit cases of IPT_SO_SET_REPLACE for the limits.sh selftest (python3 stdlib only).

  limits.py cap        blobs at and just below x_tables' 512 MiB cap (the buffer is an untouched
                       anonymous mapping: whatever an engine copies reads zero pages); one line
                       per blob, "NAME ERRNO"
  limits.py chains N   a filter table with N user chains (each an ERROR head and a RETURN);
                       prints "chains N ERRNO DIGEST" (DIGEST: GET_ENTRIES read back, counters
                       zeroed)
  limits.py deep N     INPUT jumps (udp dport 9) into c0, c0 into c1, ... c(N-1), which ACCEPTs
                       and counts; prints "deep N ERRNO"
  limits.py counters   the deep table's counters: "c(N-1) PACKETS" and INPUT's first rule's
  limits.py memcg      sends a 10^4-rule table (built before; the caller has moved this process
                       into a small memory cgroup when it reads "ready" on stdout and writes a
                       line back); prints "memcg ERRNO"
  limits.py restore    puts the empty filter table back

Every refused blob must leave the table byte for byte as it was ("CHANGED-AFTER-..." if not).
"""
import ctypes
import mmap
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xt_hostile as xh  # noqa: E402

XT_MAX_TABLE_SIZE = 512 << 20
XT_TABLE_INFO_SIZE = 64  # sizeof(struct xt_table_info) on x86_64
IPT_REPLACE_SIZE = 96
LIBC = ctypes.CDLL(None, use_errno=True)
# A replace writes the old table's counters (16 bytes per entry) back to the address in the header:
# room for the 10^5-chain table's 200,004 entries (xt_hostile's own buffer holds 4096).
xh.COUNTERS = ctypes.create_string_buffer(16 * 250000)


def errname(e):
    return xh.errno.errorcode.get(e, str(e))


def send_raw(s, addr, length):
    """setsockopt(IPT_SO_SET_REPLACE) with a buffer address and a length of our own."""
    if LIBC.setsockopt(s.fileno(), socket.IPPROTO_IP, xh.SET_REPLACE, ctypes.c_void_p(addr),
                       ctypes.c_uint32(length)) != 0:
        return errname(ctypes.get_errno())
    return "OK"


def digest(blob):
    return xh.entries_digest(blob)


def checked(s, name, res, before):
    if res != "OK" and xh.entries(s, "filter") != before:
        return "CHANGED-AFTER-" + res
    return res


def cap():
    s = xh.sock()
    length = XT_MAX_TABLE_SIZE + 4096
    mem = mmap.mmap(-1, length, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | 0x4000,  # MAP_NORESERVE
                    prot=mmap.PROT_READ | mmap.PROT_WRITE)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
    cases = [
        # 64 + size == 512 MiB: xt_alloc_table_info refuses (>=), ENOMEM before any copy.
        ("at-cap", XT_MAX_TABLE_SIZE - XT_TABLE_INFO_SIZE),
        # The largest size upstream's check lets through is not tried here: it allocates and
        # copies 512 MiB, which a 1 GiB VM may or may not have (ENOMEM or EINVAL by memory).
        ("above-cap", XT_MAX_TABLE_SIZE),
        ("u32-max", 0xFFFFFFFF - IPT_REPLACE_SIZE),
    ]
    for name, size in cases:
        hdr = xh.table("filter").encode(xh.count(s, "filter"))[:IPT_REPLACE_SIZE]
        hdr = bytearray(hdr)
        struct.pack_into("<I", hdr, 40, size)  # size
        mem[0:IPT_REPLACE_SIZE] = bytes(hdr)
        before = xh.entries(s, "filter")
        # The length the header promises: len >= 96 + size passes do_replace's truncation check.
        want = min(IPT_REPLACE_SIZE + size, 0xFFFFFFFF)
        res = send_raw(s, addr, want)
        print(name, checked(s, name, res, before), flush=True)
        # The same header with a length one short of 96 + size: EINVAL comes first.
        res = send_raw(s, addr, want - 1)
        print(name + "-short", checked(s, name, res, before), flush=True)
    return 0


def chains_blob(n, nc):
    """A filter table with n user chains, built directly (xh.table is too slow at 10^5)."""
    ip = xh.ipt_ip()
    std = xh.std_target
    policy = ip + struct.pack("<IHHI", 0, 112, 152, 0) + bytes(16) + std(-2)
    ret = ip + struct.pack("<IHHI", 0, 112, 152, 0) + bytes(16) + std(-5)
    parts, off = [], 0
    he = [0] * 5
    uf = [0] * 5
    for h in (xh.IN, xh.FWD, xh.OUT):
        he[h] = uf[h] = off
        parts.append(policy)
        off += 152
    for i in range(n):
        head = ip + struct.pack("<IHHI", 0, 112, 176, 0) + bytes(16) + xh.error_target(b"c%d" % i)
        parts.append(head)
        parts.append(ret)
        off += 176 + 152
    end = ip + struct.pack("<IHHI", 0, 112, 176, 0) + bytes(16) + xh.error_target(b"ERROR")
    parts.append(end)
    body = b"".join(parts)
    hdr = struct.pack("<32sIII5I5IIQ", b"filter", 0b1110, 3 + 2 * n + 1, len(body), *he, *uf,
                      nc, ctypes.addressof(xh.COUNTERS))
    return hdr + body


def deep_blob(n, nc):
    """INPUT: -p udp --dport 9 -j c0; c(i): -j c(i+1); c(n-1): -j ACCEPT; policies ACCEPT."""
    b = xh.table("filter", rules={
        xh.IN: [xh.Entry(("jump", "c0"), ip=xh.ipt_ip(proto=xh.UDP), matches=[xh.udp_match(dpts=(9, 9))])],
    }, chains=[("c%d" % i, [xh.Entry(("jump", "c%d" % (i + 1)) if i + 1 < n else xh.ACCEPT)])
               for i in range(n)])
    return b.encode(nc)


def entry_counters(blob):
    """(packets) of every entry in a GET_ENTRIES blob, in order."""
    out, off = [], 0
    while off + 112 <= len(blob):
        pcnt = struct.unpack_from("<Q", blob, off + 96)[0]
        out.append(pcnt)
        nxt = struct.unpack_from("<H", blob, off + 90)[0]
        if nxt == 0:
            break
        off += nxt
    return out


def big_rules_blob(n, nc):
    """n rules in INPUT, each a distinct source /32 to DROP (none matches local traffic)."""
    ent = []
    std = xh.std_target(-1)
    for i in range(n):
        ip = xh.ipt_ip(src=socket.htonl(0x0a000000 + i), smsk=0xffffffff)
        ent.append(ip + struct.pack("<IHHI", 0, 112, 152, 0) + bytes(16) + std)
    pol = xh.ipt_ip() + struct.pack("<IHHI", 0, 112, 152, 0) + bytes(16) + xh.std_target(-2)
    he = [0] * 5
    uf = [0] * 5
    he[xh.IN] = 0
    uf[xh.IN] = 152 * n
    he[xh.FWD] = uf[xh.FWD] = 152 * n + 152
    he[xh.OUT] = uf[xh.OUT] = 152 * n + 304
    end = xh.ipt_ip() + struct.pack("<IHHI", 0, 112, 176, 0) + bytes(16) + xh.error_target(b"ERROR")
    body = b"".join(ent) + pol + pol + pol + end
    hdr = struct.pack("<32sIII5I5IIQ", b"filter", 0b1110, n + 4, len(body), *he, *uf, nc,
                      ctypes.addressof(xh.COUNTERS))
    return hdr + body


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    s = xh.sock()
    if cmd == "cap":
        return cap()
    if cmd == "chains":
        n = int(sys.argv[2])
        before = xh.entries(s, "filter")
        res = checked(s, "chains", xh.send(s, chains_blob(n, xh.count(s, "filter"))), before)
        print("chains", n, res, digest(xh.entries(s, "filter")) if res == "OK" else "-")
        return 0
    if cmd == "deep":
        n = int(sys.argv[2])
        before = xh.entries(s, "filter")
        res = checked(s, "deep", xh.send(s, deep_blob(n, xh.count(s, "filter"))), before)
        print("deep", n, res)
        return 0
    if cmd == "counters":
        c = entry_counters(xh.entries(s, "filter"))
        # Entry 0 is INPUT's jump; the ACCEPT of the last chain is the entry before the last
        # chain's RETURN, i.e. the third from the end (ACCEPT, RETURN, ERROR).
        print("input-jump", c[0], "last-accept", c[-3])
        return 0
    if cmd == "memcg":
        n = int(sys.argv[2])
        blob = big_rules_blob(n, xh.count(s, "filter"))
        before = xh.entries(s, "filter")
        print("ready", flush=True)
        sys.stdin.readline()
        res = checked(s, "memcg", xh.send(s, blob), before)
        print("memcg", res, flush=True)
        return 0
    if cmd == "restore":
        xh.restore_empty(s, "filter")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
