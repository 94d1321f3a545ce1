// SPDX-License-Identifier: GPL-2.0

//! Mutation testing of the rule-blob validator and the packet path, shared by the engine's own
//! tests and the tool's (which mutates blobs holding every rule of `userspace/tests/rules.t`,
//! so every extension's payload is mutated). Host only: feature `fuzz` (and `cfg(test)`).
//!
//! A mutant either is refused with an errno or parses into a [`Ruleset`] that the packet path
//! then runs on every hook, for a fixed set of packets and kernel answers; a panic anywhere is
//! what a kernel would turn into a BUG().

use super::abi::ReplaceHeader;
use super::env::HostLoad;
use super::env::{CtInfo, CtKind, SockOwner};
use super::eval::{evaluate, Packet};
use super::parse::{parse_replace, Ruleset};
use super::tables::Hook;
use super::testutil::{pkt, tcp_hdr, tracked, FakeEnv, XorShift};
use std::vec::Vec;

/// A deterministic pseudo-random source (xorshift64*): the same seed, the same mutants.
pub struct Rng(XorShift);

impl Rng {
    /// A source seeded with `seed` (non-zero).
    pub fn new(seed: u64) -> Self {
        Rng(XorShift(seed | 1))
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }
}

/// One to four random edits of `b`: bit flips, random and boundary bytes, 32-bit words that are
/// typical sizes and offsets (and -5, `u32::MAX`), truncation. Never leaves `b` empty.
pub fn mutate(b: &mut Vec<u8>, rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            b.push(0);
        }
        let at = rng.below(b.len());
        match rng.below(6) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => b[at] = rng.0.next() as u8,
            2 => b[at] = [0, 1, 0x7f, 0x80, 0xff][rng.below(5)],
            3 | 4 if at + 4 <= b.len() => {
                let v = [
                    0u32,
                    8,
                    40,
                    112,
                    144,
                    152,
                    176,
                    0xffff,
                    u32::MAX,
                    (-5i32) as u32,
                ][rng.below(10)];
                b[at..at + 4].copy_from_slice(&v.to_ne_bytes());
            }
            _ => b.truncate(at.max(1)),
        }
    }
}

/// Runs `rs` on every hook for a TCP SYN with options, a UDP header, an ICMP echo, a non-first
/// fragment and a truncated TCP header, each with no conntrack entry, a tracked one and an
/// untracked one; every counted rule index must be a rule of `rs`.
pub fn exercise(rs: &Ruleset) {
    let syn = tcp_hdr(1000, 22, 0x02, &[2, 4, 5, 0xb4]);
    let packets = [
        pkt(&syn),
        Packet {
            protocol: 17,
            ..pkt(&syn[..8])
        },
        Packet {
            protocol: 1,
            ..pkt(&[8, 0, 0, 0, 0, 0, 0, 0])
        },
        Packet {
            frag_off: 1,
            ..pkt(&syn)
        },
        pkt(&syn[..3]),
    ];
    let envs = [
        FakeEnv::default(),
        FakeEnv {
            ct: tracked(2),
            ..FakeEnv::default()
        },
        FakeEnv {
            ct: CtInfo {
                kind: CtKind::Untracked,
                ..CtInfo::default()
            },
            ..FakeEnv::default()
        },
        // A socket with a file (owner), a clock (time), device groups (devgroup).
        FakeEnv {
            sock: SockOwner::File {
                fsuid: 0,
                fsgid: 0,
                suppl: false,
            },
            groups: Vec::from([0, 5]),
            real_seconds: 1_709_208_000,
            tz_minuteswest: -120,
            in_group: Some(5),
            out_group: Some(6),
            ..FakeEnv::default()
        },
    ];
    let mut stack = rs.new_jump_stack().unwrap();
    for h in Hook::ALL {
        for p in &packets {
            for env in &envs {
                let _ = evaluate(rs, h, p, &mut stack, &mut env.clone(), |i| {
                    assert!((i as usize) < rs.rules().len())
                });
            }
        }
    }
}

// --- Fuzz targets: the bodies the coverage-guided fuzzer in `fuzz/` runs, and that
// `cargo test` runs over a fixed-seed corpus (`fuzz_targets_fixed_seed`). Each may only
// return or panic; a panic is a finding.

/// The table a replace buffer names, as the module picks it (`filter` for an unknown name,
/// which `parse_replace` then refuses with ENOENT last, as upstream).
fn table_of(data: &[u8]) -> crate::tables::Table {
    use crate::tables::Table;
    ReplaceHeader::decode(data)
        .and_then(|h| {
            let end = h.name.iter().position(|&b| b == 0).unwrap_or(h.name.len());
            core::str::from_utf8(h.name.get(..end)?)
                .ok()
                .and_then(Table::from_name)
        })
        .unwrap_or(Table::Filter)
}

/// Target `replace`: any bytes as an `IPT_SO_SET_REPLACE` buffer. Refused with an errno, or
/// accepted: then the packet path runs on every hook ([`exercise`], and the packets that
/// `packets` describe), and the table read back as `IPT_SO_GET_ENTRIES` returns it is accepted
/// again as the same table ([`round_trip`]).
pub fn replace_target(data: &[u8], packets: &[u8]) {
    let table = table_of(data);
    if let Ok(p) = parse_replace(table, data, &HostLoad) {
        exercise(&p.ruleset);
        exercise_packets(&p.ruleset, packets);
        round_trip(table, &p.ruleset, p.num_counters);
    }
}

/// `IPT_SO_GET_INFO` + `IPT_SO_GET_ENTRIES` of `rs`, handed back as a replace (what
/// `iptables-save | iptables-restore` does): accepted, with the same entries, hooks and size.
pub fn round_trip(table: crate::tables::Table, rs: &Ruleset, num_counters: u32) {
    let info = rs.get_info(table);
    let header = ReplaceHeader {
        name: info.name,
        valid_hooks: info.valid_hooks,
        num_entries: info.num_entries,
        size: info.size,
        hook_entry: info.hook_entry,
        underflow: info.underflow,
        num_counters: num_counters.max(1),
        counters: 0,
    };
    let mut buf = Vec::from(header.encode());
    buf.extend_from_slice(rs.blob());
    let again = match parse_replace(table, &buf, &HostLoad) {
        Ok(p) => p.ruleset,
        Err(e) => panic!("GET_ENTRIES of an accepted table is refused: {e:?}"),
    };
    assert!(
        again.blob() == rs.blob(),
        "GET_ENTRIES round trip changed the entries"
    );
    assert_eq!(
        again.get_info(table),
        info,
        "GET_ENTRIES round trip changed GET_INFO"
    );
}

/// Packets described by `bytes`, 24 bytes of header fields and up to 60 transport bytes each,
/// run on every hook of `rs` with every kernel answer [`exercise`] uses: the walk returns, and
/// counts only rules that exist.
pub fn exercise_packets(rs: &Ruleset, bytes: &[u8]) {
    let Ok(mut stack) = rs.new_jump_stack() else {
        return;
    };
    let envs = [
        FakeEnv::default(),
        FakeEnv {
            ct: tracked(2),
            ..FakeEnv::default()
        },
    ];
    for chunk in bytes.chunks(84).take(8) {
        let Some((h, l4)) = chunk.split_at_checked(24) else {
            break;
        };
        let word = |i: usize| u32::from_be_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        let mut in_iface = [0u8; 16];
        let mut out_iface = [0u8; 16];
        // Short names from a small alphabet, so that interface rules can match.
        for (k, b) in in_iface.iter_mut().zip(h[14..17].iter()) {
            *k = b"eth0+vr"[usize::from(*b) % 7];
        }
        for (k, b) in out_iface.iter_mut().zip(h[17..20].iter()) {
            *k = b"eth1+vr"[usize::from(*b) % 7];
        }
        let p = Packet {
            saddr: word(0),
            daddr: word(4),
            protocol: h[8],
            frag_off: u16::from_be_bytes([h[9], h[10]]) & 0x1fff,
            tos: h[11],
            ttl: h[12],
            in_iface,
            out_iface,
            ..pkt(l4)
        };
        let hook = Hook::ALL[usize::from(h[13]) % Hook::ALL.len()];
        for env in &envs {
            let _ = evaluate(rs, hook, &p, &mut stack, &mut env.clone(), |i| {
                assert!((i as usize) < rs.rules().len())
            });
        }
    }
}

/// Target `ext`: one extension's `checkentry` on any payload, through the whole replace path.
/// `data[0..2]` picks a registration (every match and target revision the engine has), `data[2]`
/// a hook of its table, `data[3]` the rule's protocol when the registration does not fix one;
/// the rest is the payload, padded or cut to the registration's size when `data[4]` is even,
/// taken as is (a wrong size) when odd. The rule sits in that hook's chain of a table laid out
/// as libiptc lays it out.
pub fn ext_target(data: &[u8]) {
    use crate::abi::{encode_replace, EntrySpec, ExtSpec, IptIp, TargetSpec};
    use crate::ext::{registrations, ExtKind};
    use crate::tables::Table;
    let Some((head, rest)) = data.split_at_checked(5) else {
        return;
    };
    let regs: Vec<_> = registrations().collect();
    let Some(reg) =
        regs.get(usize::from(u16::from_le_bytes([head[0], head[1]])) % regs.len().max(1))
    else {
        return;
    };
    let table = reg
        .table
        .and_then(|t| core::str::from_utf8(t).ok())
        .and_then(Table::from_name)
        .unwrap_or(Table::ALL[usize::from(head[2] >> 4) % Table::ALL.len()]);
    let hooks = table.hooks();
    let hook = hooks[usize::from(head[2] & 15) % hooks.len()];
    let mut payload = Vec::from(rest);
    if head[4] & 1 == 0 {
        payload.resize(reg.size, 0);
    }
    let ext = ExtSpec {
        name: reg.name,
        revision: reg.revision,
        payload: &payload,
    };
    let ip = IptIp {
        proto: if reg.proto != 0 {
            reg.proto
        } else {
            u16::from(head[3] % 4 * 6 % 18)
        },
        ..IptIp::default()
    };
    let matches = [ext];
    let rule = match reg.kind {
        ExtKind::Match => EntrySpec {
            ip,
            matches: &matches,
            target: TargetSpec::Verdict(-2),
        },
        ExtKind::Target => EntrySpec {
            ip,
            matches: &[],
            target: TargetSpec::Ext(ext),
        },
    };
    let policy = EntrySpec {
        ip: IptIp::default(),
        matches: &[],
        target: TargetSpec::Verdict(-2),
    };
    let mut entries = Vec::new();
    let mut hook_entry = [None; 5];
    let mut underflow = [None; 5];
    for &h in hooks {
        hook_entry[h.index() as usize] = Some(entries.len());
        if h == hook {
            entries.push(rule);
        }
        underflow[h.index() as usize] = Some(entries.len());
        entries.push(policy);
    }
    entries.push(EntrySpec {
        ip: IptIp::default(),
        matches: &[],
        target: TargetSpec::Error(b"ERROR"),
    });
    if let Ok(buf) = encode_replace(table, hook_entry, underflow, 1, &entries) {
        replace_target(&buf, rest);
    }
}
