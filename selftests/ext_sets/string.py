"""Hostile string payloads for xt_hostile.py (cases(h) yields (name, blob)): sizes, revisions,
every check of string_mt_check in its order, textsearch_prepare's refusals (unknown algorithm,
empty pattern, fsm's tokens), and what GET_ENTRIES shows of an accepted one (.usersize)."""
import struct


def cases(h):
    def rule(m, hook=h.IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m])]})

    def info(pat=b"test", algo=b"bm", frm=0, to=65535, patlen=None, flags=0, config=0):
        n = len(pat) if patlen is None else patlen
        return struct.pack("=HH16s128sBB2xQ", frm, to, algo, pat, n, flags, config)

    def string(revision=1, size=None, **kw):
        return h.match(b"string", info(**kw), revision, size)

    yield "string", rule(string())
    yield "string-kmp-icase-invert", rule(string(algo=b"kmp", flags=3))
    yield "string-bm-icase", rule(string(flags=2))
    yield "string-128", rule(string(pat=b"y" * 128))
    yield "string-window", rule(string(frm=5, to=5))
    # A pointer the user put where the kernel keeps its own: not shown back.
    yield "string-config-garbage", rule(string(config=0xdeadbeefdeadbeef))
    yield "string-rev0", rule(string(revision=0))
    yield "string-rev2", rule(string(revision=2))
    yield "string-short", rule(h.match(b"string", info()[:152]))
    yield "string-long", rule(h.match(b"string", info() + bytes(8)))
    # string_mt_check's order: from > to, algo's NUL, patlen, flags, then textsearch_prepare.
    yield "string-from-after-to", rule(string(frm=10, to=9, algo=b"x" * 16, patlen=200, flags=4))
    yield "string-algo-unterminated", rule(string(algo=b"x" * 16, patlen=200, flags=4))
    yield "string-patlen-129", rule(string(patlen=129, flags=4))
    yield "string-patlen-255", rule(string(patlen=255))
    yield "string-flags-4", rule(string(flags=4))
    yield "string-flags-255", rule(string(flags=255))
    yield "string-patlen-0", rule(string(patlen=0))
    yield "string-patlen-0-nosuch", rule(string(patlen=0, algo=b"nosuch"))
    yield "string-algo-nosuch", rule(string(algo=b"nosuch"))
    yield "string-algo-empty", rule(string(algo=b""))
    yield "string-algo-15", rule(string(algo=b"k" * 15))
    # fsm: struct ts_fsm_token {u16 type; u8 recur; u8 value} tokens.
    tok = lambda ty, recur, v=0x61: struct.pack("=HBB", ty, recur, v)
    yield "string-fsm-one-byte", rule(string(algo=b"fsm", pat=b"a"))
    yield "string-fsm-token", rule(string(algo=b"fsm", pat=tok(0, 0)))
    yield "string-fsm-icase", rule(string(algo=b"fsm", pat=tok(0, 0), flags=2))
    yield "string-fsm-bad-type", rule(string(algo=b"fsm", pat=tok(13, 0)))
    yield "string-fsm-bad-recur", rule(string(algo=b"fsm", pat=tok(0, 5)))
    yield "string-fsm-head-ignore-alone", rule(string(algo=b"fsm", pat=tok(1, 4)))
    yield "string-fsm-head-ignore", rule(string(algo=b"fsm", pat=tok(1, 4) + tok(0, 0)))
    yield "string-fsm-head-ignore-late", rule(string(algo=b"fsm", pat=tok(0, 0) + tok(1, 4)))
    # Any hook, any table (NFPROTO_UNSPEC, no .hooks).
    for hook, t in ((h.PRE, "raw"), (h.OUT, "raw"), (h.PRE, "mangle"), (h.POST, "nat"),
                    (h.FWD, "filter")):
        yield "string-hook-%d-%s" % (hook, t), rule(string(), hook, t)
    # Several in one rule and a refusal after a prepared one: the prepared go with the request.
    yield "string-two", h.table("filter", rules={h.IN: [h.Entry(
        h.ACCEPT, matches=[string(), string(algo=b"kmp", pat=b"other")])]})
    yield "string-prepared-then-refused", h.table("filter", rules={h.IN: [
        h.Entry(h.ACCEPT, matches=[string()]),
        h.Entry(h.ACCEPT, matches=[string(algo=b"nosuch")])]})
