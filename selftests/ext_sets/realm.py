"""Hostile realm payloads for xt_hostile.py (cases(h) yields (name, blob)): sizes, revisions,
every hook (upstream's .hooks: INPUT, FORWARD, OUTPUT, POSTROUTING), odd invert bytes."""
import struct


def cases(h):
    def rule(m, hook=h.IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m])]})

    def realm(rid=5, mask=0xffffffff, invert=0, revision=0, size=None):
        return h.match(b"realm", struct.pack("=IIB3x", rid, mask, invert), revision, size)

    yield "realm", rule(realm())
    yield "realm-invert-255", rule(realm(invert=255))
    yield "realm-garbage", rule(h.match(b"realm", bytes([0xff]) * 12))
    yield "realm-rev1", rule(realm(revision=1))
    yield "realm-short", rule(h.match(b"realm", bytes(8)))
    yield "realm-long", rule(h.match(b"realm", bytes(20)))
    for hook, t in ((h.PRE, "mangle"), (h.IN, "mangle"), (h.FWD, "mangle"), (h.OUT, "raw"),
                    (h.PRE, "raw"), (h.POST, "nat"), (h.PRE, "nat")):
        yield "realm-hook-%d-%s" % (hook, t), rule(realm(), hook, t)
    yield "realm-via-chain-from-prerouting", h.table(
        "mangle", rules={h.PRE: [h.Entry(("jump", "c"))]},
        chains=[("c", [h.Entry(h.ACCEPT, matches=[realm()])])])
