// SPDX-License-Identifier: GPL-2.0

//! Host tests of the classifier ([`super::classifier`]): differential against the linear walk
//! on random tables and packets, hostile shapes with their memory bound, and (ignored, for
//! `--release`) the microbenchmark whose figures Documentation/design.md quotes.

use super::classifier::{Classifier, BYTES_FIXED, BYTES_PER_RULE_BOUND, MIN_CHAIN};
use super::ext::limit::XtRateinfo;
use super::ext::mark::{XtMarkMtinfo1, XtMarkTginfo2};
use super::ext::statistic::{XtStatisticInfo, MODE_NTH, XT_STATISTIC_INVERT};
use super::parse::JumpStack;
use super::testutil::*;
use std::string::String;
use std::time::Instant;

/// The user chains' names.
const CHAINS: [&str; 8] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];

/// Address bases that random rules and packets share, so that many packets match something.
const BASES: [u32; 5] = [
    0x0a00_0000,
    0x0a01_0000,
    0xc0a8_0100,
    0xac10_0000,
    0x0808_0800,
];

/// Ports rules and packets share.
const PORTS: [u16; 6] = [22, 53, 80, 443, 8080, 6443];

/// A rule target of the generator.
#[derive(Clone)]
enum GT {
    Verdict(i32),
    Jump(usize),
    Goto(usize),
    Mark(u32),
}

/// A generated rule, owning its payloads.
#[derive(Clone)]
struct GRule {
    ip: IptIp,
    matches: Vec<(&'static [u8], u8, Vec<u8>)>,
    t: GT,
}

/// A generated table: INPUT rules (policy in `policy`) and user chains.
struct GTable {
    input: Vec<GRule>,
    policy: i32,
    user: Vec<Vec<GRule>>,
}

struct Gen(XorShift);

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn u32(&mut self) -> u32 {
        self.0.next() as u32
    }

    /// An address near one of [`BASES`].
    fn addr(&mut self) -> u32 {
        let b = BASES[self.below(BASES.len())];
        match self.below(4) {
            0 => b,
            1 => b | (self.u32() & 0xff),
            2 => b | (self.u32() & 0xffff),
            _ => self.u32(),
        }
    }

    /// A rule's address, mask and inversion.
    fn addr_test(&mut self) -> ([u8; 4], [u8; 4], bool) {
        let (a, m) = match self.below(10) {
            0..=2 => (0, 0),
            3..=7 => {
                let len = [8, 12, 16, 20, 23, 24, 28, 32, 32, 32][self.below(10)];
                let m = u32::MAX.checked_shl(32 - len).unwrap_or(0);
                let a = self.addr();
                // Now and then bits outside the mask, which no packet can match.
                (if self.chance(5) { a } else { a & m }, m)
            }
            8 => {
                let m = self.u32() | 0xff00_0000;
                (self.addr() & m, m)
            }
            _ => {
                let len = self.below(33) as u32;
                let m = u32::MAX.checked_shl(32 - len).unwrap_or(0);
                (self.addr() & m, m)
            }
        };
        (a.to_be_bytes(), m.to_be_bytes(), m != 0 && self.chance(10))
    }

    fn port_range(&mut self) -> ([u16; 2], bool) {
        let r = match self.below(10) {
            0..=5 => {
                let p = PORTS[self.below(PORTS.len())];
                [p, p]
            }
            6 | 7 => {
                let p = PORTS[self.below(PORTS.len())];
                [p.saturating_sub(10), p + self.below(100) as u16]
            }
            8 => {
                let p = self.below(65536) as u16;
                [p, p]
            }
            _ => [0, 65535],
        };
        (r, self.chance(10))
    }

    fn rule(&mut self, chain: Option<usize>) -> GRule {
        let mut ip = IptIp::default();
        let (s, sm, si) = self.addr_test();
        let (d, dm, di) = self.addr_test();
        ip.src = s;
        ip.smsk = sm;
        ip.dst = d;
        ip.dmsk = dm;
        if si {
            ip.invflags |= IPT_INV_SRCIP;
        }
        if di {
            ip.invflags |= IPT_INV_DSTIP;
        }
        ip.proto = match self.below(20) {
            0..=6 => 6,
            7..=11 => 17,
            12 | 13 => 1,
            14 => 47,
            _ => 0,
        };
        if ip.proto != 0 && self.chance(8) {
            ip.invflags |= IPT_INV_PROTO;
        }
        if self.chance(5) {
            ip.flags |= IPT_F_FRAG;
            if self.chance(50) {
                ip.invflags |= IPT_INV_FRAG;
            }
        }
        if self.chance(25) {
            let names: [&[u8]; 4] = [b"eth0", b"eth+", b"lo", b"eth1"];
            ip = ip.with_iniface(names[self.below(4)]).unwrap();
            if self.chance(20) {
                ip.invflags |= IPT_INV_VIA_IN;
            }
        }
        let mut matches = Vec::new();
        let plain = ip.invflags & IPT_INV_PROTO == 0;
        let stat_first = self.chance(8);
        if stat_first {
            matches.push(self.unindexable());
        }
        if plain && ip.proto == 6 && self.chance(75) {
            let (dpts, dinv) = self.port_range();
            let (spts, sinv) = if self.chance(15) {
                self.port_range()
            } else {
                ([0, 65535], false)
            };
            let (flg_mask, flg_cmp) = if self.chance(10) {
                (0x17, 0x02)
            } else {
                (0, 0)
            };
            let t = XtTcp {
                spts,
                dpts,
                option: if self.chance(5) { 2 } else { 0 },
                flg_mask,
                flg_cmp,
                invflags: (u8::from(dinv) * XT_TCP_INV_DSTPT) | (u8::from(sinv) * XT_TCP_INV_SRCPT),
            };
            matches.push((&b"tcp"[..], 0, t.encode().to_vec()));
        } else if plain && ip.proto == 17 && self.chance(75) {
            let (dpts, dinv) = self.port_range();
            let u = XtUdp {
                spts: [0, 65535],
                dpts,
                invflags: u8::from(dinv) * XT_UDP_INV_DSTPT,
            };
            matches.push((&b"udp"[..], 0, u.encode().to_vec()));
        }
        if !stat_first && self.chance(15) {
            matches.push(self.unindexable());
        }
        // Jumps go to later chains only, so there is no loop.
        let lo = chain.map_or(0, |c| c + 1);
        let pick = |g: &mut Gen| (lo < CHAINS.len()).then(|| lo + g.below(CHAINS.len() - lo));
        let t = match self.below(20) {
            0..=4 => GT::Verdict(VERDICT_ACCEPT),
            5..=8 => GT::Verdict(VERDICT_DROP),
            9..=11 => pick(self).map_or(GT::Verdict(XT_RETURN), GT::Jump),
            12 => pick(self).map_or(GT::Verdict(VERDICT_DROP), GT::Goto),
            13..=15 => GT::Mark(self.below(4) as u32),
            16 => GT::Verdict(VERDICT_QUEUE),
            _ => GT::Verdict(XT_RETURN),
        };
        GRule { ip, matches, t }
    }

    /// A match the classifier cannot index: `mark`, `statistic` (nth) or `limit`.
    fn unindexable(&mut self) -> (&'static [u8], u8, Vec<u8>) {
        match self.below(3) {
            0 => (
                &b"mark"[..],
                1,
                XtMarkMtinfo1 {
                    mark: self.below(4) as u32,
                    mask: 3,
                    invert: u8::from(self.chance(30)),
                }
                .encode()
                .to_vec(),
            ),
            1 => {
                let every = 1 + self.below(3) as u32;
                (
                    &b"statistic"[..],
                    0,
                    XtStatisticInfo {
                        mode: MODE_NTH,
                        flags: if self.chance(20) {
                            XT_STATISTIC_INVERT
                        } else {
                            0
                        },
                        every,
                        packet: 0,
                        count: every,
                        master: 0,
                    }
                    .encode()
                    .to_vec(),
                )
            }
            _ => (
                &b"limit"[..],
                0,
                XtRateinfo {
                    avg: 10000,
                    burst: 1 + self.below(20) as u32,
                    ..XtRateinfo::default()
                }
                .encode()
                .to_vec(),
            ),
        }
    }

    /// A table with `n` INPUT rules and some user chains.
    fn table(&mut self, n: usize) -> GTable {
        let input = (0..n).map(|_| self.rule(None)).collect();
        let nuser = self.below(CHAINS.len() + 1);
        let mut user = Vec::new();
        for c in 0..nuser {
            let len = match self.below(4) {
                0 => 0,
                1 => self.below(5),
                2 => self.below(40),
                _ => self.below(n.max(1) + 1),
            };
            user.push((0..len).map(|_| self.rule(Some(c))).collect());
        }
        // Jumps to chains that do not exist become DROP.
        let mut t = GTable {
            input,
            policy: if self.chance(50) {
                VERDICT_ACCEPT
            } else {
                VERDICT_DROP
            },
            user,
        };
        let k = t.user.len();
        for r in t.input.iter_mut().chain(t.user.iter_mut().flatten()) {
            if let GT::Jump(c) | GT::Goto(c) = r.t {
                if c >= k {
                    r.t = GT::Verdict(VERDICT_DROP);
                }
            }
        }
        t
    }

    /// A packet: near a random rule of `all` most of the time, from the pools otherwise.
    fn packet<'b>(&mut self, all: &[&GRule], l4: &'b mut Vec<u8>) -> Packet<'b> {
        let mut saddr = self.addr();
        let mut daddr = self.addr();
        let mut proto = [6u8, 6, 17, 17, 1, 47][self.below(6)];
        let mut dport = PORTS[self.below(PORTS.len())];
        if !all.is_empty() && self.chance(70) {
            let r = all[self.below(all.len())];
            let s = u32::from_be_bytes(r.ip.src);
            let sm = u32::from_be_bytes(r.ip.smsk);
            let d = u32::from_be_bytes(r.ip.dst);
            let dm = u32::from_be_bytes(r.ip.dmsk);
            if self.chance(90) {
                saddr = s | (self.u32() & !sm);
            }
            if self.chance(90) {
                daddr = d | (self.u32() & !dm);
            }
            if r.ip.proto != 0 && r.ip.proto < 256 && self.chance(90) {
                proto = r.ip.proto as u8;
            }
            if let Some((_, _, p)) = r.matches.iter().find(|m| m.0 == b"tcp" || m.0 == b"udp") {
                let lo = u16::from_ne_bytes([p[4], p[5]]);
                let hi = u16::from_ne_bytes([p[6], p[7]]);
                if self.chance(85) {
                    dport = lo + (self.below(usize::from(hi - lo) + 1)) as u16;
                }
            }
        }
        let sport = if self.chance(50) {
            PORTS[self.below(PORTS.len())]
        } else {
            1024 + self.below(60000) as u16
        };
        let opts: &[u8] = if self.chance(10) {
            &[2, 4, 5, 0xb4]
        } else {
            &[]
        };
        let flags = [0x02, 0x12, 0x10][self.below(3)];
        *l4 = tcp_hdr(sport, dport, flags, opts);
        if proto == 17 {
            l4.truncate(8);
        }
        if self.chance(8) {
            let cut = [0, 3, 4, 7, 8, 12, 19][self.below(7)];
            l4.truncate(cut);
        }
        let frag_off = match self.below(100) {
            0..=84 => 0,
            85..=91 => 1,
            _ => 2 + self.below(100) as u16,
        };
        let ifaces: [&[u8]; 4] = [b"eth0", b"eth1", b"lo", b""];
        let in_iface = iface(ifaces[self.below(4)]);
        let l4 = l4.as_slice();
        Packet {
            saddr,
            daddr,
            protocol: proto,
            frag_off,
            in_iface,
            out_iface: [0; 16],
            l4,
            len: 40 + l4.len() as u32,
            tos: 0,
            ttl: 64,
            tot_len: 40 + l4.len() as u16,
        }
    }
}

fn specs(rules: &[GRule]) -> Vec<Vec<ExtSpec<'_>>> {
    rules
        .iter()
        .map(|r| {
            r.matches
                .iter()
                .map(|(name, revision, payload)| ExtSpec {
                    name,
                    revision: *revision,
                    payload,
                })
                .collect()
        })
        .collect()
}

fn marks(rules: &[GRule]) -> Vec<[u8; 8]> {
    rules
        .iter()
        .map(|r| match r.t {
            GT::Mark(m) => XtMarkTginfo2 { mark: m, mask: 3 }.encode(),
            _ => [0; 8],
        })
        .collect()
}

fn conv<'a>(rules: &'a [GRule], ms: &'a [Vec<ExtSpec<'a>>], mk: &'a [[u8; 8]]) -> Vec<R<'a>> {
    rules
        .iter()
        .zip(ms)
        .zip(mk)
        .map(|((r, m), mk)| R {
            ip: r.ip,
            matches: m,
            t: match r.t {
                GT::Verdict(v) => T::Raw(TargetSpec::Verdict(v)),
                GT::Jump(c) => T::Jump(CHAINS[c]),
                GT::Goto(c) => T::Goto(CHAINS[c]),
                GT::Mark(_) => T::Raw(TargetSpec::Ext(ExtSpec {
                    name: b"MARK",
                    revision: 2,
                    payload: mk,
                })),
            },
        })
        .collect()
}

/// Encodes a generated table.
fn encode(t: &GTable) -> Vec<u8> {
    let in_specs = specs(&t.input);
    let in_marks = marks(&t.input);
    let input = conv(&t.input, &in_specs, &in_marks);
    let u_specs: Vec<_> = t.user.iter().map(|c| specs(c)).collect();
    let u_marks: Vec<_> = t.user.iter().map(|c| marks(c)).collect();
    let user: Vec<Vec<R<'_>>> = t
        .user
        .iter()
        .zip(&u_specs)
        .zip(&u_marks)
        .map(|((c, s), m)| conv(c, s, m))
        .collect();
    let user_ref: Vec<(&str, &[R<'_>])> = user
        .iter()
        .enumerate()
        .map(|(i, c)| (CHAINS[i], c.as_slice()))
        .collect();
    filter(&input, t.policy, &user_ref)
}

/// One packet's result: the outcome, the counted rules, the kernel actions and the mark.
type Seen = (Outcome, Vec<u32>, Vec<Action>, u32);

fn run_one(rs: &Ruleset, stack: &mut JumpStack, p: &Packet<'_>, mark: u32) -> Seen {
    let mut env = FakeEnv {
        mark,
        ..FakeEnv::default()
    };
    let mut hits = Vec::new();
    let o = evaluate(rs, Hook::LocalIn, p, stack, &mut env, |i| hits.push(i));
    (o, hits, env.actions, env.mark)
}

/// What the packets of the differential tests did, so that a test can check they exercised
/// something.
#[derive(Default)]
struct Stats {
    /// Packets that matched a conditional rule.
    matched: usize,
    /// Packets that matched more than one rule (jumps, MARK).
    several: usize,
    /// Packets dropped without a counted rule (hotdrop).
    hotdrop: usize,
}

impl Stats {
    fn add(&mut self, rs: &Ruleset, seen: &Seen) {
        let (o, hits, _, _) = seen;
        if hits.iter().any(|&i| !rs.rules()[i as usize].uncond) {
            self.matched += 1;
        }
        if hits.len() > 1 {
            self.several += 1;
        }
        if hits.is_empty() && *o == Outcome::Drop {
            self.hotdrop += 1;
        }
    }

    /// Checks that at least a third of `total` packets matched a conditional rule, a tenth
    /// several rules and some were hotdropped.
    fn check(&self, total: usize) {
        assert!(self.matched * 3 >= total, "{} of {total}", self.matched);
        assert!(self.several * 10 >= total, "{} of {total}", self.several);
        assert!(self.hotdrop * 200 >= total, "{} of {total}", self.hotdrop);
    }
}

/// Runs `packets` random packets through `t` loaded linear and with every segment indexed, and
/// every fourth packet through a second pair: linear and the default threshold. Returns how
/// many packets ran.
fn differential(g: &mut Gen, t: &GTable, packets: usize, stats: &mut Stats) -> usize {
    let buf = encode(t);
    let mut lin = parse(&buf).unwrap();
    lin.set_classifier(false).unwrap();
    assert!(lin.classifier().is_none());
    let dflt = parse(&buf).unwrap();
    let mut all = parse(&buf).unwrap();
    all.build_classifier(1, 0).unwrap();
    assert!(all.classifier().is_some());
    let mut s1 = lin.new_jump_stack().unwrap();
    let mut s2 = dflt.new_jump_stack().unwrap();
    let mut s3 = all.new_jump_stack().unwrap();
    let mut dflt_lin = parse(&buf).unwrap();
    dflt_lin.set_classifier(false).unwrap();
    let mut s4 = dflt_lin.new_jump_stack().unwrap();
    let rules: Vec<&GRule> = t.input.iter().chain(t.user.iter().flatten()).collect();
    let mut l4 = Vec::new();
    for i in 0..packets {
        let p = g.packet(&rules, &mut l4);
        let mark = g.below(4) as u32;
        let want = run_one(&lin, &mut s1, &p, mark);
        let got = run_one(&all, &mut s3, &p, mark);
        assert_eq!(got, want, "every segment indexed, packet {p:?}");
        stats.add(&lin, &want);
        if i % 4 == 0 {
            // The rules' state (nth counters, limit buckets) moves on only with the packets
            // this table sees, so it may differ from the others': compare it with itself.
            let got = run_one(&dflt, &mut s2, &p, mark);
            let want = run_one(&dflt_lin, &mut s4, &p, mark);
            assert_eq!(got, want, "default threshold, packet {p:?}");
        }
    }
    packets
}

#[test]
fn differential_small_tables() {
    let mut g = Gen(XorShift(0x5eed_0001));
    let mut stats = Stats::default();
    let mut total = 0;
    for round in 0..700 {
        let n = [1, 2, 3, 5, 8, 13, 16, 17, 30, 64][round % 10];
        let t = g.table(n);
        total += differential(&mut g, &t, 1000, &mut stats);
    }
    assert_eq!(total, 700_000);
    stats.check(total);
}

#[test]
fn differential_medium_tables() {
    let mut g = Gen(XorShift(0x5eed_0002));
    let mut stats = Stats::default();
    let mut total = 0;
    for round in 0..40 {
        let n = [100, 150, 250, 1000][round % 4];
        let t = g.table(n);
        total += differential(&mut g, &t, 7500, &mut stats);
    }
    assert_eq!(total, 300_000);
    stats.check(total);
}

#[test]
fn differential_large_table() {
    let mut g = Gen(XorShift(0x5eed_0003));
    let t = g.table(10_000);
    let mut stats = Stats::default();
    differential(&mut g, &t, 3000, &mut stats);
    stats.check(3000);
}

#[test]
#[ignore = "slow in debug: run with --release --ignored"]
fn differential_huge_tables() {
    let mut g = Gen(XorShift(0x5eed_0004));
    for n in [30_000, 100_000] {
        let t = g.table(n);
        differential(&mut g, &t, 20_000, &mut Stats::default());
    }
    let mut stats = Stats::default();
    for round in 0..3000 {
        let t = g.table([10, 50, 300, 2000][round % 4]);
        differential(&mut g, &t, 2000, &mut stats);
    }
    stats.check(3000 * 2000);
}

// ---------------------------------------------------------------------------------------
// Hostile shapes.

/// A table of `n` INPUT rules made by `rule(i)`, all with target `t(i)` (ACCEPT by default).
fn shaped(n: usize, rule: impl Fn(usize) -> (IptIp, Option<XtTcp>)) -> Vec<u8> {
    let rules: Vec<(IptIp, Option<[u8; 12]>)> = (0..n)
        .map(|i| {
            let (ip, tcp) = rule(i);
            (ip, tcp.map(|t| t.encode()))
        })
        .collect();
    let specs: Vec<Vec<ExtSpec<'_>>> = rules
        .iter()
        .map(|(_, t)| {
            t.iter()
                .map(|p| ExtSpec {
                    name: b"tcp",
                    revision: 0,
                    payload: p,
                })
                .collect()
        })
        .collect();
    let input: Vec<R<'_>> = rules
        .iter()
        .zip(&specs)
        .map(|((ip, _), m)| R {
            ip: *ip,
            matches: m,
            t: v(VERDICT_ACCEPT),
        })
        .collect();
    filter(&input, VERDICT_DROP, &[])
}

fn tcp_dport(p: u16) -> XtTcp {
    XtTcp {
        spts: [0, 65535],
        dpts: [p, p],
        ..XtTcp::default()
    }
}

/// Rule `i` of a table where consecutive rules fall in different tuples (all 100 in turn),
/// each with a distinct key.
fn every_tuple(i: usize) -> (IptIp, Option<XtTcp>) {
    let t = i % 100;
    let (sd, kind) = (t / 4, t % 4);
    let (sc, dc) = (sd / 5, sd % 5);
    let mask = |c: usize| u32::MAX.checked_shl(32 - 8 * c as u32).unwrap_or(0);
    let x = (i as u32).wrapping_mul(0x9e37_79b9);
    let mut ip = IptIp {
        src: (x & mask(sc)).to_be_bytes(),
        smsk: mask(sc).to_be_bytes(),
        dst: (x.rotate_left(16) & mask(dc)).to_be_bytes(),
        dmsk: mask(dc).to_be_bytes(),
        ..IptIp::default()
    };
    let mut tcp = None;
    if kind & 1 != 0 {
        ip.proto = 6;
        if kind & 2 != 0 {
            tcp = Some(tcp_dport((i % 65536) as u16));
        }
    } else if kind & 2 != 0 {
        ip.proto = 17;
    }
    (ip, tcp)
}

/// Checks the memory bound of the module documentation and that the classifier gives the
/// linear walk's answers on a few packets.
fn check_shape(buf: &[u8], n: usize, packets: &[Packet<'_>]) -> usize {
    let mut rs = parse(buf).unwrap();
    let c = rs.classifier().expect("a long chain is indexed");
    let mem = c.memory_bytes();
    assert!(
        mem <= BYTES_PER_RULE_BOUND * rs.rules().len() + BYTES_FIXED,
        "{mem} bytes for {n} rules"
    );
    // No rule has state: the same ruleset, linear, is the oracle.
    let got: Vec<_> = packets.iter().map(|p| run(&rs, Hook::LocalIn, p)).collect();
    rs.set_classifier(false).unwrap();
    let want: Vec<_> = packets.iter().map(|p| run(&rs, Hook::LocalIn, p)).collect();
    assert_eq!(got, want);
    mem
}

#[test]
fn hostile_shapes_stay_within_the_memory_bound() {
    let n = 100_000;
    let syn = tcp_hdr(1000, 80, 2, &[]);
    let mut packets = Vec::new();
    for i in [0u32, 1, 77, 99_999] {
        packets.push(Packet {
            saddr: i.wrapping_mul(0x9e37_79b9),
            daddr: i.wrapping_mul(0x9e37_79b9).rotate_left(16),
            ..pkt(&syn)
        });
    }
    packets.push(pkt(&syn));
    // Every rule a distinct key, the tuples interleaved.
    let m1 = check_shape(&shaped(n, every_tuple), n, &packets);
    // Every rule the same key: one list of `n` rules.
    let same = |_| {
        (
            IptIp {
                dst: [192, 168, 1, 2],
                dmsk: [255; 4],
                proto: 6,
                ..IptIp::default()
            },
            Some(tcp_dport(80)),
        )
    };
    let m2 = check_shape(&shaped(n, same), n, &packets);
    // Every rule a distinct /32 destination (kube-proxy's KUBE-SERVICES at scale).
    let distinct = |i: usize| {
        (
            IptIp {
                dst: (0x0a00_0000 + i as u32).to_be_bytes(),
                dmsk: [255; 4],
                proto: 6,
                ..IptIp::default()
            },
            Some(tcp_dport(80)),
        )
    };
    let m3 = check_shape(&shaped(n, distinct), n, &packets);
    // Distinct keys need their slots; one key needs almost none.
    assert!(m2 < m1 && m2 < m3, "{m1} {m2} {m3}");
    assert!(m2 <= 9 * n + BYTES_FIXED + 4096, "{m2}");
}

#[test]
fn short_chains_stay_linear() {
    let rules: Vec<R<'_>> = (0..MIN_CHAIN as usize - 2)
        .map(|_| r(v(VERDICT_DROP)))
        .collect();
    let rs = parse(&filter(&rules, VERDICT_ACCEPT, &[])).unwrap();
    assert!(rs.classifier().is_none());
    let rules: Vec<R<'_>> = (0..MIN_CHAIN as usize)
        .map(|_| r(v(VERDICT_DROP)))
        .collect();
    let mut rs = parse(&filter(&rules, VERDICT_ACCEPT, &[])).unwrap();
    let c = rs.classifier().unwrap();
    // INPUT only: FORWARD, OUTPUT and the final ERROR are one rule each.
    assert_eq!(c.segments(), 1);
    assert_eq!(c.tuples(), 1);
    rs.set_classifier(false).unwrap();
    assert!(rs.classifier().is_none());
    rs.set_classifier(true).unwrap();
    assert!(rs.classifier().is_some());
}

#[test]
fn lookups_skip_what_cannot_match_and_fall_back_when_they_must() {
    // 40 rules `-d 10.0.0.i -p tcp --dport 80 -j ACCEPT`, then policy DROP.
    let buf = shaped(40, |i| {
        (
            IptIp {
                dst: (0x0a00_0000 + i as u32).to_be_bytes(),
                dmsk: [255; 4],
                proto: 6,
                ..IptIp::default()
            },
            Some(tcp_dport(80)),
        )
    });
    let rs = parse(&buf).unwrap();
    let c: &Classifier = rs.classifier().unwrap();
    let syn = tcp_hdr(1000, 80, 2, &[]);
    let to = |d: u32, l4| Packet {
        daddr: 0x0a00_0000 + d,
        ..pkt(l4)
    };
    assert_eq!(c.next_candidate(0, &to(7, &syn)), 7);
    assert_eq!(c.next_candidate(8, &to(7, &syn)), 40);
    assert_eq!(c.next_candidate(0, &to(99, &syn)), 40);
    // Another port: only the policy.
    let other = tcp_hdr(1000, 81, 2, &[]);
    assert_eq!(c.next_candidate(0, &to(7, &other)), 40);
    // UDP to the same address cannot match a TCP rule.
    let udp = Packet {
        protocol: 17,
        ..to(7, &syn[..8])
    };
    assert_eq!(c.next_candidate(0, &udp), 40);
    // Truncated TCP (the tcp match would hotdrop) and a fragment at offset 1: linear.
    assert_eq!(c.next_candidate(3, &to(7, &syn[..19])), 3);
    let frag1 = Packet {
        frag_off: 1,
        ..to(7, &syn)
    };
    assert_eq!(c.next_candidate(3, &frag1), 3);
    // Later fragments cannot match a port rule.
    let frag2 = Packet {
        frag_off: 2,
        ..to(7, &syn)
    };
    assert_eq!(c.next_candidate(0, &frag2), 40);
    assert_eq!(
        run(&rs, Hook::LocalIn, &to(7, &syn)),
        (Outcome::Accept, vec![7])
    );
    assert_eq!(run(&rs, Hook::LocalIn, &frag2), (Outcome::Drop, vec![40]));
    assert_eq!(run(&rs, Hook::LocalIn, &frag1), (Outcome::Drop, vec![]));
}

// ---------------------------------------------------------------------------------------
// The microbenchmark (Documentation/design.md quotes its figures).

/// ns per packet of `rs` on `packets`, over at least `min_packets` evaluations.
fn ns_per_packet(rs: &Ruleset, packets: &[Packet<'_>], min_packets: usize) -> f64 {
    let mut stack = rs.new_jump_stack().unwrap();
    let mut env = FakeEnv::default();
    let mut sink = 0u64;
    let rounds = min_packets.div_ceil(packets.len());
    let start = Instant::now();
    for _ in 0..rounds {
        for p in packets {
            let o = evaluate(rs, Hook::LocalIn, p, &mut stack, &mut env, |i| {
                sink = sink.wrapping_add(u64::from(i))
            });
            sink = sink.wrapping_add(u64::from(o == Outcome::Accept));
        }
    }
    let ns = start.elapsed().as_nanos() as f64;
    std::hint::black_box(sink);
    ns / (rounds * packets.len()) as f64
}

/// A ClassBench-like ACL rule: random prefixes of varied lengths, protocol, single ports and
/// ranges; none matches the benchmark's packets (their source is 203.0.113.0/24, which no rule
/// covers, and no rule is a wildcard source).
fn acl_rule(g: &mut Gen) -> (IptIp, Option<XtTcp>) {
    let plen = |g: &mut Gen| [8u32, 16, 20, 24, 24, 28, 32, 32][g.below(8)];
    let sl = plen(g);
    let dl = [0u32, 8, 16, 24, 32, 32][g.below(6)];
    let sm = u32::MAX << (32 - sl);
    let dm = u32::MAX.checked_shl(32 - dl).unwrap_or(0);
    let mut s = g.u32() & sm;
    if s >> 24 == 203 {
        s ^= 0x0100_0000;
    }
    let ip = IptIp {
        src: s.to_be_bytes(),
        smsk: sm.to_be_bytes(),
        dst: (g.u32() & dm).to_be_bytes(),
        dmsk: dm.to_be_bytes(),
        proto: [6, 6, 17, 0][g.below(4)],
        ..IptIp::default()
    };
    let tcp = (ip.proto == 6).then(|| {
        let p = PORTS[g.below(PORTS.len())];
        XtTcp {
            spts: [0, 65535],
            dpts: if g.chance(60) { [p, p] } else { [1024, 65535] },
            ..XtTcp::default()
        }
    });
    (ip, tcp)
}

/// A kube-proxy-shaped table with `n` services: KUBE-SERVICES (in INPUT) `-d VIP/32 -p tcp
/// --dport P -j KUBE-SVC-i`, each KUBE-SVC chain `statistic --mode nth` rules jumping to its
/// endpoint chains (each `-s` itself `-j MARK`, then `-j ACCEPT`). The benchmark's packets go to
/// a VIP no service has. Built with the entry encoders directly (the test layout helper takes
/// a fixed set of chains by name).
fn kube_table(n: usize) -> Vec<u8> {
    let eps = 2usize;
    let stat = XtStatisticInfo {
        mode: MODE_NTH,
        every: 1,
        count: 1,
        ..XtStatisticInfo::default()
    }
    .encode();
    let tcps: Vec<[u8; 12]> = (0..n)
        .map(|i| tcp_dport(80 + (i % 3) as u16).encode())
        .collect();
    let mark = XtMarkTginfo2 {
        mark: 0x4000,
        mask: 0x4000,
    }
    .encode();
    let stat_m = [ExtSpec {
        name: b"statistic",
        revision: 0,
        payload: &stat,
    }];
    let tcp_m: Vec<[ExtSpec<'_>; 1]> = tcps
        .iter()
        .map(|p| {
            [ExtSpec {
                name: b"tcp",
                revision: 0,
                payload: p,
            }]
        })
        .collect();
    // Layout: KUBE-SERVICES rules 0..n, policy n, FORWARD n+1, OUTPUT n+2, then per service:
    // SVC head, eps statistic rules, RETURN; per endpoint: head, MARK, ACCEPT, RETURN.
    let svc_len = eps + 2;
    let ep_len = 4;
    let per = svc_len + eps * ep_len;
    let base = n + 3;
    let svc_head = |i: usize| base + i * per;
    let ep_head = |i: usize, e: usize| svc_head(i) + svc_len + e * ep_len;
    let mut entries = Vec::new();
    for (i, m) in tcp_m.iter().enumerate() {
        entries.push(EntrySpec {
            ip: IptIp {
                dst: (0x0a60_0000 + i as u32).to_be_bytes(),
                dmsk: [255; 4],
                proto: 6,
                ..IptIp::default()
            },
            matches: m,
            target: TargetSpec::JumpTo(svc_head(i) + 1),
        });
    }
    entries.push(EntrySpec::verdict(VERDICT_ACCEPT));
    entries.push(EntrySpec::verdict(VERDICT_ACCEPT));
    entries.push(EntrySpec::verdict(VERDICT_ACCEPT));
    let names: Vec<String> = (0..n * (1 + eps))
        .map(|i| std::format!("KUBE-{i}"))
        .collect();
    let mut name = names.iter();
    for i in 0..n {
        entries.push(EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Error(name.next().unwrap().as_bytes()),
        });
        for e in 0..eps {
            entries.push(EntrySpec {
                ip: IptIp::default(),
                matches: if e + 1 < eps { &stat_m } else { &[] },
                target: TargetSpec::JumpTo(ep_head(i, e) + 1),
            });
        }
        entries.push(EntrySpec::verdict(XT_RETURN));
        for _ in 0..eps {
            entries.push(EntrySpec {
                ip: IptIp::default(),
                matches: &[],
                target: TargetSpec::Error(name.next().unwrap().as_bytes()),
            });
            entries.push(EntrySpec {
                ip: IptIp {
                    src: [10, 244, 0, 1],
                    smsk: [255; 4],
                    ..IptIp::default()
                },
                matches: &[],
                target: TargetSpec::Ext(ExtSpec {
                    name: b"MARK",
                    revision: 2,
                    payload: &mark,
                }),
            });
            entries.push(EntrySpec::verdict(VERDICT_ACCEPT));
            entries.push(EntrySpec::verdict(XT_RETURN));
        }
    }
    entries.push(EntrySpec {
        ip: IptIp::default(),
        matches: &[],
        target: TargetSpec::Error(b"ERROR"),
    });
    let hooks = [None, Some(0), Some(n + 1), Some(n + 2), None];
    let uflow = [None, Some(n), Some(n + 1), Some(n + 2), None];
    encode_replace(Table::Filter, hooks, uflow, 1, &entries)
        .unwrap()
        .to_vec()
}

#[test]
#[ignore = "a benchmark: cargo test --release -p oxtables-engine -- --ignored --nocapture bench"]
fn bench_classifier() {
    let mut g = Gen(XorShift(0xbe_0c4));
    let syn: Vec<Vec<u8>> = (0..64)
        .map(|i| tcp_hdr(1024 + i, PORTS[i as usize % PORTS.len()], 2, &[]))
        .collect();
    let acl_packets: Vec<Packet<'_>> = syn
        .iter()
        .enumerate()
        .map(|(i, l4)| Packet {
            saddr: 0xcb00_7100 | i as u32,
            daddr: g.u32(),
            protocol: if i % 4 == 3 { 17 } else { 6 },
            ..pkt(if i % 4 == 3 { &l4[..8] } else { l4 })
        })
        .collect();
    let kube_packets: Vec<Packet<'_>> = syn
        .iter()
        .enumerate()
        .map(|(i, l4)| Packet {
            saddr: 0x0a00_0001 + i as u32,
            daddr: 0x0b00_0000 + i as u32,
            ..pkt(l4)
        })
        .collect();
    std::println!(
        "shape       n    rules tuples  linear-ns  always-ns default-ns bytes/rule  build-ms"
    );
    for n in [
        1usize, 4, 8, 10, 12, 16, 24, 32, 64, 100, 1000, 10_000, 100_000,
    ] {
        let acl: Vec<_> = (0..n).map(|_| acl_rule(&mut g)).collect();
        // Packets that some rule matches: each aimed at a random rule of the ACL (an earlier
        // rule may match it first), so the walk stops inside the segment.
        let aims: Vec<usize> = (0..64).map(|_| g.below(n)).collect();
        let hit_l4: Vec<Vec<u8>> = aims
            .iter()
            .map(|&j| {
                let dport = acl[j].1.map_or(2000, |t| t.dpts[0].max(1024));
                tcp_hdr(1024, dport, 2, &[])
            })
            .collect();
        let hit_packets: Vec<Packet<'_>> = aims
            .iter()
            .zip(hit_l4.iter())
            .map(|(&j, l4)| {
                let (ip, _) = acl[j];
                let (sm, dm) = (u32::from_be_bytes(ip.smsk), u32::from_be_bytes(ip.dmsk));
                let udp = ip.proto == 17;
                Packet {
                    saddr: u32::from_be_bytes(ip.src) | (g.u32() & !sm),
                    daddr: u32::from_be_bytes(ip.dst) | (g.u32() & !dm),
                    protocol: if udp { 17 } else { 6 },
                    ..pkt(if udp { &l4[..8] } else { l4 })
                }
            })
            .collect();
        for (shape, buf, packets) in [
            ("acl", shaped(n, |i| acl[i]), &acl_packets),
            ("hit", shaped(n, |i| acl[i]), &hit_packets),
            ("kube", kube_table(n), &kube_packets),
        ] {
            let mut lin = parse(&buf).unwrap();
            lin.set_classifier(false).unwrap();
            let mut cls = parse(&buf).unwrap();
            // `cls` indexes every segment, `dflt` (as a replace builds it) the worthwhile ones.
            let dflt = parse(&buf).unwrap();
            let t0 = Instant::now();
            cls.build_classifier(1, 0).unwrap();
            let build_ms = t0.elapsed().as_secs_f64() * 1e3;
            let c = cls.classifier().unwrap();
            let (mem, tuples) = (c.memory_bytes(), c.tuples());
            for p in packets.iter() {
                assert_eq!(run(&lin, Hook::LocalIn, p), run(&cls, Hook::LocalIn, p));
            }
            let min = (20_000_000 / n).clamp(2_000, 2_000_000);
            let tl = ns_per_packet(&lin, packets, min);
            let tc = ns_per_packet(&cls, packets, min);
            let td = ns_per_packet(&dflt, packets, min);
            std::println!(
                "{shape:<5} {n:>7} {:>8} {tuples:>6} {tl:>10.1} {tc:>10.1} {td:>10.1} {:>10.1} {build_ms:>9.2}",
                cls.rules().len(),
                mem as f64 / cls.rules().len() as f64
            );
        }
    }
}

/// A replace whose load environment says no classifier (`classifier=0`) does not build one,
/// and evaluates as the linear walk does.
#[test]
fn load_without_classifier_builds_none() {
    struct NoClassifier;
    impl crate::env::LoadEnv for NoClassifier {
        fn hz(&self) -> u32 {
            250
        }
        fn jiffies(&self) -> u64 {
            crate::env::HOST_JIFFIES
        }
        fn classifier(&self) -> bool {
            false
        }
    }
    let mut g = Gen(XorShift(0x0c1a));
    let acl: Vec<_> = (0..200).map(|_| acl_rule(&mut g)).collect();
    let buf = shaped(acl.len(), |i| acl[i]);
    let with = parse(&buf).unwrap();
    assert!(with.classifier().is_some());
    let without = crate::parse::parse_replace(crate::tables::Table::Filter, &buf, &NoClassifier)
        .unwrap()
        .ruleset;
    assert!(without.classifier().is_none());
    assert_eq!(without.rules().len(), with.rules().len());
}
