// SPDX-License-Identifier: GPL-2.0

//! Helpers of the host tests: tables built with the `abi` encoders, packets, and [`FakeEnv`],
//! the kernel as the engine's tests see it.

#![allow(dead_code, unused_imports)]

pub(crate) use std::vec;
pub(crate) use std::vec::Vec;

pub(crate) use super::abi;
pub(crate) use super::abi::*;
pub(crate) use super::env::SockOwner;
pub(crate) use super::env::{
    CtInfo, CtKind, DevSel, Env, HostLoad, TraceComment, HOST_JIFFIES, NF_CT_HELPER_NAME_LEN,
};
pub(crate) use super::error::{Error, Reject};
pub(crate) use super::eval::{evaluate, Outcome, Packet};
pub(crate) use super::ext::conntrack::{ct_flags, ct_state, XtConntrack};
pub(crate) use super::ext::ct::{ct_target, XtCtTarget};
pub(crate) use super::ext::icmp::{IptIcmp, IPT_ICMP_INV};
pub(crate) use super::ext::nat::{nat_flags, Nat, NatManip, NatRange, NF_NAT_RANGE_SIZE};
pub(crate) use super::ext::tcpudp::*;
pub(crate) use super::ext::{
    check_target, parse_match, CheckParam, CheckedTarget, Match, TargetExt, UserView,
};
pub(crate) use super::ext::{
    conntrack::ConntrackMatch, ct::Ct, masquerade::Masquerade, redirect::Redirect, state::State,
};
pub(crate) use super::ext::{find_revision, ExtId, ExtKind, MatchResult, TargetVerdict};
pub(crate) use super::parse::{check_header, parse_replace, Ruleset, Target};
pub(crate) use super::tables::{Hook, Table, Verdict};

/// A test rule target: a raw target, or a jump/goto to a user chain by name.
#[derive(Clone, Copy)]
pub(crate) enum T<'a> {
    Raw(TargetSpec<'a>),
    Jump(&'a str),
    Goto(&'a str),
}

#[derive(Clone, Copy)]
pub(crate) struct R<'a> {
    pub(crate) ip: IptIp,
    pub(crate) matches: &'a [ExtSpec<'a>],
    pub(crate) t: T<'a>,
}

pub(crate) fn r(t: T<'_>) -> R<'_> {
    R {
        ip: IptIp::default(),
        matches: &[],
        t,
    }
}

pub(crate) fn v(verdict: i32) -> T<'static> {
    T::Raw(TargetSpec::Verdict(verdict))
}

/// The entries, hook entry indices and underflow indices of a table laid out as libiptc does:
/// built-in chains in hook order (rules, then the policy), user chains (ERROR head, rules,
/// RETURN), the final ERROR entry.
pub(crate) fn layout<'a>(
    builtin: &[(Hook, &[R<'a>], i32)],
    user: &[(&'a str, &[R<'a>])],
) -> (Vec<EntrySpec<'a>>, [Option<usize>; 5], [Option<usize>; 5]) {
    let mut starts = Vec::new();
    let mut n = 0;
    for (_, rules, _) in builtin {
        n += rules.len() + 1;
    }
    for (name, rules) in user {
        starts.push((*name, n + 1));
        n += rules.len() + 2;
    }
    let find = |name: &str| starts.iter().find(|(c, _)| *c == name).unwrap().1;
    let mut entries = Vec::new();
    let mut hooks = [None; 5];
    let mut uflow = [None; 5];
    let conv = |rule: &R<'a>| {
        let mut ip = rule.ip;
        let target = match rule.t {
            T::Raw(t) => t,
            T::Jump(c) => TargetSpec::JumpTo(find(c)),
            T::Goto(c) => {
                ip.flags |= IPT_F_GOTO;
                TargetSpec::JumpTo(find(c))
            }
        };
        EntrySpec {
            ip,
            matches: rule.matches,
            target,
        }
    };
    for (hook, rules, policy) in builtin {
        hooks[hook.index() as usize] = Some(entries.len());
        entries.extend(rules.iter().map(conv));
        uflow[hook.index() as usize] = Some(entries.len());
        entries.push(EntrySpec::verdict(*policy));
    }
    for (name, rules) in user {
        entries.push(EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Error(name.as_bytes()),
        });
        entries.extend(rules.iter().map(conv));
        entries.push(EntrySpec::verdict(XT_RETURN));
    }
    entries.push(EntrySpec {
        ip: IptIp::default(),
        matches: &[],
        target: TargetSpec::Error(b"ERROR"),
    });
    (entries, hooks, uflow)
}

pub(crate) fn build(
    table: Table,
    builtin: &[(Hook, &[R<'_>], i32)],
    user: &[(&str, &[R<'_>])],
) -> Vec<u8> {
    let (entries, hooks, uflow) = layout(builtin, user);
    encode_replace(table, hooks, uflow, 1, &entries)
        .unwrap()
        .to_vec()
}

/// A filter table with the given INPUT rules and user chains; FORWARD and OUTPUT accept.
pub(crate) fn filter(input: &[R<'_>], policy: i32, user: &[(&str, &[R<'_>])]) -> Vec<u8> {
    build(
        Table::Filter,
        &[
            (Hook::LocalIn, input, policy),
            (Hook::Forward, &[], VERDICT_ACCEPT),
            (Hook::LocalOut, &[], VERDICT_ACCEPT),
        ],
        user,
    )
}

pub(crate) fn parse(buf: &[u8]) -> Result<Ruleset, Error> {
    parse_replace(Table::Filter, buf, &HostLoad).map(|p| p.ruleset)
}

pub(crate) fn header(buf: &[u8]) -> ReplaceHeader {
    ReplaceHeader::decode(buf).unwrap()
}

pub(crate) fn set_header(buf: &mut [u8], f: impl FnOnce(&mut ReplaceHeader)) {
    let mut h = header(buf);
    f(&mut h);
    buf[..96].copy_from_slice(&h.encode());
}

/// Byte offset in `buf` (header included) of entry `i`.
pub(crate) fn entry_at(buf: &[u8], i: usize) -> usize {
    let mut off = IPT_REPLACE_SIZE;
    for _ in 0..i {
        off += read_u16(buf, off + ipt_entry::NEXT_OFFSET).unwrap() as usize;
    }
    off
}

pub(crate) fn put16(buf: &mut [u8], off: usize, v: u16) {
    buf[off..off + 2].copy_from_slice(&v.to_ne_bytes());
}

pub(crate) fn put32(buf: &mut [u8], off: usize, v: i32) {
    buf[off..off + 4].copy_from_slice(&v.to_ne_bytes());
}

pub(crate) fn rejects(buf: &[u8], e: Error) {
    assert_eq!(parse(buf).err(), Some(e));
}

pub(crate) fn inval(r: Reject) -> Error {
    Error::Inval(r)
}

pub(crate) fn tcp_ext(t: &XtTcp) -> [u8; 12] {
    t.encode()
}

/// An entry whose match area is `matches` verbatim (for malformed match layouts).
pub(crate) fn raw_match_entry(matches: &[u8]) -> Vec<u8> {
    let base = filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[]);
    let e0 = entry_at(&base, 0);
    let mut b = base[..e0 + 112].to_vec();
    b.extend_from_slice(matches);
    b.extend_from_slice(&base[e0 + 112..]);
    let delta = matches.len();
    put16(&mut b, e0 + ipt_entry::TARGET_OFFSET, (112 + delta) as u16);
    put16(&mut b, e0 + ipt_entry::NEXT_OFFSET, (152 + delta) as u16);
    set_header(&mut b, |h| {
        h.size += delta as u32;
        for o in h.hook_entry.iter_mut().chain(h.underflow.iter_mut()) {
            if *o > 0 {
                *o += delta as u32;
            }
        }
    });
    b
}

pub(crate) fn match_hdr(size: u16, name: &[u8]) -> Vec<u8> {
    let mut m = vec![0u8; 32];
    m[..2].copy_from_slice(&size.to_ne_bytes());
    m[2..2 + name.len()].copy_from_slice(name);
    m
}

// ---------------------------------------------------------------------------------------
// Evaluation.

pub(crate) fn pkt(l4: &[u8]) -> Packet<'_> {
    Packet {
        saddr: u32::from_be_bytes([10, 0, 0, 1]),
        daddr: u32::from_be_bytes([192, 168, 1, 2]),
        protocol: 6,
        frag_off: 0,
        in_iface: iface(b"eth0"),
        out_iface: [0; 16],
        l4,
        len: 60,
        tos: 0,
        ttl: 64,
        tot_len: 60,
    }
}

pub(crate) fn iface(n: &[u8]) -> [u8; 16] {
    c_name(n).unwrap()
}

/// A 20-byte TCP header (plus `opts`) from `sport` to `dport` with `flags`.
pub(crate) fn tcp_hdr(sport: u16, dport: u16, flags: u8, opts: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 20];
    h[..2].copy_from_slice(&sport.to_be_bytes());
    h[2..4].copy_from_slice(&dport.to_be_bytes());
    h[12] = (((20 + opts.len()) / 4) as u8) << 4;
    h[13] = flags;
    h.extend_from_slice(opts);
    h
}

pub(crate) fn run(rs: &Ruleset, hook: Hook, p: &Packet<'_>) -> (Outcome, Vec<u32>) {
    run_env(rs, hook, p, &mut FakeEnv::default())
}

/// [`run`] with the kernel answering from `env`.
pub(crate) fn run_env(
    rs: &Ruleset,
    hook: Hook,
    p: &Packet<'_>,
    env: &mut FakeEnv,
) -> (Outcome, Vec<u32>) {
    let mut stack = rs.new_jump_stack().unwrap();
    let mut hits = Vec::new();
    let o = evaluate(rs, hook, p, &mut stack, env, |i| hits.push(i));
    (o, hits)
}

/// Whether a single INPUT rule with `ip` and `matches` (DROP, policy ACCEPT) matches `p`.
pub(crate) fn hits(ip: IptIp, matches: &[ExtSpec<'_>], p: &Packet<'_>) -> bool {
    hits_env(ip, matches, p, &FakeEnv::default())
}

/// [`hits`] with the kernel answering from `env`.
pub(crate) fn hits_env(ip: IptIp, matches: &[ExtSpec<'_>], p: &Packet<'_>, env: &FakeEnv) -> bool {
    let rule = [R {
        ip,
        matches,
        t: v(VERDICT_DROP),
    }];
    let rs = parse(&filter(&rule, VERDICT_ACCEPT, &[])).unwrap();
    match run_env(&rs, Hook::LocalIn, p, &mut env.clone()) {
        (Outcome::Drop, h) => h == [0],
        (Outcome::Accept, h) => {
            assert_eq!(h, [1]);
            false
        }
        other => panic!("{other:?}"),
    }
}

pub(crate) fn tcp_rule_hits(t: XtTcp, p: &Packet<'_>) -> bool {
    let payload = t.encode();
    let m = [ExtSpec {
        name: b"tcp",
        revision: 0,
        payload: &payload,
    }];
    hits(
        IptIp {
            proto: 6,
            ..IptIp::default()
        },
        &m,
        p,
    )
}

/// The chains used by the traversal tests:
///
/// ```text
///  0 INPUT  -j a                 6 a (head)            11 b (head)
///  1 INPUT  -p udp -g b          7 a  -p icmp -j DROP  12 b  -d 1.2.3.4 -j ACCEPT
///  2 INPUT  -p tcp -j ACCEPT     8 a  -p udp -j RETURN 13 b  RETURN
///  3 INPUT  policy DROP          9 a  -j c             14 c (head)
///  4 FORWARD policy ACCEPT      10 a  RETURN           15 c  RETURN
///  5 OUTPUT policy ACCEPT                              16 ERROR
/// ```
pub(crate) fn chain_table() -> Vec<u8> {
    let p = |proto: u16| IptIp {
        proto,
        ..IptIp::default()
    };
    let input = [
        r(T::Jump("a")),
        R {
            ip: p(17),
            ..r(T::Goto("b"))
        },
        R {
            ip: p(6),
            ..r(v(VERDICT_ACCEPT))
        },
    ];
    let a = [
        R {
            ip: p(1),
            ..r(v(VERDICT_DROP))
        },
        R {
            ip: p(17),
            ..r(v(XT_RETURN))
        },
        r(T::Jump("c")),
    ];
    let b = [R {
        ip: IptIp {
            dst: [1, 2, 3, 4],
            dmsk: [255; 4],
            ..IptIp::default()
        },
        ..r(v(VERDICT_ACCEPT))
    }];
    filter(&input, VERDICT_DROP, &[("a", &a), ("b", &b), ("c", &[])])
}

/// A small deterministic PRNG (xorshift64*).
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub(crate) fn match_table() -> Vec<u8> {
    let tcp = XtTcp {
        spts: [0, 1023],
        dpts: [22, 22],
        option: 2,
        flg_mask: 0x17,
        flg_cmp: 0x02,
        invflags: XT_TCP_INV_SRCPT,
    }
    .encode();
    let udp = XtUdp {
        spts: [53, 53],
        dpts: [0, 65535],
        invflags: 0,
    }
    .encode();
    let icmp = IptIcmp {
        icmp_type: 8,
        code: [0, 255],
        invflags: 0,
    }
    .encode();
    let m = |name: &'static [u8], payload: &[u8]| -> ExtSpec<'static> {
        ExtSpec {
            name,
            revision: 0,
            payload: Vec::leak(payload.to_vec()),
        }
    };
    let tm: &'static [ExtSpec<'static>] = Vec::leak(vec![m(b"tcp", &tcp)]);
    let um: &'static [ExtSpec<'static>] = Vec::leak(vec![m(b"udp", &udp)]);
    let im: &'static [ExtSpec<'static>] = Vec::leak(vec![m(b"icmp", &icmp)]);
    let ip = |proto: u16| {
        IptIp {
            proto,
            ..IptIp::default()
        }
        .with_iniface(b"eth+")
        .unwrap()
    };
    build(
        Table::Mangle,
        &[
            (
                Hook::PreRouting,
                &[
                    R {
                        ip: ip(6),
                        matches: tm,
                        t: T::Jump("x"),
                    },
                    R {
                        ip: ip(17),
                        matches: um,
                        t: v(VERDICT_DROP),
                    },
                ],
                VERDICT_ACCEPT,
            ),
            (Hook::LocalIn, &[], VERDICT_ACCEPT),
            (
                Hook::Forward,
                &[R {
                    ip: ip(1),
                    matches: im,
                    t: T::Goto("x"),
                }],
                VERDICT_DROP,
            ),
            (Hook::LocalOut, &[], VERDICT_ACCEPT),
            (Hook::PostRouting, &[r(T::Jump("x"))], VERDICT_ACCEPT),
        ],
        &[("x", &[r(v(VERDICT_ACCEPT))])],
    )
}

// ---------------------------------------------------------------------------------------
// Conntrack matches, NAT and raw targets.

/// Leaks `e` as a one-element list of extensions (tests only).
pub(crate) fn one(e: ExtSpec<'static>) -> &'static [ExtSpec<'static>] {
    Vec::leak(vec![e])
}

/// An extension with a leaked copy of `payload`.
pub(crate) fn ext(name: &'static [u8], revision: u8, payload: &[u8]) -> ExtSpec<'static> {
    ExtSpec {
        name,
        revision,
        payload: Vec::leak(payload.to_vec()),
    }
}

pub(crate) fn tgt(name: &'static [u8], revision: u8, payload: &[u8]) -> T<'static> {
    T::Raw(TargetSpec::Ext(ext(name, revision, payload)))
}

/// A nat table: PREROUTING, INPUT, OUTPUT and POSTROUTING rules (policies ACCEPT).
pub(crate) fn nat(
    pre: &[R<'_>],
    input: &[R<'_>],
    out: &[R<'_>],
    post: &[R<'_>],
    user: &[(&str, &[R<'_>])],
) -> Vec<u8> {
    build(
        Table::Nat,
        &[
            (Hook::PreRouting, pre, VERDICT_ACCEPT),
            (Hook::LocalIn, input, VERDICT_ACCEPT),
            (Hook::LocalOut, out, VERDICT_ACCEPT),
            (Hook::PostRouting, post, VERDICT_ACCEPT),
        ],
        user,
    )
}

/// A raw table: PREROUTING and OUTPUT rules (policies ACCEPT).
pub(crate) fn raw(pre: &[R<'_>], out: &[R<'_>]) -> Vec<u8> {
    build(
        Table::Raw,
        &[
            (Hook::PreRouting, pre, VERDICT_ACCEPT),
            (Hook::LocalOut, out, VERDICT_ACCEPT),
        ],
        &[],
    )
}

pub(crate) fn parse_as(table: Table, buf: &[u8]) -> Result<Ruleset, Error> {
    parse_replace(table, buf, &HostLoad).map(|p| p.ruleset)
}

/// A compat NAT payload (`rangesize`, then `range[0]`).
pub(crate) fn compat(rangesize: u32, r: NatRange) -> Vec<u8> {
    let mut b = r.encode_compat().to_vec();
    b[..4].copy_from_slice(&rangesize.to_ne_bytes());
    b
}

pub(crate) fn range(flags: u32) -> NatRange {
    NatRange {
        flags,
        min_ip: [192, 0, 2, 1],
        max_ip: [192, 0, 2, 9],
        min_proto: 1024,
        max_proto: 2048,
        base_proto: 0,
    }
}

pub(crate) fn snat(revision: u8, r: NatRange) -> T<'static> {
    let payload = match revision {
        0 => compat(1, r),
        1 => r.encode_range2()[..NF_NAT_RANGE_SIZE].to_vec(),
        _ => r.encode_range2().to_vec(),
    };
    tgt(b"SNAT", revision, &payload)
}

pub(crate) fn dnat(revision: u8, r: NatRange) -> T<'static> {
    match snat(revision, r) {
        T::Raw(TargetSpec::Ext(e)) => T::Raw(TargetSpec::Ext(ExtSpec { name: b"DNAT", ..e })),
        _ => unreachable!(),
    }
}

pub(crate) fn ct_target(revision: u8, t: XtCtTarget) -> T<'static> {
    let (b, n) = t.encode(revision);
    tgt(b"CT", revision, &b[..n])
}

pub(crate) fn notrack_ct() -> XtCtTarget {
    XtCtTarget {
        flags: ct_target::NOTRACK,
        ..XtCtTarget::default()
    }
}

/// A `conntrack` match of revision `rev`.
pub(crate) fn conntrack(rev: u8, info: XtConntrack) -> ExtSpec<'static> {
    let (b, n) = info.encode(rev);
    ext(b"conntrack", rev, &b[..n])
}

pub(crate) fn state(mask: u32) -> ExtSpec<'static> {
    ext(b"state", 0, &mask.to_ne_bytes())
}

/// A rule with protocol `proto`.
pub(crate) fn rp(proto: u16, matches: &'static [ExtSpec<'static>], t: T<'static>) -> R<'static> {
    R {
        ip: IptIp {
            proto,
            ..IptIp::default()
        },
        matches,
        t,
    }
}

/// A tracked connection from 10.0.0.1:1000 to 192.168.1.2:22, replied to from
/// 192.168.1.2:22 to 10.0.0.1:1000, with `ctinfo`.
pub(crate) fn tracked(ctinfo: u8) -> CtInfo {
    CtInfo {
        kind: CtKind::Tracked { ctinfo },
        status: 0,
        l4proto: 6,
        orig_src: u32::from_be_bytes([10, 0, 0, 1]),
        orig_dst: u32::from_be_bytes([192, 168, 1, 2]),
        repl_src: u32::from_be_bytes([192, 168, 1, 2]),
        repl_dst: u32::from_be_bytes([10, 0, 0, 1]),
        orig_sport: 1000,
        orig_dport: 22,
        repl_sport: 22,
        repl_dport: 1000,
        expires_secs: 100,
        mark: 0,
    }
}

pub(crate) fn no_ct(kind: CtKind) -> CtInfo {
    CtInfo {
        kind,
        ..CtInfo::default()
    }
}

/// A nat table using every NAT target and revision, with a conntrack match (seed corpus).
pub(crate) fn nat_ct_table() -> Vec<u8> {
    let ct = one(conntrack(
        3,
        XtConntrack {
            match_flags: ct_flags::STATE | ct_flags::ORIGDST_PORT,
            state_mask: ct_state::NEW as u16,
            origdst_port: 80,
            origdst_port_high: 90,
            ..XtConntrack::default()
        },
    ));
    let ports = NatRange {
        flags: nat_flags::PROTO_SPECIFIED,
        min_proto: 8080,
        max_proto: 8080,
        ..NatRange::default()
    };
    nat(
        &[
            R {
                matches: ct,
                ..r(dnat(2, range(nat_flags::MAP_IPS)))
            },
            rp(6, &[], tgt(b"REDIRECT", 0, &compat(1, ports))),
        ],
        &[r(snat(1, range(nat_flags::MAP_IPS)))],
        &[r(dnat(0, range(nat_flags::MAP_IPS)))],
        &[r(T::Jump("x")), r(tgt(b"MASQUERADE", 0, &compat(1, ports)))],
        &[("x", &[r(snat(0, range(nat_flags::MAP_IPS)))])],
    )
}

/// A raw table with NOTRACK, CT and a state match (seed corpus).
pub(crate) fn raw_ct_table() -> Vec<u8> {
    raw(
        &[
            R {
                matches: one(state(ct_state::NEW | ct_state::INVALID)),
                ..r(tgt(b"NOTRACK", 0, &[]))
            },
            r(ct_target(2, notrack_ct())),
        ],
        &[r(ct_target(0, notrack_ct())), r(ct_target(1, notrack_ct()))],
    )
}

pub(crate) fn rejects_as(table: Table, buf: &[u8], e: Error) {
    assert_eq!(parse_as(table, buf).err(), Some(e));
}

/// Whether a single INPUT rule with `matches` matches a packet with conntrack entry `ct`.
pub(crate) fn ct_hits(matches: &[ExtSpec<'_>], ct: CtInfo) -> bool {
    let l4 = tcp_hdr(1000, 22, 0x10, &[]);
    hits_env(
        IptIp::default(),
        matches,
        &pkt(&l4),
        &FakeEnv {
            ct,
            ..FakeEnv::default()
        },
    )
}

/// A `conntrack` match with `match_flags`/`invert_flags` and other fields from `f`.
pub(crate) fn ctm(
    rev: u8,
    flags: u16,
    inv: u16,
    f: impl FnOnce(&mut XtConntrack),
) -> ExtSpec<'static> {
    let mut info = XtConntrack {
        match_flags: flags,
        invert_flags: inv,
        ..XtConntrack::default()
    };
    f(&mut info);
    conntrack(rev, info)
}

// Helpers of the registry tests.

pub(crate) fn name(s: &[u8]) -> [u8; 29] {
    abi::c_name(s).unwrap()
}

/// A rule in `table` reached from `hooks`, protocol `proto`.
pub(crate) fn par(table: &'static [u8], hooks: u8, proto: u16) -> CheckParam<'static> {
    CheckParam {
        table,
        hook_mask: hooks,
        proto,
        inv_proto: false,
        load: &HostLoad,
        matches: &[],
    }
}

pub(crate) const PRE: u8 = 1 << 0;
pub(crate) const IN: u8 = 1 << 1;
pub(crate) const FWD: u8 = 1 << 2;
pub(crate) const OUT: u8 = 1 << 3;
pub(crate) const POST: u8 = 1 << 4;

pub(crate) fn compat_flags(rangesize: u32, flags: u32) -> [u8; 24] {
    let r = NatRange {
        flags,
        min_ip: [10, 0, 0, 1],
        max_ip: [10, 0, 0, 2],
        min_proto: 1000,
        max_proto: 2000,
        base_proto: 0,
    };
    let mut b = [0u8; 24];
    b[..20].copy_from_slice(&r.encode_compat());
    b[..4].copy_from_slice(&rangesize.to_ne_bytes());
    b
}

pub(crate) fn ext_of(t: Result<(CheckedTarget, UserView), Error>) -> Result<TargetExt, Error> {
    match t? {
        (CheckedTarget::Ext(e), _) => Ok(e),
        other => panic!("{other:?}"),
    }
}

pub(crate) fn ct_payload(rev: u8, t: XtCtTarget) -> ([u8; 72], usize) {
    let (mut b, n) = t.encode(rev);
    // The kernel pointer: garbage from userspace, never read.
    b[n - 8..n].fill(0xa5);
    (b, n)
}

/// What [`FakeEnv`] was asked to do, in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// `nat_setup`.
    Nat(NatManip, NatRange),
    /// `masquerade`.
    Masquerade(NatRange),
    /// `redirect`.
    Redirect(NatRange),
    /// `notrack`.
    Notrack,
    /// `ct_template(slot)`.
    CtTemplate(u32),
    /// `set_mark`.
    SetMark(u32),
    /// `set_ct_mark`, with a conntrack entry whose mark differed (the kernel's event).
    SetCtMark(u32),
    /// `set_nf_trace`.
    SetNfTrace,
    /// `trace`: table, chain, comment, rule number.
    Trace(Vec<u8>, Vec<u8>, TraceComment, u32),
    /// `send_unreach`: the ICMP code.
    SendUnreach(u8),
    /// `send_reset`.
    SendReset,
    /// `log`: level, flags, prefix.
    Log(u8, u8, Vec<u8>),
    /// `nflog`: group, copy length, queue threshold, flags, prefix.
    Nflog(u16, u32, u16, u16, Vec<u8>),
    /// `make_writable`.
    MakeWritable,
    /// `l4_write`: offset, bytes.
    L4Write(u32, Vec<u8>),
    /// `l4_extend`: by how much, and whether the head had to be expanded first.
    L4Extend(u32, bool),
    /// `tcp_csum_replace2`: from, to, pseudohdr.
    TcpCsum2([u8; 2], [u8; 2], bool),
    /// `tcp_csum_replace4`: from, to, pseudohdr.
    TcpCsum4([u8; 4], [u8; 4], bool),
    /// `ip_add_tot_len`.
    IpAddTotLen(u16),
    /// `log_invalid_pmtu`.
    InvalidPmtu(u32),
    /// `change_dsfield`: mask, value (recorded whether or not the header was writable).
    ChangeDsfield(u8, u8),
    /// `set_ttl` (recorded whether or not the header was writable).
    SetTtl(u8),
    /// `set_priority`.
    SetPriority(u32),
    /// `checksum_help` (recorded whether or not the checksum start was valid).
    ChecksumHelp,
    /// `ip_set_add`: the set's index and the options.
    IpSetAdd(u16, super::env::IpSetAdtOpt),
    /// `ip_set_del`: the set's index and the options.
    IpSetDel(u16, super::env::IpSetAdtOpt),
    /// `set_queue_mapping`.
    SetQueueMapping(u16),
    /// `dup_ipv4`: the gateway and the interface.
    DupIpv4([u8; 4], i32),
}

/// The kernel as the host tests see it: answers from its fields, records every action.
#[derive(Clone, Debug)]
pub(crate) struct FakeEnv {
    /// What `ct()` answers.
    pub(crate) ct: CtInfo,
    /// `skb->mark`.
    pub(crate) mark: u32,
    /// Route types: `(address, device, RTN_*)`; any other address is UNICAST (1).
    pub(crate) addr_types: Vec<(u32, DevSel, u8)>,
    /// `skb->pkt_type`.
    pub(crate) pkt_type: u8,
    /// What `mac_source()` answers.
    pub(crate) mac_source: Option<[u8; 6]>,
    /// `skb_ip_totlen(skb)`.
    pub(crate) ip_totlen: u32,
    /// The verdict of the NAT functions.
    pub(crate) nat_verdict: Verdict,
    /// `skb->nf_trace`.
    pub(crate) nf_trace: bool,
    /// `raw_smp_processor_id()`.
    pub(crate) cpu: u32,
    /// `jiffies` (by default the host's load-time clock, [`HOST_JIFFIES`]).
    pub(crate) jiffies: u64,
    /// What `get_random_u32()` answers.
    pub(crate) random: u32,
    /// The helper of the conntrack entry's master.
    pub(crate) master_helper: Option<[u8; NF_CT_HELPER_NAME_LEN]>,
    /// Every action, in order.
    pub(crate) actions: Vec<Action>,
    /// What `sock_owner()` answers (its `suppl` computed from `groups`).
    pub(crate) sock: SockOwner,
    /// The supplementary groups of the socket's file credentials (kernel gids).
    pub(crate) groups: Vec<u32>,
    /// The range the last `sock_owner()` call asked about, if it was called.
    pub(crate) sock_asked: core::cell::Cell<Option<Option<(u32, u32)>>>,
    /// `ktime_get_real_seconds()`.
    pub(crate) real_seconds: i64,
    /// `sys_tz.tz_minuteswest`.
    pub(crate) tz_minuteswest: i32,
    /// The input device's group (`None`: no input device).
    pub(crate) in_group: Option<u32>,
    /// [`Env::dst_tclassid`].
    pub(crate) tclassid: Option<u32>,
    /// The output device's group (`None`: no output device).
    pub(crate) out_group: Option<u32>,
    /// The packet's bytes and what the packet-writing methods see of the skb.
    pub(crate) skb: FakeSkb,
    /// Whether `skb_ensure_writable` of the IP header succeeds.
    pub(crate) writable: bool,
    /// The IP header's TOS byte as the kernel holds it (what `change_dsfield` rewrites).
    pub(crate) ip_tos: u8,
    /// The IP header's TTL as the kernel holds it (what `set_ttl` rewrites).
    pub(crate) ip_ttl: u8,
    /// `skb->priority`.
    pub(crate) priority: u32,
    /// `skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb)`.
    pub(crate) csum_partial: bool,
    /// Whether `ip_check_csum_start` fails (`csum_start` inside the IP header).
    pub(crate) csum_start_bad: bool,
    /// `xt_out(par) && (!skb->sk || !net_eq(net, sock_net(skb->sk)))`.
    pub(crate) out_without_own_sk: bool,
    /// The namespace's `recent` lists, by slot (shared by clones, as the kernel's are by the
    /// rules of a namespace).
    pub(crate) recent: Vec<std::rc::Rc<core::cell::RefCell<super::ext::recent::RecentTable>>>,
    /// The namespace's `hashlimit` tables, by slot (shared by clones).
    pub(crate) hashlimit:
        Vec<std::rc::Rc<core::cell::RefCell<super::ext::hashlimit::HashlimitTable>>>,
    /// What `nf_conncount_count_skb` answers.
    pub(crate) conncount: u32,
    /// The `(slot, addr)` of the last `conncount()` call.
    pub(crate) conncount_asked: Option<(u32, u32)>,
    /// What `ip_set_test` answers, by set index (absent: 0).
    pub(crate) ip_set_answers: Vec<(u16, i32)>,
    /// Every `ip_set_test` call, in order.
    pub(crate) ip_set_calls: Vec<(u16, super::env::IpSetAdtOpt)>,
    /// What `ip_set_test_skbinfo` hands back besides the answer, by set index (absent: zeros).
    pub(crate) ip_set_skbinfo: Vec<(u16, super::env::IpSetSkbInfo)>,
    /// `skb->dev->real_num_tx_queues` (`None`: no device).
    pub(crate) tx_queues: Option<u32>,
    /// The bridge ports `physdev()` answers (`None`: no `nf_bridge_info`).
    pub(crate) physdev: Option<super::ext::physdev::PhysDevs>,
    /// The `TEE --oif` trackers' current ifindex, by slot (absent: -1).
    pub(crate) tee_oifs: Vec<i32>,
}

impl Default for FakeEnv {
    fn default() -> Self {
        FakeEnv {
            ct: CtInfo::default(),
            mark: 0,
            addr_types: Vec::new(),
            pkt_type: 0,
            mac_source: None,
            ip_totlen: 60,
            nat_verdict: Verdict::Accept,
            nf_trace: false,
            cpu: 0,
            jiffies: HOST_JIFFIES,
            random: 0,
            master_helper: None,
            actions: Vec::new(),
            sock: SockOwner::None,
            groups: Vec::new(),
            sock_asked: core::cell::Cell::new(None),
            real_seconds: 0,
            tz_minuteswest: 0,
            in_group: None,
            tclassid: None,
            out_group: None,
            skb: FakeSkb::default(),
            writable: true,
            ip_tos: 0,
            ip_ttl: 64,
            priority: 0,
            csum_partial: false,
            csum_start_bad: false,
            out_without_own_sk: false,
            recent: Vec::new(),
            hashlimit: Vec::new(),
            conncount: 1,
            conncount_asked: None,
            ip_set_answers: Vec::new(),
            ip_set_calls: Vec::new(),
            ip_set_skbinfo: Vec::new(),
            tx_queues: Some(1),
            physdev: None,
            tee_oifs: Vec::new(),
        }
    }
}

impl Env for FakeEnv {
    fn ct(&self) -> CtInfo {
        self.ct
    }

    fn mark(&self) -> u32 {
        self.mark
    }

    fn set_mark(&mut self, mark: u32) {
        self.actions.push(Action::SetMark(mark));
        self.mark = mark;
    }

    fn set_ct_mark(&mut self, mark: u32) {
        if matches!(self.ct.kind, CtKind::Tracked { .. }) && self.ct.mark != mark {
            self.actions.push(Action::SetCtMark(mark));
            self.ct.mark = mark;
        }
    }

    fn jiffies(&self) -> u64 {
        self.jiffies
    }

    fn cpu_id(&self) -> u32 {
        self.cpu
    }

    fn random_u32(&mut self) -> u32 {
        self.random
    }

    fn ct_master_helper(&self) -> Option<[u8; NF_CT_HELPER_NAME_LEN]> {
        self.master_helper
    }

    fn addr_type(&self, addr: u32, dev: DevSel) -> u8 {
        self.addr_types
            .iter()
            .find(|(a, d, _)| *a == addr && *d == dev)
            .map_or(1, |t| t.2)
    }

    fn pkt_type(&self) -> u8 {
        self.pkt_type
    }

    fn mac_source(&self) -> Option<[u8; 6]> {
        self.mac_source
    }

    fn ip_totlen(&self) -> u32 {
        self.ip_totlen
    }

    fn nat_setup(&mut self, manip: NatManip, range: &NatRange) -> Verdict {
        self.actions.push(Action::Nat(manip, *range));
        self.nat_verdict
    }

    fn masquerade(&mut self, range: &NatRange) -> Verdict {
        self.actions.push(Action::Masquerade(*range));
        self.nat_verdict
    }

    fn redirect(&mut self, range: &NatRange) -> Verdict {
        self.actions.push(Action::Redirect(*range));
        self.nat_verdict
    }

    fn nf_trace(&self) -> bool {
        self.nf_trace
    }

    fn set_nf_trace(&mut self) {
        self.actions.push(Action::SetNfTrace);
        self.nf_trace = true;
    }

    fn trace(&mut self, table: &[u8], chain: &[u8], comment: TraceComment, rulenum: u32) {
        self.actions.push(Action::Trace(
            table.to_vec(),
            chain.to_vec(),
            comment,
            rulenum,
        ));
    }

    fn send_unreach(&mut self, code: u8) {
        self.actions.push(Action::SendUnreach(code));
    }

    fn send_reset(&mut self) {
        self.actions.push(Action::SendReset);
    }

    fn tee_oif(&self, slot: u32) -> i32 {
        usize::try_from(slot)
            .ok()
            .and_then(|i| self.tee_oifs.get(i))
            .copied()
            .unwrap_or(-1)
    }

    fn dup_ipv4(&mut self, gw: [u8; 4], oif: i32) {
        self.actions.push(Action::DupIpv4(gw, oif));
    }

    fn log(&mut self, level: u8, logflags: u8, prefix: &[u8]) {
        self.actions
            .push(Action::Log(level, logflags, prefix.to_vec()));
    }

    fn nflog(&mut self, group: u16, copy_len: u32, qthreshold: u16, flags: u16, prefix: &[u8]) {
        self.actions.push(Action::Nflog(
            group,
            copy_len,
            qthreshold,
            flags,
            prefix.to_vec(),
        ));
    }

    fn ct_template(&mut self, slot: u32) {
        self.actions.push(Action::CtTemplate(slot));
    }

    fn notrack(&mut self) {
        self.actions.push(Action::Notrack);
        if !matches!(self.ct.kind, CtKind::Tracked { .. }) {
            self.ct.kind = CtKind::Untracked;
        }
    }

    fn sock_owner(&self, suppl: Option<(u32, u32)>) -> SockOwner {
        self.sock_asked.set(Some(suppl));
        match self.sock {
            SockOwner::File { fsuid, fsgid, .. } => SockOwner::File {
                fsuid,
                fsgid,
                suppl: suppl
                    .is_some_and(|(lo, hi)| self.groups.iter().any(|g| (lo..=hi).contains(g))),
            },
            other => other,
        }
    }

    fn real_seconds(&self) -> i64 {
        self.real_seconds
    }

    fn tz_minuteswest(&self) -> i32 {
        self.tz_minuteswest
    }

    fn dev_group(&self, dev: DevSel) -> Option<u32> {
        match dev {
            DevSel::In => self.in_group,
            DevSel::Out => self.out_group,
            DevSel::Any => None,
        }
    }

    fn dst_tclassid(&self) -> Option<u32> {
        self.tclassid
    }
    fn make_writable(&mut self) -> bool {
        self.actions.push(Action::MakeWritable);
        self.skb.writable = !self.skb.unwritable;
        self.skb.writable
    }

    fn l4_len(&self) -> Option<u32> {
        let len = self.skb.data.len();
        len.checked_sub(self.skb.ihl())
            .map(|n| u32::try_from(n).unwrap())
    }

    fn l4_read(&self, buf: &mut [u8]) -> usize {
        let d = &self.skb.data;
        let frag = d.len() >= 8 && u16::from_be_bytes([d[6], d[7]]) & 0x1fff != 0;
        let ihl = self.skb.ihl();
        if frag || d.len() <= ihl {
            return 0;
        }
        let n = buf.len().min(d.len() - ihl);
        buf[..n].copy_from_slice(&d[ihl..ihl + n]);
        n
    }

    fn l4_write(&mut self, offset: u32, bytes: &[u8]) -> bool {
        assert!(self.skb.writable, "l4_write before make_writable");
        self.actions.push(Action::L4Write(offset, bytes.to_vec()));
        let at = self.skb.ihl() + offset as usize;
        match self.skb.data.get_mut(at..at + bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                true
            }
            None => false,
        }
    }

    fn l4_extend(&mut self, len: u32) -> bool {
        assert!(self.skb.writable, "l4_extend before make_writable");
        let expand = self.skb.tailroom < len;
        self.actions.push(Action::L4Extend(len, expand));
        if expand {
            if self.skb.no_memory {
                return false;
            }
            self.skb.tailroom = len;
        }
        self.skb.tailroom -= len;
        // What lies past the old tail is garbage until written.
        self.skb
            .data
            .extend(core::iter::repeat_n(0xee, len as usize));
        true
    }

    fn tcp_csum_replace2(&mut self, from: [u8; 2], to: [u8; 2], pseudohdr: bool) -> bool {
        self.actions.push(Action::TcpCsum2(from, to, pseudohdr));
        let (f, t) = (u16::from_ne_bytes(from), u16::from_ne_bytes(to));
        self.skb
            .proto_csum_replace4(u32::from(f), u32::from(t), pseudohdr);
        true
    }

    fn tcp_csum_replace4(&mut self, from: [u8; 4], to: [u8; 4], pseudohdr: bool) -> bool {
        self.actions.push(Action::TcpCsum4(from, to, pseudohdr));
        let (f, t) = (u32::from_ne_bytes(from), u32::from_ne_bytes(to));
        self.skb.proto_csum_replace4(f, t, pseudohdr);
        true
    }

    fn ip_add_tot_len(&mut self, add: u16) -> bool {
        assert!(self.skb.writable, "ip_add_tot_len before make_writable");
        self.actions.push(Action::IpAddTotLen(add));
        let d = &mut self.skb.data;
        let old = [d[2], d[3]];
        let new = (u16::from_be_bytes(old).wrapping_add(add)).to_be_bytes();
        let sum = u16::from_ne_bytes([d[10], d[11]]);
        // `csum_replace2`: `~csum16_add(csum16_sub(~sum, old), new)`.
        let sum = !csum16_add(
            csum16_add(!sum, !u16::from_ne_bytes(old)),
            u16::from_ne_bytes(new),
        );
        d[10..12].copy_from_slice(&sum.to_ne_bytes());
        d[2..4].copy_from_slice(&new);
        true
    }

    fn dst_mtu(&self) -> u32 {
        self.skb.dst_mtu
    }

    fn route_mtu(&self, daddr: u32) -> u32 {
        self.skb
            .routes
            .iter()
            .find(|r| r.0 == daddr)
            .map_or(u32::MAX, |r| r.1)
    }

    fn log_invalid_pmtu(&mut self, mtu: u32) {
        self.actions.push(Action::InvalidPmtu(mtu));
    }

    fn change_dsfield(&mut self, mask: u8, value: u8) -> bool {
        self.actions.push(Action::ChangeDsfield(mask, value));
        if self.writable {
            self.ip_tos = (self.ip_tos & mask) | value;
        }
        self.writable
    }

    fn set_ttl(&mut self, ttl: u8) -> bool {
        self.actions.push(Action::SetTtl(ttl));
        if self.writable {
            self.ip_ttl = ttl;
        }
        self.writable
    }

    fn set_priority(&mut self, priority: u32) {
        self.actions.push(Action::SetPriority(priority));
        self.priority = priority;
    }

    fn checksum_partial(&self) -> bool {
        self.csum_partial
    }

    fn checksum_help(&mut self) -> bool {
        self.actions.push(Action::ChecksumHelp);
        if self.csum_start_bad {
            return false;
        }
        // `skb_checksum_help` leaves `CHECKSUM_NONE`.
        self.csum_partial = false;
        true
    }

    fn out_without_own_sk(&self) -> bool {
        self.out_without_own_sk
    }

    fn with_recent<R>(
        &mut self,
        slot: u32,
        f: impl FnOnce(&mut super::ext::recent::RecentTable) -> R,
    ) -> Option<R> {
        let t = self.recent.get(slot as usize)?;
        let mut t = t.borrow_mut();
        Some(f(&mut t))
    }

    fn with_hashlimit<R>(
        &mut self,
        slot: u32,
        f: impl FnOnce(&mut super::ext::hashlimit::HashlimitTable) -> R,
    ) -> Option<R> {
        let t = self.hashlimit.get(slot as usize)?;
        let mut t = t.borrow_mut();
        Some(f(&mut t))
    }

    fn conncount(&mut self, slot: u32, addr: u32) -> u32 {
        self.conncount_asked = Some((slot, addr));
        self.conncount
    }

    fn ip_set_test(&mut self, index: u16, opt: &super::env::IpSetAdtOpt) -> i32 {
        self.ip_set_calls.push((index, *opt));
        self.ip_set_answers
            .iter()
            .find(|a| a.0 == index)
            .map_or(0, |a| a.1)
    }

    fn ip_set_add(&mut self, index: u16, opt: &super::env::IpSetAdtOpt) -> i32 {
        self.actions.push(Action::IpSetAdd(index, *opt));
        0
    }

    fn ip_set_del(&mut self, index: u16, opt: &super::env::IpSetAdtOpt) -> i32 {
        self.actions.push(Action::IpSetDel(index, *opt));
        0
    }

    fn ip_set_test_skbinfo(
        &mut self,
        index: u16,
        opt: &super::env::IpSetAdtOpt,
    ) -> (i32, super::env::IpSetSkbInfo) {
        let answer = self.ip_set_test(index, opt);
        let info = self
            .ip_set_skbinfo
            .iter()
            .find(|a| a.0 == index)
            .map_or_else(Default::default, |a| a.1);
        (answer, info)
    }

    fn real_num_tx_queues(&self) -> Option<u32> {
        self.tx_queues
    }

    fn set_queue_mapping(&mut self, queue: u16) {
        self.actions.push(Action::SetQueueMapping(queue));
    }

    fn skb_find_text(&mut self, from: u32, to: u32, ts: &super::ext::string::TextSearch) -> u32 {
        super::ext::string::find_text(&self.skb.data, from, to, ts)
    }

    fn physdev(&self) -> Option<super::ext::physdev::PhysDevs> {
        self.physdev
    }
}

/// `skb->ip_summed`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Summed {
    /// `CHECKSUM_NONE`: the checksum field holds the full checksum.
    #[default]
    None,
    /// `CHECKSUM_PARTIAL`: the field holds the pseudo-header sum, the rest is summed later.
    Partial,
    /// `CHECKSUM_COMPLETE`: `skb->csum` holds the sum of the packet from the transport header.
    Complete,
}

/// The skb behind [`FakeEnv`]'s packet-writing methods.
#[derive(Clone, Debug, Default)]
pub(crate) struct FakeSkb {
    /// The IP datagram: `skb->data` to `skb->len`.
    pub(crate) data: Vec<u8>,
    /// `skb_tailroom(skb)`.
    pub(crate) tailroom: u32,
    /// `skb->ip_summed`.
    pub(crate) ip_summed: Summed,
    /// `skb->csum`.
    pub(crate) csum: u32,
    /// `skb_ensure_writable` fails (no memory).
    pub(crate) unwritable: bool,
    /// `pskb_expand_head` fails (no memory).
    pub(crate) no_memory: bool,
    /// `make_writable` succeeded.
    pub(crate) writable: bool,
    /// `dst_mtu(skb_dst(skb))`.
    pub(crate) dst_mtu: u32,
    /// `(address, MTU)`: the routes `route_mtu` finds; other addresses have none.
    pub(crate) routes: Vec<(u32, u32)>,
}

/// `csum_add` (32-bit one's complement, end-around carry).
pub(crate) fn csum_add(a: u32, b: u32) -> u32 {
    let r = a.wrapping_add(b);
    r.wrapping_add(u32::from(r < b))
}

/// `csum16_add`.
pub(crate) fn csum16_add(a: u16, b: u16) -> u16 {
    let r = a.wrapping_add(b);
    r.wrapping_add(u16::from(r < b))
}

/// `csum_fold`.
pub(crate) fn csum_fold(c: u32) -> u16 {
    let mut s = c;
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    !(s as u16)
}

impl FakeSkb {
    /// `ip_hdrlen(skb)`.
    pub(crate) fn ihl(&self) -> usize {
        usize::from(self.data.first().copied().unwrap_or(0) & 0x0f) * 4
    }

    /// The TCP checksum field, as the kernel reads it (native order).
    fn tcp_check(&self) -> u16 {
        let at = self.ihl() + 16;
        u16::from_ne_bytes([self.data[at], self.data[at + 1]])
    }

    fn set_tcp_check(&mut self, v: u16) {
        let at = self.ihl() + 16;
        self.data[at..at + 2].copy_from_slice(&v.to_ne_bytes());
    }

    /// `inet_proto_csum_replace4` on the TCP checksum, `from`/`to` as the kernel's `__be32`.
    fn proto_csum_replace4(&mut self, from: u32, to: u32, pseudohdr: bool) {
        assert!(self.writable, "checksum update before make_writable");
        let sum = self.tcp_check();
        if self.ip_summed != Summed::Partial {
            // `csum_replace4`.
            let tmp = csum_add(!u32::from(sum), !from);
            self.set_tcp_check(csum_fold(csum_add(tmp, to)));
            if self.ip_summed == Summed::Complete && pseudohdr {
                self.csum = !csum_add(csum_add(!self.csum, !from), to);
            }
        } else if pseudohdr {
            let v = !csum_fold(csum_add(csum_add(u32::from(sum), !from), to));
            self.set_tcp_check(v);
        }
    }
}

/// The one's complement sum of `b` as big-endian 16-bit words (an odd byte padded), folded
/// and not complemented: RFC 1071, computed from scratch.
pub(crate) fn ones_sum(b: &[u8]) -> u16 {
    let mut s: u32 = 0;
    for c in b.chunks(2) {
        let w = u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]);
        s += u32::from(w);
        s = (s & 0xffff) + (s >> 16);
    }
    s as u16
}

/// The pseudo-header of a TCP segment of `len` bytes from `ip`'s addresses.
pub(crate) fn pseudo_header(ip: &[u8], len: usize) -> Vec<u8> {
    let mut p = ip[12..20].to_vec();
    p.extend_from_slice(&[0, 6]);
    p.extend_from_slice(&(len as u16).to_be_bytes());
    p
}

/// Whether the IPv4 datagram `d` has a correct header checksum and TCP checksum (computed
/// over pseudo-header and segment from scratch).
pub(crate) fn checksums_ok(d: &[u8]) -> (bool, bool) {
    let ihl = usize::from(d[0] & 0x0f) * 4;
    let ip_ok = ones_sum(&d[..ihl]) == 0xffff;
    let mut all = pseudo_header(d, d.len() - ihl);
    all.extend_from_slice(&d[ihl..]);
    (ip_ok, ones_sum(&all) == 0xffff)
}

/// An IPv4 datagram from 10.0.0.1 to 192.168.1.2 (TTL 64, DF) carrying `tcp` (a TCP segment
/// whose checksum is filled in here) with correct checksums for `summed`: the full TCP
/// checksum for `CHECKSUM_NONE` and `_COMPLETE` (`skb->csum` is left 0), the pseudo-header
/// sum for `_PARTIAL`.
pub(crate) fn ipv4_tcp(tcp: &[u8], summed: Summed) -> FakeSkb {
    let tot = 20 + tcp.len();
    let mut d = vec![
        0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 192, 168, 1, 2,
    ];
    d[2..4].copy_from_slice(&(tot as u16).to_be_bytes());
    let ipsum = !ones_sum(&d);
    d[10..12].copy_from_slice(&ipsum.to_be_bytes());
    let mut seg = tcp.to_vec();
    seg[16..18].fill(0);
    let pseudo = ones_sum(&pseudo_header(&d, seg.len()));
    let check = match summed {
        Summed::Partial => pseudo,
        _ => {
            let mut all = pseudo_header(&d, seg.len());
            all.extend_from_slice(&seg);
            !ones_sum(&all)
        }
    };
    seg[16..18].copy_from_slice(&check.to_be_bytes());
    d.extend_from_slice(&seg);
    FakeSkb {
        data: d,
        ip_summed: summed,
        ..FakeSkb::default()
    }
}

/// The [`Packet`] the hook makes of `skb` (`l4` is the caller's copy of its transport bytes,
/// at most 60).
pub(crate) fn packet_of<'a>(skb: &FakeSkb, l4: &'a [u8]) -> Packet<'a> {
    let d = &skb.data;
    Packet {
        saddr: u32::from_be_bytes([d[12], d[13], d[14], d[15]]),
        daddr: u32::from_be_bytes([d[16], d[17], d[18], d[19]]),
        protocol: d[9],
        frag_off: u16::from_be_bytes([d[6], d[7]]) & 0x1fff,
        in_iface: iface(b"eth0"),
        out_iface: iface(b"eth1"),
        l4,
        len: d.len() as u32,
        tos: d[1],
        ttl: d[8],
        tot_len: u16::from_be_bytes([d[2], d[3]]),
    }
}

/// Looks up and checks the match `name` (unpadded) at `revision` with `payload`.
pub(crate) fn load_match(
    name: &[u8],
    revision: u8,
    payload: &[u8],
    par: &CheckParam<'_>,
) -> Result<(Match, UserView), Error> {
    parse_match(&c_name::<29>(name).unwrap(), revision, payload, par)
}

/// Looks up and checks the target `name` (unpadded) at `revision` with `payload`.
pub(crate) fn load_target(
    name: &[u8],
    revision: u8,
    payload: &[u8],
    par: &CheckParam<'_>,
) -> Result<(CheckedTarget, UserView), Error> {
    check_target(&c_name::<29>(name).unwrap(), revision, payload, par)
}

/// A rule in filter INPUT, any protocol.
pub(crate) fn filter_input() -> CheckParam<'static> {
    par(b"filter", IN, 0)
}

/// An ICMP echo request from 10.0.0.1 to 192.168.1.2 arriving on eth0.
pub(crate) fn icmp_packet() -> Packet<'static> {
    Packet {
        protocol: 1,
        ..pkt(&[8, 0, 0, 0, 0, 0, 0, 0])
    }
}

/// Whether `m` matches `p` with the kernel answering from `env` (hotdrop is no match).
pub(crate) fn match_hits(m: &Match, env: &FakeEnv, p: &Packet<'_>) -> bool {
    m.run(p, &mut env.clone()) == super::ext::MatchResult::Yes
}
