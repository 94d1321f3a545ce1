"""Hostile owner, time and devgroup payloads for xt_hostile.py (cases(h) yields (name, blob)):
sizes, revisions, every checkentry test (owner's flags and id ranges, time's daytimes and
flags, devgroup's flags), the hook restrictions (directly and through a chain), every table."""
import struct


def cases(h):
    IN, OUT, PRE, POST, FWD = h.IN, h.OUT, h.PRE, h.POST, h.FWD

    def rule(m, hook=OUT, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m])]})

    def owner(uid=(0, 0), gid=(0, 0), match=1, invert=0, revision=1):
        return h.match(b"owner", struct.pack("=IIIIBB2x", uid[0], uid[1], gid[0], gid[1],
                                             match, invert), revision)

    def time_m(date=(0, 0x7fffffff), daytime=(0, 86399), monthdays=0xfffffffe, weekdays=0xfe,
               flags=0, revision=0):
        return h.match(b"time", struct.pack("=IIIIIBB2x", date[0], date[1], daytime[0],
                                            daytime[1], monthdays, weekdays, flags), revision)

    def devgroup(flags=1, src=(5, 0xffffffff), dst=(6, 0xffffffff), revision=0):
        return h.match(b"devgroup", struct.pack("=IIIII", flags, src[0], src[1], dst[0], dst[1]),
                       revision)

    def via_chain(m, hook, t="filter"):
        return h.table(t, rules={hook: [h.Entry(("jump", "c"))]},
                       chains=[("c", [h.Entry(h.ACCEPT, matches=[m])])])

    # owner: revision 1 only (IPv4 list), OUTPUT and POSTROUTING only.
    yield "owner-uid", rule(owner())
    yield "owner-all-flags", rule(owner(uid=(0, 10), gid=(5, 7), match=0xf, invert=0xf))
    yield "owner-no-flags", rule(owner(match=0, invert=0xff))
    for bit in (0x10, 0x80):
        yield "owner-unknown-flag-%#x" % bit, rule(owner(match=1 | bit))
    yield "owner-socket-ranges-ignored", rule(owner(uid=(9, 1), gid=(0xffffffff, 0), match=4))
    yield "owner-uid-reversed", rule(owner(uid=(10, 5)))
    yield "owner-uid-max-invalid", rule(owner(uid=(0, 0xffffffff)))
    yield "owner-uid-min-invalid", rule(owner(uid=(0xffffffff, 0xffffffff)))
    yield "owner-uid-top", rule(owner(uid=(0xfffffffe, 0xfffffffe)))
    yield "owner-gid-reversed", rule(owner(gid=(7, 6), match=2))
    yield "owner-gid-invalid", rule(owner(gid=(0, 0xffffffff), match=2))
    yield "owner-uid-and-gid-bad", rule(owner(uid=(2, 1), gid=(2, 1), match=3))
    yield "owner-suppl-without-gid", rule(owner(match=8))
    yield "owner-rev0", rule(owner(revision=0))
    yield "owner-rev2", rule(owner(revision=2))
    yield "owner-short", rule(h.match(b"owner", bytes(16), 1))
    yield "owner-long", rule(h.match(b"owner", bytes(32), 1))
    yield "owner-postrouting", rule(owner(), POST, "mangle")
    yield "owner-nat-output", rule(owner(), OUT, "nat")
    yield "owner-raw-output", rule(owner(match=4), OUT, "raw")
    yield "owner-input", rule(owner(), IN)
    yield "owner-forward", rule(owner(match=4), FWD)
    yield "owner-prerouting", rule(owner(), PRE, "mangle")
    yield "owner-nat-prerouting", rule(owner(), PRE, "nat")
    yield "owner-via-chain-from-input", via_chain(owner(), IN)
    yield "owner-via-chain-from-output", via_chain(owner(), OUT)
    yield "owner-unreachable-chain", h.table("filter", chains=[("c", [h.Entry(h.ACCEPT, matches=[owner()])])])
    # The hook check comes before checkentry's.
    yield "owner-input-unknown-flag", rule(owner(match=0x11), IN)

    # time: revision 0 (family-independent), any table and hook.
    yield "time", rule(time_m(), IN)
    yield "time-everything", rule(time_m(date=(0xffffffff, 0), daytime=(86399, 0), monthdays=0,
                                         weekdays=0, flags=3))
    yield "time-daytime-start-86400", rule(time_m(daytime=(86400, 0)))
    yield "time-daytime-stop-86400", rule(time_m(daytime=(0, 86400)))
    yield "time-daytime-huge", rule(time_m(daytime=(0xffffffff, 0xffffffff), flags=0xff))
    for f in (4, 0x80, 0xfc):
        yield "time-flags-%#x" % f, rule(time_m(flags=f))
    yield "time-kerneltz", rule(time_m(flags=1))
    yield "time-contiguous-forward", rule(time_m(flags=2))
    yield "time-contiguous-equal", rule(time_m(daytime=(100, 100), flags=2))
    yield "time-contiguous-wrap", rule(time_m(daytime=(82800, 3600), flags=3))
    yield "time-rev1", rule(time_m(revision=1))
    yield "time-short", rule(h.match(b"time", bytes(16)))
    yield "time-long", rule(h.match(b"time", bytes(32)))
    yield "time-padding", rule(h.match(b"time", time_m()[32:54] + b"\xff\xff"))
    for t, hook in (("nat", PRE), ("raw", OUT), ("mangle", POST), ("filter", FWD)):
        yield "time-in-%s" % t, rule(time_m(), hook, t)

    # devgroup: revision 0 (family-independent); --src-group from PREROUTING/INPUT/FORWARD,
    # --dst-group from FORWARD/OUTPUT/POSTROUTING.
    yield "devgroup-src-input", rule(devgroup(1), IN)
    yield "devgroup-src-output", rule(devgroup(1), OUT)
    yield "devgroup-src-inv-postrouting", rule(devgroup(3), POST, "mangle")
    yield "devgroup-dst-output", rule(devgroup(4), OUT)
    yield "devgroup-dst-input", rule(devgroup(4), IN)
    yield "devgroup-dst-prerouting", rule(devgroup(12), PRE, "raw")
    yield "devgroup-both-forward", rule(devgroup(15), FWD)
    yield "devgroup-both-input", rule(devgroup(5), IN)
    yield "devgroup-both-output", rule(devgroup(5), OUT)
    yield "devgroup-invert-only", rule(devgroup(10), OUT)
    yield "devgroup-no-flags", rule(devgroup(0), PRE, "nat")
    for f in (0x10, 0x80000000, 0xfffffff0):
        yield "devgroup-unknown-flags-%#x" % f, rule(devgroup(f), FWD)
    yield "devgroup-unknown-flags-and-bad-hook", rule(devgroup(0x11), OUT)
    yield "devgroup-masks", rule(devgroup(5, src=(0xffffffff, 0), dst=(0, 0xffffffff)), FWD)
    yield "devgroup-rev1", rule(devgroup(revision=1), IN)
    yield "devgroup-short", rule(h.match(b"devgroup", bytes(16)), IN)
    yield "devgroup-long", rule(h.match(b"devgroup", bytes(32)), IN)
    yield "devgroup-src-via-chain-from-output", via_chain(devgroup(1), OUT)
    yield "devgroup-dst-via-chain-from-forward", via_chain(devgroup(4), FWD)
