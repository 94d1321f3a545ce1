// SPDX-License-Identifier: GPL-2.0

//! The `dscp` and `tos` matches (`net/netfilter/xt_dscp.c`, `struct xt_dscp_info`, `struct
//! xt_tos_match_info`): the DiffServ codepoint, and the TOS byte under a mask (revision 1, the
//! only `tos` revision the kernel registers).

use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_dscp_info)`.
pub const XT_DSCP_INFO_SIZE: usize = 2;
/// `sizeof(struct xt_tos_match_info)`.
pub const XT_TOS_MATCH_INFO_SIZE: usize = 3;
/// `XT_DSCP_SHIFT`.
pub const XT_DSCP_SHIFT: u8 = 2;
/// `XT_DSCP_MAX`.
pub const XT_DSCP_MAX: u8 = 0x3f;

/// `struct xt_dscp_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtDscpInfo {
    /// The codepoint (0 to 63).
    pub dscp: u8,
    /// Non-zero inverts.
    pub invert: u8,
}

impl XtDscpInfo {
    /// Decodes the first 2 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            dscp: *b.first()?,
            invert: *b.get(1)?,
        })
    }

    /// Encodes to the 2-byte wire form.
    pub fn encode(&self) -> [u8; XT_DSCP_INFO_SIZE] {
        [self.dscp, self.invert]
    }
}

/// `struct xt_tos_match_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTosMatchInfo {
    /// `tos_mask`.
    pub tos_mask: u8,
    /// `tos_value`.
    pub tos_value: u8,
    /// Non-zero inverts.
    pub invert: u8,
}

impl XtTosMatchInfo {
    /// Decodes the first 3 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            tos_mask: *b.first()?,
            tos_value: *b.get(1)?,
            invert: *b.get(2)?,
        })
    }

    /// Encodes to the 3-byte wire form.
    pub fn encode(&self) -> [u8; XT_TOS_MATCH_INFO_SIZE] {
        [self.tos_mask, self.tos_value, self.invert]
    }
}

/// `dscp_mt_reg`, the IPv4 `dscp` entry.
const DSCP_REGS: &[Reg] = &[Reg::match_(ExtId::Dscp, b"dscp", XT_DSCP_INFO_SIZE)];

/// `dscp_mt_reg`, the IPv4 `tos` entry.
const TOS_REGS: &[Reg] = &[Reg {
    revision: 1,
    ..Reg::match_(ExtId::Tos, b"tos", XT_TOS_MATCH_INFO_SIZE)
}];

/// `dscp_mt_check`: a codepoint above `XT_DSCP_MAX` (`EDOM`).
pub const BAD_DSCP: Reject = Reject::Check("dscp: codepoint above 63");

/// A validated `dscp` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dscp(pub XtDscpInfo);

/// A validated `tos` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tos(pub XtTosMatchInfo);

impl MatchDef for Dscp {
    const REGS: &'static [Reg] = DSCP_REGS;

    /// `dscp_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtDscpInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if i.dscp > XT_DSCP_MAX {
            return Err(Error::Dom(BAD_DSCP));
        }
        Ok(Dscp(i))
    }

    /// `dscp_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let dscp = pkt.tos >> XT_DSCP_SHIFT;
        MatchResult::from_bool((dscp == self.0.dscp) ^ (self.0.invert != 0))
    }
}

impl MatchDef for Tos {
    const REGS: &'static [Reg] = TOS_REGS;

    /// No `checkentry` upstream.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtTosMatchInfo::decode(payload)
            .map(Tos)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `tos_mt` for `NFPROTO_IPV4`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let i = &self.0;
        MatchResult::from_bool((pkt.tos & i.tos_mask == i.tos_value) ^ (i.invert != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::*;

    fn with_tos(tos: u8) -> Packet<'static> {
        Packet {
            tos,
            ..icmp_packet()
        }
    }

    fn dscp(d: u8, invert: u8) -> Result<Match, Error> {
        let mut p = [0u8; 8];
        p[..2].copy_from_slice(&XtDscpInfo { dscp: d, invert }.encode());
        load_match(b"dscp", 0, &p, &filter_input()).map(|m| m.0)
    }

    fn tos(value: u8, mask: u8, invert: u8) -> Match {
        let mut p = [0u8; 8];
        p[..3].copy_from_slice(
            &XtTosMatchInfo {
                tos_mask: mask,
                tos_value: value,
                invert,
            }
            .encode(),
        );
        load_match(b"tos", 1, &p, &filter_input()).unwrap().0
    }

    #[test]
    fn dscp_codepoints() {
        let env = FakeEnv::default();
        let ef = dscp(0x2e, 0).unwrap();
        assert!(match_hits(&ef, &env, &with_tos(0xb8)));
        // The ECN bits do not count.
        assert!(match_hits(&ef, &env, &with_tos(0xbb)));
        assert!(!match_hits(&ef, &env, &with_tos(0xb4)));
        let not_ef = dscp(0x2e, 1).unwrap();
        assert!(!match_hits(&not_ef, &env, &with_tos(0xb8)));
        assert!(match_hits(&not_ef, &env, &with_tos(0)));
        // Any non-zero `invert` inverts (`!!`).
        assert!(match_hits(&dscp(0x2e, 2).unwrap(), &env, &with_tos(0)));
        assert!(!match_hits(&dscp(0x2e, 2).unwrap(), &env, &with_tos(0xb8)));
        assert!(match_hits(&dscp(63, 0).unwrap(), &env, &with_tos(0xfc)));
    }

    #[test]
    fn tos_under_mask() {
        let env = FakeEnv::default();
        assert!(match_hits(&tos(0x10, 0x3f, 0), &env, &with_tos(0x10)));
        assert!(match_hits(&tos(0x10, 0x3f, 0), &env, &with_tos(0xd0)));
        assert!(!match_hits(&tos(0x10, 0xff, 0), &env, &with_tos(0xd0)));
        assert!(match_hits(&tos(0x10, 0xff, 1), &env, &with_tos(0xd0)));
        assert!(!match_hits(&tos(0x10, 0xff, 7), &env, &with_tos(0x10)));
        // A value outside the mask never matches.
        assert!(!match_hits(&tos(0x10, 0x0f, 0), &env, &with_tos(0x10)));
        assert!(match_hits(&tos(0, 0, 0), &env, &with_tos(0xff)));
    }

    #[test]
    fn checks() {
        assert!(dscp(63, 0).is_ok());
        for d in [64, 255] {
            assert_eq!(dscp(d, 0), Err(Error::Dom(BAD_DSCP)));
        }
        assert_eq!(Error::Dom(BAD_DSCP).errno(), 33);
        assert_eq!(
            load_match(b"dscp", 0, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"dscp", 1, &[0; 8], &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"tos", 0, &[0; 8], &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"tos", 1, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        let (_, view) = load_match(b"tos", 1, &[0; 8], &filter_input()).unwrap();
        assert_eq!(view.used, 3);
    }
}
