// SPDX-License-Identifier: GPL-2.0

//! The extensions: one file per upstream module (`net/netfilter/xt_*.c`,
//! `net/ipv4/netfilter/ipt_*.c`), holding the extension's payload layout (every revision), its
//! registrations ([`Reg`], one per revision, as `struct xt_match`/`xt_target`), its
//! `checkentry` (the typed form of a validated payload), its match or target function, and its
//! host tests.
//!
//! This file keeps what is common to all of them: the (name, revision) lookup with x_tables'
//! family rules, the checks x_tables makes before `checkentry` (size, table, hooks, protocol),
//! and the one list of extensions ([`extensions!`] below) from which the [`Match`] and
//! [`TargetExt`] enums and their static dispatch are generated: no `dyn`, no allocation on the
//! packet path. Adding an extension adds a file and one line to that list.
//!
//! An extension reaches the kernel at packet time only through [`Env`], which the module
//! implements over the hook's `sk_buff` and host tests fake.

use super::abi::{self, c_str, XT_EXTENSION_MAXNAMELEN};
use super::env::{Env, LoadEnv};
use super::error::{Error, Reject};
use super::eval::Packet;
use super::tables::Hook;

pub mod addrtype;
pub mod checksum;
pub mod classify;
pub mod comment;
pub mod connlimit;
pub mod connmark;
pub mod conntrack;
pub mod ct;
pub mod devgroup;
pub mod dscp;
pub mod dscp_tg;
pub mod hashlimit;
pub mod helper;
pub mod icmp;
pub mod iprange;
pub mod length;
pub mod limit;
pub mod log;
pub mod mac;
pub mod mark;
pub mod masquerade;
pub mod multiport;
pub mod nat;
pub mod nflog;
pub mod nfqueue;
pub mod owner;
pub mod physdev;
pub mod pkttype;
pub mod realm;
pub mod recent;
pub mod redirect;
pub mod reject;
pub mod set;
pub mod set_tg;
pub mod standard;
pub mod state;
pub mod statistic;
pub mod string;
pub mod tcpmss;
pub mod tcpmss_tg;
pub mod tcpudp;
pub mod tee;
pub mod time;
pub mod trace;
pub mod ttl;
pub mod ttl_tg;

/// Whether an extension is a match or a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtKind {
    /// A match (`xt_entry_match`).
    Match,
    /// A target (`xt_entry_target`).
    Target,
}

/// The `xt[]` list an extension is registered in (its `.family`). Lookups from `ip_tables`
/// search the IPv4 list, then the family-independent one, and that order decides both the
/// errno of a wrong revision and the answer of `IPT_SO_GET_REVISION_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `NFPROTO_IPV4`.
    Ipv4,
    /// `NFPROTO_UNSPEC` (also an unset `.family`, as in `SNAT`/`DNAT` revisions 1 and 2).
    Unspec,
}

/// The bit of `hook` in a hook mask (`.hooks`, `comefrom`).
pub const fn hook_bit(hook: Hook) -> u8 {
    // CAST: hook numbers are below 5.
    1 << (hook as u8)
}

/// One registration: the fields of `struct xt_match`/`xt_target` that validation, lookup and
/// `IPT_SO_GET_ENTRIES` use. The userspace tool takes names, revisions and sizes from here too.
#[derive(Clone, Copy, Debug)]
pub struct Reg {
    /// Which extension type's `check` this registration leads to.
    pub id: ExtId,
    /// Match or target.
    pub kind: ExtKind,
    /// The list it is registered in (`.family`).
    pub family: Family,
    /// The registered name (`.name`), also what `IPT_SO_GET_ENTRIES` shows.
    pub name: &'static [u8],
    /// `.revision`.
    pub revision: u8,
    /// The kernel payload size before `XT_ALIGN` (`matchsize`/`targetsize`).
    pub size: usize,
    /// The payload bytes `IPT_SO_GET_ENTRIES` copies back (`.usersize`), 0 for all of `size`.
    pub usersize: usize,
    /// The only table the extension is valid in (`.table`), if restricted.
    pub table: Option<&'static [u8]>,
    /// The hooks the extension is valid from (`.hooks`), 0 for any.
    pub hooks: u8,
    /// The protocol the rule must have (not inverted), 0 for none.
    pub proto: u16,
}

impl Reg {
    /// A match registration with every optional field at its default: IPv4 list, revision 0,
    /// no `.usersize`, any table, any hook, any protocol.
    pub const fn match_(id: ExtId, name: &'static [u8], size: usize) -> Reg {
        Reg {
            id,
            kind: ExtKind::Match,
            family: Family::Ipv4,
            name,
            revision: 0,
            size,
            usersize: 0,
            table: None,
            hooks: 0,
            proto: 0,
        }
    }

    /// A target registration with every optional field at its default.
    pub const fn target(id: ExtId, name: &'static [u8], size: usize) -> Reg {
        Reg {
            kind: ExtKind::Target,
            ..Reg::match_(id, name, size)
        }
    }

    /// The payload size the kernel expects, `XT_ALIGN(size)`.
    pub const fn aligned_size(&self) -> usize {
        // NO-OVERFLOW: registry sizes are small constants.
        match abi::xt_align(self.size) {
            Some(n) => n,
            None => usize::MAX,
        }
    }

    /// The payload bytes `IPT_SO_GET_ENTRIES` shows (`.usersize`, or all of `size`).
    pub const fn user_size(&self) -> usize {
        if self.usersize != 0 {
            self.usersize
        } else {
            self.size
        }
    }

    /// How `IPT_SO_GET_ENTRIES` shows this extension.
    fn user_view(&self) -> UserView {
        UserView {
            name: self.name,
            used: self.user_size(),
        }
    }
}

/// What `struct xt_mtchk_param`/`xt_tgchk_param` tell a check about the rule.
#[derive(Clone, Copy)]
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
    /// The kernel, for what a check needs to know of it (`HZ`, named objects, ...).
    pub load: &'a dyn LoadEnv,
    /// The entry's matches, validated (what a target's check reads of `par->entryinfo`:
    /// `TCPMSS` looks for a SYN `tcp` match); empty for a match's check.
    pub matches: &'a [Match],
}

impl core::fmt::Debug for CheckParam<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CheckParam")
            .field("table", &self.table)
            .field("hook_mask", &self.hook_mask)
            .field("proto", &self.proto)
            .field("inv_proto", &self.inv_proto)
            .field("matches", &self.matches)
            .finish_non_exhaustive()
    }
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

/// What a loaded rule needs from the kernel for as long as it is loaded (what upstream's
/// `checkentry` takes and `destroy` puts back).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Connection tracking switched on in the namespace (`nf_ct_netns_get`).
    pub conntrack: bool,
    /// The IPv4 `LOG`-type logger held (`nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG)`,
    /// put back with `nf_logger_put`).
    pub log: bool,
    /// The IPv4 `ULOG`-type logger held (`nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_ULOG)`,
    /// `NFLOG`), put back with `nf_logger_put`.
    pub ulog: bool,
}

impl Needs {
    /// Nothing.
    pub const NONE: Needs = Needs {
        conntrack: false,
        log: false,
        ulog: false,
    };
    /// Connection tracking.
    pub const CONNTRACK: Needs = Needs {
        conntrack: true,
        log: false,
        ulog: false,
    };
    /// The `LOG` logger.
    pub const LOG: Needs = Needs {
        conntrack: false,
        log: true,
        ulog: false,
    };
    /// The `NFLOG` logger.
    pub const ULOG: Needs = Needs {
        conntrack: false,
        log: false,
        ulog: true,
    };

    /// Both sets of needs.
    pub const fn union(self, other: Needs) -> Needs {
        Needs {
            conntrack: self.conntrack || other.conntrack,
            log: self.log || other.log,
            ulog: self.ulog || other.ulog,
        }
    }
}

/// The result of one match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchResult {
    /// The match matched.
    Yes,
    /// The match did not match.
    No,
    /// The match cannot examine the packet: drop it (`par->hotdrop`).
    HotDrop,
}

impl MatchResult {
    /// `Yes` if `b`, else `No`.
    pub const fn from_bool(b: bool) -> MatchResult {
        if b {
            MatchResult::Yes
        } else {
            MatchResult::No
        }
    }
}

/// What a target tells the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetVerdict {
    /// `XT_CONTINUE`: go on with the next rule.
    Continue,
    /// `XT_CONTINUE` after the target rewrote the transport bytes (`TCPMSS`): the walk reads
    /// them again ([`Env::l4_read`]) before the next rule, so later matches see the new ones.
    ContinueL4Rewritten,
    /// `NF_ACCEPT`: stop, accept.
    Accept,
    /// `NF_DROP`: stop, drop.
    Drop,
    /// `NF_QUEUE_NR(num)`, with `NF_VERDICT_FLAG_QUEUE_BYPASS` if `bypass`: stop, queue.
    Queue {
        /// The queue number.
        num: u16,
        /// Accept instead of dropping when no program listens on the queue.
        bypass: bool,
    },
}

/// A match extension: its registrations and its validated, typed form.
pub trait MatchDef: Sized {
    /// One registration per revision, in upstream's registration order.
    const REGS: &'static [Reg];

    /// `checkentry`, after x_tables' common checks passed for `reg`: the typed match, or the
    /// errno upstream's check returns. `payload` is exactly `reg.aligned_size()` bytes.
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error>;

    /// The match function on `pkt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult;

    /// What the rule needs from the kernel while it is loaded.
    fn needs(&self) -> Needs {
        Needs::NONE
    }

    /// What `checkentry` wrote into the user-visible part of its payload, which
    /// `IPT_SO_GET_ENTRIES` then shows (`xt_helper` NUL-terminates its name): applied to the
    /// table's copy of `payload`.
    fn user_fixup(&self, _payload: &mut [u8]) {}
}

/// A target extension: its registrations and its validated, typed form.
pub trait TargetDef: Sized {
    /// One registration per revision, in upstream's registration order.
    const REGS: &'static [Reg];

    /// `checkentry`, after x_tables' common checks passed for `reg`.
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error>;

    /// The target function on `pkt`. A target that rewrites header fields the matches read
    /// updates `pkt` to match what it wrote; one that rewrites the transport bytes returns
    /// [`TargetVerdict::ContinueL4Rewritten`], and the walk reads them again.
    fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict;

    /// What the rule needs from the kernel while it is loaded.
    fn needs(&self) -> Needs {
        Needs::NONE
    }

    /// What `checkentry` wrote into the user-visible part of its payload (`SET` revision 0's
    /// `compat` bytes), as [`MatchDef::user_fixup`].
    fn user_fixup(&self, _payload: &mut [u8]) {}
}

/// Generates, from the one list of extensions, the [`ExtId`] of each, the [`Match`] and
/// [`TargetExt`] enums with their dispatch, and [`REGISTRY`].
macro_rules! extensions {
    (
        matches { $($mv:ident($mt:ty),)* }
        targets { $($tv:ident($tt:ty),)* }
    ) => {
        /// The identity of a registered extension: which type validates it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ExtId {
            /// The standard target (name `""`): verdicts and jumps.
            Standard,
            /// The `ERROR` target: user chain heads and the end of the table.
            Error,
            $(
                #[doc = concat!("The match `", stringify!($mt), "`.")]
                $mv,
            )*
            $(
                #[doc = concat!("The target `", stringify!($tt), "`.")]
                $tv,
            )*
        }

        /// A validated match, with its typed payload.
        #[derive(Debug, PartialEq)]
        pub enum Match {
            $(
                #[doc = concat!("[`", stringify!($mt), "`].")]
                $mv($mt),
            )*
        }

        /// A validated target that acts on the packet.
        #[derive(Debug, PartialEq)]
        pub enum TargetExt {
            $(
                #[doc = concat!("[`", stringify!($tt), "`].")]
                $tv($tt),
            )*
        }

        /// Every registration, extension by extension, in the order upstream registers them.
        pub const REGISTRY: &[&[Reg]] = &[
            standard::REGS,
            $(<$mt as MatchDef>::REGS,)*
            $(<$tt as TargetDef>::REGS,)*
        ];

        impl Match {
            /// `checkentry` of the match `reg` belongs to.
            fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Match, Error> {
                match reg.id {
                    $(ExtId::$mv => <$mt as MatchDef>::check(reg, payload, par).map(Match::$mv),)*
                    _ => Err(Error::NoEnt(Reject::UnknownMatch)),
                }
            }

            /// Runs the match on `pkt`.
            #[inline]
            pub fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult {
                match self {
                    $(Match::$mv(m) => m.run(pkt, env),)*
                }
            }

            /// What the rule needs from the kernel while it is loaded.
            pub fn needs(&self) -> Needs {
                match self {
                    $(Match::$mv(m) => m.needs(),)*
                }
            }

            /// Applies what `checkentry` wrote into the user-visible payload.
            pub fn user_fixup(&self, payload: &mut [u8]) {
                match self {
                    $(Match::$mv(m) => m.user_fixup(payload),)*
                }
            }
        }

        impl TargetExt {
            /// `checkentry` of the target `reg` belongs to.
            fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<TargetExt, Error> {
                match reg.id {
                    $(ExtId::$tv => <$tt as TargetDef>::check(reg, payload, par).map(TargetExt::$tv),)*
                    _ => Err(Error::NoEnt(Reject::UnknownTarget)),
                }
            }

            /// Runs the target on `pkt`.
            #[inline]
            pub fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
                match self {
                    $(TargetExt::$tv(t) => t.run(pkt, env),)*
                }
            }

            /// What the rule needs from the kernel while it is loaded.
            pub fn needs(&self) -> Needs {
                match self {
                    $(TargetExt::$tv(t) => t.needs(),)*
                }
            }

            /// Applies what `checkentry` wrote into the user-visible payload.
            pub fn user_fixup(&self, payload: &mut [u8]) {
                match self {
                    $(TargetExt::$tv(t) => t.user_fixup(payload),)*
                }
            }
        }
    };
}

extensions! {
    matches {
        Tcp(tcpudp::Tcp),
        Udp(tcpudp::Udp),
        Icmp(icmp::Icmp),
        Conntrack(conntrack::ConntrackMatch),
        State(state::State),
        Addrtype(addrtype::Addrtype),
        Comment(comment::Comment),
        Mark(mark::MarkMatch),
        Connmark(connmark::ConnmarkMatch),
        Limit(limit::Limit),
        Statistic(statistic::Statistic),
        Helper(helper::Helper),
        Multiport(multiport::Multiport),
        Iprange(iprange::Iprange),
        Pkttype(pkttype::Pkttype),
        Mac(mac::Mac),
        Length(length::Length),
        Ttl(ttl::Ttl),
        Dscp(dscp::Dscp),
        Tos(dscp::Tos),
        Owner(owner::Owner),
        Time(time::Time),
        Devgroup(devgroup::Devgroup),
        Tcpmss(tcpmss::Tcpmss),
        Recent(recent::Recent),
        Hashlimit(hashlimit::Hashlimit),
        Connlimit(connlimit::Connlimit),
        Realm(realm::Realm),
        Set(set::SetMatch),
        String(string::StringMatch),
        Physdev(physdev::Physdev),
    }
    targets {
        Nat(nat::Nat),
        Masquerade(masquerade::Masquerade),
        Redirect(redirect::Redirect),
        Ct(ct::Ct),
        MarkTarget(mark::MarkTarget),
        ConnmarkTarget(connmark::ConnmarkTarget),
        Reject(reject::RejectTarget),
        Log(log::Log),
        Nflog(nflog::Nflog),
        TcpmssTarget(tcpmss_tg::TcpmssTarget),
        DscpTarget(dscp_tg::DscpTarget),
        TosTarget(dscp_tg::TosTarget),
        TtlTarget(ttl_tg::TtlTarget),
        Classify(classify::Classify),
        Checksum(checksum::Checksum),
        SetTarget(set_tg::SetTarget),
        Trace(trace::Trace),
        Nfqueue(nfqueue::Nfqueue),
        Tee(tee::Tee),
    }
}

/// A validated target.
#[derive(Debug, PartialEq)]
pub enum CheckedTarget {
    /// The standard target (the verdict was checked by the layout walk).
    Standard,
    /// The `ERROR` target.
    Error,
    /// A target that acts on the packet.
    Ext(TargetExt),
}

/// Every registration, flattened, in registration order.
pub fn registrations() -> impl Iterator<Item = &'static Reg> {
    REGISTRY.iter().flat_map(|regs| regs.iter())
}

/// The registrations of `kind` named `name` in `family`.
fn named(kind: ExtKind, family: Family, name: &[u8]) -> impl Iterator<Item = &'static Reg> + '_ {
    registrations().filter(move |r| r.kind == kind && r.family == family && r.name == name)
}

/// The registration of (`kind`, `name`, `revision`) that an IPv4 lookup finds, if any (for the
/// userspace tool: `name` without NUL padding).
pub fn find(kind: ExtKind, name: &[u8], revision: u8) -> Option<&'static Reg> {
    [Family::Ipv4, Family::Unspec]
        .into_iter()
        .find_map(|f| named(kind, f, name).find(|r| r.revision == revision))
}

/// Finds (`name`, `revision`) as `xt_request_find_match`/`xt_request_find_target` do.
fn lookup(kind: ExtKind, name: &[u8], revision: u8) -> Result<&'static Reg, Error> {
    // Upstream refuses names that fill the whole field without a NUL.
    if !name.iter().take(XT_EXTENSION_MAXNAMELEN).any(|&c| c == 0) {
        return Err(Error::Inval(Reject::ExtNameUnterminated));
    }
    let name = c_str(name);
    let mut ipv4_other = false;
    for r in named(kind, Family::Ipv4, name) {
        if r.revision == revision {
            return Ok(r);
        }
        ipv4_other = true;
    }
    // `xt_find_match`/`xt_find_target` then search the family-independent list and return
    // that search's result, dropping the IPv4 list's EPROTOTYPE: a wrong revision is
    // EPROTOTYPE only for names in the family-independent list (`conntrack`, `state`, `SNAT`
    // and `DNAT` through their revisions 1 and 2), ENOENT otherwise.
    let mut unspec_other = false;
    for r in named(kind, Family::Unspec, name) {
        if r.revision == revision {
            return Ok(r);
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

/// `xt_check_match_common`/`xt_check_target_common`: payload size, table, hooks, protocol,
/// in that order, all `EINVAL`.
fn check_common(r: &Reg, payload_len: usize, par: &CheckParam<'_>) -> Result<(), Error> {
    let (size, table, hooks, proto) = match r.kind {
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
    if payload_len != r.aligned_size() {
        return Err(Error::Inval(size));
    }
    if r.table.is_some_and(|t| t != par.table) {
        return Err(Error::Inval(table));
    }
    if r.hooks != 0 && par.hook_mask & !r.hooks != 0 {
        return Err(Error::Inval(hooks));
    }
    if r.proto != 0 && (r.proto != par.proto || par.inv_proto) {
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
    let r = lookup(ExtKind::Match, name, revision)?;
    check_common(r, payload.len(), par)?;
    Ok((Match::check(r, payload, par)?, r.user_view()))
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
    let r = lookup(ExtKind::Target, name, revision)?;
    check_common(r, payload.len(), par)?;
    let t = match r.id {
        ExtId::Standard => CheckedTarget::Standard,
        ExtId::Error => CheckedTarget::Error,
        _ => CheckedTarget::Ext(TargetExt::check(r, payload, par)?),
    };
    Ok((t, r.user_view()))
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
        for r in named(kind, family, name) {
            best = Some(best.map_or(r.revision, |b| b.max(r.revision)));
            have |= r.revision == revision;
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

/// Whether a C string field has no NUL (`strnlen(s, sizeof(s)) == sizeof(s)`).
pub fn unterminated(field: &[u8]) -> bool {
    !field.contains(&0)
}

/// `NF_INVF`: `cond` inverted if `flag` is set in `inv`.
pub const fn invf(inv: u8, flag: u8, cond: bool) -> bool {
    cond ^ (inv & flag != 0)
}

#[cfg(test)]
pub(crate) use super::testutil;

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

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
            assert_eq!((d.id, d.name, d.revision), (ExtId::Nat, &b"DNAT"[..], rev));
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
            check_target(&name(b"NOSUCH"), 0, &[0; 32], &filter),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
    }
}
