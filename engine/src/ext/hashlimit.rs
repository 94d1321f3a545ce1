// SPDX-License-Identifier: GPL-2.0

//! The `hashlimit` match (`net/netfilter/xt_hashlimit.c`), revisions 1, 2 and 3 (the kernel
//! registers no revision 0 any more): a token bucket (or, in revision 3's `--hashlimit-rate-match`,
//! a rate meter) per key of the packet's masked source/destination address and ports, kept in
//! a named hash table of the network namespace that every rule naming it shares.
//!
//! The split is `recent`'s (Documentation/extensions.md, "Per-namespace state"):
//! - the payload layouts, `checkentry` and the per-rule decision are here;
//! - the table ([`HashlimitTable`]: buckets, entries, expiry, the `/proc` lines) is here too,
//!   plain `core` Rust; the kernel gives it a lock, a registry by name and its file
//!   `/proc/net/ipt_hashlimit/NAME` (`src/hashlimit.rs`).
//!
//! Expiry: upstream's entries live until the periodic garbage collection (every `gc_interval`
//! ms) finds them expired (`time_after_eq(jiffies, expires)`), so a packet may meet an expired
//! entry that collection has not reached yet. Here an expired entry is never used: a lookup
//! frees the expired entries of its bucket, an insertion into a full table first frees every
//! expired entry, and `/proc` does not show them. That is what a packet sees upstream when
//! collection runs at the expiry jiffy; nothing else observable depends on when it runs.
//!
//! Memory: the buckets are allocated with the table, as upstream's; the entries, which upstream
//! allocates one by one (`kmem_cache_alloc(GFP_ATOMIC)`, a hotdrop when that fails), come in
//! chunks of [`CHUNK`] allocated on the packet path as the table grows (`GFP_ATOMIC`, a hotdrop
//! when that fails) and kept, with the entries freed on them, until the table goes.

use core::fmt::{self, Write};

use super::super::abi::{put, read_u32, read_u64};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::vec::{AllocError, OVec};
use super::recent::jhash2_4;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `XT_HASHLIMIT_SCALE`: revision 1's `avg` is in 1/10000 s.
pub const XT_HASHLIMIT_SCALE: u64 = 10000;
/// `XT_HASHLIMIT_SCALE_v2`: revision 2's and 3's `avg` is in 1/1000000 s.
pub const XT_HASHLIMIT_SCALE_V2: u64 = 1_000_000;
/// `XT_HASHLIMIT_BYTE_SHIFT`: byte mode counts in 16-byte chunks.
pub const XT_HASHLIMIT_BYTE_SHIFT: u32 = 4;
/// `HASHLIMIT_MAX_SIZE`: `size` and `max` above are truncated to it.
pub const HASHLIMIT_MAX_SIZE: u32 = 1_048_576;

/// `XT_HASHLIMIT_HASH_*` and the other mode bits.
pub mod mode {
    /// `XT_HASHLIMIT_HASH_DIP`.
    pub const DIP: u32 = 1 << 0;
    /// `XT_HASHLIMIT_HASH_DPT`.
    pub const DPT: u32 = 1 << 1;
    /// `XT_HASHLIMIT_HASH_SIP`.
    pub const SIP: u32 = 1 << 2;
    /// `XT_HASHLIMIT_HASH_SPT`.
    pub const SPT: u32 = 1 << 3;
    /// `XT_HASHLIMIT_INVERT` (`--hashlimit-above`).
    pub const INVERT: u32 = 1 << 4;
    /// `XT_HASHLIMIT_BYTES`.
    pub const BYTES: u32 = 1 << 5;
    /// `XT_HASHLIMIT_RATE_MATCH` (revision 3).
    pub const RATE_MATCH: u32 = 1 << 6;
    /// `XT_HASHLIMIT_ALL`.
    pub const ALL: u32 = DIP | DPT | SIP | SPT | INVERT | BYTES | RATE_MATCH;
}

/// `IFNAMSIZ`: revision 1's name field.
pub const NAME_V1_LEN: usize = 16;
/// `NAME_MAX`: revision 2's and 3's name field.
pub const NAME_LEN: usize = 255;
/// `sizeof(struct xt_hashlimit_mtinfo1)`.
pub const MTINFO1_SIZE: usize = 56;
/// `offsetof(struct xt_hashlimit_mtinfo1, hinfo)`.
pub const MTINFO1_USERSIZE: usize = 48;
/// `sizeof(struct xt_hashlimit_mtinfo2)`.
pub const MTINFO2_SIZE: usize = 304;
/// `offsetof(struct xt_hashlimit_mtinfo2, hinfo)`.
pub const MTINFO2_USERSIZE: usize = 296;
/// `sizeof(struct xt_hashlimit_mtinfo3)`.
pub const MTINFO3_SIZE: usize = 312;
/// `offsetof(struct xt_hashlimit_mtinfo3, hinfo)`.
pub const MTINFO3_USERSIZE: usize = 304;

/// `struct hashlimit_cfg3`, the common form every revision's config is copied to (`cfg_copy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cfg {
    /// Average period between packets, in 1/scale s (byte mode: bytes per second).
    pub avg: u64,
    /// Burst.
    pub burst: u64,
    /// [`mode`] bits.
    pub mode: u32,
    /// Buckets (0: from the memory size).
    pub size: u32,
    /// Most entries (0: 8 per bucket).
    pub max: u32,
    /// Collection interval, ms.
    pub gc_interval: u32,
    /// Entry lifetime, ms.
    pub expire: u32,
    /// Revision 3's rate-match interval, s.
    pub interval: u32,
    /// Source prefix length.
    pub srcmask: u8,
    /// Destination prefix length.
    pub dstmask: u8,
}

/// `struct xt_hashlimit_mtinfo1/2/3`: the name and the config; `hinfo` is the kernel's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mtinfo {
    /// The table's name, NUL-padded (revision 1: only the first 16 bytes exist).
    pub name: [u8; NAME_LEN],
    /// The config (revision 1 and 2 have no `interval`; revision 1 has 32-bit `avg`/`burst`).
    pub cfg: Cfg,
}

impl Default for Mtinfo {
    fn default() -> Self {
        Mtinfo {
            name: [0; NAME_LEN],
            cfg: Cfg::default(),
        }
    }
}

impl Mtinfo {
    /// The payload size of `revision` (`sizeof`), 0 for an unknown revision.
    pub const fn size(revision: u8) -> usize {
        match revision {
            1 => MTINFO1_SIZE,
            2 => MTINFO2_SIZE,
            3 => MTINFO3_SIZE,
            _ => 0,
        }
    }

    /// Decodes the payload of `revision`.
    pub fn decode(b: &[u8], revision: u8) -> Option<Mtinfo> {
        let mut m = Mtinfo::default();
        match revision {
            1 => {
                m.name
                    .get_mut(..NAME_V1_LEN)?
                    .copy_from_slice(b.get(..NAME_V1_LEN)?);
                m.cfg = Cfg {
                    mode: read_u32(b, 16)?,
                    avg: u64::from(read_u32(b, 20)?),
                    burst: u64::from(read_u32(b, 24)?),
                    size: read_u32(b, 28)?,
                    max: read_u32(b, 32)?,
                    gc_interval: read_u32(b, 36)?,
                    expire: read_u32(b, 40)?,
                    interval: 0,
                    srcmask: *b.get(44)?,
                    dstmask: *b.get(45)?,
                };
            }
            2 | 3 => {
                m.name.copy_from_slice(b.get(..NAME_LEN)?);
                m.cfg = Cfg {
                    avg: read_u64(b, 256)?,
                    burst: read_u64(b, 264)?,
                    mode: read_u32(b, 272)?,
                    size: read_u32(b, 276)?,
                    max: read_u32(b, 280)?,
                    gc_interval: read_u32(b, 284)?,
                    expire: read_u32(b, 288)?,
                    interval: 0,
                    srcmask: 0,
                    dstmask: 0,
                };
                if revision == 2 {
                    m.cfg.srcmask = *b.get(292)?;
                    m.cfg.dstmask = *b.get(293)?;
                } else {
                    m.cfg.interval = read_u32(b, 292)?;
                    m.cfg.srcmask = *b.get(296)?;
                    m.cfg.dstmask = *b.get(297)?;
                }
            }
            _ => return None,
        }
        Some(m)
    }

    /// Encodes to the wire form of `revision` (its [`Mtinfo::size`] bytes of the array; the
    /// kernel's `hinfo` zero). Revision 1 keeps the low 32 bits of `avg` and `burst`.
    pub fn encode(&self, revision: u8) -> ([u8; MTINFO3_SIZE], usize) {
        let mut b = [0u8; MTINFO3_SIZE];
        let c = &self.cfg;
        match revision {
            1 => {
                put(&mut b, 0, self.name.get(..NAME_V1_LEN).unwrap_or(&[]));
                put(&mut b, 16, &c.mode.to_ne_bytes());
                // CAST: revision 1's fields are 32 bits wide.
                put(&mut b, 20, &(c.avg as u32).to_ne_bytes());
                put(&mut b, 24, &(c.burst as u32).to_ne_bytes());
                put(&mut b, 28, &c.size.to_ne_bytes());
                put(&mut b, 32, &c.max.to_ne_bytes());
                put(&mut b, 36, &c.gc_interval.to_ne_bytes());
                put(&mut b, 40, &c.expire.to_ne_bytes());
                put(&mut b, 44, &[c.srcmask, c.dstmask]);
            }
            _ => {
                put(&mut b, 0, &self.name);
                put(&mut b, 256, &c.avg.to_ne_bytes());
                put(&mut b, 264, &c.burst.to_ne_bytes());
                put(&mut b, 272, &c.mode.to_ne_bytes());
                put(&mut b, 276, &c.size.to_ne_bytes());
                put(&mut b, 280, &c.max.to_ne_bytes());
                put(&mut b, 284, &c.gc_interval.to_ne_bytes());
                put(&mut b, 288, &c.expire.to_ne_bytes());
                if revision == 2 {
                    put(&mut b, 292, &[c.srcmask, c.dstmask]);
                } else {
                    put(&mut b, 292, &c.interval.to_ne_bytes());
                    put(&mut b, 296, &[c.srcmask, c.dstmask]);
                }
            }
        }
        (b, Self::size(revision))
    }
}

/// `hashlimit_mt_reg` for `NFPROTO_IPV4`, with `.usersize = offsetof(..., hinfo)`.
const REGS: &[Reg] = &[
    Reg {
        revision: 1,
        usersize: MTINFO1_USERSIZE,
        ..Reg::match_(ExtId::Hashlimit, b"hashlimit", MTINFO1_SIZE)
    },
    Reg {
        revision: 2,
        usersize: MTINFO2_USERSIZE,
        ..Reg::match_(ExtId::Hashlimit, b"hashlimit", MTINFO2_SIZE)
    },
    Reg {
        revision: 3,
        usersize: MTINFO3_USERSIZE,
        ..Reg::match_(ExtId::Hashlimit, b"hashlimit", MTINFO3_SIZE)
    },
];

/// `xt_check_proc_name`: an empty name: `EINVAL`.
pub const NAME_EMPTY: Reject = Reject::Check("hashlimit: empty table name");
/// `xt_check_proc_name`: no NUL in the field: `ENAMETOOLONG`.
pub const NAME_UNTERMINATED: Reject = Reject::Check("hashlimit: table name not NUL-terminated");
/// `xt_check_proc_name`: `.`, `..` or a name with `/`: `EINVAL`.
pub const NAME_INVALID: Reject = Reject::Check("hashlimit: table name ., .. or with /");
/// `gc_interval` or `expire` is 0: `EINVAL`.
pub const ZERO_TIMES: Reject = Reject::Check("hashlimit: zero gc interval or expiry");
/// A prefix length above 32: `EINVAL`.
pub const BAD_MASK: Reject = Reject::Check("hashlimit: mask above 32");
/// "Unknown mode mask %X, kernel too old?": `EINVAL`.
pub const UNKNOWN_MODE: Reject = Reject::Check("hashlimit: unknown mode mask");
/// `XT_HASHLIMIT_RATE_MATCH` before revision 3: `EINVAL`.
pub const RATE_MATCH_REVISION: Reject = Reject::Check("hashlimit: rate match before revision 3");
/// "invalid rate" (rate match, `avg` 0 or above `U32_MAX`): `ERANGE`.
pub const INVALID_RATE: Reject = Reject::Check("hashlimit: invalid rate");
/// "invalid interval" (rate match, `interval` 0): `EINVAL`.
pub const INVALID_INTERVAL: Reject = Reject::Check("hashlimit: invalid interval");
/// "overflow, rate too high" (byte mode, no credit per chunk): `EINVAL`.
pub const BYTES_TOO_HIGH: Reject = Reject::Check("hashlimit: overflow, rate too high");
/// "overflow, try lower" (`burst` 0 or `avg * burst` overflowing): `ERANGE`.
pub const OVERFLOW: Reject = Reject::Check("hashlimit: overflow, try lower");
/// A table of that name exists with the other rate-match setting: `EINVAL`.
pub const RATEMATCH_MISMATCH: Reject =
    Reject::Check("hashlimit: table exists with another rate-match mode");
/// The table could not be allocated: `ENOMEM`.
pub const NO_MEMORY: Reject = Reject::Check("hashlimit: table allocation");

/// `POW2_BELOW64(x)`: the largest power of two not above `x` (1 for 0).
const fn pow2_below64(x: u64) -> u64 {
    let mut v = x;
    v |= v >> 1;
    v |= v >> 2;
    v |= v >> 4;
    v |= v >> 8;
    v |= v >> 16;
    v |= v >> 32;
    (v >> 1).wrapping_add(1)
}

/// `POW2_BELOW32(x)`.
const fn pow2_below32(x: u32) -> u32 {
    let mut v = x;
    v |= v >> 1;
    v |= v >> 2;
    v |= v >> 4;
    v |= v >> 8;
    v |= v >> 16;
    (v >> 1).wrapping_add(1)
}

/// `HZ*60*60*24` in `unsigned int` (0 for a zero `hz`).
const fn hz_day(hz: u32) -> u32 {
    hz.wrapping_mul(60 * 60 * 24)
}

/// `CREDITS_PER_JIFFY_v1`: `POW2_BELOW32(0xFFFFFFFF / (HZ*60*60*24))`.
pub const fn cpj_v1(hz: u32) -> u64 {
    let d = hz_day(hz);
    let m = match u32::MAX.checked_div(d) {
        Some(m) => m,
        None => 0,
    };
    pow2_below32(m) as u64
}

/// `CREDITS_PER_JIFFY`: `POW2_BELOW64(0xFFFFFFFFFFFFFFFF / (HZ*60*60*24))`.
pub const fn cpj(hz: u32) -> u64 {
    let d = hz_day(hz) as u64;
    let m = match u64::MAX.checked_div(d) {
        Some(m) => m,
        None => 0,
    };
    pow2_below64(m)
}

/// `CREDITS_PER_JIFFY_BYTES`: `POW2_BELOW32(0xFFFFFFFF / HZ)`.
pub const fn cpj_bytes(hz: u32) -> u32 {
    let m = match u32::MAX.checked_div(hz) {
        Some(m) => m,
        None => 0,
    };
    pow2_below32(m)
}

/// `CREDITS_PER_JIFFY_BYTES * HZ` (in `unsigned int`, widened): a full byte bucket.
pub const fn bytes_full(hz: u32) -> u64 {
    cpj_bytes(hz).wrapping_mul(hz) as u64
}

/// `user2credits(user, revision)`: a period in 1/scale s as credits.
pub const fn user2credits(user: u64, revision: u8, hz: u32) -> u64 {
    let (scale, c) = if revision == 1 {
        (XT_HASHLIMIT_SCALE, cpj_v1(hz))
    } else {
        (XT_HASHLIMIT_SCALE_V2, cpj(hz))
    };
    let per_sec = (hz as u64).wrapping_mul(c);
    if scale >= per_sec {
        // `div64_u64` by 0 does not happen for any real `HZ`; answer 0 rather than trap.
        let d = match scale.checked_div(per_sec) {
            Some(d) => d,
            None => 0,
        };
        match user.checked_div(d) {
            Some(v) => v,
            None => 0,
        }
    } else {
        user.wrapping_mul(per_sec / scale)
    }
}

/// `user2credits_byte(user)`: `avg` (truncated to `u32`) in byte-mode credits.
pub const fn user2credits_byte(user: u32, hz: u32) -> u32 {
    let us = (user as u64).wrapping_mul(bytes_full(hz));
    // CAST: `(u32)(us >> 32)`.
    (us >> 32) as u32
}

/// `user2rate(user)`: packets per interval for the rate meter (0 for 0).
pub const fn user2rate(user: u64) -> u64 {
    match XT_HASHLIMIT_SCALE_V2.checked_div(user) {
        Some(r) => r,
        None => 0,
    }
}

/// `user2rate_bytes(user)`.
pub const fn user2rate_bytes(user: u32) -> u64 {
    let r = match u32::MAX.checked_div(user) {
        Some(r) => r,
        None => u32::MAX,
    };
    ((r as u64).wrapping_sub(1)) << XT_HASHLIMIT_BYTE_SHIFT
}

/// `msecs_to_jiffies(m)` for `hz`.
pub const fn msecs_to_jiffies(m: u32, hz: u32) -> u64 {
    let m = m as u64;
    let hz = hz as u64;
    if hz == 0 {
        0
    } else if 1000u64.is_multiple_of(hz) {
        match m.checked_add(1000 / hz - 1) {
            Some(x) => match x.checked_div(1000 / hz) {
                Some(j) => j,
                None => 0,
            },
            None => u64::MAX,
        }
    } else if hz.is_multiple_of(1000) {
        m.wrapping_mul(hz / 1000)
    } else {
        (m.wrapping_mul(hz)).div_ceil(1000)
    }
}

/// `time_after_eq(a, b)` on the wrapping jiffies clock.
const fn time_after_eq(a: u64, b: u64) -> bool {
    // CAST: `(long)((a) - (b)) >= 0`.
    (a.wrapping_sub(b) as i64) >= 0
}

/// `maskl(a, l)` on an address in host order.
const fn maskl(a: u32, l: u8) -> u32 {
    if l == 0 {
        0
    } else if l >= 32 {
        a
    } else {
        a & (!0u32 << (32 - l))
    }
}

/// `proto_ports_offset(proto)`.
const fn proto_ports_offset(proto: u8) -> Option<usize> {
    match proto {
        // TCP, UDP, DCCP, ESP, SCTP, UDPLITE.
        6 | 17 | 33 | 50 | 132 | 136 => Some(0),
        // AH.
        51 => Some(4),
        _ => None,
    }
}

/// `struct dsthash_dst` for IPv4: the masked addresses (host order) and the ports (network
/// order values read as big-endian numbers), zero where the table's mode leaves them out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Key {
    /// Masked source address.
    pub src: u32,
    /// Masked destination address.
    pub dst: u32,
    /// Source port.
    pub sport: u16,
    /// Destination port.
    pub dport: u16,
}

/// What a rule asks of its namespace's table: the name, and the config (after `checkentry`'s
/// truncations) and revision of a table created for it (an existing table keeps its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashlimitSpec {
    /// The name, NUL-terminated inside the field.
    pub name: [u8; NAME_LEN],
    /// The config.
    pub cfg: Cfg,
    /// The revision of the rule (the `/proc` file of a table it creates recalculates with it).
    pub revision: u8,
}

impl HashlimitSpec {
    /// The name without its NUL padding.
    pub fn name(&self) -> &[u8] {
        super::super::abi::c_str(&self.name)
    }

    /// Whether the rule is a rate meter (`XT_HASHLIMIT_RATE_MATCH`).
    pub fn ratematch(&self) -> bool {
        self.cfg.mode & mode::RATE_MATCH != 0
    }
}

/// `xt_check_proc_name(name, size)` on the first `size` bytes of `name`.
fn check_proc_name(name: &[u8]) -> Result<(), Error> {
    if name.first().is_none_or(|&c| c == 0) {
        return Err(Error::Inval(NAME_EMPTY));
    }
    if !name.contains(&0) {
        return Err(Error::NameTooLong(NAME_UNTERMINATED));
    }
    let s = super::super::abi::c_str(name);
    if s == b"." || s == b".." || s.contains(&b'/') {
        return Err(Error::Inval(NAME_INVALID));
    }
    Ok(())
}

/// `hashlimit_mt_check_common` up to the table lookup: the config's checks (with `size` and
/// `max` truncated to [`HASHLIMIT_MAX_SIZE`] in `cfg`), in upstream's order.
pub fn check_cfg(cfg: &mut Cfg, revision: u8, par: &CheckParam<'_>) -> Result<(), Error> {
    let hz = par.load.hz();
    if cfg.gc_interval == 0 || cfg.expire == 0 {
        return Err(Error::Inval(ZERO_TIMES));
    }
    if cfg.size > HASHLIMIT_MAX_SIZE {
        cfg.size = HASHLIMIT_MAX_SIZE;
        par.load.info_ratelimited(format_args!(
            "xt_hashlimit: size too large, truncated to {}",
            cfg.size
        ));
    }
    if cfg.max > HASHLIMIT_MAX_SIZE {
        cfg.max = HASHLIMIT_MAX_SIZE;
        par.load.info_ratelimited(format_args!(
            "xt_hashlimit: max too large, truncated to {}",
            cfg.max
        ));
    }
    if cfg.srcmask > 32 || cfg.dstmask > 32 {
        return Err(Error::Inval(BAD_MASK));
    }
    if cfg.mode & !mode::ALL != 0 {
        par.load.info_ratelimited(format_args!(
            "xt_hashlimit: Unknown mode mask {:X}, kernel too old?",
            cfg.mode
        ));
        return Err(Error::Inval(UNKNOWN_MODE));
    }
    if cfg.mode & mode::RATE_MATCH != 0 {
        if revision < 3 {
            return Err(Error::Inval(RATE_MATCH_REVISION));
        }
        if cfg.avg == 0 || cfg.avg > u64::from(u32::MAX) {
            par.load
                .info_ratelimited(format_args!("xt_hashlimit: invalid rate"));
            return Err(Error::Range(INVALID_RATE));
        }
        if cfg.interval == 0 {
            par.load
                .info_ratelimited(format_args!("xt_hashlimit: invalid interval"));
            return Err(Error::Inval(INVALID_INTERVAL));
        }
    } else if cfg.mode & mode::BYTES != 0 {
        // CAST: `user2credits_byte` takes a `u32`.
        if user2credits_byte(cfg.avg as u32, hz) == 0 {
            par.load.info_ratelimited(format_args!(
                "xt_hashlimit: overflow, rate too high: {}",
                cfg.avg
            ));
            return Err(Error::Inval(BYTES_TOO_HIGH));
        }
    } else if cfg.burst == 0
        || user2credits(cfg.avg.wrapping_mul(cfg.burst), revision, hz)
            < user2credits(cfg.avg, revision, hz)
    {
        par.load.info_ratelimited(format_args!(
            "xt_hashlimit: overflow, try lower: {}/{}",
            cfg.avg, cfg.burst
        ));
        return Err(Error::Range(OVERFLOW));
    }
    Ok(())
}

/// A validated `hashlimit` match: the slot of its table and what `hashlimit_mt_common` reads
/// of the rule itself (the rest comes from the table's config).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hashlimit {
    /// The table, as [`super::super::env::LoadEnv::hashlimit_table`] answered.
    pub slot: u32,
    /// The rule's revision (the credit arithmetic differs for revision 1).
    pub revision: u8,
    /// The rule's own mode (invert, bytes, rate match).
    pub mode: u32,
    /// `size` and `max` as `checkentry` left them in the payload (revision 3 truncates them
    /// in place, which `IPT_SO_GET_ENTRIES` shows).
    pub size: u32,
    /// See `size`.
    pub max: u32,
}

impl MatchDef for Hashlimit {
    const REGS: &'static [Reg] = REGS;

    /// `hashlimit_mt_check_v1`/`_v2`/`hashlimit_mt_check`, then `hashlimit_mt_check_common`.
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info =
            Mtinfo::decode(payload, reg.revision).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let name_len = if reg.revision == 1 {
            NAME_V1_LEN
        } else {
            NAME_LEN
        };
        check_proc_name(info.name.get(..name_len).unwrap_or(&[]))?;
        let mut cfg = info.cfg;
        check_cfg(&mut cfg, reg.revision, par)?;
        let slot = par.load.hashlimit_table(&HashlimitSpec {
            name: info.name,
            cfg,
            revision: reg.revision,
        })?;
        let (size, max) = if reg.revision == 3 {
            (cfg.size, cfg.max)
        } else {
            (info.cfg.size, info.cfg.max)
        };
        Ok(Hashlimit {
            slot,
            revision: reg.revision,
            mode: cfg.mode,
            size,
            max,
        })
    }

    /// `hashlimit_mt_common`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let now = env.jiffies();
        env.with_hashlimit(self.slot, |t| {
            let Some(key) = t.key_of(pkt) else {
                return MatchResult::HotDrop;
            };
            self.decide(t, key, pkt.len, now)
        })
        .unwrap_or(MatchResult::HotDrop)
    }

    /// Revision 3's check writes the truncated `size` and `max` back into the rule.
    fn user_fixup(&self, payload: &mut [u8]) {
        if self.revision == 3 {
            if let Some(b) = payload.get_mut(276..284) {
                put(b, 0, &self.size.to_ne_bytes());
                put(b, 4, &self.max.to_ne_bytes());
            }
        }
    }
}

impl Hashlimit {
    /// `hashlimit_mt_common` once the key is known, with the table locked: `len` is
    /// `skb->len`, `now` the jiffies.
    pub fn decide(&self, t: &mut HashlimitTable, key: Key, len: u32, now: u64) -> MatchResult {
        let invert = self.mode & mode::INVERT != 0;
        let Some(e) = t.find_or_insert(key, now, self.revision) else {
            return MatchResult::HotDrop;
        };
        let hz = t.hz;
        let Some(dh) = t.entry_mut(e) else {
            return MatchResult::HotDrop;
        };
        if self.mode & mode::RATE_MATCH != 0 {
            let cost = if self.mode & mode::BYTES != 0 {
                u64::from(len)
            } else {
                1
            };
            dh.r.current_rate = dh.r.current_rate.wrapping_add(cost);
            // CAST: the comparison is unsigned upstream (`u64 <= s64`).
            let under = dh.r.prev_window() == 0 && dh.r.current_rate <= dh.r.burst as u64;
            return MatchResult::from_bool(under != invert);
        }
        let cost = if self.mode & mode::BYTES != 0 {
            u64::from(dh.r.byte_cost(len, hz))
        } else {
            dh.r.cost()
        };
        if dh.r.credit() >= cost {
            dh.r.w0 = dh.r.w0.wrapping_sub(cost);
            return MatchResult::from_bool(!invert);
        }
        MatchResult::from_bool(invert)
    }
}

/// `dsthash_ent.rateinfo`: `prev` and the union of the token bucket (`credit`, `credit_cap`,
/// `cost`) and the rate meter (`interval`/`prev_window`, `current_rate`, `rate`, `burst`),
/// word for word as on a little-endian 64-bit kernel (the `/proc` line shows the first three
/// words whichever the mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateInfo {
    /// `prev`: the jiffy of the last update.
    pub prev: u64,
    /// `credit`, or `interval` (low half) and `prev_window` (high half).
    pub w0: u64,
    /// `credit_cap`, or `current_rate`.
    pub current_rate: u64,
    /// `cost`, or `rate`.
    pub w2: u64,
    /// `burst` of the rate meter.
    pub burst: i64,
}

impl RateInfo {
    fn credit(&self) -> u64 {
        self.w0
    }
    fn credit_cap(&self) -> u64 {
        self.current_rate
    }
    fn cost(&self) -> u64 {
        self.w2
    }
    fn interval(&self) -> u32 {
        // CAST: the low half.
        self.w0 as u32
    }
    fn prev_window(&self) -> u32 {
        // CAST: the high half.
        (self.w0 >> 32) as u32
    }
    fn set_prev_window(&mut self, v: u32) {
        self.w0 = (self.w0 & 0xffff_ffff) | (u64::from(v) << 32);
    }

    /// `rateinfo_init` with the table's config at `now`.
    fn init(&mut self, cfg: &Cfg, revision: u8, hz: u32, now: u64) {
        self.prev = now;
        if revision >= 3 && cfg.mode & mode::RATE_MATCH != 0 {
            self.set_prev_window(0);
            self.current_rate = 0;
            if cfg.mode & mode::BYTES != 0 {
                // CAST: `(u32)hinfo->cfg.avg`.
                let rate = user2rate_bytes(cfg.avg as u32);
                self.w2 = rate;
                // CAST: `burst` is an `int64_t`.
                self.burst = if cfg.burst != 0 {
                    cfg.burst.wrapping_mul(rate) as i64
                } else {
                    rate as i64
                };
            } else {
                let rate = user2rate(cfg.avg);
                self.w2 = rate;
                // CAST: as above.
                self.burst = cfg.burst.wrapping_add(rate) as i64;
            }
            self.w0 = (self.w0 & !0xffff_ffff) | u64::from(cfg.interval);
        } else if cfg.mode & mode::BYTES != 0 {
            self.w0 = bytes_full(hz);
            // CAST: `user2credits_byte` takes a `u32`.
            self.w2 = u64::from(user2credits_byte(cfg.avg as u32, hz));
            self.current_rate = cfg.burst;
        } else {
            let credit = user2credits(cfg.avg.wrapping_mul(cfg.burst), revision, hz);
            self.w0 = credit;
            self.w2 = user2credits(cfg.avg, revision, hz);
            self.current_rate = credit;
        }
    }

    /// `rateinfo_recalc` with the table's mode at `now`.
    fn recalc(&mut self, now: u64, tmode: u32, revision: u8, hz: u32) {
        let delta = now.wrapping_sub(self.prev);
        if delta == 0 {
            return;
        }
        if revision >= 3 && tmode & mode::RATE_MATCH != 0 {
            // `dh->rateinfo.interval * HZ` is `unsigned int` arithmetic.
            let interval = u64::from(self.interval().wrapping_mul(hz));
            if delta < interval {
                return;
            }
            self.prev = now;
            let pw = self.current_rate.wrapping_mul(interval) > delta.wrapping_mul(self.w2);
            self.set_prev_window(u32::from(pw));
            self.current_rate = 0;
            return;
        }
        self.prev = now;
        let cap;
        if tmode & mode::BYTES != 0 {
            let tmp = self.w0;
            self.w0 = self
                .w0
                .wrapping_add(u64::from(cpj_bytes(hz)).wrapping_mul(delta));
            cap = bytes_full(hz);
            if tmp >= self.w0 {
                self.w0 = cap;
                return;
            }
        } else {
            let c = if revision == 1 { cpj_v1(hz) } else { cpj(hz) };
            self.w0 = self.w0.wrapping_add(delta.wrapping_mul(c));
            cap = self.credit_cap();
        }
        if self.w0 > cap {
            self.w0 = cap;
        }
    }

    /// `hashlimit_byte_cost(len, dh)`.
    fn byte_cost(&mut self, len: u32, hz: u32) -> u32 {
        let chunks = (len >> XT_HASHLIMIT_BYTE_SHIFT).wrapping_add(1);
        let mut tmp = u64::from(chunks).wrapping_mul(self.cost());
        let full = bytes_full(hz);
        if tmp > full {
            tmp = full;
        }
        if self.credit() < tmp && self.current_rate != 0 {
            self.current_rate = self.current_rate.wrapping_sub(1);
            self.w0 = full;
        }
        // CAST: `(u32) tmp`.
        tmp as u32
    }
}

/// No entry (`NULL`): the end of a bucket chain or of the free list.
const NIL: u32 = u32::MAX;

/// `struct dsthash_ent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    key: Key,
    /// The next entry of its bucket (or of the free list).
    next: u32,
    /// `expires`: the jiffy it expires at.
    expires: u64,
    r: RateInfo,
}

const FREE_ENTRY: Entry = Entry {
    key: Key {
        src: 0,
        dst: 0,
        sport: 0,
        dport: 0,
    },
    next: NIL,
    expires: 0,
    r: RateInfo {
        prev: 0,
        w0: 0,
        current_rate: 0,
        w2: 0,
        burst: 0,
    },
};

/// `struct xt_hashlimit_htable`: one named table of a namespace, with every entry it may hold
/// allocated. The kernel keeps it behind a lock; every method assumes the caller holds it.
pub struct HashlimitTable {
    /// `cfg`: the creating rule's config, `size` and `max` made effective.
    cfg: Cfg,
    /// The revision of the creating rule (its `/proc` file's `dl_seq_ops_v1/_v2/dl_seq_ops`).
    proc_revision: u8,
    /// `HZ`.
    hz: u32,
    /// `rnd`.
    seed: u32,
    /// `count`.
    count: u32,
    /// `hash[]`: the first entry of each bucket.
    buckets: OVec<u32>,
    /// The entries, by chunk of [`CHUNK`]: entry `i` is `chunks[i / CHUNK][i % CHUNK]`. A
    /// chunk is allocated when the free list runs dry; there is room for `max` entries.
    chunks: OVec<Option<OVec<Entry>>>,
    /// The chunks allocated so far.
    nchunks: usize,
    /// The first free entry.
    free: u32,
}

/// Entries per chunk (4 KiB).
pub const CHUNK: usize = 64;

impl fmt::Debug for HashlimitTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashlimitTable")
            .field("cfg", &self.cfg)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

/// `PAGE_SHIFT`.
pub const PAGE_SHIFT: u32 = 12;

/// `htable_create`'s bucket count for `size` (0: from `nr_pages` of RAM) and entry limit for
/// `max` (0: 8 per bucket; never fewer than the buckets).
pub fn effective_size(size: u32, max: u32, nr_pages: u64) -> (u32, u32) {
    let size = if size != 0 {
        size
    } else {
        // `sizeof(struct hlist_head)` is 8.
        let mut s = (nr_pages << PAGE_SHIFT) / 16384 / 8;
        if nr_pages > (1u64 << 30) >> PAGE_SHIFT {
            s = 8192;
        }
        if s < 16 {
            s = 16;
        }
        // CAST: at most 8192 here.
        s as u32
    };
    let max = if max == 0 {
        size.saturating_mul(8)
    } else if max < size {
        size
    } else {
        max
    };
    (size, max)
}

impl HashlimitTable {
    /// `htable_create` for `spec` on a kernel with `hz` and `nr_pages` of RAM, hashing with
    /// `seed`: empty, every entry allocated.
    pub fn new(
        spec: &HashlimitSpec,
        hz: u32,
        nr_pages: u64,
        seed: u32,
    ) -> Result<HashlimitTable, AllocError> {
        let mut cfg = spec.cfg;
        let (size, max) = effective_size(cfg.size, cfg.max, nr_pages);
        cfg.size = size;
        cfg.max = max;
        let n = usize::try_from(max).map_err(|_| AllocError)?;
        let nchunks = n.div_ceil(CHUNK);
        let mut chunks = OVec::try_with_capacity(nchunks)?;
        for _ in 0..nchunks {
            chunks.try_push(None)?;
        }
        Ok(HashlimitTable {
            cfg,
            proc_revision: spec.revision,
            hz,
            seed,
            count: 0,
            buckets: OVec::try_filled(NIL, usize::try_from(size).map_err(|_| AllocError)?)?,
            chunks,
            nchunks: 0,
            free: NIL,
        })
    }

    /// A new chunk of free entries (`GFP_ATOMIC`): `false` when the table has all its
    /// chunks or the allocation fails.
    fn grow(&mut self) -> bool {
        let c = self.nchunks;
        let Some(slot) = self.chunks.as_mut_slice().get_mut(c) else {
            return false;
        };
        let Ok(mut chunk) = OVec::try_filled_atomic(FREE_ENTRY, CHUNK) else {
            return false;
        };
        let mut free = self.free;
        for (j, e) in chunk.as_mut_slice().iter_mut().enumerate().rev() {
            e.next = free;
            // CAST: `c * CHUNK + j < max + CHUNK <= u32::MAX`.
            free = c.wrapping_mul(CHUNK).wrapping_add(j) as u32;
        }
        *slot = Some(chunk);
        self.free = free;
        self.nchunks = c.wrapping_add(1);
        true
    }

    /// The table's config (`size` and `max` effective).
    pub fn cfg(&self) -> &Cfg {
        &self.cfg
    }

    /// `ratematch`.
    pub fn ratematch(&self) -> bool {
        self.cfg.mode & mode::RATE_MATCH != 0
    }

    /// `count`: the entries held (expired ones not yet freed included).
    pub fn count(&self) -> u32 {
        self.count
    }

    /// `hashlimit_init_dst` for IPv4: `None` where upstream hotdrops (a port-keyed table and a
    /// non-first fragment, or ports beyond the packet).
    pub fn key_of(&self, pkt: &Packet<'_>) -> Option<Key> {
        let m = self.cfg.mode;
        let mut k = Key::default();
        if m & mode::DIP != 0 {
            k.dst = maskl(pkt.daddr, self.cfg.dstmask);
        }
        if m & mode::SIP != 0 {
            k.src = maskl(pkt.saddr, self.cfg.srcmask);
        }
        if m & (mode::DPT | mode::SPT) == 0 {
            return Some(k);
        }
        if pkt.frag_off != 0 {
            return None;
        }
        let (sp, dp) = match proto_ports_offset(pkt.protocol) {
            Some(off) => {
                let b = pkt.l4.get(off..off.checked_add(4)?)?;
                (
                    u16::from_be_bytes([*b.first()?, *b.get(1)?]),
                    u16::from_be_bytes([*b.get(2)?, *b.get(3)?]),
                )
            }
            None => (0, 0),
        };
        if m & mode::SPT != 0 {
            k.sport = sp;
        }
        if m & mode::DPT != 0 {
            k.dport = dp;
        }
        Some(k)
    }

    /// `hash_dst`: jhash of the key's words, scaled to the bucket count.
    fn bucket_of(&self, k: &Key) -> usize {
        let ports = (u32::from(k.sport) << 16) | u32::from(k.dport);
        let h = jhash2_4([k.src, k.dst, ports, 0], self.seed);
        // `reciprocal_scale(hash, size)`.
        // CAST: the high half of a 32x32 product fits in 32 bits.
        (u64::from(h).wrapping_mul(u64::from(self.cfg.size)) >> 32) as usize
    }

    fn entry(&self, i: u32) -> Option<&Entry> {
        let i = i as usize;
        self.chunks
            .as_slice()
            .get(i / CHUNK)?
            .as_ref()?
            .as_slice()
            .get(i % CHUNK)
    }

    fn entry_mut(&mut self, i: u32) -> Option<&mut Entry> {
        let i = i as usize;
        self.chunks
            .as_mut_slice()
            .get_mut(i / CHUNK)?
            .as_mut()?
            .as_mut_slice()
            .get_mut(i % CHUNK)
    }

    /// Frees the expired entries of bucket `b` (`htable_selective_cleanup` for one bucket).
    fn collect_bucket(&mut self, b: usize, now: u64) {
        let mut prev = NIL;
        let mut i = self.buckets.as_slice().get(b).copied().unwrap_or(NIL);
        while i != NIL {
            let Some(e) = self.entry(i).copied() else {
                return;
            };
            if time_after_eq(now, e.expires) {
                if prev == NIL {
                    if let Some(h) = self.buckets.as_mut_slice().get_mut(b) {
                        *h = e.next;
                    }
                } else if let Some(p) = self.entry_mut(prev) {
                    p.next = e.next;
                }
                let free = self.free;
                if let Some(x) = self.entry_mut(i) {
                    *x = FREE_ENTRY;
                    x.next = free;
                }
                self.free = i;
                self.count = self.count.saturating_sub(1);
            } else {
                prev = i;
            }
            i = e.next;
        }
    }

    /// Frees every expired entry (`htable_gc`).
    pub fn collect(&mut self, now: u64) {
        for b in 0..self.buckets.len() {
            self.collect_bucket(b, now);
        }
    }

    /// `dsthash_find`, and on a miss `dsthash_alloc_init` and `rateinfo_init`; on a hit the
    /// expiry is renewed and `rateinfo_recalc` runs. `None` when the table is full.
    fn find_or_insert(&mut self, key: Key, now: u64, revision: u8) -> Option<u32> {
        let b = self.bucket_of(&key);
        self.collect_bucket(b, now);
        let expires = now.wrapping_add(msecs_to_jiffies(self.cfg.expire, self.hz));
        let (tmode, hz) = (self.cfg.mode, self.hz);
        let mut i = *self.buckets.as_slice().get(b)?;
        while i != NIL {
            let e = self.entry_mut(i)?;
            if e.key == key {
                e.expires = expires;
                e.r.recalc(now, tmode, revision, hz);
                return Some(i);
            }
            i = e.next;
        }
        if self.cfg.max != 0 && self.count >= self.cfg.max {
            self.collect(now);
            if self.count >= self.cfg.max {
                return None;
            }
        }
        if self.free == NIL && !self.grow() {
            return None;
        }
        let i = self.free;
        let head = *self.buckets.as_slice().get(b)?;
        let cfg = self.cfg;
        let e = self.entry_mut(i)?;
        let next_free = e.next;
        *e = FREE_ENTRY;
        e.key = key;
        e.next = head;
        e.expires = expires;
        e.r.init(&cfg, revision, hz, now);
        self.free = next_free;
        *self.buckets.as_mut_slice().get_mut(b)? = i;
        self.count = self.count.saturating_add(1);
        Some(i)
    }

    /// The number of buckets (`cfg.size`): the records of the `/proc` file.
    pub fn buckets(&self) -> usize {
        self.buckets.len()
    }

    /// `dl_seq_show` for bucket `b` at `now`: a line for every live entry of the bucket
    /// (`dl_seq_real_show`), each recalculated first, as upstream's show does (with the
    /// creating rule's revision): `SECONDS SRC:SPORT->DST:DPORT CREDIT CREDIT_CAP COST`.
    pub fn show_bucket<W: Write>(&mut self, b: usize, now: u64, w: &mut W) -> fmt::Result {
        let (tmode, rev, hz) = (self.cfg.mode, self.proc_revision, self.hz);
        let mut i = self.buckets.as_slice().get(b).copied().unwrap_or(NIL);
        while i != NIL {
            let Some(e) = self.entry_mut(i) else {
                return Ok(());
            };
            i = e.next;
            if time_after_eq(now, e.expires) {
                continue;
            }
            e.r.recalc(now, tmode, rev, hz);
            let e = *e;
            // CAST: `(long)(ent->expires - jiffies)/HZ`.
            let left = (e.expires.wrapping_sub(now) as i64)
                .checked_div(i64::from(hz))
                .unwrap_or(0);
            let [a, b, c, d] = e.key.src.to_be_bytes();
            let [p, q, r, s] = e.key.dst.to_be_bytes();
            writeln!(
                w,
                "{left} {a}.{b}.{c}.{d}:{}->{p}.{q}.{r}.{s}:{} {} {} {}",
                e.key.sport, e.key.dport, e.r.w0, e.r.current_rate, e.r.w2
            )?;
        }
        Ok(())
    }

    /// The number of live entries at `now`.
    pub fn live(&self, now: u64) -> usize {
        let mut n: usize = 0;
        for &head in self.buckets.iter() {
            let mut i = head;
            while i != NIL {
                let Some(e) = self.entry(i) else {
                    break;
                };
                if !time_after_eq(now, e.expires) {
                    n = n.wrapping_add(1);
                }
                i = e.next;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;
    use core::cell::RefCell;
    use std::rc::Rc;
    use std::string::String;
    use std::vec::Vec;

    type Shared = Rc<RefCell<HashlimitTable>>;

    const HZ: u32 = 250;
    /// 1 GiB of RAM: 8192 buckets by default.
    const PAGES: u64 = 1 << 18;

    /// A namespace at load time: its tables by name, and the slots of one request.
    struct Ns {
        tables: RefCell<Vec<(Vec<u8>, Shared)>>,
        slots: RefCell<Vec<Shared>>,
    }

    impl Ns {
        fn new() -> Ns {
            Ns {
                tables: RefCell::new(Vec::new()),
                slots: RefCell::new(Vec::new()),
            }
        }

        fn env(&self, jiffies: u64) -> FakeEnv {
            FakeEnv {
                hashlimit: self.slots.borrow().clone(),
                jiffies,
                ..FakeEnv::default()
            }
        }
    }

    impl LoadEnv for Ns {
        fn hz(&self) -> u32 {
            HZ
        }

        fn jiffies(&self) -> u64 {
            HOST_JIFFIES
        }

        fn hashlimit_table(&self, spec: &HashlimitSpec) -> Result<u32, Error> {
            let found = self
                .tables
                .borrow()
                .iter()
                .find(|(n, _)| n == spec.name())
                .map(|t| t.1.clone());
            let t = match found {
                Some(t) => {
                    if t.borrow().ratematch() != spec.ratematch() {
                        return Err(Error::Inval(RATEMATCH_MISMATCH));
                    }
                    t
                }
                None => {
                    let t = HashlimitTable::new(spec, HZ, PAGES, 0x1234_5678)
                        .map_err(|_| Error::NoMem(NO_MEMORY))?;
                    let t = Rc::new(RefCell::new(t));
                    self.tables
                        .borrow_mut()
                        .push((spec.name().to_vec(), t.clone()));
                    t
                }
            };
            let mut slots = self.slots.borrow_mut();
            slots.push(t);
            Ok(slots.len() as u32 - 1)
        }
    }

    fn name(s: &[u8]) -> [u8; NAME_LEN] {
        let mut n = [0u8; NAME_LEN];
        n[..s.len()].copy_from_slice(s);
        n
    }

    /// `--hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name t`
    /// as iptables 1.8.9 builds it (revision 3 units).
    fn info() -> Mtinfo {
        Mtinfo {
            name: name(b"t"),
            cfg: Cfg {
                avg: 1_000_000,
                burst: 5,
                mode: mode::SIP,
                size: 0,
                max: 0,
                gc_interval: 1000,
                expire: 10000,
                interval: 1,
                srcmask: 32,
                dstmask: 32,
            },
        }
    }

    fn payload(i: &Mtinfo, revision: u8) -> Vec<u8> {
        let (b, n) = i.encode(revision);
        let mut v = b[..n].to_vec();
        v.resize(abi::xt_align(n).unwrap(), 0);
        v
    }

    fn load_view(i: &Mtinfo, revision: u8, ns: &Ns) -> Result<(Hashlimit, UserView), Error> {
        let par = CheckParam {
            load: ns,
            ..filter_input()
        };
        match load_match(b"hashlimit", revision, &payload(i, revision), &par)? {
            (Match::Hashlimit(h), v) => Ok((h, v)),
            (other, _) => panic!("{other:?}"),
        }
    }

    fn load(i: &Mtinfo, revision: u8, ns: &Ns) -> Result<Hashlimit, Error> {
        load_view(i, revision, ns).map(|x| x.0)
    }

    fn rejects(i: &Mtinfo, revision: u8, e: Error) {
        assert_eq!(load(i, revision, &Ns::new()), Err(e));
    }

    /// A UDP packet from `src`:`sport` to `dst`:`dport`, `len` bytes long.
    fn udp<'a>(l4: &'a [u8], src: [u8; 4], dst: [u8; 4], len: u32) -> Packet<'a> {
        Packet {
            saddr: u32::from_be_bytes(src),
            daddr: u32::from_be_bytes(dst),
            protocol: 17,
            len,
            ..pkt(l4)
        }
    }

    fn ports(sport: u16, dport: u16) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&sport.to_be_bytes());
        b[2..4].copy_from_slice(&dport.to_be_bytes());
        b
    }

    const A: [u8; 4] = [10, 0, 0, 1];
    const B: [u8; 4] = [10, 0, 0, 2];
    const D: [u8; 4] = [192, 168, 1, 2];

    fn run(m: &Hashlimit, env: &mut FakeEnv, p: &Packet<'_>) -> MatchResult {
        m.run(p, env)
    }

    /// How many of `n` packets from `src` at `env`'s time match.
    fn hits(m: &Hashlimit, env: &mut FakeEnv, src: [u8; 4], n: usize) -> usize {
        let l4 = ports(1000, 53);
        (0..n)
            .filter(|_| run(m, env, &udp(&l4, src, D, 100)) == MatchResult::Yes)
            .count()
    }

    fn proc_lines(ns: &Ns, slot: usize, now: u64) -> Vec<String> {
        let t = ns.slots.borrow()[slot].clone();
        let mut t = t.borrow_mut();
        let mut s = String::new();
        for b in 0..t.buckets() {
            t.show_bucket(b, now, &mut s).unwrap();
        }
        let mut v: Vec<String> = s.lines().map(|l| l.into()).collect();
        v.sort();
        assert_eq!(v.len(), t.live(now));
        v
    }

    #[test]
    fn layouts_and_registrations() {
        assert_eq!(
            [Mtinfo::size(1), Mtinfo::size(2), Mtinfo::size(3)],
            [56, 304, 312]
        );
        let mut i = info();
        i.cfg.size = 0x0102_0304;
        i.cfg.max = 7;
        i.cfg.interval = 9;
        i.cfg.srcmask = 24;
        i.cfg.dstmask = 16;
        for rev in [1u8, 2, 3] {
            let (b, n) = i.encode(rev);
            assert_eq!(n, Mtinfo::size(rev));
            let mut back = Mtinfo::decode(&b[..n], rev).unwrap();
            if rev != 3 {
                back.cfg.interval = 9;
            }
            assert_eq!(back, i, "revision {rev}");
        }
        let (b, _) = i.encode(3);
        assert_eq!(&b[256..264], &1_000_000u64.to_ne_bytes());
        assert_eq!(&b[272..276], &mode::SIP.to_ne_bytes());
        assert_eq!(&b[276..280], &0x0102_0304u32.to_ne_bytes());
        assert_eq!(&b[292..296], &9u32.to_ne_bytes());
        assert_eq!(&b[296..298], &[24, 16]);
        let (b, _) = i.encode(1);
        assert_eq!(&b[20..24], &1_000_000u32.to_ne_bytes());
        assert_eq!(&b[44..46], &[24, 16]);
        let regs: Vec<_> = REGS
            .iter()
            .map(|r| (r.revision, r.size, r.usersize))
            .collect();
        assert_eq!(regs, [(1, 56, 48), (2, 304, 296), (3, 312, 304)]);
        // No revision 0 any more.
        assert!(load_match(b"hashlimit", 0, &[0u8; 64], &filter_input()).is_err());
    }

    #[test]
    fn credit_arithmetic_at_250_hz() {
        assert_eq!(cpj(HZ), 1 << 39);
        assert_eq!(cpj_v1(HZ), 128);
        assert_eq!(cpj_bytes(HZ), 1 << 24);
        assert_eq!(bytes_full(HZ), 250 << 24);
        // HZ * cpj / scale, integer-divided first.
        assert_eq!(user2credits(1, 3, HZ), 137_438_953);
        assert_eq!(user2credits(1, 1, HZ), 3);
        assert_eq!(user2credits(1_000_000, 2, HZ), 137_438_953_000_000);
        assert_eq!(user2credits_byte(1024, HZ), 1000);
        assert_eq!(user2credits_byte(1, HZ), 0);
        assert_eq!(user2rate(1_000_000), 1);
        assert_eq!(user2rate(0), 0);
        assert_eq!(user2rate_bytes(1024), ((u32::MAX / 1024) as u64 - 1) << 4);
        assert_eq!(user2rate_bytes(0), (u32::MAX as u64 - 1) << 4);
        assert_eq!(msecs_to_jiffies(10000, 250), 2500);
        assert_eq!(msecs_to_jiffies(1, 250), 1);
        assert_eq!(msecs_to_jiffies(1, 1000), 1);
        assert_eq!(msecs_to_jiffies(7, 300), 3);
        assert_eq!(effective_size(0, 0, PAGES), (8192, 65536));
        assert_eq!(effective_size(0, 0, 1 << 19), (8192, 65536));
        assert_eq!(effective_size(0, 0, 1000), (31, 248));
        assert_eq!(effective_size(0, 0, 100), (16, 128));
        assert_eq!(effective_size(0, 0, 1 << 16), (2048, 16384));
        assert_eq!(effective_size(100, 50, PAGES), (100, 100));
        assert_eq!(effective_size(100, 5000, PAGES), (100, 5000));
    }

    #[test]
    fn rejections_in_upstream_order() {
        for rev in [1u8, 2, 3] {
            let mut i = info();
            i.name = name(b"");
            rejects(&i, rev, Error::Inval(NAME_EMPTY));
            i.name = [b'a'; NAME_LEN];
            rejects(&i, rev, Error::NameTooLong(NAME_UNTERMINATED));
            for n in [&b"."[..], b"..", b"a/b"] {
                i.name = name(n);
                // The name is checked before everything else.
                i.cfg.expire = 0;
                rejects(&i, rev, Error::Inval(NAME_INVALID));
            }
            let mut i = info();
            i.cfg.gc_interval = 0;
            rejects(&i, rev, Error::Inval(ZERO_TIMES));
            let mut i = info();
            i.cfg.expire = 0;
            i.cfg.srcmask = 33;
            rejects(&i, rev, Error::Inval(ZERO_TIMES));
            let mut i = info();
            i.cfg.dstmask = 33;
            i.cfg.mode = 1 << 7;
            rejects(&i, rev, Error::Inval(BAD_MASK));
            let mut i = info();
            i.cfg.mode = mode::SIP | 1 << 7;
            i.cfg.burst = 0;
            rejects(&i, rev, Error::Inval(UNKNOWN_MODE));
            let mut i = info();
            i.cfg.burst = 0;
            rejects(&i, rev, Error::Range(OVERFLOW));
            let mut i = info();
            i.cfg.mode |= mode::BYTES;
            i.cfg.avg = 1;
            rejects(&i, rev, Error::Inval(BYTES_TOO_HIGH));
        }
        // A 16-byte name is too long for revision 1 only.
        let mut i = info();
        i.name = name(b"0123456789abcdef");
        rejects(&i, 1, Error::NameTooLong(NAME_UNTERMINATED));
        assert!(load(&i, 2, &Ns::new()).is_ok());
        // Rate matching.
        let mut i = info();
        i.cfg.mode |= mode::RATE_MATCH;
        rejects(&i, 2, Error::Inval(RATE_MATCH_REVISION));
        rejects(&i, 1, Error::Inval(RATE_MATCH_REVISION));
        assert!(load(&i, 3, &Ns::new()).is_ok());
        i.cfg.avg = 0;
        rejects(&i, 3, Error::Range(INVALID_RATE));
        i.cfg.avg = 1 << 32;
        rejects(&i, 3, Error::Range(INVALID_RATE));
        i.cfg.avg = 1;
        i.cfg.interval = 0;
        rejects(&i, 3, Error::Inval(INVALID_INTERVAL));
        // avg * burst overflowing the credits.
        let mut i = info();
        i.cfg.avg = u64::MAX / 3;
        i.cfg.burst = 4;
        rejects(&i, 3, Error::Range(OVERFLOW));
        // Revision 1 multiplies 32-bit values in 64 bits.
        let mut i = info();
        i.cfg.avg = 10000;
        i.cfg.burst = 1_000_000;
        assert!(load(&i, 1, &Ns::new()).is_ok());
    }

    #[test]
    fn sizes_are_truncated_and_revision_3_shows_it() {
        let mut i = info();
        i.cfg.size = HASHLIMIT_MAX_SIZE + 1;
        i.cfg.max = u32::MAX;
        i.cfg.size = 16;
        let ns = Ns::new();
        let (h, v) = load_view(&i, 3, &ns).unwrap();
        assert_eq!(v.used, MTINFO3_USERSIZE);
        assert_eq!((h.size, h.max), (16, HASHLIMIT_MAX_SIZE));
        let mut p = payload(&i, 3);
        h.user_fixup(&mut p);
        assert_eq!(&p[276..284], &[16, 0, 0, 0, 0, 0, 16, 0]);
        // Revisions 1 and 2 truncate a copy.
        let ns = Ns::new();
        let h = load(&i, 2, &ns).unwrap();
        let mut p2 = payload(&i, 2);
        let before = p2.clone();
        h.user_fixup(&mut p2);
        assert_eq!(p2, before);
        assert_eq!(ns.slots.borrow()[0].borrow().cfg().max, HASHLIMIT_MAX_SIZE);
    }

    #[test]
    fn bursts_then_the_rate_per_key() {
        let ns = Ns::new();
        let m = load(&info(), 3, &ns).unwrap();
        let t0 = 1_000_000;
        let mut env = ns.env(t0);
        // A burst of 5 passes, then nothing in the same jiffy.
        assert_eq!(hits(&m, &mut env, A, 8), 5);
        // Another source has its own bucket.
        assert_eq!(hits(&m, &mut env, B, 3), 3);
        // One packet a second: 249 jiffies are not enough, 250 are (cost is 250 jiffies'
        // credit, minus rounding).
        env.jiffies = t0 + 249;
        assert_eq!(hits(&m, &mut env, A, 1), 0);
        env.jiffies = t0 + 250;
        assert_eq!(hits(&m, &mut env, A, 2), 1);
        // The credit is capped at the burst.
        env.jiffies = t0 + 250 + 100 * 250;
        assert_eq!(hits(&m, &mut env, A, 9), 5);
        // --hashlimit-above inverts.
        let mut i = info();
        i.name = name(b"above");
        i.cfg.mode |= mode::INVERT;
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(t0);
        let l4 = ports(1, 2);
        let r: Vec<_> = (0..7)
            .map(|_| run(&m, &mut env, &udp(&l4, A, D, 60)))
            .collect();
        assert_eq!(r[..5], [MatchResult::No; 5]);
        assert_eq!(r[5..], [MatchResult::Yes; 2]);
    }

    #[test]
    fn revision_1_credits() {
        // --hashlimit 1/sec in revision 1's units (1/10000 s), burst 2.
        let mut i = info();
        i.cfg.avg = 10000;
        i.cfg.burst = 2;
        let ns = Ns::new();
        let m = load(&i, 1, &ns).unwrap();
        let mut env = ns.env(5000);
        assert_eq!(hits(&m, &mut env, A, 4), 2);
        // cost = 10000 * 3 = 30000 credits, 128 a jiffy: 235 jiffies.
        env.jiffies = 5000 + 234;
        assert_eq!(hits(&m, &mut env, A, 1), 0);
        env.jiffies = 5000 + 235;
        assert_eq!(hits(&m, &mut env, A, 1), 1);
        assert_eq!(
            proc_lines(&ns, 0, 5000 + 235),
            ["10 10.0.0.1:0->0.0.0.0:0 80 60000 30000"]
        );
    }

    #[test]
    fn modes_and_masks_make_the_key() {
        let mut i = info();
        i.cfg.mode = mode::SIP | mode::DIP | mode::DPT | mode::SPT;
        i.cfg.srcmask = 24;
        i.cfg.dstmask = 16;
        i.cfg.burst = 1;
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(100);
        let p12 = ports(1, 2);
        let p13 = ports(1, 3);
        // 10.0.0.1 and 10.0.0.2 share a /24; 192.168.1.2 and 192.168.9.9 a /16.
        assert_eq!(run(&m, &mut env, &udp(&p12, A, D, 60)), MatchResult::Yes);
        assert_eq!(
            run(&m, &mut env, &udp(&p12, B, [192, 168, 9, 9], 60)),
            MatchResult::No
        );
        assert_eq!(run(&m, &mut env, &udp(&p13, B, D, 60)), MatchResult::Yes);
        assert_eq!(
            run(&m, &mut env, &udp(&p12, [10, 0, 1, 1], D, 60)),
            MatchResult::Yes
        );
        assert_eq!(
            proc_lines(&ns, 0, 100),
            [
                "10 10.0.0.0:1->192.168.0.0:2 0 137438953000000 137438953000000",
                "10 10.0.0.0:1->192.168.0.0:3 0 137438953000000 137438953000000",
                "10 10.0.1.0:1->192.168.0.0:2 0 137438953000000 137438953000000",
            ]
        );
        // Ports of a non-first fragment, or beyond the packet: hotdrop.
        let frag = Packet {
            frag_off: 10,
            ..udp(&p12, A, D, 60)
        };
        assert_eq!(run(&m, &mut env, &frag), MatchResult::HotDrop);
        assert_eq!(
            run(&m, &mut env, &udp(&p12[..3], A, D, 60)),
            MatchResult::HotDrop
        );
        // A protocol without ports keys with port 0; AH's SPI is at offset 4.
        let icmp = Packet {
            protocol: 1,
            ..udp(&[], A, D, 60)
        };
        assert_eq!(run(&m, &mut env, &icmp), MatchResult::Yes);
        let ah = Packet {
            protocol: 51,
            ..udp(&[0, 0, 0, 0, 0, 7, 0, 9], A, D, 60)
        };
        assert_eq!(run(&m, &mut env, &ah), MatchResult::Yes);
        let v = proc_lines(&ns, 0, 100);
        assert!(
            v.contains(&"10 10.0.0.0:0->192.168.0.0:0 0 137438953000000 137438953000000".into())
        );
        assert!(
            v.contains(&"10 10.0.0.0:7->192.168.0.0:9 0 137438953000000 137438953000000".into())
        );
        // Without a port mode a fragment is fine.
        let ns = Ns::new();
        let m = load(&info(), 3, &ns).unwrap();
        let mut env = ns.env(100);
        assert_eq!(run(&m, &mut env, &frag), MatchResult::Yes);
    }

    #[test]
    fn entries_expire() {
        let mut i = info();
        i.cfg.expire = 1000;
        i.cfg.burst = 1;
        i.cfg.avg = 100_000_000; // one per 100 s
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(0);
        assert_eq!(hits(&m, &mut env, A, 2), 1);
        assert_eq!(proc_lines(&ns, 0, 249).len(), 1);
        // A packet before expiry renews the entry (still no credit).
        env.jiffies = 249;
        assert_eq!(hits(&m, &mut env, A, 1), 0);
        assert_eq!(
            proc_lines(&ns, 0, 249 + 249),
            ["0 10.0.0.1:0->0.0.0.0:0 273778395316224 13743895300000000 13743895300000000"]
        );
        // At the expiry jiffy the entry is gone: a fresh bucket, full again.
        env.jiffies = 249 + 250;
        assert!(proc_lines(&ns, 0, 499).is_empty());
        assert_eq!(hits(&m, &mut env, A, 2), 1);
        assert_eq!(ns.slots.borrow()[0].borrow().count(), 1);
    }

    #[test]
    fn a_full_table_hotdrops_until_entries_expire() {
        let mut i = info();
        i.cfg.size = 1;
        i.cfg.max = 2;
        i.cfg.expire = 4;
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(10);
        let l4 = ports(1, 2);
        assert_eq!(run(&m, &mut env, &udp(&l4, A, D, 60)), MatchResult::Yes);
        assert_eq!(run(&m, &mut env, &udp(&l4, B, D, 60)), MatchResult::Yes);
        assert_eq!(run(&m, &mut env, &udp(&l4, D, D, 60)), MatchResult::HotDrop);
        // An existing key still works.
        assert_eq!(run(&m, &mut env, &udp(&l4, A, D, 60)), MatchResult::Yes);
        env.jiffies = 11;
        assert_eq!(run(&m, &mut env, &udp(&l4, D, D, 60)), MatchResult::Yes);
    }

    #[test]
    fn entries_come_in_chunks_up_to_max() {
        let mut i = info();
        i.cfg.size = 7;
        i.cfg.max = 150;
        i.cfg.expire = 40;
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(10);
        let l4 = ports(1, 2);
        for n in 0..150u32 {
            let src = (0x0a00_0000 + n).to_be_bytes();
            assert_eq!(run(&m, &mut env, &udp(&l4, src, D, 60)), MatchResult::Yes);
        }
        {
            let t = ns.slots.borrow()[0].clone();
            let t = t.borrow();
            assert_eq!((t.count(), t.nchunks), (150, 3));
        }
        let other = [172, 16, 0, 1];
        assert_eq!(
            run(&m, &mut env, &udp(&l4, other, D, 60)),
            MatchResult::HotDrop
        );
        assert_eq!(proc_lines(&ns, 0, 10).len(), 150);
        // Expired entries are reused, no chunk more.
        env.jiffies = 20;
        for n in 0..150u32 {
            let src = (0x0b00_0000 + n).to_be_bytes();
            assert_eq!(run(&m, &mut env, &udp(&l4, src, D, 60)), MatchResult::Yes);
        }
        let t = ns.slots.borrow()[0].clone();
        let t = t.borrow();
        assert_eq!((t.count(), t.nchunks), (150, 3));
    }

    #[test]
    fn tables_are_shared_by_name_first_config_wins() {
        let ns = Ns::new();
        let a = load(&info(), 3, &ns).unwrap();
        let mut i = info();
        i.cfg.burst = 1;
        i.cfg.mode = mode::DIP;
        let b = load(&i, 2, &ns).unwrap();
        assert_eq!((a.slot, b.slot), (0, 1));
        assert!(Rc::ptr_eq(&ns.slots.borrow()[0], &ns.slots.borrow()[1]));
        let mut env = ns.env(7);
        // The second rule keys and fills by the table's config: srcip, burst 5.
        assert_eq!(hits(&b, &mut env, A, 3), 3);
        assert_eq!(hits(&a, &mut env, A, 3), 2);
        // Another rate-match setting is refused.
        let mut i = info();
        i.cfg.mode |= mode::RATE_MATCH;
        assert_eq!(load(&i, 3, &ns), Err(Error::Inval(RATEMATCH_MISMATCH)));
    }

    #[test]
    fn byte_mode() {
        // --hashlimit-upto 1kb/s --hashlimit-burst 2kb (iptables: avg 1024, burst 2048/1024
        // refills).
        let mut i = info();
        i.cfg.mode |= mode::BYTES;
        i.cfg.avg = 1024;
        i.cfg.burst = 1;
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(0);
        let l4 = ports(1, 2);
        // cost 1000 per 16-byte chunk; full bucket 250 << 24 = 4194304000 credits:
        // 4194304 chunks, a 1500-byte packet is 94 chunks: 94000.
        let big = udp(&l4, A, D, 1500);
        let mut n = 0;
        while run(&m, &mut env, &big) == MatchResult::Yes {
            n += 1;
            assert!(n < 100_000);
        }
        // Two bucketfuls (credit_cap counts the refills).
        assert_eq!(n, 2 * (4_194_304_000u64 / 94_000) as usize);
        let v = proc_lines(&ns, 0, 0);
        assert_eq!(v, ["10 10.0.0.1:0->0.0.0.0:0 24000 0 1000"]);
        // Refill: CREDITS_PER_JIFFY_BYTES per jiffy.
        env.jiffies = 1;
        assert_eq!(
            proc_lines(&ns, 0, 1),
            ["9 10.0.0.1:0->0.0.0.0:0 16801216 0 1000"]
        );
        assert_eq!(run(&m, &mut env, &big), MatchResult::Yes);
    }

    #[test]
    fn rate_match() {
        // --hashlimit-rate-match --hashlimit-upto 2/sec --hashlimit-rate-interval 1:
        // matches while the key stays at most at 2 a second plus the burst.
        let mut i = info();
        i.cfg.mode |= mode::RATE_MATCH;
        i.cfg.avg = 500_000;
        i.cfg.burst = 1;
        i.cfg.interval = 1;
        let ns = Ns::new();
        let m = load(&i, 3, &ns).unwrap();
        let mut env = ns.env(0);
        // rate 2, burst 1 + 2 = 3.
        assert_eq!(hits(&m, &mut env, A, 5), 3);
        assert_eq!(proc_lines(&ns, 0, 0), ["10 10.0.0.1:0->0.0.0.0:0 1 5 2"]);
        // Within the interval nothing resets.
        env.jiffies = 249;
        assert_eq!(hits(&m, &mut env, A, 1), 0);
        // After it: the last window was above the rate (6 * 250 > 250 * 2), so one whole
        // window does not match.
        env.jiffies = 250;
        assert_eq!(hits(&m, &mut env, A, 1), 0);
        env.jiffies = 500;
        // The previous window had 1 packet: below; a fresh window.
        assert_eq!(hits(&m, &mut env, A, 4), 3);
    }
}
