#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A small nfnetlink_queue consumer: binds QUEUE, copies packets, and answers each UDP
datagram by its destination port: ACCEPT for the ports in --accept, DROP otherwise. Writes
DIR/ready once bound, and after every verdict DIR/count (how many packets it answered) and a
line "dport verdict" to DIR/log.

usage: nfq_consumer.py DIR QUEUE ACCEPT_PORT..."""
import os
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_PACKET = 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR, NFQA_PAYLOAD = 1, 2, 10
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_DROP, NF_ACCEPT = 0, 1


def attr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def msg(mtype, queue, attrs, seq):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + attrs
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | mtype,
                       NLM_F_REQUEST | NLM_F_ACK * (mtype == NFQNL_MSG_CONFIG), seq, 0) + body


def attrs_of(b):
    out, off = {}, 0
    while off + 4 <= len(b):
        ln, t = struct.unpack_from("=HH", b, off)
        if ln < 4:
            break
        out[t & 0x3FFF] = b[off + 4:off + ln]
        off += (ln + 3) & ~3
    return out


def expect_ack(s):
    data = s.recv(65536)
    ln, t = struct.unpack_from("=IH", data, 0)
    if t == NLMSG_ERROR:
        err = struct.unpack_from("=i", data, 16)[0]
        if err:
            raise OSError(-err, "nfqueue config")


def main():
    d, queue, accept = sys.argv[1], int(sys.argv[2]), {int(p) for p in sys.argv[3:]}
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((0, 0))
    s.sendmsg([msg(NFQNL_MSG_CONFIG, queue,
                   attr(NFQA_CFG_CMD, struct.pack("=BBH", NFQNL_CFG_CMD_BIND, 0, 0)), 1)])
    expect_ack(s)
    s.sendmsg([msg(NFQNL_MSG_CONFIG, queue,
                   attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0xFFFF, NFQNL_COPY_PACKET)), 2)])
    expect_ack(s)
    open(os.path.join(d, "ready"), "w").close()
    count, seq = 0, 3
    log = open(os.path.join(d, "log"), "a", buffering=1)
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, t = struct.unpack_from("=IH", data, off)
            if ln < 16:
                break
            if t == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                a = attrs_of(data[off + 20:off + ln])
                pid = struct.unpack("!I", a[NFQA_PACKET_HDR][:4])[0]
                p = a.get(NFQA_PAYLOAD, b"")
                ihl = (p[0] & 15) * 4 if p else 0
                dport = struct.unpack_from("!H", p, ihl + 2)[0] if len(p) >= ihl + 4 else 0
                v = NF_ACCEPT if dport in accept else NF_DROP
                s.sendmsg([msg(NFQNL_MSG_VERDICT, queue,
                               attr(NFQA_VERDICT_HDR, struct.pack("!II", v, pid)), seq)])
                seq += 1
                count += 1
                log.write(f"{dport} {'ACCEPT' if v else 'DROP'}\n")
                with open(os.path.join(d, "count.tmp"), "w") as f:
                    f.write(f"{count}\n")
                os.replace(os.path.join(d, "count.tmp"), os.path.join(d, "count"))
            off += (ln + 3) & ~3


if __name__ == "__main__":
    main()
