// SPDX-License-Identifier: GPL-2.0

//! The `connmark` match and the `CONNMARK` target (`net/netfilter/xt_connmark.c`): the
//! connection's mark (`ct->mark`) tested under a mask; set, saved from the packet mark or
//! restored into it, with masks and (revision 2) a shift.
//!
//! The kernel registers `connmark` revision 1 (`NFPROTO_UNSPEC`, `struct xt_connmark_mtinfo1`)
//! and `CONNMARK` revisions 1 and 2 (`NFPROTO_IPV4`, `struct xt_connmark_tginfo1`/`2`). All
//! take a conntrack reference in their `checkentry` (`nf_ct_netns_get`).

use super::super::abi::{put, read_u32};
use super::super::env::{CtKind, Env};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::mark::XtMarkMtinfo1;
use super::{
    CheckParam, ExtId, Family, MatchDef, MatchResult, Needs, Reg, TargetDef, TargetVerdict,
};

/// `sizeof(struct xt_connmark_tginfo1)` (13 bytes of fields, padded).
pub const XT_CONNMARK_TGINFO1_SIZE: usize = 16;
/// `sizeof(struct xt_connmark_tginfo2)` (15 bytes of fields, padded).
pub const XT_CONNMARK_TGINFO2_SIZE: usize = 16;
/// `sizeof(struct xt_connmark_mtinfo1)`.
pub const XT_CONNMARK_MTINFO1_SIZE: usize = 12;

/// `struct xt_connmark_mtinfo1`: the same layout as `struct xt_mark_mtinfo1`.
pub type XtConnmarkMtinfo1 = XtMarkMtinfo1;

/// `XT_CONNMARK_*`: the target's `mode`.
pub mod mode {
    /// `XT_CONNMARK_SET`: `ctmark = ((ctmark & ~ctmask) ^ value) << shift`.
    pub const SET: u8 = 0;
    /// `XT_CONNMARK_SAVE`: the packet mark into the connection mark.
    pub const SAVE: u8 = 1;
    /// `XT_CONNMARK_RESTORE`: the connection mark into the packet mark.
    pub const RESTORE: u8 = 2;
}

/// `D_SHIFT_LEFT`.
pub const D_SHIFT_LEFT: u8 = 0;
/// `D_SHIFT_RIGHT`.
pub const D_SHIFT_RIGHT: u8 = 1;

/// `struct xt_connmark_tginfo2`, which revision 1's `struct xt_connmark_tginfo1` decodes to
/// (shift 0 to the left, as `connmark_tg` converts it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtConnmarkTginfo {
    /// `ctmark`.
    pub ctmark: u32,
    /// `ctmask`.
    pub ctmask: u32,
    /// `nfmask`.
    pub nfmask: u32,
    /// `shift_dir` ([`D_SHIFT_LEFT`], [`D_SHIFT_RIGHT`]); revision 2 only.
    pub shift_dir: u8,
    /// `shift_bits`; revision 2 only.
    pub shift_bits: u8,
    /// [`mode`].
    pub mode: u8,
}

impl XtConnmarkTginfo {
    /// Decodes revision `rev` (1 or 2; anything else decodes as 2) from `b`.
    pub fn decode(rev: u8, b: &[u8]) -> Option<Self> {
        let mut t = Self {
            ctmark: read_u32(b, 0)?,
            ctmask: read_u32(b, 4)?,
            nfmask: read_u32(b, 8)?,
            ..Self::default()
        };
        if rev == 1 {
            t.mode = *b.get(12)?;
        } else {
            t.shift_dir = *b.get(12)?;
            t.shift_bits = *b.get(13)?;
            t.mode = *b.get(14)?;
        }
        Some(t)
    }

    /// Encodes as revision `rev` (1 or 2; anything else encodes as 2), padding zeroed.
    /// Revision 1 has no shift.
    pub fn encode(&self, rev: u8) -> [u8; XT_CONNMARK_TGINFO2_SIZE] {
        let mut b = [0u8; XT_CONNMARK_TGINFO2_SIZE];
        put(&mut b, 0, &self.ctmark.to_ne_bytes());
        put(&mut b, 4, &self.ctmask.to_ne_bytes());
        put(&mut b, 8, &self.nfmask.to_ne_bytes());
        if rev == 1 {
            put(&mut b, 12, &[self.mode]);
        } else {
            put(&mut b, 12, &[self.shift_dir, self.shift_bits, self.mode]);
        }
        b
    }
}

/// `connmark_mt_reg`.
const MATCH_REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    revision: 1,
    ..Reg::match_(ExtId::Connmark, b"connmark", XT_CONNMARK_MTINFO1_SIZE)
}];

/// `connmark_tg_reg`, the IPv4 entries.
const TARGET_REGS: &[Reg] = &[
    Reg {
        revision: 1,
        ..Reg::target(ExtId::ConnmarkTarget, b"CONNMARK", XT_CONNMARK_TGINFO1_SIZE)
    },
    Reg {
        revision: 2,
        ..Reg::target(ExtId::ConnmarkTarget, b"CONNMARK", XT_CONNMARK_TGINFO2_SIZE)
    },
];

/// `connmark_tg_check_v2`: `shift_dir > D_SHIFT_RIGHT || shift_bits >= 32`.
pub const BAD_SHIFT: Reject = Reject::Check("CONNMARK: shift_dir or shift_bits out of range");

/// A validated `connmark` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnmarkMatch(pub XtConnmarkMtinfo1);

impl MatchDef for ConnmarkMatch {
    const REGS: &'static [Reg] = MATCH_REGS;

    /// `connmark_mt_check`: only the conntrack reference ([`ConnmarkMatch::needs`]).
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtConnmarkMtinfo1::decode(payload)
            .map(ConnmarkMatch)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `connmark_mt`: no conntrack entry never matches (inverted or not).
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let ct = env.ct();
        if !matches!(ct.kind, CtKind::Tracked { .. }) {
            return MatchResult::No;
        }
        MatchResult::from_bool(self.0.test(ct.mark))
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}

/// A validated `CONNMARK` target, in the shape of revision 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnmarkTarget(pub XtConnmarkTginfo);

/// `>>=`/`<<=` by `bits` in `dir` (`bits` is below 32 after the check).
fn shift(v: u32, dir: u8, bits: u8) -> u32 {
    let bits = u32::from(bits);
    if dir == D_SHIFT_RIGHT {
        v.checked_shr(bits).unwrap_or(0)
    } else {
        v.checked_shl(bits).unwrap_or(0)
    }
}

impl TargetDef for ConnmarkTarget {
    const REGS: &'static [Reg] = TARGET_REGS;

    /// `connmark_tg_check` (revision 1) and `connmark_tg_check_v2` (the shift, then the
    /// conntrack reference).
    fn check(reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtConnmarkTginfo::decode(reg.revision, payload)
            .ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if reg.revision >= 2 && (info.shift_dir > D_SHIFT_RIGHT || info.shift_bits >= 32) {
            return Err(Error::Inval(BAD_SHIFT));
        }
        Ok(ConnmarkTarget(info))
    }

    /// `connmark_tg`/`connmark_tg_v2` (`connmark_tg_shift`): nothing without a conntrack
    /// entry or with an unknown mode; always `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let i = &self.0;
        let ct = env.ct();
        if !matches!(ct.kind, CtKind::Tracked { .. }) {
            return TargetVerdict::Continue;
        }
        match i.mode {
            mode::SET => {
                let new = shift((ct.mark & !i.ctmask) ^ i.ctmark, i.shift_dir, i.shift_bits);
                env.set_ct_mark(new);
            }
            mode::SAVE => {
                let target = shift(env.mark() & i.nfmask, i.shift_dir, i.shift_bits);
                env.set_ct_mark((ct.mark & !i.ctmask) ^ target);
            }
            mode::RESTORE => {
                let target = shift(ct.mark & i.ctmask, i.shift_dir, i.shift_bits);
                let new = (env.mark() & !i.nfmask) ^ target;
                env.set_mark(new);
            }
            _ => {}
        }
        TargetVerdict::Continue
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn mt(mark: u32, mask: u32, invert: u8) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..12].copy_from_slice(&XtConnmarkMtinfo1 { mark, mask, invert }.encode());
        b
    }

    fn tg(rev: u8, t: XtConnmarkTginfo) -> [u8; 16] {
        t.encode(rev)
    }

    fn info(mode: u8, ctmark: u32, ctmask: u32, nfmask: u32) -> XtConnmarkTginfo {
        XtConnmarkTginfo {
            ctmark,
            ctmask,
            nfmask,
            mode,
            ..XtConnmarkTginfo::default()
        }
    }

    fn env(ct: CtInfo, mark: u32) -> FakeEnv {
        FakeEnv {
            ct,
            mark,
            ..FakeEnv::default()
        }
    }

    fn marked(ctmark: u32) -> CtInfo {
        CtInfo {
            mark: ctmark,
            ..tracked(0)
        }
    }

    /// Runs CONNMARK revision `rev` with `t` on a packet with mark `nf` and a connection with
    /// mark `ct`; the packet and connection marks afterwards, and the actions.
    fn run(rev: u8, t: XtConnmarkTginfo, ct: CtInfo, nf: u32) -> (u32, u32, Vec<Action>) {
        let p = par(b"mangle", PRE, 0);
        let CheckedTarget::Ext(x) = load_target(b"CONNMARK", rev, &tg(rev, t), &p).unwrap().0
        else {
            panic!()
        };
        let mut e = env(ct, nf);
        assert_eq!(x.run(&mut icmp_packet(), &mut e), TargetVerdict::Continue);
        (e.mark, e.ct.mark, e.actions)
    }

    #[test]
    fn layouts() {
        let t = XtConnmarkTginfo {
            ctmark: 1,
            ctmask: 2,
            nfmask: 3,
            shift_dir: 1,
            shift_bits: 4,
            mode: 2,
        };
        assert_eq!(XtConnmarkTginfo::decode(2, &t.encode(2)), Some(t));
        let b = t.encode(1);
        assert_eq!(b[12..], [2, 0, 0, 0]);
        assert_eq!(
            XtConnmarkTginfo::decode(1, &b),
            Some(XtConnmarkTginfo {
                shift_dir: 0,
                shift_bits: 0,
                ..t
            })
        );
        assert_eq!(XtConnmarkTginfo::decode(2, &b[..14]), None);
        assert_eq!(XtConnmarkTginfo::decode(1, &b[..12]), None);
    }

    #[test]
    fn registrations_and_checks() {
        let p = filter_input();
        assert!(load_match(b"connmark", 1, &mt(0, 0, 0), &p).is_ok());
        assert_eq!(
            load_match(b"connmark", 0, &mt(0, 0, 0), &p),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"connmark", 1, &[0; 12], &p),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        for rev in [1, 2] {
            assert!(load_target(b"CONNMARK", rev, &tg(rev, info(0, 0, 0, 0)), &p).is_ok());
            for len in [8, 24] {
                assert_eq!(
                    load_target(b"CONNMARK", rev, &vec![0; len], &p),
                    Err(Error::Inval(Reject::TargetPayloadSize))
                );
            }
        }
        for rev in [0, 3] {
            assert_eq!(
                load_target(b"CONNMARK", rev, &[0; 16], &p),
                Err(Error::NoEnt(Reject::TargetRevision))
            );
        }
        assert_eq!(find_revision(ExtKind::Target, &name(b"CONNMARK"), 2), Ok(2));
        assert_eq!(find_revision(ExtKind::Target, &name(b"CONNMARK"), 1), Ok(2));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"CONNMARK"), 0),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(find_revision(ExtKind::Match, &name(b"connmark"), 1), Ok(1));
        // Revision 2's shift check: direction 0 or 1, fewer than 32 bits.
        let sh = |dir: u8, bits: u8| {
            let t = XtConnmarkTginfo {
                shift_dir: dir,
                shift_bits: bits,
                ..info(mode::SAVE, 0, !0, !0)
            };
            load_target(b"CONNMARK", 2, &tg(2, t), &p).map(|_| ())
        };
        assert_eq!(sh(0, 31), Ok(()));
        assert_eq!(sh(1, 31), Ok(()));
        assert_eq!(sh(1, 32), Err(Error::Inval(BAD_SHIFT)));
        assert_eq!(sh(0, 255), Err(Error::Inval(BAD_SHIFT)));
        assert_eq!(sh(2, 0), Err(Error::Inval(BAD_SHIFT)));
        assert_eq!(sh(0xff, 1), Err(Error::Inval(BAD_SHIFT)));
        // Revision 1 has no shift fields: bytes 13 and 14 are padding, never read.
        let mut b = tg(1, info(mode::SET, 1, 1, 1));
        b[13] = 0xff;
        b[14] = 0xff;
        assert!(load_target(b"CONNMARK", 1, &b, &p).is_ok());
        // An unknown mode passes the check (and does nothing).
        assert!(load_target(b"CONNMARK", 2, &tg(2, info(9, 0, 0, 0)), &p).is_ok());
        // Any table and hook; every rule takes conntrack.
        for (table, hooks) in [
            (&b"raw"[..], PRE | OUT),
            (b"nat", PRE | POST),
            (b"filter", IN | FWD | OUT),
        ] {
            let q = par(table, hooks, 0);
            let t = ext_of(load_target(b"CONNMARK", 2, &tg(2, info(1, 0, 0, 0)), &q)).unwrap();
            assert!(t.needs().conntrack);
            let m = load_match(b"connmark", 1, &mt(0, 0, 0), &q).unwrap().0;
            assert!(m.needs().conntrack);
        }
    }

    #[test]
    fn connmark_match() {
        let p = filter_input();
        let load = |b: &[u8]| load_match(b"connmark", 1, b, &p).unwrap().0;
        let pk = icmp_packet();
        let m = load(&mt(0x10, 0xf0, 0));
        assert!(match_hits(&m, &env(marked(0x1f), 0), &pk));
        assert!(!match_hits(&m, &env(marked(0x20), 0x10), &pk));
        // The packet mark plays no part.
        assert!(!match_hits(&m, &env(marked(0), 0x10), &pk));
        let inv = load(&mt(0x10, 0xf0, 1));
        assert!(!match_hits(&inv, &env(marked(0x1f), 0), &pk));
        assert!(match_hits(&inv, &env(marked(0x20), 0), &pk));
        // No entry (invalid or untracked): never, even inverted or with invert 2.
        for kind in [CtKind::Invalid, CtKind::Untracked] {
            for m in [&m, &inv, &load(&mt(0, 0, 2)), &load(&mt(0, 0, 0))] {
                assert!(!match_hits(m, &env(no_ct(kind), 0x10), &pk));
            }
        }
        // Reply direction: the same entry.
        let ct = CtInfo {
            mark: 0x10,
            ..tracked(3)
        };
        assert!(match_hits(&m, &env(ct, 0), &pk));
        // `bool ^ u8`.
        let m = load(&mt(1, u32::MAX, 2));
        assert!(match_hits(&m, &env(marked(1), 0), &pk));
        assert!(match_hits(&m, &env(marked(0), 0), &pk));
    }

    #[test]
    fn set_save_restore() {
        for rev in [1, 2] {
            // --set-xmark 0x5/0xff: the packet mark is untouched.
            let (nf, ct, a) = run(rev, info(mode::SET, 0x5, 0xff, 0), marked(0x1234), 0x77);
            assert_eq!((nf, ct, a), (0x77, 0x1205, vec![Action::SetCtMark(0x1205)]));
            // --set-mark 0x1234 on a connection already so marked: no change, no event.
            let (_, ct, a) = run(rev, info(mode::SET, 0x1234, !0, 0), marked(0x1234), 0);
            assert_eq!((ct, a), (0x1234, vec![]));
            // --save-mark --nfmask 0xff00 --ctmask 0xffff.
            let (nf, ct, a) = run(
                rev,
                info(mode::SAVE, 0, 0xffff, 0xff00),
                marked(0xabcd_1234),
                0x5678,
            );
            assert_eq!((nf, ct), (0x5678, 0xabcd_5600));
            assert_eq!(a, vec![Action::SetCtMark(0xabcd_5600)]);
            // --restore-mark --ctmask 0xff --nfmask 0xffff.
            let (nf, ct, a) = run(
                rev,
                info(mode::RESTORE, 0, 0xff, 0xffff),
                marked(0x1234),
                0xaaaa_bbbb,
            );
            assert_eq!((nf, ct), (0xaaaa_0034, 0x1234));
            assert_eq!(a, vec![Action::SetMark(0xaaaa_0034)]);
            // Restore always writes the packet mark, changed or not.
            let (_, _, a) = run(rev, info(mode::RESTORE, 0, !0, !0), marked(7), 7);
            assert_eq!(a, vec![Action::SetMark(7)]);
            // An unknown mode does nothing.
            let (nf, ct, a) = run(rev, info(3, 1, 1, 1), marked(0x10), 0x20);
            assert_eq!((nf, ct, a), (0x20, 0x10, vec![]));
            // No conntrack entry: nothing at all.
            for kind in [CtKind::Invalid, CtKind::Untracked] {
                for m in [mode::SET, mode::SAVE, mode::RESTORE] {
                    let (nf, _, a) = run(rev, info(m, 1, !0, !0), no_ct(kind), 0x20);
                    assert_eq!((nf, a), (0x20, vec![]));
                }
            }
        }
    }

    #[test]
    fn shifts() {
        let s =
            |m: u8, dir: u8, bits: u8, ctmark: u32, ctmask: u32, nfmask: u32| XtConnmarkTginfo {
                shift_dir: dir,
                shift_bits: bits,
                ..info(m, ctmark, ctmask, nfmask)
            };
        // SET shifts the whole new mark, the kept bits too.
        let (_, ct, _) = run(
            2,
            s(mode::SET, D_SHIFT_LEFT, 4, 0x5, 0xf, 0),
            marked(0x120),
            0,
        );
        assert_eq!(ct, 0x1250);
        let (_, ct, _) = run(
            2,
            s(mode::SET, D_SHIFT_RIGHT, 8, 0x5, 0xff, 0),
            marked(0x1200),
            0,
        );
        assert_eq!(ct, 0x12);
        // SAVE shifts the masked packet mark before it goes under ctmask.
        let (_, ct, _) = run(
            2,
            s(mode::SAVE, D_SHIFT_LEFT, 16, 0, 0xffff_0000, 0xffff),
            marked(0x0000_abcd),
            0x1234_5678,
        );
        assert_eq!(ct, 0x5678_abcd);
        let (_, ct, _) = run(
            2,
            s(mode::SAVE, D_SHIFT_RIGHT, 16, 0, 0xffff, 0xffff_0000),
            marked(0xabcd_0000),
            0x1234_5678,
        );
        assert_eq!(ct, 0xabcd_1234);
        // RESTORE shifts the masked connection mark.
        let (nf, _, _) = run(
            2,
            s(mode::RESTORE, D_SHIFT_RIGHT, 16, 0, 0xffff_0000, 0xffff),
            marked(0x1234_5678),
            0xaaaa_bbbb,
        );
        assert_eq!(nf, 0xaaaa_1234);
        let (nf, _, _) = run(
            2,
            s(mode::RESTORE, D_SHIFT_LEFT, 31, 0, 1, 0x8000_0000),
            marked(0x1),
            0x1,
        );
        assert_eq!(nf, 0x8000_0001);
    }

    /// `CONNMARK --restore-mark` then `-m mark`, `MARK` then `CONNMARK --save-mark` then
    /// `-m connmark`, all in one walk.
    #[test]
    fn marks_flow_through_one_walk() {
        let mark = |v: u32| {
            one(ext(
                b"mark",
                1,
                &XtMarkMtinfo1 {
                    mark: v,
                    mask: !0,
                    invert: 0,
                }
                .encode(),
            ))
        };
        let cmark = |v: u32| {
            one(ext(
                b"connmark",
                1,
                &XtConnmarkMtinfo1 {
                    mark: v,
                    mask: !0,
                    invert: 0,
                }
                .encode(),
            ))
        };
        let cm = |t: XtConnmarkTginfo| tgt(b"CONNMARK", 2, &t.encode(2));
        let table = build(
            Table::Mangle,
            &[
                (
                    Hook::PreRouting,
                    &[
                        r(cm(info(mode::RESTORE, 0, !0, !0))),
                        R {
                            matches: mark(0x7),
                            ..r(v(VERDICT_ACCEPT))
                        },
                        r(tgt(
                            b"MARK",
                            2,
                            &super::super::mark::XtMarkTginfo2 {
                                mark: 0x9,
                                mask: !0,
                            }
                            .encode(),
                        )),
                        r(cm(info(mode::SAVE, 0, !0, !0))),
                        R {
                            matches: cmark(0x9),
                            ..r(v(VERDICT_DROP))
                        },
                    ],
                    VERDICT_ACCEPT,
                ),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            &[],
        );
        let rs = parse_as(Table::Mangle, &table).unwrap();
        assert!(rs.needs_conntrack());
        let l4 = tcp_hdr(1000, 22, 0x10, &[]);
        let walk = |ct: CtInfo| {
            let mut stack = rs.new_jump_stack().unwrap();
            let mut seen = Vec::new();
            let mut e = env(ct, 0);
            let o = evaluate(&rs, Hook::PreRouting, &pkt(&l4), &mut stack, &mut e, |i| {
                seen.push(i)
            });
            (o, seen, e.actions)
        };
        // A connection marked 7: restored into the packet, accepted by rule 1.
        assert_eq!(
            walk(marked(7)),
            (Outcome::Accept, vec![0, 1], vec![Action::SetMark(7)])
        );
        // Marked 0: the packet gets 9, the connection too, and rule 4 sees it.
        assert_eq!(
            walk(marked(0)),
            (
                Outcome::Drop,
                vec![0, 2, 3, 4],
                vec![Action::SetMark(0), Action::SetMark(9), Action::SetCtMark(9)]
            )
        );
        // No entry: the CONNMARKs do nothing, the connmark match does not match: the policy.
        assert_eq!(
            walk(no_ct(CtKind::Invalid)),
            (Outcome::Accept, vec![0, 2, 3, 5], vec![Action::SetMark(9)])
        );
    }
}
