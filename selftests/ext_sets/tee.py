"""Hostile TEE payloads for xt_hostile.py (cases(h) yields (name, blob)): tee_tg_check's zero
gateway and unterminated oif (EINVAL, in that order), the kernel-private priv pointer (garbage
from userspace, not shown by IPT_SO_GET_ENTRIES: .usersize), sizes, revisions, every table."""
import struct


def cases(h):
    IN, PRE, FWD, OUT, POST = h.IN, h.PRE, h.FWD, h.OUT, h.POST

    def trule(tg, hook=PRE, t="mangle"):
        return h.table(t, rules={hook: [h.Entry(tg)]})

    def tee(gw=b"\x0a\x00\x02\x02", oif=b"", priv=0, revision=1, size=None, tail=b""):
        p = struct.pack("=16s16sQ", gw, oif, priv) + tail
        return h.target(b"TEE", p, revision, size)

    yield "TEE", trule(tee())
    yield "TEE-oif", trule(tee(oif=b"r1"))
    yield "TEE-oif-missing-device", trule(tee(oif=b"nosuchdev0"))
    yield "TEE-oif-15", trule(tee(oif=b"o" * 15))
    yield "TEE-oif-unterminated", trule(tee(oif=b"o" * 16))
    yield "TEE-oif-nul-then-garbage", trule(tee(oif=b"r1\0garbage"))
    yield "TEE-oif-empty-then-garbage", trule(tee(oif=b"\0" + b"g" * 15))
    yield "TEE-zero-gateway", trule(tee(gw=bytes(16)))
    yield "TEE-zero-gateway-oif-unterminated", trule(tee(gw=bytes(16), oif=b"o" * 16))
    yield "TEE-zero-ipv4-nonzero-union", trule(tee(gw=bytes(15) + b"\x01"))
    yield "TEE-gateway-broadcast", trule(tee(gw=b"\xff" * 4))
    yield "TEE-priv-garbage", trule(tee(oif=b"r1", priv=0xa5a5a5a5a5a5a5a5))
    for rev in (0, 2, 255):
        yield "TEE-rev%d" % rev, trule(tee(revision=rev))
    yield "TEE-short", trule(h.target(b"TEE", bytes(4) + b"\x01" + bytes(27), 1))
    yield "TEE-long", trule(tee(tail=bytes(8)))
    for t, hook in (("raw", PRE), ("raw", OUT), ("mangle", IN), ("mangle", FWD), ("mangle", POST),
                    ("nat", PRE), ("nat", OUT), ("filter", IN), ("filter", FWD),
                    ("filter", OUT)):
        yield "TEE-in-%s-%s" % (t, h.HOOK_NAMES[hook]), trule(tee(oif=b"lo"), hook, t)
    yield "TEE-two-rules", h.table("mangle", rules={PRE: [h.Entry(tee(oif=b"r1")),
                                                         h.Entry(tee(oif=b"r1"))]})
    yield "TEE-then-bad", h.table("mangle", rules={PRE: [h.Entry(tee(oif=b"r1")),
                                                        h.Entry(tee(gw=bytes(16)))]})
