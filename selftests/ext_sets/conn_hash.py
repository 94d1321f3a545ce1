"""Hostile connlimit payloads for xt_hostile.py (cases(h) yields (name, blob)): the registered
revision and the others, sizes, flags and masks upstream never looks at, many counters in one
table, every table."""
import struct


def cases(h):
    IN, PRE, OUT, POST = h.IN, h.PRE, h.OUT, h.POST

    def info(limit=1, flags=0, mask=b"\xff" * 16, data=0):
        # struct xt_connlimit_info: mask (16), limit, flags, the kernel's data pointer.
        return mask + struct.pack("=IIQ", limit, flags, data)

    def connlimit(revision=1, **kw):
        return h.match(b"connlimit", info(**kw), revision)

    def mrule(*ms, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=list(ms))]})

    def rules(*ms, hook=IN, t="filter"):
        return h.table(t, rules={hook: [h.Entry(h.ACCEPT, matches=[m]) for m in ms]})

    yield "connlimit", mrule(connlimit())
    yield "connlimit-rev0", mrule(connlimit(revision=0))
    yield "connlimit-rev2", mrule(connlimit(revision=2))
    yield "connlimit-short", mrule(h.match(b"connlimit", info()[:24], 1))
    yield "connlimit-long", mrule(h.match(b"connlimit", info() + bytes(8), 1))
    yield "connlimit-empty", mrule(h.match(b"connlimit", b"", 1))
    # Flags and masks are taken as they are; the data pointer is overwritten by the kernel.
    for flags in (0, 1, 2, 3, 0xfffffffc, 0xffffffff):
        yield "connlimit-flags-%#x" % flags, mrule(connlimit(flags=flags))
    yield "connlimit-mask-garbage", mrule(connlimit(mask=bytes(range(16))))
    yield "connlimit-mask-zero", mrule(connlimit(mask=bytes(16), limit=0xffffffff))
    yield "connlimit-data-set", mrule(connlimit(data=0xdeadbeefdeadbeef))
    yield "connlimit-many", rules(*[connlimit(limit=i, flags=i & 3) for i in range(64)])
    yield "connlimit-twice", mrule(connlimit(), connlimit(flags=2))
    for t, hook in (("raw", PRE), ("mangle", POST), ("nat", OUT)):
        yield "connlimit-in-%s" % t, mrule(connlimit(), hook=hook, t=t)
