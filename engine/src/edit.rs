// SPDX-License-Identifier: GPL-2.0

//! `OXT_SO_SET_EDIT`: oxtables' own set option that edits one chain of a live table in place
//! (append, insert, delete or replace one rule), so that a client need not read the whole table
//! (`IPT_SO_GET_ENTRIES`) and write it back (`IPT_SO_SET_REPLACE`) to change one rule.
//!
//! The edit is a replace: [`parse_edit`] splices the rule into a copy of the live table's
//! validated blob (shifting every hook offset and every standard jump past the edit), and the
//! result goes through [`parse::parse_replace`], so the new table passes exactly the checks a
//! `SET_REPLACE` of the edited blob passes, with the same errnos, and is built by the same code.
//! What the edit adds is where each old rule went ([`Splice`]), so that the caller carries the
//! counters over, and the checks of the request itself.
//!
//! The request, in native byte order (the whole layout is in `Documentation/abi.md`):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 32 | table name, NUL-terminated |
//! | 32 | 32 | chain name, NUL-terminated (a built-in chain of the table or a user chain) |
//! | 64 | 4 | `u32` operation: [`OP_APPEND`], [`OP_INSERT`], [`OP_DELETE`], [`OP_REPLACE`] |
//! | 68 | 4 | `u32` rule number in the chain, from 1 (0 for an append) |
//! | 72 | 4 | `u32` the table's entry count the caller expects, or [`ANY_ENTRIES`] |
//! | 76 | 4 | `u32` `size`: the bytes of the rule that follow (0 for a delete) |
//! | 80 | `size` | one `struct ipt_entry` with its matches and target, as in a replace blob |
//!
//! The rule's `counters` are the new rule's initial counters. Its target may be the pseudo
//! target [`CHAIN_TARGET`] (revision 0, 32 bytes of payload: a NUL-terminated chain name), which
//! the edit turns into the standard target jumping to that user chain (a goto with `IPT_F_GOTO`),
//! or, with an empty name, to the rule that follows (a rule without `-j`). A standard target
//! with a byte offset is refused: only the table's own layout gives offsets.

use super::abi::{
    self, c_str, ipt_entry, put, read_i32, read_u16, read_u32, read_u64, xt_entry, ReplaceHeader,
    IPT_REPLACE_SIZE, NF_IP_NUMHOOKS, XT_STANDARD_TARGET_SIZE, XT_STANDARD_VERDICT,
    XT_TABLE_MAXNAMELEN,
};
use super::env::LoadEnv;
use super::error::{Error, Reject};
use super::parse::{self, Ruleset, Target};
use super::tables::{Counter, Hook, Table};
use super::vec::OVec;

/// `OXT_SO_SET_EDIT`, relative to the base: one past `IPT_SO_SET_ADD_COUNTERS` (base + 1).
pub const SET_EDIT: i32 = 2;

/// The size of the request header.
pub const HEADER_SIZE: usize = 80;

/// Append the rule at the end of the chain (`-A`).
pub const OP_APPEND: u32 = 1;
/// Insert the rule so that it becomes rule `rulenum` (`-I`); `rulenum` may be one past the end.
pub const OP_INSERT: u32 = 2;
/// Delete rule `rulenum` (`-D N`).
pub const OP_DELETE: u32 = 3;
/// Replace rule `rulenum` (`-R`).
pub const OP_REPLACE: u32 = 4;

/// `num_entries` of a caller that did not read the table: the edit applies to whatever is live.
pub const ANY_ENTRIES: u32 = u32::MAX;

/// The pseudo target naming a chain: the edit resolves it to the chain's offset.
pub const CHAIN_TARGET: &[u8] = b"OXT_CHAIN";

/// The size of a [`CHAIN_TARGET`] target (`xt_entry_target` and a 32-byte name, as `ERROR`).
pub const CHAIN_TARGET_SIZE: usize = abi::XT_ERROR_TARGET_SIZE;

mod off {
    pub(super) const CHAIN: usize = 32;
    pub(super) const OP: usize = 64;
    pub(super) const RULENUM: usize = 68;
    pub(super) const NUM_ENTRIES: usize = 72;
    pub(super) const SIZE: usize = 76;
}

/// The request header, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditHeader {
    /// Table name.
    pub table: [u8; XT_TABLE_MAXNAMELEN],
    /// Chain name.
    pub chain: [u8; XT_TABLE_MAXNAMELEN],
    /// One of the `OP_*` operations.
    pub op: u32,
    /// The rule number, from 1 (0 for an append).
    pub rulenum: u32,
    /// The entry count the caller expects, or [`ANY_ENTRIES`].
    pub num_entries: u32,
    /// The size of the rule that follows the header.
    pub size: u32,
}

impl EditHeader {
    /// The header at the start of `b`, if `b` is long enough.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(EditHeader {
            table: abi::read_array(b, 0)?,
            chain: abi::read_array(b, off::CHAIN)?,
            op: read_u32(b, off::OP)?,
            rulenum: read_u32(b, off::RULENUM)?,
            num_entries: read_u32(b, off::NUM_ENTRIES)?,
            size: read_u32(b, off::SIZE)?,
        })
    }

    /// The header's bytes.
    pub fn encode(&self) -> [u8; HEADER_SIZE] {
        let mut b = [0u8; HEADER_SIZE];
        put(&mut b, 0, &self.table);
        put(&mut b, off::CHAIN, &self.chain);
        put(&mut b, off::OP, &self.op.to_ne_bytes());
        put(&mut b, off::RULENUM, &self.rulenum.to_ne_bytes());
        put(&mut b, off::NUM_ENTRIES, &self.num_entries.to_ne_bytes());
        put(&mut b, off::SIZE, &self.size.to_ne_bytes());
        b
    }

    /// The table the request names (upstream's rule: the last byte of the field is ignored).
    pub fn table(&self) -> Option<Table> {
        let name = c_str(self.table.get(..XT_TABLE_MAXNAMELEN - 1).unwrap_or(&[]));
        core::str::from_utf8(name).ok().and_then(Table::from_name)
    }

    /// The chain name without its padding.
    pub fn chain_name(&self) -> &[u8] {
        c_str(self.chain.get(..XT_TABLE_MAXNAMELEN - 1).unwrap_or(&[]))
    }
}

/// Checks a request of `len` bytes against its header, before the rest of it is read: it must
/// be the header and exactly `size` bytes more, and no bigger than a replace may be.
pub fn check_len(h: &EditHeader, len: usize) -> Result<(), Error> {
    // NO-OVERFLOW: in `u64`.
    // CAST: `usize` is at most 64 bits.
    if len as u64 != HEADER_SIZE as u64 + u64::from(h.size) {
        return Err(Error::Inval(Reject::EditHeader));
    }
    // A rule is one entry: its `next_offset` is a `u16`.
    if h.size > u32::from(u16::MAX) {
        return Err(Error::Inval(Reject::EditEntry));
    }
    Ok(())
}

/// Where the old rules went: rules before `at` keep their index, `removed` rules from `at` are
/// gone, `inserted` rules take their place and the others move by `inserted - removed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    /// The index of the edit in the old table.
    pub at: u32,
    /// Old rules removed at `at` (0 or 1).
    pub removed: u32,
    /// New rules at `at` (0 or 1).
    pub inserted: u32,
    /// The initial counters of the inserted rule (the request's `counters`).
    pub counter: Counter,
}

impl Splice {
    /// The index in the new table of old rule `old`, or `None` if it was removed.
    pub fn new_index(&self, old: u32) -> Option<u32> {
        if old < self.at {
            Some(old)
        } else if old - self.at < self.removed {
            None
        } else {
            old.checked_sub(self.removed)?.checked_add(self.inserted)
        }
    }

    /// The `(old, new)` index pairs whose counters the edit carries over: every rule and
    /// policy of `old` (the table the edit applied to) that stays. The entries iptables does not
    /// show (user chain heads, their final `RETURN`s, the last `ERROR` entry) start again from
    /// zero, as after libiptc's full cycle, whose counter map leaves them out.
    pub fn carried<'a>(&'a self, old: &'a Ruleset) -> impl Iterator<Item = (u32, u32)> + 'a {
        let rules = old.rules();
        let is_error = |i: usize| rules.get(i).is_some_and(|r| r.target == Target::Error);
        let underflows: [Option<u32>; 5] = Hook::ALL.map(|h| old.underflow(h));
        (0..old.num_entries()).filter_map(move |i| {
            // CAST: `u32` to `usize`, which is at least 32 bits.
            let at = i as usize;
            let policy = underflows.contains(&Some(i));
            let shown = !is_error(at) && (policy || !is_error(at.saturating_add(1)));
            shown.then(|| self.new_index(i).map(|j| (i, j))).flatten()
        })
    }

    /// The index of the inserted rule, if there is one.
    pub fn inserted_index(&self) -> Option<u32> {
        (self.inserted > 0).then_some(self.at)
    }
}

/// A validated edit: the new table and where the old rules went.
#[derive(Debug)]
pub struct ParsedEdit {
    /// The new table, as `parse_replace` built it.
    pub ruleset: Ruleset,
    /// How the old rules map to the new ones.
    pub splice: Splice,
}

/// The rules of one chain: indices `start..tail`, `tail` being its policy or final `RETURN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ChainSpan {
    start: u32,
    tail: u32,
}

fn user_heads(live: &Ruleset) -> impl Iterator<Item = u32> + '_ {
    live.chains().iter().map(|c| c.head)
}

/// The span of the chain called `name` in `live` (loaded as `table`).
fn find_chain(live: &Ruleset, table: Table, name: &[u8]) -> Result<ChainSpan, Error> {
    let layout = Error::Inval(Reject::EditLayout);
    if let Some(hook) = table
        .hooks()
        .iter()
        .copied()
        .find(|h| h.chain_name().as_bytes() == name)
    {
        let start = live.hook_entry(hook).ok_or(layout)?;
        let tail = live.underflow(hook).ok_or(layout)?;
        // No user chain starts inside a built-in one.
        if tail < start || user_heads(live).any(|h| (start..=tail).contains(&h)) {
            return Err(layout);
        }
        return Ok(ChainSpan { start, tail });
    }
    let head = live
        .chains()
        .iter()
        .find(|c| c.name() == name)
        .ok_or(Error::NoEnt(Reject::EditChain))?
        .head;
    let start = head.checked_add(1).ok_or(layout)?;
    // The chain ends before the next ERROR entry (the next user chain or the table's last
    // entry), and before any built-in chain.
    let last = live.num_entries().checked_sub(1).ok_or(layout)?;
    let hooks = Hook::ALL
        .iter()
        .filter_map(|h| live.hook_entry(*h))
        .filter(|&e| e > head);
    let end = user_heads(live)
        .filter(|&h| h > head)
        .chain(hooks)
        .fold(last, u32::min);
    let tail = end.checked_sub(1).ok_or(layout)?;
    let ends_with_return = live
        .rules()
        // CAST: `u32` to `usize`, at least 32 bits, here and below.
        .get(tail as usize)
        .is_some_and(|r| r.uncond && r.target == Target::Return);
    if tail < start || !ends_with_return {
        return Err(layout);
    }
    Ok(ChainSpan { start, tail })
}

/// Where a rule of the new table sits, from its offset in the old one: unchanged before the
/// edit and at it (a jump to the edited position reaches the new rule, or the one after a
/// deleted rule), moved by the size difference after it.
#[derive(Clone, Copy, Debug)]
struct Shift {
    at: u32,
    removed: u32,
    inserted: u32,
}

impl Shift {
    fn map(&self, o: u32) -> Option<u32> {
        if o <= self.at {
            return Some(o);
        }
        let end = self.at.checked_add(self.removed)?;
        if o < end {
            // Inside the removed entry (a jump no hook reaches): to what follows the new rule.
            return self.at.checked_add(self.inserted);
        }
        o.checked_sub(self.removed)?.checked_add(self.inserted)
    }

    /// Where an entry that stays goes: one at the edited position moves with what follows
    /// (an insert goes before it, as an append goes before the policy).
    fn moved_entry(&self, o: u32) -> Option<u32> {
        if o == self.at {
            o.checked_add(self.inserted)
        } else {
            self.map(o)
        }
    }
}

/// The offset of the standard target's verdict inside entry `e`, if its target is the
/// standard target.
fn standard_verdict_at(e: &[u8]) -> Option<usize> {
    let t = usize::from(read_u16(e, ipt_entry::TARGET_OFFSET)?);
    let size = usize::from(read_u16(e, t.checked_add(xt_entry::SIZE_FIELD)?)?);
    let name = e.get(t.checked_add(xt_entry::NAME)?..t.checked_add(xt_entry::REVISION)?)?;
    (size == XT_STANDARD_TARGET_SIZE && c_str(name).is_empty())
        .then(|| t.checked_add(XT_STANDARD_VERDICT))
        .flatten()
}

/// What the request's rule becomes in the blob.
struct NewRule {
    /// The entry, counters zeroed, a [`CHAIN_TARGET`] turned into a standard target whose
    /// verdict is still to be written.
    bytes: OVec<u8>,
    /// Where the verdict goes, and to which old offset it jumps (`None`: to the next rule).
    jump: Option<(usize, Option<u32>)>,
    counter: Counter,
}

fn entry_err() -> Error {
    Error::Inval(Reject::EditEntry)
}

/// Checks the request's rule and rewrites a [`CHAIN_TARGET`] for `live`.
fn new_rule(live: &Ruleset, e: &[u8]) -> Result<NewRule, Error> {
    let size = e.len();
    if size < ipt_entry::SIZE + xt_entry::SIZE || size & (ipt_entry::ALIGN - 1) != 0 {
        return Err(entry_err());
    }
    let next = usize::from(read_u16(e, ipt_entry::NEXT_OFFSET).ok_or_else(entry_err)?);
    let t = usize::from(read_u16(e, ipt_entry::TARGET_OFFSET).ok_or_else(entry_err)?);
    // The entry fills `size` and ends with its target (whose own checks come with the replace).
    let tsize = read_u16(e, t).ok_or_else(entry_err)?;
    if next != size
        || t < ipt_entry::SIZE
        || t.checked_add(xt_entry::SIZE).is_none_or(|end| end > size)
        || t.checked_add(usize::from(tsize)) != Some(size)
    {
        return Err(entry_err());
    }
    let counter = Counter {
        packets: read_u64(e, ipt_entry::PCNT).ok_or_else(entry_err)?,
        bytes: read_u64(e, ipt_entry::BCNT).ok_or_else(entry_err)?,
    };
    // NO-OVERFLOW: `t + 32 <= size <= u16::MAX` (checked above).
    let name = c_str(
        e.get(t + xt_entry::NAME..t + xt_entry::REVISION)
            .ok_or_else(entry_err)?,
    );
    let revision = *e.get(t + xt_entry::REVISION).ok_or_else(entry_err)?;
    let mut bytes = OVec::try_with_capacity(size)?;
    let mut jump = None;
    if name == CHAIN_TARGET {
        if revision != 0 || usize::from(tsize) != CHAIN_TARGET_SIZE {
            return Err(entry_err());
        }
        let chain = c_str(e.get(t + xt_entry::DATA..size).ok_or_else(entry_err)?);
        let to = if chain.is_empty() {
            None
        } else {
            let c = live
                .chains()
                .iter()
                .find(|c| c.name() == chain)
                .ok_or(Error::NoEnt(Reject::EditJumpChain))?;
            let first = live
                .rules()
                // CAST, NO-OVERFLOW: a rule index, far below `usize::MAX`.
                .get(c.head as usize + 1)
                .ok_or(Error::Inval(Reject::EditLayout))?;
            Some(first.offset)
        };
        bytes.try_extend_from_slice(e.get(..t).ok_or_else(entry_err)?)?;
        let mut target = [0u8; XT_STANDARD_TARGET_SIZE];
        // CAST: a constant 40.
        put(
            &mut target,
            0,
            &(XT_STANDARD_TARGET_SIZE as u16).to_ne_bytes(),
        );
        bytes.try_extend_from_slice(&target)?;
        // NO-OVERFLOW: `t < size <= u16::MAX`.
        let next = u16::try_from(t + XT_STANDARD_TARGET_SIZE).map_err(|_| entry_err())?;
        put(
            bytes.as_mut_slice(),
            ipt_entry::NEXT_OFFSET,
            &next.to_ne_bytes(),
        );
        jump = Some((t + XT_STANDARD_VERDICT, to));
    } else {
        bytes.try_extend_from_slice(e)?;
        if let Some(at) = standard_verdict_at(e) {
            if read_i32(e, at).is_some_and(|v| v >= 0) {
                return Err(Error::Inval(Reject::EditOffsetVerdict));
            }
        }
    }
    // The blob's entries carry no counters nor hook mask; the replace recomputes the mask.
    if let Some(f) = bytes
        .as_mut_slice()
        .get_mut(ipt_entry::COMEFROM..ipt_entry::ELEMS)
    {
        f.fill(0);
    }
    Ok(NewRule {
        bytes,
        jump,
        counter,
    })
}

/// The `ipt_replace` buffer of `live` (loaded as `table`) with the request `buf` (header and
/// rule) applied, and where the old rules go: what a client that read the table, edited it
/// and wrote it back would send. `EAGAIN` if the table's entry count is not the one expected.
pub fn edited_replace(
    table: Table,
    live: &Ruleset,
    buf: &[u8],
) -> Result<(OVec<u8>, Splice), Error> {
    let h = EditHeader::decode(buf).ok_or(Error::Inval(Reject::EditHeader))?;
    check_len(&h, buf.len())?;
    if h.num_entries != ANY_ENTRIES && h.num_entries != live.num_entries() {
        return Err(Error::Again(Reject::EditStale));
    }
    let op_err = Error::Inval(Reject::EditOp);
    if !(OP_APPEND..=OP_REPLACE).contains(&h.op) || (h.op == OP_APPEND) != (h.rulenum == 0) {
        return Err(op_err);
    }
    let span = find_chain(live, table, h.chain_name())?;
    // NO-OVERFLOW: `find_chain` checked `start <= tail`; `rulenum >= 1` unless appending (the
    // op check above), and `start + rulenum - 1 <= tail`.
    let nrules = span.tail - span.start;
    let at = match h.op {
        OP_APPEND => span.tail,
        OP_INSERT if h.rulenum - 1 <= nrules => span.start + (h.rulenum - 1),
        OP_DELETE | OP_REPLACE if h.rulenum - 1 < nrules => span.start + (h.rulenum - 1),
        _ => return Err(Error::TooBig(Reject::EditRuleNum)),
    };
    let entry = buf
        .get(HEADER_SIZE..)
        .ok_or(Error::Inval(Reject::EditHeader))?;
    let rule = if h.op == OP_DELETE {
        if !entry.is_empty() {
            return Err(entry_err());
        }
        None
    } else {
        Some(new_rule(live, entry)?)
    };
    let removed: u32 = u32::from(matches!(h.op, OP_DELETE | OP_REPLACE));
    let inserted: u32 = u32::from(rule.is_some());

    let blob = live.blob();
    let layout = Error::Inval(Reject::EditLayout);
    let rules = live.rules();
    // CAST, NO-OVERFLOW: `u32` indices and offsets into `usize`, at least 32 bits; `at` is
    // a rule index, below `u32::MAX`, and the blob is below `XT_MAX_TABLE_SIZE`.
    let at_off = rules.get(at as usize).ok_or(layout)?.offset;
    let removed_len = if removed > 0 {
        let next = rules.get(at as usize + 1).map_or(live.size(), |r| r.offset);
        next.checked_sub(at_off).ok_or(layout)?
    } else {
        0
    };
    let ins_len = rule
        .as_ref()
        .map_or(Ok(0), |r| u32::try_from(r.bytes.len()))
        .map_err(|_| entry_err())?;
    let shift = Shift {
        at: at_off,
        removed: removed_len,
        inserted: ins_len,
    };
    let size = live
        .size()
        .checked_sub(removed_len)
        .and_then(|s| s.checked_add(ins_len))
        .ok_or(layout)?;
    let num_entries = live
        .num_entries()
        .checked_sub(removed)
        .and_then(|n| n.checked_add(inserted))
        .ok_or(layout)?;

    let info = live.get_info(table);
    let mut hook_entry = [u32::MAX; NF_IP_NUMHOOKS];
    let mut underflow = [u32::MAX; NF_IP_NUMHOOKS];
    for hook in table.hooks() {
        // CAST: hook numbers are below 5.
        let i = hook.index() as usize;
        let (Some(e), Some(u)) = (info.hook_entry.get(i), info.underflow.get(i)) else {
            return Err(layout);
        };
        if let (Some(he), Some(uf)) = (hook_entry.get_mut(i), underflow.get_mut(i)) {
            *he = shift.map(*e).ok_or(layout)?;
            *uf = shift.moved_entry(*u).ok_or(layout)?;
        }
    }
    let header = ReplaceHeader {
        name: abi::c_name(table.name().as_bytes()).ok_or(layout)?,
        valid_hooks: table.valid_hooks(),
        num_entries,
        size,
        hook_entry,
        underflow,
        num_counters: live.num_entries(),
        counters: 0,
    };

    let at_usize = at_off as usize;
    let cut = at_usize.checked_add(removed_len as usize).ok_or(layout)?;
    let mut out = OVec::try_with_capacity(IPT_REPLACE_SIZE + size as usize)?;
    out.try_extend_from_slice(&header.encode())?;
    out.try_extend_from_slice(blob.get(..at_usize).ok_or(layout)?)?;
    let mut counter = Counter::default();
    if let Some(r) = &rule {
        let base = out.len();
        out.try_extend_from_slice(&r.bytes)?;
        counter = r.counter;
        if let Some((vat, to)) = r.jump {
            let verdict = match to {
                None => at_off.checked_add(ins_len),
                Some(o) => shift.map(o),
            }
            .ok_or(layout)?;
            let dst = base.checked_add(vat).ok_or(layout)?;
            let v = i32::try_from(verdict).map_err(|_| layout)?;
            put(out.as_mut_slice(), dst, &v.to_ne_bytes());
        }
    }
    out.try_extend_from_slice(blob.get(cut..).ok_or(layout)?)?;

    // Every standard jump of the rules that stay, to where its target went.
    for (i, r) in rules.iter().enumerate() {
        // CAST: fewer rules than bytes of a `u32`-sized blob.
        let i = i as u32;
        if i >= at && i - at < removed {
            continue;
        }
        // CAST: as above.
        let start = r.offset as usize;
        let e = blob.get(start..).ok_or(layout)?;
        let Some(vat) = standard_verdict_at(e) else {
            continue;
        };
        let Some(v) = read_i32(e, vat).filter(|v| *v >= 0) else {
            continue;
        };
        // CAST: non-negative.
        let moved = shift.map(v as u32).ok_or(layout)?;
        let new_start = shift.moved_entry(r.offset).ok_or(layout)?;
        let dst = IPT_REPLACE_SIZE
            .checked_add(new_start as usize)
            .and_then(|s| s.checked_add(vat))
            .ok_or(layout)?;
        let moved = i32::try_from(moved).map_err(|_| layout)?;
        put(out.as_mut_slice(), dst, &moved.to_ne_bytes());
    }
    Ok((
        out,
        Splice {
            at,
            removed,
            inserted,
            counter,
        },
    ))
}

/// Validates the request `buf` (header and rule) against the live table `live`, loaded as
/// `table`, and builds the edited table exactly as `SET_REPLACE` of the edited blob would.
pub fn parse_edit(
    table: Table,
    live: &Ruleset,
    buf: &[u8],
    load: &dyn LoadEnv,
) -> Result<ParsedEdit, Error> {
    let (replace, splice) = edited_replace(table, live, buf)?;
    let parsed = parse::parse_replace(table, &replace, load)?;
    Ok(ParsedEdit {
        ruleset: parsed.ruleset,
        splice,
    })
}
