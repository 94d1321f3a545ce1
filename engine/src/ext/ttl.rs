// SPDX-License-Identifier: GPL-2.0

//! The `ttl` match (`net/netfilter/xt_hl.c`, its IPv4 half; `struct ipt_ttl_info`): the IP
//! time to live against a value.

use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct ipt_ttl_info)`.
pub const IPT_TTL_INFO_SIZE: usize = 2;

/// The `IPT_TTL_*` modes.
pub mod ttl_mode {
    /// `IPT_TTL_EQ`.
    pub const EQ: u8 = 0;
    /// `IPT_TTL_NE`.
    pub const NE: u8 = 1;
    /// `IPT_TTL_LT`.
    pub const LT: u8 = 2;
    /// `IPT_TTL_GT`.
    pub const GT: u8 = 3;
}

/// `struct ipt_ttl_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IptTtlInfo {
    /// [`ttl_mode`].
    pub mode: u8,
    /// The value compared with.
    pub ttl: u8,
}

impl IptTtlInfo {
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

/// `hl_mt_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg::match_(ExtId::Ttl, b"ttl", IPT_TTL_INFO_SIZE)];

/// `ttl_mt_check`: a mode beyond `IPT_TTL_GT`.
pub const BAD_MODE: Reject = Reject::Check("ttl: unknown TTL match mode");

/// A validated `ttl` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ttl(pub IptTtlInfo);

impl MatchDef for Ttl {
    const REGS: &'static [Reg] = REGS;

    /// `ttl_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = IptTtlInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if i.mode > ttl_mode::GT {
            return Err(Error::Inval(BAD_MODE));
        }
        Ok(Ttl(i))
    }

    /// `ttl_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let (ttl, v) = (pkt.ttl, self.0.ttl);
        MatchResult::from_bool(match self.0.mode {
            ttl_mode::EQ => ttl == v,
            ttl_mode::NE => ttl != v,
            ttl_mode::LT => ttl < v,
            ttl_mode::GT => ttl > v,
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::ttl_mode::*;
    use super::*;

    fn payload(mode: u8, ttl: u8) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..2].copy_from_slice(&IptTtlInfo { mode, ttl }.encode());
        p
    }

    fn hits(mode: u8, v: u8, ttl: u8) -> bool {
        let m = load_match(b"ttl", 0, &payload(mode, v), &filter_input())
            .unwrap()
            .0;
        match_hits(
            &m,
            &FakeEnv::default(),
            &Packet {
                ttl,
                ..icmp_packet()
            },
        )
    }

    #[test]
    fn modes() {
        assert!(hits(EQ, 64, 64));
        assert!(!hits(EQ, 64, 63));
        assert!(hits(NE, 64, 63));
        assert!(!hits(NE, 64, 64));
        assert!(hits(LT, 64, 63));
        assert!(!hits(LT, 64, 64));
        assert!(hits(GT, 64, 65));
        assert!(!hits(GT, 64, 64));
        assert!(!hits(GT, 255, 255));
        assert!(!hits(LT, 0, 0));
    }

    #[test]
    fn checks() {
        for mode in 0..=3 {
            assert!(load_match(b"ttl", 0, &payload(mode, 1), &filter_input()).is_ok());
        }
        for mode in [4, 255] {
            assert_eq!(
                load_match(b"ttl", 0, &payload(mode, 1), &filter_input()),
                Err(Error::Inval(BAD_MODE))
            );
        }
        assert_eq!(
            load_match(b"ttl", 0, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"ttl", 1, &[0; 8], &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"ttl", 0, &payload(0, 1), &filter_input())
                .unwrap()
                .1
                .used,
            2
        );
    }
}
