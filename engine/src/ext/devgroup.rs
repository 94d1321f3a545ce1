// SPDX-License-Identifier: GPL-2.0

//! The `devgroup` match (`net/netfilter/xt_devgroup.c`, `struct xt_devgroup_info`), revision 0:
//! the group (`dev->group`, set with `ip link set DEV group N`) of the input and output devices,
//! each tested under a mask.

use super::super::abi::{put, read_u32};
use super::super::env::{DevSel, Env};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, Family, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_devgroup_info)`.
pub const XT_DEVGROUP_INFO_SIZE: usize = 20;

/// `enum xt_devgroup_flags`.
pub mod flags {
    /// `XT_DEVGROUP_MATCH_SRC`: `--src-group`.
    pub const MATCH_SRC: u32 = 0x1;
    /// `XT_DEVGROUP_INVERT_SRC`: `! --src-group`.
    pub const INVERT_SRC: u32 = 0x2;
    /// `XT_DEVGROUP_MATCH_DST`: `--dst-group`.
    pub const MATCH_DST: u32 = 0x4;
    /// `XT_DEVGROUP_INVERT_DST`: `! --dst-group`.
    pub const INVERT_DST: u32 = 0x8;
    /// Every known flag.
    pub const ALL: u32 = MATCH_SRC | INVERT_SRC | MATCH_DST | INVERT_DST;
}

/// `struct xt_devgroup_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtDevgroupInfo {
    /// [`flags`].
    pub flags: u32,
    /// The input device's group, under `src_mask`.
    pub src_group: u32,
    /// The bits of the input device's group compared.
    pub src_mask: u32,
    /// The output device's group, under `dst_mask`.
    pub dst_group: u32,
    /// The bits of the output device's group compared.
    pub dst_mask: u32,
}

impl XtDevgroupInfo {
    /// Decodes the first 20 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            flags: read_u32(b, 0)?,
            src_group: read_u32(b, 4)?,
            src_mask: read_u32(b, 8)?,
            dst_group: read_u32(b, 12)?,
            dst_mask: read_u32(b, 16)?,
        })
    }

    /// Encodes to the 20-byte wire form.
    pub fn encode(&self) -> [u8; XT_DEVGROUP_INFO_SIZE] {
        let mut b = [0u8; XT_DEVGROUP_INFO_SIZE];
        put(&mut b, 0, &self.flags.to_ne_bytes());
        put(&mut b, 4, &self.src_group.to_ne_bytes());
        put(&mut b, 8, &self.src_mask.to_ne_bytes());
        put(&mut b, 12, &self.dst_group.to_ne_bytes());
        put(&mut b, 16, &self.dst_mask.to_ne_bytes());
        b
    }
}

/// `devgroup_mt_reg`: `NFPROTO_UNSPEC`, hooks checked by `check_hooks`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    ..Reg::match_(ExtId::Devgroup, b"devgroup", XT_DEVGROUP_INFO_SIZE)
}];

/// `devgroup_mt_check_hooks`: `--src-group` reached from OUTPUT or POSTROUTING, which have no
/// input device (`EINVAL`).
pub const SRC_HOOKS: Reject =
    Reject::Check("devgroup: --src-group outside PREROUTING/INPUT/FORWARD");
/// `devgroup_mt_check_hooks`: `--dst-group` reached from PREROUTING or INPUT, which have no
/// output device (`EINVAL`).
pub const DST_HOOKS: Reject =
    Reject::Check("devgroup: --dst-group outside FORWARD/OUTPUT/POSTROUTING");
/// `devgroup_mt_checkentry`: unknown flag bits (`EINVAL`).
pub const UNKNOWN_FLAGS: Reject = Reject::Check("devgroup: unknown flags");

/// The hooks with an input device.
const IN_HOOKS: u8 = hook_bit(Hook::PreRouting) | hook_bit(Hook::LocalIn) | hook_bit(Hook::Forward);
/// The hooks with an output device.
const OUT_HOOKS: u8 =
    hook_bit(Hook::Forward) | hook_bit(Hook::LocalOut) | hook_bit(Hook::PostRouting);

/// A validated `devgroup` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Devgroup(pub XtDevgroupInfo);

/// One side's test: whether the group differs under the mask, inverted by `invert`, says the
/// match fails (`((group ^ dev->group) & mask ? 1 : 0) ^ (invert ? 1 : 0)`).
fn side_fails(group: u32, mask: u32, dev_group: u32, invert: bool) -> bool {
    ((group ^ dev_group) & mask != 0) ^ invert
}

impl MatchDef for Devgroup {
    const REGS: &'static [Reg] = REGS;

    /// `devgroup_mt_check_hooks`, then `devgroup_mt_checkentry`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtDevgroupInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if info.flags & flags::MATCH_SRC != 0 && par.hook_mask & !IN_HOOKS != 0 {
            return Err(Error::Inval(SRC_HOOKS));
        }
        if info.flags & flags::MATCH_DST != 0 && par.hook_mask & !OUT_HOOKS != 0 {
            return Err(Error::Inval(DST_HOOKS));
        }
        if info.flags & !flags::ALL != 0 {
            return Err(Error::Inval(UNKNOWN_FLAGS));
        }
        Ok(Devgroup(info))
    }

    /// `devgroup_mt`. The hook checks guarantee the device a test reads; should it be missing
    /// anyway (upstream would dereference NULL), the match fails.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let i = &self.0;
        if i.flags & flags::MATCH_SRC != 0 {
            let Some(g) = env.dev_group(DevSel::In) else {
                return MatchResult::No;
            };
            if side_fails(i.src_group, i.src_mask, g, i.flags & flags::INVERT_SRC != 0) {
                return MatchResult::No;
            }
        }
        if i.flags & flags::MATCH_DST != 0 {
            let Some(g) = env.dev_group(DevSel::Out) else {
                return MatchResult::No;
            };
            if side_fails(i.dst_group, i.dst_mask, g, i.flags & flags::INVERT_DST != 0) {
                return MatchResult::No;
            }
        }
        MatchResult::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::flags::*;
    use super::*;

    fn info(flags: u32) -> XtDevgroupInfo {
        XtDevgroupInfo {
            flags,
            src_group: 5,
            src_mask: u32::MAX,
            dst_group: 0x20,
            dst_mask: 0xf0,
        }
    }

    fn load_at(i: &XtDevgroupInfo, hooks: u8) -> Result<Match, Error> {
        let mut p = [0u8; 24];
        p[..20].copy_from_slice(&i.encode());
        load_match(b"devgroup", 0, &p, &par(b"mangle", hooks, 0)).map(|m| m.0)
    }

    fn groups(in_group: Option<u32>, out_group: Option<u32>) -> FakeEnv {
        FakeEnv {
            in_group,
            out_group,
            ..FakeEnv::default()
        }
    }

    fn hit(i: &XtDevgroupInfo, env: &FakeEnv) -> bool {
        match_hits(&load_at(i, FWD).unwrap(), env, &icmp_packet())
    }

    #[test]
    fn layout() {
        let b = info(MATCH_SRC).encode();
        assert_eq!(&b[..4], &1u32.to_ne_bytes());
        assert_eq!(&b[16..], &0xf0u32.to_ne_bytes());
        assert_eq!(XtDevgroupInfo::decode(&b), Some(info(MATCH_SRC)));
        assert_eq!(XtDevgroupInfo::decode(&b[..19]), None);
    }

    #[test]
    fn checks() {
        // --src-group: PREROUTING, INPUT, FORWARD.
        for hooks in [PRE, IN, FWD, PRE | IN | FWD, 0] {
            assert!(load_at(&info(MATCH_SRC), hooks).is_ok());
        }
        for hooks in [OUT, POST, IN | OUT, FWD | POST] {
            assert_eq!(
                load_at(&info(MATCH_SRC | INVERT_SRC), hooks),
                Err(Error::Inval(SRC_HOOKS))
            );
        }
        // --dst-group: FORWARD, OUTPUT, POSTROUTING.
        for hooks in [FWD, OUT, POST, FWD | OUT | POST, 0] {
            assert!(load_at(&info(MATCH_DST), hooks).is_ok());
        }
        for hooks in [PRE, IN, PRE | POST] {
            assert_eq!(
                load_at(&info(MATCH_DST), hooks),
                Err(Error::Inval(DST_HOOKS))
            );
        }
        // Both: FORWARD only.
        assert!(load_at(&info(MATCH_SRC | MATCH_DST), FWD).is_ok());
        assert_eq!(
            load_at(&info(MATCH_SRC | MATCH_DST), IN),
            Err(Error::Inval(DST_HOOKS))
        );
        assert_eq!(
            load_at(&info(MATCH_SRC | MATCH_DST), OUT),
            Err(Error::Inval(SRC_HOOKS))
        );
        // The invert flags alone restrict nothing; no flag at all is valid.
        assert!(load_at(&info(INVERT_SRC | INVERT_DST), PRE | OUT).is_ok());
        assert!(load_at(&info(0), 0x1f).is_ok());
        // Unknown flags, after the hook checks (check_hooks runs before checkentry).
        for f in [0x10, 0x8000_0000, 0xf0 | INVERT_SRC] {
            assert_eq!(load_at(&info(f), 0x1f), Err(Error::Inval(UNKNOWN_FLAGS)));
        }
        assert_eq!(
            load_at(&info(MATCH_SRC | 0x10), OUT),
            Err(Error::Inval(SRC_HOOKS))
        );
        // Sizes, revisions, any table.
        assert_eq!(
            load_match(b"devgroup", 0, &[0; 20], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"devgroup", 1, &[0; 24], &filter_input()),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
        for t in [&b"filter"[..], b"nat", b"raw"] {
            assert!(load_match(b"devgroup", 0, &[0; 24], &par(t, IN, 0)).is_ok());
        }
        // Every value of the groups and masks, and the padding, is taken.
        let mut p = [0xff; 24];
        p[..4].copy_from_slice(&ALL.to_ne_bytes());
        let (m, view) = load_match(b"devgroup", 0, &p, &par(b"raw", 0, 0)).unwrap();
        assert_eq!(view.used, XT_DEVGROUP_INFO_SIZE);
        let Match::Devgroup(Devgroup(i)) = m else {
            panic!("{m:?}")
        };
        assert_eq!((i.flags, i.dst_mask), (ALL, u32::MAX));
    }

    #[test]
    fn groups_under_masks() {
        let src = info(MATCH_SRC);
        assert!(hit(&src, &groups(Some(5), None)));
        assert!(!hit(&src, &groups(Some(4), None)));
        assert!(!hit(&src, &groups(Some(0x105), None)));
        assert!(!hit(&info(MATCH_SRC | INVERT_SRC), &groups(Some(5), None)));
        assert!(hit(&info(MATCH_SRC | INVERT_SRC), &groups(Some(6), None)));
        // --dst-group 0x20/0xf0.
        let dst = info(MATCH_DST);
        assert!(hit(&dst, &groups(None, Some(0x20))));
        assert!(hit(&dst, &groups(None, Some(0x2f))));
        assert!(hit(&dst, &groups(None, Some(0xff25))));
        assert!(!hit(&dst, &groups(None, Some(0x30))));
        assert!(hit(
            &info(MATCH_DST | INVERT_DST),
            &groups(None, Some(0x30))
        ));
        // Both sides.
        let both = info(MATCH_SRC | MATCH_DST);
        assert!(hit(&both, &groups(Some(5), Some(0x21))));
        assert!(!hit(&both, &groups(Some(5), Some(0x11))));
        assert!(!hit(&both, &groups(Some(1), Some(0x21))));
        assert!(hit(
            &info(MATCH_SRC | INVERT_SRC | MATCH_DST),
            &groups(Some(1), Some(0x21))
        ));
        // Mask 0: every group.
        let mut i = info(MATCH_SRC);
        i.src_mask = 0;
        assert!(hit(&i, &groups(Some(12345), None)));
        i.flags |= INVERT_SRC;
        assert!(!hit(&i, &groups(Some(12345), None)));
        // An invert flag without its test does nothing.
        assert!(hit(&info(INVERT_SRC | INVERT_DST), &groups(None, None)));
        // No device where one is needed (ruled out by the hook checks): no match.
        assert!(!hit(&src, &groups(None, Some(0))));
        assert!(!hit(&info(MATCH_DST | INVERT_DST), &groups(Some(0), None)));
    }
}
