// SPDX-License-Identifier: GPL-2.0

//! The `connlimit` match (`net/netfilter/xt_connlimit.c`, `struct xt_connlimit_info`),
//! revision 1 (the only one the kernel registers, and the one iptables-legacy 1.8.9 sends).
//!
//! The counter (`nf_conncount_data`) is a kernel object the check allocates for the rule
//! (`nf_conncount_init`, [`LoadEnv::conncount_init`]) and the table frees with the rule
//! (`nf_conncount_destroy`); the match keeps its slot. The payload's `data` pointer is kernel
//! state past `.usersize` and is neither read nor shown.

use super::super::abi::read_u32;
use super::super::env::{Env, LoadEnv};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Needs, Reg};

/// `sizeof(struct xt_connlimit_info)`: `mask` (16), `limit`, `flags`, the `data` pointer
/// aligned to 8.
pub const XT_CONNLIMIT_INFO_SIZE: usize = 32;
/// `offsetof(struct xt_connlimit_info, data)` (`.usersize`, and libxt's `.userspacesize`).
pub const XT_CONNLIMIT_USERSIZE: usize = 24;
/// `XT_CONNLIMIT_INVERT`.
pub const XT_CONNLIMIT_INVERT: u32 = 1 << 0;
/// `XT_CONNLIMIT_DADDR`.
pub const XT_CONNLIMIT_DADDR: u32 = 1 << 1;
/// `connlimit_mt_check`'s key length for IPv4: `sizeof(u32) + sizeof(struct in_addr)`.
pub const CONNLIMIT_KEYLEN_V4: u32 = 8;

/// `connlimit_mt_reg[0]`: revision 1, `NFPROTO_IPV4`, `.usersize = offsetof(.., data)`.
const REGS: &[Reg] = &[Reg {
    revision: 1,
    usersize: XT_CONNLIMIT_USERSIZE,
    ..Reg::match_(ExtId::Connlimit, b"connlimit", XT_CONNLIMIT_INFO_SIZE)
}];

/// `struct xt_connlimit_info`, user-visible part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtConnlimitInfo {
    /// `mask`: the 16 bytes of `union nf_inet_addr` (IPv4 uses the first 4).
    pub mask: [u8; 16],
    /// `limit`.
    pub limit: u32,
    /// `flags`: [`XT_CONNLIMIT_INVERT`], [`XT_CONNLIMIT_DADDR`].
    pub flags: u32,
}

impl XtConnlimitInfo {
    /// Decodes a payload of at least [`XT_CONNLIMIT_USERSIZE`] bytes.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let mut mask = [0u8; 16];
        mask.copy_from_slice(b.get(..16)?);
        Some(Self {
            mask,
            limit: read_u32(b, 16)?,
            flags: read_u32(b, 20)?,
        })
    }

    /// The payload, `data` zero.
    pub fn encode(&self) -> [u8; XT_CONNLIMIT_INFO_SIZE] {
        let mut b = [0u8; XT_CONNLIMIT_INFO_SIZE];
        b[..16].copy_from_slice(&self.mask);
        b[16..20].copy_from_slice(&self.limit.to_ne_bytes());
        b[20..24].copy_from_slice(&self.flags.to_ne_bytes());
        b
    }

    /// The IPv4 mask, host order.
    pub fn v4_mask(&self) -> u32 {
        u32::from_be_bytes([self.mask[0], self.mask[1], self.mask[2], self.mask[3]])
    }
}

/// A validated `connlimit` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connlimit {
    /// The IPv4 mask, host order.
    pub mask: u32,
    /// `limit`.
    pub limit: u32,
    /// `flags`.
    pub flags: u32,
    /// The rule's counter ([`LoadEnv::conncount_init`]).
    pub slot: u32,
}

/// `nf_conncount_init` failed (`EINVAL` for a bad key length, `ENOMEM`).
pub const CONNCOUNT_INIT: Reject = Reject::Check("connlimit: nf_conncount_init");

impl MatchDef for Connlimit {
    const REGS: &'static [Reg] = REGS;

    /// `connlimit_mt_check`: the conntrack reference (`needs()`), then `nf_conncount_init`,
    /// whose error is the check's.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtConnlimitInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let load: &dyn LoadEnv = par.load;
        let slot = load.conncount_init(CONNLIMIT_KEYLEN_V4)?;
        Ok(Connlimit {
            mask: i.v4_mask(),
            limit: i.limit,
            flags: i.flags,
            slot,
        })
    }

    /// `connlimit_mt`, IPv4: key `{ addr & mask, zone->id }`, hotdrop when the count is 0.
    fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let addr = if self.flags & XT_CONNLIMIT_DADDR != 0 {
            pkt.daddr
        } else {
            pkt.saddr
        };
        let connections = env.conncount(self.slot, addr & self.mask);
        if connections == 0 {
            return MatchResult::HotDrop;
        }
        MatchResult::from_bool((connections > self.limit) ^ (self.flags & XT_CONNLIMIT_INVERT != 0))
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::super::MatchResult;
    use super::*;

    fn info(limit: u32, flags: u32, plen: u32) -> Vec<u8> {
        let m = if plen == 0 {
            0
        } else {
            u32::MAX << (32 - plen)
        };
        let mut mask = [0u8; 16];
        mask[..4].copy_from_slice(&m.to_be_bytes());
        XtConnlimitInfo { mask, limit, flags }.encode().to_vec()
    }

    #[test]
    fn payload_roundtrip() {
        let b = info(7, 3, 24);
        let i = XtConnlimitInfo::decode(&b).unwrap();
        assert_eq!((i.limit, i.flags, i.v4_mask()), (7, 3, 0xffff_ff00));
        assert_eq!(i.encode().to_vec(), b);
        assert!(XtConnlimitInfo::decode(&b[..23]).is_none());
    }

    #[test]
    fn revisions_and_size() {
        let par = filter_input();
        assert!(load_match(b"connlimit", 1, &info(1, 0, 32), &par).is_ok());
        // Revision 0 is not registered; an NFPROTO_IPV4 match's lookup falls back to
        // NFPROTO_UNSPEC, which answers ENOENT.
        assert_eq!(
            load_match(b"connlimit", 0, &info(1, 0, 32), &par)
                .unwrap_err()
                .errno(),
            2
        );
        assert_eq!(
            load_match(b"connlimit", 1, &info(1, 0, 32)[..24], &par)
                .unwrap_err()
                .errno(),
            22
        );
    }

    fn run(payload: &[u8], count: u32) -> (MatchResult, Option<(u32, u32)>) {
        let (m, _) = load_match(b"connlimit", 1, payload, &filter_input()).unwrap();
        let mut env = FakeEnv {
            conncount: count,
            ..FakeEnv::default()
        };
        let r = m.run(&icmp_packet(), &mut env);
        (r, env.conncount_asked)
    }

    #[test]
    fn above_upto_and_keys() {
        let src = u32::from_be_bytes([10, 0, 0, 1]);
        let dst = u32::from_be_bytes([192, 168, 1, 2]);
        // --connlimit-above 2: more than 2 connections.
        assert_eq!(run(&info(2, 0, 32), 2), (MatchResult::No, Some((0, src))));
        assert_eq!(run(&info(2, 0, 32), 3).0, MatchResult::Yes);
        // --connlimit-upto 2 (INVERT): 0..2.
        assert_eq!(run(&info(2, 1, 32), 2).0, MatchResult::Yes);
        assert_eq!(run(&info(2, 1, 32), 3).0, MatchResult::No);
        // The key is the masked address, source or destination.
        assert_eq!(run(&info(2, 0, 24), 1).1, Some((0, src & 0xffff_ff00)));
        assert_eq!(run(&info(2, 2, 16), 1).1, Some((0, dst & 0xffff_0000)));
        assert_eq!(run(&info(2, 2, 0), 1).1, Some((0, 0)));
        // 0 connections is nf_conncount's error: hotdrop, whatever the flags.
        assert_eq!(run(&info(2, 0, 32), 0).0, MatchResult::HotDrop);
        assert_eq!(run(&info(2, 1, 32), 0).0, MatchResult::HotDrop);
    }
}
