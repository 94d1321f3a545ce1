// SPDX-License-Identifier: GPL-2.0

//! The `iprange` match (`net/netfilter/xt_iprange.c`), revision 1 (`struct
//! xt_iprange_mtinfo`, the only revision the kernel registers): the source and/or destination
//! address within an inclusive range.

use super::super::abi::put;
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_iprange_mtinfo)`: four `union nf_inet_addr` and the flags byte, padded to
/// the union's alignment of 4.
pub const XT_IPRANGE_MTINFO_SIZE: usize = 68;

/// The `IPRANGE_*` flags.
pub mod range_flags {
    /// `IPRANGE_SRC`.
    pub const SRC: u8 = 1 << 0;
    /// `IPRANGE_DST`.
    pub const DST: u8 = 1 << 1;
    /// `IPRANGE_SRC_INV`.
    pub const SRC_INV: u8 = 1 << 4;
    /// `IPRANGE_DST_INV`.
    pub const DST_INV: u8 = 1 << 5;
}

/// Offset of `flags`.
const FLAGS: usize = 64;

/// `struct xt_iprange_mtinfo`, the IPv4 view: each `union nf_inet_addr` holds the address in
/// its first 4 bytes (`.ip`); the other 12 are kept as they came (the IPv4 match never reads
/// them, and `IPT_SO_GET_ENTRIES` hands them back).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtIprangeMtinfo {
    /// `src_min`, `src_max`, `dst_min`, `dst_max`, the whole 16-byte unions (network order).
    pub addrs: [[u8; 16]; 4],
    /// [`range_flags`].
    pub flags: u8,
}

impl XtIprangeMtinfo {
    /// An IPv4 payload: the four addresses (network order) and the flags.
    pub fn ipv4(src: [[u8; 4]; 2], dst: [[u8; 4]; 2], flags: u8) -> Self {
        let mut m = XtIprangeMtinfo {
            flags,
            ..XtIprangeMtinfo::default()
        };
        for (slot, a) in m.addrs.iter_mut().zip([src[0], src[1], dst[0], dst[1]]) {
            slot[..4].copy_from_slice(&a);
        }
        m
    }

    /// The IPv4 address (`.ip`) of union `i` (0 `src_min` to 3 `dst_max`).
    pub fn ip(&self, i: usize) -> [u8; 4] {
        let mut a = [0u8; 4];
        if let Some(u) = self.addrs.get(i) {
            a.copy_from_slice(&u[..4]);
        }
        a
    }

    /// Decodes the first 68 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let mut m = XtIprangeMtinfo {
            flags: *b.get(FLAGS)?,
            ..XtIprangeMtinfo::default()
        };
        for (i, slot) in m.addrs.iter_mut().enumerate() {
            // NO-OVERFLOW: i < 4.
            *slot = super::super::abi::read_array(b, 16 * i)?;
        }
        b.get(..XT_IPRANGE_MTINFO_SIZE)?;
        Some(m)
    }

    /// Encodes to the 68-byte wire form.
    pub fn encode(&self) -> [u8; XT_IPRANGE_MTINFO_SIZE] {
        let mut b = [0u8; XT_IPRANGE_MTINFO_SIZE];
        for (i, a) in self.addrs.iter().enumerate() {
            put(&mut b, 16 * i, a);
        }
        b[FLAGS] = self.flags;
        b
    }
}

/// `iprange_mt_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    revision: 1,
    ..Reg::match_(ExtId::Iprange, b"iprange", XT_IPRANGE_MTINFO_SIZE)
}];

/// A validated `iprange` match: the ranges in host order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Iprange {
    /// `src_min`, `src_max` (host order).
    pub src: [u32; 2],
    /// `dst_min`, `dst_max` (host order).
    pub dst: [u32; 2],
    /// [`range_flags`].
    pub flags: u8,
}

impl MatchDef for Iprange {
    const REGS: &'static [Reg] = REGS;

    /// No `checkentry` upstream.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let m = XtIprangeMtinfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let h = |i: usize| u32::from_be_bytes(m.ip(i));
        Ok(Iprange {
            src: [h(0), h(1)],
            dst: [h(2), h(3)],
            flags: m.flags,
        })
    }

    /// `iprange_mt4`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let outside = |a: u32, r: [u32; 2], inv: bool| (a < r[0] || a > r[1]) ^ inv;
        if self.flags & range_flags::SRC != 0
            && outside(pkt.saddr, self.src, self.flags & range_flags::SRC_INV != 0)
        {
            return MatchResult::No;
        }
        if self.flags & range_flags::DST != 0
            && outside(pkt.daddr, self.dst, self.flags & range_flags::DST_INV != 0)
        {
            return MatchResult::No;
        }
        MatchResult::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::range_flags::*;
    use super::*;

    fn load(m: &XtIprangeMtinfo) -> Match {
        let mut p = [0u8; 72];
        p[..XT_IPRANGE_MTINFO_SIZE].copy_from_slice(&m.encode());
        load_match(b"iprange", 1, &p, &filter_input()).unwrap().0
    }

    fn from_to(s: [u8; 4], d: [u8; 4]) -> Packet<'static> {
        Packet {
            saddr: u32::from_be_bytes(s),
            daddr: u32::from_be_bytes(d),
            ..icmp_packet()
        }
    }

    #[test]
    fn layout() {
        let m = XtIprangeMtinfo::ipv4(
            [[1, 1, 1, 1], [1, 1, 1, 10]],
            [[2, 2, 2, 2], [2, 2, 2, 3]],
            SRC | DST_INV,
        );
        let b = m.encode();
        assert_eq!(&b[..4], &[1, 1, 1, 1]);
        assert_eq!(&b[16..20], &[1, 1, 1, 10]);
        assert_eq!(&b[32..36], &[2, 2, 2, 2]);
        assert_eq!(&b[48..52], &[2, 2, 2, 3]);
        assert_eq!(b[64], SRC | DST_INV);
        assert_eq!(XtIprangeMtinfo::decode(&b), Some(m));
        assert_eq!(XtIprangeMtinfo::decode(&b[..67]), None);
    }

    #[test]
    fn ranges() {
        let env = FakeEnv::default();
        let m = load(&XtIprangeMtinfo::ipv4(
            [[10, 0, 0, 1], [10, 0, 0, 10]],
            [[0; 4]; 2],
            SRC,
        ));
        assert!(match_hits(&m, &env, &from_to([10, 0, 0, 1], [9; 4])));
        assert!(match_hits(&m, &env, &from_to([10, 0, 0, 10], [9; 4])));
        assert!(!match_hits(&m, &env, &from_to([10, 0, 0, 11], [9; 4])));
        assert!(!match_hits(&m, &env, &from_to([10, 0, 0, 0], [9; 4])));
        // Compared as numbers, not byte by byte.
        let m = load(&XtIprangeMtinfo::ipv4(
            [[0; 4]; 2],
            [[10, 0, 0, 250], [10, 0, 1, 5]],
            DST,
        ));
        assert!(match_hits(&m, &env, &from_to([0; 4], [10, 0, 0, 255])));
        assert!(match_hits(&m, &env, &from_to([0; 4], [10, 0, 1, 0])));
        assert!(!match_hits(&m, &env, &from_to([0; 4], [10, 0, 1, 6])));
        // Inverted destination, plain source: both must hold.
        let m = load(&XtIprangeMtinfo::ipv4(
            [[10, 0, 0, 1], [10, 0, 0, 10]],
            [[192, 168, 0, 0], [192, 168, 255, 255]],
            SRC | DST | DST_INV,
        ));
        assert!(match_hits(&m, &env, &from_to([10, 0, 0, 5], [8, 8, 8, 8])));
        assert!(!match_hits(
            &m,
            &env,
            &from_to([10, 0, 0, 5], [192, 168, 1, 1])
        ));
        assert!(!match_hits(
            &m,
            &env,
            &from_to([10, 0, 0, 50], [8, 8, 8, 8])
        ));
        // A reversed range never matches, and always does inverted.
        let m = load(&XtIprangeMtinfo::ipv4(
            [[10, 0, 0, 9], [10, 0, 0, 1]],
            [[0; 4]; 2],
            SRC,
        ));
        assert!(!match_hits(&m, &env, &from_to([10, 0, 0, 5], [0; 4])));
        let m = load(&XtIprangeMtinfo::ipv4(
            [[10, 0, 0, 9], [10, 0, 0, 1]],
            [[0; 4]; 2],
            SRC | SRC_INV,
        ));
        assert!(match_hits(&m, &env, &from_to([10, 0, 0, 5], [0; 4])));
        // No range flag: the inversion bits alone do nothing, everything matches.
        let m = load(&XtIprangeMtinfo::ipv4(
            [[1; 4]; 2],
            [[1; 4]; 2],
            SRC_INV | DST_INV | 0x0c,
        ));
        assert!(match_hits(&m, &env, &from_to([9; 4], [9; 4])));
    }

    #[test]
    fn checks() {
        let p = [0u8; 72];
        let (m, view) = load_match(b"iprange", 1, &p, &par(b"mangle", 0x1f, 0)).unwrap();
        assert_eq!(
            m,
            Match::Iprange(Iprange {
                src: [0, 0],
                dst: [0, 0],
                flags: 0
            })
        );
        assert_eq!(view.used, XT_IPRANGE_MTINFO_SIZE);
        assert_eq!(
            load_match(b"iprange", 1, &p[..68], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"iprange", 0, &[0; 24], &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
    }
}
