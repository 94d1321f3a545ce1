// SPDX-License-Identifier: GPL-2.0

//! The `icmp` match (`icmp_match` in `net/ipv4/netfilter/ip_tables.c`, `struct ipt_icmp`).

use super::super::abi::{proto, read_array};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `IPT_ICMP_INV`.
pub const IPT_ICMP_INV: u8 = 0x01;
/// `sizeof(struct ipt_icmp)`.
pub const IPT_ICMP_SIZE: usize = 4;

/// `struct ipt_icmp`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IptIcmp {
    /// ICMP type, 0xff for any.
    pub icmp_type: u8,
    /// Code range (inclusive).
    pub code: [u8; 2],
    /// `IPT_ICMP_INV` bit.
    pub invflags: u8,
}

impl IptIcmp {
    /// Decodes the first 4 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let [icmp_type, c0, c1, invflags] = read_array::<4>(b, 0)?;
        Some(Self {
            icmp_type,
            code: [c0, c1],
            invflags,
        })
    }

    /// Encodes to the 4-byte wire form.
    pub fn encode(&self) -> [u8; IPT_ICMP_SIZE] {
        [self.icmp_type, self.code[0], self.code[1], self.invflags]
    }
}

/// `icmp_matchstruct` (`ip_tables.c`).
const REGS: &[Reg] = &[Reg {
    proto: proto::ICMP,
    ..Reg::match_(ExtId::Icmp, b"icmp", IPT_ICMP_SIZE)
}];

/// A validated `icmp` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Icmp(pub IptIcmp);

impl MatchDef for Icmp {
    const REGS: &'static [Reg] = REGS;

    /// `icmp_checkentry`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = IptIcmp::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if i.invflags & !IPT_ICMP_INV != 0 {
            return Err(Error::Inval(Reject::MatchInvFlags));
        }
        Ok(Icmp(i))
    }

    /// `icmp_match`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let i = &self.0;
        if pkt.frag_off != 0 {
            return MatchResult::No;
        }
        if pkt.l4.len() < 8 {
            return MatchResult::HotDrop;
        }
        let (Some(&ty), Some(&code)) = (pkt.l4.first(), pkt.l4.get(1)) else {
            return MatchResult::HotDrop;
        };
        let hit =
            i.icmp_type == 0xff || (ty == i.icmp_type && code >= i.code[0] && code <= i.code[1]);
        MatchResult::from_bool(hit ^ (i.invflags & IPT_ICMP_INV != 0))
    }
}
