// SPDX-License-Identifier: GPL-2.0

//! The `mac` match (`net/netfilter/xt_mac.c`, `struct xt_mac_info`): the Ethernet source
//! address of a packet received on an Ethernet device.

use super::super::abi::{put, read_array, read_i32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_mac_info)`: 6 address bytes, 2 bytes of padding, the `int`.
pub const XT_MAC_INFO_SIZE: usize = 12;
/// `ETH_ALEN`.
pub const ETH_ALEN: usize = 6;

/// `struct xt_mac_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtMacInfo {
    /// `srcaddr`.
    pub srcaddr: [u8; ETH_ALEN],
    /// Inverts the result (an `int` in C arithmetic, see [`Mac::run`]).
    pub invert: i32,
}

impl XtMacInfo {
    /// Decodes the first 12 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            srcaddr: read_array(b, 0)?,
            invert: read_i32(b, 8)?,
        })
    }

    /// Encodes to the 12-byte wire form.
    pub fn encode(&self) -> [u8; XT_MAC_INFO_SIZE] {
        let mut b = [0u8; XT_MAC_INFO_SIZE];
        put(&mut b, 0, &self.srcaddr);
        put(&mut b, 8, &self.invert.to_ne_bytes());
        b
    }
}

/// `mac_mt_reg`, the IPv4 entry: PREROUTING, INPUT and FORWARD only.
const REGS: &[Reg] = &[Reg {
    hooks: hook_bit(Hook::PreRouting) | hook_bit(Hook::LocalIn) | hook_bit(Hook::Forward),
    ..Reg::match_(ExtId::Mac, b"mac", XT_MAC_INFO_SIZE)
}];

/// A validated `mac` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mac(pub XtMacInfo);

impl MatchDef for Mac {
    const REGS: &'static [Reg] = REGS;

    /// No `checkentry` upstream (x_tables checks the hooks).
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtMacInfo::decode(payload)
            .map(Mac)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `mac_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let Some(src) = env.mac_source() else {
            return MatchResult::No;
        };
        // `ret = ether_addr_equal(...); ret ^= info->invert;`: an `int` stored in a `bool`.
        let eq = i32::from(src == self.0.srcaddr);
        MatchResult::from_bool(eq ^ self.0.invert != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::*;

    const A: [u8; 6] = [0x42, 1, 2, 3, 4, 5];

    fn load(invert: i32) -> Match {
        let mut p = [0u8; 16];
        p[..12].copy_from_slice(&XtMacInfo { srcaddr: A, invert }.encode());
        load_match(b"mac", 0, &p, &par(b"filter", FWD, 0))
            .unwrap()
            .0
    }

    fn from(mac: Option<[u8; 6]>) -> FakeEnv {
        FakeEnv {
            mac_source: mac,
            ..FakeEnv::default()
        }
    }

    #[test]
    fn layout() {
        let b = XtMacInfo {
            srcaddr: A,
            invert: 1,
        }
        .encode();
        assert_eq!(b, [0x42, 1, 2, 3, 4, 5, 0, 0, 1, 0, 0, 0]);
        assert_eq!(XtMacInfo::decode(&b).map(|i| i.invert), Some(1));
    }

    #[test]
    fn addresses() {
        let p = icmp_packet();
        assert!(match_hits(&load(0), &from(Some(A)), &p));
        assert!(!match_hits(
            &load(0),
            &from(Some([0x42, 1, 2, 3, 4, 6])),
            &p
        ));
        assert!(!match_hits(&load(1), &from(Some(A)), &p));
        assert!(match_hits(&load(1), &from(Some([0; 6])), &p));
        // `invert` is an int: 2 makes every Ethernet packet match.
        assert!(match_hits(&load(2), &from(Some(A)), &p));
        assert!(match_hits(&load(2), &from(Some([0; 6])), &p));
        // No Ethernet header (not ARPHRD_ETHER, no device, header not set or short): never,
        // even inverted.
        assert!(!match_hits(&load(0), &from(None), &p));
        assert!(!match_hits(&load(1), &from(None), &p));
    }

    #[test]
    fn hooks_and_sizes() {
        let p = [0u8; 16];
        for hooks in [PRE, IN, FWD, PRE | IN | FWD, 0] {
            assert!(load_match(b"mac", 0, &p, &par(b"mangle", hooks, 0)).is_ok());
        }
        for hooks in [OUT, POST, IN | OUT, FWD | POST] {
            assert_eq!(
                load_match(b"mac", 0, &p, &par(b"mangle", hooks, 0)),
                Err(Error::Inval(Reject::MatchHooks))
            );
        }
        assert_eq!(
            load_match(b"mac", 0, &p[..12], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"mac", 1, &p, &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
    }
}
