// SPDX-License-Identifier: GPL-2.0

//! A sub-linear classifier behind [`super::eval::evaluate`]: built once per replace from the
//! validated rules, it tells the walk which rules it may skip because they cannot match a
//! packet, so that the walk runs its full checks (`ip_packet_match`, the matches, the target)
//! only on the rules that could. The results are exactly the linear walk's: the same verdict,
//! and the same rules counted in the same order.
//!
//! # Segments
//!
//! The rules are cut into segments (contiguous ranges of rule indices) at every hook entry,
//! after every hook's policy rule and after every ERROR entry: with a table laid out as libiptc
//! lays it out, a segment is one chain. The cuts are a matter of speed only: a lookup from rule
//! `idx` answers the smallest rule index `j >= idx` of `idx`'s segment whose *indexable part*
//! could match, and when no rule of the segment could, it goes on in the next segment, exactly
//! as the linear walk would fall through them. So no layout assumption is needed for
//! correctness, however hostile the table.
//!
//! # Tuples (TupleMerge-lite)
//!
//! Within a segment the rules are grouped by a tuple: the class of the source prefix, the class
//! of the destination prefix (the number of leading one bits of the mask, rounded down to 0, 8,
//! 16, 24 or 32; an inverted address is class 0), whether the protocol counts (set, below 256,
//! not inverted) and whether the destination port counts (the rule's first match is `tcp` or
//! `udp` with a single destination port, not inverted, and the rule's protocol is that
//! protocol). A rule can only match a packet whose masked fields equal the rule's masked
//! fields, because the class mask is a subset of the rule's own mask; so each tuple maps the
//! masked key to the sorted indices of its rules in an open-addressing hash table, and a lookup
//! probes every tuple of the segment with the packet's key and binary-searches the first index
//! `>= idx`, keeping the minimum.
//!
//! Skipping a rule changes nothing the walk can observe: a rule whose address or protocol key
//! differs fails `ip_packet_match`, so the linear walk runs none of its matches either; a rule
//! whose port differs fails its first match (the stateless `tcp`/`udp` match), so the linear
//! walk runs none of the later ones. Stateful matches (`limit`, `statistic`, `recent`) therefore
//! see the same packets.
//!
//! # Ports, fragments, truncated packets
//!
//! The packet's destination port is used only when `frag_off` is 0 and the transport bytes
//! are long enough that the `tcp` match (20 bytes) or `udp` match (8 bytes) could not hotdrop.
//! A first fragment shorter than that, and a TCP fragment at offset 1 (which the `tcp` match
//! hotdrops), make the lookup answer `idx` itself: the walk is linear for that packet, since a
//! skipped rule could have dropped it. Any other non-first fragment, and any other protocol,
//! cannot match a port rule (the `tcp` and `udp` matches return false on fragments), so port
//! tuples give no candidates for them.
//!
//! # Costs
//!
//! With `n` rules, of which `k` are distinct keys within their tuple and segment, and at most
//! [`MAX_TUPLES`] tuples per segment:
//!
//! - build: `O(n log n)` time (a heapsort per segment, no recursion), plus up to [`SEEDS`]
//!   attempts at each tuple's hash table (`O(k)` each);
//! - memory, as [`Classifier::memory_bytes`] counts it (the arrays are allocated to their exact
//!   length), at most [`BYTES_PER_RULE_BOUND`] bytes per rule plus [`BYTES_FIXED`]: 4 (the
//!   segment of each rule) + 4 (its place in a list) + at most 4 hash slots of 20 bytes per
//!   distinct key (capacity the power of two at or above twice the keys) + at most one tuple
//!   (24 bytes) and one segment (12 bytes) per rule. The build itself needs, transiently, 16
//!   bytes per rule of the largest segment, and up to three times the final size of the
//!   arrays while they grow and are copied to their exact length;
//! - lookup: per segment visited, at most one probe sequence per non-empty tuple (at most
//!   `min(MAX_TUPLES, segment length)`), each at most the tuple's longest probe (kept at or below
//!   [`MAX_PROBE`] unless every seed failed), plus a binary search of the key's list.
//!   No allocation, no recursion, no floating point.
//!
//! Segments shorter than the threshold given to [`Classifier::build`] ([`MIN_CHAIN`] by default),
//! or with fewer rules per tuple than its other threshold ([`MIN_RULES_PER_TUPLE`]), stay
//! linear: the lookup answers `idx` there.

use super::abi::{proto, IPT_INV_DSTIP, IPT_INV_PROTO, IPT_INV_SRCIP};
use super::eval::Packet;
use super::ext::tcpudp::{be16, XT_TCP_INV_DSTPT, XT_UDP_INV_DSTPT};
use super::ext::Match;
use super::parse::{Rule, Target};
use super::vec::{AllocError, OVec};

/// The default threshold: segments with fewer rules stay linear. Set from the host
/// microbenchmark (Documentation/design.md): below it, the linear walk over rules that do not
/// match costs no more than a lookup.
pub const MIN_CHAIN: u32 = 16;

/// The default least number of rules per tuple for a segment to be indexed (a lookup costs
/// about as much per tuple as the walk per rule: see Documentation/design.md).
pub const MIN_RULES_PER_TUPLE: u32 = 2;

/// The number of tuples: 5 source classes, 5 destination classes, protocol or not, port or not.
pub const MAX_TUPLES: usize = 100;

/// How many hash seeds the build tries per tuple before it keeps the best table.
pub const SEEDS: u32 = 4;

/// The longest probe sequence the build accepts without trying another seed.
pub const MAX_PROBE: u32 = 32;

/// The bound on [`Classifier::memory_bytes`] per rule (see the module documentation).
pub const BYTES_PER_RULE_BOUND: usize = 4
    + 4
    + 4 * core::mem::size_of::<Slot>()
    + core::mem::size_of::<Tuple>()
    + core::mem::size_of::<Segment>();

/// The part of the memory bound that does not grow with the rules.
pub const BYTES_FIXED: usize = core::mem::size_of::<Classifier>();

/// `seg_of` value of a rule in a segment that stays linear.
const LINEAR: u32 = u32::MAX;

/// One indexed segment.
#[derive(Clone, Copy, Debug, Default)]
struct Segment {
    /// One past the segment's last rule.
    end: u32,
    /// The segment's first tuple in [`Classifier::tuples`].
    tuples_start: u32,
    /// How many tuples the segment has (non-empty ones only).
    tuples_len: u32,
}

/// Flag of [`Tuple::kind`]: the protocol is part of the key.
const HAS_PROTO: u8 = 1;
/// Flag of [`Tuple::kind`]: the destination port is part of the key.
const HAS_PORT: u8 = 2;

/// One tuple of a segment: which fields its key holds, and where its hash table is.
#[derive(Clone, Copy, Debug, Default)]
struct Tuple {
    /// The source mask of the class.
    smask: u32,
    /// The destination mask of the class.
    dmask: u32,
    /// The table's first slot in [`Classifier::slots`].
    slots_start: u32,
    /// The table's capacity minus one (a power of two minus one).
    mask: u32,
    /// The longest probe sequence of any key (0: found at its home slot).
    max_probe: u32,
    /// The hash seed the table was built with.
    seed: u16,
    /// [`HAS_PROTO`] and [`HAS_PORT`].
    kind: u8,
}

/// One slot of a hash table: a key and its list of rule indices. `len == 0` is empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slot {
    src: u32,
    dst: u32,
    /// Protocol `<< 16 |` destination port.
    pd: u32,
    /// The list's first element in [`Classifier::lists`].
    start: u32,
    /// The list's length.
    len: u32,
}

/// The classifier of a ruleset (see the module documentation).
#[derive(Debug)]
pub struct Classifier {
    /// For every rule, its segment in `segments`, or [`LINEAR`].
    seg_of: OVec<u32>,
    segments: OVec<Segment>,
    tuples: OVec<Tuple>,
    slots: OVec<Slot>,
    /// Every list of rule indices, each sorted, back to back.
    lists: OVec<u32>,
}

/// The mask of prefix class `c` (0, 8, 16, 24 or 32 bits).
fn class_mask(bits: u32) -> u32 {
    u32::MAX
        .checked_shl(32u32.saturating_sub(bits))
        .unwrap_or(0)
}

/// The prefix class of a rule's address: the leading one bits of `mask` rounded down to a
/// multiple of 8, or 0 if the address test is inverted.
fn class_of(mask: u32, inverted: bool) -> u32 {
    if inverted {
        0
    } else {
        mask.leading_ones() & !7
    }
}

/// The index (0..5) of a class of 0, 8, 16, 24 or 32 bits.
fn class_index(bits: u32) -> u32 {
    bits / 8
}

/// The single destination port a rule's first match requires, if it is `tcp` or `udp` for the
/// rule's own (non-inverted) protocol.
fn rule_port(rule: &Rule) -> Option<u16> {
    if rule.ip.invflags & IPT_INV_PROTO != 0 {
        return None;
    }
    let (dpts, inv) = match (rule.matches.first(), rule.ip.proto) {
        (Some(Match::Tcp(t)), proto::TCP) => (t.0.dpts, t.0.invflags & XT_TCP_INV_DSTPT != 0),
        (Some(Match::Udp(u)), proto::UDP) => (u.0.dpts, u.0.invflags & XT_UDP_INV_DSTPT != 0),
        _ => return None,
    };
    let [lo, hi] = dpts;
    (lo == hi && !inv).then_some(lo)
}

/// A rule's tuple and key, packed for sorting: tuple (7 bits) `<< 120 |` source key `<< 88 |`
/// destination key `<< 56 |` protocol and port (24 bits) `<< 32 |` rule index.
fn rule_key(rule: &Rule, idx: u32) -> u128 {
    let ip = &rule.ip;
    let sbits = class_of(ip.smsk, ip.invflags & IPT_INV_SRCIP != 0);
    let dbits = class_of(ip.dmsk, ip.invflags & IPT_INV_DSTIP != 0);
    let proto = u8::try_from(ip.proto)
        .ok()
        .filter(|&p| p != 0 && ip.invflags & IPT_INV_PROTO == 0);
    let port = proto.and(rule_port(rule));
    let kind = u32::from(proto.is_some()) | (u32::from(port.is_some()) << 1);
    let tuple = (class_index(sbits) * 5 + class_index(dbits)) * 4 + kind;
    let pd = (u32::from(proto.unwrap_or(0)) << 16) | u32::from(port.unwrap_or(0));
    (u128::from(tuple) << 120)
        | (u128::from(ip.src & class_mask(sbits)) << 88)
        | (u128::from(ip.dst & class_mask(dbits)) << 56)
        | (u128::from(pd) << 32)
        | u128::from(idx)
}

/// The parts of a packed key.
struct Unpacked {
    tuple: u32,
    src: u32,
    dst: u32,
    pd: u32,
    idx: u32,
}

fn unpack(k: u128) -> Unpacked {
    // CAST: each field is masked to its width first.
    Unpacked {
        tuple: ((k >> 120) & 0x7f) as u32,
        src: ((k >> 88) & 0xffff_ffff) as u32,
        dst: ((k >> 56) & 0xffff_ffff) as u32,
        pd: ((k >> 32) & 0xff_ffff) as u32,
        idx: (k & 0xffff_ffff) as u32,
    }
}

/// The tuple's masks and kind from its number.
fn tuple_shape(tuple: u32) -> (u32, u32, u8) {
    let kind = tuple % 4;
    let sd = tuple / 4;
    // CAST: `kind < 4`.
    (
        class_mask((sd / 5) * 8),
        class_mask((sd % 5) * 8),
        kind as u8,
    )
}

/// The hash of a key under `seed` (a 64-bit multiply-xorshift mix).
fn hash(src: u32, dst: u32, pd: u32, seed: u16) -> u32 {
    let mut h = (u64::from(src) << 32) | u64::from(dst);
    h ^= u64::from(pd).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(seed);
    h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    // CAST: truncation is the point.
    h as u32
}

/// Swaps `v[a]` and `v[b]` if both are in range.
fn swap(v: &mut [u128], a: usize, b: usize) {
    if a < v.len() && b < v.len() {
        v.swap(a, b);
    }
}

/// Sorts `v` in place (heapsort: `O(n log n)`, no recursion, no allocation).
fn heapsort(v: &mut [u128]) {
    fn sift_down(v: &mut [u128], mut root: usize, end: usize) {
        loop {
            let Some(mut child) = root.checked_mul(2).and_then(|c| c.checked_add(1)) else {
                return;
            };
            if child >= end {
                return;
            }
            if child + 1 < end && v.get(child) < v.get(child + 1) {
                child += 1;
            }
            if v.get(root) >= v.get(child) {
                return;
            }
            swap(v, root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift_down(v, i, n);
    }
    for end in (1..n).rev() {
        swap(v, 0, end);
        sift_down(v, 0, end);
    }
}

/// One distinct key of a tuple during the build.
#[derive(Clone, Copy, Default)]
struct KeyRun {
    src: u32,
    dst: u32,
    pd: u32,
    start: u32,
    len: u32,
}

/// Where lookups on a packet stand: its key, or linear for this packet.
struct PacketKey {
    saddr: u32,
    daddr: u32,
    /// Protocol `<< 16`.
    proto: u32,
    /// Protocol `<< 16 |` destination port, if port tuples can match.
    port: Option<u32>,
}

impl PacketKey {
    /// The key of `pkt`, or `None` if the walk must be linear for it (a skipped port rule
    /// could have hotdropped it).
    fn of(pkt: &Packet<'_>) -> Option<Self> {
        let tcp = u16::from(pkt.protocol) == proto::TCP;
        let udp = u16::from(pkt.protocol) == proto::UDP;
        let proto = u32::from(pkt.protocol) << 16;
        let port = if pkt.frag_off != 0 {
            // `tcp_mt` hotdrops at offset 1; otherwise both return false on fragments.
            if tcp && pkt.frag_off == 1 {
                return None;
            }
            None
        } else if tcp || udp {
            // `tcp_mt` hotdrops below 20 bytes, `udp_mt` below 8.
            if pkt.l4.len() < if tcp { 20 } else { 8 } {
                return None;
            }
            be16(pkt.l4, 2).map(|p| proto | u32::from(p))
        } else {
            None
        };
        Some(PacketKey {
            saddr: pkt.saddr,
            daddr: pkt.daddr,
            proto,
            port,
        })
    }
}

impl Classifier {
    /// Builds the classifier of `rules`, cut into segments at `cuts` (hook entries and the
    /// rules after policies; the rules after ERROR entries are added here), indexing the
    /// segments of at least `min_chain` rules and at least `min_rules_per_tuple` rules per
    /// tuple. `None` if no segment qualifies.
    pub fn build(
        rules: &[Rule],
        cuts: impl Iterator<Item = u32>,
        min_chain: u32,
        min_rules_per_tuple: u32,
    ) -> Result<Option<Classifier>, AllocError> {
        let n = rules.len();
        // Segment starts: a flag per rule.
        let mut start = OVec::try_filled(false, n)?;
        if let Some(s) = start.get_mut(0) {
            *s = true;
        }
        for c in cuts {
            if let Some(s) = start.get_mut(c as usize) {
                *s = true;
            }
        }
        for (i, r) in rules.iter().enumerate() {
            if r.target == Target::Error {
                if let Some(s) = start.get_mut(i.saturating_add(1)) {
                    *s = true;
                }
            }
        }
        // The segments as (start, end), and the longest indexed one.
        let mut ranges: OVec<(u32, u32)> = OVec::new();
        let mut longest = 0usize;
        let mut indexed_rules = 0usize;
        let mut i = 0usize;
        while i < n {
            let mut j = i + 1;
            while j < n && !start.get(j).copied().unwrap_or(true) {
                j += 1;
            }
            if j - i >= min_chain.max(1) as usize {
                // CAST: rule indices fit in `u32`.
                ranges.try_push((i as u32, j as u32))?;
                longest = longest.max(j - i);
                indexed_rules += j - i;
            }
            i = j;
        }
        drop(start);
        if ranges.is_empty() {
            return Ok(None);
        }

        let mut seg_of = OVec::try_filled(LINEAR, n)?;
        let mut segments: OVec<Segment> = OVec::new();
        let mut tuples: OVec<Tuple> = OVec::new();
        let mut slots: OVec<Slot> = OVec::new();
        let mut lists: OVec<u32> = OVec::try_with_capacity(indexed_rules)?;
        let mut keys = OVec::try_filled(0u128, longest)?;
        let mut runs: OVec<KeyRun> = OVec::new();

        for &(s, e) in ranges.iter() {
            let len = (e - s) as usize;
            let keys = keys.get_mut(..len).ok_or(AllocError)?;
            for (k, (off, rule)) in keys
                .iter_mut()
                .zip(rules.iter().enumerate().skip(s as usize))
            {
                // CAST: rule indices fit in `u32`.
                *k = rule_key(rule, off as u32);
            }
            heapsort(keys);
            // A lookup probes every tuple: with too few rules per tuple the walk is cheaper.
            let ntuples = 1 + keys
                .windows(2)
                .filter(|w| match w {
                    [a, b] => unpack(*a).tuple != unpack(*b).tuple,
                    _ => false,
                })
                .count();
            if ntuples.saturating_mul(min_rules_per_tuple as usize) > len {
                continue;
            }
            // CAST: fewer segments than rules.
            let seg = segments.len() as u32;
            // CAST: fewer tuples than rules.
            let tuples_start = tuples.len() as u32;
            let mut a = 0usize;
            while a < len {
                let tuple = unpack(keys.get(a).copied().unwrap_or(0)).tuple;
                let mut b = a;
                // The tuple's distinct keys, their lists appended to `lists`.
                let mut nruns = 0usize;
                while let Some(k) = keys.get(b).map(|&k| unpack(k)) {
                    if k.tuple != tuple {
                        break;
                    }
                    let fresh = match nruns.checked_sub(1).and_then(|r| runs.get_mut(r)) {
                        Some(r) if r.src == k.src && r.dst == k.dst && r.pd == k.pd => {
                            r.len += 1;
                            false
                        }
                        _ => true,
                    };
                    if fresh {
                        let run = KeyRun {
                            src: k.src,
                            dst: k.dst,
                            pd: k.pd,
                            // CAST: fewer list entries than rules.
                            start: lists.len() as u32,
                            len: 1,
                        };
                        match runs.get_mut(nruns) {
                            Some(r) => *r = run,
                            None => runs.try_push(run)?,
                        }
                        nruns += 1;
                    }
                    lists.try_push(k.idx)?;
                    b += 1;
                }
                let table = Self::hash_table(runs.get(..nruns).unwrap_or(&[]), &mut slots)?;
                let (smask, dmask, kind) = tuple_shape(tuple);
                tuples.try_push(Tuple {
                    smask,
                    dmask,
                    kind,
                    ..table
                })?;
                a = b;
            }
            // CAST: fewer tuples than rules.
            let tuples_len = tuples.len() as u32 - tuples_start;
            segments.try_push(Segment {
                end: e,
                tuples_start,
                tuples_len,
            })?;
            for x in seg_of.get_mut(s as usize..e as usize).unwrap_or(&mut []) {
                *x = seg;
            }
        }
        drop(keys);
        drop(runs);
        if segments.is_empty() {
            return Ok(None);
        }
        // Exact-size copies, so that the resident memory is what `memory_bytes` counts.
        Ok(Some(Classifier {
            seg_of,
            segments: exact(&segments)?,
            tuples: exact(&tuples)?,
            slots: exact(&slots)?,
            lists: exact(&lists)?,
        }))
    }

    /// Appends the hash table of `runs` to `slots`: capacity the power of two at or above
    /// twice the keys, linear probing, the best of [`SEEDS`] seeds. Returns the tuple with its
    /// table fields set.
    fn hash_table(runs: &[KeyRun], slots: &mut OVec<Slot>) -> Result<Tuple, AllocError> {
        let cap = runs
            .len()
            .checked_mul(2)
            .and_then(usize::checked_next_power_of_two)
            .ok_or(AllocError)?
            .max(2);
        let base = slots.len();
        for _ in 0..cap {
            slots.try_push(Slot::default())?;
        }
        let table = slots.get_mut(base..).ok_or(AllocError)?;
        // CAST: `cap` is at most four times the rules.
        let mask = (cap - 1) as u32;
        let mut best: Option<(u16, u32)> = None;
        for seed in 0..SEEDS {
            // CAST: `SEEDS` is small.
            let seed = seed as u16;
            let probe = Self::fill(table, runs, mask, seed);
            if best.is_none_or(|(_, p)| probe < p) {
                best = Some((seed, probe));
            }
            if probe <= MAX_PROBE {
                break;
            }
        }
        let (seed, max_probe) = best.unwrap_or((0, 0));
        if Self::fill(table, runs, mask, seed) != max_probe {
            return Err(AllocError);
        }
        Ok(Tuple {
            // CAST: the slots number at most four times the rules.
            slots_start: base as u32,
            mask,
            max_probe,
            seed,
            ..Tuple::default()
        })
    }

    /// Fills `table` (cleared first) with `runs` under `seed`; returns the longest probe.
    fn fill(table: &mut [Slot], runs: &[KeyRun], mask: u32, seed: u16) -> u32 {
        table.fill(Slot::default());
        let mut longest = 0u32;
        for r in runs {
            let home = hash(r.src, r.dst, r.pd, seed);
            let mut d = 0u32;
            loop {
                let at = (home.wrapping_add(d) & mask) as usize;
                match table.get_mut(at) {
                    Some(slot) if slot.len == 0 => {
                        *slot = Slot {
                            src: r.src,
                            dst: r.dst,
                            pd: r.pd,
                            start: r.start,
                            len: r.len,
                        };
                        break;
                    }
                    Some(_) if d < mask => d += 1,
                    // Full: cannot happen at a load factor of at most one half.
                    _ => break,
                }
            }
            longest = longest.max(d);
        }
        longest
    }

    /// The smallest rule index `j >= idx` that could match `pkt`: in `idx`'s segment, or, if
    /// no rule of it could, in the segments after it. `idx` itself if `idx` is in a segment
    /// that stays linear or the packet needs the linear walk; the number of rules if no rule
    /// from `idx` on could match (the linear walk would run off the end there too).
    pub fn next_candidate(&self, idx: u32, pkt: &Packet<'_>) -> u32 {
        let Some(key) = PacketKey::of(pkt) else {
            return idx;
        };
        let mut at = idx;
        loop {
            let Some(&seg) = self.seg_of.get(at as usize) else {
                return at;
            };
            let Some(s) = self.segments.get(seg as usize) else {
                return at;
            };
            let best = self.in_segment(s, at, &key);
            if best < s.end {
                return best;
            }
            // No rule of the segment could match: the walk falls through all of them.
            if s.end <= at {
                return at;
            }
            at = s.end;
        }
    }

    /// The smallest candidate `>= at` of segment `s`, or `s.end`.
    fn in_segment(&self, s: &Segment, at: u32, key: &PacketKey) -> u32 {
        let mut best = s.end;
        let start = s.tuples_start as usize;
        let end = start.saturating_add(s.tuples_len as usize);
        for t in self.tuples.get(start..end).unwrap_or(&[]) {
            let pd = if t.kind & HAS_PORT != 0 {
                match key.port {
                    Some(p) => p,
                    None => continue,
                }
            } else if t.kind & HAS_PROTO != 0 {
                key.proto
            } else {
                0
            };
            let src = key.saddr & t.smask;
            let dst = key.daddr & t.dmask;
            let Some(list) = self.find(t, src, dst, pd) else {
                continue;
            };
            let i = list.partition_point(|&r| r < at);
            if let Some(&j) = list.get(i) {
                if j < best {
                    best = j;
                    if j == at {
                        break;
                    }
                }
            }
        }
        best
    }

    /// The list of tuple `t`'s key `(src, dst, pd)`.
    fn find(&self, t: &Tuple, src: u32, dst: u32, pd: u32) -> Option<&[u32]> {
        let home = hash(src, dst, pd, t.seed);
        let table = self
            .slots
            .get(t.slots_start as usize..)?
            .get(..(t.mask as usize).checked_add(1)?)?;
        for d in 0..=t.max_probe {
            let slot = table.get((home.wrapping_add(d) & t.mask) as usize)?;
            if slot.len == 0 {
                return None;
            }
            if slot.src == src && slot.dst == dst && slot.pd == pd {
                let from = slot.start as usize;
                return self.lists.get(from..from.checked_add(slot.len as usize)?);
            }
        }
        None
    }

    /// The bytes the classifier holds: every array at its exact length, and the struct.
    pub fn memory_bytes(&self) -> usize {
        use core::mem::size_of;
        size_of::<Self>()
            + self.seg_of.len() * size_of::<u32>()
            + self.segments.len() * size_of::<Segment>()
            + self.tuples.len() * size_of::<Tuple>()
            + self.slots.len() * size_of::<Slot>()
            + self.lists.len() * size_of::<u32>()
    }

    /// The number of indexed segments.
    pub fn segments(&self) -> usize {
        self.segments.len()
    }

    /// The number of tuples over all indexed segments.
    pub fn tuples(&self) -> usize {
        self.tuples.len()
    }
}

/// A copy of `v` allocated to its exact length.
fn exact<T: Clone>(v: &OVec<T>) -> Result<OVec<T>, AllocError> {
    let mut out = OVec::try_with_capacity(v.len())?;
    out.try_extend_from_slice(v)?;
    Ok(out)
}
