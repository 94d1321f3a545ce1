"""Hostile DSCP, TOS, TTL, CLASSIFY and CHECKSUM payloads for xt_hostile.py (cases(h) yields
(name, blob)): sizes, revisions, every checkentry rejection, tables and hooks (directly and
through user chains)."""
import struct


def cases(h):
    PRE, IN, FWD, OUT, POST = h.PRE, h.IN, h.FWD, h.OUT, h.POST
    INV_PROTO = 0x40

    def trule(tg, hook=PRE, t="mangle", ip=None):
        return h.table(t, rules={hook: [h.Entry(tg, ip=ip)]})

    def via_chain(tg, hooks, t="mangle"):
        """tg in user chain c, jumped to from each of hooks (none: c is unreachable)."""
        return h.table(t, rules={hk: [h.Entry(("jump", "c"))] for hk in hooks},
                       chains=[("c", [h.Entry(tg)])])

    def dscp(d=0x2e, revision=0):
        return h.target(b"DSCP", struct.pack("=B", d), revision)

    def tos(value=0x10, mask=0x3f, revision=1):
        return h.target(b"TOS", struct.pack("=BB", value, mask), revision)

    def ttl(mode=0, v=64, revision=0):
        return h.target(b"TTL", struct.pack("=BB", mode, v), revision)

    def classify(prio=0x10002, revision=0):
        return h.target(b"CLASSIFY", struct.pack("=I", prio), revision)

    def checksum(op=1, revision=0):
        return h.target(b"CHECKSUM", struct.pack("=B", op), revision)

    udp = h.ipt_ip(proto=h.UDP)

    # DSCP (rev 0, mangle): the codepoint is at most 63 (EDOM).
    for hook in (PRE, IN, FWD, OUT, POST):
        yield "DSCP-hook-%d" % hook, trule(dscp(), hook)
    for d in (0, 63):
        yield "DSCP-%d" % d, trule(dscp(d))
    for d in (64, 0x80, 255):
        yield "DSCP-%d" % d, trule(dscp(d))
    yield "DSCP-rev1", trule(dscp(revision=1))
    yield "DSCP-rev255", trule(dscp(revision=255))
    yield "DSCP-empty", trule(h.target(b"DSCP", b""))
    yield "DSCP-long", trule(h.target(b"DSCP", bytes(16)))
    yield "DSCP-padding-garbage", trule(h.target(b"DSCP", b"\x01" + b"\xff" * 7))
    for t, hook in (("filter", IN), ("raw", PRE), ("nat", OUT)):
        yield "DSCP-in-%s" % t, trule(dscp(), hook, t)
    yield "DSCP-64-in-filter", trule(dscp(64), IN, "filter")
    yield "DSCP-via-chain", via_chain(dscp(), (PRE, POST))
    yield "DSCP-64-unreachable", via_chain(dscp(64), ())
    yield "dscp-as-target", trule(h.target(b"dscp", bytes(2)))

    # TOS (rev 1, mangle, no check); rev 0 is gone from the kernel.
    for hook in (PRE, IN, FWD, OUT, POST):
        yield "TOS-hook-%d" % hook, trule(tos(), hook)
    for v, m in ((0, 0), (0xff, 0xff), (0, 0xed), (0x12, 0)):
        yield "TOS-%02x-%02x" % (v, m), trule(tos(v, m))
    yield "TOS-rev0", trule(h.target(b"TOS", struct.pack("=B", 0x10), 0))
    yield "TOS-rev2", trule(tos(revision=2))
    yield "TOS-empty", trule(h.target(b"TOS", b"", 1))
    yield "TOS-long", trule(h.target(b"TOS", bytes(16), 1))
    for t, hook in (("filter", FWD), ("raw", OUT), ("nat", POST)):
        yield "TOS-in-%s" % t, trule(tos(), hook, t)
    yield "TOS-via-chain-in-filter", via_chain(tos(), (IN,), "filter")

    # TTL (rev 0, mangle): mode at most IPT_TTL_DEC, no zero step (EINVAL).
    for mode in (0, 1, 2):
        yield "TTL-mode-%d" % mode, trule(ttl(mode, 1))
    yield "TTL-set-0", trule(ttl(0, 0))
    yield "TTL-inc-0", trule(ttl(1, 0))
    yield "TTL-dec-0", trule(ttl(2, 0))
    yield "TTL-inc-255", trule(ttl(1, 255), FWD)
    for mode in (3, 4, 255):
        yield "TTL-mode-%d" % mode, trule(ttl(mode, 1))
    yield "TTL-mode-3-zero", trule(ttl(3, 0))
    yield "TTL-rev1", trule(ttl(revision=1))
    yield "TTL-short", trule(h.target(b"TTL", b"", 0))
    yield "TTL-long", trule(h.target(b"TTL", bytes(16), 0))
    for t, hook in (("filter", OUT), ("raw", PRE), ("nat", PRE)):
        yield "TTL-in-%s" % t, trule(ttl(), hook, t)
    yield "TTL-bad-mode-in-filter", trule(ttl(9, 0), OUT, "filter")
    yield "TTL-bad-mode-unreachable", via_chain(ttl(9, 0), ())
    yield "TTL-as-match", h.table("mangle", rules={PRE: [h.Entry(h.ACCEPT, matches=[
        h.match(b"TTL", struct.pack("=BB", 0, 1))])]})
    yield "HL-in-ipv4", trule(h.target(b"HL", struct.pack("=BB", 0, 1)))

    # CLASSIFY (rev 0, any table, OUTPUT/FORWARD/POSTROUTING only).
    for hook in (FWD, OUT, POST):
        yield "CLASSIFY-mangle-hook-%d" % hook, trule(classify(), hook)
    for hook in (PRE, IN):
        yield "CLASSIFY-mangle-hook-%d" % hook, trule(classify(), hook)
    yield "CLASSIFY-filter-out", trule(classify(), OUT, "filter")
    yield "CLASSIFY-filter-fwd", trule(classify(), FWD, "filter")
    yield "CLASSIFY-filter-in", trule(classify(), IN, "filter")
    yield "CLASSIFY-raw-out", trule(classify(), OUT, "raw")
    yield "CLASSIFY-raw-pre", trule(classify(), PRE, "raw")
    yield "CLASSIFY-nat-post", trule(classify(), POST, "nat")
    yield "CLASSIFY-nat-out", trule(classify(), OUT, "nat")
    yield "CLASSIFY-nat-pre", trule(classify(), PRE, "nat")
    yield "CLASSIFY-via-chain-fwd-post", via_chain(classify(), (FWD, POST))
    yield "CLASSIFY-via-chain-fwd-in", via_chain(classify(), (FWD, IN))
    yield "CLASSIFY-via-chain-pre", via_chain(classify(), (PRE,))
    yield "CLASSIFY-unreachable", via_chain(classify(), ())
    yield "CLASSIFY-max", trule(classify(0xffffffff), POST)
    yield "CLASSIFY-rev1", trule(classify(revision=1), POST)
    yield "CLASSIFY-short", trule(h.target(b"CLASSIFY", b"", 0), POST)
    yield "CLASSIFY-long", trule(h.target(b"CLASSIFY", bytes(16), 0), POST)
    yield "CLASSIFY-long-from-pre", trule(h.target(b"CLASSIFY", bytes(16), 0), PRE)

    # CHECKSUM (rev 0, mangle): only XT_CHECKSUM_OP_FILL, and it must be there.
    yield "CHECKSUM-udp", trule(checksum(), POST, ip=udp)
    yield "CHECKSUM-any-proto", trule(checksum(), POST)
    yield "CHECKSUM-tcp", trule(checksum(), FWD, ip=h.ipt_ip(proto=h.TCP))
    yield "CHECKSUM-not-udp", trule(checksum(), OUT, ip=h.ipt_ip(proto=h.UDP, invflags=INV_PROTO))
    for hook in (PRE, IN):
        yield "CHECKSUM-hook-%d" % hook, trule(checksum(), hook, ip=udp)
    for op in (0, 2, 3, 0x80, 0xff):
        yield "CHECKSUM-op-%d" % op, trule(checksum(op), POST, ip=udp)
    yield "CHECKSUM-rev1", trule(checksum(revision=1), POST, ip=udp)
    yield "CHECKSUM-empty", trule(h.target(b"CHECKSUM", b"", 0), POST, ip=udp)
    yield "CHECKSUM-long", trule(h.target(b"CHECKSUM", bytes(16), 0), POST, ip=udp)
    for t, hook in (("filter", OUT), ("raw", OUT), ("nat", POST)):
        yield "CHECKSUM-in-%s" % t, trule(checksum(), hook, t, ip=udp)
    yield "CHECKSUM-op-0-in-filter", trule(checksum(0), OUT, "filter", ip=udp)
    yield "CHECKSUM-op-2-unreachable", via_chain(checksum(2), ())

    # Every target in one mangle table, reached from the hooks CLASSIFY allows.
    yield "all-in-mangle", h.table("mangle", rules={
        FWD: [h.Entry(dscp()), h.Entry(tos()), h.Entry(ttl(2, 1)), h.Entry(classify()),
              h.Entry(checksum(), ip=udp)],
        POST: [h.Entry(("jump", "c"))],
    }, chains=[("c", [h.Entry(tos(0, 0xff)), h.Entry(classify(1)), h.Entry(ttl(1, 1))])])
