"""Hostile set payloads for xt_hostile.py (cases(h) yields (name, blob)).

Run in the test's fresh namespace ("run"), cases() first makes ipsets there: index 0 (h0,
hash:ip) and 1 (h1, hash:ip,port); index 5 names none. Names start with "set/", so the
entries of every accepted blob are compared too (revision 0's check writes compat bytes)."""
import struct
import subprocess
import sys


def cases(h):
    IN = h.IN
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        for name, kind in (("h0", "hash:ip"), ("h1", "hash:ip,port")):
            subprocess.run(["ipset", "create", name, kind], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def rule(m):
        return h.table("filter", rules={IN: [h.Entry(h.ACCEPT, matches=[m])]})

    def v0(index, flags, rev=0, **kw):
        return h.match(b"set", struct.pack("=HH7I", index, 0, *flags), revision=rev, **kw)

    def v1(index, dim, flags, rev=1, **kw):
        return h.match(b"set", struct.pack("=HBB", index, dim, flags), revision=rev, **kw)

    def v3(index, dim, flags, pop=0, pval=0, bop=0, bval=0, cmd=0, rev=3, **kw):
        if rev == 3:
            body = struct.pack("=HBB4xB7xQB7xQI4x", index, dim, flags, pop, pval, bop, bval, cmd)
        else:
            body = struct.pack("=HBB4xQB7xQB7xI4x", index, dim, flags, pval, pop, bval, bop, cmd)
        return h.match(b"set", body, revision=rev, **kw)

    # Revision 0: compat bytes written by the check (dimensions, source bits, inversion,
    # ORed into what was there); flags[5] set is ERANGE, after the lookup.
    yield "set/rev0", rule(v0(0, [5, 2, 1, 0, 0, 0, 0]))
    yield "set/rev0-five-dims", rule(v0(1, [1, 1, 1, 1, 1, 0, 0x4000]))
    yield "set/rev0-compat-junk", rule(v0(0, [2, 0, 0, 0, 0, 0, 0xffffffff]))
    yield "set/rev0-dim-over", rule(v0(0, [1, 1, 1, 1, 1, 1, 0]))
    yield "set/rev0-no-set", rule(v0(5, [1, 0, 0, 0, 0, 0, 0]))
    yield "set/rev0-no-set-dim-over", rule(v0(5, [1, 1, 1, 1, 1, 1, 0]))
    yield "set/rev0-invalid-id", rule(v0(65535, [1, 0, 0, 0, 0, 0, 0]))
    yield "set/rev0-short", rule(h.match(b"set", bytes(8)))
    # Revisions 1 and 2: dimension 6 is the limit; unknown flag bits pass.
    for rev in (1, 2):
        yield f"set/rev{rev}", rule(v1(1, 2, 0x02, rev))
        yield f"set/rev{rev}-all-flags", rule(v1(0, 6, 0xff, rev))
        yield f"set/rev{rev}-dim-over", rule(v1(0, 7, 0, rev))
        yield f"set/rev{rev}-dim-255", rule(v1(0, 255, 0, rev))
        yield f"set/rev{rev}-no-set", rule(v1(5, 1, 0, rev))
        yield f"set/rev{rev}-no-set-dim-over", rule(v1(5, 9, 0, rev))
        yield f"set/rev{rev}-long", rule(h.match(b"set", bytes(16), revision=rev))
    # Revisions 3 and 4: counter ops and command flags are not checked.
    for rev in (3, 4):
        yield f"set/rev{rev}", rule(v3(0, 1, 2, 4, 10, 1, 1 << 40, 0x18, rev))
        yield f"set/rev{rev}-bad-ops", rule(v3(1, 2, 0, 200, 0, 9, 0, 0xffffffff, rev))
        yield f"set/rev{rev}-dim-over", rule(v3(0, 7, 0, rev=rev))
        yield f"set/rev{rev}-no-set", rule(v3(5, 1, 0, rev=rev))
        yield f"set/rev{rev}-short", rule(h.match(b"set", bytes(8), revision=rev))
    yield "set/rev5", rule(h.match(b"set", bytes(48), revision=5))
