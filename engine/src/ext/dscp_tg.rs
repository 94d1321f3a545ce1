// SPDX-License-Identifier: GPL-2.0

//! The `DSCP` and `TOS` targets (`net/netfilter/xt_DSCP.c`, `struct xt_DSCP_info`, `struct
//! xt_tos_target_info`): rewrite the DiffServ codepoint (the ECN bits kept), or the whole TOS
//! byte as `(tos & ~mask) ^ value`, with the IP header checksum updated.
//!
//! The kernel registers, for IPv4, `DSCP` revision 0 and `TOS` revision 1, both in the mangle
//! table only and from any of its hooks. `TOS` revision 0 (`struct ipt_tos_target_info`) is
//! gone, so it is `ENOENT`, and iptables-legacy 1.8.9 sends revision 1.

use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::dscp::{XT_DSCP_MAX, XT_DSCP_SHIFT};
use super::{CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_DSCP_info)`.
pub const XT_DSCP_INFO_SIZE: usize = 1;
/// `sizeof(struct xt_tos_target_info)`.
pub const XT_TOS_TARGET_INFO_SIZE: usize = 2;
/// `XT_DSCP_ECN_MASK`: the bits of the TOS byte `DSCP` keeps.
pub const XT_DSCP_ECN_MASK: u8 = 3;

/// `struct xt_DSCP_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtDscpTgInfo {
    /// The codepoint to set (0 to 63).
    pub dscp: u8,
}

impl XtDscpTgInfo {
    /// Decodes the first byte of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self { dscp: *b.first()? })
    }

    /// Encodes to the 1-byte wire form.
    pub fn encode(&self) -> [u8; XT_DSCP_INFO_SIZE] {
        [self.dscp]
    }
}

/// `struct xt_tos_target_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTosTargetInfo {
    /// `tos_value`: XORed in after clearing `tos_mask`.
    pub tos_value: u8,
    /// `tos_mask`: the bits cleared first.
    pub tos_mask: u8,
}

impl XtTosTargetInfo {
    /// Decodes the first 2 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            tos_value: *b.first()?,
            tos_mask: *b.get(1)?,
        })
    }

    /// Encodes to the 2-byte wire form.
    pub fn encode(&self) -> [u8; XT_TOS_TARGET_INFO_SIZE] {
        [self.tos_value, self.tos_mask]
    }
}

/// `dscp_tg_reg`, the IPv4 `DSCP` entry.
const DSCP_REGS: &[Reg] = &[Reg {
    table: Some(b"mangle"),
    ..Reg::target(ExtId::DscpTarget, b"DSCP", XT_DSCP_INFO_SIZE)
}];

/// `dscp_tg_reg`, the IPv4 `TOS` entry.
const TOS_REGS: &[Reg] = &[Reg {
    revision: 1,
    table: Some(b"mangle"),
    ..Reg::target(ExtId::TosTarget, b"TOS", XT_TOS_TARGET_INFO_SIZE)
}];

/// `dscp_tg_check`: a codepoint above `XT_DSCP_MAX` (`EDOM`).
pub const BAD_DSCP: Reject = Reject::Check("DSCP: codepoint above 63");

/// A validated `DSCP` target: the codepoint, at most 63.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DscpTarget(pub XtDscpTgInfo);

/// A validated `TOS` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TosTarget(pub XtTosTargetInfo);

impl TargetDef for DscpTarget {
    const REGS: &'static [Reg] = DSCP_REGS;

    /// `dscp_tg_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtDscpTgInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if i.dscp > XT_DSCP_MAX {
            return Err(Error::Dom(BAD_DSCP));
        }
        Ok(DscpTarget(i))
    }

    /// `dscp_tg`: if the codepoint differs, make the header writable (or drop) and
    /// `ipv4_change_dsfield(iph, XT_DSCP_ECN_MASK, dscp << XT_DSCP_SHIFT)`; continue.
    fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let dscp = self.0.dscp;
        if pkt.tos >> XT_DSCP_SHIFT != dscp {
            // NO-OVERFLOW: `dscp <= XT_DSCP_MAX` (checked at load), so the shift stays in 8 bits.
            let value = dscp << XT_DSCP_SHIFT;
            if !env.change_dsfield(XT_DSCP_ECN_MASK, value) {
                return TargetVerdict::Drop;
            }
            pkt.tos = (pkt.tos & XT_DSCP_ECN_MASK) | value;
        }
        TargetVerdict::Continue
    }
}

impl TargetDef for TosTarget {
    const REGS: &'static [Reg] = TOS_REGS;

    /// No `checkentry` upstream: every value and mask is taken.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtTosTargetInfo::decode(payload)
            .map(TosTarget)
            .ok_or(Error::Inval(Reject::TargetPayloadSize))
    }

    /// `tos_tg`: the new byte is `(tos & ~tos_mask) ^ tos_value`; if it differs, make the
    /// header writable (or drop) and `ipv4_change_dsfield(iph, 0, new)`; continue.
    fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let orig = pkt.tos;
        let nv = (orig & !self.0.tos_mask) ^ self.0.tos_value;
        if orig != nv {
            if !env.change_dsfield(0, nv) {
                return TargetVerdict::Drop;
            }
            pkt.tos = nv;
        }
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn mangle(hooks: u8) -> CheckParam<'static> {
        par(b"mangle", hooks, 0)
    }

    fn dscp_payload(dscp: u8) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..1].copy_from_slice(&XtDscpTgInfo { dscp }.encode());
        p
    }

    fn tos_payload(value: u8, mask: u8) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..2].copy_from_slice(
            &XtTosTargetInfo {
                tos_value: value,
                tos_mask: mask,
            }
            .encode(),
        );
        p
    }

    fn dscp(d: u8) -> Result<TargetExt, Error> {
        ext_of(load_target(b"DSCP", 0, &dscp_payload(d), &mangle(PRE)))
    }

    fn tos(value: u8, mask: u8) -> TargetExt {
        ext_of(load_target(
            b"TOS",
            1,
            &tos_payload(value, mask),
            &mangle(PRE),
        ))
        .unwrap()
    }

    /// Runs `t` on a packet with TOS `before` (the fake kernel's header agreeing), returning
    /// the verdict, the packet's TOS afterwards, and the fake kernel.
    fn run(t: &TargetExt, before: u8, writable: bool) -> (TargetVerdict, u8, FakeEnv) {
        let mut env = FakeEnv {
            ip_tos: before,
            writable,
            ..FakeEnv::default()
        };
        let mut p = Packet {
            tos: before,
            ..icmp_packet()
        };
        let v = t.run(&mut p, &mut env);
        (v, p.tos, env)
    }

    #[test]
    fn layouts() {
        let d = XtDscpTgInfo { dscp: 0x2e };
        assert_eq!(d.encode(), [0x2e]);
        assert_eq!(XtDscpTgInfo::decode(&d.encode()), Some(d));
        assert_eq!(XtDscpTgInfo::decode(&[]), None);
        let t = XtTosTargetInfo {
            tos_value: 0x10,
            tos_mask: 0x3f,
        };
        assert_eq!(t.encode(), [0x10, 0x3f]);
        assert_eq!(XtTosTargetInfo::decode(&t.encode()), Some(t));
        assert_eq!(XtTosTargetInfo::decode(&[1]), None);
        let r = super::super::find(ExtKind::Target, b"DSCP", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (1, 8, 1));
        assert_eq!((r.table, r.hooks, r.proto), (Some(&b"mangle"[..]), 0, 0));
        let r = super::super::find(ExtKind::Target, b"TOS", 1).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (2, 8, 2));
        assert_eq!((r.table, r.hooks, r.proto), (Some(&b"mangle"[..]), 0, 0));
    }

    #[test]
    fn registrations() {
        // What iptables-legacy 1.8.9 probes.
        assert_eq!(find_revision(ExtKind::Target, &name(b"DSCP"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"DSCP"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(find_revision(ExtKind::Target, &name(b"TOS"), 1), Ok(1));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"TOS"), 0),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        // Other revisions: the IPv4 list only, so ENOENT.
        for rev in [1, 2, 255] {
            assert_eq!(
                load_target(b"DSCP", rev, &dscp_payload(0), &mangle(PRE)).err(),
                Some(Error::NoEnt(Reject::TargetRevision))
            );
        }
        for rev in [0, 2] {
            assert_eq!(
                load_target(b"TOS", rev, &tos_payload(0, 0), &mangle(PRE)).err(),
                Some(Error::NoEnt(Reject::TargetRevision))
            );
        }
        // Not the matches' names.
        assert_eq!(
            load_target(b"dscp", 0, &dscp_payload(0), &mangle(PRE)).err(),
            Some(Error::NoEnt(Reject::UnknownTarget))
        );
        // Sizes: exactly XT_ALIGN(1) and XT_ALIGN(2).
        for len in [0, 1, 2, 16] {
            assert_eq!(
                load_target(b"DSCP", 0, &vec![0; len], &mangle(PRE)).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
            assert_eq!(
                load_target(b"TOS", 1, &vec![0; len], &mangle(PRE)).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        // The mangle table only, every one of its hooks; the size is checked first.
        for t in [&b"filter"[..], b"raw", b"nat", b"security", b"MANGLE"] {
            let p = par(t, IN, 0);
            assert_eq!(
                load_target(b"DSCP", 0, &dscp_payload(1), &p).err(),
                Some(Error::Inval(Reject::TargetTable))
            );
            assert_eq!(
                load_target(b"TOS", 1, &tos_payload(1, 1), &p).err(),
                Some(Error::Inval(Reject::TargetTable))
            );
            assert_eq!(
                load_target(b"DSCP", 0, &[0; 16], &p).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        // The table is checked before the codepoint.
        assert_eq!(
            load_target(b"DSCP", 0, &dscp_payload(64), &filter_input()).err(),
            Some(Error::Inval(Reject::TargetTable))
        );
        for hooks in [0, PRE, IN, FWD, OUT, POST, PRE | IN | FWD | OUT | POST] {
            assert!(load_target(b"DSCP", 0, &dscp_payload(1), &mangle(hooks)).is_ok());
            assert!(load_target(b"TOS", 1, &tos_payload(1, 1), &mangle(hooks)).is_ok());
        }
        // The user-visible payload is the unaligned size.
        let (_, view) = load_target(b"TOS", 1, &tos_payload(1, 1), &mangle(PRE)).unwrap();
        assert_eq!(view.used, 2);
        let (_, view) = load_target(b"DSCP", 0, &dscp_payload(1), &mangle(PRE)).unwrap();
        assert_eq!(view.used, 1);
    }

    #[test]
    fn dscp_check() {
        for d in [0, 1, 0x2e, 63] {
            assert_eq!(
                dscp(d),
                Ok(TargetExt::DscpTarget(DscpTarget(XtDscpTgInfo { dscp: d })))
            );
        }
        for d in [64, 0x80, 255] {
            assert_eq!(dscp(d), Err(Error::Dom(BAD_DSCP)));
        }
        assert_eq!(Error::Dom(BAD_DSCP).errno(), 33);
        // The padding after the codepoint is not looked at.
        let mut p = dscp_payload(5);
        p[1..].fill(0xff);
        assert!(load_target(b"DSCP", 0, &p, &mangle(PRE)).is_ok());
        // TOS has no check: any value and mask.
        for (v, m) in [(0, 0), (0xff, 0xff), (0x12, 0), (0, 0xed)] {
            assert_eq!(
                tos(v, m),
                TargetExt::TosTarget(TosTarget(XtTosTargetInfo {
                    tos_value: v,
                    tos_mask: m
                }))
            );
        }
    }

    #[test]
    fn dscp_rewrites_the_codepoint_and_keeps_ecn() {
        let ef = dscp(0x2e).unwrap();
        // From 0: the codepoint written with mask 3, ECN bits (here 0b01) kept.
        let (v, after, env) = run(&ef, 0x01, true);
        assert_eq!((v, after), (TargetVerdict::Continue, 0xb9));
        assert_eq!(env.actions, vec![Action::ChangeDsfield(3, 0xb8)]);
        assert_eq!(env.ip_tos, 0xb9);
        // Same codepoint, other ECN bits: nothing written, the header left alone.
        let (v, after, env) = run(&ef, 0xbb, true);
        assert_eq!((v, after), (TargetVerdict::Continue, 0xbb));
        assert!(env.actions.is_empty());
        // Codepoint 0 from 63.
        let (v, after, env) = run(&dscp(0).unwrap(), 0xff, true);
        assert_eq!(
            (v, after, env.ip_tos),
            (TargetVerdict::Continue, 0x03, 0x03)
        );
        assert_eq!(env.actions, vec![Action::ChangeDsfield(3, 0)]);
        // 63 from 0.
        let (_, after, _) = run(&dscp(63).unwrap(), 0x02, true);
        assert_eq!(after, 0xfe);
        // A header that cannot be made writable: dropped, the packet as it was.
        let (v, after, env) = run(&ef, 0, false);
        assert_eq!((v, after, env.ip_tos), (TargetVerdict::Drop, 0, 0));
        assert_eq!(env.actions, vec![Action::ChangeDsfield(3, 0xb8)]);
        // No change needed: no write, so no drop either.
        let (v, _, env) = run(&ef, 0xb8, false);
        assert_eq!(v, TargetVerdict::Continue);
        assert!(env.actions.is_empty());
    }

    #[test]
    fn tos_rewrites_under_mask() {
        // --set-tos 0x10/0x3f: the low 6 bits set to 0x10, the precedence bits kept.
        let (v, after, env) = run(&tos(0x10, 0x3f), 0xe5, true);
        assert_eq!(
            (v, after, env.ip_tos),
            (TargetVerdict::Continue, 0xd0, 0xd0)
        );
        assert_eq!(env.actions, vec![Action::ChangeDsfield(0, 0xd0)]);
        // --and-tos 0x12 (0x00/0xed), --or-tos 0x12 (0x12/0x12), --xor-tos 0x12 (0x12/0x00).
        assert_eq!(run(&tos(0, 0xed), 0xff, true).1, 0x12);
        assert_eq!(run(&tos(0x12, 0x12), 0x41, true).1, 0x53);
        assert_eq!(run(&tos(0x12, 0), 0x13, true).1, 0x01);
        // `^`, not `|`: a value bit outside the mask toggles.
        assert_eq!(run(&tos(0x01, 0), 0x01, true).1, 0);
        assert_eq!(run(&tos(0x81, 0x01), 0x81, true).1, 0x01);
        // Unchanged: nothing written.
        let (v, after, env) = run(&tos(0x10, 0xff), 0x10, true);
        assert_eq!((v, after), (TargetVerdict::Continue, 0x10));
        assert!(env.actions.is_empty());
        let (_, _, env) = run(&tos(0, 0), 0x5a, true);
        assert!(env.actions.is_empty());
        // Not writable: dropped.
        let (v, after, env) = run(&tos(0x10, 0xff), 0, false);
        assert_eq!((v, after, env.ip_tos), (TargetVerdict::Drop, 0, 0));
    }

    /// `TOS` then `-m tos`/`-m dscp` in one walk: the matches read what the target wrote, and
    /// a drop from the target ends the walk.
    #[test]
    fn later_rules_see_the_rewrite() {
        let tosm = |value: u8, mask: u8| one(ext(b"tos", 1, &[mask, value, 0]));
        let dscpm = |d: u8| one(ext(b"dscp", 0, &[d, 0]));
        let table = build(
            Table::Mangle,
            &[
                (
                    Hook::PreRouting,
                    &[
                        r(tgt(b"TOS", 1, &tos_payload(0x10, 0xff))),
                        R {
                            matches: tosm(0x10, 0xff),
                            ..r(tgt(b"DSCP", 0, &dscp_payload(0x2e)))
                        },
                        R {
                            matches: dscpm(0x2e),
                            ..r(tgt(b"TOS", 1, &tos_payload(0x01, 0x00)))
                        },
                        R {
                            matches: tosm(0xb9, 0xff),
                            ..r(v(VERDICT_ACCEPT))
                        },
                    ],
                    VERDICT_DROP,
                ),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            &[],
        );
        let rs = parse_as(Table::Mangle, &table).unwrap();
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut env = FakeEnv::default();
        let (o, hits) = run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Accept, vec![0, 1, 2, 3]));
        assert_eq!(
            env.actions,
            vec![
                Action::ChangeDsfield(0, 0x10),
                Action::ChangeDsfield(3, 0xb8),
                Action::ChangeDsfield(0, 0xb9),
            ]
        );
        assert_eq!(env.ip_tos, 0xb9);
        // The header cannot be made writable: the first target drops.
        let mut env = FakeEnv {
            writable: false,
            ..FakeEnv::default()
        };
        let (o, hits) = run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Drop, vec![0]));
        // The tables are refused elsewhere than in mangle.
        let f = filter(
            &[r(tgt(b"TOS", 1, &tos_payload(1, 1)))],
            VERDICT_ACCEPT,
            &[],
        );
        rejects(&f, Error::Inval(Reject::TargetTable));
        let f = filter(&[r(tgt(b"DSCP", 0, &dscp_payload(1)))], VERDICT_ACCEPT, &[]);
        rejects(&f, Error::Inval(Reject::TargetTable));
    }
}
