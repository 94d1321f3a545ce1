#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print a large iptables-save ruleset for the filter table: CHAINS user chains holding RULES
rules in all, INPUT jumping to every chain, a mix of the supported matches. Deterministic."""
import sys

rules = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
chains = int(sys.argv[2]) if len(sys.argv) > 2 else 500
per = max(1, rules // chains)

print("*filter")
print(":INPUT ACCEPT [0:0]")
print(":FORWARD ACCEPT [0:0]")
print(":OUTPUT ACCEPT [0:0]")
for c in range(chains):
    print(f":c{c:04d} - [0:0]")
n = 0
for c in range(chains):
    print(f"-A INPUT -s 10.{c // 250}.{c % 250}.0/24 -j c{c:04d}")
    n += 1
for c in range(chains):
    for r in range(per):
        if n >= rules:
            break
        k = r % 4
        addr = f"-s 10.{c // 250}.{c % 250}.{r % 250 + 1}/32"
        if k == 0:
            print(f"-A c{c:04d} {addr} -p tcp -m tcp --dport {1000 + r} -j ACCEPT")
        elif k == 1:
            print(f"-A c{c:04d} {addr} -p udp -m udp --sport {2000 + r}:{2100 + r} -j DROP")
        elif k == 2:
            print(f"-A c{c:04d} -d 192.168.{r % 250}.0/24 -i veth+ -p icmp -m icmp --icmp-type 8 -j RETURN")
        else:
            print(f"-A c{c:04d} ! {addr} -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP")
        n += 1
print("COMMIT")
