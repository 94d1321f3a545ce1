// SPDX-License-Identifier: GPL-2.0

//! The `statistic` match (`net/netfilter/xt_statistic.c`, `struct xt_statistic_info`),
//! revision 0: every packet with a probability (`random`), or every `n`th packet (`nth`).
//!
//! The `nth` counter is per rule (upstream's `struct xt_statistic_priv`, reached through the
//! `master` pointer, which `.usersize` hides): here the atomic in [`Statistic`], set to the
//! payload's `u.nth.count` by `checkentry` and advanced with upstream's compare-and-swap loop.

use core::sync::atomic::{AtomicU32, Ordering};

use super::super::abi::{put, read_u16, read_u32, read_u64};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_statistic_info)` (the `master` pointer is 8-byte aligned).
pub const XT_STATISTIC_INFO_SIZE: usize = 24;
/// `offsetof(struct xt_statistic_info, master)` (`.usersize`).
pub const XT_STATISTIC_INFO_USERSIZE: usize = 16;

/// `XT_STATISTIC_MODE_RANDOM`.
pub const MODE_RANDOM: u16 = 0;
/// `XT_STATISTIC_MODE_NTH`.
pub const MODE_NTH: u16 = 1;
/// `XT_STATISTIC_MODE_MAX`.
pub const MODE_MAX: u16 = MODE_NTH;
/// `XT_STATISTIC_INVERT`.
pub const XT_STATISTIC_INVERT: u16 = 0x1;
/// `XT_STATISTIC_MASK`.
pub const XT_STATISTIC_MASK: u16 = 0x1;

/// `struct xt_statistic_info`. The union `u` is kept as its three words: `u.random.probability`
/// is the same word as `u.nth.every`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtStatisticInfo {
    /// `XT_STATISTIC_MODE_*`.
    pub mode: u16,
    /// `XT_STATISTIC_*` flags.
    pub flags: u16,
    /// `u.random.probability` (out of 2^31) / `u.nth.every` (the period minus one).
    pub every: u32,
    /// `u.nth.packet`.
    pub packet: u32,
    /// `u.nth.count`: the counter's initial value.
    pub count: u32,
    /// Kernel-private: the `master` pointer.
    pub master: u64,
}

impl XtStatisticInfo {
    /// `u.random.probability`.
    pub const fn probability(&self) -> u32 {
        self.every
    }

    /// Decodes the first 24 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            mode: read_u16(b, 0)?,
            flags: read_u16(b, 2)?,
            every: read_u32(b, 4)?,
            packet: read_u32(b, 8)?,
            count: read_u32(b, 12)?,
            master: read_u64(b, 16)?,
        })
    }

    /// Encodes to the 24-byte wire form.
    pub fn encode(&self) -> [u8; XT_STATISTIC_INFO_SIZE] {
        let mut b = [0u8; XT_STATISTIC_INFO_SIZE];
        put(&mut b, 0, &self.mode.to_ne_bytes());
        put(&mut b, 2, &self.flags.to_ne_bytes());
        put(&mut b, 4, &self.every.to_ne_bytes());
        put(&mut b, 8, &self.packet.to_ne_bytes());
        put(&mut b, 12, &self.count.to_ne_bytes());
        put(&mut b, 16, &self.master.to_ne_bytes());
        b
    }
}

/// `xt_statistic_mt_reg`: `NFPROTO_UNSPEC`, `.usersize = offsetof(.., master)`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    usersize: XT_STATISTIC_INFO_USERSIZE,
    ..Reg::match_(ExtId::Statistic, b"statistic", XT_STATISTIC_INFO_SIZE)
}];

/// `statistic_mt_check`: `mode > XT_STATISTIC_MODE_MAX`: `EINVAL`.
pub const BAD_MODE: Reject = Reject::Check("statistic: mode > XT_STATISTIC_MODE_MAX");
/// `statistic_mt_check`: flags outside `XT_STATISTIC_MASK`: `EINVAL`.
pub const BAD_FLAGS: Reject = Reject::Check("statistic: flags & ~XT_STATISTIC_MASK");

/// What a validated `statistic` match tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatisticMode {
    /// `XT_STATISTIC_MODE_RANDOM`: `(get_random_u32() & 0x7FFFFFFF) < probability`.
    Random {
        /// Out of 2^31.
        probability: u32,
    },
    /// `XT_STATISTIC_MODE_NTH`: the counter runs 0..=`every`, the match is on 0.
    Nth {
        /// The period minus one.
        every: u32,
    },
}

/// A validated `statistic` match with its counter (`struct xt_statistic_priv`).
#[derive(Debug)]
pub struct Statistic {
    /// The mode and its parameter.
    pub mode: StatisticMode,
    /// `XT_STATISTIC_INVERT`.
    pub invert: bool,
    /// `master->count` (used by `nth` only, set in either mode as upstream does).
    count: AtomicU32,
}

impl Statistic {
    /// The `nth` counter now.
    pub fn count(&self) -> u32 {
        self.count.load(Ordering::Relaxed)
    }
}

impl PartialEq for Statistic {
    fn eq(&self, other: &Self) -> bool {
        self.mode == other.mode && self.invert == other.invert && self.count() == other.count()
    }
}

impl MatchDef for Statistic {
    const REGS: &'static [Reg] = REGS;

    /// `statistic_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtStatisticInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if i.mode > MODE_MAX {
            return Err(Error::Inval(BAD_MODE));
        }
        if i.flags & !XT_STATISTIC_MASK != 0 {
            return Err(Error::Inval(BAD_FLAGS));
        }
        let mode = if i.mode == MODE_RANDOM {
            StatisticMode::Random {
                probability: i.probability(),
            }
        } else {
            StatisticMode::Nth { every: i.every }
        };
        Ok(Statistic {
            mode,
            invert: i.flags & XT_STATISTIC_INVERT != 0,
            count: AtomicU32::new(i.count),
        })
    }

    /// `statistic_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let hit = match self.mode {
            StatisticMode::Random { probability } => (env.random_u32() & 0x7FFF_FFFF) < probability,
            StatisticMode::Nth { every } => {
                // `atomic_read` + `atomic_cmpxchg` until it sticks; the `int` arithmetic
                // wraps (the kernel builds with -fno-strict-overflow).
                let next = |old: u32| if old == every { 0 } else { old.wrapping_add(1) };
                let old = match self
                    .count
                    .fetch_update(Ordering::SeqCst, Ordering::Relaxed, |v| Some(next(v)))
                {
                    Ok(v) | Err(v) => v,
                };
                // `if (nval == 0)`: also when the counter wraps from 0xFFFFFFFF.
                next(old) == 0
            }
        };
        MatchResult::from_bool(hit ^ self.invert)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;

    fn load(i: &XtStatisticInfo) -> Result<Match, Error> {
        load_match(b"statistic", 0, &i.encode(), &filter_input()).map(|m| m.0)
    }

    /// `--mode nth --every n --packet p` as libxt_statistic fills it.
    fn nth(n: u32, p: u32, flags: u16) -> XtStatisticInfo {
        XtStatisticInfo {
            mode: MODE_NTH,
            flags,
            every: n - 1,
            packet: p,
            count: n - 1 - p,
            master: 0,
        }
    }

    fn random(probability: u32, flags: u16) -> XtStatisticInfo {
        XtStatisticInfo {
            mode: MODE_RANDOM,
            flags,
            every: probability,
            // libxt_statistic's final check: `count = every - packet` on the union.
            count: probability,
            ..XtStatisticInfo::default()
        }
    }

    fn pattern(m: &Match, n: usize) -> Vec<bool> {
        let mut env = FakeEnv::default();
        (0..n)
            .map(|_| m.run(&icmp_packet(), &mut env) == MatchResult::Yes)
            .collect()
    }

    #[test]
    fn payload_layout() {
        let i = XtStatisticInfo {
            mode: 1,
            flags: 1,
            every: 2,
            packet: 3,
            count: 4,
            master: 5,
        };
        let b = i.encode();
        assert_eq!(&b[..4], &[1, 0, 1, 0]);
        assert_eq!(&b[12..16], &4u32.to_ne_bytes());
        assert_eq!(&b[16..], &5u64.to_ne_bytes());
        assert_eq!(XtStatisticInfo::decode(&b), Some(i));
        assert_eq!(XtStatisticInfo::decode(&b[..23]), None);
        let m = load_match(b"statistic", 0, &b, &filter_input()).unwrap();
        assert_eq!(m.1.used, XT_STATISTIC_INFO_USERSIZE);
    }

    #[test]
    fn checks() {
        let bad = |mode: u16, flags: u16| {
            load(&XtStatisticInfo {
                mode,
                flags,
                ..XtStatisticInfo::default()
            })
        };
        assert_eq!(bad(2, 0), Err(Error::Inval(BAD_MODE)));
        assert_eq!(bad(0xffff, 0xffff), Err(Error::Inval(BAD_MODE)));
        assert_eq!(bad(0, 2), Err(Error::Inval(BAD_FLAGS)));
        assert_eq!(bad(1, 0x8001), Err(Error::Inval(BAD_FLAGS)));
        assert!(bad(1, 1).is_ok());
        assert!(bad(0, 0).is_ok());
        assert_eq!(
            load_match(b"statistic", 0, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"statistic", 1, &[0; 24], &filter_input()),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
    }

    #[test]
    fn nth_every_packet() {
        // --every 3 --packet 0: packets 1, 4, 7 (1-based).
        let m = load(&nth(3, 0, 0)).unwrap();
        assert_eq!(
            pattern(&m, 7),
            [true, false, false, true, false, false, true]
        );
        // --every 3 --packet 2: packets 3, 6.
        let m = load(&nth(3, 2, 0)).unwrap();
        assert_eq!(
            pattern(&m, 7),
            [false, false, true, false, false, true, false]
        );
        // Inverted: the others.
        let m = load(&nth(3, 2, XT_STATISTIC_INVERT)).unwrap();
        assert_eq!(pattern(&m, 4), [true, true, false, true]);
        // --every 1: every packet.
        let m = load(&nth(1, 0, 0)).unwrap();
        assert_eq!(pattern(&m, 3), [true, true, true]);
    }

    #[test]
    fn nth_counter_from_the_payload() {
        // The kernel starts from `u.nth.count`, whatever `packet` says.
        let i = XtStatisticInfo {
            count: 0,
            ..nth(4, 0, 0)
        };
        let m = load(&i).unwrap();
        assert_eq!(pattern(&m, 5), [false, false, false, true, false]);
        // A count above `every` counts up to the 32-bit wrap, which is a hit (`nval == 0`).
        let i = XtStatisticInfo {
            count: u32::MAX,
            ..nth(2, 0, 0)
        };
        let m = load(&i).unwrap();
        assert_eq!(pattern(&m, 4), [true, false, true, false]);
        match &m {
            Match::Statistic(s) => assert_eq!(s.count(), 1),
            other => panic!("{other:?}"),
        }
        // every = 0xFFFFFFFF (`--every 0` is refused by the tool, a raw blob may hold it).
        let i = XtStatisticInfo {
            every: u32::MAX,
            count: u32::MAX - 1,
            ..nth(1, 0, 0)
        };
        let m = load(&i).unwrap();
        assert_eq!(pattern(&m, 3), [false, true, false]);
    }

    #[test]
    fn random_mode() {
        let run = |probability: u32, flags: u16, rnd: u32| {
            let m = load(&random(probability, flags)).unwrap();
            let mut env = FakeEnv {
                random: rnd,
                ..FakeEnv::default()
            };
            m.run(&icmp_packet(), &mut env) == MatchResult::Yes
        };
        // --probability 0: never; 1 (0x80000000): always.
        for rnd in [0, 1, 0x7fff_ffff, 0x8000_0000, u32::MAX] {
            assert!(!run(0, 0, rnd));
            assert!(run(0, XT_STATISTIC_INVERT, rnd));
            assert!(run(0x8000_0000, 0, rnd));
            assert!(!run(0x8000_0000, XT_STATISTIC_INVERT, rnd));
        }
        // 0.5: the top bit of the random number does not count.
        assert!(run(0x4000_0000, 0, 0x3fff_ffff));
        assert!(!run(0x4000_0000, 0, 0x4000_0000));
        assert!(run(0x4000_0000, 0, 0xbfff_ffff));
        assert!(!run(0x4000_0000, XT_STATISTIC_INVERT, 0x8000_0001));
        // A probability above 2^31 is "always" too.
        assert!(run(u32::MAX, 0, u32::MAX));
    }
}
