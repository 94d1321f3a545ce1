// SPDX-License-Identifier: GPL-2.0

//! The `conntrack` match (`net/netfilter/xt_conntrack.c`, `struct xt_conntrack_mtinfo{1,2,3}`),
//! revisions 1 to 3.

use super::super::abi::{put, read_array, read_u16, read_u32};
use super::super::env::{CtInfo, CtKind, Env};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Needs, Reg};

/// `XT_CONNTRACK_*` bits of `match_flags` / `invert_flags`.
pub mod ct_flags {
    /// `--ctstate`.
    pub const STATE: u16 = 1 << 0;
    /// `--ctproto`.
    pub const PROTO: u16 = 1 << 1;
    /// `--ctorigsrc`.
    pub const ORIGSRC: u16 = 1 << 2;
    /// `--ctorigdst`.
    pub const ORIGDST: u16 = 1 << 3;
    /// `--ctreplsrc`.
    pub const REPLSRC: u16 = 1 << 4;
    /// `--ctrepldst`.
    pub const REPLDST: u16 = 1 << 5;
    /// `--ctstatus`.
    pub const STATUS: u16 = 1 << 6;
    /// `--ctexpire`.
    pub const EXPIRES: u16 = 1 << 7;
    /// `--ctorigsrcport`.
    pub const ORIGSRC_PORT: u16 = 1 << 8;
    /// `--ctorigdstport`.
    pub const ORIGDST_PORT: u16 = 1 << 9;
    /// `--ctreplsrcport`.
    pub const REPLSRC_PORT: u16 = 1 << 10;
    /// `--ctrepldstport`.
    pub const REPLDST_PORT: u16 = 1 << 11;
    /// `--ctdir`.
    pub const DIRECTION: u16 = 1 << 12;
    /// Set by userspace when the rule was written as `-m state` (printing only).
    pub const STATE_ALIAS: u16 = 1 << 13;
}

/// State bits shared by `-m state` (`XT_STATE_*`) and `--ctstate` (`XT_CONNTRACK_STATE_*`).
pub mod ct_state {
    /// `IP_CT_IS_REPLY`.
    pub const IP_CT_IS_REPLY: u8 = 3;
    /// `XT_STATE_BIT(ctinfo)` / `XT_CONNTRACK_STATE_BIT(ctinfo)`.
    pub const fn bit(ctinfo: u8) -> u32 {
        1 << (ctinfo % IP_CT_IS_REPLY + 1)
    }
    /// `INVALID`: no conntrack entry.
    pub const INVALID: u32 = 1 << 0;
    /// `ESTABLISHED` (`XT_STATE_BIT(IP_CT_ESTABLISHED)`).
    pub const ESTABLISHED: u32 = 1 << 1;
    /// `RELATED`.
    pub const RELATED: u32 = 1 << 2;
    /// `NEW`.
    pub const NEW: u32 = 1 << 3;
    /// `UNTRACKED` for `-m state` (`XT_STATE_UNTRACKED`, `1 << (IP_CT_NUMBER + 1)`).
    pub const STATE_UNTRACKED: u32 = 1 << 6;
    /// `SNAT` for `--ctstate` (`1 << (IP_CT_NUMBER + 1)`).
    pub const CT_SNAT: u32 = 1 << 6;
    /// `DNAT` for `--ctstate`.
    pub const CT_DNAT: u32 = 1 << 7;
    /// `UNTRACKED` for `--ctstate` (only expressible from rev 2 on: rev 1's mask is a byte).
    pub const CT_UNTRACKED: u32 = 1 << 8;
}

/// `sizeof(struct xt_conntrack_mtinfo1)`.
pub const XT_CONNTRACK_MTINFO1_SIZE: usize = 152;
/// `sizeof(struct xt_conntrack_mtinfo2)`.
pub const XT_CONNTRACK_MTINFO2_SIZE: usize = 156;
/// `sizeof(struct xt_conntrack_mtinfo3)`.
pub const XT_CONNTRACK_MTINFO3_SIZE: usize = 164;

/// The payload size of `conntrack` revision `rev`, if the kernel has that revision.
pub const fn conntrack_size(rev: u8) -> Option<usize> {
    match rev {
        1 => Some(XT_CONNTRACK_MTINFO1_SIZE),
        2 => Some(XT_CONNTRACK_MTINFO2_SIZE),
        3 => Some(XT_CONNTRACK_MTINFO3_SIZE),
        _ => None,
    }
}

/// `struct xt_conntrack_mtinfo{1,2,3}` for IPv4, in the shape of revision 3.
///
/// Addresses and masks are the big-endian bytes of the `.ip` member (the other 12 bytes of each
/// `union nf_inet_addr` play no part for IPv4 and encode as zero). The four `*_port` fields are
/// the raw 16-bit values as stored: **big-endian in revisions 1 and 2** (compared for equality
/// with the tuple's port), **host order in revision 3** (the low end of a range whose high end
/// is the matching `*_port_high`). Use [`XtConntrack::port_range`] for the meaning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtConntrack {
    /// `--ctorigsrc` address.
    pub origsrc_addr: [u8; 4],
    /// `--ctorigsrc` mask.
    pub origsrc_mask: [u8; 4],
    /// `--ctorigdst` address.
    pub origdst_addr: [u8; 4],
    /// `--ctorigdst` mask.
    pub origdst_mask: [u8; 4],
    /// `--ctreplsrc` address.
    pub replsrc_addr: [u8; 4],
    /// `--ctreplsrc` mask.
    pub replsrc_mask: [u8; 4],
    /// `--ctrepldst` address.
    pub repldst_addr: [u8; 4],
    /// `--ctrepldst` mask.
    pub repldst_mask: [u8; 4],
    /// `--ctexpire` low end (seconds).
    pub expires_min: u32,
    /// `--ctexpire` high end.
    pub expires_max: u32,
    /// `--ctproto`.
    pub l4proto: u16,
    /// `--ctorigsrcport` (raw, see the type's doc).
    pub origsrc_port: u16,
    /// `--ctorigdstport` (raw).
    pub origdst_port: u16,
    /// `--ctreplsrcport` (raw).
    pub replsrc_port: u16,
    /// `--ctrepldstport` (raw).
    pub repldst_port: u16,
    /// [`ct_flags`] bits: which criteria are present.
    pub match_flags: u16,
    /// [`ct_flags`] bits: which criteria are inverted.
    pub invert_flags: u16,
    /// `--ctstate` bits ([`ct_state`]); a byte in revision 1.
    pub state_mask: u16,
    /// `--ctstatus` bits (`IPS_*`); a byte in revision 1.
    pub status_mask: u16,
    /// Rev 3: high end of `--ctorigsrcport` (host order).
    pub origsrc_port_high: u16,
    /// Rev 3: high end of `--ctorigdstport`.
    pub origdst_port_high: u16,
    /// Rev 3: high end of `--ctreplsrcport`.
    pub replsrc_port_high: u16,
    /// Rev 3: high end of `--ctrepldstport`.
    pub repldst_port_high: u16,
}

impl XtConntrack {
    /// Decodes revision `rev` (1, 2 or 3) from `b`.
    pub fn decode(rev: u8, b: &[u8]) -> Option<Self> {
        let size = conntrack_size(rev)?;
        if b.len() < size {
            return None;
        }
        let addr = |i: usize| read_array::<4>(b, i * 16);
        let mut c = Self {
            origsrc_addr: addr(0)?,
            origsrc_mask: addr(1)?,
            origdst_addr: addr(2)?,
            origdst_mask: addr(3)?,
            replsrc_addr: addr(4)?,
            replsrc_mask: addr(5)?,
            repldst_addr: addr(6)?,
            repldst_mask: addr(7)?,
            expires_min: read_u32(b, 128)?,
            expires_max: read_u32(b, 132)?,
            l4proto: read_u16(b, 136)?,
            origsrc_port: read_u16(b, 138)?,
            origdst_port: read_u16(b, 140)?,
            replsrc_port: read_u16(b, 142)?,
            repldst_port: read_u16(b, 144)?,
            match_flags: read_u16(b, 146)?,
            invert_flags: read_u16(b, 148)?,
            ..Self::default()
        };
        if rev == 1 {
            c.state_mask = u16::from(*b.get(150)?);
            c.status_mask = u16::from(*b.get(151)?);
        } else {
            c.state_mask = read_u16(b, 150)?;
            c.status_mask = read_u16(b, 152)?;
        }
        if rev == 3 {
            c.origsrc_port_high = read_u16(b, 154)?;
            c.origdst_port_high = read_u16(b, 156)?;
            c.replsrc_port_high = read_u16(b, 158)?;
            c.repldst_port_high = read_u16(b, 160)?;
        }
        Some(c)
    }

    /// Encodes as revision `rev` (1, 2 or 3; anything else encodes as 3), unpadded: the
    /// returned length is the revision's `sizeof`. Revision 1 keeps the low byte of the masks.
    pub fn encode(&self, rev: u8) -> ([u8; XT_CONNTRACK_MTINFO3_SIZE], usize) {
        let mut b = [0u8; XT_CONNTRACK_MTINFO3_SIZE];
        let addrs = [
            self.origsrc_addr,
            self.origsrc_mask,
            self.origdst_addr,
            self.origdst_mask,
            self.replsrc_addr,
            self.replsrc_mask,
            self.repldst_addr,
            self.repldst_mask,
        ];
        for (i, a) in addrs.iter().enumerate() {
            put(&mut b, i * 16, a);
        }
        put(&mut b, 128, &self.expires_min.to_ne_bytes());
        put(&mut b, 132, &self.expires_max.to_ne_bytes());
        put(&mut b, 136, &self.l4proto.to_ne_bytes());
        put(&mut b, 138, &self.origsrc_port.to_ne_bytes());
        put(&mut b, 140, &self.origdst_port.to_ne_bytes());
        put(&mut b, 142, &self.replsrc_port.to_ne_bytes());
        put(&mut b, 144, &self.repldst_port.to_ne_bytes());
        put(&mut b, 146, &self.match_flags.to_ne_bytes());
        put(&mut b, 148, &self.invert_flags.to_ne_bytes());
        if rev == 1 {
            // CAST: revision 1 stores the masks as bytes.
            put(
                &mut b,
                150,
                &[self.state_mask as u8, self.status_mask as u8],
            );
            return (b, XT_CONNTRACK_MTINFO1_SIZE);
        }
        put(&mut b, 150, &self.state_mask.to_ne_bytes());
        put(&mut b, 152, &self.status_mask.to_ne_bytes());
        if rev == 2 {
            return (b, XT_CONNTRACK_MTINFO2_SIZE);
        }
        put(&mut b, 154, &self.origsrc_port_high.to_ne_bytes());
        put(&mut b, 156, &self.origdst_port_high.to_ne_bytes());
        put(&mut b, 158, &self.replsrc_port_high.to_ne_bytes());
        put(&mut b, 160, &self.repldst_port_high.to_ne_bytes());
        (b, XT_CONNTRACK_MTINFO3_SIZE)
    }

    /// The inclusive host-order port range a raw `port` field (with its `high` partner) means in
    /// revision `rev`: a single port for revisions 1 and 2, `[port, high]` for revision 3.
    pub fn port_range(rev: u8, port: u16, high: u16) -> (u16, u16) {
        if rev >= 3 {
            (port, high)
        } else {
            let p = u16::from_be(port);
            (p, p)
        }
    }
}

/// `conntrack_mt_reg`: `NFPROTO_UNSPEC`.
const REGS: &[Reg] = &[
    Reg {
        family: Family::Unspec,
        revision: 1,
        ..Reg::match_(ExtId::Conntrack, b"conntrack", XT_CONNTRACK_MTINFO1_SIZE)
    },
    Reg {
        family: Family::Unspec,
        revision: 2,
        ..Reg::match_(ExtId::Conntrack, b"conntrack", XT_CONNTRACK_MTINFO2_SIZE)
    },
    Reg {
        family: Family::Unspec,
        revision: 3,
        ..Reg::match_(ExtId::Conntrack, b"conntrack", XT_CONNTRACK_MTINFO3_SIZE)
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

/// `IPS_SRC_NAT` (`1 << IPS_SRC_NAT_BIT`).
const IPS_SRC_NAT: u32 = 1 << 4;
/// `IPS_DST_NAT` (`1 << IPS_DST_NAT_BIT`).
const IPS_DST_NAT: u32 = 1 << 5;

/// `conntrack_addrcmp` for IPv4: `addr` (big-endian bytes) under `mask` equals `have`.
fn addr_match(have: u32, addr: [u8; 4], mask: [u8; 4]) -> bool {
    (have ^ u32::from_be_bytes(addr)) & u32::from_be_bytes(mask) == 0
}

impl ConntrackMatch {
    /// `conntrack_mt` (with `ct_proto_port_check` for revisions 1 and 2,
    /// `ct_proto_port_check_v3` for revision 3).
    pub fn matches(&self, ct: &CtInfo) -> bool {
        let info = &self.info;
        let has = |flag: u16| info.match_flags & flag != 0;
        // Upstream's `if (flags & F && cond ^ !(invert & F)) return false`: the criterion
        // holds when `cond` differs from its inversion bit.
        let holds = |flag: u16, cond: bool| cond ^ (info.invert_flags & flag != 0);

        let mut statebit = match ct.kind {
            CtKind::Tracked { ctinfo } => ct_state::bit(ctinfo),
            CtKind::Untracked => ct_state::CT_UNTRACKED,
            CtKind::Invalid => ct_state::INVALID,
        };
        if has(ct_flags::STATE) {
            if let CtKind::Tracked { .. } = ct.kind {
                if ct.status & IPS_SRC_NAT != 0 {
                    statebit |= ct_state::CT_SNAT;
                }
                if ct.status & IPS_DST_NAT != 0 {
                    statebit |= ct_state::CT_DNAT;
                }
            }
            if !holds(ct_flags::STATE, u32::from(info.state_mask) & statebit != 0) {
                return false;
            }
        }
        let CtKind::Tracked { ctinfo } = ct.kind else {
            // No entry: only a state criterion can match.
            return has(ct_flags::STATE);
        };
        // `CTINFO2DIR`: original below `IP_CT_IS_REPLY`.
        let original = ctinfo < ct_state::IP_CT_IS_REPLY;
        if has(ct_flags::DIRECTION) && !holds(ct_flags::DIRECTION, original) {
            return false;
        }
        let addrs = [
            (
                ct_flags::ORIGSRC,
                ct.orig_src,
                info.origsrc_addr,
                info.origsrc_mask,
            ),
            (
                ct_flags::ORIGDST,
                ct.orig_dst,
                info.origdst_addr,
                info.origdst_mask,
            ),
            (
                ct_flags::REPLSRC,
                ct.repl_src,
                info.replsrc_addr,
                info.replsrc_mask,
            ),
            (
                ct_flags::REPLDST,
                ct.repl_dst,
                info.repldst_addr,
                info.repldst_mask,
            ),
        ];
        for (flag, have, addr, mask) in addrs {
            if has(flag) && !holds(flag, addr_match(have, addr, mask)) {
                return false;
            }
        }
        if has(ct_flags::PROTO) && !holds(ct_flags::PROTO, u16::from(ct.l4proto) == info.l4proto) {
            return false;
        }
        // Revisions 1 and 2 compare the raw big-endian port for equality, revision 3 takes a
        // host-order range: `port_range` makes both a range.
        let ports = [
            (
                ct_flags::ORIGSRC_PORT,
                ct.orig_sport,
                info.origsrc_port,
                info.origsrc_port_high,
            ),
            (
                ct_flags::ORIGDST_PORT,
                ct.orig_dport,
                info.origdst_port,
                info.origdst_port_high,
            ),
            (
                ct_flags::REPLSRC_PORT,
                ct.repl_sport,
                info.replsrc_port,
                info.replsrc_port_high,
            ),
            (
                ct_flags::REPLDST_PORT,
                ct.repl_dport,
                info.repldst_port,
                info.repldst_port_high,
            ),
        ];
        for (flag, have, port, high) in ports {
            let (lo, hi) = XtConntrack::port_range(self.revision, port, high);
            if has(flag) && !holds(flag, have >= lo && have <= hi) {
                return false;
            }
        }
        if has(ct_flags::STATUS)
            && !holds(
                ct_flags::STATUS,
                u32::from(info.status_mask) & ct.status != 0,
            )
        {
            return false;
        }
        if has(ct_flags::EXPIRES) {
            let e = ct.expires_secs;
            if !holds(
                ct_flags::EXPIRES,
                e >= info.expires_min && e <= info.expires_max,
            ) {
                return false;
            }
        }
        true
    }
}

impl MatchDef for ConntrackMatch {
    const REGS: &'static [Reg] = REGS;

    /// `conntrack_mt_check` only takes the conntrack reference.
    fn check(reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        Ok(ConntrackMatch {
            revision: reg.revision,
            info: XtConntrack::decode(reg.revision, payload)
                .ok_or(Error::Inval(Reject::MatchPayloadSize))?,
        })
    }

    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        MatchResult::from_bool(self.matches(&env.ct()))
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn conntrack_matches_load() {
        let ok = |rev| {
            let m = one(conntrack(
                rev,
                XtConntrack {
                    match_flags: ct_flags::STATE,
                    state_mask: 0x0e,
                    ..XtConntrack::default()
                },
            ));
            filter(
                &[R {
                    matches: m,
                    ..r(v(VERDICT_DROP))
                }],
                VERDICT_ACCEPT,
                &[],
            )
        };
        for rev in 1..=3 {
            let rs = parse(&ok(rev)).unwrap();
            assert!(rs.needs_conntrack());
        }
        let rs = parse(&filter(
            &[R {
                matches: one(state(ct_state::ESTABLISHED)),
                ..r(v(VERDICT_ACCEPT))
            }],
            VERDICT_DROP,
            &[],
        ))
        .unwrap();
        assert!(rs.needs_conntrack());
        let rs = parse(&filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[])).unwrap();
        assert!(!rs.needs_conntrack());
        // Family-independent: a wrong revision is EPROTOTYPE.
        for rev in [0, 4] {
            let mut b = ok(3);
            let at = entry_at(&b, 0) + 112;
            b[at + xt_entry::REVISION] = rev;
            rejects(&b, Error::ProtoType(Reject::MatchRevision));
        }
        rejects(
            &filter(
                &[R {
                    matches: one(ext(b"state", 1, &[2, 0, 0, 0])),
                    ..r(v(VERDICT_DROP))
                }],
                VERDICT_ACCEPT,
                &[],
            ),
            Error::ProtoType(Reject::MatchRevision),
        );
        // Payload size per revision (152, 160, 168 once aligned).
        for (rev, len) in [(1, 160), (2, 152), (2, 168), (3, 160)] {
            rejects(
                &filter(
                    &[R {
                        matches: one(ext(b"conntrack", rev, &vec![0; len])),
                        ..r(v(VERDICT_DROP))
                    }],
                    VERDICT_ACCEPT,
                    &[],
                ),
                inval(Reject::MatchPayloadSize),
            );
        }
        // Padding after the 156-byte revision 2 payload is zeroed in the blob, and the name is
        // canonical.
        let mut b = ok(2);
        let clean = b.clone();
        let at = entry_at(&b, 0) + 112;
        b[at + 32 + 156..at + 32 + 160].fill(0x77);
        b[at + 2 + 10..at + 2 + 20].fill(b'j');
        let rs = parse(&b).unwrap();
        let bt = at - 96;
        assert_eq!(&rs.blob()[bt..bt + 192], &clean[at..at + 192]);
        // State: 4 bytes, padded to 8.
        let mut b = filter(
            &[R {
                matches: one(state(2)),
                ..r(v(VERDICT_DROP))
            }],
            VERDICT_ACCEPT,
            &[],
        );
        let clean = b.clone();
        b[at + 32 + 4..at + 40].fill(0x77);
        let rs = parse(&b).unwrap();
        assert_eq!(&rs.blob()[bt..bt + 40], &clean[at..at + 40]);
    }

    #[test]
    fn conntrack_state() {
        use ct_state::*;
        let st = |rev, mask: u32, inv| {
            ctm(
                rev,
                ct_flags::STATE,
                if inv { ct_flags::STATE } else { 0 },
                |i| i.state_mask = mask as u16,
            )
        };
        let want = [ESTABLISHED, RELATED, NEW, ESTABLISHED, RELATED];
        for rev in 1..=3 {
            for (ctinfo, bit) in want.into_iter().enumerate() {
                let ct = tracked(ctinfo as u8);
                assert!(ct_hits(&[st(rev, bit, false)], ct));
                assert!(!ct_hits(&[st(rev, 0xff & !bit, false)], ct));
                assert!(!ct_hits(&[st(rev, bit, true)], ct));
                assert!(ct_hits(&[st(rev, 0xff & !bit, true)], ct));
            }
            // SNAT/DNAT are virtual states from the status bits.
            let snat = CtInfo {
                status: 1 << 4,
                ..tracked(0)
            };
            let dnat = CtInfo {
                status: 1 << 5,
                ..tracked(3)
            };
            assert!(ct_hits(&[st(rev, CT_SNAT, false)], snat));
            assert!(!ct_hits(&[st(rev, CT_DNAT, false)], snat));
            assert!(ct_hits(&[st(rev, CT_DNAT, false)], dnat));
            assert!(!ct_hits(&[st(rev, CT_SNAT, true)], snat));
            assert!(!ct_hits(&[st(rev, CT_SNAT | CT_DNAT, false)], tracked(2)));
            // INVALID.
            assert!(ct_hits(&[st(rev, INVALID, false)], no_ct(CtKind::Invalid)));
            assert!(!ct_hits(&[st(rev, 0xfe, false)], no_ct(CtKind::Invalid)));
            assert!(ct_hits(&[st(rev, NEW, true)], no_ct(CtKind::Invalid)));
            // No entry: only a state criterion can match; the others are not even looked at.
            let other = ctm(rev, ct_flags::PROTO, ct_flags::PROTO, |i| i.l4proto = 17);
            assert!(!ct_hits(&[other], no_ct(CtKind::Invalid)));
            assert!(ct_hits(&[other], tracked(0)));
            let both = ctm(rev, ct_flags::STATE | ct_flags::PROTO, 0, |i| {
                i.state_mask = INVALID as u16;
                i.l4proto = 17;
            });
            assert!(ct_hits(&[both], no_ct(CtKind::Invalid)));
            assert!(!ct_hits(&[both], tracked(0)));
        }
        // UNTRACKED is 1 << 8: only revisions 2 and 3 can say it (revision 1 has a byte).
        for rev in 2..=3 {
            assert!(ct_hits(
                &[st(rev, CT_UNTRACKED, false)],
                no_ct(CtKind::Untracked)
            ));
            assert!(!ct_hits(&[st(rev, 0xff, false)], no_ct(CtKind::Untracked)));
            assert!(!ct_hits(
                &[st(rev, CT_UNTRACKED, false)],
                no_ct(CtKind::Invalid)
            ));
            assert!(!ct_hits(&[st(rev, CT_UNTRACKED, false)], tracked(0)));
        }
        assert!(!ct_hits(&[st(1, 0xff, false)], no_ct(CtKind::Untracked)));
        assert!(ct_hits(&[st(1, 0xff, true)], no_ct(CtKind::Untracked)));
    }

    #[test]
    fn conntrack_direction_addresses_and_ports() {
        let dir = |inv| {
            ctm(
                3,
                ct_flags::DIRECTION,
                if inv { ct_flags::DIRECTION } else { 0 },
                |_| {},
            )
        };
        for ctinfo in 0..=4u8 {
            let original = ctinfo < 3;
            assert_eq!(ct_hits(&[dir(false)], tracked(ctinfo)), original);
            assert_eq!(ct_hits(&[dir(true)], tracked(ctinfo)), !original);
        }
        // Addresses under masks, each criterion on its own tuple.
        let net = |a: [u8; 4], m: [u8; 4]| (a, m);
        type Set = fn(&mut XtConntrack, ([u8; 4], [u8; 4]));
        let cases: [(u16, Set, [u8; 4]); 4] = [
            (
                ct_flags::ORIGSRC,
                |i, (a, m)| (i.origsrc_addr, i.origsrc_mask) = (a, m),
                [10, 0, 0, 1],
            ),
            (
                ct_flags::ORIGDST,
                |i, (a, m)| (i.origdst_addr, i.origdst_mask) = (a, m),
                [192, 168, 1, 2],
            ),
            (
                ct_flags::REPLSRC,
                |i, (a, m)| (i.replsrc_addr, i.replsrc_mask) = (a, m),
                [192, 168, 1, 2],
            ),
            (
                ct_flags::REPLDST,
                |i, (a, m)| (i.repldst_addr, i.repldst_mask) = (a, m),
                [10, 0, 0, 1],
            ),
        ];
        for (flag, set, addr) in cases {
            for rev in 1..=3 {
                let m = |a, mk, inv: bool| {
                    ctm(rev, flag, if inv { flag } else { 0 }, |i| {
                        set(i, net(a, mk))
                    })
                };
                let mut sub = addr;
                sub[3] ^= 0x80;
                assert!(ct_hits(&[m(addr, [255; 4], false)], tracked(0)));
                assert!(!ct_hits(&[m(addr, [255; 4], true)], tracked(0)));
                assert!(!ct_hits(&[m(sub, [255; 4], false)], tracked(0)));
                assert!(ct_hits(&[m(sub, [255, 255, 255, 0x7f], false)], tracked(0)));
                assert!(ct_hits(&[m(sub, [255, 255, 255, 0x80], true)], tracked(0)));
                // A zero mask matches anything.
                assert!(ct_hits(&[m([1, 2, 3, 4], [0; 4], false)], tracked(0)));
            }
        }
        // Ports: revisions 1 and 2 compare the raw big-endian value, revision 3 a host-order
        // range.
        type SetPort = fn(&mut XtConntrack, u16, u16);
        let ports: [(u16, SetPort, u16); 4] = [
            (
                ct_flags::ORIGSRC_PORT,
                |i, p, h| (i.origsrc_port, i.origsrc_port_high) = (p, h),
                1000,
            ),
            (
                ct_flags::ORIGDST_PORT,
                |i, p, h| (i.origdst_port, i.origdst_port_high) = (p, h),
                22,
            ),
            (
                ct_flags::REPLSRC_PORT,
                |i, p, h| (i.replsrc_port, i.replsrc_port_high) = (p, h),
                22,
            ),
            (
                ct_flags::REPLDST_PORT,
                |i, p, h| (i.repldst_port, i.repldst_port_high) = (p, h),
                1000,
            ),
        ];
        for (flag, set, port) in ports {
            let inv = |b: bool| if b { flag } else { 0 };
            for rev in 1..=2 {
                let m = |p: u16, i: bool| ctm(rev, flag, inv(i), |x| set(x, p.to_be(), 0));
                assert!(ct_hits(&[m(port, false)], tracked(0)));
                assert!(!ct_hits(&[m(port, true)], tracked(0)));
                assert!(!ct_hits(&[m(port + 1, false)], tracked(0)));
                assert!(ct_hits(&[m(port + 1, true)], tracked(0)));
                // The host-order value is not the port (unless it is a palindrome).
                let host = ctm(rev, flag, 0, |x| set(x, port, 0));
                assert!(!ct_hits(&[host], tracked(0)));
            }
            let m = |lo: u16, hi: u16, i: bool| ctm(3, flag, inv(i), |x| set(x, lo, hi));
            assert!(ct_hits(&[m(port, port, false)], tracked(0)));
            assert!(ct_hits(&[m(port - 1, port + 1, false)], tracked(0)));
            assert!(!ct_hits(&[m(port - 1, port + 1, true)], tracked(0)));
            assert!(!ct_hits(&[m(port + 1, port + 9, false)], tracked(0)));
            assert!(ct_hits(&[m(port + 1, port + 9, true)], tracked(0)));
            assert!(!ct_hits(&[m(port + 1, port - 1, false)], tracked(0)));
            // The raw big-endian value means another port in revision 3.
            assert!(!ct_hits(
                &[m(port.to_be(), port.to_be(), false)],
                tracked(0)
            ));
        }
    }

    #[test]
    fn conntrack_proto_status_and_expires() {
        for rev in 1..=3 {
            let proto = |p, inv| {
                ctm(
                    rev,
                    ct_flags::PROTO,
                    if inv { ct_flags::PROTO } else { 0 },
                    |i| i.l4proto = p,
                )
            };
            assert!(ct_hits(&[proto(6, false)], tracked(0)));
            assert!(!ct_hits(&[proto(17, false)], tracked(0)));
            assert!(ct_hits(&[proto(17, true)], tracked(0)));
            assert!(!ct_hits(&[proto(6 + 256, false)], tracked(0)));
            let status = |mask, inv| {
                ctm(
                    rev,
                    ct_flags::STATUS,
                    if inv { ct_flags::STATUS } else { 0 },
                    |i| i.status_mask = mask,
                )
            };
            // IPS_SEEN_REPLY | IPS_ASSURED | IPS_CONFIRMED.
            let ct = CtInfo {
                status: 0b1110,
                ..tracked(0)
            };
            assert!(ct_hits(&[status(0b0100, false)], ct));
            assert!(ct_hits(&[status(0b0101, false)], ct));
            assert!(!ct_hits(&[status(0b0001, false)], ct));
            assert!(ct_hits(&[status(0b0001, true)], ct));
            assert!(!ct_hits(&[status(0b0010, true)], ct));
            let expires = |lo, hi, inv| {
                ctm(
                    rev,
                    ct_flags::EXPIRES,
                    if inv { ct_flags::EXPIRES } else { 0 },
                    |i| {
                        i.expires_min = lo;
                        i.expires_max = hi;
                    },
                )
            };
            let ct = tracked(0); // 100 s left.
            assert!(ct_hits(&[expires(100, 100, false)], ct));
            assert!(ct_hits(&[expires(0, 100, false)], ct));
            assert!(!ct_hits(&[expires(101, 200, false)], ct));
            assert!(ct_hits(&[expires(101, 200, true)], ct));
            assert!(!ct_hits(&[expires(0, 200, true)], ct));
            // Several criteria: all must hold.
            let all = ctm(
                rev,
                ct_flags::PROTO | ct_flags::EXPIRES | ct_flags::STATE,
                0,
                |i| {
                    i.l4proto = 6;
                    i.expires_min = 50;
                    i.expires_max = 150;
                    i.state_mask = ct_state::ESTABLISHED as u16;
                },
            );
            assert!(ct_hits(&[all], tracked(3)));
            assert!(!ct_hits(&[all], tracked(2)));
            assert!(!ct_hits(
                &[all],
                CtInfo {
                    l4proto: 17,
                    ..tracked(3)
                }
            ));
        }
    }
}
