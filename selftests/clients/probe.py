#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""TCP servers and connection probes for selftests/clients.sh (python3 stdlib only).

  probe.py serve READY PORT...   TCP listeners on every PORT that never accept; writes the file
                                 READY once every port listens (run in the background)
  probe.py tcp IP PORT...        one connection attempt per PORT, in order: "PORT open|closed|filtered"
  probe.py burst IP PORT N       N attempts to PORT back to back, one line each: "PORT#I VERDICT"
  probe.py serve-peer READY PORT...
                                 listeners on every PORT that accept and answer each connection
                                 with the address it came from, then close it
  probe.py peer IP PORT          one connection to a serve-peer PORT: "PORT from ADDRESS" (the
                                 source address the server saw), or the verdict if it failed

A probe moves a fixed number of packets, so what the firewall sees does not depend on timing:
  open:     SYN ->, <- SYN/ACK, ACK ->, RST -> (SO_LINGER 0 close)
  closed:   SYN ->, <- RST or ICMP port unreachable (a REJECT)
  filtered: SYN ->, nothing back within 0.8 s, the socket is closed before the first
            retransmission (1 s): exactly one SYN (a DROP)
"""
import errno
import os
import select
import signal
import socket
import struct
import sys

FILTERED_WAIT_S = 0.8


def serve(ready, ports):
    socks = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(128)
        socks.append(s)
    with open(ready + ".tmp", "w") as f:
        f.write(" ".join(str(p) for p in ports) + "\n")
    os.rename(ready + ".tmp", ready)
    while True:
        signal.pause()


def serve_peer(ready, ports):
    socks = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(128)
        socks.append(s)
    with open(ready + ".tmp", "w") as f:
        f.write(" ".join(str(p) for p in ports) + "\n")
    os.rename(ready + ".tmp", ready)
    while True:
        r, _, _ = select.select(socks, [], [])
        for s in r:
            c, addr = s.accept()
            try:
                c.sendall((addr[0] + "\n").encode())
            except OSError:
                pass
            c.close()


def peer(ip, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        verdict = attempt(ip, port, s)
        if verdict != "open":
            return verdict
        s.setblocking(True)
        s.settimeout(30)
        data = b""
        while True:
            chunk = s.recv(64)
            if not chunk:
                break
            data += chunk
        return "from " + data.decode().strip()
    finally:
        s.close()


def attempt(ip, port, s=None):
    keep = s is not None
    if s is None:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.setblocking(False)
    try:
        rc = s.connect_ex((ip, port))
        if rc == errno.EINPROGRESS:
            _, w, _ = select.select([], [s], [], FILTERED_WAIT_S)
            if not w:
                return "filtered"
            rc = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if rc == 0:
            return "open"
        if rc == errno.ECONNREFUSED:
            return "closed"
        return "error " + errno.errorcode.get(rc, str(rc))
    finally:
        if not keep:
            s.close()


def main(argv):
    if len(argv) >= 3 and argv[0] == "serve":
        serve(argv[1], [int(p) for p in argv[2:]])
    elif len(argv) >= 2 and argv[0] == "tcp":
        for p in argv[2:]:
            print(p, attempt(argv[1], int(p)), flush=True)
    elif len(argv) >= 3 and argv[0] == "serve-peer":
        serve_peer(argv[1], [int(p) for p in argv[2:]])
    elif len(argv) == 3 and argv[0] == "peer":
        print(argv[2], peer(argv[1], int(argv[2])), flush=True)
    elif len(argv) == 4 and argv[0] == "burst":
        for i in range(1, int(argv[3]) + 1):
            print("%s#%d" % (argv[2], i), attempt(argv[1], int(argv[2])), flush=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
