#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""In-VM IPT_SO_SET_REPLACE fuzzing of two engines side by side (xt_fuzz.sh; python3 stdlib only).

  xt_fuzz.py seeds DIR             (ip_tables.ko at base 64, a scratch namespace) restore
                                   rules.t's rules and selftests/real_sets/*.save with
                                   iptables-legacy-restore, write each table read back through
                                   GET_INFO + GET_ENTRIES as a replace blob DIR/NAME.TABLE
  xt_fuzz.py run SEED COUNT DIR... COUNT blobs, each sent to every engine of $OXT_FUZZ_ENGINES
                                   ("stock=64 ox=6400"); seeds: the blobs in each DIR, and
                                   xt_hostile.py's crafted blobs
  xt_fuzz.py show SEED INDEX DIR...  blob INDEX of run SEED: its seed, mutations and bytes (hex)

Blob i of a run is built from a random.Random("SEED:i") alone (the seed list is sorted), so
`run SEED COUNT` with $OXT_FUZZ_ONLY=i sends just that blob, as the first one did. The first
blobs are the seeds themselves, unmutated; every later one is a seed with 1-6 mutations (bit and
byte flips; header fields: valid_hooks, num_entries, size, hook_entry, underflow, num_counters;
an entry's target_offset, next_offset, counters, ipt_ip fields; a match's or target's size,
name, revision, payload words; a standard verdict; truncation; entries removed, duplicated or
spliced in from another seed, with or without the header fixed up). Never the old-counters
pointer (bytes 88..96): it points into this process.

Per blob, on every engine: the errno (or OK); the table named by the blob and the seed's table
read back (GET_INFO + GET_ENTRIES) after the call; a refused blob must leave them byte for byte
as they were; an accepted blob must read back the same on every engine (then each engine gets
its empty table back). The engines must give the same errno. Prints "FAIL: ..." lines (the first
20 of each kind), "# ..." figures, and a last line "fuzz: N blobs, N accepted, N mismatches".
"""
import os
import random
import re
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xt_hostile as h  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = ("filter", "mangle", "raw", "nat")
HDR = 96
ENTRY = 112
STD_VERDICTS = (-1, -2, -3, -4, -5, -6, 0, 0x7fffffff, -0x80000000)
INTERESTING = (0, 1, 2, 4, 8, 16, 32, 40, 64, 96, 104, 111, 112, 113, 120, 144, 152, 176, 184,
               0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff8, 0xfffffffb,
               0xffffffff)


# ---------------------------------------------------------------- socket side


class Engine:
    def __init__(self, label, base):
        self.label, self.base = label, base
        self.s = h.sock()

    def info(self, name):
        """GET_INFO's reply (bytes) or None."""
        try:
            return h.getsockopt_in(self.s, self.base, name.encode().ljust(84, b"\0"))
        except OSError:
            return None

    def snap(self, name):
        """(GET_INFO, GET_ENTRIES) of table name: what a refused blob must leave alone."""
        info = self.info(name)
        if info is None:
            return None
        size = struct.unpack_from("<I", info, 80)[0]
        head = name.encode().ljust(32, b"\0") + struct.pack("<I", size) + bytes(4)
        try:
            ents = h.getsockopt_in(self.s, self.base + 1, head + bytes(size))[40:]
        except OSError as e:
            ents = "GET_ENTRIES %s" % h.errno.errorcode.get(e.errno, e.errno)
        return info, ents

    def count(self, name):
        info = self.info(name)
        return struct.unpack_from("<I", info, 76)[0] if info else 0

    def send(self, data):
        try:
            self.s.setsockopt(h.socket.IPPROTO_IP, self.base, data)
            return "OK"
        except OSError as e:
            return h.errno.errorcode.get(e.errno, str(e.errno))

    def reset(self, name):
        return self.send(h.table(name).encode(self.count(name)))


def engines():
    spec = os.environ.get("OXT_FUZZ_ENGINES", "stock=64 ox=6400")
    return [Engine(lbl, int(b)) for lbl, b in (w.split("=") for w in spec.split())]


# ---------------------------------------------------------------- seeds


def rules_t_chunks(per=8, only=None):
    """rules.t's accepted rules as restore texts: per (table, chain) section, `per` rules at a
    time spread over three user chains, called and gone to from the hook chain. With only (a
    set of chunk names of 8), one rule at a time of those chunks, named CHUNK_N."""
    table, chain = "filter", "INPUT"
    groups = {}
    order = []
    with open(os.path.join(TOP, "userspace/tests/rules.t")) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("*"):
                table, chain = line[1:].split()[:2]
                continue
            parts = line.split(";")
            if len(parts) < 3 or parts[2] != "OK":
                continue
            key = (table, chain)
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(parts[0])
    n = 0
    for key in order:
        table, chain = key
        rules = groups[key]
        if only is not None:
            chunks = [(r, "rules_t_%03d_%d" % (n + j // 8, j % 8)) for j, r in enumerate(rules)
                      if "rules_t_%03d" % (n + j // 8) in only]
            n += (len(rules) + 7) // 8
            for r, nm in chunks:
                yield from single(table, chain, r, nm)
            continue
        for i in range(0, len(rules), per):
            text = ["*" + table] + [":FZ%d - [0:0]" % k for k in range(3)]
            text += ["-A %s -p tcp -j FZ0" % chain, "-A %s -g FZ1" % chain, "-A FZ1 -j FZ2",
                     "-A %s -j FZ2" % chain]
            for k, r in enumerate(rules[i:i + per]):
                text.append("-A %s %s" % (("FZ0", "FZ1", "FZ2", chain)[k % 4], r))
            text.append("-A FZ0 -j RETURN")
            text.append("COMMIT")
            yield "rules_t_%03d" % n, table, "\n".join(text) + "\n"
            n += 1


def single(table, chain, rule, name):
    text = ["*" + table, ":FZ0 - [0:0]", "-A %s -j FZ0" % chain, "-A FZ0 " + rule, "COMMIT"]
    yield name, table, "\n".join(text) + "\n"


def blob_of(eng, name):
    """The table as a replace blob (what iptables-legacy-save | restore would send)."""
    info, ents = eng.snap(name)
    vals = struct.unpack("<32sI5I5III", info)
    return struct.pack("<32sIII5I5IIQ", vals[0], vals[1], vals[12], vals[13], *vals[2:12], 0, 0) + ents


def seeds(out):
    eng = Engine("stock", 64)
    os.makedirs(out, exist_ok=True)
    made = failed = 0

    def restore(name, text, tables, quiet=False):
        nonlocal made, failed
        for t in TABLES:
            eng.reset(t)
        p = subprocess.run(["iptables-legacy-restore", "-w", "5"], input=text.encode(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            if not quiet:
                failed += 1
                print("# seed %s not restored: %s" % (name, p.stderr.decode().strip().splitlines()[-1:]))
            return False
        for t in tables:
            with open(os.path.join(out, "%s.%s" % (name, t)), "wb") as f:
                f.write(blob_of(eng, t))
            made += 1
        return True

    singles = {}
    for name, table, text in rules_t_chunks():
        if not restore(name, text, (table,), quiet=True):
            singles[name] = True
    # A chunk refused as a whole: its rules one at a time.
    for name, table, text in rules_t_chunks(per=1, only=singles):
        restore(name, text, (table,))
    d = os.path.join(TOP, "selftests/real_sets")
    for f in sorted(os.listdir(d)):
        if f.endswith(".save"):
            text = open(os.path.join(d, f)).read()
            restore(f[:-5], text, [t for t in TABLES if "*" + t + "\n" in text])
    for t in TABLES:
        eng.reset(t)
    print("# seeds: %d tables written, %d restores refused" % (made, failed))
    return 0


def load_seeds(dirs):
    """[(name, table, fn(num_counters) -> bytes, valid)], sorted by name: the seed files, then
    xt_hostile.py's crafted blobs (not its random ones)."""
    out = []
    for d in dirs:
        for f in sorted(os.listdir(d)):
            data = open(os.path.join(d, f), "rb").read()
            if len(data) < HDR:
                continue
            t = data[:32].rstrip(b"\0").decode(errors="replace")
            out.append(("corpus/" + f, t if t in TABLES else "filter", data, True))
    hostile = []
    for name, blob in list(h.cases()) + list(h.ext_cases()) + list(h.ports_cases()):
        if isinstance(blob, tuple):
            t, blob = blob
        else:
            t = blob.table if isinstance(blob, h.Blob) else "filter"
        hostile.append(("hostile/" + name, t, blob, name.startswith("valid/")))
    out.sort(key=lambda s: s[0])
    hostile.sort(key=lambda s: s[0])
    return out + hostile


_ENCODED = {}


def encode(seed, nc):
    """The seed as a replace blob with num_counters nc (and the counters pointer of this
    process), cached."""
    key = (id(seed), nc)
    b = _ENCODED.get(key)
    if b is None:
        b = _ENCODED[key] = _encode(seed, nc)
    return b


def _encode(seed, nc):
    _, _, blob, _ = seed
    if isinstance(blob, bytes):
        b = bytearray(blob)
        struct.pack_into("<IQ", b, 84, nc, h.ctypes.addressof(h.COUNTERS))
        return bytes(b)
    if isinstance(blob, h.Blob):
        return blob.encode(nc)
    return blob(nc)


# ---------------------------------------------------------------- mutations


def entries_of(b):
    """Offsets (in b) of the entries, walking next_offset inside the declared size."""
    if len(b) < HDR:
        return []
    end = min(len(b), HDR + struct.unpack_from("<I", b, 40)[0])
    offs, off = [], HDR
    while off + ENTRY <= end and len(offs) < 4096:
        offs.append(off)
        nxt = struct.unpack_from("<H", b, off + 90)[0]
        if nxt < ENTRY:
            break
        off += nxt
    return offs


def parts_of(b, e):
    """(offset, kind) of the matches and the target of entry e: kind "m" or "t"."""
    out = []
    tofs, nofs = struct.unpack_from("<HH", b, e + 88)
    off, stop = e + ENTRY, min(e + tofs, len(b))
    while off + 32 <= stop:
        out.append((off, "m"))
        size = struct.unpack_from("<H", b, off)[0]
        if size < 32:
            break
        off += size
    if e + tofs + 32 <= len(b) and tofs >= ENTRY:
        out.append((e + tofs, "t"))
    return out


def put(b, off, fmt, v):
    if 0 <= off and off + struct.calcsize(fmt) <= len(b) and not (off < 96 and off + 8 > 88):
        struct.pack_into(fmt, b, off, v)


def mutate(b, rnd, names, other):
    """One mutation of bytearray b (may return a new one); a description for `show`."""
    ents = entries_of(b)
    k = rnd.randrange(16)
    if k == 0 or not ents:
        p = rnd.randrange(len(b)) if b else 0
        if b and not 88 <= p < 96:
            b[p] ^= 1 << rnd.randrange(8)
        return b, "bitflip@%d" % p
    if k == 1:
        p = rnd.randrange(len(b))
        if not 88 <= p < 96:
            b[p] = rnd.randrange(256)
        return b, "byte@%d" % p
    e = rnd.choice(ents)
    rel = [x - HDR for x in ents]
    if k == 2:  # a header field
        field = rnd.choice((32, 36, 40) + tuple(range(44, 84, 4)) + (84,))
        old = struct.unpack_from("<I", b, field)[0]
        v = rnd.choice((rnd.choice(INTERESTING), rnd.choice(rel), old + rnd.choice((-8, -1, 1, 8, 112)),
                        rnd.getrandbits(32), len(b) - HDR, rnd.choice(rel) + rnd.choice((-8, 8, 112))))
        put(b, field, "<I", v & 0xffffffff)
        return b, "header@%d=%#x" % (field, v & 0xffffffff)
    if k == 3:  # target_offset / next_offset
        field = e + rnd.choice((88, 90))
        old = struct.unpack_from("<H", b, field)[0]
        v = rnd.choice((rnd.choice(INTERESTING), old + rnd.choice((-8, -4, -1, 1, 4, 8, 32, 40)),
                        rnd.getrandbits(16)))
        put(b, field, "<H", v & 0xffff)
        return b, "entry@%d+%d=%#x" % (e, field - e, v & 0xffff)
    if k == 4:  # counters
        put(b, e + 96 + 8 * rnd.randrange(2), "<Q", rnd.choice((rnd.getrandbits(64), 2 ** 64 - 1, 1)))
        return b, "counters@%d" % e
    if k == 5:  # ipt_ip: flags, invflags, proto, comefrom, interface names
        f = rnd.choice((80, 82, 83, 84, 32, 47, 48 + 15, rnd.randrange(0, 80)))
        w = 2 if f == 80 else 1
        v = rnd.getrandbits(8 * w) if rnd.random() < 0.7 else rnd.choice((0xff, 0x7f, 0x40, 1, 2, 4, 8))
        put(b, e + f, "<H" if w == 2 else "<B", v)
        if f == 84:
            put(b, e + 84, "<I", rnd.getrandbits(32))
        return b, "ip@%d+%d" % (e, f)
    parts = parts_of(b, e)
    if k in (6, 7, 8, 9, 10) and parts:
        off, kind = rnd.choice(parts)
        if k == 6:  # size
            old = struct.unpack_from("<H", b, off)[0]
            v = rnd.choice((0, 8, 31, 32, 40, old - 8, old + 8, old + 1, 0xffff, rnd.getrandbits(16)))
            put(b, off, "<H", v & 0xffff)
            return b, "%s-size@%d=%#x" % (kind, off, v & 0xffff)
        if k == 7:  # name
            r = rnd.randrange(4)
            if r == 0:
                nm = rnd.choice(names)
            elif r == 1:
                nm = bytes(b[off + 2:off + 31]).rstrip(b"\0")
                if nm:
                    i = rnd.randrange(len(nm))
                    nm = nm[:i] + bytes([nm[i] ^ 0x20]) + nm[i + 1:]
            elif r == 2:
                nm = b"A" * 29
            else:
                nm = rnd.choice((b"", b"ERROR", b"ACCEPT", b"DROP", b"RETURN", b"standard"))
            if off + 31 <= len(b):
                b[off + 2:off + 31] = nm[:29].ljust(29, b"\0")
            return b, "%s-name@%d=%s" % (kind, off, nm[:29].decode(errors="replace"))
        if k == 8:  # revision
            v = rnd.choice((0, 1, 2, 3, 4, 5, 255, (b[off + 31] + 1) & 0xff if off + 31 < len(b) else 0))
            put(b, off + 31, "<B", v)
            return b, "%s-rev@%d=%d" % (kind, off, v)
        if k == 9:  # a word of the payload
            size = struct.unpack_from("<H", b, off)[0]
            if size > 32:
                p = off + 32 + 4 * rnd.randrange(max(1, (size - 32) // 4))
                v = rnd.choice((rnd.getrandbits(32), 0, 0xffffffff, 1, rnd.choice(rel), 0x80000000))
                put(b, p, "<I", v)
                return b, "%s-payload@%d=%#x" % (kind, p, v)
            return b, "nothing"
        # k == 10: a standard verdict
        if kind == "t":
            v = rnd.choice(STD_VERDICTS + (rnd.choice(rel), rnd.choice(rel) + 8, rnd.choice(rel) - 112,
                                           rnd.getrandbits(31)))
            put(b, off + 32, "<i", v)
            return b, "verdict@%d=%d" % (off, v)
        return b, "nothing"
    if k == 11:  # truncation
        cut = rnd.choice((rnd.randrange(len(b)), e, e + rnd.randrange(1, ENTRY), len(b) - 8, len(b) - 1))
        return b[:max(cut, 0)], "truncate@%d" % cut
    fix = rnd.random() < 0.6
    i = ents.index(e)
    end = ents[i + 1] if i + 1 < len(ents) else min(len(b), HDR + struct.unpack_from("<I", b, 40)[0])
    if k == 12:  # remove an entry
        nb = b[:e] + b[end:]
        delta, dn = -(end - e), -1
        what = "remove@%d" % e
    elif k == 13:  # duplicate an entry
        nb = b[:end] + b[e:end] + b[end:]
        delta, dn = end - e, 1
        what = "dup@%d" % e
    else:  # splice entries of another seed in place of this one
        o = other()
        oents = entries_of(o)
        if not oents:
            return b, "nothing"
        j = rnd.randrange(len(oents))
        n = rnd.randrange(1, 4)
        oend = oents[j + n] if j + n < len(oents) else min(len(o), HDR + struct.unpack_from("<I", o, 40)[0])
        piece = o[oents[j]:oend]
        nb = b[:e] + piece + b[end:]
        delta, dn = len(piece) - (end - e), len(oents[j:j + n]) - 1
        what = "splice@%d+%d" % (e, len(piece))
    nb = bytearray(nb)
    if fix:
        size, num = struct.unpack_from("<II", nb, 40)[0], struct.unpack_from("<I", nb, 36)[0]
        put(nb, 40, "<I", (size + delta) & 0xffffffff)
        put(nb, 36, "<I", (num + dn) & 0xffffffff)
        for f in range(44, 84, 4):  # hooks and underflows after the edit move with it
            v = struct.unpack_from("<I", nb, f)[0]
            if v > e - HDR:
                put(nb, f, "<I", (v + delta) & 0xffffffff)
        what += "+fixed"
    return nb, what


def make_blob(seed_list, valid, names, run_seed, i, nc_of):
    """Blob i of run run_seed: (seed index, mutations, bytes)."""
    rnd = random.Random("%s:%d" % (run_seed, i))
    if i < len(seed_list):
        si, steps = i, 0
    else:
        pool = valid if rnd.random() < 0.75 else range(len(seed_list))
        si = rnd.choice(pool)
        steps = rnd.choice((1, 1, 1, 2, 2, 3, 4, 6))
    seed = seed_list[si]
    b = bytearray(encode(seed, nc_of(seed[1])))
    what = []
    for _ in range(steps):
        b, w = mutate(b, rnd, names, lambda: encode(seed_list[rnd.choice(valid)], 0))
        what.append(w)
    return si, what, bytes(b)


def names_of(seed_list):
    names = set()
    for s in seed_list:
        b = encode(s, 0)
        for e in entries_of(b):
            for off, _ in parts_of(b, e):
                names.add(bytes(b[off + 2:off + 31]).rstrip(b"\0"))
    return sorted(n for n in names if n)


def table_of(data):
    t = data[:32].split(b"\0")[0].decode(errors="replace") if len(data) >= 32 else ""
    return t if t in TABLES else None


def run(run_seed, count, dirs):
    engs = engines()
    seed_list = load_seeds(dirs)
    valid = [i for i, s in enumerate(seed_list) if s[3]]
    names = names_of(seed_list)
    only = os.environ.get("OXT_FUZZ_ONLY")
    print("# fuzz: seed %s, %d blobs, %d seeds (%d valid), %d extension names, engines %s"
          % (run_seed, count, len(seed_list), len(valid), len(names),
             " ".join("%s=%d" % (e.label, e.base) for e in engs)), flush=True)
    for e in engs:
        for t in TABLES:
            res = e.reset(t)
            if res != "OK":
                print("FAIL: %s: the empty %s table is refused: %s" % (e.label, t, res))
                return 1
    state = {(e.label, t): e.snap(t) for e in engs for t in TABLES}
    for t in TABLES:
        if len({repr(state[(e.label, t)]) for e in engs}) != 1:
            print("FAIL: the empty %s table reads back differently on the engines" % t)
            return 1
    def nc_of(t):  # the table's entries now (every engine has the same table)
        return struct.unpack_from("<I", state[(engs[0].label, t)][0], 76)[0]

    fails = {}
    accepted = mismatches = 0
    hist = {}
    t0 = time.time()
    indices = [int(only)] if only else range(count)

    def fail(kind, i, si, what, msg):
        nonlocal mismatches
        mismatches += 1
        n = fails.get(kind, 0)
        fails[kind] = n + 1
        if n < 20:
            print("FAIL: blob %s:%d (%s; %s): %s" % (run_seed, i, seed_list[si][0],
                                                   " ".join(what) or "unmutated", msg), flush=True)

    for i in indices:
        si, what, data = make_blob(seed_list, valid, names, run_seed, i, nc_of)
        check = {t for t in (seed_list[si][1], table_of(data)) if t}
        res = [e.send(data) for e in engs]
        hist[res[0]] = hist.get(res[0], 0) + 1
        if len(set(res)) != 1:
            fail("errno", i, si, what, " ".join("%s %s" % (e.label, r) for e, r in zip(engs, res)))
        after = {}
        for e, r in zip(engs, res):
            for t in check:
                after[(e.label, t)] = e.snap(t)
                if r != "OK" and after[(e.label, t)] != state[(e.label, t)]:
                    fail("changed", i, si, what, "%s refused it (%s) but its %s table changed"
                         % (e.label, r, t))
                    state[(e.label, t)] = after[(e.label, t)]
        if all(r == "OK" for r in res):
            accepted += 1
            t = table_of(data)
            got = {repr(after[(e.label, t)]) for e in engs}
            if len(got) != 1:
                fail("readback", i, si, what, "accepted by all, %s reads back differently" % t)
        for e, r in zip(engs, res):
            if r == "OK":
                t = table_of(data)
                if e.reset(t) != "OK":
                    fail("reset", i, si, what, "%s: the empty %s table is refused" % (e.label, t))
                state[(e.label, t)] = e.snap(t)
    dt = time.time() - t0
    print("# fuzz: %.1f s, %.0f blobs/s; results (first engine): %s" % (
        dt, len(indices) / max(dt, 1e-9),
        " ".join("%s=%d" % kv for kv in sorted(hist.items(), key=lambda kv: -kv[1]))))
    for kind, n in sorted(fails.items()):
        print("# fuzz: %d %s mismatches" % (n, kind))
    print("fuzz: %d blobs, %d accepted, %d mismatches" % (len(indices), accepted, mismatches))
    return 0


def show(run_seed, i, dirs):
    seed_list = load_seeds(dirs)
    valid = [k for k, s in enumerate(seed_list) if s[3]]
    si, what, data = make_blob(seed_list, valid, names_of(seed_list), run_seed, i,
                               Engine("stock", 64).count)
    print("seed", seed_list[si][0])
    print("mutations", " ".join(what) or "none")
    print("bytes", data.hex())
    return 0


def main():
    a = sys.argv[1:]
    if a[:1] == ["seeds"] and len(a) == 2:
        return seeds(a[1])
    if a[:1] == ["run"] and len(a) >= 3:
        return run(a[1], int(a[2]), a[3:])
    if a[:1] == ["show"] and len(a) >= 3:
        return show(a[1], int(a[2]), a[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
