// SPDX-License-Identifier: GPL-2.0

//! The xtables-legacy IPv4 userspace ABI: sizes, field offsets, constants, decoders and encoders.
//!
//! This file is the single source of truth for the byte layout on both sides of the socket: the
//! kernel module decodes with it, the userspace tool and the tests encode with it. All layouts
//! are those of x86_64 (`XT_ALIGN` is 8, pointers are 8 bytes), in native byte order, except
//! IPv4 addresses and masks, which are big-endian (`__be32`) and kept as raw `[u8; 4]` here.

use super::tables::Table;
use super::vec::{AllocError, OVec};

/// `XT_ALIGN`: the alignment of every entry, match and target (`__alignof__(struct _xt_align)`).
pub const XT_ALIGN: usize = 8;

/// Rounds `n` up to a multiple of [`XT_ALIGN`], or `None` on overflow.
pub const fn xt_align(n: usize) -> Option<usize> {
    match n.checked_add(XT_ALIGN - 1) {
        Some(v) => Some(v & !(XT_ALIGN - 1)),
        None => None,
    }
}

/// `NF_INET_NUMHOOKS` (called `NF_IP_NUMHOOKS` for IPv4).
pub const NF_IP_NUMHOOKS: usize = 5;
/// `IFNAMSIZ`.
pub const IFNAMSIZ: usize = 16;
/// `XT_TABLE_MAXNAMELEN`.
pub const XT_TABLE_MAXNAMELEN: usize = 32;
/// `XT_EXTENSION_MAXNAMELEN`: the name field of a match or target header.
pub const XT_EXTENSION_MAXNAMELEN: usize = 29;
/// `XT_FUNCTION_MAXNAMELEN`: the chain name field of the ERROR target.
pub const XT_FUNCTION_MAXNAMELEN: usize = 30;
/// `XT_MAX_TABLE_SIZE`: upstream's cap on a table (512 MiB).
pub const XT_MAX_TABLE_SIZE: usize = 512 * 1024 * 1024;
/// `sizeof(struct xt_table_info)`: upstream adds it to the table size before the cap check.
pub const XT_TABLE_INFO_SIZE: usize = 64;
/// `sizeof(struct xt_counters)`.
pub const XT_COUNTERS_SIZE: usize = 16;
/// `INT_MAX`.
pub const INT_MAX: u32 = i32::MAX as u32;

/// Socket option numbers (`IPT_BASE_CTL` and friends).
pub mod sockopt {
    /// `IPT_SO_SET_REPLACE`.
    pub const SET_REPLACE: i32 = 64;
    /// `IPT_SO_SET_ADD_COUNTERS`.
    pub const SET_ADD_COUNTERS: i32 = 65;
    /// `IPT_SO_GET_INFO`.
    pub const GET_INFO: i32 = 64;
    /// `IPT_SO_GET_ENTRIES`.
    pub const GET_ENTRIES: i32 = 65;
    /// `IPT_SO_GET_REVISION_MATCH`.
    pub const GET_REVISION_MATCH: i32 = 66;
    /// `IPT_SO_GET_REVISION_TARGET`.
    pub const GET_REVISION_TARGET: i32 = 67;
}

/// Layout of `struct ipt_ip` (84 bytes).
pub mod ipt_ip {
    /// `sizeof(struct ipt_ip)`.
    pub const SIZE: usize = 84;
    /// `src` (`__be32`).
    pub const SRC: usize = 0;
    /// `dst` (`__be32`).
    pub const DST: usize = 4;
    /// `smsk` (`__be32`).
    pub const SMSK: usize = 8;
    /// `dmsk` (`__be32`).
    pub const DMSK: usize = 12;
    /// `iniface[IFNAMSIZ]`.
    pub const INIFACE: usize = 16;
    /// `outiface[IFNAMSIZ]`.
    pub const OUTIFACE: usize = 32;
    /// `iniface_mask[IFNAMSIZ]`.
    pub const INIFACE_MASK: usize = 48;
    /// `outiface_mask[IFNAMSIZ]`.
    pub const OUTIFACE_MASK: usize = 64;
    /// `proto` (`u16`).
    pub const PROTO: usize = 80;
    /// `flags` (`u8`).
    pub const FLAGS: usize = 82;
    /// `invflags` (`u8`).
    pub const INVFLAGS: usize = 83;
}

/// Layout of `struct ipt_entry` (112 bytes, then matches and the target).
pub mod ipt_entry {
    /// `sizeof(struct ipt_entry)`, also `offsetof(struct ipt_entry, elems)`.
    pub const SIZE: usize = 112;
    /// `__alignof__(struct ipt_entry)` (it holds `u64` counters).
    pub const ALIGN: usize = 8;
    /// `ip`.
    pub const IP: usize = 0;
    /// `nfcache` (`u32`).
    pub const NFCACHE: usize = 84;
    /// `target_offset` (`u16`).
    pub const TARGET_OFFSET: usize = 88;
    /// `next_offset` (`u16`).
    pub const NEXT_OFFSET: usize = 90;
    /// `comefrom` (`u32`).
    pub const COMEFROM: usize = 92;
    /// `counters.pcnt` (`u64`).
    pub const PCNT: usize = 96;
    /// `counters.bcnt` (`u64`).
    pub const BCNT: usize = 104;
    /// `elems`: the first match, or the target.
    pub const ELEMS: usize = 112;
}

/// Layout of `struct xt_entry_match` and `struct xt_entry_target` (same 32-byte header).
pub mod xt_entry {
    /// The header size (`sizeof(struct xt_entry_match)`).
    pub const SIZE: usize = 32;
    /// `__alignof__(struct xt_entry_match)` (the kernel view holds a pointer).
    pub const ALIGN: usize = 8;
    /// `u.user.match_size` / `u.user.target_size` (`u16`).
    pub const SIZE_FIELD: usize = 0;
    /// `u.user.name[XT_EXTENSION_MAXNAMELEN]`.
    pub const NAME: usize = 2;
    /// `u.user.revision` (`u8`).
    pub const REVISION: usize = 31;
    /// `data`: the payload.
    pub const DATA: usize = 32;
}

/// `sizeof(struct xt_standard_target)`; the verdict (`int`) is at offset 32.
pub const XT_STANDARD_TARGET_SIZE: usize = 40;
/// Offset of `verdict` in `struct xt_standard_target`.
pub const XT_STANDARD_VERDICT: usize = 32;
/// `sizeof(struct xt_error_target)`; `errorname[30]` is at offset 32.
pub const XT_ERROR_TARGET_SIZE: usize = 64;
/// Offset of `errorname` in `struct xt_error_target`.
pub const XT_ERROR_NAME: usize = 32;
/// `XT_STANDARD_TARGET`: the standard target's name (empty).
pub const XT_STANDARD_TARGET: &[u8] = b"";
/// `XT_ERROR_TARGET`.
pub const XT_ERROR_TARGET: &[u8] = b"ERROR";

/// The size of an initial (policy) entry: an `ipt_entry` and a standard target.
pub const IPT_STANDARD_SIZE: usize = ipt_entry::SIZE + XT_STANDARD_TARGET_SIZE;
/// The size of the table's final entry: an `ipt_entry` and an ERROR target.
pub const IPT_ERROR_SIZE: usize = ipt_entry::SIZE + XT_ERROR_TARGET_SIZE;

/// `sizeof(struct ipt_replace)`; the entries follow at this offset.
pub const IPT_REPLACE_SIZE: usize = 96;
/// `sizeof(struct ipt_getinfo)`.
pub const IPT_GETINFO_SIZE: usize = 84;
/// `sizeof(struct ipt_get_entries)`; the entries follow at this offset.
pub const IPT_GET_ENTRIES_SIZE: usize = 40;
/// `sizeof(struct xt_counters_info)`; the counters follow at this offset.
pub const XT_COUNTERS_INFO_SIZE: usize = 40;
/// `sizeof(struct xt_get_revision)`.
pub const XT_GET_REVISION_SIZE: usize = 30;

/// `IPT_F_FRAG`: the rule matches only non-first fragments (`-f`).
pub const IPT_F_FRAG: u8 = 0x01;
/// `IPT_F_GOTO`: the standard target's jump is a goto (`-g`).
pub const IPT_F_GOTO: u8 = 0x02;
/// `IPT_F_MASK`: every defined flag bit.
pub const IPT_F_MASK: u8 = 0x03;
/// `IPT_INV_VIA_IN`: invert the input interface test.
pub const IPT_INV_VIA_IN: u8 = 0x01;
/// `IPT_INV_VIA_OUT`: invert the output interface test.
pub const IPT_INV_VIA_OUT: u8 = 0x02;
/// `IPT_INV_TOS`: accepted, and unused by upstream.
pub const IPT_INV_TOS: u8 = 0x04;
/// `IPT_INV_SRCIP`: invert the source address test.
pub const IPT_INV_SRCIP: u8 = 0x08;
/// `IPT_INV_DSTIP`: invert the destination address test.
pub const IPT_INV_DSTIP: u8 = 0x10;
/// `IPT_INV_FRAG`: invert the fragment test.
pub const IPT_INV_FRAG: u8 = 0x20;
/// `IPT_INV_PROTO` (`XT_INV_PROTO`): invert the protocol test.
pub const IPT_INV_PROTO: u8 = 0x40;
/// `IPT_INV_MASK`: every defined inversion bit.
pub const IPT_INV_MASK: u8 = 0x7f;

/// `NF_DROP`.
pub const NF_DROP: u32 = 0;
/// `NF_ACCEPT`.
pub const NF_ACCEPT: u32 = 1;
/// `NF_QUEUE`.
pub const NF_QUEUE: u32 = 3;
/// `NF_REPEAT`.
pub const NF_REPEAT: u32 = 4;
/// Standard verdict `-NF_DROP - 1`.
pub const VERDICT_DROP: i32 = -1;
/// Standard verdict `-NF_ACCEPT - 1`.
pub const VERDICT_ACCEPT: i32 = -2;
/// Standard verdict `-NF_QUEUE - 1`.
pub const VERDICT_QUEUE: i32 = -4;
/// `XT_RETURN` (`-NF_REPEAT - 1`).
pub const XT_RETURN: i32 = -5;

/// IP protocol numbers used by the built-in matches.
pub mod proto {
    /// `IPPROTO_ICMP`.
    pub const ICMP: u16 = 1;
    /// `IPPROTO_TCP`.
    pub const TCP: u16 = 6;
    /// `IPPROTO_UDP`.
    pub const UDP: u16 = 17;
}

/// Reads `N` bytes at `off`, or `None` if they are not all inside `b`.
pub fn read_array<const N: usize>(b: &[u8], off: usize) -> Option<[u8; N]> {
    let end = off.checked_add(N)?;
    b.get(off..end)?.try_into().ok()
}

/// Reads a native-endian `u16` at `off`.
pub fn read_u16(b: &[u8], off: usize) -> Option<u16> {
    read_array(b, off).map(u16::from_ne_bytes)
}

/// Reads a native-endian `u32` at `off`.
pub fn read_u32(b: &[u8], off: usize) -> Option<u32> {
    read_array(b, off).map(u32::from_ne_bytes)
}

/// Reads a native-endian `i32` at `off`.
pub fn read_i32(b: &[u8], off: usize) -> Option<i32> {
    read_array(b, off).map(i32::from_ne_bytes)
}

/// Reads a native-endian `u64` at `off`.
pub fn read_u64(b: &[u8], off: usize) -> Option<u64> {
    read_array(b, off).map(u64::from_ne_bytes)
}

/// Writes `src` at `off`; does nothing if it does not fit (encoders size their buffers first).
pub fn put(b: &mut [u8], off: usize, src: &[u8]) {
    if let Some(dst) = off
        .checked_add(src.len())
        .and_then(|end| b.get_mut(off..end))
    {
        dst.copy_from_slice(src);
    }
}

/// The bytes of a C string field before its first NUL, or the whole field if it has none.
pub fn c_str(field: &[u8]) -> &[u8] {
    match field.iter().position(|&c| c == 0) {
        Some(n) => field.get(..n).unwrap_or(field),
        None => field,
    }
}

/// Whether a C string field equals `lit` (`strcmp(field, lit) == 0` with a NUL inside the field).
pub fn c_str_eq(field: &[u8], lit: &[u8]) -> bool {
    field.get(..lit.len()) == Some(lit) && field.get(lit.len()) == Some(&0)
}

/// Copies `s` into a zero-padded `N`-byte C string field, or `None` if it leaves no room for NUL.
pub fn c_name<const N: usize>(s: &[u8]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if s.len() >= N {
        return None;
    }
    put(&mut out, 0, s);
    Some(out)
}

/// `struct ipt_ip`: the base match of a rule, in its wire form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IptIp {
    /// Source address (big-endian bytes).
    pub src: [u8; 4],
    /// Destination address (big-endian bytes).
    pub dst: [u8; 4],
    /// Source mask.
    pub smsk: [u8; 4],
    /// Destination mask.
    pub dmsk: [u8; 4],
    /// Input interface name.
    pub iniface: [u8; IFNAMSIZ],
    /// Output interface name.
    pub outiface: [u8; IFNAMSIZ],
    /// Per-byte mask of the input interface name.
    pub iniface_mask: [u8; IFNAMSIZ],
    /// Per-byte mask of the output interface name.
    pub outiface_mask: [u8; IFNAMSIZ],
    /// Protocol, 0 for any.
    pub proto: u16,
    /// `IPT_F_*` bits.
    pub flags: u8,
    /// `IPT_INV_*` bits.
    pub invflags: u8,
}

impl IptIp {
    /// Decodes the 84 bytes at the start of `b`.
    pub fn decode(b: &[u8]) -> Option<IptIp> {
        use ipt_ip::*;
        Some(IptIp {
            src: read_array(b, SRC)?,
            dst: read_array(b, DST)?,
            smsk: read_array(b, SMSK)?,
            dmsk: read_array(b, DMSK)?,
            iniface: read_array(b, INIFACE)?,
            outiface: read_array(b, OUTIFACE)?,
            iniface_mask: read_array(b, INIFACE_MASK)?,
            outiface_mask: read_array(b, OUTIFACE_MASK)?,
            proto: read_u16(b, PROTO)?,
            flags: *b.get(FLAGS)?,
            invflags: *b.get(INVFLAGS)?,
        })
    }

    /// Encodes to the 84-byte wire form.
    pub fn encode(&self) -> [u8; ipt_ip::SIZE] {
        use ipt_ip::*;
        let mut b = [0u8; SIZE];
        put(&mut b, SRC, &self.src);
        put(&mut b, DST, &self.dst);
        put(&mut b, SMSK, &self.smsk);
        put(&mut b, DMSK, &self.dmsk);
        put(&mut b, INIFACE, &self.iniface);
        put(&mut b, OUTIFACE, &self.outiface);
        put(&mut b, INIFACE_MASK, &self.iniface_mask);
        put(&mut b, OUTIFACE_MASK, &self.outiface_mask);
        put(&mut b, PROTO, &self.proto.to_ne_bytes());
        put(&mut b, FLAGS, &[self.flags]);
        put(&mut b, INVFLAGS, &[self.invflags]);
        b
    }

    /// Sets the input interface as iptables' `-i` does: `eth+` matches any name starting with
    /// `eth`, anything else the exact name. Returns `None` if the name is too long.
    pub fn with_iniface(mut self, name: &[u8]) -> Option<Self> {
        (self.iniface, self.iniface_mask) = iface_and_mask(name)?;
        Some(self)
    }

    /// Sets the output interface as iptables' `-o` does (see [`IptIp::with_iniface`]).
    pub fn with_outiface(mut self, name: &[u8]) -> Option<Self> {
        (self.outiface, self.outiface_mask) = iface_and_mask(name)?;
        Some(self)
    }
}

/// The name and mask iptables (`xtables_parse_interface`) builds for an interface argument:
/// the name is copied verbatim (a trailing `+` stays in it), the mask covers the name and its
/// NUL, or only the part before the `+`.
pub fn iface_and_mask(name: &[u8]) -> Option<([u8; IFNAMSIZ], [u8; IFNAMSIZ])> {
    let iface = c_name::<IFNAMSIZ>(name)?;
    let mut mask = [0u8; IFNAMSIZ];
    let n = match name.split_last() {
        None => 0,
        Some((b'+', rest)) => rest.len(),
        // NO-OVERFLOW: `c_name` checked `name.len() < IFNAMSIZ`.
        Some(_) => name.len() + 1,
    };
    if let Some(m) = mask.get_mut(..n) {
        m.fill(0xff);
    }
    Some((iface, mask))
}

/// `struct ipt_replace` without the trailing entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplaceHeader {
    /// Table name.
    pub name: [u8; XT_TABLE_MAXNAMELEN],
    /// Bit mask of hooks the table is attached to.
    pub valid_hooks: u32,
    /// Number of entries in the blob.
    pub num_entries: u32,
    /// Size of the blob in bytes.
    pub size: u32,
    /// Byte offset of each hook's first entry.
    pub hook_entry: [u32; NF_IP_NUMHOOKS],
    /// Byte offset of each hook's policy entry.
    pub underflow: [u32; NF_IP_NUMHOOKS],
    /// Number of counters the caller has room for (the old table's entry count).
    pub num_counters: u32,
    /// User pointer to where the old counters go.
    pub counters: u64,
}

/// Offsets inside `struct ipt_replace` (and `struct ipt_getinfo` up to `underflow`).
mod replace_off {
    pub(super) const VALID_HOOKS: usize = 32;
    pub(super) const NUM_ENTRIES: usize = 36;
    pub(super) const SIZE: usize = 40;
    pub(super) const HOOK_ENTRY: usize = 44;
    pub(super) const UNDERFLOW: usize = 64;
    pub(super) const NUM_COUNTERS: usize = 84;
    pub(super) const COUNTERS: usize = 88;
}

fn read_hooks(b: &[u8], off: usize) -> Option<[u32; NF_IP_NUMHOOKS]> {
    let mut out = [0u32; NF_IP_NUMHOOKS];
    for (i, slot) in out.iter_mut().enumerate() {
        // NO-OVERFLOW: `i < 5` and `off` is a small layout constant.
        *slot = read_u32(b, off + 4 * i)?;
    }
    Some(out)
}

fn put_hooks(b: &mut [u8], off: usize, hooks: &[u32; NF_IP_NUMHOOKS]) {
    for (i, h) in hooks.iter().enumerate() {
        // NO-OVERFLOW: `i < 5` and `off` is a small layout constant.
        put(b, off + 4 * i, &h.to_ne_bytes());
    }
}

impl ReplaceHeader {
    /// Decodes the first 96 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        use replace_off::*;
        Some(Self {
            name: read_array(b, 0)?,
            valid_hooks: read_u32(b, VALID_HOOKS)?,
            num_entries: read_u32(b, NUM_ENTRIES)?,
            size: read_u32(b, SIZE)?,
            hook_entry: read_hooks(b, HOOK_ENTRY)?,
            underflow: read_hooks(b, UNDERFLOW)?,
            num_counters: read_u32(b, NUM_COUNTERS)?,
            counters: read_u64(b, COUNTERS)?,
        })
    }

    /// Encodes to the 96-byte wire form.
    pub fn encode(&self) -> [u8; IPT_REPLACE_SIZE] {
        use replace_off::*;
        let mut b = [0u8; IPT_REPLACE_SIZE];
        put(&mut b, 0, &self.name);
        put(&mut b, VALID_HOOKS, &self.valid_hooks.to_ne_bytes());
        put(&mut b, NUM_ENTRIES, &self.num_entries.to_ne_bytes());
        put(&mut b, SIZE, &self.size.to_ne_bytes());
        put_hooks(&mut b, HOOK_ENTRY, &self.hook_entry);
        put_hooks(&mut b, UNDERFLOW, &self.underflow);
        put(&mut b, NUM_COUNTERS, &self.num_counters.to_ne_bytes());
        put(&mut b, COUNTERS, &self.counters.to_ne_bytes());
        b
    }

    /// The table name as upstream reads it: the last byte is forced to NUL.
    pub fn name_str(&self) -> &[u8] {
        c_str(self.name.get(..XT_TABLE_MAXNAMELEN - 1).unwrap_or(&[]))
    }
}

/// `struct ipt_getinfo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetInfo {
    /// Table name.
    pub name: [u8; XT_TABLE_MAXNAMELEN],
    /// Bit mask of hooks the table is attached to.
    pub valid_hooks: u32,
    /// Byte offset of each hook's first entry (`0xffffffff` for hooks not attached).
    pub hook_entry: [u32; NF_IP_NUMHOOKS],
    /// Byte offset of each hook's policy entry (`0xffffffff` for hooks not attached).
    pub underflow: [u32; NF_IP_NUMHOOKS],
    /// Number of entries.
    pub num_entries: u32,
    /// Size of the blob in bytes.
    pub size: u32,
}

impl GetInfo {
    /// Decodes the first 84 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            name: read_array(b, 0)?,
            valid_hooks: read_u32(b, 32)?,
            hook_entry: read_hooks(b, 36)?,
            underflow: read_hooks(b, 56)?,
            num_entries: read_u32(b, 76)?,
            size: read_u32(b, 80)?,
        })
    }

    /// Encodes to the 84-byte wire form.
    pub fn encode(&self) -> [u8; IPT_GETINFO_SIZE] {
        let mut b = [0u8; IPT_GETINFO_SIZE];
        put(&mut b, 0, &self.name);
        put(&mut b, 32, &self.valid_hooks.to_ne_bytes());
        put_hooks(&mut b, 36, &self.hook_entry);
        put_hooks(&mut b, 56, &self.underflow);
        put(&mut b, 76, &self.num_entries.to_ne_bytes());
        put(&mut b, 80, &self.size.to_ne_bytes());
        b
    }
}

/// `struct ipt_get_entries` without the trailing entries (also the layout of the 40-byte
/// `struct xt_counters_info` header, whose `u32` field is `num_counters`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameAndCount {
    /// Table name.
    pub name: [u8; XT_TABLE_MAXNAMELEN],
    /// `size` (GET_ENTRIES) or `num_counters` (ADD_COUNTERS).
    pub count: u32,
}

impl NameAndCount {
    /// Decodes the first 40 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        // The struct is 40 bytes (padded for the `u64` alignment of what follows).
        b.get(..IPT_GET_ENTRIES_SIZE)?;
        Some(Self {
            name: read_array(b, 0)?,
            count: read_u32(b, 32)?,
        })
    }

    /// Encodes to the 40-byte wire form.
    pub fn encode(&self) -> [u8; IPT_GET_ENTRIES_SIZE] {
        let mut b = [0u8; IPT_GET_ENTRIES_SIZE];
        put(&mut b, 0, &self.name);
        put(&mut b, 32, &self.count.to_ne_bytes());
        b
    }
}

/// `struct xt_get_revision`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetRevision {
    /// Extension name.
    pub name: [u8; XT_EXTENSION_MAXNAMELEN],
    /// Revision asked about.
    pub revision: u8,
}

impl GetRevision {
    /// Decodes the first 30 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            name: read_array(b, 0)?,
            revision: *b.get(XT_EXTENSION_MAXNAMELEN)?,
        })
    }

    /// Encodes to the 30-byte wire form.
    pub fn encode(&self) -> [u8; XT_GET_REVISION_SIZE] {
        let mut b = [0u8; XT_GET_REVISION_SIZE];
        put(&mut b, 0, &self.name);
        put(&mut b, XT_EXTENSION_MAXNAMELEN, &[self.revision]);
        b
    }
}

/// A match or non-standard target to encode: header name and revision, then the payload, which
/// the encoder zero-pads to [`XT_ALIGN`].
#[derive(Clone, Copy, Debug)]
pub struct ExtSpec<'a> {
    /// Extension name (at most 28 bytes).
    pub name: &'a [u8],
    /// Extension revision.
    pub revision: u8,
    /// Payload before padding.
    pub payload: &'a [u8],
}

impl ExtSpec<'_> {
    /// The encoded size (`u.user.match_size` / `target_size`), or `None` on overflow.
    pub fn size(&self) -> Option<usize> {
        xt_align(xt_entry::SIZE.checked_add(self.payload.len())?)
    }
}

/// The target of an entry to encode.
#[derive(Clone, Copy, Debug)]
pub enum TargetSpec<'a> {
    /// A standard target with a raw verdict (negative verdicts, or a literal byte offset).
    Verdict(i32),
    /// A standard target jumping to the entry with this index in the list being encoded.
    JumpTo(usize),
    /// An ERROR target (user chain head, or the table's final `ERROR` entry).
    Error(&'a [u8]),
    /// Any other target.
    Ext(ExtSpec<'a>),
}

/// One entry to encode.
#[derive(Clone, Copy, Debug)]
pub struct EntrySpec<'a> {
    /// The base match (`IPT_F_GOTO` in its flags makes a jump a goto).
    pub ip: IptIp,
    /// Matches, in order.
    pub matches: &'a [ExtSpec<'a>],
    /// The target.
    pub target: TargetSpec<'a>,
}

/// Why encoding failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// An allocation failed.
    NoMem,
    /// A size does not fit its field, a name is too long, or a jump index is out of range.
    Invalid,
}

impl From<AllocError> for EncodeError {
    fn from(_: AllocError) -> Self {
        EncodeError::NoMem
    }
}

impl EntrySpec<'_> {
    /// An unconditional standard-target entry with `verdict` (a policy or RETURN entry).
    pub fn verdict(verdict: i32) -> EntrySpec<'static> {
        EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Verdict(verdict),
        }
    }

    /// `(target_offset, next_offset)` of the encoded entry.
    pub fn offsets(&self) -> Result<(usize, usize), EncodeError> {
        let mut target_offset = ipt_entry::SIZE;
        for m in self.matches {
            target_offset = target_offset
                .checked_add(m.size().ok_or(EncodeError::Invalid)?)
                .ok_or(EncodeError::Invalid)?;
        }
        let tsize = match self.target {
            TargetSpec::Verdict(_) | TargetSpec::JumpTo(_) => XT_STANDARD_TARGET_SIZE,
            TargetSpec::Error(_) => XT_ERROR_TARGET_SIZE,
            TargetSpec::Ext(t) => t.size().ok_or(EncodeError::Invalid)?,
        };
        let next = target_offset
            .checked_add(tsize)
            .ok_or(EncodeError::Invalid)?;
        if next > usize::from(u16::MAX) {
            return Err(EncodeError::Invalid);
        }
        Ok((target_offset, next))
    }
}

fn encode_ext_header(
    out: &mut OVec<u8>,
    size: usize,
    name: &[u8],
    revision: u8,
) -> Result<(), EncodeError> {
    let size = u16::try_from(size).map_err(|_| EncodeError::Invalid)?;
    let name = c_name::<XT_EXTENSION_MAXNAMELEN>(name).ok_or(EncodeError::Invalid)?;
    out.try_extend_from_slice(&size.to_ne_bytes())?;
    out.try_extend_from_slice(&name)?;
    out.try_push(revision)?;
    Ok(())
}

fn encode_ext(out: &mut OVec<u8>, e: &ExtSpec<'_>) -> Result<(), EncodeError> {
    let size = e.size().ok_or(EncodeError::Invalid)?;
    encode_ext_header(out, size, e.name, e.revision)?;
    out.try_extend_from_slice(e.payload)?;
    // NO-OVERFLOW: `size` is `XT_ALIGN(32 + payload.len())`, so at least the bytes written.
    for _ in xt_entry::SIZE + e.payload.len()..size {
        out.try_push(0)?;
    }
    Ok(())
}

/// The byte offset of every entry of `entries` when encoded, plus the total size at the end.
pub fn entry_offsets(entries: &[EntrySpec<'_>]) -> Result<OVec<u32>, EncodeError> {
    let mut offsets = OVec::try_with_capacity(entries.len().saturating_add(1))?;
    let mut off: u32 = 0;
    for e in entries {
        offsets.try_push(off)?;
        let (_, next) = e.offsets()?;
        // CAST: `next` is at most `u16::MAX` (checked in `offsets`).
        off = off.checked_add(next as u32).ok_or(EncodeError::Invalid)?;
    }
    offsets.try_push(off)?;
    Ok(offsets)
}

/// Appends the encoded `entries` to `out` (counters and `comefrom` zero), resolving
/// [`TargetSpec::JumpTo`] indices to byte offsets.
pub fn encode_entries(out: &mut OVec<u8>, entries: &[EntrySpec<'_>]) -> Result<(), EncodeError> {
    let offsets = entry_offsets(entries)?;
    for e in entries {
        let (target_offset, next_offset) = e.offsets()?;
        out.try_extend_from_slice(&e.ip.encode())?;
        out.try_extend_from_slice(&0u32.to_ne_bytes())?;
        // CAST: both are at most `u16::MAX` (checked in `offsets`).
        out.try_extend_from_slice(&(target_offset as u16).to_ne_bytes())?;
        out.try_extend_from_slice(&(next_offset as u16).to_ne_bytes())?;
        // `comefrom` and the counters.
        out.try_extend_from_slice(&[0u8; 4 + XT_COUNTERS_SIZE])?;
        for m in e.matches {
            encode_ext(out, m)?;
        }
        match e.target {
            TargetSpec::Verdict(_) | TargetSpec::JumpTo(_) => {
                let verdict = match e.target {
                    TargetSpec::JumpTo(i) => {
                        let off = *offsets.get(i).ok_or(EncodeError::Invalid)?;
                        i32::try_from(off).map_err(|_| EncodeError::Invalid)?
                    }
                    TargetSpec::Verdict(v) => v,
                    _ => 0,
                };
                encode_ext_header(out, XT_STANDARD_TARGET_SIZE, XT_STANDARD_TARGET, 0)?;
                out.try_extend_from_slice(&verdict.to_ne_bytes())?;
                out.try_extend_from_slice(&[0u8; 4])?;
            }
            TargetSpec::Error(name) => {
                let name = c_name::<XT_FUNCTION_MAXNAMELEN>(name).ok_or(EncodeError::Invalid)?;
                encode_ext_header(out, XT_ERROR_TARGET_SIZE, XT_ERROR_TARGET, 0)?;
                out.try_extend_from_slice(&name)?;
                out.try_extend_from_slice(&[0u8; 2])?;
            }
            TargetSpec::Ext(t) => encode_ext(out, &t)?,
        }
    }
    Ok(())
}

/// A whole `IPT_SO_SET_REPLACE` buffer: header then entries.
///
/// `hook_entry` and `underflow` are entry indices into `entries` (`None` for hooks the table is
/// not attached to, encoded as 0 like the kernel's initial tables do); `num_entries` and `size`
/// are computed.
pub fn encode_replace(
    table: Table,
    hook_entry: [Option<usize>; NF_IP_NUMHOOKS],
    underflow: [Option<usize>; NF_IP_NUMHOOKS],
    num_counters: u32,
    entries: &[EntrySpec<'_>],
) -> Result<OVec<u8>, EncodeError> {
    let offsets = entry_offsets(entries)?;
    let size = *offsets.last().ok_or(EncodeError::Invalid)?;
    let resolve = |idx: [Option<usize>; NF_IP_NUMHOOKS]| -> Result<_, EncodeError> {
        let mut out = [0u32; NF_IP_NUMHOOKS];
        for (o, i) in out.iter_mut().zip(idx) {
            if let Some(i) = i {
                *o = *offsets.get(i).ok_or(EncodeError::Invalid)?;
            }
        }
        Ok(out)
    };
    let header = ReplaceHeader {
        name: c_name(table.name().as_bytes()).ok_or(EncodeError::Invalid)?,
        valid_hooks: table.valid_hooks(),
        num_entries: u32::try_from(entries.len()).map_err(|_| EncodeError::Invalid)?,
        size,
        hook_entry: resolve(hook_entry)?,
        underflow: resolve(underflow)?,
        num_counters,
        counters: 0,
    };
    let mut out = OVec::new();
    out.try_extend_from_slice(&header.encode())?;
    encode_entries(&mut out, entries)?;
    Ok(out)
}

/// The replace buffer for the table as the kernel creates it: one unconditional ACCEPT policy
/// per attached hook, then the final `ERROR` entry (`xt_alloc_initial_table`).
pub fn encode_initial_table(table: Table) -> Result<OVec<u8>, EncodeError> {
    let mut entries: [EntrySpec<'static>; NF_IP_NUMHOOKS + 1] =
        [EntrySpec::verdict(VERDICT_ACCEPT); NF_IP_NUMHOOKS + 1];
    let mut hooks = [None; NF_IP_NUMHOOKS];
    let mut n = 0;
    for h in table.hooks() {
        // CAST: hook numbers are below 5.
        if let Some(slot) = hooks.get_mut(h.index() as usize) {
            *slot = Some(n);
        }
        n += 1;
    }
    if let Some(last) = entries.get_mut(n) {
        *last = EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Error(XT_ERROR_TARGET),
        };
    }
    // NO-OVERFLOW: a table has at most 5 hooks, so `n + 1 <= 6`.
    let used = entries.get(..n + 1).ok_or(EncodeError::Invalid)?;
    // NO-OVERFLOW: a table has at most 5 hooks.
    encode_replace(table, hooks, hooks, n as u32 + 1, used)
}

// ---------------------------------------------------------------------------------------------
// Conntrack and NAT payloads (`linux/netfilter/nf_nat.h`, `xt_conntrack.h`, `xt_state.h`,
// `xt_CT.h`). Sizes checked against the C headers: see the tests below.
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::super::ext::conntrack::{conntrack_size, ct_flags, ct_state, XtConntrack};
    use super::super::ext::ct::{
        ct_target, XtCtTarget, XT_CT_TARGET_INFO_SIZE, XT_CT_TARGET_INFO_V1_SIZE,
    };
    use super::super::ext::icmp::{IptIcmp, IPT_ICMP_SIZE};
    use super::super::ext::nat::{nat_flags, NatRange, NF_NAT_RANGE_SIZE};
    use super::super::ext::tcpudp::{XtTcp, XtUdp, XT_TCP_SIZE, XT_UDP_SIZE};
    use super::*;
    use std::vec::Vec;

    #[test]
    fn struct_sizes() {
        assert_eq!(IptIp::default().encode().len(), 84);
        assert_eq!(IPT_STANDARD_SIZE, 152);
        assert_eq!(IPT_ERROR_SIZE, 176);
        assert_eq!(ReplaceHeader::default().encode().len(), 96);
        assert_eq!(GetInfo::default().encode().len(), 84);
        assert_eq!(NameAndCount::default().encode().len(), 40);
        assert_eq!(GetRevision::default().encode().len(), 30);
        assert_eq!(xt_align(XT_TCP_SIZE), Some(16));
        assert_eq!(xt_align(XT_UDP_SIZE), Some(16));
        assert_eq!(xt_align(IPT_ICMP_SIZE), Some(8));
        assert_eq!(xt_align(usize::MAX), None);
    }

    #[test]
    fn round_trips() {
        let ip = IptIp {
            src: [10, 0, 0, 1],
            smsk: [255, 255, 255, 0],
            proto: 6,
            flags: IPT_F_GOTO,
            invflags: IPT_INV_SRCIP,
            ..IptIp::default()
        }
        .with_iniface(b"eth+")
        .unwrap();
        assert_eq!(IptIp::decode(&ip.encode()), Some(ip));
        assert_eq!(&ip.iniface[..5], b"eth+\0");
        assert_eq!(&ip.iniface_mask[..4], &[0xff, 0xff, 0xff, 0]);
        let exact = IptIp::default().with_outiface(b"lo").unwrap();
        assert_eq!(&exact.outiface_mask[..4], &[0xff, 0xff, 0xff, 0]);
        assert!(IptIp::default().with_iniface(&[b'a'; 16]).is_none());

        let h = ReplaceHeader {
            name: c_name(b"filter").unwrap(),
            valid_hooks: 0xe,
            num_entries: 4,
            size: 632,
            hook_entry: [1, 2, 3, 4, 5],
            underflow: [6, 7, 8, 9, 10],
            num_counters: 11,
            counters: 0x1234_5678_9abc,
        };
        assert_eq!(ReplaceHeader::decode(&h.encode()), Some(h));
        assert_eq!(h.name_str(), b"filter");
        let g = GetInfo {
            name: c_name(b"nat").unwrap(),
            valid_hooks: 0x1b,
            hook_entry: [1, 2, 3, 4, 5],
            underflow: [6, 7, 8, 9, 10],
            num_entries: 5,
            size: 784,
        };
        assert_eq!(GetInfo::decode(&g.encode()), Some(g));
        let r = GetRevision {
            name: c_name(b"tcp").unwrap(),
            revision: 3,
        };
        assert_eq!(GetRevision::decode(&r.encode()), Some(r));
        let t = XtTcp {
            spts: [1, 2],
            dpts: [3, 4],
            option: 5,
            flg_mask: 6,
            flg_cmp: 7,
            invflags: 8,
        };
        assert_eq!(XtTcp::decode(&t.encode()), Some(t));
        let u = XtUdp {
            spts: [1, 2],
            dpts: [3, 4],
            invflags: 3,
        };
        assert_eq!(XtUdp::decode(&u.encode()), Some(u));
        let i = IptIcmp {
            icmp_type: 8,
            code: [0, 255],
            invflags: 1,
        };
        assert_eq!(IptIcmp::decode(&i.encode()), Some(i));
        assert_eq!(XtTcp::decode(&[0; 11]), None);
    }

    #[test]
    fn initial_filter_table_layout() {
        let buf: Vec<u8> = encode_initial_table(Table::Filter).unwrap().to_vec();
        let h = ReplaceHeader::decode(&buf).unwrap();
        assert_eq!(h.num_entries, 4);
        assert_eq!(h.size, 3 * 152 + 176);
        assert_eq!(buf.len(), 96 + 3 * 152 + 176);
        assert_eq!(h.hook_entry, [0, 0, 152, 304, 0]);
        assert_eq!(h.underflow, h.hook_entry);
        let e = &buf[96..];
        assert_eq!(read_u16(e, ipt_entry::TARGET_OFFSET), Some(112));
        assert_eq!(read_u16(e, ipt_entry::NEXT_OFFSET), Some(152));
        assert_eq!(read_u16(e, 112), Some(40));
        assert_eq!(read_i32(e, 112 + 32), Some(VERDICT_ACCEPT));
        let err = &e[456..];
        assert_eq!(read_u16(err, ipt_entry::NEXT_OFFSET), Some(176));
        assert_eq!(read_u16(err, 112), Some(64));
        assert_eq!(&err[114..120], b"ERROR\0");
        assert_eq!(&err[144..150], b"ERROR\0");
    }

    #[test]
    fn conntrack_and_nat_payloads() {
        // Offsets from the C headers (checked with gcc on the uapi headers).
        let r = NatRange {
            flags: nat_flags::MAP_IPS | nat_flags::PROTO_SPECIFIED,
            min_ip: [10, 0, 0, 1],
            max_ip: [10, 0, 0, 9],
            min_proto: 1000,
            max_proto: 2000,
            base_proto: 0,
        };
        let c = r.encode_compat();
        assert_eq!(&c[16..18], &1000u16.to_be_bytes());
        assert_eq!(NatRange::decode_compat(&c), Some((1, r)));
        let r2 = NatRange { base_proto: 7, ..r };
        let b = r2.encode_range2();
        assert_eq!(&b[36..38], &1000u16.to_be_bytes());
        assert_eq!(NatRange::decode_range(&b, true), Some(r2));
        assert_eq!(
            NatRange::decode_range(&b[..NF_NAT_RANGE_SIZE], false),
            Some(r)
        );
        for rev in 1..=3u8 {
            let ct = XtConntrack {
                origsrc_addr: [1, 2, 3, 4],
                origsrc_mask: [255; 4],
                l4proto: 6,
                origdst_port: 80u16.to_be(),
                match_flags: ct_flags::STATE | ct_flags::ORIGDST_PORT,
                invert_flags: ct_flags::STATE,
                state_mask: 0x0e,
                status_mask: 0x30,
                origdst_port_high: if rev == 3 { 90 } else { 0 },
                ..XtConntrack::default()
            };
            let (buf, n) = ct.encode(rev);
            assert_eq!(Some(n), conntrack_size(rev));
            assert_eq!(XtConntrack::decode(rev, &buf[..n]), Some(ct));
        }
        assert_eq!(XtConntrack::port_range(2, 80u16.to_be(), 0), (80, 80));
        assert_eq!(XtConntrack::port_range(3, 80, 90), (80, 90));
        let t = XtCtTarget {
            flags: ct_target::NOTRACK,
            zone: 3,
            helper: c_name(b"ftp").unwrap(),
            ..XtCtTarget::default()
        };
        let (buf, n) = t.encode(2);
        assert_eq!(n, XT_CT_TARGET_INFO_V1_SIZE);
        assert_eq!(XtCtTarget::decode(2, &buf[..n]), Some(t));
        let (buf, n) = t.encode(0);
        assert_eq!(n, XT_CT_TARGET_INFO_SIZE);
        assert_eq!(XtCtTarget::decode(0, &buf[..n]), Some(t));
        assert_eq!(ct_state::bit(0), ct_state::ESTABLISHED);
        assert_eq!(ct_state::bit(1), ct_state::RELATED);
        assert_eq!(ct_state::bit(2), ct_state::NEW);
        assert_eq!(ct_state::bit(3), ct_state::ESTABLISHED);
    }
}
