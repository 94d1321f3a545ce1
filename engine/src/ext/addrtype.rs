// SPDX-License-Identifier: GPL-2.0

//! The `addrtype` match (`net/netfilter/xt_addrtype.c`), revisions 0 and 1: the route type of
//! the packet's source and destination address (`inet_dev_addr_type`), optionally looked up in
//! the input or output device's table only.

use super::super::abi::{put, read_u16, read_u32};
use super::super::env::{DevSel, Env};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_addrtype_info)` (revision 0).
pub const XT_ADDRTYPE_INFO_SIZE: usize = 12;
/// `sizeof(struct xt_addrtype_info_v1)` (revision 1).
pub const XT_ADDRTYPE_INFO_V1_SIZE: usize = 8;

/// The `XT_ADDRTYPE_*` type bits: bit `n` is route type `n` (`RTN_*`).
pub mod types {
    /// `XT_ADDRTYPE_UNSPEC`.
    pub const UNSPEC: u16 = 1 << 0;
    /// `XT_ADDRTYPE_UNICAST`.
    pub const UNICAST: u16 = 1 << 1;
    /// `XT_ADDRTYPE_LOCAL`.
    pub const LOCAL: u16 = 1 << 2;
    /// `XT_ADDRTYPE_BROADCAST`.
    pub const BROADCAST: u16 = 1 << 3;
    /// `XT_ADDRTYPE_ANYCAST`.
    pub const ANYCAST: u16 = 1 << 4;
    /// `XT_ADDRTYPE_MULTICAST`.
    pub const MULTICAST: u16 = 1 << 5;
    /// `XT_ADDRTYPE_BLACKHOLE`.
    pub const BLACKHOLE: u16 = 1 << 6;
    /// `XT_ADDRTYPE_UNREACHABLE`.
    pub const UNREACHABLE: u16 = 1 << 7;
    /// `XT_ADDRTYPE_PROHIBIT`.
    pub const PROHIBIT: u16 = 1 << 8;
    /// `XT_ADDRTYPE_THROW`.
    pub const THROW: u16 = 1 << 9;
    /// `XT_ADDRTYPE_NAT`.
    pub const NAT: u16 = 1 << 10;
    /// `XT_ADDRTYPE_XRESOLVE`.
    pub const XRESOLVE: u16 = 1 << 11;
}

/// `XT_ADDRTYPE_*` flags of revision 1.
pub mod flags {
    /// `XT_ADDRTYPE_INVERT_SOURCE`.
    pub const INVERT_SOURCE: u32 = 0x0001;
    /// `XT_ADDRTYPE_INVERT_DEST`.
    pub const INVERT_DEST: u32 = 0x0002;
    /// `XT_ADDRTYPE_LIMIT_IFACE_IN`.
    pub const LIMIT_IFACE_IN: u32 = 0x0004;
    /// `XT_ADDRTYPE_LIMIT_IFACE_OUT`.
    pub const LIMIT_IFACE_OUT: u32 = 0x0008;
}

/// `struct xt_addrtype_info` (revision 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtAddrtypeInfo {
    /// Source types ([`types`]), 0 for no source test.
    pub source: u16,
    /// Destination types, 0 for no destination test.
    pub dest: u16,
    /// Inverts the source test (only its lowest bit counts, as upstream's `^` on a `bool`).
    pub invert_source: u32,
    /// Inverts the destination test (lowest bit only).
    pub invert_dest: u32,
}

impl XtAddrtypeInfo {
    /// Decodes the first 12 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            source: read_u16(b, 0)?,
            dest: read_u16(b, 2)?,
            invert_source: read_u32(b, 4)?,
            invert_dest: read_u32(b, 8)?,
        })
    }

    /// Encodes to the 12-byte wire form.
    pub fn encode(&self) -> [u8; XT_ADDRTYPE_INFO_SIZE] {
        let mut b = [0u8; XT_ADDRTYPE_INFO_SIZE];
        put(&mut b, 0, &self.source.to_ne_bytes());
        put(&mut b, 2, &self.dest.to_ne_bytes());
        put(&mut b, 4, &self.invert_source.to_ne_bytes());
        put(&mut b, 8, &self.invert_dest.to_ne_bytes());
        b
    }
}

/// `struct xt_addrtype_info_v1` (revision 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtAddrtypeInfoV1 {
    /// Source types ([`types`]), 0 for no source test.
    pub source: u16,
    /// Destination types, 0 for no destination test.
    pub dest: u16,
    /// [`flags`].
    pub flags: u32,
}

impl XtAddrtypeInfoV1 {
    /// Decodes the first 8 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            source: read_u16(b, 0)?,
            dest: read_u16(b, 2)?,
            flags: read_u32(b, 4)?,
        })
    }

    /// Encodes to the 8-byte wire form.
    pub fn encode(&self) -> [u8; XT_ADDRTYPE_INFO_V1_SIZE] {
        let mut b = [0u8; XT_ADDRTYPE_INFO_V1_SIZE];
        put(&mut b, 0, &self.source.to_ne_bytes());
        put(&mut b, 2, &self.dest.to_ne_bytes());
        put(&mut b, 4, &self.flags.to_ne_bytes());
        b
    }
}

/// `addrtype_mt_reg`, the IPv4 entries.
const REGS: &[Reg] = &[
    Reg::match_(ExtId::Addrtype, b"addrtype", XT_ADDRTYPE_INFO_SIZE),
    Reg {
        revision: 1,
        ..Reg::match_(ExtId::Addrtype, b"addrtype", XT_ADDRTYPE_INFO_V1_SIZE)
    },
];

/// `addrtype_mt_check_hooks`: `--limit-iface-out` from PREROUTING or INPUT.
pub const BAD_IFACE_OUT: Reject =
    Reject::Check("addrtype: output interface limitation in PREROUTING or INPUT");
/// `addrtype_mt_check_hooks`: `--limit-iface-in` from POSTROUTING or OUTPUT.
pub const BAD_IFACE_IN: Reject =
    Reject::Check("addrtype: input interface limitation in POSTROUTING or OUTPUT");
/// `addrtype_mt_checkentry_v1`: both interface limitations.
pub const BOTH_IFACES: Reject =
    Reject::Check("addrtype: both incoming and outgoing interface limitation");

/// A validated `addrtype` match, in the shape of revision 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addrtype {
    /// Source types, 0 for no test.
    pub source: u16,
    /// Destination types, 0 for no test.
    pub dest: u16,
    /// Whether the source test is inverted.
    pub invert_source: bool,
    /// Whether the destination test is inverted.
    pub invert_dest: bool,
    /// The device the lookups are limited to.
    pub dev: DevSel,
    /// Revision 0 tests the destination even when the source test failed (no short cut);
    /// the result is the same, this only records which function upstream runs.
    pub revision: u8,
}

/// `match_type`: whether `addr`'s route type is one of `mask`.
fn match_type<E: Env>(env: &E, dev: DevSel, addr: u32, mask: u16) -> bool {
    let t = env.addr_type(addr, dev);
    // `1 << type` for a type beyond the mask's 16 bits tests nothing.
    t < 16 && u32::from(mask) & (1u32 << t) != 0
}

impl MatchDef for Addrtype {
    const REGS: &'static [Reg] = REGS;

    /// Revision 0 has no checks; revision 1 `addrtype_mt_check_hooks`, then
    /// `addrtype_mt_checkentry_v1`.
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let bad = Error::Inval(Reject::MatchPayloadSize);
        if reg.revision == 0 {
            let i = XtAddrtypeInfo::decode(payload).ok_or(bad)?;
            return Ok(Addrtype {
                source: i.source,
                dest: i.dest,
                // `bool ^ u32` folded into a `bool`: only the lowest bit inverts.
                invert_source: i.invert_source & 1 != 0,
                invert_dest: i.invert_dest & 1 != 0,
                dev: DevSel::Any,
                revision: 0,
            });
        }
        let i = XtAddrtypeInfoV1::decode(payload).ok_or(bad)?;
        let early = hook_bit(Hook::PreRouting) | hook_bit(Hook::LocalIn);
        let late = hook_bit(Hook::PostRouting) | hook_bit(Hook::LocalOut);
        if par.hook_mask & early != 0 && i.flags & flags::LIMIT_IFACE_OUT != 0 {
            return Err(Error::Inval(BAD_IFACE_OUT));
        }
        if par.hook_mask & late != 0 && i.flags & flags::LIMIT_IFACE_IN != 0 {
            return Err(Error::Inval(BAD_IFACE_IN));
        }
        if i.flags & flags::LIMIT_IFACE_IN != 0 && i.flags & flags::LIMIT_IFACE_OUT != 0 {
            return Err(Error::Inval(BOTH_IFACES));
        }
        let dev = if i.flags & flags::LIMIT_IFACE_IN != 0 {
            DevSel::In
        } else if i.flags & flags::LIMIT_IFACE_OUT != 0 {
            DevSel::Out
        } else {
            DevSel::Any
        };
        Ok(Addrtype {
            source: i.source,
            dest: i.dest,
            invert_source: i.flags & flags::INVERT_SOURCE != 0,
            invert_dest: i.flags & flags::INVERT_DEST != 0,
            dev,
            revision: 1,
        })
    }

    /// `addrtype_mt_v0` / `addrtype_mt_v1`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let mut ret = true;
        if self.source != 0 {
            ret &= match_type(env, self.dev, pkt.saddr, self.source) ^ self.invert_source;
        }
        if ret && self.dest != 0 {
            ret &= match_type(env, self.dev, pkt.daddr, self.dest) ^ self.invert_dest;
        }
        MatchResult::from_bool(ret)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;

    /// Route types by address in the fake: 10.0.0.1 LOCAL (2), 10.0.0.255 BROADCAST (3),
    /// 224.0.0.1 MULTICAST (5), the rest UNICAST (1); with a device given, 10.0.0.1 is
    /// LOCAL only on the input side.
    fn env() -> FakeEnv {
        FakeEnv {
            addr_types: vec![
                (0x0a00_0001, DevSel::Any, 2),
                (0x0a00_0001, DevSel::In, 2),
                (0x0a00_0001, DevSel::Out, 1),
                (0x0a00_00ff, DevSel::Any, 3),
                (0xe000_0001, DevSel::Any, 5),
            ],
            ..FakeEnv::default()
        }
    }

    fn v1(source: u16, dest: u16, f: u32) -> [u8; 8] {
        XtAddrtypeInfoV1 {
            source,
            dest,
            flags: f,
        }
        .encode()
    }

    fn pkt_to(saddr: u32, daddr: u32) -> Packet<'static> {
        Packet {
            saddr,
            daddr,
            ..icmp_packet()
        }
    }

    #[test]
    fn revision_1_types_inversions_and_devices() {
        let par = filter_input();
        let load = |p: &[u8]| load_match(b"addrtype", 1, p, &par).unwrap().0;
        let m = load(&v1(0, types::LOCAL, 0));
        assert!(match_hits(&m, &env(), &pkt_to(0x0b00_0001, 0x0a00_0001)));
        assert!(!match_hits(&m, &env(), &pkt_to(0x0a00_0001, 0x0b00_0001)));
        let m = load(&v1(0, types::LOCAL, flags::INVERT_DEST));
        assert!(match_hits(&m, &env(), &pkt_to(0x0a00_0001, 0x0b00_0001)));
        let m = load(&v1(types::UNICAST, types::BROADCAST | types::MULTICAST, 0));
        assert!(match_hits(&m, &env(), &pkt_to(0x0b00_0001, 0xe000_0001)));
        assert!(match_hits(&m, &env(), &pkt_to(0x0b00_0001, 0x0a00_00ff)));
        assert!(!match_hits(&m, &env(), &pkt_to(0x0a00_0001, 0xe000_0001)));
        let m = load(&v1(types::LOCAL, 0, flags::INVERT_SOURCE));
        assert!(match_hits(&m, &env(), &pkt_to(0x0b00_0001, 0)));
        // `--limit-iface-in`: the lookup in the input device's table.
        let m = load(&v1(0, types::LOCAL, flags::LIMIT_IFACE_IN));
        assert_eq!(
            m,
            Match::Addrtype(Addrtype {
                source: 0,
                dest: types::LOCAL,
                invert_source: false,
                invert_dest: false,
                dev: DevSel::In,
                revision: 1,
            })
        );
        assert!(match_hits(&m, &env(), &pkt_to(0, 0x0a00_0001)));
        let fwd = CheckParam {
            hook_mask: hook_bit(Hook::Forward),
            ..par
        };
        let m = load_match(
            b"addrtype",
            1,
            &v1(0, types::LOCAL, flags::LIMIT_IFACE_OUT),
            &fwd,
        )
        .unwrap()
        .0;
        assert!(!match_hits(&m, &env(), &pkt_to(0, 0x0a00_0001)));
        // No types: always matches.
        assert!(match_hits(&load(&v1(0, 0, 3)), &env(), &pkt_to(0, 0)));
    }

    #[test]
    fn revision_1_checks_in_upstream_order() {
        let at = |hooks: u8, f: u32| {
            load_match(
                b"addrtype",
                1,
                &v1(0, types::LOCAL, f),
                &CheckParam {
                    hook_mask: hooks,
                    ..filter_input()
                },
            )
            .map(|m| m.1)
        };
        let pre = hook_bit(Hook::PreRouting);
        let input = hook_bit(Hook::LocalIn);
        let fwd = hook_bit(Hook::Forward);
        let out = hook_bit(Hook::LocalOut);
        let post = hook_bit(Hook::PostRouting);
        for h in [pre, input, pre | fwd] {
            assert_eq!(
                at(h, flags::LIMIT_IFACE_OUT),
                Err(Error::Inval(BAD_IFACE_OUT))
            );
        }
        for h in [out, post, fwd | post] {
            assert_eq!(
                at(h, flags::LIMIT_IFACE_IN),
                Err(Error::Inval(BAD_IFACE_IN))
            );
        }
        assert!(at(fwd, flags::LIMIT_IFACE_IN).is_ok());
        assert!(at(fwd | out, flags::LIMIT_IFACE_OUT).is_ok());
        // `check_hooks` before `checkentry`.
        assert_eq!(
            at(input, flags::LIMIT_IFACE_IN | flags::LIMIT_IFACE_OUT),
            Err(Error::Inval(BAD_IFACE_OUT))
        );
        assert_eq!(
            at(fwd, flags::LIMIT_IFACE_IN | flags::LIMIT_IFACE_OUT),
            Err(Error::Inval(BOTH_IFACES))
        );
        // An unreachable rule (hook mask 0) passes the hook checks.
        assert_eq!(
            at(0, flags::LIMIT_IFACE_IN | flags::LIMIT_IFACE_OUT),
            Err(Error::Inval(BOTH_IFACES))
        );
        // Unknown flag bits are not checked upstream.
        assert!(at(fwd, 0xff00).is_ok());
        assert_eq!(at(fwd, 0).map(|v| v.used), Ok(XT_ADDRTYPE_INFO_V1_SIZE));
        assert_eq!(
            load_match(b"addrtype", 1, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"addrtype", 2, &[0; 8], &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
    }

    #[test]
    fn revision_0_inverts_on_the_lowest_bit_only() {
        let par = filter_input();
        let m = |inv: u32| {
            let p = XtAddrtypeInfo {
                source: 0,
                dest: types::LOCAL,
                invert_source: 0,
                invert_dest: inv,
            }
            .encode();
            let mut padded = [0u8; 16];
            padded[..12].copy_from_slice(&p);
            load_match(b"addrtype", 0, &padded, &par).unwrap().0
        };
        let local = pkt_to(0, 0x0a00_0001);
        assert!(match_hits(&m(0), &env(), &local));
        assert!(!match_hits(&m(1), &env(), &local));
        assert!(match_hits(&m(2), &env(), &local));
        assert!(!match_hits(&m(3), &env(), &local));
        assert_eq!(
            load_match(b"addrtype", 0, &[0; 8], &par),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
    }
}
