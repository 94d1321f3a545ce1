// SPDX-License-Identifier: GPL-2.0

//! The extension registry: every match and target oxtables knows, keyed by (name, revision),
//! with its payload size, protocol restriction and load-time payload check, in one place.

use super::abi::{
    self, c_str, proto, IptIcmp, XtTcp, XtUdp, IPT_ICMP_INV, IPT_ICMP_SIZE,
    XT_EXTENSION_MAXNAMELEN, XT_FUNCTION_MAXNAMELEN, XT_TCP_INV_MASK, XT_TCP_SIZE, XT_UDP_INV_MASK,
    XT_UDP_SIZE,
};
use super::error::{Error, Reject};

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
}

/// One registry entry (the fields of `struct xt_match`/`xt_target` that validation uses).
struct Desc {
    id: ExtId,
    kind: ExtKind,
    name: &'static [u8],
    revision: u8,
    /// The kernel payload size before `XT_ALIGN` (`matchsize`/`targetsize`).
    size: usize,
    /// The protocol the rule must have (not inverted), 0 for none.
    proto: u16,
}

/// Every extension oxtables implements.
const REGISTRY: [Desc; 5] = [
    Desc {
        id: ExtId::Standard,
        kind: ExtKind::Target,
        name: abi::XT_STANDARD_TARGET,
        revision: 0,
        // `sizeof(int)`.
        size: 4,
        proto: 0,
    },
    Desc {
        id: ExtId::Error,
        kind: ExtKind::Target,
        name: abi::XT_ERROR_TARGET,
        revision: 0,
        size: XT_FUNCTION_MAXNAMELEN,
        proto: 0,
    },
    Desc {
        id: ExtId::Tcp,
        kind: ExtKind::Match,
        name: b"tcp",
        revision: 0,
        size: XT_TCP_SIZE,
        proto: proto::TCP,
    },
    Desc {
        id: ExtId::Udp,
        kind: ExtKind::Match,
        name: b"udp",
        revision: 0,
        size: XT_UDP_SIZE,
        proto: proto::UDP,
    },
    Desc {
        id: ExtId::Icmp,
        kind: ExtKind::Match,
        name: b"icmp",
        revision: 0,
        size: IPT_ICMP_SIZE,
        proto: proto::ICMP,
    },
];

/// A validated match, with its typed payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// `-m tcp`.
    Tcp(XtTcp),
    /// `-m udp`.
    Udp(XtUdp),
    /// `-m icmp`.
    Icmp(IptIcmp),
}

/// Finds (`name`, `revision`) as `xt_request_find_match`/`xt_request_find_target` do.
fn lookup(kind: ExtKind, name: &[u8], revision: u8) -> Result<&'static Desc, Error> {
    // Upstream refuses names that fill the whole field without a NUL.
    if !name.iter().take(XT_EXTENSION_MAXNAMELEN).any(|&c| c == 0) {
        return Err(Error::Inval(Reject::ExtNameUnterminated));
    }
    let name = c_str(name);
    let mut other_revision = false;
    for d in REGISTRY.iter().filter(|d| d.kind == kind && d.name == name) {
        if d.revision == revision {
            return Ok(d);
        }
        other_revision = true;
    }
    // `xt_find_match` notes EPROTOTYPE for a known name at another revision, but for an
    // extension of the IPv4 family it then searches the family-independent list, finds nothing
    // there, and returns that search's ENOENT: userspace sees ENOENT (checked against ip_tables
    // in selftests/xt_hostile.sh). Every extension here is IPv4-family.
    Err(match (kind, other_revision) {
        (ExtKind::Match, true) => Error::NoEnt(Reject::MatchRevision),
        (ExtKind::Target, true) => Error::NoEnt(Reject::TargetRevision),
        (ExtKind::Match, false) => Error::NoEnt(Reject::UnknownMatch),
        (ExtKind::Target, false) => Error::NoEnt(Reject::UnknownTarget),
    })
}

/// The payload size the registry expects, `XT_ALIGN(size)`.
fn aligned(d: &Desc) -> usize {
    // NO-OVERFLOW: registry sizes are small constants.
    abi::xt_align(d.size).unwrap_or(usize::MAX)
}

/// Looks up and validates one match (`find_check_match`): `name` is the 29-byte header field,
/// `payload` the bytes after the header, `rule_proto`/`inv_proto` from the rule's `ipt_ip`.
pub fn parse_match(
    name: &[u8],
    revision: u8,
    payload: &[u8],
    rule_proto: u16,
    inv_proto: bool,
) -> Result<Match, Error> {
    let d = lookup(ExtKind::Match, name, revision)?;
    if payload.len() != aligned(d) {
        return Err(Error::Inval(Reject::MatchPayloadSize));
    }
    if d.proto != 0 && (d.proto != rule_proto || inv_proto) {
        return Err(Error::Inval(Reject::MatchProto));
    }
    let bad = Error::Inval(Reject::MatchPayloadSize);
    match d.id {
        ExtId::Tcp => {
            let t = XtTcp::decode(payload).ok_or(bad)?;
            if t.invflags & !XT_TCP_INV_MASK != 0 {
                return Err(Error::Inval(Reject::MatchInvFlags));
            }
            Ok(Match::Tcp(t))
        }
        ExtId::Udp => {
            let u = XtUdp::decode(payload).ok_or(bad)?;
            if u.invflags & !XT_UDP_INV_MASK != 0 {
                return Err(Error::Inval(Reject::MatchInvFlags));
            }
            Ok(Match::Udp(u))
        }
        ExtId::Icmp => {
            let i = IptIcmp::decode(payload).ok_or(bad)?;
            if i.invflags & !IPT_ICMP_INV != 0 {
                return Err(Error::Inval(Reject::MatchInvFlags));
            }
            Ok(Match::Icmp(i))
        }
        // The registry has no other matches.
        ExtId::Standard | ExtId::Error => Err(Error::NoEnt(Reject::UnknownMatch)),
    }
}

/// Looks up and validates a target (`find_check_entry`'s target half): `name` is the 29-byte
/// header field, `payload_len` the target size minus the header. Returns which target it is.
pub fn check_target(name: &[u8], revision: u8, payload_len: usize) -> Result<ExtId, Error> {
    let d = lookup(ExtKind::Target, name, revision)?;
    if payload_len != aligned(d) {
        return Err(Error::Inval(Reject::TargetPayloadSize));
    }
    Ok(d.id)
}

/// Answers `IPT_SO_GET_REVISION_MATCH`/`_TARGET` as `xt_find_revision` does: the highest known
/// revision of `name` if `revision` is known, `EPROTONOSUPPORT` if only other revisions are,
/// `ENOENT` if the name is unknown. `name` is the 29-byte field; its last byte is ignored.
pub fn find_revision(kind: ExtKind, name: &[u8], revision: u8) -> Result<u8, Error> {
    let name = c_str(name.get(..XT_EXTENSION_MAXNAMELEN - 1).unwrap_or(name));
    let mut best: Option<u8> = None;
    let mut have = false;
    for d in REGISTRY.iter().filter(|d| d.kind == kind && d.name == name) {
        best = Some(best.map_or(d.revision, |b| b.max(d.revision)));
        have |= d.revision == revision;
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

    fn name(s: &[u8]) -> [u8; 29] {
        abi::c_name(s).unwrap()
    }

    #[test]
    fn revisions() {
        assert_eq!(find_revision(ExtKind::Match, &name(b"tcp"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"tcp"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"conntrack"), 0),
            Err(Error::NoEnt(Reject::UnknownMatch))
        );
        assert_eq!(find_revision(ExtKind::Target, &name(b"ERROR"), 0), Ok(0));
        assert_eq!(find_revision(ExtKind::Target, &name(b""), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"tcp"), 0),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
        // The last byte is forced to NUL, so a full field still names something.
        let mut full = [b'x'; 29];
        full[..4].copy_from_slice(b"tcp\0");
        assert_eq!(find_revision(ExtKind::Match, &full, 0), Ok(0));
    }

    #[test]
    fn match_checks() {
        let tcp = XtTcp::default().encode();
        let mut payload = [0u8; 16];
        payload[..12].copy_from_slice(&tcp);
        assert!(parse_match(&name(b"tcp"), 0, &payload, 6, false).is_ok());
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, 6, true),
            Err(Error::Inval(Reject::MatchProto))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, 17, false),
            Err(Error::Inval(Reject::MatchProto))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload[..12], 6, false),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 1, &payload, 6, false),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            parse_match(&[b'a'; 29], 0, &payload, 6, false),
            Err(Error::Inval(Reject::ExtNameUnterminated))
        );
        payload[11] = 0x10;
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, 6, false),
            Err(Error::Inval(Reject::MatchInvFlags))
        );
        assert_eq!(check_target(&name(b""), 0, 8), Ok(ExtId::Standard));
        assert_eq!(
            check_target(&name(b""), 0, 4),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(check_target(&name(b"ERROR"), 0, 32), Ok(ExtId::Error));
        assert_eq!(
            check_target(&name(b"LOG"), 0, 32),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
    }
}
