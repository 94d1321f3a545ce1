// SPDX-License-Identifier: GPL-2.0

//! Mutation testing of the rule-blob validator and the packet path, shared by the engine's own
//! tests and the tool's (which mutates blobs holding every rule of `userspace/tests/rules.t`,
//! so every extension's payload is mutated). Host only: feature `fuzz` (and `cfg(test)`).
//!
//! A mutant either is refused with an errno or parses into a [`Ruleset`] that the packet path
//! then runs on every hook, for a fixed set of packets and kernel answers; a panic anywhere is
//! what a kernel would turn into a BUG().

use super::env::{CtInfo, CtKind, SockOwner};
use super::eval::{evaluate, Packet};
use super::parse::Ruleset;
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
