// SPDX-License-Identifier: GPL-2.0

//! The `TTL` target (`net/netfilter/xt_HL.c`, its IPv4 half; `struct ipt_TTL_info`): sets,
//! increments (up to 255) or decrements (down to 0) the IP time to live, with the header
//! checksum updated. Revision 0, the mangle table only, any of its hooks.

use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct ipt_TTL_info)`.
pub const IPT_TTL_INFO_SIZE: usize = 2;

/// The `IPT_TTL_*` modes.
pub mod ttl_tg_mode {
    /// `IPT_TTL_SET`.
    pub const SET: u8 = 0;
    /// `IPT_TTL_INC`.
    pub const INC: u8 = 1;
    /// `IPT_TTL_DEC`.
    pub const DEC: u8 = 2;
    /// `IPT_TTL_MAXMODE`.
    pub const MAXMODE: u8 = DEC;
}

/// `struct ipt_TTL_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IptTtlTgInfo {
    /// [`ttl_tg_mode`].
    pub mode: u8,
    /// The value set, or added, or subtracted.
    pub ttl: u8,
}

impl IptTtlTgInfo {
    /// Decodes the first 2 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            mode: *b.first()?,
            ttl: *b.get(1)?,
        })
    }

    /// Encodes to the 2-byte wire form.
    pub fn encode(&self) -> [u8; IPT_TTL_INFO_SIZE] {
        [self.mode, self.ttl]
    }
}

/// `hl_tg_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    table: Some(b"mangle"),
    ..Reg::target(ExtId::TtlTarget, b"TTL", IPT_TTL_INFO_SIZE)
}];

/// `ttl_tg_check`: a mode beyond `IPT_TTL_MAXMODE`.
pub const BAD_MODE: Reject = Reject::Check("TTL: mode beyond IPT_TTL_MAXMODE");
/// `ttl_tg_check`: an increment or decrement of 0.
pub const ZERO_STEP: Reject = Reject::Check("TTL: increment or decrement of 0");

/// The operation of a validated `TTL` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TtlOp {
    /// `IPT_TTL_SET`: any value, 0 included.
    Set(u8),
    /// `IPT_TTL_INC` by 1 to 255.
    Inc(u8),
    /// `IPT_TTL_DEC` by 1 to 255.
    Dec(u8),
}

/// A validated `TTL` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TtlTarget(pub TtlOp);

impl TargetDef for TtlTarget {
    const REGS: &'static [Reg] = REGS;

    /// `ttl_tg_check`: the mode, then a zero step, both `EINVAL`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = IptTtlTgInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if i.mode > ttl_tg_mode::MAXMODE {
            return Err(Error::Inval(BAD_MODE));
        }
        if i.mode != ttl_tg_mode::SET && i.ttl == 0 {
            return Err(Error::Inval(ZERO_STEP));
        }
        Ok(TtlTarget(match i.mode {
            ttl_tg_mode::SET => TtlOp::Set(i.ttl),
            ttl_tg_mode::INC => TtlOp::Inc(i.ttl),
            _ => TtlOp::Dec(i.ttl),
        }))
    }

    /// `ttl_tg`: make the header writable (or drop), compute the new TTL (saturating at 255
    /// and 0), and write it with the checksum fixed if it differs; continue.
    fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let new = match self.0 {
            TtlOp::Set(v) => v,
            TtlOp::Inc(v) => pkt.ttl.saturating_add(v),
            TtlOp::Dec(v) => pkt.ttl.saturating_sub(v),
        };
        if !env.set_ttl(new) {
            return TargetVerdict::Drop;
        }
        pkt.ttl = new;
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::ttl_tg_mode::*;
    use super::*;

    fn payload(mode: u8, ttl: u8) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..2].copy_from_slice(&IptTtlTgInfo { mode, ttl }.encode());
        p
    }

    fn load(mode: u8, ttl: u8) -> Result<TargetExt, Error> {
        ext_of(load_target(
            b"TTL",
            0,
            &payload(mode, ttl),
            &par(b"mangle", FWD, 0),
        ))
    }

    /// Runs `TTL` (`mode`, `v`) on a packet with TTL `before`: the verdict, the packet's TTL
    /// afterwards, the fake kernel's actions.
    fn run(mode: u8, v: u8, before: u8, writable: bool) -> (TargetVerdict, u8, Vec<Action>) {
        let t = load(mode, v).unwrap();
        let mut env = FakeEnv {
            ip_ttl: before,
            writable,
            ..FakeEnv::default()
        };
        let mut p = Packet {
            ttl: before,
            ..icmp_packet()
        };
        let verdict = t.run(&mut p, &mut env);
        assert_eq!(env.ip_ttl, if writable { p.ttl } else { before });
        (verdict, p.ttl, env.actions)
    }

    #[test]
    fn layout_and_registration() {
        let i = IptTtlTgInfo { mode: DEC, ttl: 7 };
        assert_eq!(i.encode(), [2, 7]);
        assert_eq!(IptTtlTgInfo::decode(&i.encode()), Some(i));
        assert_eq!(IptTtlTgInfo::decode(&[1]), None);
        let r = super::super::find(ExtKind::Target, b"TTL", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (2, 8, 2));
        assert_eq!((r.table, r.hooks, r.proto), (Some(&b"mangle"[..]), 0, 0));
        assert_eq!(find_revision(ExtKind::Target, &name(b"TTL"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"TTL"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        // The match of the same name is another registration.
        assert_eq!(find_revision(ExtKind::Match, &name(b"ttl"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"ttl"), 0),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"HL"), 0),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
    }

    #[test]
    fn checks() {
        let mangle = par(b"mangle", PRE | IN | FWD | OUT | POST, 0);
        assert_eq!(
            load(SET, 0),
            Ok(TargetExt::TtlTarget(TtlTarget(TtlOp::Set(0))))
        );
        assert_eq!(
            load(SET, 255),
            Ok(TargetExt::TtlTarget(TtlTarget(TtlOp::Set(255))))
        );
        assert_eq!(
            load(INC, 1),
            Ok(TargetExt::TtlTarget(TtlTarget(TtlOp::Inc(1))))
        );
        assert_eq!(
            load(DEC, 255),
            Ok(TargetExt::TtlTarget(TtlTarget(TtlOp::Dec(255))))
        );
        // `ttl-inc 0`, `ttl-dec 0`.
        for mode in [INC, DEC] {
            assert_eq!(load(mode, 0), Err(Error::Inval(ZERO_STEP)));
        }
        // Unknown modes, checked before the step.
        for mode in [3, 4, 255] {
            assert_eq!(load(mode, 0), Err(Error::Inval(BAD_MODE)));
            assert_eq!(load(mode, 1), Err(Error::Inval(BAD_MODE)));
        }
        assert_eq!(Error::Inval(BAD_MODE).errno(), 22);
        // Revisions, sizes, tables.
        for rev in [1, 2] {
            assert_eq!(
                load_target(b"TTL", rev, &payload(SET, 1), &mangle).err(),
                Some(Error::NoEnt(Reject::TargetRevision))
            );
        }
        for len in [0, 2, 16] {
            assert_eq!(
                load_target(b"TTL", 0, &vec![0; len], &mangle).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        for t in [&b"filter"[..], b"raw", b"nat"] {
            assert_eq!(
                load_target(b"TTL", 0, &payload(SET, 1), &par(t, OUT, 0)).err(),
                Some(Error::Inval(Reject::TargetTable))
            );
            // The table is checked before the mode.
            assert_eq!(
                load_target(b"TTL", 0, &payload(9, 0), &par(t, OUT, 0)).err(),
                Some(Error::Inval(Reject::TargetTable))
            );
        }
        assert!(load_target(b"TTL", 0, &payload(SET, 1), &mangle).is_ok());
        assert!(load_target(b"TTL", 0, &payload(SET, 1), &par(b"mangle", 0, 0)).is_ok());
    }

    #[test]
    fn rewrites() {
        use TargetVerdict::{Continue, Drop};
        // Set, inc and dec, with the saturation at 255 and 0.
        assert_eq!(
            run(SET, 7, 64, true),
            (Continue, 7, vec![Action::SetTtl(7)])
        );
        assert_eq!(
            run(SET, 0, 64, true),
            (Continue, 0, vec![Action::SetTtl(0)])
        );
        assert_eq!(
            run(INC, 1, 64, true),
            (Continue, 65, vec![Action::SetTtl(65)])
        );
        assert_eq!(
            run(INC, 200, 64, true),
            (Continue, 255, vec![Action::SetTtl(255)])
        );
        assert_eq!(
            run(INC, 255, 255, true),
            (Continue, 255, vec![Action::SetTtl(255)])
        );
        assert_eq!(
            run(DEC, 1, 64, true),
            (Continue, 63, vec![Action::SetTtl(63)])
        );
        assert_eq!(
            run(DEC, 100, 64, true),
            (Continue, 0, vec![Action::SetTtl(0)])
        );
        assert_eq!(run(DEC, 1, 0, true), (Continue, 0, vec![Action::SetTtl(0)]));
        // The header is made writable even when the TTL stays (the kernel then writes
        // nothing): a header that cannot be made writable drops every time.
        assert_eq!(
            run(SET, 64, 64, true),
            (Continue, 64, vec![Action::SetTtl(64)])
        );
        assert_eq!(
            run(SET, 64, 64, false),
            (Drop, 64, vec![Action::SetTtl(64)])
        );
        assert_eq!(run(DEC, 5, 64, false), (Drop, 64, vec![Action::SetTtl(59)]));
    }

    /// `TTL` then `-m ttl` in one walk.
    #[test]
    fn later_rules_see_the_new_ttl() {
        let ttl_eq = |v: u8| one(ext(b"ttl", 0, &[0, v]));
        let table = build(
            Table::Mangle,
            &[
                (Hook::PreRouting, &[], VERDICT_ACCEPT),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (
                    Hook::Forward,
                    &[
                        r(tgt(b"TTL", 0, &payload(DEC, 10))),
                        R {
                            matches: ttl_eq(64),
                            ..r(v(VERDICT_DROP))
                        },
                        R {
                            matches: ttl_eq(54),
                            ..r(tgt(b"TTL", 0, &payload(INC, 250)))
                        },
                        R {
                            matches: ttl_eq(255),
                            ..r(v(VERDICT_ACCEPT))
                        },
                    ],
                    VERDICT_DROP,
                ),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            &[],
        );
        let rs = parse_as(Table::Mangle, &table).unwrap();
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut env = FakeEnv::default();
        let (o, hits) = run_env(&rs, Hook::Forward, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Accept, vec![2, 4, 5]));
        assert_eq!(env.actions, vec![Action::SetTtl(54), Action::SetTtl(255)]);
        assert_eq!(env.ip_ttl, 255);
        // Not in filter.
        let f = filter(&[r(tgt(b"TTL", 0, &payload(SET, 1)))], VERDICT_ACCEPT, &[]);
        rejects(&f, Error::Inval(Reject::TargetTable));
    }
}
