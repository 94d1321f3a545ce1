// SPDX-License-Identifier: GPL-2.0

//! The `mark` match and the `MARK` target (`net/netfilter/xt_mark.c`): the packet's mark
//! (`skb->mark`) tested under a mask, and rewritten as `(mark & ~mask) ^ value`.
//!
//! The kernel registers `mark` revision 1 (`NFPROTO_UNSPEC`, `struct xt_mark_mtinfo1`) and
//! `MARK` revision 2 (`NFPROTO_IPV4`, `struct xt_mark_tginfo2`) only; older revisions are gone,
//! so `mark` revision 0 is `EPROTOTYPE` and `MARK` revisions 0 and 1 are `ENOENT`. Neither has
//! a `checkentry`, a table or a hook restriction.

use super::super::abi::{put, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_mark_tginfo2)`.
pub const XT_MARK_TGINFO2_SIZE: usize = 8;
/// `sizeof(struct xt_mark_mtinfo1)` (9 bytes of fields, padded to the `__u32` alignment).
pub const XT_MARK_MTINFO1_SIZE: usize = 12;

/// `struct xt_mark_tginfo2`: the `MARK` target's payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtMarkTginfo2 {
    /// The bits XORed in after clearing `mask`.
    pub mark: u32,
    /// The bits cleared first.
    pub mask: u32,
}

impl XtMarkTginfo2 {
    /// Decodes the first 8 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            mark: read_u32(b, 0)?,
            mask: read_u32(b, 4)?,
        })
    }

    /// Encodes to the 8-byte wire form.
    pub fn encode(&self) -> [u8; XT_MARK_TGINFO2_SIZE] {
        let mut b = [0u8; XT_MARK_TGINFO2_SIZE];
        put(&mut b, 0, &self.mark.to_ne_bytes());
        put(&mut b, 4, &self.mask.to_ne_bytes());
        b
    }
}

/// `struct xt_mark_mtinfo1`: the `mark` match's payload (also `struct xt_connmark_mtinfo1`,
/// which has the same layout).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtMarkMtinfo1 {
    /// The value the masked mark must equal.
    pub mark: u32,
    /// The mask.
    pub mask: u32,
    /// XORed into the comparison's 0 or 1: 1 inverts, and any other non-zero value makes the
    /// match always true (upstream's `bool ^ __u8` returned as a `bool`).
    pub invert: u8,
}

impl XtMarkMtinfo1 {
    /// Decodes the first 12 bytes of `b` (the padding is not read).
    pub fn decode(b: &[u8]) -> Option<Self> {
        if b.len() < XT_MARK_MTINFO1_SIZE {
            return None;
        }
        Some(Self {
            mark: read_u32(b, 0)?,
            mask: read_u32(b, 4)?,
            invert: *b.get(8)?,
        })
    }

    /// Encodes to the 12-byte wire form, padding zeroed.
    pub fn encode(&self) -> [u8; XT_MARK_MTINFO1_SIZE] {
        let mut b = [0u8; XT_MARK_MTINFO1_SIZE];
        put(&mut b, 0, &self.mark.to_ne_bytes());
        put(&mut b, 4, &self.mask.to_ne_bytes());
        put(&mut b, 8, &[self.invert]);
        b
    }

    /// `((value & mask) == mark) ^ invert`, as the `bool` upstream's match functions return.
    pub fn test(&self, value: u32) -> bool {
        let eq = u8::from(value & self.mask == self.mark);
        eq ^ self.invert != 0
    }
}

/// `mark_mt_reg`.
const MATCH_REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    revision: 1,
    ..Reg::match_(ExtId::Mark, b"mark", XT_MARK_MTINFO1_SIZE)
}];

/// `mark_tg_reg`, the IPv4 entry.
const TARGET_REGS: &[Reg] = &[Reg {
    revision: 2,
    ..Reg::target(ExtId::MarkTarget, b"MARK", XT_MARK_TGINFO2_SIZE)
}];

/// A validated `mark` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkMatch(pub XtMarkMtinfo1);

impl MatchDef for MarkMatch {
    const REGS: &'static [Reg] = MATCH_REGS;

    /// `mark_mt_reg` has no `checkentry`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtMarkMtinfo1::decode(payload)
            .map(MarkMatch)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `mark_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        MatchResult::from_bool(self.0.test(env.mark()))
    }
}

/// A validated `MARK` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkTarget(pub XtMarkTginfo2);

impl TargetDef for MarkTarget {
    const REGS: &'static [Reg] = TARGET_REGS;

    /// `mark_tg_reg` has no `checkentry`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtMarkTginfo2::decode(payload)
            .map(MarkTarget)
            .ok_or(Error::Inval(Reject::TargetPayloadSize))
    }

    /// `mark_tg`: `skb->mark = (skb->mark & ~mask) ^ mark`, then `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let m = (env.mark() & !self.0.mask) ^ self.0.mark;
        env.set_mark(m);
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn mt(mark: u32, mask: u32, invert: u8) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..12].copy_from_slice(&XtMarkMtinfo1 { mark, mask, invert }.encode());
        b
    }

    fn tg(mark: u32, mask: u32) -> [u8; 8] {
        XtMarkTginfo2 { mark, mask }.encode()
    }

    fn with_mark(mark: u32) -> FakeEnv {
        FakeEnv {
            mark,
            ..FakeEnv::default()
        }
    }

    #[test]
    fn layouts() {
        let t = XtMarkTginfo2 {
            mark: 0x1234_5678,
            mask: 0xffff_0000,
        };
        assert_eq!(XtMarkTginfo2::decode(&t.encode()), Some(t));
        let m = XtMarkMtinfo1 {
            mark: 7,
            mask: 0xff,
            invert: 1,
        };
        assert_eq!(XtMarkMtinfo1::decode(&m.encode()), Some(m));
        assert_eq!(m.encode()[9..], [0, 0, 0]);
        assert_eq!(XtMarkMtinfo1::decode(&m.encode()[..11]), None);
        assert_eq!(XtMarkTginfo2::decode(&t.encode()[..7]), None);
    }

    #[test]
    fn registrations_and_sizes() {
        let fin = filter_input();
        // mark: revision 1 only, family-independent: revision 0 is EPROTOTYPE.
        assert!(load_match(b"mark", 1, &mt(0, 0, 0), &fin).is_ok());
        assert_eq!(
            load_match(b"mark", 0, &mt(0, 0, 0), &fin),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"mark", 2, &mt(0, 0, 0), &fin),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
        for len in [8, 12, 24] {
            assert_eq!(
                load_match(b"mark", 1, &vec![0; len], &fin),
                Err(Error::Inval(Reject::MatchPayloadSize))
            );
        }
        // MARK: revision 2 only, IPv4 list: other revisions are ENOENT.
        for rev in [0, 1, 3] {
            assert_eq!(
                load_target(b"MARK", rev, &tg(1, 1), &fin),
                Err(Error::NoEnt(Reject::TargetRevision))
            );
        }
        for len in [0, 4, 16] {
            assert_eq!(
                load_target(b"MARK", 2, &vec![0; len], &fin),
                Err(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        // Any table, any hook.
        for (table, hooks) in [
            (&b"filter"[..], IN | FWD | OUT),
            (b"mangle", PRE | IN | FWD | OUT | POST),
            (b"raw", PRE | OUT),
            (b"nat", PRE | IN | OUT | POST),
        ] {
            let p = par(table, hooks, 0);
            assert!(load_target(b"MARK", 2, &tg(1, 1), &p).is_ok());
            assert!(load_match(b"mark", 1, &mt(1, 1, 0), &p).is_ok());
        }
        // The revisions iptables-legacy 1.8.9 probes for.
        assert_eq!(find_revision(ExtKind::Match, &name(b"mark"), 1), Ok(1));
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"mark"), 0),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(find_revision(ExtKind::Target, &name(b"MARK"), 2), Ok(2));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"MARK"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        // Every payload value is taken, the padding and any invert byte too.
        let (m, view) = load_match(b"mark", 1, &[0xff; 16], &fin).unwrap();
        assert_eq!(view.used, XT_MARK_MTINFO1_SIZE);
        assert_eq!(
            m,
            Match::Mark(MarkMatch(XtMarkMtinfo1 {
                mark: u32::MAX,
                mask: u32::MAX,
                invert: 0xff,
            }))
        );
        assert_eq!(
            ext_of(load_target(b"MARK", 2, &tg(5, 6), &fin)),
            Ok(TargetExt::MarkTarget(MarkTarget(XtMarkTginfo2 {
                mark: 5,
                mask: 6
            })))
        );
    }

    #[test]
    fn mark_match() {
        let par = filter_input();
        let load = |p: &[u8]| load_match(b"mark", 1, p, &par).unwrap().0;
        let p = icmp_packet();
        let m = load(&mt(0x10, 0xf0, 0));
        assert!(match_hits(&m, &with_mark(0x1f), &p));
        assert!(match_hits(&m, &with_mark(0xff1a), &p));
        assert!(!match_hits(&m, &with_mark(0x20), &p));
        assert!(!match_hits(&m, &with_mark(0), &p));
        let m = load(&mt(0x10, 0xf0, 1));
        assert!(!match_hits(&m, &with_mark(0x1f), &p));
        assert!(match_hits(&m, &with_mark(0x20), &p));
        // An exact mark.
        let m = load(&mt(7, u32::MAX, 0));
        assert!(match_hits(&m, &with_mark(7), &p));
        assert!(!match_hits(&m, &with_mark(0x107), &p));
        // A value with bits outside the mask never matches, unless inverted.
        let m = load(&mt(0x11, 0xf0, 0));
        assert!(!match_hits(&m, &with_mark(0x11), &p));
        assert!(match_hits(&load(&mt(0x11, 0xf0, 1)), &with_mark(0x11), &p));
        // Mask 0: every packet has 0 there.
        assert!(match_hits(&load(&mt(0, 0, 0)), &with_mark(0xdead), &p));
        // `bool ^ u8`: an invert byte other than 0 and 1 always matches; 3 is `eq ^ 3`.
        for inv in [2, 3, 0x80, 0xff] {
            let m = load(&mt(7, u32::MAX, inv));
            assert!(match_hits(&m, &with_mark(7), &p));
            assert!(match_hits(&m, &with_mark(8), &p));
        }
    }

    #[test]
    fn mark_target() {
        let par = par(b"mangle", PRE, 0);
        let run = |mark: u32, mask: u32, before: u32| {
            let (t, _) = load_target(b"MARK", 2, &tg(mark, mask), &par).unwrap();
            let CheckedTarget::Ext(t) = t else {
                panic!("{t:?}")
            };
            let mut env = with_mark(before);
            let v = t.run(&mut icmp_packet(), &mut env);
            assert_eq!(v, TargetVerdict::Continue);
            let after = (before & !mask) ^ mark;
            assert_eq!(env.actions, vec![Action::SetMark(after)]);
            env.mark
        };
        // --set-xmark 0x5/0xff.
        assert_eq!(run(0x5, 0xff, 0x1234), 0x1205);
        // --set-mark 0x5 (mask = mark | mask = all).
        assert_eq!(run(0x5, u32::MAX, 0x1234), 0x5);
        // --and-mark 0xf0 (mark 0, mask ~0xf0).
        assert_eq!(run(0, !0xf0, 0x1234), 0x30);
        // --or-mark 0x101 (mark = mask).
        assert_eq!(run(0x101, 0x101, 0x1234), 0x1335);
        // --xor-mark 0x11 (mask 0).
        assert_eq!(run(0x11, 0, 0x1234), 0x1225);
        // XOR into bits that were not cleared.
        assert_eq!(run(0xf, 0x3, 0xff), 0xf3);
    }

    /// `MARK` then `-m mark` in one walk: the match reads the mark the target just set.
    #[test]
    fn match_sees_the_mark_set_earlier_in_the_walk() {
        let mark = |v: u32, inv: u8| one(ext(b"mark", 1, &mt(v, u32::MAX, inv)[..12]));
        let table = build(
            Table::Mangle,
            &[
                (
                    Hook::PreRouting,
                    &[
                        R {
                            matches: mark(0, 1),
                            ..r(v(VERDICT_DROP))
                        },
                        r(tgt(b"MARK", 2, &tg(0x2a, u32::MAX))),
                        R {
                            matches: mark(0x2a, 1),
                            ..r(v(VERDICT_DROP))
                        },
                        r(tgt(b"MARK", 2, &tg(0x100, 0))),
                        R {
                            matches: mark(0x12a, 0),
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
        assert!(!rs.needs_conntrack());
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut stack = rs.new_jump_stack().unwrap();
        let mut seen = Vec::new();
        let mut env = FakeEnv::default();
        let o = evaluate(
            &rs,
            Hook::PreRouting,
            &pkt(&l4),
            &mut stack,
            &mut env,
            |i| seen.push(i),
        );
        assert_eq!((o, seen), (Outcome::Accept, vec![1, 3, 4]));
        assert_eq!(
            env.actions,
            vec![Action::SetMark(0x2a), Action::SetMark(0x12a)]
        );
        // A packet that arrives marked: the first rule drops it.
        let mut env = with_mark(0x2a);
        let mut seen = Vec::new();
        let o = evaluate(
            &rs,
            Hook::PreRouting,
            &pkt(&l4),
            &mut stack,
            &mut env,
            |i| seen.push(i),
        );
        assert_eq!((o, seen), (Outcome::Drop, vec![0]));
        assert!(env.actions.is_empty());
    }
}
