// SPDX-License-Identifier: GPL-2.0

//! The `TEE` target (`net/netfilter/xt_TEE.c`, revision 1): sends a copy of the packet to a
//! gateway through the kernel's `nf_dup_ipv4` (`net/ipv4/netfilter/nf_dup_ipv4.c`), and lets the
//! original go on (`XT_CONTINUE`).
//!
//! The copy is sent before the target returns: it walks OUTPUT and POSTROUTING of the same
//! namespace, on the same CPU, nested in the walk that made it (each walk depth has its own jump
//! stack), and `nf_dup_ipv4` itself refuses to copy a copy (`current->in_nf_duplicate`).
//!
//! `--oif NAME` is tracked as `xt_TEE`'s netdevice notifier tracks it: the check resolves the
//! name in the rule's namespace and registers the rule's tracker there
//! ([`LoadEnv::tee_oif`]); a device of that name registered (or renamed to it) later becomes
//! the output interface, and its unregistration (or renaming away) makes it -1 again, which
//! `nf_dup_ipv4_route` takes as "no interface". The packet path reads the tracker's current
//! value ([`Env::tee_oif`]).

use super::super::abi::put;
pub use super::super::abi::IFNAMSIZ;
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_tee_tginfo)`: `union nf_inet_addr gw`, `char oif[16]`, and the
/// kernel-private `struct xt_tee_priv *priv` (aligned to 8).
pub const XT_TEE_TGINFO_SIZE: usize = 40;

/// `offsetof(struct xt_tee_tginfo, priv)`: `.usersize` (the kernel pointer is not shown).
pub const XT_TEE_TGINFO_USERSIZE: usize = 32;

/// Offset of `oif` in `struct xt_tee_tginfo`.
const OIF_OFFSET: usize = 16;

/// `struct xt_tee_tginfo`, as userspace sees it (the `priv` pointer is the kernel's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTeeTginfo {
    /// `gw`: the whole `union nf_inet_addr` (IPv4 uses the first 4 bytes, `gw.in`).
    pub gw: [u8; 16],
    /// `oif`: the output interface name, NUL-padded (empty: none).
    pub oif: [u8; IFNAMSIZ],
}

impl XtTeeTginfo {
    /// Decodes the user-visible 32 bytes at the start of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            gw: b.get(..16)?.try_into().ok()?,
            oif: b.get(OIF_OFFSET..OIF_OFFSET + IFNAMSIZ)?.try_into().ok()?,
        })
    }

    /// Encodes to the 40-byte wire form (the `priv` pointer zero).
    pub fn encode(&self) -> [u8; XT_TEE_TGINFO_SIZE] {
        let mut b = [0u8; XT_TEE_TGINFO_SIZE];
        put(&mut b, 0, &self.gw);
        put(&mut b, OIF_OFFSET, &self.oif);
        b
    }

    /// The IPv4 gateway, `gw.in`.
    pub fn gw_in(&self) -> [u8; 4] {
        [self.gw[0], self.gw[1], self.gw[2], self.gw[3]]
    }
}

/// `tee_tg_reg`'s IPv4 entry: revision 1, any table, any hook.
const REGS: &[Reg] = &[Reg {
    revision: 1,
    usersize: XT_TEE_TGINFO_USERSIZE,
    ..Reg::target(ExtId::Tee, b"TEE", XT_TEE_TGINFO_SIZE)
}];

/// `tee_tg_check`: the gateway is `0.0.0.0` (all 16 bytes of the union zero).
pub const ZERO_GATEWAY: Reject = Reject::Check("TEE: zero gateway");
/// `tee_tg_check`: `oif` set but not NUL-terminated within its 16 bytes.
pub const OIF_UNTERMINATED: Reject = Reject::Check("TEE: oif not NUL-terminated");
/// `tee_tg_check`: the `xt_tee_priv` allocation (or, here, the tracker's registration) failed.
pub const NO_PRIV: Reject = Reject::Check("TEE: no memory for the oif tracker");

/// The output interface a validated `TEE` routes its copies through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeeOif {
    /// No `--oif` (`info->priv == NULL`): `oif` 0, any interface.
    Any,
    /// `--oif NAME`: the namespace's tracker of that name, by the slot the check got
    /// ([`LoadEnv::tee_oif`](super::super::env::LoadEnv::tee_oif)).
    Tracked(u32),
}

/// A validated `TEE` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tee {
    /// The gateway, `gw.in` (network byte order).
    pub gw: [u8; 4],
    /// Where the interface comes from.
    pub oif: TeeOif,
}

impl TargetDef for Tee {
    const REGS: &'static [Reg] = REGS;

    /// `tee_tg_check`: a zero gateway (`EINVAL`), then, with an `oif`, its termination
    /// (`EINVAL`) and the tracker (`ENOMEM`).
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtTeeTginfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if info.gw == [0; 16] {
            return Err(Error::Inval(ZERO_GATEWAY));
        }
        let oif = if info.oif[0] != 0 {
            if info.oif[IFNAMSIZ - 1] != 0 {
                return Err(Error::Inval(OIF_UNTERMINATED));
            }
            TeeOif::Tracked(par.load.tee_oif(&info.oif)?)
        } else {
            TeeOif::Any
        };
        Ok(Tee {
            gw: info.gw_in(),
            oif,
        })
    }

    /// `tee_tg4`: `nf_dup_ipv4(net, skb, hook, &gw, oif)`, then `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let oif = match self.oif {
            TeeOif::Any => 0,
            TeeOif::Tracked(slot) => env.tee_oif(slot),
        };
        env.dup_ipv4(self.gw, oif);
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::{HostLoad, LoadEnv};
    use super::super::testutil::*;
    use super::*;

    fn payload(gw: [u8; 4], oif: &[u8]) -> [u8; XT_TEE_TGINFO_SIZE] {
        let mut i = XtTeeTginfo::default();
        i.gw[..4].copy_from_slice(&gw);
        i.oif[..oif.len()].copy_from_slice(oif);
        i.encode()
    }

    /// A load environment that hands out tracker slots and records the names, or fails.
    struct TrackLoad {
        names: std::cell::RefCell<Vec<[u8; IFNAMSIZ]>>,
        fail: bool,
    }

    impl LoadEnv for TrackLoad {
        fn hz(&self) -> u32 {
            HostLoad.hz()
        }
        fn jiffies(&self) -> u64 {
            HostLoad.jiffies()
        }
        fn tee_oif(&self, name: &[u8; IFNAMSIZ]) -> Result<u32, Error> {
            if self.fail {
                return Err(Error::NoMem(NO_PRIV));
            }
            let mut n = self.names.borrow_mut();
            n.push(*name);
            Ok(u32::try_from(n.len() - 1).unwrap())
        }
    }

    fn track(fail: bool) -> TrackLoad {
        TrackLoad {
            names: std::cell::RefCell::new(Vec::new()),
            fail,
        }
    }

    #[test]
    fn layout_and_registration() {
        let p = payload([10, 0, 2, 2], b"eth0");
        assert_eq!(&p[..4], &[10, 0, 2, 2]);
        assert_eq!(&p[4..16], &[0; 12]);
        assert_eq!(&p[16..20], b"eth0");
        assert_eq!(&p[20..], &[0; 20]);
        let i = XtTeeTginfo::decode(&p).unwrap();
        assert_eq!((i.gw_in(), &i.oif[..5]), ([10, 0, 2, 2], &b"eth0\0"[..]));
        assert_eq!(i.encode(), p);
        assert_eq!(XtTeeTginfo::decode(&p[..31]), None);
        let r = super::super::find(ExtKind::Target, b"TEE", 1).unwrap();
        assert_eq!(
            (r.size, r.aligned_size(), r.user_size(), r.revision),
            (40, 40, 32, 1)
        );
        assert_eq!((r.table, r.hooks, r.proto), (None, 0, 0));
        assert_eq!(find_revision(ExtKind::Target, &name(b"TEE"), 1), Ok(1));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"TEE"), 0),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
    }

    #[test]
    fn checks_in_upstreams_order() {
        // Every table and hook.
        for (t, hooks) in [
            (&b"mangle"[..], PRE | IN | FWD | OUT | POST),
            (b"filter", IN | FWD | OUT),
            (b"raw", PRE | OUT),
            (b"nat", PRE | OUT | POST | IN),
            (b"mangle", 0),
        ] {
            assert_eq!(
                ext_of(load_target(
                    b"TEE",
                    1,
                    &payload([10, 0, 2, 2], b""),
                    &par(t, hooks, 0)
                )),
                Ok(TargetExt::Tee(Tee {
                    gw: [10, 0, 2, 2],
                    oif: TeeOif::Any
                })),
                "{hooks:#x}"
            );
        }
        let p = par(b"mangle", PRE, 0);
        // Sizes (x_tables' check first), then revisions.
        for len in [0, 32, 36, 48] {
            assert_eq!(
                load_target(b"TEE", 1, &vec![1; len], &p).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        for rev in [0, 2, 255] {
            assert_eq!(
                load_target(b"TEE", rev, &payload([1, 1, 1, 1], b""), &p).err(),
                Some(Error::NoEnt(Reject::TargetRevision))
            );
        }
        // A zero gateway comes before the oif's checks.
        let mut bad = payload([0; 4], b"eth0");
        assert_eq!(
            load_target(b"TEE", 1, &bad, &p).err(),
            Some(Error::Inval(ZERO_GATEWAY))
        );
        bad[16..32].fill(b'x');
        assert_eq!(
            load_target(b"TEE", 1, &bad, &p).err(),
            Some(Error::Inval(ZERO_GATEWAY))
        );
        // The whole union is compared: an IPv4 0.0.0.0 with bytes in the IPv6 part passes, and
        // routes to 0.0.0.0 as upstream's does.
        let mut v6 = payload([0; 4], b"");
        v6[15] = 1;
        assert_eq!(
            ext_of(load_target(b"TEE", 1, &v6, &p)),
            Ok(TargetExt::Tee(Tee {
                gw: [0; 4],
                oif: TeeOif::Any
            }))
        );
        // An oif of 16 bytes without a NUL.
        let mut long = payload([1, 2, 3, 4], b"");
        long[16..32].fill(b'a');
        assert_eq!(
            load_target(b"TEE", 1, &long, &p).err(),
            Some(Error::Inval(OIF_UNTERMINATED))
        );
        // Only the first and the last byte are looked at: a name with bytes after its NUL is
        // taken (and is the kernel's string up to the NUL).
        let mut gap = payload([1, 2, 3, 4], b"ab");
        gap[20] = b'z';
        let load = track(false);
        let pl = CheckParam { load: &load, ..p };
        assert_eq!(
            ext_of(load_target(b"TEE", 1, &gap, &pl)),
            Ok(TargetExt::Tee(Tee {
                gw: [1, 2, 3, 4],
                oif: TeeOif::Tracked(0)
            }))
        );
        // A first byte of 0 means no oif, whatever follows.
        let mut none = payload([1, 2, 3, 4], b"");
        none[17..31].fill(b'q');
        assert_eq!(
            ext_of(load_target(b"TEE", 1, &none, &pl)),
            Ok(TargetExt::Tee(Tee {
                gw: [1, 2, 3, 4],
                oif: TeeOif::Any
            }))
        );
        assert_eq!(load.names.borrow().len(), 1);
        assert_eq!(&load.names.borrow()[0][..5], b"ab\0\0z");
        // The tracker's failure is the check's errno (ENOMEM); no oif, no tracker.
        let failing = track(true);
        let pf = CheckParam {
            load: &failing,
            ..p
        };
        assert_eq!(
            load_target(b"TEE", 1, &payload([1, 2, 3, 4], b"r1"), &pf).err(),
            Some(Error::NoMem(NO_PRIV))
        );
        assert!(load_target(b"TEE", 1, &payload([1, 2, 3, 4], b""), &pf).is_ok());
        // The kernel pointer's bytes are the kernel's: whatever userspace left there.
        let mut ptr = payload([1, 2, 3, 4], b"");
        ptr[32..].fill(0xa5);
        assert!(load_target(b"TEE", 1, &ptr, &p).is_ok());
    }

    #[test]
    fn duplicates_and_continues() {
        let load = track(false);
        let table = build(
            Table::Mangle,
            &[
                (
                    Hook::PreRouting,
                    &[
                        r(tgt(b"TEE", 1, &payload([10, 0, 2, 2], b""))),
                        r(tgt(b"TEE", 1, &payload([10, 0, 2, 3], b"r1"))),
                        r(tgt(b"TEE", 1, &payload([10, 0, 2, 4], b"gone"))),
                        r(v(VERDICT_DROP)),
                    ],
                    VERDICT_ACCEPT,
                ),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            &[],
        );
        let rs = crate::parse::parse_replace(Table::Mangle, &table, &load)
            .unwrap()
            .ruleset;
        assert_eq!(load.names.borrow().len(), 2);
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        // Tracker 0 (r1) has found ifindex 7, tracker 1 ("gone") nothing (-1).
        let mut env = FakeEnv {
            tee_oifs: vec![7, -1],
            ..FakeEnv::default()
        };
        let (o, hits) = run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Drop, vec![0, 1, 2, 3]));
        assert_eq!(
            env.actions,
            vec![
                Action::DupIpv4([10, 0, 2, 2], 0),
                Action::DupIpv4([10, 0, 2, 3], 7),
                Action::DupIpv4([10, 0, 2, 4], -1),
            ]
        );
        // The interface is read at packet time: a device that appeared since.
        env.actions.clear();
        env.tee_oifs = vec![7, 12];
        run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!(
            env.actions.get(2),
            Some(&Action::DupIpv4([10, 0, 2, 4], 12))
        );
    }
}
