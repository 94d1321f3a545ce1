"""Hostile addrtype and comment payloads for xt_hostile.py (cases(h) yields (name, blob))."""
import struct


def cases(h):
    IN, OUT, PRE, POST, FWD = h.IN, h.OUT, h.PRE, h.POST, h.FWD

    def rule(m, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m])]})

    def at0(src=0, dst=0, inv_s=0, inv_d=0, **kw):
        return h.match(b"addrtype", struct.pack("=HHII", src, dst, inv_s, inv_d), **kw)

    def at1(src=0, dst=0, flags=0, **kw):
        return h.match(b"addrtype", struct.pack("=HHI", src, dst, flags), revision=1, **kw)

    yield "rev0", rule(at0(src=4, dst=0xffff, inv_s=0xffffffff, inv_d=2))
    yield "rev0-short", rule(h.match(b"addrtype", bytes(8)))
    yield "rev1", rule(at1(src=4, dst=2, flags=3))
    yield "rev1-unknown-flags", rule(at1(src=4, flags=0xfff0))
    yield "rev1-long", rule(h.match(b"addrtype", bytes(16), revision=1))
    yield "rev2", rule(h.match(b"addrtype", bytes(8), revision=2))
    yield "rev1-limit-in-from-input", rule(at1(src=4, flags=4))
    yield "rev1-limit-out-from-input", rule(at1(src=4, flags=8))
    yield "rev1-limit-out-from-output", rule(at1(src=4, flags=8), OUT)
    yield "rev1-limit-in-from-output", rule(at1(src=4, flags=4), OUT)
    yield "rev1-limit-both-from-forward", rule(at1(src=4, flags=12), FWD)
    yield "rev1-limit-in-prerouting", rule(at1(dst=4, flags=4), PRE, "mangle")
    yield "rev1-limit-in-postrouting", rule(at1(dst=4, flags=4), POST, "mangle")
    yield "rev1-limit-out-nat-prerouting", rule(at1(dst=4, flags=8), PRE, "nat")
    yield "rev1-limit-in-raw", rule(at1(dst=4, flags=4), PRE, "raw")
    # a limit flag reached only through a chain from OUTPUT
    yield "rev1-limit-in-via-chain-from-output", h.table("filter", rules={OUT: [h.Entry(("jump", "c"))]},
                                                       chains=[("c", [h.Entry(h.ACCEPT, matches=[at1(src=4, flags=4)])])])
    yield "rev1-limit-in-unreachable-chain", h.table("filter", chains=[("c", [h.Entry(h.ACCEPT, matches=[at1(src=4, flags=4)])])])

    yield "comment", rule(h.match(b"comment", b"hello".ljust(256, b"\0")))
    yield "comment-unterminated", rule(h.match(b"comment", b"x" * 256))
    yield "comment-short", rule(h.match(b"comment", bytes(248)))
    yield "comment-long", rule(h.match(b"comment", bytes(264)))
    yield "comment-rev1", rule(h.match(b"comment", bytes(256), revision=1))
    yield "comment-in-nat", rule(h.match(b"comment", bytes(256)), PRE, "nat")
