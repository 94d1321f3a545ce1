#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`conntrack -L` on stdin, without what depends on the run: one line per entry, sorted, with
the protocol, the original direction's destination (address, port or ICMP type), the flags
([UNREPLIED], [ASSURED]) and the zone and helper fields; the timeout only as whether it is
within the bound given as argv[1] (a CT --timeout policy's), not its value."""
import sys

bound = int(sys.argv[1]) if len(sys.argv) > 1 else None
out = []
for line in sys.stdin:
    f = line.split()
    if not f or "=" not in line:
        continue
    keep = [f[0]]
    if bound is not None and f[2].isdigit():
        keep.append("timeout<=%d" % bound if int(f[2]) <= bound else "timeout>%d" % bound)
    seen = set()
    for t in f[3:]:
        k = t.split("=", 1)[0]
        if k in ("dst", "dport", "type", "code") and k not in seen:
            seen.add(k)
            keep.append(t)
        elif k in ("zone", "zone-orig", "zone-reply", "helper") or t in ("[UNREPLIED]", "[ASSURED]"):
            keep.append(t)
    out.append(" ".join(keep))
print("\n".join(sorted(out)))
