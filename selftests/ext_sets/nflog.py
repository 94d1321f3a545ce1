"""Hostile NFLOG payloads for xt_hostile.py (cases(h) yields (name, blob)): sizes, revisions,
unknown flags, unterminated prefixes, every table."""
import struct


def cases(h):
    IN, PRE, OUT = h.IN, h.PRE, h.OUT

    def trule(tg, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(tg)]})

    def nflog(length=0, group=1, threshold=0, flags=0, pad=0, prefix=b"p", revision=0, tail=0):
        return h.target(b"NFLOG", struct.pack("=IHHHH64s", length, group, threshold, flags, pad,
                                              prefix) + bytes(tail), revision)

    yield "NFLOG", trule(nflog())
    yield "NFLOG-copy-len", trule(nflog(length=0xffffffff, flags=1))
    for f in (2, 3, 0x8000, 0xffff):
        yield "NFLOG-flags-%#x" % f, trule(nflog(flags=f))
    yield "NFLOG-prefix-full", trule(nflog(prefix=b"x" * 64))
    yield "NFLOG-prefix-63", trule(nflog(prefix=b"x" * 63))
    yield "NFLOG-prefix-full-bad-flags", trule(nflog(flags=4, prefix=b"x" * 64))
    yield "NFLOG-pad", trule(nflog(pad=0xffff, prefix=b"a\0garbage"))
    yield "NFLOG-rev1", trule(nflog(revision=1))
    yield "NFLOG-long", trule(nflog(tail=8))
    yield "NFLOG-short", trule(h.target(b"NFLOG", bytes(72), 0))
    for t, hook in (("mangle", PRE), ("raw", OUT), ("nat", OUT)):
        yield "NFLOG-in-%s" % t, trule(nflog(), hook, t)
