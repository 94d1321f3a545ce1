// SPDX-License-Identifier: GPL-2.0

//! The `limit` match (`net/netfilter/xt_limit.c`, `struct xt_rateinfo`), revision 0: a token
//! bucket filled by the jiffy.
//!
//! Userspace gives the average period between packets (`avg`, in 1/10000 s) and the bucket's
//! depth in packets (`burst`). `checkentry` turns them into credits (`user2credits`): a packet
//! costs `cost` credits, the bucket holds at most `credit_cap`, and every jiffy since the last
//! packet adds `CREDITS_PER_JIFFY`. The rest of `struct xt_rateinfo` is the kernel's: `prev` and
//! `credit` moved to the per-rule `struct xt_limit_priv` (here the atomics of [`Limit`]), and
//! `credit_cap`/`cost` are read from the payload (nonzero values from userspace are kept, as
//! upstream keeps them) and never shown back (`.usersize` stops at `prev`).
//!
//! Concurrency: upstream's `limit_mt` is lock-free (`xchg` of `prev`, then a `cmpxchg` loop on
//! `credit`), and [`Limit::run`] is the same algorithm on the same two words, with the same
//! wrapping `u32` arithmetic: one CPU gets exactly upstream's answers, several CPUs race exactly
//! as upstream's do.

use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use super::super::abi::{put, read_u32, read_u64};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_rateinfo)` on a 64-bit kernel.
pub const XT_RATEINFO_SIZE: usize = 40;
/// `offsetof(struct xt_rateinfo, prev)`: the user-visible part (`.usersize`).
pub const XT_RATEINFO_USERSIZE: usize = 8;
/// `XT_LIMIT_SCALE`: `avg` is in 1/10000 s.
pub const XT_LIMIT_SCALE: u32 = 10000;

/// `struct xt_rateinfo`. `prev`, `credit` and `master` are the kernel's and ignored;
/// `credit_cap` and `cost` are kept if `cost` is nonzero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtRateinfo {
    /// Average period between packets, in 1/[`XT_LIMIT_SCALE`] s.
    pub avg: u32,
    /// Bucket depth in packets.
    pub burst: u32,
    /// Kernel-private: the jiffy of the last packet.
    pub prev: u64,
    /// Kernel-private: the credit left.
    pub credit: u32,
    /// The most credit the bucket holds (used only with a nonzero `cost`).
    pub credit_cap: u32,
    /// The credit a packet costs (0: computed from `avg`).
    pub cost: u32,
    /// Kernel-private: the `master` pointer.
    pub master: u64,
}

impl XtRateinfo {
    /// Decodes the first 40 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            avg: read_u32(b, 0)?,
            burst: read_u32(b, 4)?,
            prev: read_u64(b, 8)?,
            credit: read_u32(b, 16)?,
            credit_cap: read_u32(b, 20)?,
            cost: read_u32(b, 24)?,
            master: read_u64(b, 32)?,
        })
    }

    /// Encodes to the 40-byte wire form.
    pub fn encode(&self) -> [u8; XT_RATEINFO_SIZE] {
        let mut b = [0u8; XT_RATEINFO_SIZE];
        put(&mut b, 0, &self.avg.to_ne_bytes());
        put(&mut b, 4, &self.burst.to_ne_bytes());
        put(&mut b, 8, &self.prev.to_ne_bytes());
        put(&mut b, 16, &self.credit.to_ne_bytes());
        put(&mut b, 20, &self.credit_cap.to_ne_bytes());
        put(&mut b, 24, &self.cost.to_ne_bytes());
        put(&mut b, 32, &self.master.to_ne_bytes());
        b
    }
}

/// `limit_mt_reg`: `NFPROTO_UNSPEC`, `.usersize = offsetof(struct xt_rateinfo, prev)`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    usersize: XT_RATEINFO_USERSIZE,
    ..Reg::match_(ExtId::Limit, b"limit", XT_RATEINFO_SIZE)
}];

/// `limit_mt_check`: `burst` is 0, or `avg * burst` in credits is below `avg` in credits
/// ("Overflow, try lower"): `ERANGE`.
pub const OVERFLOW: Reject = Reject::Check("limit: Overflow, try lower");

/// `CREDITS_PER_JIFFY` for `hz`: the power of two below `MAX_CPJ = 0xFFFFFFFF / (HZ*60*60*24)`
/// (`POW2_BELOW32`), so that one per day still fits in 32 bits of credit.
pub const fn credits_per_jiffy(hz: u32) -> u32 {
    let max_cpj = match hz.checked_mul(60 * 60 * 24) {
        Some(d) if d != 0 => u32::MAX / d,
        _ => 0,
    };
    let mut x = max_cpj;
    x |= x >> 1;
    x |= x >> 2;
    x |= x >> 4;
    x |= x >> 8;
    x |= x >> 16;
    (x >> 1) + 1
}

/// `user2credits`: a period in 1/10000 s as credits, dividing first when multiplying would
/// overflow (and then wrapping in `u32` as upstream's arithmetic does).
pub const fn user2credits(user: u32, hz: u32) -> u32 {
    let cpj = credits_per_jiffy(hz);
    let per_sec = hz.wrapping_mul(cpj);
    let limit = match u32::MAX.checked_div(per_sec) {
        Some(l) => l,
        None => u32::MAX,
    };
    if user > limit {
        (user / XT_LIMIT_SCALE).wrapping_mul(hz).wrapping_mul(cpj)
    } else {
        user.wrapping_mul(hz).wrapping_mul(cpj) / XT_LIMIT_SCALE
    }
}

/// A validated `limit` match with its bucket (`struct xt_limit_priv`), created full by
/// `checkentry` and dropped with the table.
#[derive(Debug)]
pub struct Limit {
    /// `avg` as given.
    pub avg: u32,
    /// `burst` as given.
    pub burst: u32,
    /// The most credit the bucket holds.
    pub credit_cap: u32,
    /// The credit a packet costs.
    pub cost: u32,
    /// `CREDITS_PER_JIFFY` of the kernel's `HZ`.
    pub credits_per_jiffy: u32,
    /// `priv->prev`: the jiffy of the last update.
    prev: AtomicU64,
    /// `priv->credit`: the credit left.
    credit: AtomicU32,
}

impl Limit {
    /// The bucket's state now: (`prev`, `credit`).
    pub fn state(&self) -> (u64, u32) {
        (
            self.prev.load(Ordering::Relaxed),
            self.credit.load(Ordering::Relaxed),
        )
    }
}

impl PartialEq for Limit {
    fn eq(&self, other: &Self) -> bool {
        self.avg == other.avg
            && self.burst == other.burst
            && self.credit_cap == other.credit_cap
            && self.cost == other.cost
            && self.credits_per_jiffy == other.credits_per_jiffy
            && self.state() == other.state()
    }
}

impl MatchDef for Limit {
    const REGS: &'static [Reg] = REGS;

    /// `limit_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let r = XtRateinfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let hz = par.load.hz();
        // Upstream multiplies in `u32`: `avg * burst` wraps.
        let full = user2credits(r.avg.wrapping_mul(r.burst), hz);
        if r.burst == 0 || full < user2credits(r.avg, hz) {
            return Err(Error::Range(OVERFLOW));
        }
        let (credit_cap, cost) = if r.cost == 0 {
            (full, user2credits(r.avg, hz))
        } else {
            (r.credit_cap, r.cost)
        };
        Ok(Limit {
            avg: r.avg,
            burst: r.burst,
            credit_cap,
            cost,
            credits_per_jiffy: credits_per_jiffy(hz),
            prev: AtomicU64::new(par.load.jiffies()),
            credit: AtomicU32::new(full),
        })
    }

    /// `limit_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        // Fast path: nothing to update.
        if self.credit.load(Ordering::Relaxed) < self.cost
            && self.prev.load(Ordering::Relaxed) == env.jiffies()
        {
            return MatchResult::No;
        }
        let mut credit_increase: u32 = 0;
        loop {
            let now = env.jiffies();
            let prev = self.prev.swap(now, Ordering::SeqCst);
            // `(now - prev) * CREDITS_PER_JIFFY` in `unsigned long`, added to a `u32`.
            // CAST: truncation to 32 bits is upstream's assignment to `u32`.
            let gained = now
                .wrapping_sub(prev)
                .wrapping_mul(u64::from(self.credits_per_jiffy)) as u32;
            credit_increase = credit_increase.wrapping_add(gained);
            let old = self.credit.load(Ordering::Relaxed);
            let mut new = old.wrapping_add(credit_increase);
            if new > self.credit_cap {
                new = self.credit_cap;
            }
            let ret = if new >= self.cost {
                new -= self.cost;
                true
            } else {
                false
            };
            if self
                .credit
                .compare_exchange(old, new, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok()
            {
                return MatchResult::from_bool(ret);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;

    /// A kernel at load time with `HZ` `hz` and the clock at `jiffies`.
    struct Clock {
        hz: u32,
        jiffies: u64,
    }

    impl LoadEnv for Clock {
        fn hz(&self) -> u32 {
            self.hz
        }
        fn jiffies(&self) -> u64 {
            self.jiffies
        }
    }

    fn info(avg: u32, burst: u32) -> XtRateinfo {
        XtRateinfo {
            avg,
            burst,
            ..XtRateinfo::default()
        }
    }

    fn load_at(r: &XtRateinfo, clock: &Clock) -> Result<Match, Error> {
        let par = CheckParam {
            load: clock,
            ..filter_input()
        };
        load_match(b"limit", 0, &r.encode(), &par).map(|m| m.0)
    }

    fn limit(m: &Match) -> &Limit {
        match m {
            Match::Limit(l) => l,
            other => panic!("{other:?}"),
        }
    }

    /// `--limit 3/hour` as libxt_limit computes it.
    const PER_HOUR_3: u32 = 12_000_000;
    /// `--limit 1/day`.
    const PER_DAY_1: u32 = 864_000_000;
    /// `--limit 1/sec`.
    const PER_SEC_1: u32 = 10_000;

    #[test]
    fn credits_per_jiffy_and_user2credits() {
        assert_eq!(credits_per_jiffy(100), 256);
        assert_eq!(credits_per_jiffy(250), 128);
        assert_eq!(credits_per_jiffy(300), 128);
        assert_eq!(credits_per_jiffy(1000), 32);
        // One second at HZ 250: 250 jiffies of 128 credits.
        assert_eq!(user2credits(PER_SEC_1, 250), 32_000);
        assert_eq!(user2credits(PER_HOUR_3, 250), 38_400_000);
        // Above 0xFFFFFFFF / 32000 = 134217: divide first.
        assert_eq!(user2credits(134_217, 250), 134_217 * 32_000 / 10_000);
        assert_eq!(user2credits(134_218, 250), 13 * 32_000);
        assert_eq!(user2credits(PER_DAY_1, 250), 86_400 * 32_000);
        // ... and wrap in 32 bits as upstream does.
        assert_eq!(
            user2credits(u32::MAX, 250),
            (429_496u64 * 32_000 % (1 << 32)) as u32
        );
    }

    #[test]
    fn payload_layout() {
        let r = XtRateinfo {
            avg: 1,
            burst: 2,
            prev: 3,
            credit: 4,
            credit_cap: 5,
            cost: 6,
            master: 7,
        };
        let b = r.encode();
        assert_eq!(b.len(), XT_RATEINFO_SIZE);
        assert_eq!(&b[..4], &1u32.to_ne_bytes());
        assert_eq!(&b[8..16], &3u64.to_ne_bytes());
        assert_eq!(&b[24..28], &6u32.to_ne_bytes());
        assert_eq!(&b[32..], &7u64.to_ne_bytes());
        assert_eq!(XtRateinfo::decode(&b), Some(r));
        assert_eq!(XtRateinfo::decode(&b[..39]), None);
        let m = load_match(b"limit", 0, &info(PER_SEC_1, 5).encode(), &filter_input()).unwrap();
        assert_eq!(m.1.used, XT_RATEINFO_USERSIZE);
        assert_eq!(m.1.name, b"limit");
    }

    #[test]
    fn checks() {
        let c = Clock {
            hz: 250,
            jiffies: 1000,
        };
        let range = Err(Error::Range(OVERFLOW));
        assert_eq!(load_at(&info(PER_SEC_1, 0), &c), range);
        assert_eq!(load_at(&info(0, 0), &c), range);
        // 1/day with a burst of 2: 2 days of credit wraps below one day's.
        assert_eq!(load_at(&info(PER_DAY_1, 2), &c), range);
        // 1/sec with burst 10000 (libxt_limit's maximum) fits, 3/hour with 5 too.
        assert!(load_at(&info(PER_SEC_1, 10_000), &c).is_ok());
        assert!(load_at(&info(PER_HOUR_3, 5), &c).is_ok());
        // `avg * burst` wraps in 32 bits before the conversion.
        assert_eq!(load_at(&info(0x8000_0000, 2), &c), range);
        // avg 0: no cost, always matches.
        let m = load_at(&info(0, 1), &c).unwrap();
        assert_eq!((limit(&m).cost, limit(&m).credit_cap), (0, 0));
        assert_eq!(
            load_match(b"limit", 0, &[0; 32], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"limit", 1, &info(1, 1).encode(), &filter_input()),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
    }

    #[test]
    fn bucket_starts_full_and_kernel_fields_are_ignored_or_kept() {
        let c = Clock {
            hz: 250,
            jiffies: 777,
        };
        let r = XtRateinfo {
            prev: 1,
            credit: 2,
            master: 3,
            ..info(PER_SEC_1, 3)
        };
        let m = load_at(&r, &c).unwrap();
        let l = limit(&m);
        assert_eq!(l.state(), (777, 96_000));
        assert_eq!(
            (l.cost, l.credit_cap, l.credits_per_jiffy),
            (32_000, 96_000, 128)
        );
        // A nonzero cost from userspace is used with the given cap.
        let r = XtRateinfo {
            credit_cap: 50_000,
            cost: 40_000,
            ..info(PER_SEC_1, 3)
        };
        let m = load_at(&r, &c).unwrap();
        let l = limit(&m);
        assert_eq!(
            (l.cost, l.credit_cap, l.state().1),
            (40_000, 50_000, 96_000)
        );
        let mut env = FakeEnv {
            jiffies: 777,
            ..FakeEnv::default()
        };
        let p = icmp_packet();
        // 96000 -> capped at 50000 -> one packet (10000 left).
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
        assert_eq!(m.run(&p, &mut env), MatchResult::No);
    }

    #[test]
    fn burst_then_one_per_period() {
        let c = Clock {
            hz: 250,
            jiffies: 5000,
        };
        // 1/sec, burst 3.
        let m = load_at(&info(PER_SEC_1, 3), &c).unwrap();
        let mut env = FakeEnv {
            jiffies: 5000,
            ..FakeEnv::default()
        };
        let p = icmp_packet();
        let run = |env: &mut FakeEnv| m.run(&p, env) == MatchResult::Yes;
        assert!(run(&mut env));
        assert!(run(&mut env));
        assert!(run(&mut env));
        assert!(!run(&mut env));
        // 249 jiffies: one short of a packet's cost.
        env.jiffies += 249;
        assert!(!run(&mut env));
        env.jiffies += 1;
        assert!(run(&mut env));
        assert!(!run(&mut env));
        // A long pause refills only up to the cap.
        env.jiffies += 250 * 100;
        for _ in 0..3 {
            assert!(run(&mut env));
        }
        assert!(!run(&mut env));
        assert_eq!(limit(&m).state(), (5000 + 250 + 25_000, 0));
    }

    #[test]
    fn one_per_day_burst_one() {
        // `--limit 1/day --limit-burst 1`: the first packet, then nothing for a day.
        let c = Clock {
            hz: 250,
            jiffies: 0,
        };
        let m = load_at(&info(PER_DAY_1, 1), &c).unwrap();
        let mut env = FakeEnv {
            jiffies: 0,
            ..FakeEnv::default()
        };
        let p = icmp_packet();
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
        for j in [0, 1, 1000, 250 * 86_400 - 1] {
            env.jiffies = j;
            assert_eq!(m.run(&p, &mut env), MatchResult::No);
        }
        env.jiffies = 250 * 86_400;
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
        // Two days at once is 2^32 + 1234632704 credits: the increase wraps below one day's
        // cost, as upstream's `u32` does.
        env.jiffies += 250 * 86_400 * 2;
        assert_eq!(m.run(&p, &mut env), MatchResult::No);
    }

    #[test]
    fn credit_increase_wraps_as_upstream() {
        // 1/sec burst 1 at HZ 250: cost = cap = 32000. After 2^25 jiffies the increase is
        // 2^25 * 128 = 2^32: zero in 32 bits, so no packet passes (upstream's arithmetic).
        let c = Clock {
            hz: 250,
            jiffies: 10,
        };
        let m = load_at(&info(PER_SEC_1, 1), &c).unwrap();
        let mut env = FakeEnv {
            jiffies: 10,
            ..FakeEnv::default()
        };
        let p = icmp_packet();
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
        env.jiffies = 10 + (1 << 25);
        assert_eq!(m.run(&p, &mut env), MatchResult::No);
        env.jiffies += 250;
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
        // The jiffies counter wrapping around is only a difference of 1.
        let c = Clock {
            hz: 250,
            jiffies: u64::MAX,
        };
        let m = load_at(&info(PER_SEC_1, 1), &c).unwrap();
        env.jiffies = u64::MAX;
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
        env.jiffies = 249;
        assert_eq!(m.run(&p, &mut env), MatchResult::Yes);
    }

    #[test]
    fn every_replace_starts_a_new_bucket() {
        let buf = filter(
            &[R {
                matches: one(ext(b"limit", 0, &info(PER_DAY_1, 1).encode())),
                ..r(v(VERDICT_DROP))
            }],
            VERDICT_ACCEPT,
            &[],
        );
        let p = icmp_packet();
        for _ in 0..2 {
            let rs = parse(&buf).unwrap();
            let mut env = FakeEnv::default();
            assert_eq!(run_env(&rs, Hook::LocalIn, &p, &mut env).0, Outcome::Drop);
            assert_eq!(run_env(&rs, Hook::LocalIn, &p, &mut env).0, Outcome::Accept);
        }
    }
}
