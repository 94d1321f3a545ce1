"""Hostile hashlimit payloads for xt_hashlimit.py's caller xt_hostile.py (cases(h) yields (name,
blob)): revisions 1 to 3 and their sizes (no revision 0), every hashlimit_mt_check_common check
in its order (names, times, masks, mode bits, rate match, byte mode, credit overflow), the
kernel-private table pointer, tables shared by rules with other settings, every table."""
import struct

DIP, DPT, SIP, SPT, INVERT, BYTES, RATE_MATCH = 1, 2, 4, 8, 16, 32, 64


def cases(h):
    IN, PRE, OUT, POST = h.IN, h.PRE, h.OUT, h.POST

    def info(revision=3, name=b"hl", mode=SIP, avg=1000000, burst=5, size=0, max_=0, gc=1000,
             expire=10000, interval=1, srcmask=32, dstmask=32, hinfo=0):
        if revision == 1:
            return struct.pack("<16sIIIIIIIBBxxQ", name, mode, avg, burst, size, max_, gc, expire,
                               srcmask, dstmask, hinfo)
        cfg = struct.pack("<QQIIIII", avg, burst, mode, size, max_, gc, expire)
        if revision == 2:
            cfg += struct.pack("<BBxx", srcmask, dstmask)
        else:
            cfg += struct.pack("<IBBxxxxxx", interval, srcmask, dstmask)
        return struct.pack("<255sx", name) + cfg + struct.pack("<Q", hinfo)

    def hl(revision=3, **kw):
        return h.match(b"hashlimit", info(revision=revision, **kw), revision)

    def mrule(*ms, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=list(ms))]})

    def rules(*ms, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m]) for m in ms]})

    for rev in (1, 2, 3):
        r = "rev%d" % rev
        avg1 = 10000 if rev == 1 else 1000000
        yield r, mrule(hl(rev, avg=avg1))
        yield r + "-hinfo-set", mrule(hl(rev, avg=avg1, hinfo=0xdeadbeef))
        yield r + "-short", mrule(h.match(b"hashlimit", info(rev)[:-8], rev))
        yield r + "-long", mrule(h.match(b"hashlimit", info(rev) + bytes(8), rev))
        # xt_check_proc_name first, then the config in hashlimit_mt_check_common's order.
        yield r + "-name-empty", mrule(hl(rev, avg=avg1, name=b"", gc=0))
        yield r + "-name-full", mrule(hl(rev, avg=avg1, name=b"x" * (16 if rev == 1 else 255)))
        yield r + "-name-dot", mrule(hl(rev, avg=avg1, name=b".", expire=0))
        yield r + "-name-dotdot", mrule(hl(rev, avg=avg1, name=b".."))
        yield r + "-name-slash", mrule(hl(rev, avg=avg1, name=b"a/b"))
        yield r + "-gc-0", mrule(hl(rev, avg=avg1, gc=0, srcmask=40))
        yield r + "-expire-0", mrule(hl(rev, avg=avg1, expire=0, mode=0x80))
        yield r + "-srcmask-33", mrule(hl(rev, avg=avg1, srcmask=33, mode=0x80))
        yield r + "-dstmask-33", mrule(hl(rev, avg=avg1, dstmask=33, burst=0))
        yield r + "-masks-0", mrule(hl(rev, avg=avg1, srcmask=0, dstmask=0))
        yield r + "-mode-unknown", mrule(hl(rev, avg=avg1, mode=SIP | 0x80, burst=0))
        yield r + "-mode-all", mrule(hl(rev, avg=avg1, mode=0x3f))
        yield r + "-rate-match", mrule(hl(rev, avg=avg1, mode=SIP | RATE_MATCH))
        yield r + "-burst-0", mrule(hl(rev, avg=avg1, burst=0))
        yield r + "-avg-0", mrule(hl(rev, avg=0))
        yield r + "-overflow", mrule(hl(rev, avg=0xffffffff, burst=0xffffffff))
        yield r + "-bytes", mrule(hl(rev, avg=16711935, burst=0, mode=SIP | BYTES))
        yield r + "-bytes-avg-1", mrule(hl(rev, avg=1, mode=SIP | BYTES))
        yield r + "-bytes-avg-0", mrule(hl(rev, avg=0, mode=SIP | BYTES))
        yield r + "-size-huge", mrule(hl(rev, avg=avg1, size=0x7fffffff, max_=16))
        yield r + "-max-huge", mrule(hl(rev, avg=avg1, size=16, max_=0xffffffff))
        yield r + "-in-nat", h.table("nat", rules={PRE: [h.Entry(h.ACCEPT, matches=[hl(rev, avg=avg1)])]})
        yield r + "-in-raw", h.table("raw", rules={OUT: [h.Entry(h.ACCEPT, matches=[hl(rev, avg=avg1)])]})
    # Revision 2 and 3 have 64-bit rates: the product of avg and burst wraps.
    yield "rev3-avg-product-wraps", mrule(hl(3, avg=1 << 62, burst=4))
    yield "rev3-1-day-burst-1000000", mrule(hl(3, avg=86400000000, burst=1000000))
    # Rate matching (revision 3): the rate and the interval.
    yield "rm", mrule(hl(3, mode=SIP | RATE_MATCH, avg=1000000, interval=1))
    yield "rm-avg-0", mrule(hl(3, mode=SIP | RATE_MATCH, avg=0, interval=0))
    yield "rm-avg-above-u32", mrule(hl(3, mode=SIP | RATE_MATCH, avg=1 << 32))
    yield "rm-interval-0", mrule(hl(3, mode=SIP | RATE_MATCH, interval=0))
    yield "rm-bytes", mrule(hl(3, mode=SIP | RATE_MATCH | BYTES, avg=1, burst=0))
    # Tables shared by name: another config is fine, the other rate-match setting is not (the
    # request fails, the first rule's table goes with it).
    yield "shared", rules(hl(3), hl(1, avg=10000, mode=DIP, burst=1), hl(2, mode=0))
    yield "shared-rm-mismatch", rules(hl(3), hl(3, mode=SIP | RATE_MATCH))
    yield "shared-rm-mismatch-rev", rules(hl(3, mode=SIP | RATE_MATCH), hl(2))
    yield "names-differ", rules(hl(3, name=b"a"), hl(3, name=b"b", mode=SIP | RATE_MATCH))
    yield "later-check-fails", rules(hl(3, name=b"c"), hl(3, name=b"d", gc=0))
    yield "twice-in-a-rule", mrule(hl(3), hl(3, name=b"e"))
    for t, hook in (("mangle", POST), ("raw", PRE), ("filter", OUT)):
        yield "in-%s" % t, h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[hl(3)])]})
