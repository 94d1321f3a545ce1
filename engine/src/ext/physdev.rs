// SPDX-License-Identifier: GPL-2.0

//! The `physdev` match (`net/netfilter/xt_physdev.c`, `struct xt_physdev_info`), revision 0:
//! the bridge ports a bridged packet came in on and goes out of (`br_netfilter`'s
//! `nf_bridge_info`: `physinindex`, `physoutdev`), names compared under masks as `-i`/`-o`
//! are (`ifname_compare_aligned`), and whether there are such ports.

use super::super::abi::{put, IFNAMSIZ};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, MatchDef, MatchResult, Reg};
use core::sync::atomic::{AtomicBool, Ordering};

/// `XT_PHYSDEV_OP_IN`: `--physdev-in`.
pub const OP_IN: u8 = 0x01;
/// `XT_PHYSDEV_OP_OUT`: `--physdev-out`.
pub const OP_OUT: u8 = 0x02;
/// `XT_PHYSDEV_OP_BRIDGED`: `--physdev-is-bridged`.
pub const OP_BRIDGED: u8 = 0x04;
/// `XT_PHYSDEV_OP_ISIN`: `--physdev-is-in`.
pub const OP_ISIN: u8 = 0x08;
/// `XT_PHYSDEV_OP_ISOUT`: `--physdev-is-out`.
pub const OP_ISOUT: u8 = 0x10;
/// `XT_PHYSDEV_OP_MASK`.
pub const OP_MASK: u8 = 0x20 - 1;

/// `sizeof(struct xt_physdev_info)`: four names, `invert`, `bitmask`.
pub const XT_PHYSDEV_INFO_SIZE: usize = 4 * IFNAMSIZ + 2;

/// `struct xt_physdev_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtPhysdevInfo {
    /// `physindev`.
    pub physindev: [u8; IFNAMSIZ],
    /// `in_mask`.
    pub in_mask: [u8; IFNAMSIZ],
    /// `physoutdev`.
    pub physoutdev: [u8; IFNAMSIZ],
    /// `out_mask`.
    pub out_mask: [u8; IFNAMSIZ],
    /// `invert`: `XT_PHYSDEV_OP_*` bits.
    pub invert: u8,
    /// `bitmask`: the options given, `XT_PHYSDEV_OP_*` bits.
    pub bitmask: u8,
}

fn name_at(b: &[u8], i: usize) -> Option<[u8; IFNAMSIZ]> {
    super::super::abi::read_array(b, i * IFNAMSIZ)
}

impl XtPhysdevInfo {
    /// Decodes the first 66 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            physindev: name_at(b, 0)?,
            in_mask: name_at(b, 1)?,
            physoutdev: name_at(b, 2)?,
            out_mask: name_at(b, 3)?,
            invert: *b.get(4 * IFNAMSIZ)?,
            bitmask: *b.get(4 * IFNAMSIZ + 1)?,
        })
    }

    /// Encodes to the 66-byte wire form.
    pub fn encode(&self) -> [u8; XT_PHYSDEV_INFO_SIZE] {
        let mut b = [0u8; XT_PHYSDEV_INFO_SIZE];
        for (i, n) in [self.physindev, self.in_mask, self.physoutdev, self.out_mask]
            .iter()
            .enumerate()
        {
            put(&mut b, i * IFNAMSIZ, n);
        }
        put(&mut b, 4 * IFNAMSIZ, &[self.invert, self.bitmask]);
        b
    }
}

/// The bridge ports of a packet that has `nf_bridge_info`: the names of
/// `nf_bridge_get_physindev(skb, net)` and `nf_bridge_get_physoutdev(skb)`, all
/// `IFNAMSIZ` bytes of `dev->name`, `None` where there is no such device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhysDevs {
    /// The port it came in on.
    pub indev: Option<[u8; IFNAMSIZ]>,
    /// The port it goes out of (known once the bridge decided).
    pub outdev: Option<[u8; IFNAMSIZ]>,
}

/// `physdev_mt_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg::match_(
    ExtId::Physdev,
    b"physdev",
    XT_PHYSDEV_INFO_SIZE,
)];

/// `physdev_mt_check_hooks`: an output port test in OUTPUT without `--physdev-is-bridged`.
pub const OUT_IN_LOCAL_OUT: Reject =
    Reject::Check("physdev: --physdev-out/--physdev-is-out in OUTPUT without bridged traffic");
/// `physdev_mt_check`: no option, or unknown bits in `bitmask`.
pub const BAD_BITMASK: Reject = Reject::Check("physdev: bad bitmask");
/// `physdev_mt_check`: `--physdev-in` with an empty name.
pub const IN_EMPTY: Reject = Reject::Check("physdev: empty physindev");
/// `physdev_mt_check`: `physindev` without a NUL (`ENAMETOOLONG`).
pub const IN_TOO_LONG: Reject = Reject::Check("physdev: physindev unterminated");
/// `physdev_mt_check`: `--physdev-out` with an empty name.
pub const OUT_EMPTY: Reject = Reject::Check("physdev: empty physoutdev");
/// `physdev_mt_check`: `physoutdev` without a NUL (`ENAMETOOLONG`).
pub const OUT_TOO_LONG: Reject = Reject::Check("physdev: physoutdev unterminated");

/// `brnf_probed`: `br_netfilter` is requested by the first check that passes.
static BRNF_PROBED: AtomicBool = AtomicBool::new(false);

/// A validated `physdev` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Physdev(pub XtPhysdevInfo);

/// `ifname_compare_aligned(name, want, mask) == 0`: the bytes of `name` under `mask` are
/// `want`'s.
fn ifname_eq(name: &[u8; IFNAMSIZ], want: &[u8; IFNAMSIZ], mask: &[u8; IFNAMSIZ]) -> bool {
    name.iter()
        .zip(want)
        .zip(mask)
        .all(|((a, b), m)| (a ^ b) & m == 0)
}

impl MatchDef for Physdev {
    const REGS: &'static [Reg] = REGS;

    /// `physdev_mt_check_hooks`, then `physdev_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtPhysdevInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if i.bitmask & (OP_OUT | OP_ISOUT) != 0
            && (i.bitmask & OP_BRIDGED == 0 || i.invert & OP_BRIDGED != 0)
            && par.hook_mask & hook_bit(Hook::LocalOut) != 0
        {
            par.load.info_ratelimited(format_args!(
                "physdev: --physdev-out and --physdev-is-out only supported in the FORWARD and POSTROUTING chains with bridged traffic"
            ));
            return Err(Error::Inval(OUT_IN_LOCAL_OUT));
        }
        if i.bitmask & OP_MASK == 0 || i.bitmask & !OP_MASK != 0 {
            return Err(Error::Inval(BAD_BITMASK));
        }
        let unterminated = |n: &[u8; IFNAMSIZ]| !n.contains(&0);
        if i.bitmask & OP_IN != 0 {
            if i.physindev[0] == 0 {
                return Err(Error::Inval(IN_EMPTY));
            }
            if unterminated(&i.physindev) {
                return Err(Error::NameTooLong(IN_TOO_LONG));
            }
        }
        if i.bitmask & OP_OUT != 0 {
            if i.physoutdev[0] == 0 {
                return Err(Error::Inval(OUT_EMPTY));
            }
            if unterminated(&i.physoutdev) {
                return Err(Error::NameTooLong(OUT_TOO_LONG));
            }
        }
        if !BRNF_PROBED.swap(true, Ordering::Relaxed) {
            par.load.request_module(c"br_netfilter");
        }
        Ok(Physdev(i))
    }

    /// `physdev_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let i = &self.0;
        let on = |op: u8| i.bitmask & op != 0;
        let inv = |op: u8| i.invert & op != 0;
        // Not a bridged packet, or no information yet: a match only if every option given is
        // inverted.
        let Some(devs) = env.physdev() else {
            let fails = [OP_BRIDGED, OP_ISIN, OP_ISOUT, OP_IN, OP_OUT]
                .iter()
                .any(|&op| on(op) && !inv(op));
            return MatchResult::from_bool(!fails);
        };
        let outdev = devs.outdev;
        if on(OP_BRIDGED) && (outdev.is_some() ^ !inv(OP_BRIDGED)) {
            return MatchResult::No;
        }
        let indev = devs.indev;
        if (on(OP_ISIN) && (indev.is_none() ^ inv(OP_ISIN)))
            || (on(OP_ISOUT) && (outdev.is_none() ^ inv(OP_ISOUT)))
        {
            return MatchResult::No;
        }
        // Without an input port the input test is skipped.
        if on(OP_IN) {
            if let Some(name) = indev {
                if ifname_eq(&name, &i.physindev, &i.in_mask) ^ !inv(OP_IN) {
                    return MatchResult::No;
                }
            }
        }
        if !on(OP_OUT) {
            return MatchResult::Yes;
        }
        let Some(name) = outdev else {
            return MatchResult::No;
        };
        MatchResult::from_bool(!ifname_eq(&name, &i.physoutdev, &i.out_mask) ^ !inv(OP_OUT))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;

    fn name(s: &[u8]) -> [u8; IFNAMSIZ] {
        let mut n = [0u8; IFNAMSIZ];
        n[..s.len()].copy_from_slice(s);
        n
    }

    /// The name and mask `xtables_parse_interface` makes.
    fn iface(s: &[u8]) -> ([u8; IFNAMSIZ], [u8; IFNAMSIZ]) {
        let mut m = [0u8; IFNAMSIZ];
        let n = if s.last() == Some(&b'+') {
            s.len() - 1
        } else {
            s.len() + 1
        };
        m[..n].fill(0xff);
        (name(s), m)
    }

    fn info(bitmask: u8, invert: u8, indev: &[u8], outdev: &[u8]) -> XtPhysdevInfo {
        let (physindev, in_mask) = iface(indev);
        let (physoutdev, out_mask) = iface(outdev);
        XtPhysdevInfo {
            physindev,
            in_mask,
            physoutdev,
            out_mask,
            invert,
            bitmask,
        }
    }

    fn load_in(i: &XtPhysdevInfo, hooks: u8) -> Result<Match, Error> {
        let par = CheckParam {
            hook_mask: hooks,
            ..filter_input()
        };
        let mut b = [0u8; 72];
        b[..XT_PHYSDEV_INFO_SIZE].copy_from_slice(&i.encode());
        load_match(b"physdev", 0, &b, &par).map(|(m, _)| m)
    }

    fn load(i: &XtPhysdevInfo) -> Match {
        load_in(i, hook_bit(Hook::Forward)).unwrap()
    }

    /// The input and output ports `physdev()` answers, `None` for no bridge information.
    type Ports = Option<(Option<&'static [u8]>, Option<&'static [u8]>)>;

    fn hits(m: &Match, devs: Ports) -> bool {
        let env = FakeEnv {
            physdev: devs.map(|(i, o)| PhysDevs {
                indev: i.map(name),
                outdev: o.map(name),
            }),
            ..FakeEnv::default()
        };
        match_hits(m, &env, &icmp_packet())
    }

    const BRIDGED: Ports = Some((Some(b"veth0"), Some(b"veth1")));

    #[test]
    fn layout() {
        let i = info(OP_IN | OP_OUT, OP_OUT, b"eth+", b"lo");
        let e = i.encode();
        assert_eq!(e.len(), 66);
        assert_eq!(&e[..4], b"eth+");
        assert_eq!(&e[16..20], &[0xff, 0xff, 0xff, 0]);
        assert_eq!(&e[32..35], b"lo\0");
        assert_eq!(&e[48..52], &[0xff, 0xff, 0xff, 0]);
        assert_eq!((e[64], e[65]), (OP_OUT, OP_IN | OP_OUT));
        assert_eq!(XtPhysdevInfo::decode(&e), Some(i));
        assert_eq!(REGS[0].aligned_size(), 72);
    }

    #[test]
    fn checks_in_upstream_order() {
        let fwd = hook_bit(Hook::Forward);
        let out = hook_bit(Hook::LocalOut);
        // Output tests from OUTPUT need --physdev-is-bridged, not inverted; first of all.
        let mut i = info(OP_OUT | 0x40, 0, b"", b"");
        assert_eq!(load_in(&i, out).err(), Some(Error::Inval(OUT_IN_LOCAL_OUT)));
        i.bitmask = OP_ISOUT | OP_BRIDGED;
        i.invert = OP_BRIDGED;
        assert_eq!(load_in(&i, out).err(), Some(Error::Inval(OUT_IN_LOCAL_OUT)));
        i.invert = 0;
        assert!(load_in(&i, out).is_ok());
        assert!(load_in(&info(OP_ISOUT, 0, b"", b""), fwd).is_ok());
        assert!(load_in(&info(OP_ISIN, 0, b"", b""), out).is_ok());
        // The bitmask.
        for bad in [0, 0x20, 0x80 | OP_IN] {
            assert_eq!(
                load_in(&info(bad, 0, b"a", b"a"), fwd).err(),
                Some(Error::Inval(BAD_BITMASK))
            );
        }
        // Names: empty, then unterminated; input before output.
        let mut i = info(OP_IN | OP_OUT, 0, b"", b"");
        assert_eq!(load_in(&i, fwd).err(), Some(Error::Inval(IN_EMPTY)));
        i.physindev = [b'x'; 16];
        assert_eq!(
            load_in(&i, fwd).err(),
            Some(Error::NameTooLong(IN_TOO_LONG))
        );
        i.physindev[15] = 0;
        assert_eq!(load_in(&i, fwd).err(), Some(Error::Inval(OUT_EMPTY)));
        i.physoutdev = [b'y'; 16];
        assert_eq!(
            load_in(&i, fwd).err(),
            Some(Error::NameTooLong(OUT_TOO_LONG))
        );
        i.physoutdev[15] = 0;
        assert!(load_in(&i, fwd).is_ok());
        // Any invert bits are taken.
        assert!(load_in(&info(OP_ISIN, 0xff, b"", b""), fwd).is_ok());
        assert_eq!(
            load_match(b"physdev", 1, &[0; 72], &filter_input()).err(),
            Some(Error::NoEnt(Reject::MatchRevision))
        );
    }

    #[test]
    fn not_bridged() {
        // Every option given must be inverted.
        assert!(!hits(&load(&info(OP_ISIN, 0, b"", b"")), None));
        assert!(hits(&load(&info(OP_ISIN, OP_ISIN, b"", b"")), None));
        let all = OP_IN | OP_OUT | OP_BRIDGED | OP_ISIN | OP_ISOUT;
        assert!(hits(&load(&info(all, all, b"a", b"b")), None));
        assert!(!hits(&load(&info(all, all & !OP_OUT, b"a", b"b")), None));
        assert!(hits(&load(&info(OP_IN, OP_IN | OP_OUT, b"a", b"b")), None));
    }

    #[test]
    fn bridged_ports() {
        let m = |bits: u8, inv: u8, i: &[u8], o: &[u8]| load(&info(bits, inv, i, o));
        // --physdev-is-bridged: an output port.
        assert!(hits(&m(OP_BRIDGED, 0, b"", b""), BRIDGED));
        assert!(!hits(
            &m(OP_BRIDGED, 0, b"", b""),
            Some((Some(b"veth0"), None))
        ));
        assert!(hits(
            &m(OP_BRIDGED, OP_BRIDGED, b"", b""),
            Some((Some(b"veth0"), None))
        ));
        assert!(!hits(&m(OP_BRIDGED, OP_BRIDGED, b"", b""), BRIDGED));
        // --physdev-is-in / -is-out.
        assert!(hits(&m(OP_ISIN, 0, b"", b""), BRIDGED));
        assert!(!hits(&m(OP_ISIN, 0, b"", b""), Some((None, None))));
        assert!(hits(&m(OP_ISIN, OP_ISIN, b"", b""), Some((None, None))));
        assert!(!hits(
            &m(OP_ISOUT, 0, b"", b""),
            Some((Some(b"veth0"), None))
        ));
        assert!(hits(
            &m(OP_ISOUT, OP_ISOUT, b"", b""),
            Some((Some(b"x"), None))
        ));
        // Names, exact and with '+'.
        assert!(hits(&m(OP_IN, 0, b"veth0", b""), BRIDGED));
        assert!(!hits(&m(OP_IN, 0, b"veth", b""), BRIDGED));
        assert!(hits(&m(OP_IN, 0, b"veth+", b""), BRIDGED));
        assert!(hits(&m(OP_IN, 0, b"+", b""), BRIDGED));
        assert!(!hits(&m(OP_IN, OP_IN, b"veth+", b""), BRIDGED));
        assert!(hits(&m(OP_IN, OP_IN, b"eth+", b""), BRIDGED));
        assert!(hits(&m(OP_OUT, 0, b"", b"veth1"), BRIDGED));
        assert!(!hits(&m(OP_OUT, 0, b"", b"veth0"), BRIDGED));
        assert!(hits(&m(OP_OUT, OP_OUT, b"", b"veth0"), BRIDGED));
        assert!(!hits(&m(OP_OUT, OP_OUT, b"", b"veth+"), BRIDGED));
        // Without an input port the input test is skipped; without an output port an output
        // test fails, inverted or not.
        assert!(hits(
            &m(OP_IN, 0, b"nomatch", b""),
            Some((None, Some(b"veth1")))
        ));
        assert!(!hits(
            &m(OP_OUT, 0, b"", b"veth+"),
            Some((Some(b"veth0"), None))
        ));
        assert!(!hits(
            &m(OP_OUT, OP_OUT, b"", b"x"),
            Some((Some(b"veth0"), None))
        ));
        // Both.
        assert!(hits(&m(OP_IN | OP_OUT, 0, b"veth0", b"veth1"), BRIDGED));
        assert!(!hits(&m(OP_IN | OP_OUT, 0, b"veth1", b"veth1"), BRIDGED));
        // The bytes after the NUL are compared as far as the mask reaches (all of them for
        // a hand-made mask).
        let mut i = info(OP_IN, 0, b"veth0", b"");
        i.in_mask = [0xff; 16];
        let env = FakeEnv {
            physdev: Some(PhysDevs {
                indev: Some({
                    let mut n = name(b"veth0");
                    n[10] = b'z';
                    n
                }),
                outdev: None,
            }),
            ..FakeEnv::default()
        };
        assert!(!match_hits(&load(&i), &env, &icmp_packet()));
    }
}
