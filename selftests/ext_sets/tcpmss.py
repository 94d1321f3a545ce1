"""Hostile tcpmss and TCPMSS payloads for xt_hostile.py (cases(h) yields (name, blob)): sizes,
revisions, the protocol check, TCPMSS's SYN-match and path-MTU hook checks, every table."""
import struct

CLAMP = 0xffff
INV_PROTO = 0x40
INV_FLAGS = 0x04


def cases(h):
    PRE, IN, FWD, OUT, POST = h.PRE, h.IN, h.FWD, h.OUT, h.POST
    tcp_ip = h.ipt_ip(proto=h.TCP)

    def syn(**kw):
        # --syn: --tcp-flags FIN,SYN,RST,ACK SYN
        args = dict(flg_mask=0x17, flg_cmp=0x02)
        args.update(kw)
        return h.tcp_match(**args)

    def tcpmss_m(lo=536, hi=1460, invert=0, revision=0, size=None):
        return h.match(b"tcpmss", struct.pack("=HHB", lo, hi, invert), revision, size)

    def tcpmss_t(mss=1400, revision=0, payload=None):
        return h.target(b"TCPMSS", struct.pack("=H", mss) if payload is None else payload,
                        revision)

    def trule(tg, matches=None, hook=FWD, t="mangle", ip=None):
        m = [syn()] if matches is None else matches
        return h.table(t, rules={hook: [h.Entry(tg, ip=ip or tcp_ip, matches=m)]})

    def mrule(m, hook=IN, t="filter", ip=None):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, ip=ip or tcp_ip, matches=[m])]})

    # The match: -p tcp (not inverted), 8 bytes, revision 0; any values.
    yield "tcpmss", mrule(tcpmss_m())
    yield "tcpmss-inverted", mrule(tcpmss_m(invert=1))
    yield "tcpmss-invert-2", mrule(tcpmss_m(invert=2))
    yield "tcpmss-min-above-max", mrule(tcpmss_m(lo=2000, hi=1000))
    yield "tcpmss-no-proto", mrule(tcpmss_m(), ip=h.ipt_ip())
    yield "tcpmss-udp", mrule(tcpmss_m(), ip=h.ipt_ip(proto=h.UDP))
    yield "tcpmss-proto-inverted", mrule(tcpmss_m(), ip=h.ipt_ip(proto=h.TCP, invflags=INV_PROTO))
    yield "tcpmss-long", mrule(h.match(b"tcpmss", bytes(16)))
    yield "tcpmss-empty", mrule(h.match(b"tcpmss", b""))
    yield "tcpmss-rev1", mrule(tcpmss_m(revision=1))
    for t, hook in (("mangle", PRE), ("raw", OUT), ("nat", POST)):
        yield "tcpmss-in-%s" % t, mrule(tcpmss_m(), hook, t)
    # The target: -p tcp, 8 bytes, revision 0.
    yield "TCPMSS-set", trule(tcpmss_t())
    yield "TCPMSS-set-0", trule(tcpmss_t(0))
    yield "TCPMSS-set-65534", trule(tcpmss_t(0xfffe))
    yield "TCPMSS-clamp", trule(tcpmss_t(CLAMP))
    yield "TCPMSS-no-proto", trule(tcpmss_t(), ip=h.ipt_ip())
    yield "TCPMSS-udp", trule(tcpmss_t(), matches=[], ip=h.ipt_ip(proto=h.UDP))
    yield "TCPMSS-proto-inverted", trule(tcpmss_t(CLAMP), hook=PRE,
                                         ip=h.ipt_ip(proto=h.TCP, invflags=INV_PROTO))
    yield "TCPMSS-long", trule(tcpmss_t(payload=bytes(16)))
    yield "TCPMSS-empty", trule(tcpmss_t(payload=b""))
    yield "TCPMSS-rev1", trule(tcpmss_t(revision=1))
    # find_syn_match: a tcp match whose flg_cmp has SYN, flags not inverted.
    yield "TCPMSS-no-match", trule(tcpmss_t(), matches=[])
    yield "TCPMSS-only-tcpmss-match", trule(tcpmss_t(), matches=[tcpmss_m()])
    yield "TCPMSS-syn-rst", trule(tcpmss_t(), matches=[syn(flg_mask=0x06)])
    yield "TCPMSS-synack", trule(tcpmss_t(), matches=[syn(flg_mask=0x12, flg_cmp=0x12)])
    yield "TCPMSS-cmp-syn-mask-0", trule(tcpmss_t(), matches=[syn(flg_mask=0)])
    yield "TCPMSS-mask-syn-cmp-ack", trule(tcpmss_t(), matches=[syn(flg_mask=0x12, flg_cmp=0x10)])
    yield "TCPMSS-syn-inverted", trule(tcpmss_t(), matches=[syn(invflags=INV_FLAGS)])
    yield "TCPMSS-dport-inverted", trule(tcpmss_t(), matches=[syn(invflags=0x0b)])
    yield "TCPMSS-second-match", trule(tcpmss_t(), matches=[tcpmss_m(), syn()])
    yield "TCPMSS-inverted-then-syn", trule(tcpmss_t(), matches=[syn(invflags=INV_FLAGS), syn()])
    # --clamp-mss-to-pmtu from FORWARD, OUTPUT and POSTROUTING only (check_hooks, before the
    # SYN check); --set-mss anywhere.
    for hook, name in ((PRE, "PREROUTING"), (IN, "INPUT"), (FWD, "FORWARD"), (OUT, "OUTPUT"),
                       (POST, "POSTROUTING")):
        yield "TCPMSS-clamp-%s" % name, trule(tcpmss_t(CLAMP), hook=hook)
        yield "TCPMSS-set-%s" % name, trule(tcpmss_t(1000), hook=hook)
    yield "TCPMSS-clamp-PREROUTING-no-syn", trule(tcpmss_t(CLAMP), matches=[], hook=PRE)
    chain = [h.Entry(tcpmss_t(CLAMP), ip=tcp_ip, matches=[syn()])]
    yield "TCPMSS-clamp-chain-from-PREROUTING", h.table(
        "mangle", rules={PRE: [h.Entry(("jump", "c"))]}, chains=[("c", chain)])
    yield "TCPMSS-clamp-chain-from-FORWARD-and-OUTPUT", h.table(
        "mangle", rules={FWD: [h.Entry(("jump", "c"))], OUT: [h.Entry(("jump", "c"))]},
        chains=[("c", chain)])
    yield "TCPMSS-clamp-chain-unreachable", h.table("mangle", chains=[("c", chain)])
    for t, hook in (("filter", IN), ("filter", FWD), ("raw", PRE), ("nat", OUT), ("nat", PRE)):
        yield "TCPMSS-clamp-in-%s-%d" % (t, hook), trule(tcpmss_t(CLAMP), hook=hook, t=t)
        yield "TCPMSS-set-in-%s-%d" % (t, hook), trule(tcpmss_t(), hook=hook, t=t)
