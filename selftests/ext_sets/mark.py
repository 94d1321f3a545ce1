"""Hostile mark, MARK, connmark and CONNMARK payloads for xt_hostile.py (cases(h) yields
(name, blob)): sizes, revisions, the CONNMARK shift checks, every table."""
import struct


def cases(h):
    IN, PRE, OUT = h.IN, h.PRE, h.OUT

    def mrule(m, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m])]})

    def trule(tg, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(tg)]})

    def mark_m(mark=1, mask=0xffffffff, invert=0, revision=1):
        return h.match(b"mark", struct.pack("=IIB3x", mark, mask, invert), revision)

    def connmark_m(mark=1, mask=0xffffffff, invert=0, revision=1):
        return h.match(b"connmark", struct.pack("=IIB3x", mark, mask, invert), revision)

    def mark_t(mark=1, mask=0xffffffff, revision=2):
        return h.target(b"MARK", struct.pack("=II", mark, mask), revision)

    def cm1(ctmark=1, ctmask=0xffffffff, nfmask=0xffffffff, mode=0):
        return h.target(b"CONNMARK", struct.pack("=IIIB3x", ctmark, ctmask, nfmask, mode), 1)

    def cm2(ctmark=1, ctmask=0xffffffff, nfmask=0xffffffff, shift_dir=0, shift_bits=0, mode=0):
        return h.target(b"CONNMARK", struct.pack("=IIIBBBx", ctmark, ctmask, nfmask, shift_dir,
                                                 shift_bits, mode), 2)

    yield "mark", mrule(mark_m())
    yield "mark-invert-2", mrule(mark_m(invert=2))
    yield "mark-rev0", mrule(mark_m(revision=0))
    yield "mark-rev2", mrule(mark_m(revision=2))
    yield "mark-short", mrule(h.match(b"mark", bytes(8), 1))
    yield "mark-in-raw", mrule(mark_m(), PRE, "raw")
    yield "connmark", mrule(connmark_m())
    yield "connmark-rev0", mrule(connmark_m(revision=0))
    yield "connmark-long", mrule(h.match(b"connmark", bytes(16), 1))
    yield "connmark-in-nat", mrule(connmark_m(), PRE, "nat")
    for t, hook in (("filter", IN), ("mangle", PRE), ("raw", OUT), ("nat", OUT)):
        yield "MARK-in-%s" % t, trule(mark_t(), hook, t)
    yield "MARK-rev0", trule(mark_t(revision=0))
    yield "MARK-rev1", trule(mark_t(revision=1))
    yield "MARK-rev3", trule(mark_t(revision=3))
    yield "MARK-long", trule(h.target(b"MARK", bytes(16), 2))
    yield "CONNMARK-rev0", trule(h.target(b"CONNMARK", bytes(8), 0))
    for mode in (0, 1, 2, 3, 255):
        yield "CONNMARK-rev1-mode-%d" % mode, trule(cm1(mode=mode))
        yield "CONNMARK-rev2-mode-%d" % mode, trule(cm2(mode=mode))
    yield "CONNMARK-rev2-shift-left-31", trule(cm2(shift_dir=0, shift_bits=31, mode=1))
    yield "CONNMARK-rev2-shift-right-32", trule(cm2(shift_dir=1, shift_bits=32, mode=1))
    yield "CONNMARK-rev2-shift-dir-2", trule(cm2(shift_dir=2, mode=1))
    yield "CONNMARK-rev2-shift-bits-255", trule(cm2(shift_bits=255, mode=2))
    yield "CONNMARK-rev2-with-rev1-size", trule(h.target(b"CONNMARK", bytes(16), 2)[:0] +
                                              h.target(b"CONNMARK", struct.pack("=III", 1, 2, 3), 2))
    yield "CONNMARK-in-raw", trule(cm2(mode=1), PRE, "raw")
    yield "CONNMARK-in-nat", trule(cm2(mode=1), OUT, "nat")
