#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rule sets for `make bench` (deterministic; no third-party data).

    bench_sets.py acl N CHAIN       ClassBench-style ACL: N rules in user chain CHAIN
    bench_sets.py kube N CHAIN      kube-proxy-shaped: CHAIN (KUBE-SERVICES) -> per-service chains
                                    -> endpoint chains, about N rules in all

Prints iptables-restore input for the filter table: the user chains only (with their
declarations and a final RETURN from CHAIN), no COMMIT, so the caller adds its own built-in
chains. No rule of either set matches the probe traffic: UDP from 10.0.9.0/24 to 10.0.9.2
port 9 (the generator checks every rule against it).
"""
import random
import sys

PROBE_SRC = (10 << 24) | (0 << 16) | (9 << 8)  # 10.0.9.0/24
PROBE_DST = (10 << 24) | (0 << 16) | (9 << 8) | 2
PROBE_PORT = 9


def ip(a):
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


def pfx_hits(addr, plen, lo, hi):
    """Whether prefix addr/plen contains any address in [lo, hi]."""
    if plen == 0:
        return True
    m = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
    return (lo & m) <= (addr & m) <= (hi & m)


def acl(n, chain, rng):
    # ClassBench-like field distributions: prefix lengths clustered at 0, 8..32 with peaks at
    # 16, 24 and 32; protocols tcp/udp/icmp/any; ports: wildcard, well-known single, ranges.
    lens = [0] * 2 + [8] + [16] * 3 + [20, 22] + [24] * 4 + [28, 30] + [32] * 5
    out = [f":{chain} - [0:0]"]
    done = 0
    while done < n:
        sl, dl = rng.choice(lens), rng.choice(lens)
        sa = rng.getrandbits(32) & ((0xFFFFFFFF << (32 - sl)) & 0xFFFFFFFF) if sl else 0
        da = rng.getrandbits(32) & ((0xFFFFFFFF << (32 - dl)) & 0xFFFFFFFF) if dl else 0
        proto = rng.choice(["tcp", "tcp", "tcp", "udp", "udp", "icmp", None])
        words = []
        if sl:
            words.append(f"-s {ip(sa)}/{sl}")
        if dl:
            words.append(f"-d {ip(da)}/{dl}")
        dlo, dhi = 0, 65535
        if proto:
            words.append(f"-p {proto}")
        if proto in ("tcp", "udp"):
            words.append(f"-m {proto}")
            k = rng.random()
            if k < 0.3:
                p = rng.choice([22, 25, 53, 80, 110, 143, 443, 993, 3306, 5432, 8080])
                p = p if rng.random() < 0.7 else rng.randrange(1, 65536)
                words.append(f"--dport {p}")
                dlo = dhi = p
            elif k < 0.6:
                lo = rng.randrange(1, 65000)
                hi = lo + rng.choice([1, 10, 100, 1000])
                hi = min(hi, 65535)
                words.append(f"--dport {lo}:{hi}")
                dlo, dhi = lo, hi
            if rng.random() < 0.2:
                words.append("--sport 1024:65535")
        elif proto == "icmp":
            words.append(f"-m icmp --icmp-type {rng.choice([0, 3, 8, 11])}")
        # Keep only rules the probe cannot match.
        hit = pfx_hits(sa, sl, PROBE_SRC, PROBE_SRC + 255) and pfx_hits(da, dl, PROBE_DST, PROBE_DST)
        hit = hit and proto in (None, "udp") and dlo <= PROBE_PORT <= dhi
        if hit:
            continue
        words.append(f"-j {rng.choice(['ACCEPT', 'DROP', 'DROP'])}")
        out.append(f"-A {chain} " + " ".join(words))
        done += 1
    out.append(f"-A {chain} -j RETURN")
    return out


def kube(n, chain, rng):
    # Per service: one KUBE-SERVICES rule, a KUBE-SVC chain with one statistic rule per endpoint
    # but the last, a KUBE-SEP chain per endpoint (mark + accept): about 1 + 2e + (e - 1) rules.
    decl = [f":{chain} - [0:0]"]
    rules = []
    total = 0
    s = 0
    while total < n:
        e = rng.choice([1, 2, 2, 3, 3, 5])
        vip = (10 << 24) | (96 << 16) | (s >> 8 << 8) + (s & 255) + 1
        vip = (10 << 24) | (96 << 16) | ((s // 250) << 8) | (s % 250 + 1)
        port = rng.choice([80, 443, 8080, 53, 9090, 6379, 5432])
        proto = "udp" if port == 53 else "tcp"
        svc = f"KUBE-SVC-{s:08X}"
        decl.append(f":{svc} - [0:0]")
        rules.append(
            f'-A {chain} -d {ip(vip)}/32 -p {proto} -m comment --comment "ns{s % 37}/svc{s}:p cluster IP" '
            f"-m {proto} --dport {port} -j {svc}"
        )
        total += 1
        for k in range(e):
            sep = f"KUBE-SEP-{s:06X}{k:02X}"
            decl.append(f":{sep} - [0:0]")
            ep = (10 << 24) | (244 << 16) | (((s * 5 + k) // 250 % 256) << 8) | ((s * 5 + k) % 250 + 1)
            left = e - k
            if left > 1:
                rules.append(
                    f"-A {svc} -m statistic --mode random --probability {1 / left:.11f} -j {sep}"
                )
            else:
                rules.append(f"-A {svc} -j {sep}")
            rules.append(f"-A {sep} -s {ip(ep)}/32 -j MARK --set-xmark 0x4000/0x4000")
            rules.append(f"-A {sep} -p {proto} -j ACCEPT")
            total += 3
        s += 1
    rules.append(f"-A {chain} -j RETURN")
    return decl + rules


def main():
    kind, n, chain = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(f"oxtables-{kind}-{n}")
    print("\n".join({"acl": acl, "kube": kube}[kind](n, chain, rng)))


if __name__ == "__main__":
    main()
