"""Hostile physdev payloads for xt_hostile.py (cases(h) yields (name, blob)): sizes,
revisions, the bitmask, empty and unterminated names, and the output tests from OUTPUT
(physdev_mt_check_hooks) before the rest (physdev_mt_check)."""
import struct

IN, OUT, BRIDGED, ISIN, ISOUT = 1, 2, 4, 8, 16


def cases(h):
    def rule(m, hook=h.FWD, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m])]})

    def info(bitmask, invert=0, indev=b"r0", inmask=b"\xff" * 3, outdev=b"r1", outmask=b"\xff" * 3):
        return struct.pack("=16s16s16s16sBB", indev, inmask, outdev, outmask, invert, bitmask)

    def physdev(*a, revision=0, **kw):
        return h.match(b"physdev", info(*a, **kw), revision)

    yield "physdev-in", rule(physdev(IN))
    yield "physdev-all", rule(physdev(31, 31))
    yield "physdev-invert-garbage", rule(physdev(ISIN, 0xe0))
    yield "physdev-bitmask-0", rule(physdev(0))
    yield "physdev-bitmask-32", rule(physdev(32 | IN))
    yield "physdev-bitmask-128", rule(physdev(128))
    yield "physdev-in-empty", rule(physdev(IN, indev=b""))
    yield "physdev-in-unterminated", rule(physdev(IN | OUT, indev=b"x" * 16, outdev=b""))
    yield "physdev-out-empty", rule(physdev(IN | OUT, outdev=b""))
    yield "physdev-out-unterminated", rule(physdev(OUT, outdev=b"y" * 16))
    yield "physdev-names-unchecked", rule(physdev(ISIN, indev=b"x" * 16, outdev=b""))
    yield "physdev-rev1", rule(physdev(IN, revision=1))
    yield "physdev-short", rule(h.match(b"physdev", info(IN)[:64]))
    yield "physdev-long", rule(h.match(b"physdev", info(IN) + bytes(8)))
    # OUTPUT: output tests need --physdev-is-bridged, not inverted; checked before the bitmask.
    yield "physdev-out-in-output", rule(physdev(OUT), h.OUT)
    yield "physdev-isout-in-output", rule(physdev(ISOUT), h.OUT)
    yield "physdev-out-bad-bitmask-in-output", rule(physdev(OUT | 64), h.OUT)
    yield "physdev-out-inverted-bridged-in-output", rule(physdev(OUT | BRIDGED, BRIDGED), h.OUT)
    yield "physdev-out-bridged-in-output", rule(physdev(OUT | BRIDGED), h.OUT)
    yield "physdev-out-in-mangle-output", rule(physdev(ISOUT), h.OUT, "mangle")
    yield "physdev-out-in-nat-output", rule(physdev(ISOUT), h.OUT, "nat")
    yield "physdev-out-in-raw-output", rule(physdev(OUT), h.OUT, "raw")
    yield "physdev-out-postrouting", rule(physdev(OUT), h.POST, "mangle")
    yield "physdev-out-via-chain-from-output", h.table(
        "filter", rules={h.OUT: [h.Entry(("jump", "c"))]},
        chains=[("c", [h.Entry(h.ACCEPT, matches=[physdev(ISOUT)])])])
    yield "physdev-out-in-unreachable-chain", h.table(
        "filter", chains=[("c", [h.Entry(h.ACCEPT, matches=[physdev(ISOUT)])])])
