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

A TCP probe moves a fixed number of packets, so per-rule counters are exact:
  open:     SYN ->, <- SYN/ACK, ACK ->, RST -> (SO_LINGER 0 close)
  closed:   SYN ->, <- RST
  filtered: SYN ->, nothing back within 0.6 s, the socket is closed before the first
            retransmission (1 s): exactly one SYN
Exit status: 0 for open (tcp), 1 otherwise.
"""
import errno
import socket
import struct
import sys
import time


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
    s.close()  # linger 0: RST
    print("open")
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


def serve():
    socks = []
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
    while True:
        time.sleep(3600)


def seq(ip):
    for port in (8080, 9090, 7070):
        print("tcp %s:%d:" % (ip, port), end=" ", flush=True)
        tcp(ip, port)
    udp(ip, 5000, 3)
    udp(ip, 5001, 2)
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
