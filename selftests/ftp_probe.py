#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The smallest FTP exchange the kernel's FTP conntrack helper understands, for CT --helper ftp.

  ftp_probe.py server READY   listens on 21; to one client it sends a 220 greeting, answers its
                              PASV with a passive-mode reply (227, data port 10021), then serves
                              one connection on 10021 with the line "data" and exits; touches
                              READY once both sockets listen.
  ftp_probe.py client ADDR    reads the greeting from ADDR:21, sends PASV, reads the 227 reply,
                              connects to the data port it names, prints what it read there
                              ("data", or the error).

The helper parses the 227 reply of the control connection and expects the data connection, which
conntrack then sees as RELATED. It only parses a line that starts where an earlier one ended
(hence the greeting). Nothing waits on a clock: each step blocks on the previous one.
"""
import socket
import sys

DATA_PORT = 10021


def server(ready):
    ctl = socket.socket()
    ctl.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ctl.bind(("0.0.0.0", 21))
    ctl.listen(4)
    data = socket.socket()
    data.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    data.bind(("0.0.0.0", DATA_PORT))
    data.listen(4)
    open(ready, "w").close()
    ctl.settimeout(60)
    data.settimeout(60)
    c, _ = ctl.accept()
    ip = c.getsockname()[0].replace(".", ",")
    c.sendall(b"220 oxtables selftest\r\n")
    c.makefile("rb").readline()
    c.sendall(b"227 Entering Passive Mode (%s,%d,%d).\r\n"
              % (ip.encode(), DATA_PORT >> 8, DATA_PORT & 0xff))
    d, _ = data.accept()
    d.sendall(b"data\n")
    d.close()
    c.close()


def client(addr):
    c = socket.create_connection((addr, 21), timeout=10)
    f = c.makefile("rb")
    f.readline()
    c.sendall(b"PASV\r\n")
    line = f.readline().decode()
    if not line.startswith("227 "):
        print("no 227:", line.strip())
        return 1
    nums = line[line.index("(") + 1:line.index(")")].split(",")
    port = int(nums[4]) * 256 + int(nums[5])
    try:
        d = socket.create_connection((addr, port), timeout=5)
        print(d.makefile("rb").readline().decode().strip())
    except OSError as e:
        print("data connection:", e.__class__.__name__)
        return 1
    finally:
        c.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2])
    else:
        sys.exit(client(sys.argv[2]))
