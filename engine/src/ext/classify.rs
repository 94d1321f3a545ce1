// SPDX-License-Identifier: GPL-2.0

//! The `CLASSIFY` target (`net/netfilter/xt_CLASSIFY.c`, `struct xt_classify_target_info`):
//! sets `skb->priority`, the class a qdisc puts the packet in, and continues. Revision 0, any
//! table, from `OUTPUT`, `FORWARD` and `POSTROUTING` only, no `checkentry`.

use super::super::abi::read_u32;
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_classify_target_info)`.
pub const XT_CLASSIFY_TARGET_INFO_SIZE: usize = 4;

/// `struct xt_classify_target_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtClassifyTargetInfo {
    /// The new `skb->priority`: `TC_H_MAKE(major << 16, minor)`.
    pub priority: u32,
}

impl XtClassifyTargetInfo {
    /// Decodes the first 4 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            priority: read_u32(b, 0)?,
        })
    }

    /// Encodes to the 4-byte wire form.
    pub fn encode(&self) -> [u8; XT_CLASSIFY_TARGET_INFO_SIZE] {
        self.priority.to_ne_bytes()
    }
}

/// `classify_tg_reg`, the IPv4 entry: `.hooks` `LOCAL_OUT`, `FORWARD`, `POST_ROUTING`.
const REGS: &[Reg] = &[Reg {
    hooks: hook_bit(Hook::LocalOut) | hook_bit(Hook::Forward) | hook_bit(Hook::PostRouting),
    ..Reg::target(ExtId::Classify, b"CLASSIFY", XT_CLASSIFY_TARGET_INFO_SIZE)
}];

/// A validated `CLASSIFY` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Classify(pub XtClassifyTargetInfo);

impl TargetDef for Classify {
    const REGS: &'static [Reg] = REGS;

    /// No `checkentry` upstream: every priority is taken.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtClassifyTargetInfo::decode(payload)
            .map(Classify)
            .ok_or(Error::Inval(Reject::TargetPayloadSize))
    }

    /// `classify_tg`: `skb->priority = priority`, then `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        env.set_priority(self.0.priority);
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn payload(priority: u32) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..4].copy_from_slice(&XtClassifyTargetInfo { priority }.encode());
        p
    }

    #[test]
    fn layout_and_registration() {
        let i = XtClassifyTargetInfo {
            priority: 0x0001_0002,
        };
        assert_eq!(i.encode(), 0x0001_0002u32.to_ne_bytes());
        assert_eq!(XtClassifyTargetInfo::decode(&i.encode()), Some(i));
        assert_eq!(XtClassifyTargetInfo::decode(&[1, 2, 3]), None);
        let r = super::super::find(ExtKind::Target, b"CLASSIFY", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (4, 8, 4));
        assert_eq!((r.table, r.hooks, r.proto), (None, OUT | FWD | POST, 0));
        assert_eq!(find_revision(ExtKind::Target, &name(b"CLASSIFY"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"CLASSIFY"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
    }

    #[test]
    fn checks() {
        // Any table, from OUTPUT, FORWARD and POSTROUTING (or no hook: an unreachable rule).
        for (t, hooks) in [
            (&b"mangle"[..], OUT | FWD | POST),
            (b"mangle", FWD),
            (b"filter", OUT | FWD),
            (b"nat", POST),
            (b"raw", OUT),
            (b"mangle", 0),
        ] {
            assert!(
                load_target(b"CLASSIFY", 0, &payload(7), &par(t, hooks, 0)).is_ok(),
                "{hooks:#x}"
            );
        }
        // Any other hook reaching the rule refuses it.
        for (t, hooks) in [
            (&b"mangle"[..], PRE),
            (b"mangle", IN),
            (b"mangle", FWD | IN),
            (b"filter", IN | FWD | OUT),
            (b"raw", PRE | OUT),
            (b"nat", PRE),
        ] {
            assert_eq!(
                load_target(b"CLASSIFY", 0, &payload(7), &par(t, hooks, 0)).err(),
                Some(Error::Inval(Reject::TargetHooks)),
                "{hooks:#x}"
            );
        }
        // Sizes, then revisions.
        for len in [0, 4, 16] {
            assert_eq!(
                load_target(b"CLASSIFY", 0, &vec![0; len], &par(b"mangle", PRE, 0)).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        for rev in [1, 255] {
            assert_eq!(
                load_target(b"CLASSIFY", rev, &payload(1), &par(b"mangle", FWD, 0)).err(),
                Some(Error::NoEnt(Reject::TargetRevision))
            );
        }
        // Every priority, and the padding is not looked at.
        let mut p = payload(u32::MAX);
        p[4..].fill(0xee);
        assert_eq!(
            ext_of(load_target(b"CLASSIFY", 0, &p, &par(b"mangle", FWD, 0))),
            Ok(TargetExt::Classify(Classify(XtClassifyTargetInfo {
                priority: u32::MAX
            })))
        );
    }

    #[test]
    fn sets_the_priority_and_continues() {
        let table = build(
            Table::Mangle,
            &[
                (Hook::PreRouting, &[], VERDICT_ACCEPT),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (
                    Hook::Forward,
                    &[
                        r(tgt(b"CLASSIFY", 0, &payload(0x0001_0010))),
                        r(tgt(b"CLASSIFY", 0, &payload(0xffff_0000))),
                        r(v(VERDICT_DROP)),
                    ],
                    VERDICT_ACCEPT,
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
        assert_eq!((o, hits), (Outcome::Drop, vec![2, 3, 4]));
        assert_eq!(
            env.actions,
            vec![
                Action::SetPriority(0x0001_0010),
                Action::SetPriority(0xffff_0000)
            ]
        );
        assert_eq!(env.priority, 0xffff_0000);
        // A CLASSIFY rule reachable from PREROUTING (through a user chain) is refused.
        let table = build(
            Table::Mangle,
            &[
                (Hook::PreRouting, &[r(T::Jump("c"))], VERDICT_ACCEPT),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[r(T::Jump("c"))], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            &[("c", &[r(tgt(b"CLASSIFY", 0, &payload(1)))])],
        );
        rejects_as(Table::Mangle, &table, Error::Inval(Reject::TargetHooks));
    }
}
