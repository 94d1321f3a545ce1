#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic traffic probes for the xt_*.sh selftests (python3 stdlib only).

  xt_probe.py listen PORT          TCP listener that never accepts (run in the background)
  xt_probe.py ulisten PORT...      UDP sockets that never read (no ICMP port unreachable back)
  xt_probe.py tcp IP PORT          one TCP connection attempt; prints open/closed/filtered
  xt_probe.py udp IP PORT COUNT    COUNT datagrams of 20 bytes payload (48 bytes on the wire)
  xt_probe.py serve                TCP listeners on 8080 and 9090, UDP sockets on 5000 and 5001
  xt_probe.py seq IP               tcp IP 8080, 9090, 7070 (one line each), then 3 datagrams to
                                   IP:5000 and 2 to IP:5001 (one process: TCG is slow to start one)

With XT_PROBE_TCPMSS=PATH in the environment (the rule sets that ask for it), serve also records
the MSS option of every SYN the server receives (a raw socket, after the server's own netfilter
hooks) and answers a dump request on the Unix socket PATH; seq then also prints the MSS each
open connection settled on (TCP_MAXSEG), sends the crafted SYNs of RAW_SYNS from raw sockets
(answered by SYN/ACK or RST, which the client's kernel answers with a RST of its own: a fixed
number of packets), and prints the server's record: what the SYNs said when they arrived, and
whether their TCP checksum (complete for the crafted ones) was right.

A TCP probe moves a fixed number of packets, so per-rule counters are exact:
  open:     SYN ->, <- SYN/ACK, ACK ->, RST -> (SO_LINGER 0 close)
  closed:   SYN ->, <- RST
  filtered: SYN ->, nothing back within 0.6 s, the socket is closed before the first
            retransmission (1 s): exactly one SYN
Exit status: 0 for open (tcp), 1 otherwise.
"""
import errno
import os
import select
import socket
import struct
import sys
import time

# The crafted SYNs of the TCPMSS probe: (source port, destination port, TCP options, payload).
# Source ports below the ephemeral range, so rules can tell them from the stack's.
RAW_SYNS = (
    (20001, 8080, b"", b""),  # no MSS option: one can be added
    (20002, 9090, b"\x02\x04\x23\x28", b""),  # MSS 9000
    (20003, 8080, b"\x02\x04\x05\xb4", b"8 bytes!"),  # MSS 1460, and data
    (20004, 8080, b"", b"8 bytes!"),  # no MSS, data after the header: none can be added
    (20005, 8080, b"\x01" * 40, b""),  # no MSS, a 60-byte header: none can be added
    (20006, 7070, b"", b""),  # no MSS, to the closed port
    (20007, 8080, b"", b""),  # no MSS (the client's OUTPUT may add one)
)
TCPMSS_PORTS = (8080, 9090, 7070)


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1000)
    while True:
        time.sleep(3600)


def ulisten(ports):
    socks = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", port))
        socks.append(s)
    while True:
        time.sleep(3600)


def tcp(ip, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    try:
        s.connect((ip, port))
    except ConnectionRefusedError:
        print("closed")
        return 1
    except (socket.timeout, TimeoutError, OSError) as e:
        if isinstance(e, OSError) and e.errno not in (None, errno.ETIMEDOUT, errno.EHOSTUNREACH):
            print("error", e.errno)
            return 1
        print("filtered")
        return 1
    if os.environ.get("XT_PROBE_TCPMSS"):
        print("open mss=%d" % s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG))
    else:
        print("open")
    s.close()  # linger 0: RST
    return 0


def udp(ip, port, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(count):
        try:
            s.sendto(b"0123456789abcdefghij", (ip, port))
        except OSError:  # EPERM when a local OUTPUT rule drops it
            pass
    s.close()
    return 0


def csum(b):
    """The one's complement sum of b (RFC 1071), folded, not complemented."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def tcp_csum_ok(ip, seg):
    pseudo = ip[12:20] + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(seg))
    return csum(pseudo + seg) == 0xffff


def mss_of(seg):
    """The first MSS option of a TCP segment (tcpmss_mt's walk), or None."""
    hlen = (seg[12] >> 4) * 4
    opts, i = seg[20:hlen], 0
    while i < len(opts):
        if opts[i] == 2 and len(opts) - i >= 4 and opts[i + 1] == 4:
            return struct.unpack("!H", opts[i + 2:i + 4])[0]
        if opts[i] < 2 or i == len(opts) - 1:
            i += 1
        else:
            i += opts[i + 1] or 1
    return None


def syn_record(pkt):
    """What the server's record says of a packet from its raw socket (None: not a pure SYN)."""
    ihl = (pkt[0] & 0x0f) * 4
    ip, seg = pkt[:ihl], pkt[ihl:struct.unpack("!H", pkt[2:4])[0]]
    if len(seg) < 20 or seg[13] & 0x12 != 0x02:
        return None
    sport, dport = struct.unpack("!HH", seg[:4])
    if dport not in TCPMSS_PORTS:
        return None
    mss = mss_of(seg)
    hlen = (seg[12] >> 4) * 4
    crafted = any(sport == r[0] for r in RAW_SYNS)
    # The stack's SYNs leave with a partial checksum (offloaded): only the crafted ones can
    # be checked; their ephemeral source ports are not printed.
    who = "raw %d" % sport if crafted else "stack"
    line = "server got SYN %s -> %d: mss %s, header %d, data %d" % (
        who, dport, "none" if mss is None else mss, hlen, len(seg) - hlen)
    if crafted:
        line += ", checksum " + ("ok" if tcp_csum_ok(ip, seg) else "BAD")
    return line


def serve_tcpmss(path, socks):
    """The server's SYN record: a raw socket read into a list, dumped on request on the Unix
    socket path (after draining what the raw socket has queued: every SYN the server got before
    the request is in the dump)."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ctl.bind(path)
    ctl.listen(4)
    socks += [raw, ctl]
    return raw, ctl


def serve_loop(raw, ctl):
    seen = []

    def drain(block):
        raw.setblocking(block)
        try:
            while True:
                rec = syn_record(raw.recv(65535))
                if rec:
                    seen.append(rec)
                if block:
                    return
        except BlockingIOError:
            pass

    while True:
        r, _, _ = select.select([raw, ctl], [], [])
        if raw in r:
            drain(True)
        if ctl in r:
            c, _ = ctl.accept()
            drain(False)
            c.sendall("".join(x + "\n" for x in seen).encode())
            c.close()


def serve():
    socks = []
    path = os.environ.get("XT_PROBE_TCPMSS")
    # Before the listeners: whoever waits for them finds the record ready.
    raw = ctl = None
    if path:
        raw, ctl = serve_tcpmss(path, socks)
    for port in (8080, 9090):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(1000)
        socks.append(s)
    for port in (5000, 5001):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", port))
        socks.append(s)
    if raw:
        serve_loop(raw, ctl)
    while True:
        time.sleep(3600)


def local_addr(ip):
    """The source address the client uses towards ip."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.connect((ip, 9))
    a = u.getsockname()[0]
    u.close()
    return a


def rawsyn(ip, sport, dport, opts, data):
    """Sends one crafted SYN and prints what comes back: the SYN/ACK's MSS, or a reset."""
    src = local_addr(ip)
    hlen = 20 + len(opts)
    seg = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, (hlen // 4) << 4, 0x02, 64240, 0, 0)
    seg += opts + data
    pseudo = socket.inet_aton(src) + socket.inet_aton(ip) + struct.pack(
        "!BBH", 0, socket.IPPROTO_TCP, len(seg))
    seg = seg[:16] + struct.pack("!H", 0xffff ^ csum(pseudo + seg)) + seg[18:]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    s.sendto(seg, (ip, 0))
    print("rawsyn %d -> %d:" % (sport, dport), end=" ", flush=True)
    # The answer, or nothing within 5 s (a bound for a broken rewrite, never reached otherwise).
    deadline = time.monotonic() + 5
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            print("none")
            break
        pkt = s.recv(65535)
        ihl = (pkt[0] & 0x0f) * 4
        if pkt[12:16] != socket.inet_aton(ip) or len(pkt) < ihl + 20:
            continue
        r = pkt[ihl:]
        if struct.unpack("!HH", r[:4]) != (dport, sport):
            continue
        if r[13] & 0x04:
            print("rst")
        else:
            mss = mss_of(r)
            print("synack mss=%s" % ("none" if mss is None else mss))
        break
    s.close()


def tcpmss_dump(path):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(path)
    out = b""
    while True:
        b = c.recv(65536)
        if not b:
            break
        out += b
    c.close()
    sys.stdout.write(out.decode())


def seq(ip):
    for port in (8080, 9090, 7070):
        print("tcp %s:%d:" % (ip, port), end=" ", flush=True)
        tcp(ip, port)
    udp(ip, 5000, 3)
    udp(ip, 5001, 2)
    path = os.environ.get("XT_PROBE_TCPMSS")
    if path:
        for sport, dport, opts, data in RAW_SYNS:
            rawsyn(ip, sport, dport, opts, data)
        tcpmss_dump(path)
    time.sleep(0.3)
    return 0


def main():
    cmd = sys.argv[1]
    if cmd == "listen":
        return listen(int(sys.argv[2]))
    if cmd == "serve":
        return serve()
    if cmd == "seq":
        return seq(sys.argv[2])
    if cmd == "ulisten":
        return ulisten([int(p) for p in sys.argv[2:]])
    if cmd == "tcp":
        return tcp(sys.argv[2], int(sys.argv[3]))
    if cmd == "udp":
        return udp(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    print("usage: xt_probe.py listen PORT | tcp IP PORT | udp IP PORT COUNT", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
