"""Hostile recent payloads for xt_hostile.py (cases(h) yields (name, blob)): both revisions and
their sizes, every recent_mt_check check (flags, commands, modifiers, hit count, list names),
lists shared by rules with other masks and ring sizes, every table."""
import struct

CHECK, SET, UPDATE, REMOVE, TTL, REAP = 1, 2, 4, 8, 16, 32


def cases(h):
    IN, PRE, OUT, POST = h.IN, h.PRE, h.OUT, h.POST

    def info(check_set=SET, seconds=0, hit_count=0, invert=0, name=b"DEFAULT", side=0,
             mask=b"\xff" * 16, revision=1):
        b = struct.pack("<IIBB200sBx", seconds, hit_count, check_set, invert, name, side)
        if revision == 1:
            b += mask
        return b

    def recent(revision=1, **kw):
        return h.match(b"recent", info(revision=revision, **kw), revision)

    def mrule(*ms, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=list(ms))]})

    def rules(*ms, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m]) for m in ms]})

    yield "set", mrule(recent())
    yield "set-rev0", mrule(recent(revision=0))
    yield "rev2", mrule(h.match(b"recent", info(), 2))
    yield "rev1-with-rev0-size", mrule(h.match(b"recent", info(revision=0), 1))
    yield "rev0-with-rev1-size", mrule(h.match(b"recent", info(), 0))
    yield "short", mrule(h.match(b"recent", bytes(200), 1))
    yield "long", mrule(h.match(b"recent", info() + bytes(8), 1))
    # check_set: unknown bits, not exactly one command, modifiers with --set/--remove.
    for cs in (0x40 | SET, 0x80 | CHECK, 0xff):
        yield "flags-%#x" % cs, mrule(recent(check_set=cs))
    for cs in (0, TTL, REAP | TTL, SET | CHECK, UPDATE | REMOVE, CHECK | UPDATE | SET | REMOVE):
        yield "commands-%#x" % cs, mrule(recent(check_set=cs, seconds=1))
    for cmd in (SET, REMOVE):
        yield "cmd-%d-seconds" % cmd, mrule(recent(check_set=cmd, seconds=1))
        yield "cmd-%d-hitcount" % cmd, mrule(recent(check_set=cmd, hit_count=1))
        yield "cmd-%d-rttl" % cmd, mrule(recent(check_set=cmd | TTL))
        yield "cmd-%d-reap" % cmd, mrule(recent(check_set=cmd | REAP, seconds=1))
    for cmd in (CHECK, UPDATE):
        yield "cmd-%d-reap-no-seconds" % cmd, mrule(recent(check_set=cmd | REAP))
        yield "cmd-%d-all" % cmd, mrule(recent(check_set=cmd | REAP | TTL, seconds=0xffffffff,
                                              hit_count=100, invert=2, side=7))
    # The hit count: at most 65535 (a list of 65536-stamp rings), checked before the name.
    yield "hitcount-65535", mrule(recent(check_set=CHECK, hit_count=65535))
    yield "hitcount-65536", mrule(recent(check_set=CHECK, hit_count=65536))
    yield "hitcount-max-bad-name", mrule(recent(check_set=CHECK, hit_count=0xffffffff, name=b""))
    # xt_check_proc_name.
    for label, n in (("empty", b""), ("nul-first", b"\0abc"), ("dot", b"."), ("dotdot", b".."),
                     ("slash", b"a/b"), ("slash-only", b"/"), ("dots3", b"..."),
                     ("after-nul", b"ok\0/../"), ("space-newline", b"a b\n"),
                     ("199", b"n" * 199), ("200", b"n" * 200)):
        yield "name-%s" % label, mrule(recent(name=n))
    # Lists shared by name: other masks, larger and smaller rings, both revisions, several tables.
    yield "shared", rules(recent(), recent(check_set=CHECK, hit_count=40, mask=b"\xff\xff" + bytes(14)),
                          recent(revision=0, check_set=UPDATE, hit_count=3, seconds=60),
                          recent(check_set=REMOVE, name=b"other"))
    yield "shared-then-bad", rules(recent(), recent(check_set=CHECK, hit_count=1000),
                                   recent(check_set=SET, seconds=1))
    yield "many-lists", rules(*[recent(name=b"list%d" % i) for i in range(40)])
    yield "mask-garbage", mrule(recent(mask=bytes(range(16))))
    for t, hook in (("raw", PRE), ("mangle", POST), ("nat", OUT)):
        yield "in-%s" % t, mrule(recent(), hook=hook, t=t)
