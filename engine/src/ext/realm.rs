// SPDX-License-Identifier: GPL-2.0

//! The `realm` match (`net/netfilter/xt_realm.c`, `struct xt_realm_info`), revision 0: the
//! routing realm of the packet's route (`skb_dst(skb)->tclassid`, set with `ip route ...
//! realm N`) under a mask.

use super::super::abi::{put, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_realm_info)`: `id`, `mask`, `invert` and 3 bytes of padding.
pub const XT_REALM_INFO_SIZE: usize = 12;

/// `struct xt_realm_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtRealmInfo {
    /// The realm, compared with `tclassid & mask`.
    pub id: u32,
    /// The bits of `tclassid` compared.
    pub mask: u32,
    /// `! --realm`: any non-zero value inverts.
    pub invert: u8,
}

impl XtRealmInfo {
    /// Decodes the first 12 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        if b.len() < XT_REALM_INFO_SIZE {
            return None;
        }
        Some(Self {
            id: read_u32(b, 0)?,
            mask: read_u32(b, 4)?,
            invert: *b.get(8)?,
        })
    }

    /// Encodes to the 12-byte wire form (padding zero).
    pub fn encode(&self) -> [u8; XT_REALM_INFO_SIZE] {
        let mut b = [0u8; XT_REALM_INFO_SIZE];
        put(&mut b, 0, &self.id.to_ne_bytes());
        put(&mut b, 4, &self.mask.to_ne_bytes());
        b[8] = self.invert;
        b
    }
}

/// `realm_mt_reg`: `NFPROTO_IPV4`, `.hooks` `POST_ROUTING`, `FORWARD`, `LOCAL_OUT`, `LOCAL_IN`
/// (the hooks after the routing decision).
const REGS: &[Reg] = &[Reg {
    hooks: hook_bit(Hook::PostRouting)
        | hook_bit(Hook::Forward)
        | hook_bit(Hook::LocalOut)
        | hook_bit(Hook::LocalIn),
    ..Reg::match_(ExtId::Realm, b"realm", XT_REALM_INFO_SIZE)
}];

/// A validated `realm` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Realm(pub XtRealmInfo);

impl MatchDef for Realm {
    const REGS: &'static [Reg] = REGS;

    /// No `checkentry` upstream: x_tables' size and hook checks only.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtRealmInfo::decode(payload)
            .map(Realm)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `realm_mt`: `(id == (dst->tclassid & mask)) ^ invert`. Upstream dereferences the route
    /// unchecked (every hook allowed has one); without a route the realm reads as 0 here.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let i = &self.0;
        let tclassid = env.dst_tclassid().unwrap_or(0);
        MatchResult::from_bool((i.id == tclassid & i.mask) ^ (i.invert != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn payload(id: u32, mask: u32, invert: u8) -> [u8; 16] {
        let mut p = [0u8; 16];
        p[..12].copy_from_slice(&XtRealmInfo { id, mask, invert }.encode());
        p
    }

    fn hit(p: &[u8; 16], tclassid: Option<u32>) -> bool {
        let m = load_match(b"realm", 0, p, &par(b"filter", FWD, 0))
            .unwrap()
            .0;
        let env = FakeEnv {
            tclassid,
            ..FakeEnv::default()
        };
        match_hits(&m, &env, &icmp_packet())
    }

    #[test]
    fn layout() {
        let b = payload(0x2a, 0xff, 1);
        assert_eq!(&b[..4], &0x2au32.to_ne_bytes());
        assert_eq!(&b[4..8], &0xffu32.to_ne_bytes());
        assert_eq!(b[8], 1);
        assert_eq!(
            XtRealmInfo::decode(&b),
            Some(XtRealmInfo {
                id: 0x2a,
                mask: 0xff,
                invert: 1
            })
        );
        assert_eq!(XtRealmInfo::decode(&b[..11]), None);
    }

    #[test]
    fn checks() {
        // The hooks after routing, in any table.
        for (t, hooks) in [
            (&b"filter"[..], IN | FWD | OUT),
            (b"mangle", POST),
            (b"nat", OUT | POST),
            (b"raw", OUT),
            (b"mangle", 0),
        ] {
            assert!(
                load_match(b"realm", 0, &payload(1, 1, 0), &par(t, hooks, 0)).is_ok(),
                "{hooks:#x}"
            );
        }
        for (t, hooks) in [(&b"mangle"[..], PRE), (b"raw", PRE | OUT), (b"nat", PRE)] {
            assert_eq!(
                load_match(b"realm", 0, &payload(1, 1, 0), &par(t, hooks, 0)).err(),
                Some(Error::Inval(Reject::MatchHooks)),
                "{hooks:#x}"
            );
        }
        for len in [0, 12, 20] {
            assert_eq!(
                load_match(b"realm", 0, &vec![0; len], &filter_input()).err(),
                Some(Error::Inval(Reject::MatchPayloadSize))
            );
        }
        // An IPv4-only registration: a wrong revision is ENOENT (no NFPROTO_UNSPEC fallback).
        assert_eq!(
            load_match(b"realm", 1, &payload(1, 1, 0), &filter_input()).err(),
            Some(Error::NoEnt(Reject::MatchRevision))
        );
        // Any invert byte and padding are taken.
        let mut p = [0xff; 16];
        p[..8].copy_from_slice(&[0; 8]);
        assert!(load_match(b"realm", 0, &p, &filter_input()).is_ok());
    }

    #[test]
    fn realms_under_masks() {
        assert!(hit(&payload(0x2a, u32::MAX, 0), Some(0x2a)));
        assert!(!hit(&payload(0x2a, u32::MAX, 0), Some(0x2b)));
        assert!(!hit(&payload(0x2a, u32::MAX, 0), Some(0x1_002a)));
        assert!(hit(&payload(0x2a, u32::MAX, 1), Some(0x2b)));
        assert!(!hit(&payload(0x2a, u32::MAX, 7), Some(0x2a)));
        // 0x1/0x2a: the bits 0x2a of tclassid must read 0x1, which they never can.
        for t in [0, 1, 0x2a, 0x2b, u32::MAX] {
            assert!(!hit(&payload(1, 0x2a, 0), Some(t)));
            assert!(hit(&payload(1, 0x2a, 1), Some(t)));
        }
        // Source realm in the upper 16 bits, destination in the lower.
        assert!(hit(&payload(0x5_0000, 0xffff_0000, 0), Some(0x5_0007)));
        assert!(hit(&payload(7, 0xffff, 0), Some(0x5_0007)));
        // Mask 0: every route with id 0.
        assert!(hit(&payload(0, 0, 0), Some(12345)));
        assert!(!hit(&payload(1, 0, 0), Some(12345)));
        // No route: realm 0.
        assert!(hit(&payload(0, u32::MAX, 0), None));
        assert!(!hit(&payload(1, u32::MAX, 0), None));
    }
}
