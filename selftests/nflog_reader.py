#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A small nfnetlink_log reader (what `NFLOG` rules hand to userspace).

    nflog_reader.py OUT GROUP...

Binds the groups (NFULNL_CFG_CMD_BIND), then writes OUT.ready and one line per logged packet
to OUT: group, hook, prefix, the payload's length and its IPv4 header fields (and the ports
of TCP/UDP). Once OUT.stop exists it reads what is left in the socket, writes OUT.done and
exits: every packet logged with a queue threshold of 1 is in the socket when it is sent, so
the lines do not depend on timing."""
import os
import select
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_ULOG = 4
NFULNL_MSG_PACKET = 0
NFULNL_MSG_CONFIG = 1
NFULA_CFG_CMD = 1
NFULNL_CFG_CMD_BIND = 1
NFULA_PACKET_HDR = 1
NFULA_PAYLOAD = 9
NFULA_PREFIX = 10
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2


def attrs(b):
    """The netlink attributes in b, as {type: payload}."""
    out = {}
    off = 0
    while off + 4 <= len(b):
        ln, ty = struct.unpack_from("=HH", b, off)
        if ln < 4:
            break
        out[ty & 0x7fff] = b[off + 4:off + ln]
        off += (ln + 3) & ~3
    return out


def describe(group, a):
    hook = a[NFULA_PACKET_HDR][2] if NFULA_PACKET_HDR in a else "-"
    prefix = a.get(NFULA_PREFIX, b"").rstrip(b"\0").decode(errors="replace")
    p = a.get(NFULA_PAYLOAD, b"")
    line = "group=%d hook=%s prefix=%r len=%d" % (group, hook, prefix, len(p))
    if len(p) >= 20:
        ihl = (p[0] & 15) * 4
        tot, proto = struct.unpack_from("!H", p, 2)[0], p[9]
        line += " tot=%d proto=%d %s>%s" % (tot, proto, socket.inet_ntoa(p[12:16]),
                                             socket.inet_ntoa(p[16:20]))
        if proto in (6, 17) and len(p) >= ihl + 4:
            # Ephemeral ports (the client's) as E: they differ from run to run.
            ports = ["E" if n >= 32768 else str(n) for n in struct.unpack_from("!HH", p, ihl)]
            line += " ports=%s>%s" % tuple(ports)
    return line


def main():
    out, groups = sys.argv[1], [int(g) for g in sys.argv[2:]]
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((0, 0))
    for seq, g in enumerate(groups, 1):
        attr = struct.pack("=HHB3x", 5, NFULA_CFG_CMD, NFULNL_CFG_CMD_BIND)
        body = struct.pack("=BBH", socket.AF_INET, 0, socket.htons(g)) + attr
        hdr = struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_CONFIG,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0)
        s.send(hdr + body)
        r = s.recv(65536)
        ty = struct.unpack_from("=H", r, 4)[0]
        err = struct.unpack_from("=i", r, 16)[0] if ty == NLMSG_ERROR else -1
        if err != 0:
            sys.exit("bind group %d: %d" % (g, err))
    f = open(out, "w", buffering=1)
    open(out + ".ready", "w").close()
    stopping = False
    while True:
        if not stopping and os.path.exists(out + ".stop"):
            stopping = True
        ready, _, _ = select.select([s], [], [], 0 if stopping else 0.05)
        if not ready:
            if stopping:
                break
            continue
        b = s.recv(1 << 20)
        off = 0
        while off + 16 <= len(b):
            ln, ty = struct.unpack_from("=IH", b, off)
            if ln < 16:
                break
            if ty == (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET:
                group = socket.ntohs(struct.unpack_from("=H", b, off + 18)[0])
                f.write(describe(group, attrs(b[off + 20:off + ln])) + "\n")
            off += (ln + 3) & ~3
    f.close()
    open(out + ".done", "w").close()


main()
