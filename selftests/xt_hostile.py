#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed IPT_SO_SET_REPLACE blobs for the xt_hostile.sh selftest (python3 stdlib only).

  xt_hostile.py run       send every blob to the current engine; one line per blob:
                          "CLASS/NAME ERRNO" (ERRNO is OK or a symbolic errno name)
  xt_hostile.py list      the blob names only
  xt_hostile.py eperm     as an unprivileged user: GET_INFO and SET_REPLACE must fail with EPERM;
                          prints "get ERRNO" and "set ERRNO"

The blobs are built from scratch with the x86_64 layouts of struct ipt_replace / ipt_entry /
xt_entry_match / xt_entry_target (see Documentation/abi.md and engine/src/abi.rs). One class per
upstream check (translate_table, xt_check_entry_offsets, check_underflow, mark_source_chains,
xt_check_match/target, do_replace), then random mutations of valid blobs with a fixed seed.
After every accepted blob a valid empty table is put back, so each blob meets the same state.
"""
import ctypes
import errno
import os
import random
import socket
import struct
import sys

SET_REPLACE = 64
GET_INFO = 64
GET_ENTRIES = 65
PRE, IN, FWD, OUT, POST = range(5)
TABLE_HOOKS = {
    "filter": (IN, FWD, OUT),
    "mangle": (PRE, IN, FWD, OUT, POST),
    "raw": (PRE, OUT),
    "nat": (PRE, IN, OUT, POST),
}
DROP, ACCEPT, QUEUE, RETURN = -1, -2, -4, -5
F_FRAG, F_GOTO = 0x01, 0x02
TCP, UDP, ICMP = 6, 17, 1

COUNTERS = ctypes.create_string_buffer(1 << 16)  # old counters come back here


# ---------------------------------------------------------------- encoders


def ipt_ip(src=0, dst=0, smsk=0, dmsk=0, iniface=b"", inmask=b"", outiface=b"", outmask=b"",
           proto=0, flags=0, invflags=0):
    return struct.pack("<IIII16s16s16s16sHBB", src, dst, smsk, dmsk, iniface, outiface, inmask,
                       outmask, proto, flags, invflags)


def xt_hdr(size, name, revision=0):
    return struct.pack("<H29sB", size, name, revision)


def match(name, payload, revision=0, size=None):
    body = payload + bytes(-len(payload) % 8)
    return xt_hdr(32 + len(body) if size is None else size, name, revision) + body


def tcp_match(spts=(0, 65535), dpts=(0, 65535), option=0, flg_mask=0, flg_cmp=0, invflags=0, **kw):
    return match(b"tcp", struct.pack("<HHHHBBBB", *spts, *dpts, option, flg_mask, flg_cmp, invflags), **kw)


def udp_match(spts=(0, 65535), dpts=(0, 65535), invflags=0, **kw):
    return match(b"udp", struct.pack("<HHHHB", *spts, *dpts, invflags), **kw)


def icmp_match(typ=8, code=(0, 255), invflags=0, **kw):
    return match(b"icmp", struct.pack("<BBBB", typ, code[0], code[1], invflags), **kw)


def std_target(verdict, size=40):
    return xt_hdr(size, b"") + struct.pack("<i4x", verdict)


def error_target(name, size=64):
    return xt_hdr(size, b"ERROR") + name.ljust(32, b"\0")[:32]


# NAT, CT and conntrack payloads (x86_64 layouts of include/uapi/linux/netfilter/*.h)
MAP_IPS, PROTO_SPECIFIED, PROTO_RANDOM = 1, 2, 4


def target(name, payload, revision=0, size=None):
    body = payload + bytes(-len(payload) % 8)
    return xt_hdr(32 + len(body) if size is None else size, name, revision) + body


def nat_compat(flags=MAP_IPS, ip=(0x0a000001, 0x0a000001), ports=(0, 0), rangesize=1):
    """struct nf_nat_ipv4_multi_range_compat (20 bytes)."""
    return struct.pack("<II", rangesize, flags) + struct.pack(">IIHH", ip[0], ip[1], *ports)


def nat_range(flags=MAP_IPS, ip=(0x0a000001, 0x0a000001), ports=(0, 0), base=None):
    """struct nf_nat_range (40 bytes), or nf_nat_range2 (44) with a base port."""
    b = struct.pack("<I", flags) + struct.pack(">I12xI12xHH", ip[0], ip[1], *ports)
    return b if base is None else b + struct.pack(">H2x", base)


def nat_target(name, revision=2, **kw):
    if revision == 0:
        return target(name, nat_compat(**kw), 0)
    return target(name, nat_range(base=0 if revision == 2 else None, **kw), revision)


def ct_target(flags=1, zone=0, ct_events=0, exp_events=0, helper=b"", timeout=b"", revision=2):
    """struct xt_ct_target_info (rev 0, 40 bytes) / _v1 (rev 1 and 2, 72 bytes)."""
    if revision == 0:
        payload = struct.pack("<HHII16s4x8x", flags, zone, ct_events, exp_events, helper)
    else:
        payload = struct.pack("<HHII16s32s4x8x", flags, zone, ct_events, exp_events, helper, timeout)
    return target(b"CT", payload, revision)


def conntrack_match(revision=3, match_flags=1, invert_flags=0, state_mask=0x0e, status_mask=0,
                    l4proto=0, ports=(0, 0, 0, 0), high=(0, 0, 0, 0), addrs=None, size=None):
    """struct xt_conntrack_mtinfo1/2/3 (152/156/164 bytes)."""
    a = b"".join(struct.pack(">I12x", x) for x in (addrs or [0] * 8))
    b = a + struct.pack("<IIH4HHH", 0, 0, l4proto, *ports, match_flags, invert_flags)
    if revision == 1:
        b += struct.pack("<BB", state_mask, status_mask)
    else:
        b += struct.pack("<HH", state_mask, status_mask)
    if revision == 3:
        b += struct.pack("<4H", *high)
    b += bytes(-len(b) % 4)
    return match(b"conntrack", b, revision, size)


def state_match(mask=0x0e, size=None):
    return match(b"state", struct.pack("<I", mask), 0, size)


def limit_match(avg=10000, burst=5, prev=0, credit=0, credit_cap=0, cost=0, master=0, size=None):
    """struct xt_rateinfo (40 bytes; prev, credit and master are the kernel's)."""
    return match(b"limit", struct.pack("<IIQIIIIQ", avg, burst, prev, credit, credit_cap, cost, 0,
                                       master), 0, size)


def statistic_match(mode=1, flags=0, every=2, packet=0, count=1, master=0, revision=0, size=None):
    """struct xt_statistic_info (24 bytes; master is the kernel's)."""
    return match(b"statistic", struct.pack("<HHIIIQ", mode, flags, every, packet, count, master),
                 revision, size)


def helper_match(invert=0, name=b"ftp", size=None):
    """struct xt_helper_info (36 bytes): the kernel NUL-terminates name[29]."""
    return match(b"helper", struct.pack("<i30s2x", invert, name), 0, size)


# Accepted blobs of these classes also print a digest of what IPT_SO_GET_ENTRIES returns
# (counters zeroed): the user-visible payload (.usersize, checkentry's own writes) must be the
# same on both engines.
SHOW_ENTRIES = ("rate/", "set/", "set_tg/", "string/", "tee/", "hashlimit/")


def entries_digest(blob):
    import hashlib
    b = bytearray(blob)
    off = 0
    while off + 112 <= len(b):
        b[off + 96:off + 112] = bytes(16)
        nxt = struct.unpack_from("<H", b, off + 90)[0]
        if nxt == 0:
            break
        off += nxt
    return hashlib.sha1(bytes(b)).hexdigest()[:16]


class Entry:
    """One ipt_entry. target is an int verdict, ("jump", label), ("error", name) or raw bytes."""

    def __init__(self, target, ip=None, matches=(), label=None, tofs=None, nofs=None):
        self.target, self.ip, self.matches, self.label = target, ip, matches, label
        self.tofs, self.nofs = tofs, nofs

    def size(self):
        return 112 + sum(len(m) for m in self.matches) + len(self.tbytes(0))

    def tbytes(self, verdict):
        t = self.target
        if isinstance(t, bytes):
            return t
        if isinstance(t, int):
            return std_target(t)
        if t[0] == "jump":
            return std_target(verdict)
        if t[0] == "error":
            return error_target(t[1])
        raise ValueError(t)

    def encode(self, labels):
        verdict = 0
        if isinstance(self.target, tuple) and self.target[0] == "jump":
            dest = self.target[1]
            verdict = labels[dest] if isinstance(dest, str) else dest
        m = b"".join(self.matches)
        tgt = self.tbytes(verdict)
        to = 112 + len(m) if self.tofs is None else self.tofs
        no = 112 + len(m) + len(tgt) if self.nofs is None else self.nofs
        return (self.ip or ipt_ip()) + struct.pack("<IHHI", 0, to, no, 0) + bytes(16) + m + tgt


class Blob:
    """An ipt_replace: header fields plus entries; encode() resolves labels and offsets."""

    def __init__(self, table="filter"):
        self.table = table
        self.name = table.encode()
        self.hooks = TABLE_HOOKS[table]
        self.valid_hooks = sum(1 << h for h in self.hooks)
        self.entries = []
        self.hook_entry = {}  # hook -> label
        self.underflow = {}  # hook -> label
        self.over = {}  # header overrides: num_entries, size, num_counters, hook_entry, underflow
        self.tail = b""  # bytes appended after the entries (not counted in size)

    def add(self, e):
        self.entries.append(e)
        return self

    def offsets(self):
        labels, off, starts = {}, 0, []
        for e in self.entries:
            starts.append(off)
            if e.label:
                labels[e.label] = off
            off += e.size()
        return labels, starts, off

    def encode(self, num_counters):
        labels, _, _ = self.offsets()
        body = b"".join(e.encode(labels) for e in self.entries)
        he = [0] * 5
        uf = [0] * 5
        for h in self.hooks:
            he[h] = labels.get(self.hook_entry.get(h), 0)
            uf[h] = labels.get(self.underflow.get(h), 0)
        he = self.over.get("hook_entry", he)
        uf = self.over.get("underflow", uf)
        hdr = struct.pack("<32sIII5I5IIQ", self.name, self.over.get("valid_hooks", self.valid_hooks),
                          self.over.get("num_entries", len(self.entries)),
                          self.over.get("size", len(body)), *he, *uf,
                          self.over.get("num_counters", num_counters), ctypes.addressof(COUNTERS))
        return hdr + body + self.tail


HOOK_NAMES = {PRE: "PREROUTING", IN: "INPUT", FWD: "FORWARD", OUT: "OUTPUT", POST: "POSTROUTING"}


def table(name="filter", rules=None, chains=(), policy=ACCEPT):
    """A well-formed table: rules[hook] = list of Entry before each policy; chains = list of
    (name, [Entry]) user chains (each gets its ERROR head and RETURN tail)."""
    b = Blob(name)
    rules = rules or {}
    for h in b.hooks:
        hook_rules = list(rules.get(h, []))
        for i, e in enumerate(hook_rules):
            if i == 0 and not e.label:
                e.label = "h%d" % h
            b.add(e)
        pol = Entry(policy, label="p%d" % h)
        b.add(pol)
        b.hook_entry[h] = hook_rules[0].label if hook_rules else pol.label
        b.underflow[h] = pol.label
    for cname, crules in chains:
        b.add(Entry(("error", cname.encode()), label="head_" + cname))
        for i, e in enumerate(crules):
            if i == 0 and not e.label:
                e.label = cname
            b.add(e)
        b.add(Entry(RETURN, label=None if crules else cname))
    b.add(Entry(("error", b"ERROR"), label="end"))
    return b


def rich_table():
    """A valid filter table using every supported feature: matches, jumps, goto, user chains."""
    return table("filter", rules={
        IN: [Entry(("jump", "c1"), ip=ipt_ip(proto=TCP), matches=[tcp_match(dpts=(22, 22))]),
             Entry(DROP, ip=ipt_ip(src=0x0100000a, smsk=0xffffffff, invflags=0x08)),
             Entry(ACCEPT, ip=ipt_ip(iniface=b"lo", inmask=b"\xff\xff\xff")),
             Entry(("jump", "c2"), ip=ipt_ip(proto=UDP, flags=F_GOTO), matches=[udp_match(dpts=(53, 53))])],
        FWD: [Entry(DROP, ip=ipt_ip(proto=ICMP), matches=[icmp_match(8)]),
              Entry(QUEUE, ip=ipt_ip(flags=F_FRAG))],
        OUT: [Entry(ACCEPT, ip=ipt_ip(proto=TCP), matches=[tcp_match(flg_mask=0x12, flg_cmp=0x02)])],
    }, chains=[("c1", [Entry(RETURN, ip=ipt_ip(proto=TCP), matches=[tcp_match(spts=(1024, 65535))]),
                       Entry(("jump", "c2"))]),
               ("c2", [Entry(ACCEPT, ip=ipt_ip(outiface=b"eth", outmask=b"\xff\xff\xff"))])])


# ---------------------------------------------------------------- the socket side


def sock():
    return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)


LIBC = ctypes.CDLL(None, use_errno=True)


def getsockopt_in(s, opt, data):
    """getsockopt with an input buffer (Python's socket.getsockopt cannot pass one in)."""
    buf = ctypes.create_string_buffer(data, len(data))
    optlen = ctypes.c_uint32(len(data))
    if LIBC.getsockopt(s.fileno(), socket.IPPROTO_IP, opt, buf, ctypes.byref(optlen)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return buf.raw[:optlen.value]


def get_info(s, name):
    buf = getsockopt_in(s, GET_INFO, name.encode().ljust(84, b"\0"))
    vals = struct.unpack("<32sI5I5III", buf)
    return vals[12]  # num_entries


def entries(s, name):
    """The table's entries as IPT_SO_GET_ENTRIES returns them (with counters)."""
    info = struct.unpack("<32sI5I5III", getsockopt_in(s, GET_INFO, name.encode().ljust(84, b"\0")))
    size = info[13]
    head = name.encode().ljust(32, b"\0") + struct.pack("<I", size) + b"\0" * 4
    return getsockopt_in(s, GET_ENTRIES, head + b"\0" * size)[40:]


def send(s, blob_bytes):
    try:
        s.setsockopt(socket.IPPROTO_IP, SET_REPLACE, blob_bytes)
        return "OK"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def count(s, name):
    try:
        return get_info(s, name)
    except OSError:
        return 0


def restore_empty(s, name):
    res = send(s, table(name).encode(count(s, name)))
    if res != "OK":
        print("# restoring the empty %s table failed: %s" % (name, res), file=sys.stderr)


# ---------------------------------------------------------------- the cases


def cases():
    """Yields (name, Blob or bytes-producing callable, table)."""
    def mod(f, t="filter", base=None):
        b = base() if base else table(t)
        f(b)
        return b

    # valid blobs first: both engines must accept them.
    yield "valid/empty-filter", table("filter")
    yield "valid/empty-mangle", table("mangle")
    yield "valid/empty-raw", table("raw")
    yield "valid/empty-nat", table("nat")
    yield "valid/rich-filter", rich_table()
    yield "valid/drop-policies", table("filter", policy=DROP)
    yield "valid/trailing-bytes", mod(lambda b: setattr(b, "tail", bytes(64)))

    # header: do_replace
    yield "header/num-counters-0", mod(lambda b: b.over.update(num_counters=0))
    yield "header/num-counters-huge", mod(lambda b: b.over.update(num_counters=0x7fffffff // 16))
    yield "header/num-counters-wrong", mod(lambda b: b.over.update(num_counters=7))
    yield "header/num-counters-max", mod(lambda b: b.over.update(num_counters=0xffffffff))
    yield "header/size-bigger-than-blob", mod(lambda b: b.over.update(size=632 + 8))
    yield "header/size-huge", mod(lambda b: b.over.update(size=0x7fffffff))
    yield "header/size-max", mod(lambda b: b.over.update(size=0xffffffff))
    yield "header/size-smaller", mod(lambda b: b.over.update(size=632 - 176))
    yield "header/size-0", mod(lambda b: b.over.update(size=0))
    yield "header/num-entries-more", mod(lambda b: b.over.update(num_entries=5))
    yield "header/num-entries-less", mod(lambda b: b.over.update(num_entries=3))
    yield "header/num-entries-0", mod(lambda b: b.over.update(num_entries=0))
    yield "header/short-len", lambda nc: table("filter").encode(nc)[:95]
    yield "header/only-header", lambda nc: table("filter").encode(nc)[:96]
    yield "header/truncated-entries", lambda nc: table("filter").encode(nc)[:96 + 400]

    # the table's identity
    yield "table/unknown-name", mod(lambda b: setattr(b, "name", b"nosuch"))
    yield "table/empty-name", mod(lambda b: setattr(b, "name", b""))
    yield "table/name-unterminated", mod(lambda b: setattr(b, "name", b"filter" + b"x" * 26))
    yield "table/filter-name-32", mod(lambda b: setattr(b, "name", b"filter".ljust(32, b"\0")[:31] + b"Z"))
    yield "table/valid-hooks-wrong", mod(lambda b: b.over.update(valid_hooks=0x0f))
    yield "table/valid-hooks-0", mod(lambda b: b.over.update(valid_hooks=0))
    yield "table/valid-hooks-high-bit", mod(lambda b: b.over.update(valid_hooks=0x0e | 0x40))
    yield "table/mangle-blob-as-filter", mod(lambda b: setattr(b, "name", b"filter"), "mangle")
    yield "table/filter-blob-as-raw", mod(lambda b: setattr(b, "name", b"raw"))

    # entry offsets: xt_check_entry_offsets, check_entry_size_and_hooks
    def ent(i, **kw):
        def f(b):
            for k, v in kw.items():
                setattr(b.entries[i], k, v)
        return f
    yield "offsets/next-offset-0", mod(ent(0, nofs=0))
    yield "offsets/next-offset-too-small", mod(ent(0, nofs=112 + 24))
    yield "offsets/next-offset-144", mod(ent(0, nofs=144))
    yield "offsets/next-offset-misaligned", mod(ent(0, nofs=156))
    yield "offsets/next-offset-too-big", mod(ent(0, nofs=160))
    yield "offsets/next-offset-past-end", mod(ent(3, nofs=4000))
    yield "offsets/next-offset-0xffff", mod(ent(1, nofs=0xffff))
    yield "offsets/target-offset-0", mod(ent(0, tofs=0))
    yield "offsets/target-offset-below-entry", mod(ent(0, tofs=104))
    yield "offsets/target-offset-past-entry", mod(ent(0, tofs=152))
    yield "offsets/target-offset-misaligned", mod(ent(0, tofs=116))
    yield "offsets/target-offset-leaves-no-room", mod(ent(0, tofs=128))
    yield "offsets/target-size-0", mod(ent(0, target=xt_hdr(0, b"") + struct.pack("<i4x", ACCEPT)))
    yield "offsets/target-size-too-big", mod(ent(0, target=xt_hdr(48, b"") + struct.pack("<i4x", ACCEPT)))
    yield "offsets/target-size-small", mod(ent(0, target=xt_hdr(36, b"") + struct.pack("<i4x", ACCEPT)))
    yield "offsets/flags-unknown", mod(ent(0, ip=ipt_ip(flags=0x04)))
    yield "offsets/invflags-unknown", mod(ent(0, ip=ipt_ip(invflags=0x80)))
    yield "offsets/entry-misaligned", mod(lambda b: (b.entries.insert(0, Entry(ACCEPT, nofs=156)),
                                                    b.over.update(num_entries=5)))

    # standard target
    for v in (-3, -6, -100, -0x80000000):
        yield "standard/verdict-%d" % v, mod(ent(0, target=v))
    yield "standard/size-48", mod(ent(0, target=std_target(ACCEPT, size=48) + bytes(8)))
    yield "standard/size-32", mod(ent(0, target=xt_hdr(32, b"")))
    yield "standard/revision-1", mod(ent(0, target=xt_hdr(40, b"", 1) + struct.pack("<i4x", ACCEPT)))
    yield "standard/name-unterminated", mod(ent(0, target=xt_hdr(40, b"A" * 29) + struct.pack("<i4x", ACCEPT)))

    # ERROR target
    yield "error/name-unterminated", mod(ent(3, target=xt_hdr(64, b"ERROR") + b"A" * 30 + b"\0\0"))
    yield "error/name-fills-padding", mod(ent(3, target=xt_hdr(64, b"ERROR") + b"A" * 32))
    yield "error/size-72", mod(ent(3, target=error_target(b"ERROR") + bytes(8), ))
    yield "error/size-field-56", mod(ent(3, target=xt_hdr(56, b"ERROR") + b"ERROR".ljust(32, b"\0")))
    yield "error/last-entry-not-error", mod(ent(3, target=ACCEPT))
    yield "error/revision-1", mod(ent(3, target=xt_hdr(64, b"ERROR", 1) + b"ERROR".ljust(32, b"\0")))

    # hooks and underflows
    def hooks(**kw):
        def f(b):
            he = [0, 0, 152, 304, 0]
            uf = [0, 0, 152, 304, 0]
            for k, v in kw.items():
                (he if k.startswith("he") else uf)[int(k[2])] = v
            b.over.update(hook_entry=he, underflow=uf)
        return f
    yield "hooks/entry-not-entry-start", mod(hooks(he2=160))
    yield "hooks/entry-past-end", mod(hooks(he2=10000))
    yield "hooks/entry-at-error", mod(hooks(he3=456))
    yield "hooks/underflow-not-entry-start", mod(hooks(uf1=8))
    yield "hooks/underflow-past-end", mod(hooks(uf3=0xffffffff))
    yield "hooks/entries-not-increasing", mod(hooks(he1=304, uf1=304, he3=0, uf3=0))
    yield "hooks/two-hooks-one-entry", mod(hooks(he2=0, uf2=0))
    yield "hooks/entry-after-underflow", mod(hooks(he1=152, uf1=0, he2=304, uf2=152, he3=456, uf3=304))
    yield "hooks/underflow-conditional", mod(ent(0, ip=ipt_ip(src=0x0100000a, smsk=0xffffffff)))
    yield "hooks/underflow-proto", mod(ent(1, ip=ipt_ip(proto=TCP)))
    yield "hooks/underflow-inverted-empty", mod(ent(1, ip=ipt_ip(invflags=0x08)))
    yield "hooks/underflow-return", mod(ent(0, target=RETURN))
    yield "hooks/underflow-queue", mod(ent(0, target=QUEUE))
    yield "hooks/underflow-jump", mod(ent(0, target=("jump", 152)))
    yield "hooks/underflow-with-match", _uf_with_match()
    yield "hooks/underflow-error-target", mod(ent(2, target=("error", b"OUTPUT")))

    # jumps and loops: mark_source_chains
    yield "jumps/not-entry-start", table("filter", rules={IN: [Entry(("jump", 8))]})
    yield "jumps/into-target", table("filter", rules={IN: [Entry(("jump", 112))]})
    yield "jumps/past-end", table("filter", rules={IN: [Entry(("jump", 100000))]})
    yield "jumps/to-last-error", table("filter", rules={IN: [Entry(("jump", "end"))]})
    yield "jumps/to-chain-head", table("filter", rules={IN: [Entry(("jump", "head_c"))]},
                                       chains=[("c", [])])
    yield "jumps/to-other-hook", table("filter", rules={IN: [Entry(("jump", "p3"))]})
    yield "jumps/to-self-loop", table("filter", rules={IN: [Entry(("jump", "h1"))]})
    yield "jumps/goto-self-loop", table("filter", rules={IN: [Entry(("jump", "h1"), ip=ipt_ip(flags=F_GOTO))]})
    yield "jumps/chain-self-loop", table("filter", rules={IN: [Entry(("jump", "c"))]},
                                         chains=[("c", [Entry(("jump", "c"))])])
    yield "jumps/two-chain-loop", table("filter", rules={IN: [Entry(("jump", "a"))]},
                                        chains=[("a", [Entry(("jump", "b"))]), ("b", [Entry(("jump", "a"))])])
    yield "jumps/goto-loop", table("filter", rules={FWD: [Entry(("jump", "a"), ip=ipt_ip(flags=F_GOTO))]},
                                   chains=[("a", [Entry(("jump", "b"), ip=ipt_ip(flags=F_GOTO))]),
                                           ("b", [Entry(("jump", "a"), ip=ipt_ip(flags=F_GOTO))])])
    yield "jumps/unreferenced-loop", table("filter", chains=[("a", [Entry(("jump", "a"))])])
    yield "jumps/to-policy", table("filter", rules={IN: [Entry(("jump", "p1"))]})
    yield "jumps/to-next-rule", table("filter", rules={IN: [Entry(("jump", "n")), Entry(DROP, label="n")]})
    yield "jumps/chain-falls-off", _chain_without_return()
    yield "jumps/deep-chain", table("filter", rules={IN: [Entry(("jump", "c0"))]},
                                    chains=[("c%d" % i, [Entry(("jump", "c%d" % (i + 1)))]) for i in range(40)]
                                    + [("c40", [])])

    # extensions: xt_check_match / xt_check_target and the per-extension checks
    def rule(ip, matches, target=ACCEPT):
        return table("filter", rules={IN: [Entry(target, ip=ip, matches=matches)]})
    yield "ext/unknown-match", rule(ipt_ip(), [match(b"nosuchmatch", bytes(8))])
    yield "ext/unknown-target", rule(ipt_ip(), [], xt_hdr(40, b"NOSUCHTARGET") + bytes(8))
    yield "ext/tcp-revision-5", rule(ipt_ip(proto=TCP), [tcp_match(revision=5)])
    yield "ext/tcp-without-proto", rule(ipt_ip(), [tcp_match()])
    yield "ext/tcp-with-udp-proto", rule(ipt_ip(proto=UDP), [tcp_match()])
    yield "ext/tcp-proto-inverted", rule(ipt_ip(proto=TCP, invflags=0x40), [tcp_match()])
    yield "ext/udp-without-proto", rule(ipt_ip(), [udp_match()])
    yield "ext/icmp-without-proto", rule(ipt_ip(), [icmp_match()])
    yield "ext/tcp-payload-too-small", rule(ipt_ip(proto=TCP), [match(b"tcp", bytes(8))])
    yield "ext/tcp-payload-too-big", rule(ipt_ip(proto=TCP), [match(b"tcp", bytes(24))])
    yield "ext/tcp-invflags-bad", rule(ipt_ip(proto=TCP), [tcp_match(invflags=0x40)])
    yield "ext/udp-invflags-bad", rule(ipt_ip(proto=UDP), [udp_match(invflags=0x04)])
    yield "ext/icmp-invflags-bad", rule(ipt_ip(proto=ICMP), [icmp_match(invflags=0x02)])
    yield "ext/match-size-too-small", rule(ipt_ip(proto=TCP), [tcp_match(size=24)])
    yield "ext/match-size-0", rule(ipt_ip(proto=TCP), [tcp_match(size=0)])
    yield "ext/match-size-misaligned", rule(ipt_ip(proto=TCP), [tcp_match(size=44)])
    yield "ext/match-size-past-target", rule(ipt_ip(proto=TCP), [tcp_match(size=56)])
    yield "ext/match-name-unterminated", rule(ipt_ip(proto=TCP), [match(b"t" * 29, bytes(16))])
    yield "ext/target-as-match", rule(ipt_ip(), [match(b"ERROR", bytes(32))])
    yield "ext/match-as-target", rule(ipt_ip(proto=TCP), [], xt_hdr(48, b"tcp") + bytes(16))
    yield "ext/valid-tcp-udp-icmp", table("filter", rules={IN: [
        Entry(ACCEPT, ip=ipt_ip(proto=TCP), matches=[tcp_match(invflags=0x3f, option=2)]),
        Entry(ACCEPT, ip=ipt_ip(proto=UDP), matches=[udp_match(invflags=0x03)]),
        Entry(ACCEPT, ip=ipt_ip(proto=ICMP), matches=[icmp_match(invflags=0x01)])]})


    # NAT targets (xt_nat.c, xt_MASQUERADE.c, xt_REDIRECT.c): table, hooks, payload checks
    def nat(rules, chains=()):
        return table("nat", rules=rules, chains=chains)
    for rev in (0, 1, 2):
        yield "nat/dnat-rev%d-prerouting" % rev, nat({PRE: [Entry(nat_target(b"DNAT", rev))]})
        yield "nat/snat-rev%d-postrouting" % rev, nat({POST: [Entry(nat_target(b"SNAT", rev))]})
        yield "nat/dnat-rev%d-postrouting" % rev, nat({POST: [Entry(nat_target(b"DNAT", rev))]})
        yield "nat/snat-rev%d-output" % rev, nat({OUT: [Entry(nat_target(b"SNAT", rev))]})
        yield "nat/dnat-rev%d-in-filter" % rev, table("filter", rules={IN: [Entry(nat_target(b"DNAT", rev))]})
    yield "nat/dnat-rev3", nat({PRE: [Entry(target(b"DNAT", nat_range(base=0), 3))]})
    yield "nat/dnat-rev0-rangesize-0", nat({PRE: [Entry(target(b"DNAT", nat_compat(rangesize=0)))]})
    yield "nat/dnat-rev0-rangesize-2", nat({PRE: [Entry(target(b"DNAT", nat_compat(rangesize=2)))]})
    yield "nat/dnat-rev2-short-payload", nat({PRE: [Entry(target(b"DNAT", nat_range(), 2))]})
    yield "nat/dnat-rev1-long-payload", nat({PRE: [Entry(target(b"DNAT", nat_range(base=0), 1))]})
    yield "nat/dnat-ports-random", nat({OUT: [Entry(nat_target(
        b"DNAT", 2, flags=MAP_IPS | PROTO_SPECIFIED | PROTO_RANDOM, ports=(1000, 2000)))]})
    yield "nat/dnat-unknown-flags", nat({PRE: [Entry(nat_target(b"DNAT", 2, flags=0xffff))]})
    yield "nat/snat-local-in", nat({IN: [Entry(nat_target(b"SNAT", 2))]})
    yield "nat/masquerade", nat({POST: [Entry(target(b"MASQUERADE", nat_compat(flags=0)))]})
    yield "nat/masquerade-ports", nat({POST: [Entry(target(b"MASQUERADE", nat_compat(
        flags=PROTO_SPECIFIED, ports=(1024, 2048))), ip=ipt_ip(proto=TCP))]})
    yield "nat/masquerade-map-ips", nat({POST: [Entry(target(b"MASQUERADE", nat_compat()))]})
    yield "nat/masquerade-rangesize-2", nat({POST: [Entry(target(b"MASQUERADE", nat_compat(flags=0, rangesize=2)))]})
    yield "nat/masquerade-prerouting", nat({PRE: [Entry(target(b"MASQUERADE", nat_compat(flags=0)))]})
    yield "nat/masquerade-rev1", nat({POST: [Entry(target(b"MASQUERADE", nat_compat(flags=0), 1))]})
    yield "nat/redirect-prerouting", nat({PRE: [Entry(target(b"REDIRECT", nat_compat(
        flags=PROTO_SPECIFIED, ports=(1234, 1234))), ip=ipt_ip(proto=TCP))]})
    yield "nat/redirect-output", nat({OUT: [Entry(target(b"REDIRECT", nat_compat(flags=0)))]})
    yield "nat/redirect-postrouting", nat({POST: [Entry(target(b"REDIRECT", nat_compat(flags=0)))]})
    yield "nat/redirect-map-ips", nat({PRE: [Entry(target(b"REDIRECT", nat_compat()))]})
    yield "nat/redirect-in-raw", table("raw", rules={PRE: [Entry(target(b"REDIRECT", nat_compat(flags=0)))]})
    # hook masks travel through jumps: a DNAT in a chain reached from POSTROUTING is refused,
    # one in a chain no hook reaches is accepted (its comefrom is 0)
    yield "nat/dnat-via-chain-from-postrouting", nat({POST: [Entry(("jump", "c"))]},
                                                     [("c", [Entry(nat_target(b"DNAT"))])])
    yield "nat/dnat-via-chain-from-prerouting", nat({PRE: [Entry(("jump", "c"))]},
                                                    [("c", [Entry(nat_target(b"DNAT"))])])
    yield "nat/dnat-in-unreachable-chain", nat({}, [("c", [Entry(nat_target(b"DNAT"))])])
    yield "nat/snat-and-dnat-shared-chain", nat({PRE: [Entry(("jump", "c"))], POST: [Entry(("jump", "c"))]},
                                                [("c", [Entry(nat_target(b"SNAT"))])])

    # NOTRACK and CT (xt_CT.c): untracked, and templates with zones, events, helpers (the FTP
    # helper is a module, autoloaded by name) and timeout policies (none defined here)
    def raw(t, hook=PRE, name="raw"):
        return table(name, rules={hook: [Entry(t)]})
    yield "ct/notrack", raw(target(b"NOTRACK", b""))
    yield "ct/notrack-output", raw(target(b"NOTRACK", b""), OUT)
    yield "ct/notrack-in-filter", raw(target(b"NOTRACK", b""), IN, "filter")
    yield "ct/notrack-with-payload", raw(target(b"NOTRACK", bytes(8)))
    for rev in (0, 1, 2):
        yield "ct/ct-rev%d-notrack" % rev, raw(ct_target(revision=rev))
        yield "ct/ct-rev%d-notrack-alias" % rev, raw(ct_target(flags=3, revision=rev))
        yield "ct/ct-rev%d-zone" % rev, raw(ct_target(flags=0, zone=5, revision=rev))
        yield "ct/ct-rev%d-helper" % rev, raw(ct_target(flags=0, helper=b"ftp", revision=rev))
        yield "ct/ct-rev%d-events" % rev, raw(ct_target(flags=0, ct_events=1, revision=rev))
        yield "ct/ct-rev%d-in-mangle" % rev, raw(ct_target(revision=rev), PRE, "mangle")
    yield "ct/ct-rev0-zone-dir-flag", raw(ct_target(flags=1 | 4, revision=0))
    yield "ct/ct-rev2-zone-dir-flag", raw(ct_target(flags=4, revision=2))
    yield "ct/ct-rev2-unknown-flag", raw(ct_target(flags=0x40, revision=2))
    yield "ct/ct-rev2-notrack-with-zone", raw(ct_target(flags=1, zone=7, revision=2))
    yield "ct/ct-rev1-timeout", raw(ct_target(flags=0, timeout=b"tmo", revision=1))
    yield "ct/ct-rev1-timeout-unterminated", raw(ct_target(flags=0, timeout=b"t" * 32, revision=1))
    yield "ct/ct-rev2-helper-unterminated", raw(ct_target(flags=0, helper=b"h" * 16, revision=2))
    yield "ct/ct-rev2-helper-tcp", table("raw", rules={PRE: [Entry(ct_target(flags=0, helper=b"ftp"),
                                                                     ip=ipt_ip(proto=TCP))]})
    def tcp_raw(t, proto=TCP, invflags=0):
        return table("raw", rules={PRE: [Entry(t, ip=ipt_ip(proto=proto, invflags=invflags))]})
    for rev in (0, 1, 2):
        yield "ct/tmpl-rev%d-helper-ftp-tcp" % rev, tcp_raw(ct_target(flags=0, helper=b"ftp", revision=rev))
        yield "ct/tmpl-rev%d-helper-ftp-udp" % rev, tcp_raw(ct_target(flags=0, helper=b"ftp", revision=rev), UDP)
        yield "ct/tmpl-rev%d-helper-nosuch" % rev, tcp_raw(ct_target(flags=0, helper=b"nosuch", revision=rev))
        yield "ct/tmpl-rev%d-zone-events" % rev, raw(ct_target(flags=0, zone=65535, ct_events=0xffffffff,
                                                               exp_events=0xffffffff, revision=rev))
        yield "ct/tmpl-rev%d-events-truncated" % rev, raw(ct_target(flags=0, ct_events=0x10000, revision=rev))
        yield "ct/tmpl-rev%d-empty" % rev, raw(ct_target(flags=0, revision=rev))
        yield "ct/tmpl-rev%d-output" % rev, raw(ct_target(flags=0, zone=3, helper=b"ftp", revision=rev), OUT)
    for f in (4, 8, 12, 16, 4 | 16, 8 | 16, 2):
        yield "ct/tmpl-rev2-zone-flags-%x" % f, raw(ct_target(flags=f, zone=9, revision=2))
    yield "ct/tmpl-rev1-zone-flag", raw(ct_target(flags=4, zone=9, revision=1))
    yield "ct/tmpl-helper-inverted-proto", tcp_raw(ct_target(flags=0, helper=b"ftp"), TCP, 0x40)
    yield "ct/tmpl-helper-proto-256-truncated", tcp_raw(ct_target(flags=0, helper=b"ftp"), 256)
    yield "ct/tmpl-timeout-tcp-no-policy", tcp_raw(ct_target(flags=0, timeout=b"nosuch"))
    yield "ct/tmpl-timeout-no-proto", raw(ct_target(flags=0, timeout=b"nosuch"))
    yield "ct/tmpl-timeout-inverted-proto", tcp_raw(ct_target(flags=0, timeout=b"x"), TCP, 0x40)
    yield "ct/tmpl-helper-ok-timeout-unterminated", tcp_raw(ct_target(flags=0, helper=b"ftp", timeout=b"t" * 32))
    yield "ct/tmpl-helper-nosuch-timeout-unterminated", tcp_raw(ct_target(flags=0, helper=b"zz", timeout=b"t" * 32))
    yield "ct/tmpl-helper-unterminated-timeout-unterminated", tcp_raw(ct_target(flags=0, helper=b"h" * 16,
                                                                               timeout=b"t" * 32))
    yield "ct/tmpl-twice-in-chain", table("raw", rules={PRE: [
        Entry(ct_target(flags=0, zone=1), ip=ipt_ip(proto=TCP)),
        Entry(ct_target(flags=0, helper=b"ftp"), ip=ipt_ip(proto=TCP)),
        Entry(ct_target(flags=0, helper=b"nosuch"), ip=ipt_ip(proto=TCP))]})
    yield "ct/ct-rev3", raw(target(b"CT", bytes(72), 3))
    yield "ct/ct-rev2-short-payload", raw(target(b"CT", bytes(40), 2))

    # conntrack and state matches (xt_conntrack.c, xt_state.c)
    for rev in (1, 2, 3):
        yield "ctmatch/conntrack-rev%d" % rev, rule(ipt_ip(), [conntrack_match(rev)])
        yield "ctmatch/conntrack-rev%d-everything" % rev, rule(ipt_ip(proto=TCP), [conntrack_match(
            rev, match_flags=0x1fff, invert_flags=0x1fff, state_mask=0xff, status_mask=0x3f, l4proto=6,
            ports=(1, 2, 3, 4), high=(5, 6, 7, 8), addrs=list(range(1, 9)))])
    yield "ctmatch/conntrack-rev0", rule(ipt_ip(), [conntrack_match(3)[:31] + b"\0" + conntrack_match(3)[32:]])
    yield "ctmatch/conntrack-rev4", rule(ipt_ip(), [conntrack_match(3)[:31] + b"\4" + conntrack_match(3)[32:]])
    yield "ctmatch/conntrack-rev3-with-rev2-size", rule(ipt_ip(), [conntrack_match(3, size=32 + 160)])
    yield "ctmatch/conntrack-in-nat-and-raw", table("nat", rules={PRE: [Entry(ACCEPT, matches=[conntrack_match(3)])]})
    yield "ctmatch/state", rule(ipt_ip(), [state_match()])
    yield "ctmatch/state-everything", rule(ipt_ip(), [state_match(0xffffffff)])
    yield "ctmatch/state-too-big", rule(ipt_ip(), [match(b"state", bytes(16))])
    yield "ctmatch/state-rev1", rule(ipt_ip(), [state_match()[:31] + b"\1" + state_match()[32:]])
    yield "ctmatch/state-then-bad-target", rule(ipt_ip(), [state_match()], nat_target(b"DNAT"))

    # limit, statistic, helper (xt_limit.c, xt_statistic.c, xt_helper.c)
    yield "rate/limit", rule(ipt_ip(), [limit_match()])
    yield "rate/limit-kernel-fields", rule(ipt_ip(), [limit_match(prev=7, credit=8, master=9)])
    yield "rate/limit-user-cost", rule(ipt_ip(), [limit_match(credit_cap=5, cost=3)])
    yield "rate/limit-burst-0", rule(ipt_ip(), [limit_match(burst=0)])
    yield "rate/limit-avg-0", rule(ipt_ip(), [limit_match(avg=0, burst=1)])
    yield "rate/limit-avg-0-burst-0", rule(ipt_ip(), [limit_match(avg=0, burst=0)])
    yield "rate/limit-1-day-burst-2", rule(ipt_ip(), [limit_match(avg=864000000, burst=2)])
    yield "rate/limit-1-hour-burst-37", rule(ipt_ip(), [limit_match(avg=36000000, burst=37)])
    yield "rate/limit-1-hour-burst-38", rule(ipt_ip(), [limit_match(avg=36000000, burst=38)])
    yield "rate/limit-product-wraps", rule(ipt_ip(), [limit_match(avg=0x80000000, burst=2)])
    yield "rate/limit-max", rule(ipt_ip(), [limit_match(avg=0xffffffff, burst=1)])
    yield "rate/limit-short", rule(ipt_ip(), [match(b"limit", bytes(32))])
    yield "rate/limit-rev1", rule(ipt_ip(), [limit_match()[:31] + b"\1" + limit_match()[32:]])
    yield "rate/limit-in-nat", table("nat", rules={PRE: [Entry(ACCEPT, matches=[limit_match()])]})
    yield "rate/limit-twice", rule(ipt_ip(), [limit_match(), limit_match(avg=1, burst=10000)])
    yield "rate/statistic-nth", rule(ipt_ip(), [statistic_match()])
    yield "rate/statistic-random", rule(ipt_ip(), [statistic_match(mode=0, flags=1, every=1 << 30)])
    yield "rate/statistic-kernel-field", rule(ipt_ip(), [statistic_match(master=0xdeadbeef)])
    yield "rate/statistic-mode-2", rule(ipt_ip(), [statistic_match(mode=2)])
    yield "rate/statistic-mode-ffff", rule(ipt_ip(), [statistic_match(mode=0xffff, flags=0xffff)])
    yield "rate/statistic-flags-2", rule(ipt_ip(), [statistic_match(flags=2)])
    yield "rate/statistic-flags-8001", rule(ipt_ip(), [statistic_match(flags=0x8001)])
    yield "rate/statistic-count-above-every", rule(ipt_ip(), [statistic_match(count=0xffffffff)])
    yield "rate/statistic-short", rule(ipt_ip(), [match(b"statistic", bytes(16))])
    yield "rate/statistic-rev1", rule(ipt_ip(), [statistic_match(revision=1)])
    yield "rate/helper", rule(ipt_ip(), [helper_match()])
    yield "rate/helper-inverted-empty", rule(ipt_ip(), [helper_match(invert=-1, name=b"")])
    yield "rate/helper-unterminated", rule(ipt_ip(), [helper_match(name=b"h" * 30)])
    yield "rate/helper-short", rule(ipt_ip(), [match(b"helper", bytes(32))])
    yield "rate/helper-in-raw", table("raw", rules={PRE: [Entry(ACCEPT, matches=[helper_match()])]})

    # REJECT (ipt_REJECT.c: filter INPUT/FORWARD/OUTPUT, no ECHOREPLY, tcp-reset only for -p tcp)
    def reject(w, ip=None, hook=IN, name="filter", revision=0, payload=None):
        t = target(b"REJECT", struct.pack("<I", w) if payload is None else payload, revision)
        return table(name, rules={hook: [Entry(t, ip=ip)]})
    for w in list(range(10)) + [0xffffffff]:
        yield "reject/with-%d" % w, reject(w)
        yield "reject/with-%d-tcp" % w, reject(w, ipt_ip(proto=TCP), FWD)
    yield "reject/tcp-reset-udp", reject(7, ipt_ip(proto=UDP), OUT)
    yield "reject/tcp-reset-tcp-inverted", reject(7, ipt_ip(proto=TCP, invflags=0x40))
    yield "reject/tcp-reset-proto-262", reject(7, ipt_ip(proto=262))
    yield "reject/echoreply-tcp", reject(4, ipt_ip(proto=TCP))
    for name, hook in (("mangle", IN), ("mangle", PRE), ("raw", PRE), ("nat", OUT)):
        yield "reject/in-%s-%s" % (name, HOOK_NAMES[hook]), reject(3, None, hook, name)
        yield "reject/echoreply-in-%s-%s" % (name, HOOK_NAMES[hook]), reject(4, None, hook, name)
    yield "reject/rev1", reject(3, revision=1)
    yield "reject/empty-payload", reject(3, payload=b"")
    yield "reject/long-payload", reject(3, payload=bytes(16))
    yield "reject/in-chain-from-forward", table("filter", rules={FWD: [Entry(("jump", "c"))]}, chains=[
        ("c", [Entry(target(b"REJECT", struct.pack("<I", 7)), ip=ipt_ip(proto=TCP))])])
    yield "reject/unreachable-chain-tcp-reset", table("filter", chains=[
        ("c", [Entry(target(b"REJECT", struct.pack("<I", 7)))])])
    yield "reject/in-mangle-unreachable-chain", table("mangle", chains=[
        ("c", [Entry(target(b"REJECT", struct.pack("<I", 3)))])])

    # LOG (xt_LOG.c: level below 8, NUL-terminated prefix, any table and hook, any flags)
    def log(level=4, flags=0, prefix=b"", hook=IN, name="filter", revision=0, payload=None):
        p = struct.pack("<BB30s", level, flags, prefix) if payload is None else payload
        return table(name, rules={hook: [Entry(target(b"LOG", p, revision))]})
    for level in (0, 4, 7, 8, 9, 0xff):
        yield "log/level-%d" % level, log(level)
    for flags in (0x01, 0x10, 0x2f, 0x3f, 0xff):
        yield "log/flags-%#x" % flags, log(flags=flags)
    yield "log/prefix-29", log(prefix=b"p" * 29)
    yield "log/prefix-unterminated", log(prefix=b"p" * 30)
    yield "log/prefix-nul-then-garbage", log(prefix=b"ab\0garbage")
    yield "log/prefix-last-byte-only", log(prefix=b"\0" * 29 + b"x")
    yield "log/level-8-prefix-unterminated", log(8, prefix=b"p" * 30)
    for name, hook in (("mangle", PRE), ("mangle", POST), ("raw", PRE), ("raw", OUT), ("nat", IN),
                       ("nat", POST), ("filter", FWD)):
        yield "log/in-%s-%s" % (name, HOOK_NAMES[hook]), log(6, 0x0f, b"x: ", hook, name)
    yield "log/rev1", log(revision=1)
    yield "log/short-payload", log(payload=bytes(24))
    yield "log/long-payload", log(payload=bytes(40))
    yield "log/and-reject", table("filter", rules={IN: [
        Entry(target(b"LOG", struct.pack("<BB30s", 4, 0, b"r: "))),
        Entry(target(b"REJECT", struct.pack("<I", 3)))]})
    yield "log/then-bad-reject", table("filter", rules={IN: [
        Entry(target(b"LOG", struct.pack("<BB30s", 4, 0, b"r: "))),
        Entry(target(b"REJECT", struct.pack("<I", 4)))]})

    # TRACE (xt_TRACE.c: raw only, no payload, the LOG logger held)
    yield "trace/raw-prerouting", raw(target(b"TRACE", b""))
    yield "trace/raw-output", raw(target(b"TRACE", b""), OUT)
    for name, hook in (("filter", IN), ("mangle", PRE), ("nat", OUT)):
        yield "trace/in-%s-%s" % (name, HOOK_NAMES[hook]), raw(target(b"TRACE", b""), hook, name)
    yield "trace/with-payload", raw(target(b"TRACE", bytes(8)))
    yield "trace/rev1", raw(target(b"TRACE", b"", 1))

    # NFQUEUE (xt_NFQUEUE.c: revisions 0-3, family-independent; queues_total 0 EINVAL, past queue
    # 65535 ERANGE, revision 2's bypass above 1 and revision 3's unknown flags EINVAL)
    def nfq(rev, num=0, total=1, flags=0, hook=IN, name="filter", payload=None):
        p = [struct.pack("<H", num), struct.pack("<HH", num, total),
             struct.pack("<HHH", num, total, flags), struct.pack("<HHH", num, total, flags)]
        return table(name, rules={hook: [Entry(target(b"NFQUEUE", p[min(rev, 3)] if payload is None
                                                       else payload, rev))]})
    yield "nfqueue/rev0", nfq(0, 65535)
    for rev in (1, 2, 3):
        yield "nfqueue/rev%d" % rev, nfq(rev, 7)
        yield "nfqueue/rev%d-total-0" % rev, nfq(rev, 7, 0)
        yield "nfqueue/rev%d-range-max" % rev, nfq(rev, 1, 65535)
        yield "nfqueue/rev%d-range-past" % rev, nfq(rev, 2, 65535)
        yield "nfqueue/rev%d-range-past-bad-flags" % rev, nfq(rev, 65535, 2, 0xff)
        yield "nfqueue/rev%d-in-raw" % rev, nfq(rev, 3, 4, 1, PRE, "raw")
    yield "nfqueue/rev1-garbage-after", nfq(1, payload=struct.pack("<HHHH", 1, 1, 0xffff, 0xffff))
    for flags in (1, 2, 3):
        yield "nfqueue/rev2-bypass-%d" % flags, nfq(2, 1, 1, flags)
    for flags in (1, 2, 3, 4, 0x8000):
        yield "nfqueue/rev3-flags-%#x" % flags, nfq(3, 1, 2, flags)
    yield "nfqueue/rev4", nfq(4, payload=bytes(8))
    yield "nfqueue/rev3-short-payload", nfq(3, payload=bytes(4))
    yield "nfqueue/rev0-long-payload", nfq(0, payload=bytes(16))


def ports_cases():
    """multiport, iprange, pkttype, mac, length, ttl, dscp, tos: every check, sizes, revisions."""
    def rule(ip, matches, hook=IN, name="filter"):
        return table(name, rules={hook: [Entry(ACCEPT, ip=ip, matches=matches)]})

    def multiport(flags=1, ports=(22,), pflags=(), invert=0, count=None, revision=1, **kw):
        p = list(ports) + [0] * (15 - len(ports))
        f = list(pflags) + [0] * (15 - len(pflags))
        n = len(ports) if count is None else count
        return match(b"multiport", struct.pack("<BB15H15BB", flags, n, *p, *f, invert), revision, **kw)

    tcp = ipt_ip(proto=TCP)
    yield "ports/multiport", rule(tcp, [multiport(ports=(22, 80, 90), pflags=(0, 1, 0), invert=1)])
    for proto in (UDP, 33, 132, 136):
        yield "ports/multiport-proto-%d" % proto, rule(ipt_ip(proto=proto), [multiport(flags=2)])
    yield "ports/multiport-no-proto", rule(ipt_ip(), [multiport()])
    yield "ports/multiport-icmp", rule(ipt_ip(proto=ICMP), [multiport()])
    yield "ports/multiport-proto-inverted", rule(ipt_ip(proto=TCP, invflags=0x40), [multiport()])
    yield "ports/multiport-flags-3", rule(tcp, [multiport(flags=3)])
    yield "ports/multiport-count-15", rule(tcp, [multiport(ports=tuple(range(1, 16)))])
    yield "ports/multiport-count-16", rule(tcp, [multiport(count=16)])
    yield "ports/multiport-range-reversed", rule(tcp, [multiport(ports=(90, 80), pflags=(1,))])
    yield "ports/multiport-range-equal", rule(tcp, [multiport(ports=(80, 80), pflags=(1,))])
    yield "ports/multiport-range-open", rule(tcp, [multiport(ports=(80,), pflags=(1,))])
    yield "ports/multiport-range-of-ranges", rule(tcp, [multiport(ports=(1, 2, 3), pflags=(1, 1))])
    yield "ports/multiport-pflags-past-count", rule(tcp, [multiport(ports=(1,), pflags=(0,) * 14 + (1,))])
    yield "ports/multiport-invert-2", rule(tcp, [multiport(invert=2)])
    yield "ports/multiport-rev0", rule(tcp, [match(b"multiport", bytes(16))])
    yield "ports/multiport-short", rule(tcp, [match(b"multiport", bytes(40), 1)])
    iprange = b"".join(struct.pack(">I12x", a) for a in (0x0a000001, 0x0a000009, 0x0a000109, 0x0a000101))
    iprange += bytes([0x33, 0, 0, 0])
    yield "ports/iprange", rule(ipt_ip(), [match(b"iprange", iprange, 1)])
    yield "ports/iprange-garbage", rule(ipt_ip(), [match(b"iprange", bytes([0xff]) * 68, 1)])
    yield "ports/iprange-rev0", rule(ipt_ip(), [match(b"iprange", bytes(24))])
    yield "ports/iprange-short", rule(ipt_ip(), [match(b"iprange", bytes(64), 1)])
    yield "ports/pkttype", rule(ipt_ip(), [match(b"pkttype", struct.pack("<ii", 2, 1))])
    yield "ports/pkttype-odd", rule(ipt_ip(), [match(b"pkttype", struct.pack("<ii", -1, 7))], OUT)
    yield "ports/pkttype-rev1", rule(ipt_ip(), [match(b"pkttype", bytes(8), 1)])
    yield "ports/pkttype-big", rule(ipt_ip(), [match(b"pkttype", bytes(16))])
    mac = struct.pack("<6s2xi", b"\x42\x01\x02\x03\x04\x05", 1)
    for hook in (PRE, IN, FWD):
        yield "ports/mac-hook-%d" % hook, rule(ipt_ip(), [match(b"mac", mac)], hook, "mangle")
    for hook in (OUT, POST):
        yield "ports/mac-hook-%d" % hook, rule(ipt_ip(), [match(b"mac", mac)], hook, "mangle")
    yield "ports/mac-via-chain-from-output", table("filter", rules={OUT: [Entry(("jump", "c"))]},
                                                   chains=[("c", [Entry(ACCEPT, matches=[match(b"mac", mac)])])])
    yield "ports/mac-in-unreachable-chain", table("filter", chains=[("c", [Entry(ACCEPT, matches=[match(b"mac", mac)])])])
    yield "ports/mac-short", rule(ipt_ip(), [match(b"mac", bytes(8))])
    yield "ports/length", rule(ipt_ip(), [match(b"length", struct.pack("<HHB", 100, 50, 9))])
    yield "ports/length-rev1", rule(ipt_ip(), [match(b"length", bytes(6), 1)])
    yield "ports/length-big", rule(ipt_ip(), [match(b"length", bytes(16))])
    for mode in (0, 3, 4, 255):
        yield "ports/ttl-mode-%d" % mode, rule(ipt_ip(), [match(b"ttl", bytes([mode, 64]))])
    yield "ports/ttl-big", rule(ipt_ip(), [match(b"ttl", bytes(16))])
    for d in (0, 63, 64, 255):
        yield "ports/dscp-%d" % d, rule(ipt_ip(), [match(b"dscp", bytes([d, 1]))])
    yield "ports/dscp-rev1", rule(ipt_ip(), [match(b"dscp", bytes(2), 1)])
    yield "ports/tos", rule(ipt_ip(), [match(b"tos", bytes([0x3f, 0x10, 5]), 1)])
    yield "ports/tos-rev0", rule(ipt_ip(), [match(b"tos", bytes(2))])
    yield "ports/tos-big", rule(ipt_ip(), [match(b"tos", bytes(16), 1)])


def _uf_with_match():
    b = table("filter")
    # the INPUT policy becomes "-p tcp -m tcp -j ACCEPT": not unconditional
    b.entries[0] = Entry(ACCEPT, ip=ipt_ip(proto=TCP), matches=[tcp_match()], label="p1")
    return b


def _chain_without_return():
    b = table("filter", rules={IN: [Entry(("jump", "c"))]}, chains=[("c", [Entry(ACCEPT)])])
    # drop the chain's closing RETURN: its last rule falls through into the ERROR entry at the end
    b.entries = [e for e in b.entries if not (isinstance(e.target, int) and e.target == RETURN)]
    return b


VALID_BASES = [("empty", lambda: table("filter")), ("rich", rich_table)]
NAT_MUTATIONS = 100


def nat_rich_table():
    """A valid nat table with every NAT target at its hooks, through a user chain too."""
    return table("nat", rules={
        PRE: [Entry(nat_target(b"DNAT", flags=MAP_IPS | PROTO_SPECIFIED, ports=(80, 80)), ip=ipt_ip(proto=TCP)),
              Entry(target(b"REDIRECT", nat_compat(flags=PROTO_SPECIFIED, ports=(1234, 1234))), ip=ipt_ip(proto=TCP))],
        POST: [Entry(("jump", "c")),
               Entry(target(b"MASQUERADE", nat_compat(flags=0)))],
        OUT: [Entry(nat_target(b"DNAT", 0), matches=[conntrack_match(3)])],
    }, chains=[("c", [Entry(nat_target(b"SNAT", 1), matches=[state_match()])])])
MUTATIONS = 300
SEED = 20240611


def mutations():
    rnd = random.Random(SEED)
    for i in range(MUTATIONS):
        bname, base = VALID_BASES[i % len(VALID_BASES)]
        yield "random/%s-%03d" % (bname, i), (lambda nc, base=base, s=rnd.getrandbits(32):
                                               mutate(base().encode(nc), random.Random(s)))
    rnd = random.Random(SEED + 1)
    for i in range(NAT_MUTATIONS):
        yield "random/nat-%03d" % i, ("nat", lambda nc, s=rnd.getrandbits(32):
                                      mutate(nat_rich_table().encode(nc), random.Random(s)))


def mutate(blob, rnd):
    b = bytearray(blob)
    # never the counters pointer (88..96): a bad one only makes the kernel warn after success
    pos = [p for p in range(len(b)) if not 88 <= p < 96]
    for _ in range(rnd.choice((1, 1, 2, 3, 5))):
        kind = rnd.randrange(4)
        p = rnd.choice(pos)
        if kind == 0:  # flip a bit
            b[p] ^= 1 << rnd.randrange(8)
        elif kind == 1:  # a random byte
            b[p] = rnd.randrange(256)
        elif kind == 2:  # an interesting 16/32-bit value at an aligned spot
            p &= ~1
            v = rnd.choice((0, 1, 8, 0x70, 0x98, 0xb0, 0xff, 0x7fff, 0xffff, 0xfffffffb, 0xfffffffe,
                            0xffffffff, 152, 304, 456, 632))
            width = rnd.choice((2, 4))
            if p + width <= len(b) and not (p < 96 and p + width > 88):
                b[p:p + width] = struct.pack("<I", v)[:width] if width == 4 else struct.pack("<H", v & 0xffff)
        else:  # an offset field of an entry: target_offset/next_offset of the first entries
            e = 96 + rnd.choice((0, 152, 304))
            f = e + rnd.choice((88, 90))
            if f + 2 <= len(b):
                struct.pack_into("<H", b, f, rnd.choice((0, 8, 104, 112, 120, 144, 150, 152, 160, 176, 0xffff)))
    return bytes(b)


def ext_cases():
    """The extensions' own hostile payloads: every selftests/ext_sets/NAME.py defines
    cases(h), a generator of (name, blob) built with this module's encoders (h)."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    d = os.path.join(here, "ext_sets")
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not f.endswith(".py"):
            continue
        spec = importlib.util.spec_from_file_location("ext_" + f[:-3], os.path.join(d, f))
        m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(m)
        for name, blob in m.cases(sys.modules[__name__]):
            yield "%s/%s" % (f[:-3], name), blob


def all_cases():
    yield from cases()
    yield from ext_cases()
    yield from ports_cases()
    yield from mutations()


def run():
    s = sock()
    for name, blob in all_cases():
        if isinstance(blob, tuple):  # (table, blob function)
            tname, blob = blob
        else:
            tname = blob.table if isinstance(blob, Blob) else "filter"
        nc = count(s, tname)
        data = blob.encode(nc) if isinstance(blob, Blob) else blob(nc)
        before = entries(s, tname)
        res = send(s, data)
        # Bad input changes nothing: a rejected blob leaves the table byte for byte as it was.
        if res != "OK" and entries(s, tname) != before:
            res = "CHANGED-AFTER-" + res
        if res == "OK" and name.startswith(SHOW_ENTRIES):
            res += " " + entries_digest(entries(s, tname))
        print(name, res, flush=True)
        if res == "OK":
            restore_empty(s, tname)
        for t in TABLE_HOOKS:
            if t != tname and count(s, t) != len(TABLE_HOOKS[t]) + 1:
                restore_empty(s, t)
    return 0


def eperm():
    # A UDP socket: an unprivileged user cannot open a raw one; the sockopts are the same.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        getsockopt_in(s, GET_INFO, b"filter".ljust(84, b"\0"))
        print("get OK")
    except OSError as e:
        print("get", errno.errorcode.get(e.errno, e.errno))
    print("set", send(s, table("filter").encode(4)))
    return 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "run"
    if cmd == "run":
        return run()
    if cmd == "list":
        for name, _ in all_cases():
            print(name)
        return 0
    if cmd == "eperm":
        return eperm()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
