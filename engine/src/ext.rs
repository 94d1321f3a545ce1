// SPDX-License-Identifier: GPL-2.0

//! The extension registry: every match and target oxtables knows, keyed by (name, revision),
//! with its family list, payload size, user-visible size, table, hook and protocol
//! restrictions and load-time payload check (`checkentry`), in one place. The checks run in
//! `xt_check_match`/`xt_check_target`'s order and fail with the errno this kernel's
//! `ip_tables` returns.

use super::abi::{
    self, c_str, ct_target, nat_flags, proto, IptIcmp, NatRange, XtConntrack, XtCtTarget, XtTcp,
    XtUdp, IPT_ICMP_INV, IPT_ICMP_SIZE, NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE, NF_NAT_RANGE2_SIZE,
    NF_NAT_RANGE_SIZE, XT_CONNTRACK_MTINFO1_SIZE, XT_CONNTRACK_MTINFO2_SIZE,
    XT_CONNTRACK_MTINFO3_SIZE, XT_CT_TARGET_INFO_SIZE, XT_CT_TARGET_INFO_USERSIZE,
    XT_CT_TARGET_INFO_V1_SIZE, XT_CT_TARGET_INFO_V1_USERSIZE, XT_EXTENSION_MAXNAMELEN,
    XT_FUNCTION_MAXNAMELEN, XT_STATE_INFO_SIZE, XT_TCP_INV_MASK, XT_TCP_SIZE, XT_UDP_INV_MASK,
    XT_UDP_SIZE,
};
use super::error::{Error, Reject};
use super::tables::Hook;

/// Whether an extension is a match or a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtKind {
    /// A match (`xt_entry_match`).
    Match,
    /// A target (`xt_entry_target`).
    Target,
}

/// The identity of a registered extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtId {
    /// The standard target (name `""`): verdicts and jumps.
    Standard,
    /// The `ERROR` target: user chain heads and the end of the table.
    Error,
    /// The `tcp` match.
    Tcp,
    /// The `udp` match.
    Udp,
    /// The `icmp` match.
    Icmp,
    /// The `conntrack` match (`xt_conntrack.c`), revisions 1 to 3.
    Conntrack,
    /// The `state` match (`xt_state.c`).
    State,
    /// The `SNAT` target (`xt_nat.c`), revisions 0 to 2.
    Snat,
    /// The `DNAT` target (`xt_nat.c`), revisions 0 to 2.
    Dnat,
    /// The `MASQUERADE` target (`xt_MASQUERADE.c`).
    Masquerade,
    /// The `REDIRECT` target (`xt_REDIRECT.c`).
    Redirect,
    /// The `NOTRACK` target (`xt_CT.c`).
    Notrack,
    /// The `CT` target (`xt_CT.c`), revisions 0 to 2.
    Ct,
}

/// The `xt[]` list an extension is registered in (its `.family`). Lookups from `ip_tables`
/// search the IPv4 list, then the family-independent one, and that order decides both the
/// errno of a wrong revision and the answer of `IPT_SO_GET_REVISION_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// `NFPROTO_IPV4`.
    Ipv4,
    /// `NFPROTO_UNSPEC` (also an unset `.family`, as in `SNAT`/`DNAT` revisions 1 and 2).
    Unspec,
}

/// The bit of `hook` in a hook mask.
const fn hook_bit(hook: Hook) -> u8 {
    // CAST: hook numbers are below 5.
    1 << (hook as u8)
}

/// One registry entry (the fields of `struct xt_match`/`xt_target` that validation uses).
#[derive(Clone, Copy)]
struct Desc {
    /// Which extension this is.
    id: ExtId,
    /// Match or target.
    kind: ExtKind,
    /// The list it is registered in (`.family`).
    family: Family,
    /// The registered name (`.name`), also what `IPT_SO_GET_ENTRIES` shows.
    name: &'static [u8],
    /// `.revision`.
    revision: u8,
    /// The kernel payload size before `XT_ALIGN` (`matchsize`/`targetsize`).
    size: usize,
    /// The payload bytes `IPT_SO_GET_ENTRIES` copies back (`.usersize`), 0 for all of `size`.
    usersize: usize,
    /// The only table the extension is valid in (`.table`), if restricted.
    table: Option<&'static [u8]>,
    /// The hooks the extension is valid from (`.hooks`), 0 for any.
    hooks: u8,
    /// The protocol the rule must have (not inverted), 0 for none.
    proto: u16,
}

/// The fields every entry below starts from.
const BASE: Desc = Desc {
    id: ExtId::Standard,
    kind: ExtKind::Target,
    family: Family::Ipv4,
    name: b"",
    revision: 0,
    size: 0,
    usersize: 0,
    table: None,
    hooks: 0,
    proto: 0,
};

/// `SNAT`'s `.hooks`.
const SNAT_HOOKS: u8 = hook_bit(Hook::PostRouting) | hook_bit(Hook::LocalIn);
/// `DNAT`'s (and `REDIRECT`'s) `.hooks`.
const DNAT_HOOKS: u8 = hook_bit(Hook::PreRouting) | hook_bit(Hook::LocalOut);

/// Every extension oxtables implements, with the registration fields of this kernel's modules.
const REGISTRY: [Desc; 21] = [
    // `ipt_builtin_tg` (`ip_tables.c`).
    Desc {
        id: ExtId::Standard,
        name: abi::XT_STANDARD_TARGET,
        // `sizeof(int)`.
        size: 4,
        ..BASE
    },
    Desc {
        id: ExtId::Error,
        name: abi::XT_ERROR_TARGET,
        size: XT_FUNCTION_MAXNAMELEN,
        ..BASE
    },
    // `xt_tcpudp.c`, `ip_tables.c`.
    Desc {
        id: ExtId::Tcp,
        kind: ExtKind::Match,
        name: b"tcp",
        size: XT_TCP_SIZE,
        proto: proto::TCP,
        ..BASE
    },
    Desc {
        id: ExtId::Udp,
        kind: ExtKind::Match,
        name: b"udp",
        size: XT_UDP_SIZE,
        proto: proto::UDP,
        ..BASE
    },
    Desc {
        id: ExtId::Icmp,
        kind: ExtKind::Match,
        name: b"icmp",
        size: IPT_ICMP_SIZE,
        proto: proto::ICMP,
        ..BASE
    },
    // `conntrack_mt_reg` (`xt_conntrack.c`): `NFPROTO_UNSPEC`.
    Desc {
        id: ExtId::Conntrack,
        kind: ExtKind::Match,
        family: Family::Unspec,
        name: b"conntrack",
        revision: 1,
        size: XT_CONNTRACK_MTINFO1_SIZE,
        ..BASE
    },
    Desc {
        id: ExtId::Conntrack,
        kind: ExtKind::Match,
        family: Family::Unspec,
        name: b"conntrack",
        revision: 2,
        size: XT_CONNTRACK_MTINFO2_SIZE,
        ..BASE
    },
    Desc {
        id: ExtId::Conntrack,
        kind: ExtKind::Match,
        family: Family::Unspec,
        name: b"conntrack",
        revision: 3,
        size: XT_CONNTRACK_MTINFO3_SIZE,
        ..BASE
    },
    // `state_mt_reg` (`xt_state.c`): `NFPROTO_UNSPEC`.
    Desc {
        id: ExtId::State,
        kind: ExtKind::Match,
        family: Family::Unspec,
        name: b"state",
        size: XT_STATE_INFO_SIZE,
        ..BASE
    },
    // `xt_nat_target_reg` (`xt_nat.c`): revision 0 is `NFPROTO_IPV4`, revisions 1 and 2 leave
    // `.family` unset (`NFPROTO_UNSPEC`).
    Desc {
        id: ExtId::Snat,
        name: b"SNAT",
        size: NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE,
        table: Some(b"nat"),
        hooks: SNAT_HOOKS,
        ..BASE
    },
    Desc {
        id: ExtId::Dnat,
        name: b"DNAT",
        size: NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE,
        table: Some(b"nat"),
        hooks: DNAT_HOOKS,
        ..BASE
    },
    Desc {
        id: ExtId::Snat,
        family: Family::Unspec,
        name: b"SNAT",
        revision: 1,
        size: NF_NAT_RANGE_SIZE,
        table: Some(b"nat"),
        hooks: SNAT_HOOKS,
        ..BASE
    },
    Desc {
        id: ExtId::Dnat,
        family: Family::Unspec,
        name: b"DNAT",
        revision: 1,
        size: NF_NAT_RANGE_SIZE,
        table: Some(b"nat"),
        hooks: DNAT_HOOKS,
        ..BASE
    },
    Desc {
        id: ExtId::Snat,
        family: Family::Unspec,
        name: b"SNAT",
        revision: 2,
        size: NF_NAT_RANGE2_SIZE,
        table: Some(b"nat"),
        hooks: SNAT_HOOKS,
        ..BASE
    },
    Desc {
        id: ExtId::Dnat,
        family: Family::Unspec,
        name: b"DNAT",
        revision: 2,
        size: NF_NAT_RANGE2_SIZE,
        table: Some(b"nat"),
        hooks: DNAT_HOOKS,
        ..BASE
    },
    // `masquerade_tg_reg` (`xt_MASQUERADE.c`), the IPv4 entry.
    Desc {
        id: ExtId::Masquerade,
        name: b"MASQUERADE",
        size: NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE,
        table: Some(b"nat"),
        hooks: hook_bit(Hook::PostRouting),
        ..BASE
    },
    // `redirect_tg_reg` (`xt_REDIRECT.c`), the IPv4 entry.
    Desc {
        id: ExtId::Redirect,
        name: b"REDIRECT",
        size: NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE,
        table: Some(b"nat"),
        hooks: DNAT_HOOKS,
        ..BASE
    },
    // `xt_ct_tg_reg` (`xt_CT.c`), the IPv4 entries.
    Desc {
        id: ExtId::Notrack,
        name: b"NOTRACK",
        size: 0,
        table: Some(b"raw"),
        ..BASE
    },
    Desc {
        id: ExtId::Ct,
        name: b"CT",
        size: XT_CT_TARGET_INFO_SIZE,
        usersize: XT_CT_TARGET_INFO_USERSIZE,
        table: Some(b"raw"),
        ..BASE
    },
    Desc {
        id: ExtId::Ct,
        name: b"CT",
        revision: 1,
        size: XT_CT_TARGET_INFO_V1_SIZE,
        usersize: XT_CT_TARGET_INFO_V1_USERSIZE,
        table: Some(b"raw"),
        ..BASE
    },
    Desc {
        id: ExtId::Ct,
        name: b"CT",
        revision: 2,
        size: XT_CT_TARGET_INFO_V1_SIZE,
        usersize: XT_CT_TARGET_INFO_V1_USERSIZE,
        table: Some(b"raw"),
        ..BASE
    },
];

/// A validated `conntrack` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConntrackMatch {
    /// The revision (1, 2 or 3): it decides what the port fields mean
    /// ([`XtConntrack::port_range`]).
    pub revision: u8,
    /// The payload.
    pub info: XtConntrack,
}

/// A validated match, with its typed payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// `-m tcp`.
    Tcp(XtTcp),
    /// `-m udp`.
    Udp(XtUdp),
    /// `-m icmp`.
    Icmp(IptIcmp),
    /// `-m conntrack`, revisions 1 to 3.
    Conntrack(ConntrackMatch),
    /// `-m state`: `xt_state_info.statemask`.
    State(u32),
}

impl Match {
    /// Whether the match reads the packet's conntrack entry ([`super::eval::CtInfo`]).
    pub fn uses_conntrack(&self) -> bool {
        matches!(self, Match::Conntrack(_) | Match::State(_))
    }
}

/// Which way a NAT target rewrites (`enum nf_nat_manip_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NatManip {
    /// `NF_NAT_MANIP_SRC` (`SNAT`).
    Src,
    /// `NF_NAT_MANIP_DST` (`DNAT`).
    Dst,
}

/// A validated target that acts on the packet; the caller of [`super::eval::evaluate`] carries
/// it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetExt {
    /// `SNAT` (`Src`) / `DNAT` (`Dst`), any revision, the range as `nf_nat_range2`
    /// (`xt_nat_convert_range` for revision 0; revision 1 is copied with `base_proto` 0).
    Nat {
        /// Source or destination.
        manip: NatManip,
        /// The range to map to.
        range: NatRange,
    },
    /// `MASQUERADE`: `range[0]` of the compat payload, flags and ports only (addresses zero).
    Masquerade(NatRange),
    /// `REDIRECT`: `range[0]` of the compat payload, flags and ports only (addresses zero).
    Redirect(NatRange),
    /// `NOTRACK`, and `CT` with `XT_CT_NOTRACK`.
    Notrack,
}

impl TargetExt {
    /// Whether upstream's `checkentry` for this target takes a conntrack reference
    /// (`nf_ct_netns_get`): the NAT targets do, `NOTRACK` and `CT --notrack` do not.
    pub fn uses_conntrack(&self) -> bool {
        !matches!(self, TargetExt::Notrack)
    }
}

/// A validated target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedTarget {
    /// The standard target (the verdict was checked by the layout walk).
    Standard,
    /// The `ERROR` target.
    Error,
    /// A target that acts on the packet.
    Ext(TargetExt),
}

/// How `IPT_SO_GET_ENTRIES` hands a validated extension back (`xt_obj_to_user`,
/// `xt_data_to_user`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserView {
    /// The registered name, which replaces the request's name field (and what followed its NUL).
    pub name: &'static [u8],
    /// The payload bytes copied back (`.usersize`, or the unaligned size); the rest reads as
    /// zero.
    pub used: usize,
}

/// What `struct xt_mtchk_param`/`xt_tgchk_param` tell a check about the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckParam<'a> {
    /// `par->table`: the table name of the replace request's header (upstream checks against
    /// the name the request carries, before it looks the table up).
    pub table: &'a [u8],
    /// `par->hook_mask`: the entry's `comefrom`, the hooks that reach the rule (0 for an
    /// unreachable rule, which passes every hook restriction).
    pub hook_mask: u8,
    /// The rule's protocol (`ip.proto`).
    pub proto: u16,
    /// Whether the rule inverts its protocol (`IPT_INV_PROTO`).
    pub inv_proto: bool,
}

/// The registry entries of `kind` named `name` in `family`.
fn named(kind: ExtKind, family: Family, name: &[u8]) -> impl Iterator<Item = &'static Desc> + '_ {
    REGISTRY
        .iter()
        .filter(move |d| d.kind == kind && d.family == family && d.name == name)
}

/// Finds (`name`, `revision`) as `xt_request_find_match`/`xt_request_find_target` do.
fn lookup(kind: ExtKind, name: &[u8], revision: u8) -> Result<&'static Desc, Error> {
    // Upstream refuses names that fill the whole field without a NUL.
    if !name.iter().take(XT_EXTENSION_MAXNAMELEN).any(|&c| c == 0) {
        return Err(Error::Inval(Reject::ExtNameUnterminated));
    }
    let name = c_str(name);
    let mut ipv4_other = false;
    for d in named(kind, Family::Ipv4, name) {
        if d.revision == revision {
            return Ok(d);
        }
        ipv4_other = true;
    }
    // `xt_find_match`/`xt_find_target` then search the family-independent list and return
    // that search's result, dropping the IPv4 list's EPROTOTYPE: a wrong revision is
    // EPROTOTYPE only for names in the family-independent list (`conntrack`, `state`, `SNAT`
    // and `DNAT` through their revisions 1 and 2), ENOENT otherwise.
    let mut unspec_other = false;
    for d in named(kind, Family::Unspec, name) {
        if d.revision == revision {
            return Ok(d);
        }
        unspec_other = true;
    }
    let (unknown, wrong_revision) = match kind {
        ExtKind::Match => (Reject::UnknownMatch, Reject::MatchRevision),
        ExtKind::Target => (Reject::UnknownTarget, Reject::TargetRevision),
    };
    Err(if unspec_other {
        Error::ProtoType(wrong_revision)
    } else if ipv4_other {
        Error::NoEnt(wrong_revision)
    } else {
        Error::NoEnt(unknown)
    })
}

/// The payload size the registry expects, `XT_ALIGN(size)`.
fn aligned(d: &Desc) -> usize {
    // NO-OVERFLOW: registry sizes are small constants.
    abi::xt_align(d.size).unwrap_or(usize::MAX)
}

/// What `IPT_SO_GET_ENTRIES` shows of `d`.
fn user_view(d: &Desc) -> UserView {
    UserView {
        name: d.name,
        used: if d.usersize != 0 { d.usersize } else { d.size },
    }
}

/// `xt_check_match_common`/`xt_check_target_common`: payload size, table, hooks, protocol,
/// in that order, all `EINVAL`.
fn check_common(d: &Desc, payload_len: usize, par: &CheckParam<'_>) -> Result<(), Error> {
    let (size, table, hooks, proto) = match d.kind {
        ExtKind::Match => (
            Reject::MatchPayloadSize,
            Reject::MatchTable,
            Reject::MatchHooks,
            Reject::MatchProto,
        ),
        ExtKind::Target => (
            Reject::TargetPayloadSize,
            Reject::TargetTable,
            Reject::TargetHooks,
            Reject::TargetProto,
        ),
    };
    if payload_len != aligned(d) {
        return Err(Error::Inval(size));
    }
    if d.table.is_some_and(|t| t != par.table) {
        return Err(Error::Inval(table));
    }
    if d.hooks != 0 && par.hook_mask & !d.hooks != 0 {
        return Err(Error::Inval(hooks));
    }
    if d.proto != 0 && (d.proto != par.proto || par.inv_proto) {
        return Err(Error::Inval(proto));
    }
    Ok(())
}

/// Looks up and validates one match (`find_check_match`): `name` is the 29-byte header field,
/// `payload` the bytes after the header. Returns the typed match and how `IPT_SO_GET_ENTRIES`
/// shows it.
pub fn parse_match(
    name: &[u8],
    revision: u8,
    payload: &[u8],
    par: &CheckParam<'_>,
) -> Result<(Match, UserView), Error> {
    let d = lookup(ExtKind::Match, name, revision)?;
    check_common(d, payload.len(), par)?;
    let bad = Error::Inval(Reject::MatchPayloadSize);
    let m = match d.id {
        ExtId::Tcp => {
            let t = XtTcp::decode(payload).ok_or(bad)?;
            if t.invflags & !XT_TCP_INV_MASK != 0 {
                return Err(Error::Inval(Reject::MatchInvFlags));
            }
            Match::Tcp(t)
        }
        ExtId::Udp => {
            let u = XtUdp::decode(payload).ok_or(bad)?;
            if u.invflags & !XT_UDP_INV_MASK != 0 {
                return Err(Error::Inval(Reject::MatchInvFlags));
            }
            Match::Udp(u)
        }
        ExtId::Icmp => {
            let i = IptIcmp::decode(payload).ok_or(bad)?;
            if i.invflags & !IPT_ICMP_INV != 0 {
                return Err(Error::Inval(Reject::MatchInvFlags));
            }
            Match::Icmp(i)
        }
        // `conntrack_mt_check` and `state_mt_check` only take the conntrack reference.
        ExtId::Conntrack => Match::Conntrack(ConntrackMatch {
            revision: d.revision,
            info: XtConntrack::decode(d.revision, payload).ok_or(bad)?,
        }),
        ExtId::State => Match::State(abi::read_u32(payload, 0).ok_or(bad)?),
        // The registry has no other matches.
        _ => return Err(Error::NoEnt(Reject::UnknownMatch)),
    };
    Ok((m, user_view(d)))
}

/// `xt_nat_convert_range` of the compat payload's `range[0]` with `rangesize` checked
/// (`xt_nat_checkentry_v0`), or with `MAP_IPS` refused first and then `rangesize` checked
/// (`masquerade_tg_check`, `redirect_tg4_check`). The latter keep flags and ports only.
fn compat_range(payload: &[u8], ports_only: bool) -> Result<NatRange, Error> {
    let (rangesize, range) =
        NatRange::decode_compat(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
    if ports_only && range.flags & nat_flags::MAP_IPS != 0 {
        return Err(Error::Inval(Reject::NatMapIps));
    }
    if rangesize != 1 {
        return Err(Error::Inval(Reject::NatRangeSize));
    }
    Ok(if ports_only {
        NatRange {
            flags: range.flags,
            min_proto: range.min_proto,
            max_proto: range.max_proto,
            ..NatRange::default()
        }
    } else {
        range
    })
}

/// Whether a C string field has no NUL (`strnlen(s, sizeof(s)) == sizeof(s)`).
fn unterminated(field: &[u8]) -> bool {
    !field.contains(&0)
}

/// `xt_ct_tg_check_v0`/`_v1`/`_v2` and `xt_ct_tg_check` on this kernel (no zones, no events,
/// no timeout policies, no helpers). Only `XT_CT_NOTRACK` is implemented; a CT target that
/// would attach a conntrack template and gets past upstream's checks is `EOPNOTSUPP`.
fn check_ct(revision: u8, payload: &[u8], par: &CheckParam<'_>) -> Result<TargetExt, Error> {
    let info =
        XtCtTarget::decode(revision, payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
    let known = if revision >= 2 {
        ct_target::MASK
    } else {
        ct_target::NOTRACK
    };
    if info.flags & !known != 0 {
        return Err(Error::Inval(Reject::CtFlags));
    }
    if info.flags & ct_target::NOTRACK != 0 {
        return Ok(TargetExt::Notrack);
    }
    // `#ifndef CONFIG_NF_CONNTRACK_ZONES`: `ret` still holds its initial `-EOPNOTSUPP`.
    let zone_flags = ct_target::ZONE_DIR_ORIG | ct_target::ZONE_DIR_REPL | ct_target::ZONE_MARK;
    if info.zone != 0 || info.flags & zone_flags != 0 {
        return Err(Error::OpNotSupp(Reject::CtZone));
    }
    // `nf_ct_ecache_ext_add` is `false` without `CONFIG_NF_CONNTRACK_EVENTS`.
    if info.ct_events != 0 || info.exp_events != 0 {
        return Err(Error::Inval(Reject::CtEvents));
    }
    if info.helper.first().is_some_and(|&c| c != 0) {
        if unterminated(&info.helper) {
            return Err(Error::NameTooLong(Reject::CtHelperName));
        }
        // `xt_ct_find_proto` returns the rule's protocol as a `u8`, 0 if inverted.
        // CAST: truncation is upstream's.
        let l4proto = if par.inv_proto { 0 } else { par.proto as u8 };
        if l4proto == 0 {
            return Err(Error::NoEnt(Reject::CtHelperProto));
        }
        // `nf_conntrack_helper_try_module_get`: this kernel has no conntrack helpers.
        return Err(Error::NoEnt(Reject::CtHelper));
    }
    if info.timeout.first().is_some_and(|&c| c != 0) {
        if unterminated(&info.timeout) {
            return Err(Error::NameTooLong(Reject::CtTimeoutName));
        }
        // `xt_ct_set_timeout` without `CONFIG_NF_CONNTRACK_TIMEOUT`.
        return Err(Error::OpNotSupp(Reject::CtTimeout));
    }
    Err(Error::OpNotSupp(Reject::CtTemplate))
}

/// Looks up and validates a target (`find_check_entry`'s target half, `check_target`):
/// `name` is the 29-byte header field, `payload` the bytes after the header. Returns the typed
/// target and how `IPT_SO_GET_ENTRIES` shows it.
pub fn check_target(
    name: &[u8],
    revision: u8,
    payload: &[u8],
    par: &CheckParam<'_>,
) -> Result<(CheckedTarget, UserView), Error> {
    let d = lookup(ExtKind::Target, name, revision)?;
    check_common(d, payload.len(), par)?;
    let bad = Error::Inval(Reject::TargetPayloadSize);
    let t = match d.id {
        ExtId::Standard => CheckedTarget::Standard,
        ExtId::Error => CheckedTarget::Error,
        ExtId::Snat | ExtId::Dnat => {
            let range = match d.revision {
                0 => compat_range(payload, false)?,
                // `xt_nat_checkentry` checks only the family, which is IPv4 here.
                1 => NatRange::decode_range(payload, false).ok_or(bad)?,
                _ => NatRange::decode_range(payload, true).ok_or(bad)?,
            };
            let manip = if d.id == ExtId::Snat {
                NatManip::Src
            } else {
                NatManip::Dst
            };
            CheckedTarget::Ext(TargetExt::Nat { manip, range })
        }
        ExtId::Masquerade => {
            CheckedTarget::Ext(TargetExt::Masquerade(compat_range(payload, true)?))
        }
        ExtId::Redirect => CheckedTarget::Ext(TargetExt::Redirect(compat_range(payload, true)?)),
        // `NOTRACK` has no `checkentry`.
        ExtId::Notrack => CheckedTarget::Ext(TargetExt::Notrack),
        ExtId::Ct => CheckedTarget::Ext(check_ct(d.revision, payload, par)?),
        // The registry has no other targets.
        _ => return Err(Error::NoEnt(Reject::UnknownTarget)),
    };
    Ok((t, user_view(d)))
}

/// Answers `IPT_SO_GET_REVISION_MATCH`/`_TARGET` as `xt_find_revision` does: the highest
/// revision seen if `revision` is known, `EPROTONOSUPPORT` if only other revisions are,
/// `ENOENT` if the name is unknown. `name` is the 29-byte field; its last byte is ignored.
///
/// Like `match_revfn`/`target_revfn`, the family-independent list is only searched when the
/// IPv4 list lacks `revision`: `SNAT` revision 0 answers 0 (found in the IPv4 list), revision 1
/// answers 2.
pub fn find_revision(kind: ExtKind, name: &[u8], revision: u8) -> Result<u8, Error> {
    let name = c_str(name.get(..XT_EXTENSION_MAXNAMELEN - 1).unwrap_or(name));
    let mut best: Option<u8> = None;
    let mut have = false;
    for family in [Family::Ipv4, Family::Unspec] {
        for d in named(kind, family, name) {
            best = Some(best.map_or(d.revision, |b| b.max(d.revision)));
            have |= d.revision == revision;
        }
        if have {
            break;
        }
    }
    match (best, have) {
        (None, _) => Err(Error::NoEnt(match kind {
            ExtKind::Match => Reject::UnknownMatch,
            ExtKind::Target => Reject::UnknownTarget,
        })),
        (Some(_), false) => Err(Error::ProtoNoSupport(Reject::Revision)),
        (Some(b), true) => Ok(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use abi::ct_flags;

    fn name(s: &[u8]) -> [u8; 29] {
        abi::c_name(s).unwrap()
    }

    /// A rule in `table` reached from `hooks`, protocol `proto`.
    fn par(table: &'static [u8], hooks: u8, proto: u16) -> CheckParam<'static> {
        CheckParam {
            table,
            hook_mask: hooks,
            proto,
            inv_proto: false,
        }
    }

    const PRE: u8 = 1 << 0;
    const IN: u8 = 1 << 1;
    const FWD: u8 = 1 << 2;
    const OUT: u8 = 1 << 3;
    const POST: u8 = 1 << 4;

    #[test]
    fn revisions() {
        let m = ExtKind::Match;
        let t = ExtKind::Target;
        assert_eq!(find_revision(m, &name(b"tcp"), 0), Ok(0));
        assert_eq!(
            find_revision(m, &name(b"tcp"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(
            find_revision(m, &name(b"nope"), 0),
            Err(Error::NoEnt(Reject::UnknownMatch))
        );
        assert_eq!(find_revision(t, &name(b"ERROR"), 0), Ok(0));
        assert_eq!(find_revision(t, &name(b""), 0), Ok(0));
        assert_eq!(
            find_revision(t, &name(b"tcp"), 0),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
        // The last byte is forced to NUL, so a full field still names something.
        let mut full = [b'x'; 29];
        full[..4].copy_from_slice(b"tcp\0");
        assert_eq!(find_revision(m, &full, 0), Ok(0));

        // Family-independent matches: every known revision answers the best.
        for rev in 1..=3 {
            assert_eq!(find_revision(m, &name(b"conntrack"), rev), Ok(3));
        }
        for rev in [0, 4, 255] {
            assert_eq!(
                find_revision(m, &name(b"conntrack"), rev),
                Err(Error::ProtoNoSupport(Reject::Revision))
            );
        }
        assert_eq!(find_revision(m, &name(b"state"), 0), Ok(0));
        assert_eq!(
            find_revision(m, &name(b"state"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        // SNAT/DNAT: revision 0 is found in the IPv4 list, which ends the search there.
        for n in [&b"SNAT"[..], b"DNAT"] {
            assert_eq!(find_revision(t, &name(n), 0), Ok(0));
            assert_eq!(find_revision(t, &name(n), 1), Ok(2));
            assert_eq!(find_revision(t, &name(n), 2), Ok(2));
            assert_eq!(
                find_revision(t, &name(n), 3),
                Err(Error::ProtoNoSupport(Reject::Revision))
            );
        }
        for rev in 0..=2 {
            assert_eq!(find_revision(t, &name(b"CT"), rev), Ok(2));
        }
        assert_eq!(
            find_revision(t, &name(b"CT"), 3),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        for n in [&b"MASQUERADE"[..], b"REDIRECT", b"NOTRACK"] {
            assert_eq!(find_revision(t, &name(n), 0), Ok(0));
            assert_eq!(
                find_revision(t, &name(n), 1),
                Err(Error::ProtoNoSupport(Reject::Revision))
            );
            assert_eq!(
                find_revision(m, &name(n), 0),
                Err(Error::NoEnt(Reject::UnknownMatch))
            );
        }
        assert_eq!(
            find_revision(t, &name(b"conntrack"), 1),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
        // Names compare exactly.
        assert_eq!(
            find_revision(t, &name(b"snat"), 0),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
    }

    #[test]
    fn lookup_errnos() {
        // IPv4-only names at another revision: the family-independent search says ENOENT.
        assert_eq!(
            lookup(ExtKind::Target, &name(b"CT"), 3).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        assert_eq!(
            lookup(ExtKind::Target, &name(b"MASQUERADE"), 1).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        assert_eq!(
            lookup(ExtKind::Target, &name(b"NOTRACK"), 1).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        // Names in the family-independent list: EPROTOTYPE.
        assert_eq!(
            lookup(ExtKind::Target, &name(b"SNAT"), 3).err(),
            Some(Error::ProtoType(Reject::TargetRevision))
        );
        assert_eq!(
            lookup(ExtKind::Match, &name(b"conntrack"), 0).err(),
            Some(Error::ProtoType(Reject::MatchRevision))
        );
        assert_eq!(
            lookup(ExtKind::Match, &name(b"state"), 1).err(),
            Some(Error::ProtoType(Reject::MatchRevision))
        );
        assert_eq!(
            lookup(ExtKind::Match, &name(b"SNAT"), 0).err(),
            Some(Error::NoEnt(Reject::UnknownMatch))
        );
        for rev in 0..=2 {
            let d = lookup(ExtKind::Target, &name(b"DNAT"), rev).unwrap();
            assert_eq!((d.id, d.revision), (ExtId::Dnat, rev));
        }
    }

    #[test]
    fn match_checks() {
        let filter = par(b"filter", IN, 6);
        let tcp = XtTcp::default().encode();
        let mut payload = [0u8; 16];
        payload[..12].copy_from_slice(&tcp);
        assert!(parse_match(&name(b"tcp"), 0, &payload, &filter).is_ok());
        let inv = CheckParam {
            inv_proto: true,
            ..filter
        };
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, &inv),
            Err(Error::Inval(Reject::MatchProto))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, &par(b"filter", IN, 17)),
            Err(Error::Inval(Reject::MatchProto))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload[..12], &filter),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 1, &payload, &filter),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            parse_match(&[b'a'; 29], 0, &payload, &filter),
            Err(Error::Inval(Reject::ExtNameUnterminated))
        );
        payload[11] = 0x10;
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, &filter),
            Err(Error::Inval(Reject::MatchInvFlags))
        );

        // conntrack: any table, hook and protocol; the payload size per revision.
        for rev in 1..=3u8 {
            let info = XtConntrack {
                match_flags: ct_flags::STATE,
                state_mask: 0x0e,
                ..XtConntrack::default()
            };
            let (buf, n) = info.encode(rev);
            let aligned = abi::xt_align(n).unwrap();
            let mut p = [0u8; 176];
            p[..n].copy_from_slice(&buf[..n]);
            let (m, view) = parse_match(
                &name(b"conntrack"),
                rev,
                &p[..aligned],
                &par(b"nat", 0x1f, 0),
            )
            .unwrap();
            assert_eq!(
                m,
                Match::Conntrack(ConntrackMatch {
                    revision: rev,
                    info
                })
            );
            assert!(m.uses_conntrack());
            assert_eq!(
                view,
                UserView {
                    name: b"conntrack",
                    used: n
                }
            );
            for wrong in [aligned - 8, aligned + 8, n] {
                if wrong == aligned {
                    continue;
                }
                assert_eq!(
                    parse_match(&name(b"conntrack"), rev, &p[..wrong], &filter),
                    Err(Error::Inval(Reject::MatchPayloadSize)),
                    "rev {rev} size {wrong}"
                );
            }
        }
        let (m, view) = parse_match(
            &name(b"state"),
            0,
            &[6, 0, 0, 0, 0xaa, 0, 0, 0],
            &par(b"raw", PRE | OUT, 0),
        )
        .unwrap();
        assert_eq!(m, Match::State(6));
        assert_eq!(view.used, 4);
        assert_eq!(
            parse_match(&name(b"state"), 0, &[6, 0, 0, 0], &filter),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
    }

    fn compat(rangesize: u32, flags: u32) -> [u8; 24] {
        let r = NatRange {
            flags,
            min_ip: [10, 0, 0, 1],
            max_ip: [10, 0, 0, 2],
            min_proto: 1000,
            max_proto: 2000,
            base_proto: 0,
        };
        let mut b = [0u8; 24];
        b[..20].copy_from_slice(&r.encode_compat());
        b[..4].copy_from_slice(&rangesize.to_ne_bytes());
        b
    }

    fn ext(t: Result<(CheckedTarget, UserView), Error>) -> Result<TargetExt, Error> {
        match t? {
            (CheckedTarget::Ext(e), _) => Ok(e),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn standard_and_error_targets() {
        let filter = par(b"filter", IN, 0);
        assert_eq!(
            check_target(&name(b""), 0, &[0; 8], &filter).map(|t| t.0),
            Ok(CheckedTarget::Standard)
        );
        assert_eq!(
            check_target(&name(b""), 0, &[0; 4], &filter),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"ERROR"), 0, &[0; 32], &filter),
            Ok((
                CheckedTarget::Error,
                UserView {
                    name: b"ERROR",
                    used: 30
                }
            ))
        );
        assert_eq!(
            check_target(&name(b"LOG"), 0, &[0; 32], &filter),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
    }

    #[test]
    fn nat_targets() {
        let post = par(b"nat", POST, 0);
        let pre = par(b"nat", PRE, 0);
        let c = compat(1, nat_flags::MAP_IPS);
        let range = NatRange::decode_compat(&c).unwrap().1;
        assert_eq!(
            ext(check_target(&name(b"SNAT"), 0, &c, &post)),
            Ok(TargetExt::Nat {
                manip: NatManip::Src,
                range
            })
        );
        assert_eq!(
            ext(check_target(&name(b"DNAT"), 0, &c, &pre)),
            Ok(TargetExt::Nat {
                manip: NatManip::Dst,
                range
            })
        );
        // Checks in x_tables' order: size, table, hooks, then `checkentry`.
        assert_eq!(
            check_target(
                &name(b"SNAT"),
                0,
                &compat(2, 0)[..20],
                &par(b"filter", FWD, 0)
            ),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat(2, 0), &par(b"filter", FWD, 0)),
            Err(Error::Inval(Reject::TargetTable))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat(2, 0), &par(b"nat", FWD, 0)),
            Err(Error::Inval(Reject::TargetHooks))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat(2, 0), &post),
            Err(Error::Inval(Reject::NatRangeSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat(0, 0), &par(b"nat", IN, 0)),
            Err(Error::Inval(Reject::NatRangeSize))
        );
        // Hook masks: SNAT from POSTROUTING/INPUT, DNAT from PREROUTING/OUTPUT; an
        // unreachable rule (mask 0) passes.
        for (n, ok, bad) in [
            (
                &b"SNAT"[..],
                [POST, IN, POST | IN, 0],
                [PRE, OUT, POST | PRE, FWD],
            ),
            (b"DNAT", [PRE, OUT, PRE | OUT, 0], [POST, IN, PRE | IN, FWD]),
        ] {
            for h in ok {
                assert!(check_target(&name(n), 0, &c, &par(b"nat", h, 0)).is_ok());
            }
            for h in bad {
                assert_eq!(
                    check_target(&name(n), 0, &c, &par(b"nat", h, 0)),
                    Err(Error::Inval(Reject::TargetHooks))
                );
            }
        }
        // Revision 1 and 2: no rangesize, any flags; the size per revision.
        let r2 = NatRange {
            flags: 0x7f,
            base_proto: 5,
            ..range
        };
        let b2 = r2.encode_range2();
        let mut p2 = [0u8; 48];
        p2[..NF_NAT_RANGE2_SIZE].copy_from_slice(&b2);
        assert_eq!(
            ext(check_target(&name(b"DNAT"), 2, &p2, &pre)),
            Ok(TargetExt::Nat {
                manip: NatManip::Dst,
                range: r2
            })
        );
        assert_eq!(
            ext(check_target(&name(b"DNAT"), 1, &p2[..40], &pre)),
            Ok(TargetExt::Nat {
                manip: NatManip::Dst,
                range: NatRange {
                    base_proto: 0,
                    ..r2
                }
            })
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 2, &p2[..40], &post),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 1, &p2, &post),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &p2[..40], &post),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"DNAT"), 2, &p2, &par(b"mangle", PRE, 0)),
            Err(Error::Inval(Reject::TargetTable))
        );
        let (_, view) = check_target(&name(b"SNAT"), 2, &p2, &post).unwrap();
        assert_eq!(
            view,
            UserView {
                name: b"SNAT",
                used: 44
            }
        );
    }

    #[test]
    fn masquerade_and_redirect() {
        let post = par(b"nat", POST, 0);
        let out = par(b"nat", OUT, 6);
        let ports = NatRange {
            flags: nat_flags::PROTO_SPECIFIED,
            min_proto: 1000,
            max_proto: 2000,
            ..NatRange::default()
        };
        let c = compat(1, nat_flags::PROTO_SPECIFIED);
        assert_eq!(
            ext(check_target(&name(b"MASQUERADE"), 0, &c, &post)),
            Ok(TargetExt::Masquerade(ports))
        );
        assert_eq!(
            ext(check_target(&name(b"REDIRECT"), 0, &c, &out)),
            Ok(TargetExt::Redirect(ports))
        );
        // MAP_IPS before rangesize.
        for (n, p) in [(&b"MASQUERADE"[..], post), (b"REDIRECT", out)] {
            assert_eq!(
                check_target(&name(n), 0, &compat(3, nat_flags::MAP_IPS), &p),
                Err(Error::Inval(Reject::NatMapIps))
            );
            assert_eq!(
                check_target(&name(n), 0, &compat(3, 0), &p),
                Err(Error::Inval(Reject::NatRangeSize))
            );
            assert_eq!(
                check_target(
                    &name(n),
                    0,
                    &compat(3, nat_flags::MAP_IPS),
                    &par(b"raw", 0, 0)
                ),
                Err(Error::Inval(Reject::TargetTable))
            );
            assert_eq!(
                check_target(&name(n), 0, &c[..16], &par(b"raw", 0, 0)),
                Err(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        assert_eq!(
            check_target(&name(b"MASQUERADE"), 0, &c, &par(b"nat", PRE, 0)),
            Err(Error::Inval(Reject::TargetHooks))
        );
        assert_eq!(
            check_target(&name(b"REDIRECT"), 0, &c, &par(b"nat", POST, 0)),
            Err(Error::Inval(Reject::TargetHooks))
        );
    }

    fn ct(rev: u8, t: XtCtTarget) -> ([u8; 72], usize) {
        let (mut b, n) = t.encode(rev);
        // The kernel pointer: garbage from userspace, never read.
        b[n - 8..n].fill(0xa5);
        (b, n)
    }

    #[test]
    fn notrack_and_ct() {
        let raw = par(b"raw", PRE | OUT, 0);
        assert_eq!(
            check_target(&name(b"NOTRACK"), 0, &[], &raw),
            Ok((
                CheckedTarget::Ext(TargetExt::Notrack),
                UserView {
                    name: b"NOTRACK",
                    used: 0
                }
            ))
        );
        assert!(!TargetExt::Notrack.uses_conntrack());
        assert_eq!(
            check_target(&name(b"NOTRACK"), 0, &[0; 8], &raw),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"NOTRACK"), 0, &[], &par(b"filter", IN, 0)),
            Err(Error::Inval(Reject::TargetTable))
        );
        let notrack = XtCtTarget {
            flags: ct_target::NOTRACK,
            // Ignored under NOTRACK, even on a kernel without zones.
            zone: 7,
            helper: abi::c_name(b"ftp").unwrap(),
            ..XtCtTarget::default()
        };
        for rev in 0..=2u8 {
            let (b, n) = ct(rev, notrack);
            let (t, view) = check_target(&name(b"CT"), rev, &b[..n], &raw).unwrap();
            assert_eq!(t, CheckedTarget::Ext(TargetExt::Notrack));
            assert_eq!(view.used, n - 8);
            let other = if rev == 0 { 72 } else { 40 };
            assert_eq!(
                check_target(&name(b"CT"), rev, &b[..other], &raw),
                Err(Error::Inval(Reject::TargetPayloadSize))
            );
            assert_eq!(
                check_target(&name(b"CT"), rev, &b[..n], &par(b"nat", PRE, 0)),
                Err(Error::Inval(Reject::TargetTable))
            );
        }
        // Flag masks per revision: 0 and 1 know NOTRACK only, 2 knows XT_CT_MASK.
        let with = |flags| XtCtTarget {
            flags,
            ..XtCtTarget::default()
        };
        for rev in 0..=1u8 {
            for f in [ct_target::NOTRACK_ALIAS, ct_target::ZONE_MARK, 0x20, 0x8000] {
                let (b, n) = ct(rev, with(ct_target::NOTRACK | f));
                assert_eq!(
                    check_target(&name(b"CT"), rev, &b[..n], &raw),
                    Err(Error::Inval(Reject::CtFlags)),
                    "rev {rev} flags {f:#x}"
                );
            }
        }
        let (b, n) = ct(2, with(ct_target::NOTRACK | ct_target::NOTRACK_ALIAS));
        assert_eq!(
            ext(check_target(&name(b"CT"), 2, &b[..n], &raw)),
            Ok(TargetExt::Notrack)
        );
        let (b, n) = ct(2, with(ct_target::NOTRACK | 0x20));
        assert_eq!(
            check_target(&name(b"CT"), 2, &b[..n], &raw),
            Err(Error::Inval(Reject::CtFlags))
        );
        // Without NOTRACK, in xt_ct_tg_check's order.
        let check = |rev: u8, t: XtCtTarget, p: &CheckParam<'_>| {
            let (b, n) = ct(rev, t);
            check_target(&name(b"CT"), rev, &b[..n], p).map(|t| t.0)
        };
        let full16 = [b'h'; 16];
        let full32 = [b't'; 32];
        let helper = abi::c_name::<16>(b"ftp").unwrap();
        let timeout = abi::c_name::<32>(b"pol").unwrap();
        let base = XtCtTarget::default();
        let zone = XtCtTarget { zone: 1, ..base };
        let events = XtCtTarget {
            ct_events: 1,
            helper: full16,
            ..base
        };
        assert_eq!(check(0, zone, &raw), Err(Error::OpNotSupp(Reject::CtZone)));
        assert_eq!(check(1, zone, &raw), Err(Error::OpNotSupp(Reject::CtZone)));
        for f in [
            ct_target::ZONE_DIR_ORIG,
            ct_target::ZONE_DIR_REPL,
            ct_target::ZONE_MARK,
        ] {
            assert_eq!(
                check(2, XtCtTarget { flags: f, ..events }, &raw),
                Err(Error::OpNotSupp(Reject::CtZone))
            );
        }
        assert_eq!(check(2, events, &raw), Err(Error::Inval(Reject::CtEvents)));
        assert_eq!(
            check(
                0,
                XtCtTarget {
                    exp_events: 1,
                    ..base
                },
                &raw
            ),
            Err(Error::Inval(Reject::CtEvents))
        );
        let h = |helper, timeout| XtCtTarget {
            helper,
            timeout,
            ..base
        };
        assert_eq!(
            check(1, h(full16, full32), &raw),
            Err(Error::NameTooLong(Reject::CtHelperName))
        );
        assert_eq!(
            check(1, h(helper, full32), &raw),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        let tcp = par(b"raw", PRE, 6);
        assert_eq!(
            check(0, h(helper, [0; 32]), &tcp),
            Err(Error::NoEnt(Reject::CtHelper))
        );
        let inv_tcp = CheckParam {
            inv_proto: true,
            ..tcp
        };
        assert_eq!(
            check(2, h(helper, [0; 32]), &inv_tcp),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        // `xt_ct_find_proto` truncates the protocol to a byte.
        assert_eq!(
            check(2, h(helper, [0; 32]), &par(b"raw", PRE, 256)),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        assert_eq!(
            check(2, h([0; 16], full32), &raw),
            Err(Error::NameTooLong(Reject::CtTimeoutName))
        );
        assert_eq!(
            check(2, h([0; 16], timeout), &raw),
            Err(Error::OpNotSupp(Reject::CtTimeout))
        );
        // Revision 0 has no timeout field: a plain template.
        assert_eq!(
            check(0, h([0; 16], timeout), &raw),
            Err(Error::OpNotSupp(Reject::CtTemplate))
        );
        assert_eq!(
            check(2, base, &raw),
            Err(Error::OpNotSupp(Reject::CtTemplate))
        );
    }
}
