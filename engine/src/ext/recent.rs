// SPDX-License-Identifier: GPL-2.0

//! The `recent` match (`net/netfilter/xt_recent.c`, `struct xt_recent_mtinfo` and
//! `struct xt_recent_mtinfo_v1`), revisions 0 and 1: named lists of recently seen addresses,
//! each address with a ring of the jiffies it was seen at.
//!
//! A list (upstream's `struct recent_table`) belongs to a network namespace and is shared by
//! every rule of the namespace that names it, in any table; `checkentry` finds it by name or
//! creates it, and it goes when the last rule naming it does. The namespace side of that (the
//! registry, the lock, `/proc/net/xt_recent/NAME`) is the kernel's: a check asks for its list
//! through [`LoadEnv::recent_table`], which answers with a slot the packet path hands back to
//! [`Env::with_recent`]. Everything else is here, in plain `core` Rust:
//!
//! - [`RecentTable`]: one list with all its storage allocated when the list is created
//!   ([`IP_LIST_TOT`] entries and their stamp rings), so the packet path never allocates.
//!   Entries are kept as upstream keeps them: in [`IP_LIST_HASH_SIZE`] hash buckets
//!   (`jhash` of the address, insertion order within a bucket) and on an LRU list whose head
//!   is evicted when a new address finds the list full;
//! - [`Recent::decide`]: `recent_mt` once the list is locked;
//! - the `/proc/net/xt_recent/NAME` text ([`RecentTable::show_entry`]) and commands
//!   ([`parse_proc_write`], [`RecentTable::apply`]), with the kernel's `in4_pton` and
//!   `in6_pton`.
//!
//! The module parameters of upstream's module are constants at their defaults
//! ([`IP_LIST_TOT`], [`IP_PKT_LIST_TOT`], [`IP_LIST_HASH_SIZE`], [`IP_LIST_PERMS`], owner and
//! group root).
//!
//! One deliberate difference: with a ring of 65536 stamps (`--hitcount` above 32768) an entry's
//! `index` wraps to 0 after 65536 hits, and upstream's `--reap` then reads `stamps[-1]`, before
//! the ring. Here it reads the ring's last stamp, the one `/proc` shows as `last_seen`.

use core::fmt::{self, Write};

use super::super::abi::{put, read_array, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::vec::{AllocError, OVec};
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `XT_RECENT_NAME_LEN`: a list name, NUL included.
pub const XT_RECENT_NAME_LEN: usize = 200;
/// `sizeof(struct xt_recent_mtinfo)` (revision 0).
pub const XT_RECENT_MTINFO_SIZE: usize = 212;
/// `sizeof(struct xt_recent_mtinfo_v1)` (revision 1: revision 0 and a `union nf_inet_addr`
/// mask).
pub const XT_RECENT_MTINFO_V1_SIZE: usize = 228;

/// `check_set` bits.
pub mod check_set {
    /// `XT_RECENT_CHECK`: `--rcheck`.
    pub const CHECK: u8 = 1 << 0;
    /// `XT_RECENT_SET`: `--set`.
    pub const SET: u8 = 1 << 1;
    /// `XT_RECENT_UPDATE`: `--update`.
    pub const UPDATE: u8 = 1 << 2;
    /// `XT_RECENT_REMOVE`: `--remove`.
    pub const REMOVE: u8 = 1 << 3;
    /// `XT_RECENT_TTL`: `--rttl`.
    pub const TTL: u8 = 1 << 4;
    /// `XT_RECENT_REAP`: `--reap`.
    pub const REAP: u8 = 1 << 5;
    /// `XT_RECENT_MODIFIERS`: only with `--rcheck` and `--update`.
    pub const MODIFIERS: u8 = TTL | REAP;
    /// `XT_RECENT_VALID_FLAGS`.
    pub const VALID: u8 = CHECK | SET | UPDATE | REMOVE | TTL | REAP;
    /// The four commands, of which a rule has exactly one.
    pub const COMMANDS: u8 = SET | REMOVE | CHECK | UPDATE;
}

/// `XT_RECENT_SOURCE`: the list holds source addresses (`--rsource`).
pub const XT_RECENT_SOURCE: u8 = 0;
/// `XT_RECENT_DEST`: destination addresses (`--rdest`); any other value reads as source.
pub const XT_RECENT_DEST: u8 = 1;

/// `ip_list_tot` (module parameter, default): the entries a list holds.
pub const IP_LIST_TOT: usize = 100;
/// `ip_pkt_list_tot` (module parameter, default): 0, so a list's stamp ring is sized by the
/// largest `--hitcount` of its rules.
pub const IP_PKT_LIST_TOT: u32 = 0;
/// `ip_list_hash_size`: `1 << fls(ip_list_tot)`.
pub const IP_LIST_HASH_SIZE: usize = 1 << (usize::BITS - IP_LIST_TOT.leading_zeros());
/// `ip_list_perms` (module parameter, default): the mode of `/proc/net/xt_recent/NAME`.
pub const IP_LIST_PERMS: u16 = 0o644;
/// `XT_RECENT_MAX_NSTAMPS`: a ring holds at most this many stamps.
pub const XT_RECENT_MAX_NSTAMPS: u32 = 65536;

/// The payload of both revisions (revision 0 has no `mask`: its lists mask with all ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XtRecentMtinfo {
    /// `--seconds`: only stamps this recent count (0: all).
    pub seconds: u32,
    /// `--hitcount`: at least this many stamps (0: one).
    pub hit_count: u32,
    /// [`check_set`] bits.
    pub check_set: u8,
    /// `!`: the result is inverted (any nonzero value).
    pub invert: u8,
    /// The list name, NUL-terminated inside the field.
    pub name: [u8; XT_RECENT_NAME_LEN],
    /// [`XT_RECENT_SOURCE`] or [`XT_RECENT_DEST`].
    pub side: u8,
    /// `--mask` (`union nf_inet_addr`, revision 1).
    pub mask: [u8; 16],
}

impl Default for XtRecentMtinfo {
    fn default() -> Self {
        Self {
            seconds: 0,
            hit_count: 0,
            check_set: 0,
            invert: 0,
            name: [0; XT_RECENT_NAME_LEN],
            side: XT_RECENT_SOURCE,
            mask: [0xff; 16],
        }
    }
}

/// Offset of `check_set`.
const CHECK_SET: usize = 8;
/// Offset of `invert`.
const INVERT: usize = 9;
/// Offset of `name`.
const NAME: usize = 10;
/// Offset of `side`.
const SIDE: usize = NAME + XT_RECENT_NAME_LEN;
/// Offset of `mask` (revision 1).
const MASK: usize = 212;

impl XtRecentMtinfo {
    /// Decodes a payload of `revision` (0: `struct xt_recent_mtinfo`, whose rules get the
    /// all-ones mask `recent_mt_check_v0` gives them; 1: `struct xt_recent_mtinfo_v1`).
    pub fn decode(b: &[u8], revision: u8) -> Option<Self> {
        Some(Self {
            seconds: read_u32(b, 0)?,
            hit_count: read_u32(b, 4)?,
            check_set: *b.get(CHECK_SET)?,
            invert: *b.get(INVERT)?,
            name: read_array(b, NAME)?,
            side: *b.get(SIDE)?,
            mask: if revision == 0 {
                [0xff; 16]
            } else {
                read_array(b, MASK)?
            },
        })
    }

    /// Encodes as `revision`: the bytes and how many of them the revision's struct has.
    pub fn encode(&self, revision: u8) -> ([u8; XT_RECENT_MTINFO_V1_SIZE], usize) {
        let mut b = [0u8; XT_RECENT_MTINFO_V1_SIZE];
        put(&mut b, 0, &self.seconds.to_ne_bytes());
        put(&mut b, 4, &self.hit_count.to_ne_bytes());
        put(&mut b, CHECK_SET, &[self.check_set, self.invert]);
        put(&mut b, NAME, &self.name);
        put(&mut b, SIDE, &[self.side]);
        if revision == 0 {
            (b, XT_RECENT_MTINFO_SIZE)
        } else {
            put(&mut b, MASK, &self.mask);
            (b, XT_RECENT_MTINFO_V1_SIZE)
        }
    }
}

/// `recent_mt_reg`'s IPv4 registrations: `NFPROTO_IPV4`, no `.usersize`.
const REGS: &[Reg] = &[
    Reg::match_(ExtId::Recent, b"recent", XT_RECENT_MTINFO_SIZE),
    Reg {
        revision: 1,
        ..Reg::match_(ExtId::Recent, b"recent", XT_RECENT_MTINFO_V1_SIZE)
    },
];

/// `recent_mt_check`: `check_set` bits outside `XT_RECENT_VALID_FLAGS` ("Unsupported
/// userspace flags"): `EINVAL`.
pub const UNSUPPORTED_FLAGS: Reject = Reject::Check("recent: unsupported userspace flags");
/// `recent_mt_check`: not exactly one of set, remove, check and update: `EINVAL`.
pub const ONE_COMMAND: Reject =
    Reject::Check("recent: exactly one of --set, --rcheck, --update, --remove");
/// `recent_mt_check`: `--set` or `--remove` with `--seconds`, `--hitcount`, `--rttl` or
/// `--reap`: `EINVAL`.
pub const SET_REMOVE_MODIFIERS: Reject =
    Reject::Check("recent: --set/--remove with --seconds, --hitcount, --rttl or --reap");
/// `recent_mt_check`: `--reap` without `--seconds`: `EINVAL`.
pub const REAP_WITHOUT_SECONDS: Reject = Reject::Check("recent: --reap without --seconds");
/// `recent_mt_check`: `hit_count >= XT_RECENT_MAX_NSTAMPS` ("hitcount (%u) is larger than
/// allowed maximum (%u)"): `EINVAL`.
pub const HITCOUNT_TOO_LARGE: Reject =
    Reject::Check("recent: hitcount larger than allowed maximum (65535)");
/// `xt_check_proc_name`: an empty name: `EINVAL`.
pub const NAME_EMPTY: Reject = Reject::Check("recent: empty list name");
/// `xt_check_proc_name`: a name without a NUL in its field: `ENAMETOOLONG`.
pub const NAME_UNTERMINATED: Reject = Reject::Check("recent: list name not NUL-terminated");
/// `xt_check_proc_name`: `.`, `..` or a name with a `/`: `EINVAL`.
pub const NAME_INVALID: Reject = Reject::Check("recent: list name ., .. or with /");

/// `roundup_pow_of_two(n) - 1` for `0 < n < 65536`.
const fn pow2_mask(n: u32) -> u16 {
    let mut p: u32 = 1;
    while p < n {
        p <<= 1;
    }
    // CAST: `n < 65536`, so `p <= 65536`.
    (p - 1) as u16
}

/// `recent_mt_check`'s `nstamp_mask` for a rule with `hit_count` (below
/// [`XT_RECENT_MAX_NSTAMPS`]): the ring a list needs, in stamps minus one.
pub const fn nstamp_mask(hit_count: u32) -> u16 {
    let pkt_list_tot = IP_PKT_LIST_TOT;
    if pkt_list_tot != 0 && hit_count < pkt_list_tot {
        pow2_mask(pkt_list_tot)
    } else if hit_count != 0 {
        pow2_mask(hit_count)
    } else {
        32 - 1
    }
}

/// What a rule asks of its namespace's list: the name, and what a list created for it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecentSpec {
    /// The name, NUL-terminated inside the field ([`RecentSpec::name`] without the padding).
    pub name: [u8; XT_RECENT_NAME_LEN],
    /// The address mask of a list created for this rule (an existing list keeps its own).
    pub mask: [u8; 16],
    /// The ring size minus one the rule needs (`nstamp_mask`): an existing list with a smaller
    /// ring is flushed and gets this one.
    pub nstamp_mask: u16,
}

impl RecentSpec {
    /// The name without its NUL padding.
    pub fn name(&self) -> &[u8] {
        super::super::abi::c_str(&self.name)
    }
}

/// `xt_check_proc_name(name, sizeof(name))`.
fn check_proc_name(name: &[u8; XT_RECENT_NAME_LEN]) -> Result<(), Error> {
    if name.first() == Some(&0) {
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

/// A validated `recent` match: what `recent_mt` reads of its payload, and the slot of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recent {
    /// The list, as [`super::super::env::LoadEnv::recent_table`] answered.
    pub slot: u32,
    /// [`check_set`] bits.
    pub check_set: u8,
    /// `info->invert`.
    pub invert: bool,
    /// [`XT_RECENT_DEST`] or anything else (source).
    pub side: u8,
    /// `info->seconds`.
    pub seconds: u32,
    /// `info->hit_count`.
    pub hit_count: u32,
    /// The kernel's `HZ`, for `seconds * HZ`.
    pub hz: u32,
}

impl MatchDef for Recent {
    const REGS: &'static [Reg] = REGS;

    /// `recent_mt_check_v0` / `recent_mt_check_v1`, then `recent_mt_check`.
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        use check_set::*;
        let info = XtRecentMtinfo::decode(payload, reg.revision)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let cs = info.check_set;
        if cs & !VALID != 0 {
            return Err(Error::Inval(UNSUPPORTED_FLAGS));
        }
        if (cs & COMMANDS).count_ones() != 1 {
            return Err(Error::Inval(ONE_COMMAND));
        }
        if cs & (SET | REMOVE) != 0
            && (info.seconds != 0 || info.hit_count != 0 || cs & MODIFIERS != 0)
        {
            return Err(Error::Inval(SET_REMOVE_MODIFIERS));
        }
        if cs & REAP != 0 && info.seconds == 0 {
            return Err(Error::Inval(REAP_WITHOUT_SECONDS));
        }
        if info.hit_count >= XT_RECENT_MAX_NSTAMPS {
            return Err(Error::Inval(HITCOUNT_TOO_LARGE));
        }
        check_proc_name(&info.name)?;
        let slot = par.load.recent_table(&RecentSpec {
            name: info.name,
            mask: info.mask,
            nstamp_mask: nstamp_mask(info.hit_count),
        })?;
        Ok(Recent {
            slot,
            check_set: cs,
            invert: info.invert != 0,
            side: info.side,
            seconds: info.seconds,
            hit_count: info.hit_count,
            hz: par.load.hz(),
        })
    }

    /// `recent_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let a = if self.side == XT_RECENT_DEST {
            pkt.daddr
        } else {
            pkt.saddr
        };
        let addr = Addr::v4(a.to_be_bytes());
        // "Use TTL as seen before forwarding."
        let ttl = if env.out_without_own_sk() {
            pkt.ttl.wrapping_add(1)
        } else {
            pkt.ttl
        };
        let now = env.jiffies();
        env.with_recent(self.slot, |t| self.decide(t, addr, ttl, now))
            .unwrap_or(MatchResult::HotDrop)
    }
}

/// `time_after(a, b)`: `a` is later than `b` on the wrapping jiffies clock.
const fn time_after(a: u64, b: u64) -> bool {
    // CAST: `(long)(b - a) < 0`.
    (b.wrapping_sub(a) as i64) < 0
}

impl Recent {
    /// `recent_mt` with the list `t` locked: the packet's address `addr` (not yet masked), its
    /// TTL as seen before forwarding, and the time.
    pub fn decide(&self, t: &mut RecentTable, addr: Addr, ttl: u8, now: u64) -> MatchResult {
        use check_set::*;
        let cs = self.check_set;
        let mut ret = self.invert;
        let addr = t.mask_addr(addr);
        let lookup_ttl = if cs & TTL != 0 { ttl } else { 0 };
        let Some(e) = t.lookup(&addr, lookup_ttl) else {
            if cs & SET == 0 {
                return MatchResult::from_bool(ret);
            }
            // Upstream's `kmalloc(GFP_ATOMIC)` failure; the pool cannot run dry.
            if t.init(addr, ttl, now).is_none() {
                return MatchResult::HotDrop;
            }
            return MatchResult::from_bool(!ret);
        };
        if cs & SET != 0 {
            ret = !ret;
        } else if cs & REMOVE != 0 {
            t.remove(e);
            ret = !ret;
        } else if cs & (CHECK | UPDATE) != 0 {
            // `seconds * HZ` is `unsigned int` arithmetic upstream.
            let time = now.wrapping_sub(u64::from(self.seconds.wrapping_mul(self.hz)));
            let mut hits: u32 = 0;
            for i in 0..t.nstamps(e) {
                if self.seconds != 0 && time_after(time, t.stamp(e, i)) {
                    continue;
                }
                hits = hits.wrapping_add(1);
                if self.hit_count == 0 || hits >= self.hit_count {
                    ret = !ret;
                    break;
                }
            }
            // `seconds` is nonzero (checked at load time).
            if cs & REAP != 0 {
                t.reap(time, e, cs & UPDATE != 0 && ret);
            }
        }
        if cs & SET != 0 || (cs & UPDATE != 0 && ret) {
            t.update(e, now);
            t.set_ttl(e, ttl);
        }
        MatchResult::from_bool(ret)
    }
}

/// The address family of a list entry (`NFPROTO_IPV4` or `NFPROTO_IPV6`: a list written through
/// `/proc` can hold IPv6 addresses, which IPv4 packets never match).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AddrFamily {
    /// IPv4: the first 4 bytes of the address.
    #[default]
    V4,
    /// IPv6.
    V6,
}

/// A list entry's address: `union nf_inet_addr` (network order) and its family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Addr {
    /// The family.
    pub family: AddrFamily,
    /// The address bytes: an IPv4 address in the first 4, the rest zero.
    pub bytes: [u8; 16],
}

impl Addr {
    /// The IPv4 address `a` (network order).
    pub fn v4(a: [u8; 4]) -> Addr {
        let mut bytes = [0u8; 16];
        put(&mut bytes, 0, &a);
        Addr {
            family: AddrFamily::V4,
            bytes,
        }
    }

    /// The 32-bit words of `union nf_inet_addr` (`all[]`, native order).
    fn words(&self) -> [u32; 4] {
        let mut w = [0u32; 4];
        for (i, x) in w.iter_mut().enumerate() {
            *x = read_u32(&self.bytes, i * 4).unwrap_or(0);
        }
        w
    }
}

impl fmt::Display for Addr {
    /// `%pI4` (dotted quad) or `%pI6` (eight groups of four lowercase hex digits).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.bytes;
        match self.family {
            AddrFamily::V4 => {
                let [a, b2, c, d] = read_array::<4>(b, 0).unwrap_or([0; 4]);
                write!(f, "{a}.{b2}.{c}.{d}")
            }
            AddrFamily::V6 => {
                for (i, pair) in b.chunks_exact(2).enumerate() {
                    if i != 0 {
                        f.write_char(':')?;
                    }
                    for x in pair {
                        write!(f, "{x:02x}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// `JHASH_INITVAL`.
pub(crate) const JHASH_INITVAL: u32 = 0xdead_beef;

/// `__jhash_mix`.
fn jhash_mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*c) ^ c.rotate_left(4);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a) ^ a.rotate_left(6);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b) ^ b.rotate_left(8);
    *b = b.wrapping_add(*a);
    *a = a.wrapping_sub(*c) ^ c.rotate_left(16);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a) ^ a.rotate_left(19);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b) ^ b.rotate_left(4);
    *b = b.wrapping_add(*a);
}

/// `__jhash_final`.
pub(crate) fn jhash_final(a: &mut u32, b: &mut u32, c: &mut u32) {
    *c = (*c ^ *b).wrapping_sub(b.rotate_left(14));
    *a = (*a ^ *c).wrapping_sub(c.rotate_left(11));
    *b = (*b ^ *a).wrapping_sub(a.rotate_left(25));
    *c = (*c ^ *b).wrapping_sub(b.rotate_left(16));
    *a = (*a ^ *c).wrapping_sub(c.rotate_left(4));
    *b = (*b ^ *a).wrapping_sub(a.rotate_left(14));
    *c = (*c ^ *b).wrapping_sub(b.rotate_left(24));
}

/// `jhash_1word(a, initval)`.
pub fn jhash_1word(a: u32, initval: u32) -> u32 {
    let iv = initval.wrapping_add(JHASH_INITVAL).wrapping_add(1 << 2);
    let (mut a, mut b, mut c) = (a.wrapping_add(iv), iv, iv);
    jhash_final(&mut a, &mut b, &mut c);
    c
}

/// `jhash2(k, 4, initval)`.
pub fn jhash2_4(k: [u32; 4], initval: u32) -> u32 {
    let iv = JHASH_INITVAL.wrapping_add(4 << 2).wrapping_add(initval);
    let (mut a, mut b, mut c) = (iv, iv, iv);
    a = a.wrapping_add(k[0]);
    b = b.wrapping_add(k[1]);
    c = c.wrapping_add(k[2]);
    jhash_mix(&mut a, &mut b, &mut c);
    a = a.wrapping_add(k[3]);
    jhash_final(&mut a, &mut b, &mut c);
    c
}

/// No entry (the end of a list, an empty list).
const NIL: u16 = u16::MAX;

/// An entry's place on a doubly linked list of entry indices.
#[derive(Clone, Copy, Debug)]
struct Link {
    prev: u16,
    next: u16,
}

const UNLINKED: Link = Link {
    prev: NIL,
    next: NIL,
};

/// The two ends of a list of entry indices.
#[derive(Clone, Copy, Debug)]
struct Ends {
    head: u16,
    tail: u16,
}

const EMPTY: Ends = Ends {
    head: NIL,
    tail: NIL,
};

/// `list_add_tail` of entry `i`.
fn push_back(ends: &mut Ends, links: &mut [Link], i: u16) {
    let tail = ends.tail;
    if let Some(l) = links.get_mut(usize::from(i)) {
        *l = Link {
            prev: tail,
            next: NIL,
        };
    }
    match links.get_mut(usize::from(tail)) {
        Some(t) => t.next = i,
        None => ends.head = i,
    }
    ends.tail = i;
}

/// `list_del` of entry `i`.
fn unlink(ends: &mut Ends, links: &mut [Link], i: u16) {
    let Some(&Link { prev, next }) = links.get(usize::from(i)) else {
        return;
    };
    match links.get_mut(usize::from(prev)) {
        Some(p) => p.next = next,
        None => ends.head = next,
    }
    match links.get_mut(usize::from(next)) {
        Some(n) => n.prev = prev,
        None => ends.tail = prev,
    }
    if let Some(l) = links.get_mut(usize::from(i)) {
        *l = UNLINKED;
    }
}

/// `struct recent_entry` without its links and stamps.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    addr: Addr,
    ttl: u8,
    /// Where the next stamp goes (plus one, before `& nstamps_max_mask`).
    index: u16,
    /// How many stamps are valid.
    nstamps: u16,
    /// The hash bucket the entry is on.
    bucket: u8,
}

/// The stamp rings of every entry of a list: [`IP_LIST_TOT`] rings of `mask + 1` jiffies.
/// Allocated when a list is created or its rings grow, never on the packet path.
pub struct StampPool {
    stamps: OVec<u64>,
    mask: u16,
}

impl StampPool {
    /// Rings of `mask + 1` stamps for every entry.
    pub fn new(mask: u16) -> Result<StampPool, AllocError> {
        let n = (usize::from(mask) + 1)
            .checked_mul(IP_LIST_TOT)
            .ok_or(AllocError)?;
        Ok(StampPool {
            stamps: OVec::try_filled(0, n)?,
            mask,
        })
    }

    /// The ring size minus one.
    pub fn mask(&self) -> u16 {
        self.mask
    }
}

impl fmt::Debug for StampPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StampPool")
            .field("mask", &self.mask)
            .finish_non_exhaustive()
    }
}

/// One list (`struct recent_table` with its entries), in storage allocated with it.
///
/// The kernel keeps it behind a lock; every method assumes the caller holds it.
pub struct RecentTable {
    /// `t->mask`: the mask of the rule that created the list.
    mask: [u8; 16],
    /// The hash seed (`hash_rnd`).
    seed: u32,
    /// `t->entries`.
    count: usize,
    entries: OVec<Entry>,
    /// Bucket list links, per entry.
    hash: OVec<Link>,
    /// LRU links per entry; free entries are on `free` through the same links.
    lru: OVec<Link>,
    /// `t->iphash[]`.
    buckets: [Ends; IP_LIST_HASH_SIZE],
    /// `t->lru_list`: the head is the least recently seen entry.
    lru_list: Ends,
    /// Entries not in use.
    free: Ends,
    /// The stamp rings, with `t->nstamps_max_mask`.
    pool: StampPool,
}

impl fmt::Debug for RecentTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecentTable")
            .field("mask", &self.mask)
            .field("count", &self.count)
            .field("nstamps_max_mask", &self.pool.mask)
            .finish_non_exhaustive()
    }
}

impl RecentTable {
    /// An empty list created for `spec` (`recent_mt_check`'s `kvzalloc` of the table, and here
    /// all of its entries too), hashing with `seed`.
    pub fn new(spec: &RecentSpec, seed: u32) -> Result<RecentTable, AllocError> {
        let mut t = RecentTable {
            mask: spec.mask,
            seed,
            count: 0,
            entries: OVec::try_filled(Entry::default(), IP_LIST_TOT)?,
            hash: OVec::try_filled(UNLINKED, IP_LIST_TOT)?,
            lru: OVec::try_filled(UNLINKED, IP_LIST_TOT)?,
            buckets: [EMPTY; IP_LIST_HASH_SIZE],
            lru_list: EMPTY,
            free: EMPTY,
            pool: StampPool::new(spec.nstamp_mask)?,
        };
        for i in 0..IP_LIST_TOT {
            // CAST: `IP_LIST_TOT` is below `NIL`.
            push_back(&mut t.free, &mut t.lru, i as u16);
        }
        Ok(t)
    }

    /// `t->nstamps_max_mask`.
    pub fn nstamps_max_mask(&self) -> u16 {
        self.pool.mask
    }

    /// `recent_mt_check` for a new rule that needs larger rings than the list has: the list is
    /// flushed and takes `pool`'s rings. Returns the old rings, to be freed outside the lock.
    pub fn grow(&mut self, pool: StampPool) -> StampPool {
        self.flush();
        core::mem::replace(&mut self.pool, pool)
    }

    /// `t->entries`: the number of addresses on the list.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// `nf_inet_addr_mask(addr, &addr_mask, &t->mask)`.
    fn mask_addr(&self, mut a: Addr) -> Addr {
        for (x, m) in a.bytes.iter_mut().zip(self.mask) {
            *x &= m;
        }
        a
    }

    /// `recent_entry_hash4`/`recent_entry_hash6`.
    fn bucket_of(&self, a: &Addr) -> u8 {
        let h = match a.family {
            AddrFamily::V4 => jhash_1word(read_u32(&a.bytes, 0).unwrap_or(0), self.seed),
            AddrFamily::V6 => jhash2_4(a.words(), self.seed),
        };
        // CAST: `IP_LIST_HASH_SIZE` is at most 256 (checked in the tests).
        (h & (IP_LIST_HASH_SIZE as u32 - 1)) as u8
    }

    fn entry(&self, i: u16) -> Entry {
        self.entries
            .get(usize::from(i))
            .copied()
            .unwrap_or_default()
    }

    fn entry_mut(&mut self, i: u16) -> Option<&mut Entry> {
        self.entries.get_mut(usize::from(i))
    }

    /// Stamp `j` of entry `i`'s ring (`j` is masked into the ring).
    fn stamp(&self, i: u16, j: u16) -> u64 {
        self.stamp_at(i, j)
            .map_or(0, |at| self.pool.stamps.get(at).copied().unwrap_or(0))
    }

    fn stamp_at(&self, i: u16, j: u16) -> Option<usize> {
        let ring = usize::from(self.pool.mask) + 1;
        usize::from(i)
            .checked_mul(ring)?
            .checked_add(usize::from(j & self.pool.mask))
    }

    fn set_stamp(&mut self, i: u16, j: u16, v: u64) {
        if let Some(s) = self
            .stamp_at(i, j)
            .and_then(|at| self.pool.stamps.get_mut(at))
        {
            *s = v;
        }
    }

    fn nstamps(&self, i: u16) -> u16 {
        self.entry(i).nstamps
    }

    fn set_ttl(&mut self, i: u16, ttl: u8) {
        if let Some(e) = self.entry_mut(i) {
            e.ttl = ttl;
        }
    }

    /// `recent_entry_lookup`: the first entry of `a`'s bucket with that address whose TTL
    /// matches (either TTL 0 is a wildcard).
    fn lookup(&self, a: &Addr, ttl: u8) -> Option<u16> {
        let b = self.buckets.get(usize::from(self.bucket_of(a)))?;
        let mut i = b.head;
        // A bucket holds at most every entry.
        for _ in 0..IP_LIST_TOT {
            let e = self.entries.get(usize::from(i))?;
            if e.addr == *a && (ttl == e.ttl || ttl == 0 || e.ttl == 0) {
                return Some(i);
            }
            i = self.hash.get(usize::from(i))?.next;
        }
        None
    }

    /// `recent_entry_remove`.
    fn remove(&mut self, i: u16) {
        let e = self.entry(i);
        if let Some(b) = self.buckets.get_mut(usize::from(e.bucket)) {
            unlink(b, &mut self.hash, i);
        }
        unlink(&mut self.lru_list, &mut self.lru, i);
        push_back(&mut self.free, &mut self.lru, i);
        self.count = self.count.saturating_sub(1);
    }

    /// `recent_entry_init`: a new entry for `a` seen now with `ttl`, after evicting the least
    /// recently seen entry if the list is full. `None` only if the pool is inconsistent.
    fn init(&mut self, a: Addr, ttl: u8, now: u64) -> Option<u16> {
        if self.count >= IP_LIST_TOT {
            let oldest = self.lru_list.head;
            if oldest == NIL {
                return None;
            }
            self.remove(oldest);
        }
        let i = self.free.head;
        if i == NIL {
            return None;
        }
        unlink(&mut self.free, &mut self.lru, i);
        let bucket = self.bucket_of(&a);
        *self.entry_mut(i)? = Entry {
            addr: a,
            ttl,
            index: 1,
            nstamps: 1,
            bucket,
        };
        self.set_stamp(i, 0, now);
        if let Some(b) = self.buckets.get_mut(usize::from(bucket)) {
            push_back(b, &mut self.hash, i);
        }
        push_back(&mut self.lru_list, &mut self.lru, i);
        self.count = self.count.saturating_add(1);
        Some(i)
    }

    /// `recent_entry_update`: a new stamp for entry `i`, which becomes the most recently seen.
    fn update(&mut self, i: u16, now: u64) {
        let mask = self.pool.mask;
        let Some(e) = self.entry_mut(i) else {
            return;
        };
        e.index &= mask;
        let at = e.index;
        // `u_int16_t` arithmetic: with a ring of 65536 the index wraps to 0.
        e.index = e.index.wrapping_add(1);
        if e.index > e.nstamps {
            e.nstamps = e.index;
        }
        self.set_stamp(i, at, now);
        unlink(&mut self.lru_list, &mut self.lru, i);
        push_back(&mut self.lru_list, &mut self.lru, i);
    }

    /// The most recent stamp of entry `i`: `stamps[index - 1]` (see the module docs for an
    /// index of 0).
    fn last_stamp(&self, i: u16) -> u64 {
        self.stamp(i, self.entry(i).index.wrapping_sub(1))
    }

    /// `recent_entry_reap`: drops the least recently seen entry if its last stamp is older
    /// than `time`, unless it is `working` and about to be updated.
    fn reap(&mut self, time: u64, working: u16, update: bool) {
        let e = self.lru_list.head;
        if e == NIL || (e == working && update) {
            return;
        }
        if time_after(time, self.last_stamp(e)) {
            self.remove(e);
        }
    }

    /// `recent_table_flush`: every entry goes.
    pub fn flush(&mut self) {
        for b in 0..IP_LIST_HASH_SIZE {
            // A bucket holds at most every entry.
            for _ in 0..IP_LIST_TOT {
                let Some(head) = self.buckets.get(b).map(|e| e.head) else {
                    break;
                };
                if head == NIL {
                    break;
                }
                self.remove(head);
            }
        }
    }

    /// The index of the `n`-th entry in `/proc` order: bucket by bucket, each in insertion
    /// order (`recent_seq_start`/`recent_seq_next`).
    fn nth_entry(&self, mut n: usize) -> Option<u16> {
        for b in &self.buckets {
            let mut i = b.head;
            for _ in 0..IP_LIST_TOT {
                if i == NIL {
                    break;
                }
                if n == 0 {
                    return Some(i);
                }
                n -= 1;
                i = self.hash.get(usize::from(i))?.next;
            }
        }
        None
    }

    /// `recent_seq_show` for the `n`-th entry in `/proc` order: `false` if there is none.
    ///
    /// `src=ADDR ttl: T last_seen: J oldest_pkt: I J1, J2, ...` and a newline.
    pub fn show_entry<W: Write>(&self, n: usize, w: &mut W) -> Result<bool, fmt::Error> {
        let Some(i) = self.nth_entry(n) else {
            return Ok(false);
        };
        let e = self.entry(i);
        // `(e->index - 1) & t->nstamps_max_mask`, in `int`.
        write!(
            w,
            "src={} ttl: {} last_seen: {} oldest_pkt: {}",
            e.addr,
            e.ttl,
            self.stamp(i, e.index.wrapping_sub(1)),
            e.index
        )?;
        for j in 0..e.nstamps {
            let sep = if j != 0 { "," } else { "" };
            write!(w, "{sep} {}", self.stamp(i, j))?;
        }
        w.write_char('\n')?;
        Ok(true)
    }

    /// A `/proc/net/xt_recent/NAME` command seen at `now` (`recent_mt_proc_write` under the
    /// lock): `+` adds the address (TTL 0) or stamps it again, `-` removes it, `/` flushes.
    pub fn apply(&mut self, cmd: &ProcCmd, now: u64) {
        match *cmd {
            ProcCmd::Flush => self.flush(),
            ProcCmd::Add(a) => match self.lookup(&a, 0) {
                None => {
                    // Upstream ignores an allocation failure here; the pool cannot run dry.
                    let _ = self.init(a, 0, now);
                }
                Some(e) => self.update(e, now),
            },
            ProcCmd::Remove(a) => {
                if let Some(e) = self.lookup(&a, 0) {
                    self.remove(e);
                }
            }
        }
    }
}

/// The most of a write to `/proc/net/xt_recent/NAME` that is read: `sizeof(buf)`, room for
/// `+b335:1d35:1e55:dead:c0de:1715:255.255.255.255` and a NUL. Longer writes are cut there.
pub const PROC_WRITE_MAX: usize = 47;

/// A command written to `/proc/net/xt_recent/NAME`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcCmd {
    /// `/`: flush the list.
    Flush,
    /// `+ADDR`: add (or stamp again) an address.
    Add(Addr),
    /// `-ADDR`: remove an address.
    Remove(Addr),
}

/// `recent_mt_proc_write`'s parse of the (at most [`PROC_WRITE_MAX`]) bytes written: `/`,
/// `+ADDR` or `-ADDR`, the address ending at the end, a NUL or a newline; IPv6 if it has a `:`.
/// `None` is `EINVAL`.
pub fn parse_proc_write(buf: &[u8]) -> Option<ProcCmd> {
    let (&first, rest) = buf.split_first()?;
    let add = match first {
        b'/' => return Some(ProcCmd::Flush),
        b'-' => false,
        b'+' => true,
        _ => return None,
    };
    // `strnchr(c, size, ':')` stops at a NUL.
    let colon = rest.iter().take_while(|&&c| c != 0).any(|&c| c == b':');
    let addr = if colon {
        Addr {
            family: AddrFamily::V6,
            bytes: in6_pton(rest, i32::from(b'\n'))?,
        }
    } else {
        Addr::v4(in4_pton(rest, i32::from(b'\n'))?)
    };
    Some(if add {
        ProcCmd::Add(addr)
    } else {
        ProcCmd::Remove(addr)
    })
}

// `net/core/utils.c`.
const IN6PTON_XDIGIT: u32 = 0x0001_0000;
const IN6PTON_DIGIT: u32 = 0x0002_0000;
const IN6PTON_COLON_MASK: u32 = 0x0070_0000;
const IN6PTON_COLON_1: u32 = 0x0010_0000;
const IN6PTON_COLON_2: u32 = 0x0020_0000;
const IN6PTON_COLON_1_2: u32 = 0x0040_0000;
const IN6PTON_DOT: u32 = 0x0080_0000;
const IN6PTON_DELIM: u32 = 0x1000_0000;
const IN6PTON_NULL: u32 = 0x2000_0000;
const IN6PTON_UNKNOWN: u32 = 0x4000_0000;

/// `xdigit2bin`.
fn xdigit2bin(c: u8, delim: i32) -> u32 {
    if i32::from(c) == delim || c == 0 {
        return IN6PTON_DELIM;
    }
    if c == b':' {
        return IN6PTON_COLON_MASK;
    }
    if c == b'.' {
        return IN6PTON_DOT;
    }
    let val = match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    if let Some(v) = val {
        let v = u32::from(v);
        return v | IN6PTON_XDIGIT | if v < 10 { IN6PTON_DIGIT } else { 0 };
    }
    if delim == -1 {
        return IN6PTON_DELIM;
    }
    IN6PTON_UNKNOWN
}

/// `in4_pton(src, src.len(), dst, delim, NULL)`: four decimal bytes, ended by `delim`, a NUL,
/// a colon or the end of `src`.
pub fn in4_pton(src: &[u8], delim: i32) -> Option<[u8; 4]> {
    let mut d = [0u8; 4];
    let mut i = 0usize;
    // `int w`: the flag bits of every digit are carried along, in the high bits.
    let mut w: u32 = 0;
    let mut s = 0usize;
    loop {
        let c = xdigit2bin(src.get(s).copied().unwrap_or(0), delim);
        if c & (IN6PTON_DIGIT | IN6PTON_DOT | IN6PTON_DELIM | IN6PTON_COLON_MASK) == 0 {
            return None;
        }
        if c & (IN6PTON_DOT | IN6PTON_DELIM | IN6PTON_COLON_MASK) != 0 {
            if w == 0 {
                return None;
            }
            // CAST: the low byte.
            *d.get_mut(i)? = (w & 0xff) as u8;
            w = 0;
            i += 1;
            if c & (IN6PTON_DELIM | IN6PTON_COLON_MASK) != 0 {
                if i != 4 {
                    return None;
                }
                break;
            }
        } else {
            w = w.wrapping_mul(10).wrapping_add(c);
            if w & 0xffff > 255 {
                return None;
            }
        }
        if i >= 4 {
            return None;
        }
        s += 1;
    }
    Some(d)
}

/// `in6_pton(src, src.len(), dst, delim, NULL)`: an IPv6 address with `::` and a trailing
/// dotted IPv4 part allowed.
pub fn in6_pton(src: &[u8], delim: i32) -> Option<[u8; 16]> {
    const N: usize = 16;
    let mut dbuf = [0u8; N];
    let mut d = 0usize;
    let mut dc: Option<usize> = None;
    let mut tok: Option<usize> = None;
    let mut state = IN6PTON_COLON_1_2 | IN6PTON_XDIGIT | IN6PTON_NULL;
    let mut w: u32 = 0;
    let mut s = 0usize;
    loop {
        let c = xdigit2bin(src.get(s).copied().unwrap_or(0), delim);
        if c & state == 0 {
            return None;
        }
        if c & (IN6PTON_DELIM | IN6PTON_COLON_MASK) != 0 {
            // One 16-bit word.
            if state & IN6PTON_NULL == 0 {
                // CAST: `w` is at most 0xffff (no fifth significant digit is allowed).
                *dbuf.get_mut(d)? = ((w >> 8) & 0xff) as u8;
                *dbuf.get_mut(d + 1)? = (w & 0xff) as u8;
                d += 2;
            }
            w = 0;
            if c & IN6PTON_DELIM != 0 {
                break;
            }
            state = match state & IN6PTON_COLON_MASK {
                IN6PTON_COLON_2 => {
                    dc = Some(d);
                    let mut st = IN6PTON_XDIGIT | IN6PTON_DELIM;
                    if d >= N {
                        st |= IN6PTON_NULL;
                    }
                    st
                }
                m if m == IN6PTON_COLON_1 | IN6PTON_COLON_1_2 => IN6PTON_XDIGIT | IN6PTON_COLON_2,
                IN6PTON_COLON_1 => IN6PTON_XDIGIT,
                IN6PTON_COLON_1_2 => IN6PTON_COLON_2,
                _ => 0,
            };
            tok = Some(s + 1);
        } else if c & IN6PTON_DOT != 0 {
            // The rest, from the start of this group, is a dotted IPv4 address.
            let from = tok.unwrap_or(s);
            let v4 = in4_pton(src.get(from..).unwrap_or(&[]), delim)?;
            dbuf.get_mut(d..d + 4)?.copy_from_slice(&v4);
            d += 4;
            break;
        } else {
            w = (w << 4) | (0xff & c);
            state = IN6PTON_COLON_1 | IN6PTON_DELIM;
            if w & 0xf000 == 0 {
                state |= IN6PTON_XDIGIT;
            }
            if dc.is_none() && d + 2 < N {
                state |= IN6PTON_COLON_1_2;
                state &= !IN6PTON_DELIM;
            }
            if d + 2 >= N {
                state &= !(IN6PTON_COLON_1 | IN6PTON_COLON_1_2);
            }
        }
        // `cont:`
        if (dc.is_some() && d + 4 < N) || d + 4 == N {
            state |= IN6PTON_DOT;
        }
        if d >= N {
            state &= !(IN6PTON_XDIGIT | IN6PTON_COLON_MASK);
        }
        s += 1;
    }
    let Some(dc) = dc else {
        return Some(dbuf);
    };
    // The words after `::` go to the end, zeros fill the gap.
    let mut dst = [0u8; N];
    let tail = d.checked_sub(dc)?;
    let gap_end = N.checked_sub(tail)?;
    dst.get_mut(gap_end..)?.copy_from_slice(dbuf.get(dc..d)?);
    dst.get_mut(..dc)?.copy_from_slice(dbuf.get(..dc)?);
    Some(dst)
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::*;
    use core::cell::RefCell;
    use std::format;
    use std::rc::Rc;
    use std::string::String;

    type Shared = Rc<RefCell<RecentTable>>;

    /// A namespace at load time: its lists by name (with how many rules hold them), and the
    /// slots handed out to the rules of one request, as the kernel's `KernelLoad` keeps them.
    struct Ns {
        lists: RefCell<Vec<(Vec<u8>, Shared)>>,
        slots: RefCell<Vec<Shared>>,
        jiffies: u64,
    }

    impl Ns {
        fn new() -> Ns {
            Ns {
                lists: RefCell::new(Vec::new()),
                slots: RefCell::new(Vec::new()),
                jiffies: HOST_JIFFIES,
            }
        }

        fn list(&self, name: &[u8]) -> Option<Shared> {
            self.lists
                .borrow()
                .iter()
                .find(|(n, _)| n == name)
                .map(|l| l.1.clone())
        }

        /// The packet-time view of the slots handed out so far.
        fn env(&self) -> FakeEnv {
            FakeEnv {
                recent: self.slots.borrow().clone(),
                ..FakeEnv::default()
            }
        }
    }

    impl LoadEnv for Ns {
        fn hz(&self) -> u32 {
            250
        }

        fn jiffies(&self) -> u64 {
            self.jiffies
        }

        fn recent_table(&self, spec: &RecentSpec) -> Result<u32, Error> {
            let t = match self.list(spec.name()) {
                Some(t) => {
                    if spec.nstamp_mask > t.borrow().nstamps_max_mask() {
                        let pool = StampPool::new(spec.nstamp_mask)?;
                        t.borrow_mut().grow(pool);
                    }
                    t
                }
                None => {
                    let t = Rc::new(RefCell::new(RecentTable::new(spec, 0x1234_5678)?));
                    self.lists
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

    fn name200(s: &[u8]) -> [u8; XT_RECENT_NAME_LEN] {
        let mut n = [0u8; XT_RECENT_NAME_LEN];
        n[..s.len()].copy_from_slice(s);
        n
    }

    fn info(check_set: u8) -> XtRecentMtinfo {
        XtRecentMtinfo {
            check_set,
            name: name200(b"DEFAULT"),
            ..XtRecentMtinfo::default()
        }
    }

    fn payload(i: &XtRecentMtinfo, revision: u8) -> Vec<u8> {
        let (b, n) = i.encode(revision);
        let mut v = b[..n].to_vec();
        v.resize(abi::xt_align(n).unwrap(), 0);
        v
    }

    fn recent_m(i: &XtRecentMtinfo, revision: u8) -> ExtSpec<'static> {
        ext(b"recent", revision, &payload(i, revision))
    }

    /// Loads one match in filter INPUT through `ns`.
    fn load(i: &XtRecentMtinfo, revision: u8, ns: &Ns) -> Result<Recent, Error> {
        let par = CheckParam {
            load: ns,
            ..filter_input()
        };
        match load_match(b"recent", revision, &payload(i, revision), &par)?.0 {
            Match::Recent(r) => Ok(r),
            other => panic!("{other:?}"),
        }
    }

    fn rejects(i: &XtRecentMtinfo, e: Error) {
        assert_eq!(load(i, 1, &Ns::new()), Err(e));
        assert_eq!(load(i, 0, &Ns::new()), Err(e));
    }

    fn v4(a: [u8; 4]) -> Addr {
        Addr::v4(a)
    }

    fn spec(name: &[u8], mask: [u8; 16], nstamp_mask: u16) -> RecentSpec {
        RecentSpec {
            name: name200(name),
            mask,
            nstamp_mask,
        }
    }

    fn table(nstamp_mask: u16) -> RecentTable {
        RecentTable::new(&spec(b"t", [0xff; 16], nstamp_mask), 0).unwrap()
    }

    fn rule(check_set: u8) -> Recent {
        Recent {
            slot: 0,
            check_set,
            invert: false,
            side: XT_RECENT_SOURCE,
            seconds: 0,
            hit_count: 0,
            hz: 250,
        }
    }

    fn show(t: &RecentTable) -> String {
        let mut s = String::new();
        let mut n = 0;
        while t.show_entry(n, &mut s).unwrap() {
            n += 1;
        }
        assert_eq!(n, t.len());
        s
    }

    /// Every entry as "addr ttl index nstamps [stamps]", sorted.
    fn entries(t: &RecentTable) -> Vec<String> {
        let mut v: Vec<String> = show(t).lines().map(|l| l.into()).collect();
        v.sort();
        v
    }

    const A: [u8; 4] = [10, 0, 0, 1];
    const B: [u8; 4] = [10, 0, 0, 2];
    const J: u64 = 1_000_000;

    use check_set::*;

    #[test]
    fn layout_and_registrations() {
        let mut i = info(CHECK | TTL);
        i.seconds = 0x0102_0304;
        i.hit_count = 7;
        i.invert = 1;
        i.side = XT_RECENT_DEST;
        i.mask = [255, 255, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        let (b1, n1) = i.encode(1);
        assert_eq!(n1, 228);
        assert_eq!(&b1[0..4], &0x0102_0304u32.to_ne_bytes());
        assert_eq!(&b1[4..8], &7u32.to_ne_bytes());
        assert_eq!(&b1[8..10], &[CHECK | TTL, 1]);
        assert_eq!(&b1[10..17], b"DEFAULT");
        assert_eq!(b1[210], 1);
        assert_eq!(b1[211], 0);
        assert_eq!(&b1[212..228], &i.mask);
        assert_eq!(XtRecentMtinfo::decode(&b1[..n1], 1), Some(i));
        let (b0, n0) = i.encode(0);
        assert_eq!(n0, 212);
        assert!(b0[212..].iter().all(|&x| x == 0));
        // Revision 0 rules mask with all ones.
        assert_eq!(
            XtRecentMtinfo::decode(&b0[..n0], 0),
            Some(XtRecentMtinfo {
                mask: [0xff; 16],
                ..i
            })
        );
        assert_eq!(XtRecentMtinfo::decode(&b1[..227], 1), None);

        let m = ExtKind::Match;
        assert_eq!(find_revision(m, &name(b"recent"), 0), Ok(1));
        assert_eq!(find_revision(m, &name(b"recent"), 1), Ok(1));
        assert_eq!(
            find_revision(m, &name(b"recent"), 2),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        let ns = Ns::new();
        let fi = CheckParam {
            load: &ns,
            ..filter_input()
        };
        assert_eq!(
            load_match(b"recent", 2, &payload(&info(SET), 1), &fi).err(),
            Some(Error::NoEnt(Reject::MatchRevision))
        );
        // The payload is XT_ALIGN of each revision's size: 216 and 232.
        assert_eq!(
            load_match(b"recent", 1, &payload(&info(SET), 0), &fi).err(),
            Some(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"recent", 0, &payload(&info(SET), 1), &fi).err(),
            Some(Error::Inval(Reject::MatchPayloadSize))
        );
        // Any table, hook and protocol; nothing is hidden from GET_ENTRIES.
        for (t, hooks) in [(&b"raw"[..], PRE | OUT), (b"mangle", POST), (b"nat", PRE)] {
            let par = CheckParam {
                load: &ns,
                ..par(t, hooks, 17)
            };
            let (_, view) = load_match(b"recent", 1, &payload(&info(SET), 1), &par).unwrap();
            assert_eq!(view.used, 228);
        }
        assert_eq!(IP_LIST_HASH_SIZE, 128);
    }

    #[test]
    fn checks_in_upstream_order() {
        let inval = Error::Inval;
        rejects(&info(0x40 | SET), inval(UNSUPPORTED_FLAGS));
        rejects(&info(0x80), inval(UNSUPPORTED_FLAGS));
        rejects(&info(0), inval(ONE_COMMAND));
        rejects(&info(TTL | REAP), inval(ONE_COMMAND));
        rejects(&info(SET | CHECK), inval(ONE_COMMAND));
        rejects(&info(UPDATE | REMOVE), inval(ONE_COMMAND));
        for cmd in [SET, REMOVE] {
            rejects(&info(cmd | TTL), inval(SET_REMOVE_MODIFIERS));
            rejects(&info(cmd | REAP), inval(SET_REMOVE_MODIFIERS));
            let mut i = info(cmd);
            i.seconds = 1;
            rejects(&i, inval(SET_REMOVE_MODIFIERS));
            i.seconds = 0;
            i.hit_count = 1;
            rejects(&i, inval(SET_REMOVE_MODIFIERS));
        }
        for cmd in [CHECK, UPDATE] {
            rejects(&info(cmd | REAP), inval(REAP_WITHOUT_SECONDS));
            let mut i = info(cmd | REAP | TTL);
            i.seconds = 1;
            i.hit_count = 65535;
            assert!(load(&i, 1, &Ns::new()).is_ok());
            i.hit_count = 65536;
            rejects(&i, inval(HITCOUNT_TOO_LARGE));
            i.hit_count = u32::MAX;
            // The hit count comes before the name.
            i.name = [0; XT_RECENT_NAME_LEN];
            rejects(&i, inval(HITCOUNT_TOO_LARGE));
        }
        let named = |n: &[u8]| {
            let mut i = info(CHECK);
            i.name = [0; XT_RECENT_NAME_LEN];
            i.name[..n.len()].copy_from_slice(n);
            i
        };
        rejects(&named(b""), inval(NAME_EMPTY));
        rejects(&named(b"\0x"), inval(NAME_EMPTY));
        rejects(
            &named(&[b'a'; XT_RECENT_NAME_LEN]),
            Error::NameTooLong(NAME_UNTERMINATED),
        );
        rejects(&named(b"."), inval(NAME_INVALID));
        rejects(&named(b".."), inval(NAME_INVALID));
        rejects(&named(b"a/b"), inval(NAME_INVALID));
        rejects(&named(b"/"), inval(NAME_INVALID));
        for ok in [&b"..."[..], b".a", b"a.", b"x\0/", b"with space", b"\n"] {
            assert!(load(&named(ok), 1, &Ns::new()).is_ok(), "{ok:?}");
        }
        assert!(load(&named(&[b'a'; XT_RECENT_NAME_LEN - 1]), 0, &Ns::new()).is_ok());
        // A failed check takes no list.
        let ns = Ns::new();
        assert!(load(&info(SET | CHECK), 1, &ns).is_err());
        assert!(ns.lists.borrow().is_empty());
    }

    #[test]
    fn ring_sizes() {
        assert_eq!(nstamp_mask(0), 31);
        assert_eq!(nstamp_mask(1), 0);
        assert_eq!(nstamp_mask(2), 1);
        assert_eq!(nstamp_mask(3), 3);
        assert_eq!(nstamp_mask(8), 7);
        assert_eq!(nstamp_mask(12), 15);
        assert_eq!(nstamp_mask(32), 31);
        assert_eq!(nstamp_mask(33), 63);
        assert_eq!(nstamp_mask(999), 1023);
        assert_eq!(nstamp_mask(65535), 65535);
    }

    #[test]
    fn lists_are_shared_by_name_and_keep_the_first_rules_mask() {
        let ns = Ns::new();
        let mut a = info(SET);
        a.mask = [255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let ra = load(&a, 1, &ns).unwrap();
        let mut b = info(CHECK);
        b.hit_count = 3;
        let rb = load(&b, 1, &ns).unwrap();
        let mut c = info(CHECK);
        c.name = name200(b"other");
        let rc = load(&c, 0, &ns).unwrap();
        assert_eq!((ra.slot, rb.slot, rc.slot), (0, 1, 2));
        assert_eq!(ns.lists.borrow().len(), 2);
        let d = ns.list(b"DEFAULT").unwrap();
        assert!(Rc::ptr_eq(&d, &ns.slots.borrow()[1]));
        // The second rule's hit count of 3 needs 4 stamps, fewer than the first's 32.
        assert_eq!(d.borrow().nstamps_max_mask(), 31);
        assert_eq!(d.borrow().mask, a.mask);
        assert_eq!(ns.list(b"other").unwrap().borrow().mask, [0xff; 16]);

        // Both rules see the same list; the /24 mask of its creator applies to both.
        let mut env = ns.env();
        let p = Packet {
            saddr: u32::from_be_bytes([10, 1, 2, 3]),
            ..icmp_packet()
        };
        assert_eq!(ra.run(&p, &mut env), MatchResult::Yes);
        let q = Packet {
            saddr: u32::from_be_bytes([10, 1, 2, 200]),
            ..p
        };
        assert_eq!(rb.run(&q, &mut env), MatchResult::No);
        assert_eq!(ra.run(&q, &mut env), MatchResult::Yes);
        assert_eq!(ra.run(&q, &mut env), MatchResult::Yes);
        assert_eq!(rb.run(&q, &mut env), MatchResult::Yes);
        assert_eq!(rc.run(&q, &mut env), MatchResult::No);
        assert_eq!(
            entries(&d.borrow()),
            [format!(
                "src=10.1.2.0 ttl: 64 last_seen: {0} oldest_pkt: 3 {0}, {0}, {0}",
                HOST_JIFFIES
            )]
        );

        // A rule needing more stamps flushes the list and grows its rings.
        let mut e = info(UPDATE);
        e.hit_count = 40;
        load(&e, 1, &ns).unwrap();
        assert_eq!(d.borrow().nstamps_max_mask(), 63);
        assert!(d.borrow().is_empty());
        // One needing fewer leaves it alone.
        ra.run(&q, &mut env);
        load(&b, 1, &ns).unwrap();
        assert_eq!(d.borrow().len(), 1);
        assert_eq!(d.borrow().nstamps_max_mask(), 63);
    }

    #[test]
    fn set_rcheck_update_remove() {
        let mut t = table(31);
        let set = rule(SET);
        let check = rule(CHECK);
        let update = rule(UPDATE);
        let remove = rule(REMOVE);
        assert_eq!(check.decide(&mut t, v4(A), 64, J), MatchResult::No);
        assert_eq!(update.decide(&mut t, v4(A), 64, J), MatchResult::No);
        assert_eq!(remove.decide(&mut t, v4(A), 64, J), MatchResult::No);
        assert!(t.is_empty());
        assert_eq!(set.decide(&mut t, v4(A), 64, J), MatchResult::Yes);
        assert_eq!(t.len(), 1);
        assert_eq!(check.decide(&mut t, v4(A), 64, J + 1), MatchResult::Yes);
        assert_eq!(check.decide(&mut t, v4(B), 64, J + 1), MatchResult::No);
        assert_eq!(
            show(&t),
            format!("src=10.0.0.1 ttl: 64 last_seen: {J} oldest_pkt: 1 {J}\n")
        );
        // update stamps a matching entry (and takes its TTL), check does not.
        assert_eq!(update.decide(&mut t, v4(A), 30, J + 2), MatchResult::Yes);
        assert_eq!(set.decide(&mut t, v4(A), 31, J + 3), MatchResult::Yes);
        assert_eq!(
            show(&t),
            format!(
                "src=10.0.0.1 ttl: 31 last_seen: {} oldest_pkt: 3 {J}, {}, {}\n",
                J + 3,
                J + 2,
                J + 3
            )
        );
        assert_eq!(remove.decide(&mut t, v4(A), 64, J), MatchResult::Yes);
        assert!(t.is_empty());
        assert_eq!(show(&t), "");

        // Inverted: every answer flips, the list changes the same way.
        let inv = |r: Recent| Recent { invert: true, ..r };
        assert_eq!(inv(check).decide(&mut t, v4(A), 64, J), MatchResult::Yes);
        assert_eq!(inv(set).decide(&mut t, v4(A), 64, J), MatchResult::No);
        assert_eq!(inv(set).decide(&mut t, v4(A), 64, J), MatchResult::No);
        // The inverted update found a stamp: no match, so no new stamp.
        assert_eq!(inv(update).decide(&mut t, v4(A), 64, J), MatchResult::No);
        assert_eq!(t.nstamps(t.lookup(&v4(A), 0).unwrap()), 2);
        assert_eq!(inv(remove).decide(&mut t, v4(A), 64, J), MatchResult::No);
        assert_eq!(inv(remove).decide(&mut t, v4(A), 64, J), MatchResult::Yes);
    }

    #[test]
    fn hitcount_seconds_and_the_ring() {
        let mut t = table(nstamp_mask(3));
        let set = rule(SET);
        let check3 = Recent {
            hit_count: 3,
            ..rule(CHECK)
        };
        set.decide(&mut t, v4(A), 64, J);
        set.decide(&mut t, v4(A), 64, J + 100);
        assert_eq!(check3.decide(&mut t, v4(A), 64, J), MatchResult::No);
        set.decide(&mut t, v4(A), 64, J + 200);
        assert_eq!(check3.decide(&mut t, v4(A), 64, J), MatchResult::Yes);
        // Within 1 s (250 jiffies) of J + 260: the stamps J + 100 and J + 200 only; a stamp
        // exactly `seconds * HZ` old still counts.
        let within = |seconds, hit_count| Recent {
            seconds,
            hit_count,
            ..rule(CHECK)
        };
        assert_eq!(
            within(1, 3).decide(&mut t, v4(A), 64, J + 260),
            MatchResult::No
        );
        assert_eq!(
            within(1, 2).decide(&mut t, v4(A), 64, J + 260),
            MatchResult::Yes
        );
        assert_eq!(
            within(1, 2).decide(&mut t, v4(A), 64, J + 350),
            MatchResult::Yes
        );
        assert_eq!(
            within(1, 2).decide(&mut t, v4(A), 64, J + 351),
            MatchResult::No
        );
        assert_eq!(
            within(1, 0).decide(&mut t, v4(A), 64, J + 450),
            MatchResult::Yes
        );
        assert_eq!(
            within(1, 0).decide(&mut t, v4(A), 64, J + 451),
            MatchResult::No
        );
        assert_eq!(
            within(3600, 3).decide(&mut t, v4(A), 64, J + 451),
            MatchResult::Yes
        );

        // A ring of 4: the fifth stamp overwrites the first, nstamps stays 4.
        set.decide(&mut t, v4(A), 64, J + 300);
        set.decide(&mut t, v4(A), 64, J + 400);
        assert_eq!(
            show(&t),
            format!(
                "src=10.0.0.1 ttl: 64 last_seen: {0} oldest_pkt: 1 {0}, {1}, {2}, {3}\n",
                J + 400,
                J + 100,
                J + 200,
                J + 300
            )
        );
        let e = t.lookup(&v4(A), 0).unwrap();
        assert_eq!(t.nstamps(e), 4);
        assert_eq!(t.last_stamp(e), J + 400);

        // A ring of one (hitcount 1).
        let mut t1 = table(nstamp_mask(1));
        set.decide(&mut t1, v4(A), 64, J);
        set.decide(&mut t1, v4(A), 64, J + 5);
        assert_eq!(
            show(&t1),
            format!(
                "src=10.0.0.1 ttl: 64 last_seen: {0} oldest_pkt: 1 {0}\n",
                J + 5
            )
        );
    }

    #[test]
    fn seconds_times_hz_wraps_in_32_bits() {
        let mut t = table(31);
        rule(SET).decide(&mut t, v4(A), 64, J);
        // 2^32 / 250 = 17179869.184: 17179870 s * 250 wraps to 204 jiffies.
        let r = Recent {
            seconds: 17_179_870,
            ..rule(CHECK)
        };
        assert_eq!(r.decide(&mut t, v4(A), 64, J + 204), MatchResult::Yes);
        assert_eq!(r.decide(&mut t, v4(A), 64, J + 205), MatchResult::No);
        // The clock wraps too: a stamp just before the wrap is seen just after it.
        let mut t = table(31);
        rule(SET).decide(&mut t, v4(A), 64, u64::MAX - 10);
        let r = Recent {
            seconds: 1,
            ..rule(CHECK)
        };
        assert_eq!(r.decide(&mut t, v4(A), 64, 100), MatchResult::Yes);
        assert_eq!(r.decide(&mut t, v4(A), 64, 240), MatchResult::No);
    }

    #[test]
    fn update_only_stamps_on_a_match() {
        let mut t = table(31);
        rule(SET).decide(&mut t, v4(A), 64, J);
        let upd2 = Recent {
            hit_count: 2,
            ..rule(UPDATE)
        };
        assert_eq!(upd2.decide(&mut t, v4(A), 50, J + 1), MatchResult::No);
        let e = t.lookup(&v4(A), 0).unwrap();
        assert_eq!((t.nstamps(e), t.entry(e).ttl), (1, 64));
        rule(SET).decide(&mut t, v4(A), 64, J + 2);
        assert_eq!(upd2.decide(&mut t, v4(A), 50, J + 3), MatchResult::Yes);
        assert_eq!((t.nstamps(e), t.entry(e).ttl), (3, 50));
        // Inverted, a found-and-counted entry is "no match" and is not stamped.
        let inv = Recent {
            invert: true,
            ..upd2
        };
        assert_eq!(inv.decide(&mut t, v4(A), 50, J + 4), MatchResult::No);
        assert_eq!(t.nstamps(e), 3);
        // Inverted, too few hits is a match, which stamps.
        let inv9 = Recent {
            invert: true,
            hit_count: 9,
            ..upd2
        };
        assert_eq!(inv9.decide(&mut t, v4(A), 50, J + 5), MatchResult::Yes);
        assert_eq!(t.nstamps(e), 4);
    }

    #[test]
    fn rttl() {
        let mut t = table(31);
        rule(SET).decide(&mut t, v4(A), 64, J);
        let r = rule(CHECK | TTL);
        assert_eq!(r.decide(&mut t, v4(A), 64, J), MatchResult::Yes);
        assert_eq!(r.decide(&mut t, v4(A), 63, J), MatchResult::No);
        // Without --rttl the TTL is a wildcard; an entry with TTL 0 (written through /proc)
        // matches any.
        assert_eq!(rule(CHECK).decide(&mut t, v4(A), 63, J), MatchResult::Yes);
        t.apply(&ProcCmd::Add(v4(B)), J);
        assert_eq!(r.decide(&mut t, v4(B), 17, J), MatchResult::Yes);
        // --update --rttl stamps and takes the TTL.
        let u = rule(UPDATE | TTL);
        assert_eq!(u.decide(&mut t, v4(B), 17, J), MatchResult::Yes);
        assert_eq!(r.decide(&mut t, v4(B), 18, J), MatchResult::No);
        // --set finds the entry whatever its TTL and resets it.
        rule(SET).decide(&mut t, v4(A), 10, J);
        assert_eq!(t.len(), 2);
        assert_eq!(r.decide(&mut t, v4(A), 10, J), MatchResult::Yes);
    }

    #[test]
    fn reap() {
        let mut t = table(31);
        let set = rule(SET);
        set.decide(&mut t, v4(A), 64, J);
        set.decide(&mut t, v4(B), 64, J + 500);
        let reap = Recent {
            seconds: 1,
            ..rule(CHECK | REAP)
        };
        // A (the LRU head) was last seen 600 jiffies ago: B's check reaps it.
        assert_eq!(reap.decide(&mut t, v4(B), 64, J + 600), MatchResult::Yes);
        assert_eq!(entries(&t).len(), 1);
        assert!(t.lookup(&v4(A), 0).is_none());
        // Only the head is looked at, and only one entry goes per packet.
        let mut t = table(31);
        for (i, j) in [(1u8, J), (2, J + 1), (3, J + 2)] {
            set.decide(&mut t, v4([10, 0, 0, i]), 64, j);
        }
        assert_eq!(
            reap.decide(&mut t, v4([10, 0, 0, 9]), 64, J + 1000),
            MatchResult::No
        );
        assert_eq!(t.len(), 3);
        assert_eq!(
            reap.decide(&mut t, v4([10, 0, 0, 3]), 64, J + 1000),
            MatchResult::No
        );
        assert_eq!(t.len(), 2);
        // The working entry itself, when it does not match: reaped too.
        assert_eq!(
            reap.decide(&mut t, v4([10, 0, 0, 2]), 64, J + 1000),
            MatchResult::No
        );
        assert_eq!(t.len(), 1);
        // An --update that matches spares its own entry at the head, and stamps it.
        let mut t = table(31);
        set.decide(&mut t, v4(A), 64, J);
        let upd = Recent {
            seconds: 10,
            ..rule(UPDATE | REAP)
        };
        assert_eq!(upd.decide(&mut t, v4(A), 64, J + 100), MatchResult::Yes);
        assert_eq!(t.len(), 1);
        assert_eq!(upd.decide(&mut t, v4(A), 64, J + 100), MatchResult::Yes);
        assert_eq!(t.nstamps(t.lookup(&v4(A), 0).unwrap()), 3);
        // One that does not match reaps it.
        assert_eq!(upd.decide(&mut t, v4(A), 64, J + 10_000), MatchResult::No);
        assert!(t.is_empty());
    }

    #[test]
    fn full_list_evicts_the_least_recently_seen() {
        let mut t = table(31);
        let set = rule(SET);
        for i in 0..IP_LIST_TOT as u64 {
            let a = (0x0a00_0000 + i as u32).to_be_bytes();
            set.decide(&mut t, v4(a), 64, J + i);
        }
        assert_eq!(t.len(), IP_LIST_TOT);
        // Seeing the first again makes the second the oldest.
        set.decide(&mut t, v4([10, 0, 0, 0]), 64, J + 1000);
        set.decide(&mut t, v4([10, 1, 0, 0]), 64, J + 1001);
        assert_eq!(t.len(), IP_LIST_TOT);
        assert!(t.lookup(&v4([10, 0, 0, 0]), 0).is_some());
        assert!(t.lookup(&v4([10, 0, 0, 1]), 0).is_none());
        assert!(t.lookup(&v4([10, 0, 0, 2]), 0).is_some());
        // A check that fails does not refresh: 10.0.0.2 goes next.
        rule(CHECK).decide(&mut t, v4([10, 0, 0, 2]), 64, J + 1002);
        set.decide(&mut t, v4([10, 1, 0, 1]), 64, J + 1003);
        assert!(t.lookup(&v4([10, 0, 0, 2]), 0).is_none());
        assert_eq!(entries(&t).len(), IP_LIST_TOT);
        // A flush empties it; every entry can be reused.
        t.flush();
        assert!(t.is_empty());
        assert_eq!(show(&t), "");
        for i in 0..150u32 {
            set.decide(&mut t, v4((0x0b00_0000 + i).to_be_bytes()), 64, J);
        }
        assert_eq!(t.len(), IP_LIST_TOT);
        assert!(t
            .lookup(&v4((0x0b00_0000 + 49u32).to_be_bytes()), 0)
            .is_none());
        assert!(t
            .lookup(&v4((0x0b00_0000 + 50u32).to_be_bytes()), 0)
            .is_some());
    }

    #[test]
    fn ring_of_65536_wraps_its_index() {
        let mut t = table(nstamp_mask(65535));
        let set = rule(SET);
        for j in 0..65536u64 {
            set.decide(&mut t, v4(A), 64, J + j);
        }
        let e = t.lookup(&v4(A), 0).unwrap();
        // The index wrapped to 0; the last stamp is in the ring's last slot.
        assert_eq!(t.entry(e).index, 0);
        assert_eq!(t.nstamps(e), 65535);
        assert_eq!(t.last_stamp(e), J + 65535);
        let mut line = String::new();
        t.show_entry(0, &mut line).unwrap();
        assert!(line.starts_with(&format!(
            "src=10.0.0.1 ttl: 64 last_seen: {} oldest_pkt: 0 {J}, {}",
            J + 65535,
            J + 1
        )));
        // Upstream's loop counts `nstamps` stamps: the one in the last slot is never counted.
        let r = Recent {
            hit_count: 65535,
            ..rule(CHECK)
        };
        assert_eq!(r.decide(&mut t, v4(A), 64, J + 65535), MatchResult::Yes);
        let r = Recent {
            seconds: 1,
            hit_count: 1,
            ..rule(CHECK)
        };
        assert_eq!(
            r.decide(&mut t, v4(A), 64, J + 65535 + 250),
            MatchResult::No
        );
    }

    #[test]
    fn rdest_ttl_bump_and_the_packet_path() {
        let ns = Ns::new();
        let mut i = info(SET);
        i.side = XT_RECENT_DEST;
        let set_dst = load(&i, 1, &ns).unwrap();
        let mut i = info(CHECK | TTL);
        i.side = 7;
        let check_src = load(&i, 1, &ns).unwrap();
        let mut env = ns.env();
        let p = Packet {
            saddr: u32::from_be_bytes(B),
            daddr: u32::from_be_bytes(A),
            ttl: 255,
            ..icmp_packet()
        };
        env.out_without_own_sk = true;
        assert_eq!(set_dst.run(&p, &mut env), MatchResult::Yes);
        // The forwarded packet's TTL was one more: 255 + 1 wraps to 0.
        let d = ns.list(b"DEFAULT").unwrap();
        assert_eq!(
            show(&d.borrow()),
            format!(
                "src=10.0.0.1 ttl: 0 last_seen: {0} oldest_pkt: 1 {0}\n",
                HOST_JIFFIES
            )
        );
        // Side 7 is the source; TTL 0 in the entry matches any.
        let q = Packet {
            saddr: u32::from_be_bytes(A),
            ttl: 9,
            ..p
        };
        env.out_without_own_sk = false;
        assert_eq!(check_src.run(&q, &mut env), MatchResult::Yes);
        // A slot the kernel does not have drops the packet.
        let lost = Recent {
            slot: 5,
            ..check_src
        };
        assert_eq!(lost.run(&q, &mut env), MatchResult::HotDrop);
        assert_eq!(
            check_src.run(&q, &mut FakeEnv::default()),
            MatchResult::HotDrop
        );
    }

    #[test]
    fn a_ruleset_with_recent_rules() {
        // INPUT: ICMP from a listed source is dropped once it was seen 3 times within an hour;
        // every ICMP packet is listed by a user chain.
        let ns = Ns::new();
        let set = {
            let mut i = info(SET);
            i.name = name200(b"ping");
            recent_m(&i, 1)
        };
        let check = {
            let mut i = info(UPDATE);
            i.name = name200(b"ping");
            i.seconds = 3600;
            i.hit_count = 3;
            recent_m(&i, 1)
        };
        let icmp = |m: ExtSpec<'static>, t: T<'static>| R {
            ip: IptIp {
                proto: 1,
                ..IptIp::default()
            },
            matches: one(m),
            t,
        };
        let buf = filter(
            &[icmp(check, v(VERDICT_DROP)), r(T::Jump("seen"))],
            VERDICT_ACCEPT,
            &[("seen", &[icmp(set, v(XT_RETURN))])],
        );
        let rs = parse_replace(Table::Filter, &buf, &ns).unwrap().ruleset;
        assert_eq!(ns.slots.borrow().len(), 2);
        assert_eq!(ns.lists.borrow().len(), 1);
        let mut env = ns.env();
        let p = icmp_packet();
        let outcomes: Vec<Outcome> = (0..5)
            .map(|_| run_env(&rs, Hook::LocalIn, &p, &mut env).0)
            .collect();
        // Seen once, twice (sets); the third packet's update finds 2 stamps: accepted and
        // listed a third time; the fourth finds 3: dropped, and stamped.
        assert_eq!(
            outcomes,
            [
                Outcome::Accept,
                Outcome::Accept,
                Outcome::Accept,
                Outcome::Drop,
                Outcome::Drop
            ]
        );
        let l = ns.list(b"ping").unwrap();
        assert_eq!(l.borrow().nstamps(0), 5);
        // TCP is not listed.
        let tcp = pkt(&[]);
        assert_eq!(
            run_env(&rs, Hook::LocalIn, &tcp, &mut env).0,
            Outcome::Accept
        );
        assert_eq!(l.borrow().len(), 1);
        // A second request naming the list gets the same one, entries kept.
        let rs2 = parse_replace(Table::Filter, &buf, &ns).unwrap().ruleset;
        assert_eq!(ns.lists.borrow().len(), 1);
        let mut env = ns.env();
        assert_eq!(run_env(&rs2, Hook::LocalIn, &p, &mut env).0, Outcome::Drop);
        // Validation alone (the host's HostLoad) accepts the rules.
        assert!(parse_replace(Table::Filter, &buf, &HostLoad).is_ok());
    }

    #[test]
    fn proc_text() {
        let mut t = table(31);
        t.apply(&ProcCmd::Add(v4([192, 168, 1, 254])), 4_294_892_296);
        let v6 = parse_proc_write(b"+2001:db8::1:0:0:1\n").unwrap();
        t.apply(&v6, 7);
        t.apply(&v6, 8);
        let mut lines = entries(&t);
        lines.sort();
        assert_eq!(
            lines,
            [
                "src=192.168.1.254 ttl: 0 last_seen: 4294892296 oldest_pkt: 1 4294892296",
                "src=2001:0db8:0000:0000:0001:0000:0000:0001 ttl: 0 last_seen: 8 oldest_pkt: 2 7, 8"
            ]
        );
        assert!(!t.show_entry(2, &mut String::new()).unwrap());
        t.apply(&parse_proc_write(b"-2001:db8::1:0:0:1").unwrap(), 9);
        t.apply(&parse_proc_write(b"-1.2.3.4").unwrap(), 9);
        assert_eq!(t.len(), 1);
        t.apply(&parse_proc_write(b"/").unwrap(), 9);
        assert!(t.is_empty());
    }

    #[test]
    fn proc_order_is_the_hash_order() {
        let mut t = table(31);
        let addrs: Vec<[u8; 4]> = (1..=20u8).map(|i| [172, 16, i, 9]).collect();
        for a in &addrs {
            t.apply(&ProcCmd::Add(v4(*a)), 1);
        }
        let mut want: Vec<(u8, usize, [u8; 4])> = addrs
            .iter()
            .enumerate()
            .map(|(n, a)| (t.bucket_of(&v4(*a)), n, *a))
            .collect();
        want.sort();
        let got: Vec<String> = show(&t).lines().map(|l| l.into()).collect();
        let want: Vec<String> = want
            .iter()
            .map(|(_, _, a)| format!("src={} ttl: 0 last_seen: 1 oldest_pkt: 1 1", v4(*a)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn jhash_as_the_kernel() {
        assert_eq!(jhash_1word(0, 0), 76_781_240);
        assert_eq!(jhash_1word(0x0100_000a, 0x1234_5678), 1_055_634_240);
        assert_eq!(jhash_1word(0xffff_ffff, 7), 1_763_222_955);
        assert_eq!(jhash2_4([1, 2, 3, 4], 0), 1_716_064_838);
        assert_eq!(jhash2_4([1, 2, 3, 4], 0xdead_beef), 3_657_688_646);
    }

    #[test]
    fn proc_commands() {
        let add4 = |a| Some(ProcCmd::Add(v4(a)));
        assert_eq!(parse_proc_write(b"/"), Some(ProcCmd::Flush));
        assert_eq!(parse_proc_write(b"/anything"), Some(ProcCmd::Flush));
        assert_eq!(parse_proc_write(b"+1.2.3.4"), add4([1, 2, 3, 4]));
        assert_eq!(parse_proc_write(b"+1.2.3.4\n"), add4([1, 2, 3, 4]));
        assert_eq!(parse_proc_write(b"+1.2.3.4\nrubbish"), add4([1, 2, 3, 4]));
        assert_eq!(parse_proc_write(b"+1.2.3.4\0rubbish"), add4([1, 2, 3, 4]));
        assert_eq!(parse_proc_write(b"+001.02.3.255"), add4([1, 2, 3, 255]));
        assert_eq!(
            parse_proc_write(b"-10.0.0.1"),
            Some(ProcCmd::Remove(v4([10, 0, 0, 1])))
        );
        for bad in [
            &b""[..],
            b"x1.2.3.4",
            b" +1.2.3.4",
            b"+",
            b"+1.2.3",
            b"+1.2.3.4.5",
            b"+1.2.3.256",
            b"+1..2.3",
            b"+.1.2.3",
            b"+1.2.3.4 ",
            b"+1.2.3.a",
            b"+0x1.2.3.4",
            b"-",
        ] {
            assert_eq!(
                parse_proc_write(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let v6 = |s: &[u8]| match parse_proc_write(s) {
            Some(ProcCmd::Add(a)) => {
                assert_eq!(a.family, AddrFamily::V6);
                Some(a.bytes)
            }
            _ => None,
        };
        let mut one = [0u8; 16];
        one[15] = 1;
        assert_eq!(v6(b"+::1"), Some(one));
        assert_eq!(v6(b"+::"), Some([0; 16]));
        assert_eq!(v6(b"+0:0:0:0:0:0:0:1\n"), Some(one));
        assert_eq!(v6(b"+0000:0:0:0:0:0:0:00001"), Some(one));
        let mut m = [0u8; 16];
        m[10] = 0xff;
        m[11] = 0xff;
        m[12..].copy_from_slice(&[1, 2, 3, 4]);
        assert_eq!(v6(b"+::ffff:1.2.3.4"), Some(m));
        let full: Vec<u8> = (1..=8u8).flat_map(|i| [0, i]).collect();
        assert_eq!(v6(b"+1:2:3:4:5:6:7:8").map(|b| b.to_vec()), Some(full));
        let mut fe = [0u8; 16];
        fe[0] = 0xfe;
        fe[1] = 0x80;
        fe[14] = 0xab;
        fe[15] = 0xcd;
        assert_eq!(v6(b"+FE80::ABCD"), Some(fe));
        let mut last = [0u8; 16];
        last[0] = 0;
        last[1] = 1;
        assert_eq!(v6(b"+1::"), Some(last));
        for bad in [
            &b"+1::2::3"[..],
            b"+1:2:3:4:5:6:7:8:9",
            b"+1:2:3:4:5:6:7",
            b"+12345::1",
            b"+:1",
            b"+1:",
            b"+g::1",
            b"+::1.2.3",
            b"+1.2.3.4::",
        ] {
            assert_eq!(v6(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
        // The longest address there is room for.
        assert!(v6(b"+b335:1d35:1e55:dead:c0de:1715:255.255.255.255").is_some());
        assert_eq!(
            PROC_WRITE_MAX,
            b"+b335:1d35:1e55:dead:c0de:1715:255.255.255.255".len() + 1
        );
        // IPv6 entries are their own: never found by IPv4 lookups.
        let mut t = table(31);
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&A);
        t.apply(
            &ProcCmd::Add(Addr {
                family: AddrFamily::V6,
                bytes: b,
            }),
            1,
        );
        assert_eq!(rule(CHECK).decide(&mut t, v4(A), 64, 2), MatchResult::No);
        // `+` of a listed address stamps it again; TTL and index as upstream.
        t.apply(&ProcCmd::Add(v4(A)), 3);
        t.apply(&ProcCmd::Add(v4(A)), 4);
        let e = t.lookup(&v4(A), 0).unwrap();
        assert_eq!((t.nstamps(e), t.entry(e).ttl, t.entry(e).index), (2, 0, 2));
        assert_eq!(t.len(), 2);
    }
}
