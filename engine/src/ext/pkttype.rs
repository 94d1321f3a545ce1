// SPDX-License-Identifier: GPL-2.0

//! The `pkttype` match (`net/netfilter/xt_pkttype.c`, `struct xt_pkttype_info`): the link-layer
//! packet type (`skb->pkt_type`); a looped-back packet counts as multicast or broadcast by its
//! destination address.

use super::super::abi::{put, read_i32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_pkttype_info)`.
pub const XT_PKTTYPE_INFO_SIZE: usize = 8;

/// `PACKET_*` (`include/uapi/linux/if_packet.h`).
pub mod packet {
    /// `PACKET_HOST`.
    pub const HOST: u8 = 0;
    /// `PACKET_BROADCAST`.
    pub const BROADCAST: u8 = 1;
    /// `PACKET_MULTICAST`.
    pub const MULTICAST: u8 = 2;
    /// `PACKET_OTHERHOST`.
    pub const OTHERHOST: u8 = 3;
    /// `PACKET_OUTGOING`.
    pub const OUTGOING: u8 = 4;
    /// `PACKET_LOOPBACK`.
    pub const LOOPBACK: u8 = 5;
}

/// `struct xt_pkttype_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtPkttypeInfo {
    /// The packet type to match (`int`: values outside 0..=255 never equal a packet's).
    pub pkttype: i32,
    /// Inverts the result (an `int` in C arithmetic, see [`Pkttype::run`]).
    pub invert: i32,
}

impl XtPkttypeInfo {
    /// Decodes the first 8 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            pkttype: read_i32(b, 0)?,
            invert: read_i32(b, 4)?,
        })
    }

    /// Encodes to the 8-byte wire form.
    pub fn encode(&self) -> [u8; XT_PKTTYPE_INFO_SIZE] {
        let mut b = [0u8; XT_PKTTYPE_INFO_SIZE];
        put(&mut b, 0, &self.pkttype.to_ne_bytes());
        put(&mut b, 4, &self.invert.to_ne_bytes());
        b
    }
}

/// `pkttype_mt_reg`: `NFPROTO_UNSPEC`, no `checkentry`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    ..Reg::match_(ExtId::Pkttype, b"pkttype", XT_PKTTYPE_INFO_SIZE)
}];

/// A validated `pkttype` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pkttype(pub XtPkttypeInfo);

/// `ipv4_is_multicast` on a host-order address.
const fn ipv4_is_multicast(addr: u32) -> bool {
    addr & 0xf000_0000 == 0xe000_0000
}

impl MatchDef for Pkttype {
    const REGS: &'static [Reg] = REGS;

    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtPkttypeInfo::decode(payload)
            .map(Pkttype)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `pkttype_mt` for `NFPROTO_IPV4`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let t = env.pkt_type();
        let t = if t != packet::LOOPBACK {
            t
        } else if ipv4_is_multicast(pkt.daddr) {
            packet::MULTICAST
        } else {
            packet::BROADCAST
        };
        // `(type == info->pkttype) ^ info->invert`: an `int` read as a `bool`.
        let eq = i32::from(i32::from(t) == self.0.pkttype);
        MatchResult::from_bool(eq ^ self.0.invert != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::packet::*;
    use super::*;

    fn load(pkttype: i32, invert: i32) -> Match {
        load_match(
            b"pkttype",
            0,
            &XtPkttypeInfo { pkttype, invert }.encode(),
            &par(b"raw", PRE | OUT, 0),
        )
        .unwrap()
        .0
    }

    fn env(t: u8) -> FakeEnv {
        FakeEnv {
            pkt_type: t,
            ..FakeEnv::default()
        }
    }

    fn to(daddr: [u8; 4]) -> Packet<'static> {
        Packet {
            daddr: u32::from_be_bytes(daddr),
            ..icmp_packet()
        }
    }

    #[test]
    fn types() {
        let p = icmp_packet();
        assert!(match_hits(&load(0, 0), &env(HOST), &p));
        assert!(!match_hits(&load(0, 0), &env(BROADCAST), &p));
        assert!(match_hits(&load(1, 0), &env(BROADCAST), &p));
        assert!(match_hits(&load(2, 0), &env(MULTICAST), &p));
        assert!(match_hits(&load(3, 0), &env(OTHERHOST), &p));
        assert!(match_hits(&load(4, 0), &env(OUTGOING), &p));
        assert!(!match_hits(&load(2, 1), &env(MULTICAST), &p));
        assert!(match_hits(&load(2, 1), &env(HOST), &p));
        // `invert` is an int: 2 makes every packet match, -1 inverts.
        assert!(match_hits(&load(2, 2), &env(MULTICAST), &p));
        assert!(match_hits(&load(2, 2), &env(HOST), &p));
        assert!(match_hits(&load(2, -1), &env(HOST), &p));
        // A type no packet has.
        assert!(!match_hits(&load(256, 0), &env(HOST), &p));
        assert!(!match_hits(&load(-1, 0), &env(HOST), &p));
    }

    #[test]
    fn loopback_by_destination() {
        let lo = env(LOOPBACK);
        assert!(match_hits(&load(2, 0), &lo, &to([224, 0, 0, 1])));
        assert!(match_hits(&load(2, 0), &lo, &to([239, 255, 255, 255])));
        assert!(!match_hits(&load(1, 0), &lo, &to([224, 0, 0, 1])));
        assert!(match_hits(&load(1, 0), &lo, &to([127, 0, 0, 1])));
        assert!(match_hits(&load(1, 0), &lo, &to([240, 0, 0, 1])));
        assert!(!match_hits(&load(5, 0), &lo, &to([127, 0, 0, 1])));
        assert!(!match_hits(&load(0, 0), &lo, &to([127, 0, 0, 1])));
    }

    #[test]
    fn checks() {
        let (m, view) = load_match(b"pkttype", 0, &[0; 8], &par(b"nat", 0x1f, 17)).unwrap();
        assert_eq!(m, Match::Pkttype(Pkttype(XtPkttypeInfo::default())));
        assert_eq!(view.used, 8);
        assert_eq!(
            load_match(b"pkttype", 0, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        // Family-independent: another revision is EPROTOTYPE.
        assert_eq!(
            load_match(b"pkttype", 1, &[0; 8], &filter_input()),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
    }
}
