// SPDX-License-Identifier: GPL-2.0

//! `IPT_SO_SET_REPLACE`: validates a hostile `ipt_replace` buffer once, with every check of
//! `do_replace`/`translate_table` (`net/ipv4/netfilter/ip_tables.c`) and
//! `xt_check_entry_offsets` (`net/netfilter/x_tables.c`), and turns it into an owned, typed
//! [`Ruleset`] in which every jump is a rule index. The packet path never reads the user's
//! offsets again.
//!
//! The checks run in upstream's order, so a buffer with several defects fails with the errno
//! upstream would return: header, then entry layout in blob order, entry count, hook points,
//! loop detection, then extensions in blob order, then the table name and hook mask.

use super::abi::{
    self, c_str, c_str_eq, ipt_entry, xt_entry, GetInfo, IptIp, ReplaceHeader, IPT_F_GOTO,
    IPT_F_MASK, IPT_INV_MASK, IPT_INV_PROTO, IPT_REPLACE_SIZE, NF_IP_NUMHOOKS,
    XT_ERROR_TARGET_SIZE, XT_FUNCTION_MAXNAMELEN, XT_STANDARD_TARGET_SIZE,
};
use super::classifier::{Classifier, MIN_CHAIN, MIN_RULES_PER_TUPLE};
use super::env::LoadEnv;
use super::error::{Error, Reject};
use super::ext::{self, CheckParam, CheckedTarget, Match, Needs, TargetExt};
use super::tables::{Hook, Table};
use super::vec::{AllocError, OVec};

/// The base match of a rule (`struct ipt_ip`), with addresses as host-order integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IpMatch {
    /// Source address.
    pub src: u32,
    /// Source mask.
    pub smsk: u32,
    /// Destination address.
    pub dst: u32,
    /// Destination mask.
    pub dmsk: u32,
    /// Input interface name.
    pub iniface: [u8; abi::IFNAMSIZ],
    /// Per-byte mask of the input interface name.
    pub iniface_mask: [u8; abi::IFNAMSIZ],
    /// Output interface name.
    pub outiface: [u8; abi::IFNAMSIZ],
    /// Per-byte mask of the output interface name.
    pub outiface_mask: [u8; abi::IFNAMSIZ],
    /// Protocol, 0 for any (a `u16` like upstream: values above 255 never match).
    pub proto: u16,
    /// `IPT_F_*` bits (only known bits).
    pub flags: u8,
    /// `IPT_INV_*` bits (only known bits).
    pub invflags: u8,
    /// Which interface masks are not all zero ([`IpMatch::IN_IFACE`], [`IpMatch::OUT_IFACE`]):
    /// an all-zero mask matches every device, so the walk skips the comparison.
    pub ifaces: u8,
}

impl IpMatch {
    /// [`IpMatch::ifaces`]: the input interface mask has a bit set.
    pub const IN_IFACE: u8 = 1;
    /// [`IpMatch::ifaces`]: the output interface mask has a bit set.
    pub const OUT_IFACE: u8 = 2;

    fn from_wire(ip: &IptIp) -> Self {
        let set =
            |m: &[u8; abi::IFNAMSIZ], bit: u8| if m.iter().any(|&b| b != 0) { bit } else { 0 };
        Self {
            src: u32::from_be_bytes(ip.src),
            smsk: u32::from_be_bytes(ip.smsk),
            dst: u32::from_be_bytes(ip.dst),
            dmsk: u32::from_be_bytes(ip.dmsk),
            iniface: ip.iniface,
            iniface_mask: ip.iniface_mask,
            outiface: ip.outiface,
            outiface_mask: ip.outiface_mask,
            proto: ip.proto,
            flags: ip.flags,
            invflags: ip.invflags,
            ifaces: set(&ip.iniface_mask, Self::IN_IFACE) | set(&ip.outiface_mask, Self::OUT_IFACE),
        }
    }
}

/// What a rule does when it matches. Jumps are resolved to rule indices at load time.
#[derive(Debug, PartialEq)]
pub enum Target {
    /// Standard verdict `NF_ACCEPT`.
    Accept,
    /// Standard verdict `NF_DROP`.
    Drop,
    /// Standard verdict `NF_QUEUE` (queue 0).
    Queue,
    /// `XT_RETURN`: back to the caller, or the hook's policy at the bottom of the stack.
    Return,
    /// Jump to this rule, pushing the return point.
    Jump(u32),
    /// Continue at this rule without pushing: `-g`, and also a jump to the very next rule,
    /// which upstream does not push either.
    Goto(u32),
    /// The ERROR target (`ipt_error`): drops the packet.
    Error,
    /// A standard jump to an offset that is not an entry start, in a rule no hook can reach.
    /// Upstream accepts it because it never runs; oxtables drops if it ever did.
    Unreachable,
    /// A target that acts on the packet (NAT, `NOTRACK`, ...): its [`ext::TargetVerdict`]
    /// decides what follows.
    Ext(TargetExt),
}

/// One validated rule.
#[derive(Debug)]
pub struct Rule {
    /// The base match.
    pub ip: IpMatch,
    /// Further matches, all of which must match.
    pub matches: OVec<Match>,
    /// The target.
    pub target: Target,
    /// Byte offset of the entry in the blob.
    pub offset: u32,
    /// Bit mask of the hooks that can reach this rule (upstream's `comefrom`).
    pub hooks: u8,
    /// `unconditional()`: no matches and an all-zero `ipt_ip` (what TRACE calls a chain's tail
    /// when its target is a standard verdict).
    pub uncond: bool,
}

/// A user-defined chain: an ERROR entry naming it, followed by its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserChain {
    /// The chain name (NUL-terminated inside the field).
    pub name: [u8; XT_FUNCTION_MAXNAMELEN],
    /// Index of the ERROR entry heading the chain.
    pub head: u32,
}

impl UserChain {
    /// The chain name without its NUL padding.
    pub fn name(&self) -> &[u8] {
        c_str(&self.name)
    }
}

/// A validated table: typed rules, hook entry points and the blob to hand back.
#[derive(Debug)]
pub struct Ruleset {
    name: [u8; abi::XT_TABLE_MAXNAMELEN],
    rules: OVec<Rule>,
    hook_entry: [Option<u32>; NF_IP_NUMHOOKS],
    underflow: [Option<u32>; NF_IP_NUMHOOKS],
    valid_hooks: u32,
    stack_size: u32,
    chains: OVec<UserChain>,
    blob: OVec<u8>,
    needs: Needs,
    /// The classifier [`super::eval::evaluate`] consults, if any segment is indexed.
    classifier: Option<Classifier>,
}

impl Ruleset {
    /// The rules, in blob order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The classifier the walk consults to skip rules that cannot match, if there is one
    /// (`None`: the walk is linear).
    pub fn classifier(&self) -> Option<&Classifier> {
        self.classifier.as_ref()
    }

    /// Turns the classifier on (built with the default thresholds [`MIN_CHAIN`] and
    /// [`MIN_RULES_PER_TUPLE`], unless one is
    /// already there) or off (freed: the walk is then linear, as `ip_tables` is). A replace
    /// builds it by default; call this before the ruleset goes live.
    pub fn set_classifier(&mut self, on: bool) -> Result<(), AllocError> {
        if !on {
            self.classifier = None;
        } else if self.classifier.is_none() {
            self.build_classifier(MIN_CHAIN, MIN_RULES_PER_TUPLE)?;
        }
        Ok(())
    }

    /// Rebuilds the classifier, indexing the segments of at least `min_chain` rules and at
    /// least `min_rules_per_tuple` rules per tuple (the others stay linear). On an allocation
    /// failure the ruleset is left without one.
    pub fn build_classifier(
        &mut self,
        min_chain: u32,
        min_rules_per_tuple: u32,
    ) -> Result<(), AllocError> {
        self.classifier = None;
        let cuts = self
            .hook_entry
            .iter()
            .flatten()
            .copied()
            .chain(self.underflow.iter().flatten().map(|u| u.saturating_add(1)));
        self.classifier = Classifier::build(&self.rules, cuts, min_chain, min_rules_per_tuple)?;
        Ok(())
    }

    /// The index of `hook`'s first rule, if the table is attached to `hook`.
    pub fn hook_entry(&self, hook: Hook) -> Option<u32> {
        // CAST: hook numbers are below 5.
        self.hook_entry
            .get(hook.index() as usize)
            .copied()
            .flatten()
    }

    /// The index of `hook`'s policy rule, if the table is attached to `hook`.
    pub fn underflow(&self, hook: Hook) -> Option<u32> {
        // CAST: hook numbers are below 5.
        self.underflow.get(hook.index() as usize).copied().flatten()
    }

    /// The table name the replace request carried (NUL padding removed).
    pub fn table_name(&self) -> &[u8] {
        c_str(&self.name)
    }

    /// The name of the user chain whose ERROR head is rule `head`, if there is one.
    pub fn chain_at(&self, head: u32) -> Option<&[u8]> {
        self.chains
            .binary_search_by_key(&head, |c| c.head)
            .ok()
            .and_then(|i| self.chains.get(i))
            .map(|c| c.name())
    }

    /// The `valid_hooks` mask the table was loaded with.
    pub fn valid_hooks(&self) -> u32 {
        self.valid_hooks
    }

    /// The jump stack depth upstream allows: the number of ERROR entries. A jump beyond it
    /// drops the packet.
    pub fn stack_size(&self) -> u32 {
        self.stack_size
    }

    /// The user-defined chains, in blob order.
    pub fn chains(&self) -> &[UserChain] {
        &self.chains
    }

    /// The validated entries as `IPT_SO_GET_ENTRIES` returns them, counters zero: `comefrom`
    /// holds the hook mask, extension names are canonical and their padding is zero.
    pub fn blob(&self) -> &[u8] {
        &self.blob
    }

    /// Whether a rule has an extension whose upstream `checkentry` takes a conntrack reference
    /// (`nf_ct_netns_get`): the `SNAT`, `DNAT`, `MASQUERADE` and `REDIRECT` targets and the
    /// `conntrack` and `state` matches, in any rule, reachable or not. `NOTRACK` and
    /// `CT --notrack` take none. The table must keep conntrack on while it holds such rules.
    pub fn needs_conntrack(&self) -> bool {
        self.needs.conntrack
    }

    /// Everything the rules need from the kernel while they are loaded.
    pub fn needs(&self) -> Needs {
        self.needs
    }

    /// The blob size in bytes.
    pub fn size(&self) -> u32 {
        // CAST: the blob came from a `u32` size.
        self.blob.len() as u32
    }

    /// The number of entries (one per rule).
    pub fn num_entries(&self) -> u32 {
        // CAST: there are fewer entries than bytes in a `u32`-sized blob.
        self.rules.len() as u32
    }

    /// The `IPT_SO_GET_INFO` answer for this ruleset loaded as `table`.
    pub fn get_info(&self, table: Table) -> GetInfo {
        let mut info = GetInfo {
            name: abi::c_name(table.name().as_bytes()).unwrap_or_default(),
            valid_hooks: table.valid_hooks(),
            hook_entry: [u32::MAX; NF_IP_NUMHOOKS],
            underflow: [u32::MAX; NF_IP_NUMHOOKS],
            num_entries: self.num_entries(),
            size: self.size(),
        };
        let offset = |i: Option<u32>| {
            i.and_then(|i| self.rules.get(i as usize))
                .map_or(u32::MAX, |r| r.offset)
        };
        for h in 0..NF_IP_NUMHOOKS {
            if let (Some(e), Some(u), Some(he), Some(uf)) = (
                info.hook_entry.get_mut(h),
                info.underflow.get_mut(h),
                self.hook_entry.get(h),
                self.underflow.get(h),
            ) {
                *e = offset(*he);
                *u = offset(*uf);
            }
        }
        info
    }

    /// A jump stack for [`super::eval::evaluate`], sized for this ruleset. Allocate one per
    /// concurrent evaluator (per CPU) when the ruleset is loaded, never on the packet path.
    pub fn new_jump_stack(&self) -> Result<JumpStack, AllocError> {
        let mut slots = OVec::try_with_capacity(self.stack_size as usize)?;
        for _ in 0..self.stack_size {
            slots.try_push(0)?;
        }
        Ok(JumpStack { slots })
    }
}

/// Scratch space for the return points of jumps, allocated at load time.
#[derive(Debug)]
pub struct JumpStack {
    pub(crate) slots: OVec<u32>,
}

/// A validated `IPT_SO_SET_REPLACE` request.
#[derive(Debug)]
pub struct ParsedReplace {
    /// The number of counters the caller expects back; upstream refuses the swap with `EAGAIN`
    /// unless it equals the live table's entry count.
    pub num_counters: u32,
    /// The user pointer the old counters are copied to.
    pub counters: u64,
    /// The new table.
    pub ruleset: Ruleset,
}

/// What the layout walk learns about one entry.
#[derive(Clone, Copy, Debug)]
struct Entry {
    offset: u32,
    /// The verdict, if the target is the standard target.
    verdict: Option<i32>,
    /// `unconditional()`: no matches and an all-zero `ipt_ip`.
    uncond: bool,
    /// Hook bits and the in-progress bit of `mark_source_chains`.
    comefrom: u8,
    /// The back pointer of `mark_source_chains` (upstream keeps it in the packet counter).
    back: u32,
}

/// Validates the `ipt_replace` header against the buffer length `len` (`do_replace` and
/// `xt_alloc_table_info`), before anything of the size it announces is read.
pub fn check_header(h: &ReplaceHeader, len: usize) -> Result<(), Error> {
    if len < IPT_REPLACE_SIZE {
        return Err(Error::Inval(Reject::HeaderTooShort));
    }
    // CAST: `usize` is at least 32 bits on every Linux target.
    if h.num_counters as usize >= abi::INT_MAX as usize / abi::XT_COUNTERS_SIZE {
        return Err(Error::NoMem(Reject::TooManyCounters));
    }
    if h.num_counters == 0 {
        return Err(Error::Inval(Reject::NoCounters));
    }
    // NO-OVERFLOW: computed in `u64`, like upstream.
    if (len as u64) < u64::from(h.size) + IPT_REPLACE_SIZE as u64 {
        return Err(Error::Inval(Reject::BlobTruncated));
    }
    // NO-OVERFLOW: in `u64`.
    if abi::XT_TABLE_INFO_SIZE as u64 + u64::from(h.size) >= abi::XT_MAX_TABLE_SIZE as u64 {
        return Err(Error::NoMem(Reject::TableTooBig));
    }
    Ok(())
}

/// Parses and validates a whole `IPT_SO_SET_REPLACE` buffer (the 96-byte header then `size`
/// bytes of entries) for `table`; the extensions' checks ask `load` what they need to know of
/// the kernel.
pub fn parse_replace(table: Table, buf: &[u8], load: &dyn LoadEnv) -> Result<ParsedReplace, Error> {
    let h = ReplaceHeader::decode(buf).ok_or(Error::Inval(Reject::HeaderTooShort))?;
    check_header(&h, buf.len())?;
    // CAST: `size` is below `XT_MAX_TABLE_SIZE` (checked above).
    let size = h.size as usize;
    let blob = IPT_REPLACE_SIZE
        .checked_add(size)
        .and_then(|end| buf.get(IPT_REPLACE_SIZE..end))
        .ok_or(Error::Inval(Reject::BlobTruncated))?;
    let ruleset = translate_table(&h, blob, load)?;
    if h.name_str() != table.name().as_bytes() {
        return Err(Error::NoEnt(Reject::TableName));
    }
    if h.valid_hooks != table.valid_hooks() {
        return Err(Error::Inval(Reject::ValidHooks));
    }
    Ok(ParsedReplace {
        num_counters: h.num_counters,
        counters: h.counters,
        ruleset,
    })
}

fn inval(r: Reject) -> Error {
    Error::Inval(r)
}

/// `xt_check_entry_offsets` for the entry `e` (exactly `next_offset` bytes). Returns the
/// standard verdict, if any, and whether the target is ERROR.
fn check_entry_offsets(e: &[u8], target_offset: usize) -> Result<(Option<i32>, bool), Error> {
    let next_offset = e.len();
    if target_offset < ipt_entry::ELEMS {
        return Err(inval(Reject::TargetOffsetTooSmall));
    }
    // NO-OVERFLOW: `target_offset` comes from a `u16`.
    if target_offset + xt_entry::SIZE > next_offset {
        return Err(inval(Reject::TargetHeaderOverrun));
    }
    let target_size =
        usize::from(abi::read_u16(e, target_offset).ok_or(inval(Reject::TargetHeaderOverrun))?);
    if target_size < xt_entry::SIZE {
        return Err(inval(Reject::TargetSizeTooSmall));
    }
    // NO-OVERFLOW: both come from `u16`s.
    if target_offset + target_size > next_offset {
        return Err(inval(Reject::TargetOverrun));
    }
    let name = ext_name(e, target_offset);
    let mut verdict = None;
    let mut error = false;
    if c_str_eq(name, abi::XT_STANDARD_TARGET) {
        // NO-OVERFLOW: `target_offset` comes from a `u16`.
        if abi::xt_align(target_offset + XT_STANDARD_TARGET_SIZE) != Some(next_offset) {
            return Err(inval(Reject::StandardTargetSize));
        }
        let v = abi::read_i32(e, target_offset + abi::XT_STANDARD_VERDICT)
            .ok_or(inval(Reject::StandardTargetSize))?;
        if !verdict_ok(v) {
            return Err(inval(Reject::BadVerdict));
        }
        verdict = Some(v);
    } else if c_str_eq(name, abi::XT_ERROR_TARGET) {
        let msg = e
            .get(target_offset + abi::XT_ERROR_NAME..)
            .unwrap_or(&[])
            .iter()
            .take(XT_FUNCTION_MAXNAMELEN);
        let terminated = msg.clone().any(|&c| c == 0);
        if target_size != XT_ERROR_TARGET_SIZE || !terminated {
            return Err(inval(Reject::ErrorTarget));
        }
        error = true;
    }
    check_entry_match(e, target_offset)?;
    Ok((verdict, error))
}

/// `verdict_ok`: a jump offset (> 0) or one of DROP, ACCEPT, QUEUE and RETURN.
fn verdict_ok(v: i32) -> bool {
    v > 0
        || matches!(
            v,
            abi::VERDICT_DROP | abi::VERDICT_ACCEPT | abi::VERDICT_QUEUE | abi::XT_RETURN
        )
}

/// `xt_check_entry_match`: matches are aligned, at least a header each, and end exactly at
/// the target.
fn check_entry_match(e: &[u8], target_offset: usize) -> Result<(), Error> {
    let mut pos = ipt_entry::ELEMS;
    let mut length = target_offset.saturating_sub(ipt_entry::ELEMS);
    while length > 0 {
        // `ALIGN` is a power of two.
        if pos & (xt_entry::ALIGN - 1) != 0 {
            return Err(inval(Reject::MatchMisaligned));
        }
        if length < xt_entry::SIZE {
            return Err(inval(Reject::MatchTruncated));
        }
        let size = usize::from(abi::read_u16(e, pos).ok_or(inval(Reject::MatchTruncated))?);
        if size < xt_entry::SIZE {
            return Err(inval(Reject::MatchSizeTooSmall));
        }
        if size > length {
            return Err(inval(Reject::MatchOverrun));
        }
        length -= size;
        // NO-OVERFLOW: `pos + size <= target_offset`.
        pos += size;
    }
    Ok(())
}

/// The 29-byte name field of the match or target header at `at` (empty if out of bounds).
fn ext_name(e: &[u8], at: usize) -> &[u8] {
    at.checked_add(xt_entry::NAME)
        .and_then(|s| e.get(s..s.checked_add(abi::XT_EXTENSION_MAXNAMELEN)?))
        .unwrap_or(&[])
}

/// `unconditional()`: no matches and an all-zero `ipt_ip`.
fn unconditional(e: &[u8], target_offset: usize) -> bool {
    target_offset == ipt_entry::SIZE
        && e.get(..abi::ipt_ip::SIZE)
            .is_some_and(|ip| ip.iter().all(|&b| b == 0))
}

/// `check_underflow`: an unconditional standard ACCEPT or DROP.
fn check_underflow(uncond: bool, verdict: Option<i32>) -> bool {
    uncond && matches!(verdict, Some(abi::VERDICT_DROP | abi::VERDICT_ACCEPT))
}

/// `translate_table`: every check on the entries, then the typed ruleset.
fn translate_table(h: &ReplaceHeader, blob: &[u8], load: &dyn LoadEnv) -> Result<Ruleset, Error> {
    // `xt_alloc_entry_offsets`.
    if h.num_entries as usize > abi::XT_MAX_TABLE_SIZE / 4 {
        return Err(Error::NoMem(Reject::TooManyEntries));
    }
    let size = blob.len();
    // An entry is at least 144 bytes, which bounds the allocation whatever `num_entries` says.
    let cap = (h.num_entries as usize).min(size / (ipt_entry::SIZE + xt_entry::SIZE) + 1);
    let mut entries: OVec<Entry> = OVec::try_with_capacity(cap)?;
    let mut hook_entry = [None; NF_IP_NUMHOOKS];
    let mut underflow = [None; NF_IP_NUMHOOKS];
    let mut stack_size: u32 = 0;

    // `check_entry_size_and_hooks` for every entry.
    let mut off = 0usize;
    while off < size {
        // `ALIGN` is a power of two.
        if off & (ipt_entry::ALIGN - 1) != 0 {
            return Err(inval(Reject::EntryMisaligned));
        }
        // NO-OVERFLOW: `off < size <= XT_MAX_TABLE_SIZE`.
        if off + ipt_entry::SIZE >= size {
            return Err(inval(Reject::EntryHeaderTruncated));
        }
        let next_offset = usize::from(
            abi::read_u16(blob, off + ipt_entry::NEXT_OFFSET)
                .ok_or(inval(Reject::EntryHeaderTruncated))?,
        );
        // NO-OVERFLOW: as above, plus a `u16`.
        if off + next_offset > size {
            return Err(inval(Reject::EntryOverrunsBlob));
        }
        if next_offset < ipt_entry::SIZE + xt_entry::SIZE {
            return Err(inval(Reject::NextOffsetTooSmall));
        }
        let e = blob
            .get(off..off + next_offset)
            .ok_or(inval(Reject::EntryOverrunsBlob))?;
        let ip = IptIp::decode(e).ok_or(inval(Reject::EntryHeaderTruncated))?;
        if ip.flags & !IPT_F_MASK != 0 {
            return Err(inval(Reject::UnknownFlags));
        }
        if ip.invflags & !IPT_INV_MASK != 0 {
            return Err(inval(Reject::UnknownInvFlags));
        }
        let target_offset = usize::from(
            abi::read_u16(e, ipt_entry::TARGET_OFFSET)
                .ok_or(inval(Reject::EntryHeaderTruncated))?,
        );
        let (verdict, error) = check_entry_offsets(e, target_offset)?;
        let uncond = unconditional(e, target_offset);
        // CAST: fewer entries than bytes, and `size` fits in `u32`.
        let index = entries.len() as u32;
        for hook in 0..NF_IP_NUMHOOKS {
            if h.valid_hooks & (1 << hook) == 0 {
                continue;
            }
            // CAST: `off < size`, which came from a `u32`.
            let here = off as u32;
            if h.hook_entry.get(hook) == Some(&here) {
                if let Some(slot) = hook_entry.get_mut(hook) {
                    *slot = Some(index);
                }
            }
            if h.underflow.get(hook) == Some(&here) {
                if !check_underflow(uncond, verdict) {
                    return Err(inval(Reject::BadUnderflow));
                }
                if let Some(slot) = underflow.get_mut(hook) {
                    *slot = Some(index);
                }
            }
        }
        entries.try_push(Entry {
            // CAST: `off < size`, which came from a `u32`.
            offset: off as u32,
            verdict,
            uncond,
            comefrom: 0,
            back: 0,
        })?;
        if error {
            // NO-OVERFLOW: at most one per 144 bytes of a `u32`-sized blob.
            stack_size += 1;
        }
        off += next_offset;
    }

    if entries.len() != h.num_entries as usize {
        return Err(inval(Reject::EntryCountMismatch));
    }
    check_table_hooks(h.valid_hooks, &hook_entry, &underflow)?;
    mark_source_chains(&mut entries, h.valid_hooks, &hook_entry)?;
    let hooks = HookPoints {
        valid_hooks: h.valid_hooks,
        hook_entry,
        underflow,
        stack_size,
    };
    build_ruleset(blob, &entries, h.name_str(), hooks, load)
}

/// What the layout walk found out about the table's hooks.
struct HookPoints {
    valid_hooks: u32,
    hook_entry: [Option<u32>; NF_IP_NUMHOOKS],
    underflow: [Option<u32>; NF_IP_NUMHOOKS],
    stack_size: u32,
}

/// `xt_check_table_hooks`: every valid hook has an entry point and an underflow, both in
/// strictly increasing order across hooks.
fn check_table_hooks(
    valid_hooks: u32,
    hook_entry: &[Option<u32>; NF_IP_NUMHOOKS],
    underflow: &[Option<u32>; NF_IP_NUMHOOKS],
) -> Result<(), Error> {
    let mut last: Option<(u32, u32)> = None;
    for (hook, (he, uf)) in hook_entry.iter().zip(underflow).enumerate() {
        if valid_hooks & (1 << hook) == 0 {
            continue;
        }
        let he = he.ok_or(inval(Reject::HookEntryMissing))?;
        let uf = uf.ok_or(inval(Reject::UnderflowMissing))?;
        if let Some((max_entry, max_uflow)) = last {
            // Indices are in offset order, so they compare like upstream's offsets.
            if max_uflow > uf {
                return Err(inval(Reject::UnsortedUnderflow));
            }
            if max_uflow == uf {
                return Err(inval(Reject::DuplicateUnderflow));
            }
            if max_entry > he {
                return Err(inval(Reject::UnsortedEntry));
            }
            if max_entry == he {
                return Err(inval(Reject::DuplicateEntry));
            }
        }
        last = Some((he, uf));
    }
    Ok(())
}

/// The index of the entry starting at byte offset `off` (`xt_find_jump_offset`).
fn index_of(entries: &[Entry], off: u32) -> Option<u32> {
    // CAST: fewer entries than bytes in a `u32`-sized blob.
    entries
        .binary_search_by_key(&off, |e| e.offset)
        .ok()
        .map(|i| i as u32)
}

/// `mark_source_chains`, on entry indices: a depth-first walk from every hook that records
/// which hooks reach each rule and fails with `ELOOP` on a loop, on a jump to a non-entry, or
/// on a path running off the end. Iterative, like upstream: the path is kept in the entries'
/// back pointers, not on the stack.
fn mark_source_chains(
    entries: &mut [Entry],
    valid_hooks: u32,
    hook_entry: &[Option<u32>; NF_IP_NUMHOOKS],
) -> Result<(), Error> {
    const IN_PROGRESS: u8 = 1 << NF_IP_NUMHOOKS;
    let n = entries.len();
    // The walk takes at most `2n + 1` steps per hook: every entry is entered unvisited once,
    // and leaves at most twice (its own edge, then the step after a return to it). The
    // budget only guards the kernel against a mistake in that argument.
    // NO-OVERFLOW: `n` is bounded by the blob size.
    let budget = 4 * n + 4;
    let broken = Error::Loop(Reject::Loop);
    for (hook, start) in hook_entry.iter().enumerate() {
        if valid_hooks & (1 << hook) == 0 {
            continue;
        }
        let hook_bit = 1u8 << hook;
        let mut pos = start.ok_or(inval(Reject::HookEntryMissing))? as usize;
        entries.get_mut(pos).ok_or(broken)?.back = pos as u32;
        let mut steps = 0usize;
        'walk: loop {
            steps += 1;
            if steps > budget {
                return Err(broken);
            }
            let e = entries.get_mut(pos).ok_or(broken)?;
            let visited = e.comefrom & hook_bit != 0;
            if e.comefrom & IN_PROGRESS != 0 {
                return Err(Error::Loop(Reject::Loop));
            }
            e.comefrom |= hook_bit | IN_PROGRESS;
            let verdict = e.verdict;
            let newpos = if (e.uncond && verdict.is_some_and(|v| v < 0)) || visited {
                // Return: backtrack through the last big jump.
                loop {
                    let e = entries.get_mut(pos).ok_or(broken)?;
                    e.comefrom ^= IN_PROGRESS;
                    let oldpos = pos;
                    pos = e.back as usize;
                    e.back = 0;
                    if pos == oldpos {
                        // Back at the hook's entry point.
                        break 'walk;
                    }
                    if oldpos != pos + 1 {
                        break;
                    }
                }
                // Move along one.
                let next = pos + 1;
                if next >= n {
                    return Err(Error::Loop(Reject::FallOffEnd));
                }
                next
            } else if let Some(v) = verdict.filter(|&v| v >= 0) {
                // This is a jump; chase it.
                // CAST: `v >= 0`.
                index_of(entries, v as u32).ok_or(Error::Loop(Reject::BadJump))? as usize
            } else {
                // A fall-through.
                let next = pos + 1;
                if next >= n {
                    return Err(Error::Loop(Reject::FallOffEnd));
                }
                next
            };
            // CAST: `pos < n`, which fits in `u32`.
            entries.get_mut(newpos).ok_or(broken)?.back = pos as u32;
            pos = newpos;
        }
    }
    Ok(())
}

/// Rewrites the header of the match or target at `at` in the blob copy as upstream's
/// `xt_obj_to_user`/`xt_data_to_user` hand it back: canonical name, payload padding zeroed.
fn normalize_ext(e: &mut [u8], at: usize, name: &[u8], used: usize, total: usize) {
    // NO-OVERFLOW: `at`, `used` and `total` are below `u16::MAX`.
    if let Some(field) = e.get_mut(at + xt_entry::NAME..at + xt_entry::REVISION) {
        field.fill(0);
        if let Some(dst) = field.get_mut(..name.len()) {
            dst.copy_from_slice(name);
        }
    }
    if let Some(pad) = e.get_mut(at + xt_entry::DATA + used..at + total) {
        pad.fill(0);
    }
}

/// Builds the typed rules (`find_check_entry` for every entry, in blob order). `table` is the
/// header's table name, which upstream's extension checks compare against (`repl->name`).
fn build_ruleset(
    blob: &[u8],
    entries: &[Entry],
    table: &[u8],
    hooks: HookPoints,
    load: &dyn LoadEnv,
) -> Result<Ruleset, Error> {
    let HookPoints {
        valid_hooks,
        hook_entry,
        underflow,
        stack_size,
    } = hooks;
    // NO-OVERFLOW: every sum below adds offsets inside an entry (`u16`) to an entry start
    // inside the blob (below `XT_MAX_TABLE_SIZE`); all of it was bounds-checked by
    // `translate_table`, and slices are still taken with `get`.
    let internal = inval(Reject::EntryOverrunsBlob);
    let mut copy = OVec::try_with_capacity(blob.len())?;
    copy.try_extend_from_slice(blob)?;
    let mut rules = OVec::try_with_capacity(entries.len())?;
    let mut chains = OVec::new();
    let mut needs = Needs::NONE;
    for (i, ent) in entries.iter().enumerate() {
        let start = ent.offset as usize;
        let next_offset =
            usize::from(abi::read_u16(blob, start + ipt_entry::NEXT_OFFSET).ok_or(internal)?);
        let e = blob.get(start..start + next_offset).ok_or(internal)?;
        let ec = copy
            .as_mut_slice()
            .get_mut(start..start + next_offset)
            .ok_or(internal)?;
        let ip = IptIp::decode(e).ok_or(internal)?;
        let target_offset =
            usize::from(abi::read_u16(e, ipt_entry::TARGET_OFFSET).ok_or(internal)?);
        // `find_check_entry`'s `xt_mtchk_param` and `check_target`'s `xt_tgchk_param`.
        let par = CheckParam {
            table,
            hook_mask: ent.comefrom,
            proto: ip.proto,
            inv_proto: ip.invflags & IPT_INV_PROTO != 0,
            load,
            matches: &[],
        };

        let mut matches = OVec::new();
        let mut pos = ipt_entry::ELEMS;
        while pos < target_offset {
            let msize = usize::from(abi::read_u16(e, pos).ok_or(internal)?);
            let payload = e.get(pos + xt_entry::DATA..pos + msize).ok_or(internal)?;
            let revision = *e.get(pos + xt_entry::REVISION).ok_or(internal)?;
            let (m, view) = ext::parse_match(ext_name(e, pos), revision, payload, &par)?;
            normalize_ext(ec, pos, view.name, view.used, msize);
            if let Some(shown) = ec.get_mut(pos + xt_entry::DATA..pos + msize) {
                m.user_fixup(shown);
            }
            needs = needs.union(m.needs());
            matches.try_push(m)?;
            // NO-OVERFLOW: `msize >= 32` and matches end at `target_offset` (checked).
            pos += msize;
        }

        let tsize = usize::from(abi::read_u16(e, target_offset).ok_or(internal)?);
        let revision = *e.get(target_offset + xt_entry::REVISION).ok_or(internal)?;
        let payload = e
            .get(target_offset + xt_entry::DATA..target_offset + tsize)
            .ok_or(internal)?;
        let tpar = CheckParam {
            matches: matches.as_slice(),
            ..par
        };
        let (checked, view) =
            ext::check_target(ext_name(e, target_offset), revision, payload, &tpar)?;
        normalize_ext(ec, target_offset, view.name, view.used, tsize);
        let target = match (checked, ent.verdict) {
            (CheckedTarget::Standard, Some(v)) => {
                resolve_verdict(entries, i, v, ip.flags, ent.comefrom)?
            }
            (CheckedTarget::Ext(t), _) => {
                needs = needs.union(t.needs());
                Target::Ext(t)
            }
            (CheckedTarget::Error, _) => {
                if i + 1 != entries.len() {
                    let mut name = [0u8; XT_FUNCTION_MAXNAMELEN];
                    let src = e
                        .get(target_offset + abi::XT_ERROR_NAME..)
                        .unwrap_or(&[])
                        .get(..XT_FUNCTION_MAXNAMELEN)
                        .ok_or(internal)?;
                    name.copy_from_slice(src);
                    chains.try_push(UserChain {
                        name,
                        // CAST: fewer entries than bytes.
                        head: i as u32,
                    })?;
                }
                Target::Error
            }
            _ => return Err(internal),
        };

        // Upstream leaves the hook mask in `comefrom` and zeroes the counters.
        if let Some(cf) = ec.get_mut(ipt_entry::COMEFROM..ipt_entry::ELEMS) {
            cf.fill(0);
            if let Some(b) = cf.get_mut(0) {
                *b = ent.comefrom;
            }
        }
        rules.try_push(Rule {
            ip: IpMatch::from_wire(&ip),
            matches,
            target,
            offset: ent.offset,
            hooks: ent.comefrom,
            uncond: ent.uncond,
        })?;
    }
    let mut rs = Ruleset {
        name: abi::c_name(table).unwrap_or([0; abi::XT_TABLE_MAXNAMELEN]),
        rules,
        hook_entry,
        underflow,
        valid_hooks,
        stack_size,
        chains,
        blob: copy,
        needs,
        classifier: None,
    };
    if load.classifier() {
        rs.build_classifier(MIN_CHAIN, MIN_RULES_PER_TUPLE)?;
    }
    Ok(rs)
}

/// The typed target of a standard verdict of rule `i`.
fn resolve_verdict(
    entries: &[Entry],
    i: usize,
    v: i32,
    flags: u8,
    comefrom: u8,
) -> Result<Target, Error> {
    Ok(match v {
        abi::VERDICT_DROP => Target::Drop,
        abi::VERDICT_ACCEPT => Target::Accept,
        abi::VERDICT_QUEUE => Target::Queue,
        abi::XT_RETURN => Target::Return,
        // CAST: `verdict_ok` allows no other negative value.
        _ => match index_of(entries, v as u32) {
            Some(t) if flags & IPT_F_GOTO != 0 || t as usize == i + 1 => Target::Goto(t),
            Some(t) => Target::Jump(t),
            // `mark_source_chains` checked the jumps of every reachable rule.
            None if comefrom == 0 => Target::Unreachable,
            None => return Err(Error::Loop(Reject::BadJump)),
        },
    })
}
