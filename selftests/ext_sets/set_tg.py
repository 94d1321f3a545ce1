"""Hostile SET payloads for xt_hostile.py (cases(h) yields (name, blob)).

Run in the test's fresh namespace ("run"), cases() first makes ipsets there (as set.py does,
which runs first and makes the same): index 0 (h0, hash:ip) and 1 (h1, hash:ip,port); index 5
names none. Names start with "set/", so the entries of every accepted blob are compared too
(revision 0's check writes compat bytes into both sets' info)."""
import struct
import subprocess
import sys

NONE = 65535
EXIST, MAP_MARK, MAP_PRIO, MAP_QUEUE = 1, 1 << 8, 1 << 9, 1 << 10


def cases(h):
    PRE, IN, FWD, OUT, POST = h.PRE, h.IN, h.FWD, h.OUT, h.POST
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        for name, kind in (("h0", "hash:ip"), ("h1", "hash:ip,port")):
            subprocess.run(["ipset", "create", name, kind], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def rule(t, table="filter", hook=None):
        hook = IN if hook is None else hook
        return h.table(table, rules={hook: [h.Entry(t)]})

    def v0(add, aflags, dele, dflags):
        body = struct.pack("=HH7I", add, 0, *aflags) + struct.pack("=HH7I", dele, 0, *dflags)
        return h.target(b"SET", body, 0)

    def v1(add=(NONE, 0, 0), dele=(NONE, 0, 0), rev=1):
        return h.target(b"SET", struct.pack("=HBBHBB", *add, *dele), rev)

    def v2(add=(NONE, 0, 0), dele=(NONE, 0, 0), flags=0, timeout=0xffffffff):
        return h.target(b"SET", struct.pack("=HBBHBBII", *add, *dele, flags, timeout), 2)

    def v3(add=(NONE, 0, 0), dele=(NONE, 0, 0), mp=(NONE, 0, 0), flags=0, timeout=0xffffffff):
        return h.target(b"SET", struct.pack("=HBBHBBHBBII", *add, *dele, *mp, flags, timeout), 3)

    z = [0] * 7
    # Revision 0: both sets' compat bytes written (the unused one's too), ORed into junk;
    # flags[5] of either set is ERANGE, after the lookups.
    yield "set/rev0", rule(v0(0, [1, 2, 0, 0, 0, 0, 0], 1, [6, 0, 0, 0, 0, 0, 0]))
    yield "set/rev0-add-only", rule(v0(1, [2, 1, 1, 0, 0, 0, 0x4000], NONE, [1, 0, 0, 0, 0, 0, 0]))
    yield "set/rev0-no-sets", rule(v0(NONE, z, NONE, [5, 0, 0, 0, 0, 0, 0xffffffff]))
    yield "set/rev0-dim-over-add", rule(v0(0, [1, 1, 1, 1, 1, 1, 0], NONE, z))
    yield "set/rev0-dim-over-unused-del", rule(v0(0, z, NONE, [1, 1, 1, 1, 1, 1, 0]))
    yield "set/rev0-no-add-set", rule(v0(5, z, 0, z))
    yield "set/rev0-no-del-set", rule(v0(0, z, 5, [1, 1, 1, 1, 1, 1, 0]))
    yield "set/rev0-short", rule(h.target(b"SET", bytes(32), 0))
    yield "set/rev0-long", rule(h.target(b"SET", bytes(72), 0))
    # Revisions 1 and 2: dimension 6 is the limit, of either set, used or not.
    for rev in (1, 2):
        yield f"set/rev{rev}", rule(v1((0, 1, 2), (1, 2, 0x06), rev))
        yield f"set/rev{rev}-dims-6", rule(v1((0, 6, 0xff), (NONE, 6, 0), rev))
        yield f"set/rev{rev}-dim-over-add", rule(v1((0, 7, 0), (1, 1, 0), rev))
        yield f"set/rev{rev}-dim-over-unused-del", rule(v1((0, 1, 0), (NONE, 255, 0), rev))
        yield f"set/rev{rev}-no-add-set", rule(v1((5, 9, 0), (0, 1, 0), rev))
        yield f"set/rev{rev}-no-del-set", rule(v1((0, 1, 0), (5, 9, 0), rev))
        yield f"set/rev{rev}-no-sets", rule(v1(rev=rev))
    yield "set/rev1-long", rule(h.target(b"SET", bytes(16), 1))
    yield "set/rev2-flags-timeout", rule(v2((0, 1, 2), (1, 1, 0), 0xffffffff, 0xfffffffe))
    yield "set/rev2-short", rule(h.target(b"SET", bytes(8), 2))
    yield "set/rev2-long", rule(h.target(b"SET", bytes(24), 2))
    # Revision 3: the map set's table and hook limits come before the lookups.
    allm = MAP_MARK | MAP_PRIO | MAP_QUEUE
    yield "set/rev3", rule(v3((0, 1, 2), (1, 2, 4), (0, 1, 2), EXIST | allm, 600), "mangle", FWD)
    yield "set/rev3-add-filter", rule(v3((0, 1, 2), flags=0xffffffff, timeout=0))
    for hook in (PRE, IN, FWD, OUT, POST):
        yield f"set/rev3-map-mark-hook{hook}", rule(v3(mp=(1, 2, 6), flags=MAP_MARK), "mangle", hook)
        for f, n in ((MAP_PRIO, "prio"), (MAP_QUEUE, "queue")):
            yield f"set/rev3-map-{n}-hook{hook}", rule(v3(mp=(1, 2, 6), flags=f), "mangle", hook)
    for t, hook in (("filter", FWD), ("raw", PRE), ("nat", OUT)):
        yield f"set/rev3-map-in-{t}", rule(v3(mp=(0, 1, 2), flags=MAP_MARK), t, hook)
        yield f"set/rev3-map-no-set-in-{t}", rule(v3(mp=(5, 9, 2), flags=MAP_MARK), t, hook)
        yield f"set/rev3-prio-without-map-in-{t}", rule(v3((0, 1, 2), flags=allm), t, hook)
    yield "set/rev3-map-no-set", rule(v3(mp=(5, 1, 2), flags=MAP_MARK), "mangle", FWD)
    yield "set/rev3-map-no-set-pre-prio", rule(v3(mp=(5, 1, 2), flags=MAP_PRIO), "mangle", PRE)
    yield "set/rev3-map-dim-over", rule(v3((0, 1, 2), mp=(1, 7, 2), flags=MAP_MARK), "mangle", FWD)
    yield "set/rev3-no-del-set-then-map", rule(v3((0, 1, 2), (5, 1, 0), (5, 1, 0)), "mangle", FWD)
    yield "set/rev3-map-no-flags", rule(v3(mp=(0, 1, 2)), "mangle", PRE)
    yield "set/rev3-short", rule(h.target(b"SET", bytes(16), 3))
    yield "set/rev3-long", rule(h.target(b"SET", bytes(32), 3))
    yield "set/rev3-unaligned", rule(h.target(b"SET", bytes(20), 3, size=52))
    yield "set/rev4", rule(h.target(b"SET", bytes(24), 4))
    # An unreachable chain passes the hook limits; a jump from PREROUTING to it fails.
    tg = v3(mp=(0, 1, 2), flags=MAP_PRIO)
    yield "set/rev3-prio-unreachable", h.table("mangle", chains=[("c", [h.Entry(tg)])])
    yield "set/rev3-prio-jump-from-pre", h.table(
        "mangle", rules={PRE: [h.Entry(("jump", "c"))]}, chains=[("c", [h.Entry(tg)])])
    yield "set/rev3-prio-jump-from-fwd", h.table(
        "mangle", rules={FWD: [h.Entry(("jump", "c"))]}, chains=[("c", [h.Entry(tg)])])
