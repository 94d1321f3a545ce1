// SPDX-License-Identifier: GPL-2.0

//! The `SET` target (`net/netfilter/xt_set.c`, `set_target_v0` to `_v3`), revisions 0 to 3:
//! adds the packet's addresses and ports, in the order the rule names them, to an ipset
//! (`--add-set`, with revision 2's `--exist` and `--timeout`), deletes them from one
//! (`--del-set`), and, revision 3, looks them up in a third (`--map-set`) and copies the
//! matching entry's `skbinfo` into `skb->mark`, `skb->priority` and the queue mapping. It
//! always continues.
//!
//! The sets are named by index, as the `set` match's are ([`super::set`]); the check takes a
//! reference on each set the rule names ([`LoadEnv::ip_set_get_byindex`]), held until the
//! rule is freed with its table (`set_target_v*_destroy`).
//!
//! [`LoadEnv::ip_set_get_byindex`]: super::super::env::LoadEnv::ip_set_get_byindex

use super::super::abi::{put, read_u32};
use super::super::env::{Env, IpSetAdtOpt};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::set::{cmdflags, XtSetInfo, XtSetInfoV0, IPSET_DIM_MAX, IPSET_INVALID_ID};
use super::{hook_bit, CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_set_info_target_v0)`: two `struct xt_set_info_v0`.
pub const XT_SET_INFO_TARGET_V0_SIZE: usize = 64;
/// `sizeof(struct xt_set_info_target_v1)`.
pub const XT_SET_INFO_TARGET_V1_SIZE: usize = 8;
/// `sizeof(struct xt_set_info_target_v2)`.
pub const XT_SET_INFO_TARGET_V2_SIZE: usize = 16;
/// `sizeof(struct xt_set_info_target_v3)`.
pub const XT_SET_INFO_TARGET_V3_SIZE: usize = 20;

/// `IPSET_NO_TIMEOUT`: the set's default timeout.
pub const IPSET_NO_TIMEOUT: u32 = u32::MAX;
/// `IPSET_MAX_TIMEOUT`: `(UINT_MAX >> 1) / MSEC_PER_SEC`, the longest timeout in seconds that
/// fits in jiffies.
pub const IPSET_MAX_TIMEOUT: u32 = (u32::MAX >> 1) / 1000;

/// `struct xt_set_info_target_v0`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtSetInfoTargetV0 {
    /// `add_set`.
    pub add_set: XtSetInfoV0,
    /// `del_set`.
    pub del_set: XtSetInfoV0,
}

impl XtSetInfoTargetV0 {
    /// Decodes the 64 bytes at the start of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            add_set: XtSetInfoV0::decode(b)?,
            del_set: XtSetInfoV0::decode(b.get(32..)?)?,
        })
    }

    /// Encodes to the 64-byte wire form.
    pub fn encode(&self) -> [u8; XT_SET_INFO_TARGET_V0_SIZE] {
        let mut b = [0u8; XT_SET_INFO_TARGET_V0_SIZE];
        put(&mut b, 0, &self.add_set.encode());
        put(&mut b, 32, &self.del_set.encode());
        b
    }
}

/// `struct xt_set_info_target_v1`, `_v2` and `_v3`: revision 1 has the two sets only,
/// revision 2 adds `flags` and `timeout`, revision 3 puts `map_set` before them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XtSetInfoTarget {
    /// `add_set`.
    pub add_set: XtSetInfo,
    /// `del_set`.
    pub del_set: XtSetInfo,
    /// `map_set` (revision 3).
    pub map_set: XtSetInfo,
    /// `flags` ([`cmdflags`]; revisions 2 and 3).
    pub flags: u32,
    /// `timeout` in seconds, [`IPSET_NO_TIMEOUT`] for the set's own (revisions 2 and 3).
    pub timeout: u32,
}

impl Default for XtSetInfoTarget {
    /// `set_target_init_v3`: no sets, no timeout.
    fn default() -> Self {
        let none = XtSetInfo {
            index: IPSET_INVALID_ID,
            dim: 0,
            flags: 0,
        };
        Self {
            add_set: none,
            del_set: none,
            map_set: none,
            flags: 0,
            timeout: IPSET_NO_TIMEOUT,
        }
    }
}

impl XtSetInfoTarget {
    /// Decodes revision `rev`'s (1 to 3) layout; the fields it lacks are as revision 1 runs
    /// (no map set, no flags, [`IPSET_NO_TIMEOUT`]).
    pub fn decode(b: &[u8], rev: u8) -> Option<Self> {
        let mut i = Self {
            add_set: XtSetInfo::decode(b, 0)?,
            del_set: XtSetInfo::decode(b, 4)?,
            ..Self::default()
        };
        match rev {
            1 => {}
            2 => {
                i.flags = read_u32(b, 8)?;
                i.timeout = read_u32(b, 12)?;
            }
            _ => {
                i.map_set = XtSetInfo::decode(b, 8)?;
                i.flags = read_u32(b, 12)?;
                i.timeout = read_u32(b, 16)?;
            }
        }
        Some(i)
    }

    /// Encodes revision 3's 20 bytes.
    pub fn encode_v3(&self) -> [u8; XT_SET_INFO_TARGET_V3_SIZE] {
        let mut b = [0u8; XT_SET_INFO_TARGET_V3_SIZE];
        self.add_set.put(&mut b, 0);
        self.del_set.put(&mut b, 4);
        self.map_set.put(&mut b, 8);
        put(&mut b, 12, &self.flags.to_ne_bytes());
        put(&mut b, 16, &self.timeout.to_ne_bytes());
        b
    }

    /// Encodes revision 2's 16 bytes.
    pub fn encode_v2(&self) -> [u8; XT_SET_INFO_TARGET_V2_SIZE] {
        let mut b = [0u8; XT_SET_INFO_TARGET_V2_SIZE];
        self.add_set.put(&mut b, 0);
        self.del_set.put(&mut b, 4);
        put(&mut b, 8, &self.flags.to_ne_bytes());
        put(&mut b, 12, &self.timeout.to_ne_bytes());
        b
    }

    /// Encodes revision 1's 8 bytes.
    pub fn encode_v1(&self) -> [u8; XT_SET_INFO_TARGET_V1_SIZE] {
        let mut b = [0u8; XT_SET_INFO_TARGET_V1_SIZE];
        self.add_set.put(&mut b, 0);
        self.del_set.put(&mut b, 4);
        b
    }
}

/// `set_targets`, the IPv4 entries.
const REGS: &[Reg] = &[
    Reg::target(ExtId::SetTarget, b"SET", XT_SET_INFO_TARGET_V0_SIZE),
    Reg {
        revision: 1,
        ..Reg::target(ExtId::SetTarget, b"SET", XT_SET_INFO_TARGET_V1_SIZE)
    },
    Reg {
        revision: 2,
        ..Reg::target(ExtId::SetTarget, b"SET", XT_SET_INFO_TARGET_V2_SIZE)
    },
    Reg {
        revision: 3,
        ..Reg::target(ExtId::SetTarget, b"SET", XT_SET_INFO_TARGET_V3_SIZE)
    },
];

/// `set_target_v3_check_hooks`: `--map-set` outside the mangle table (`EINVAL`).
pub const MAP_NOT_MANGLE: Reject = Reject::Check("SET: --map-set only usable from mangle table");
/// `set_target_v3_check_hooks`: `--map-prio`/`--map-queue` reachable from `PREROUTING` or
/// `INPUT` (`EINVAL`).
pub const MAP_HOOKS: Reject =
    Reject::Check("SET: mapping of prio or/and queue only from OUTPUT/FORWARD/POSTROUTING");
/// `set_target_v*_checkentry`: no add set of that index (`ENOENT`).
pub const NO_ADD_SET: Reject = Reject::Check("SET: cannot find add_set index as target");
/// `set_target_v*_checkentry`: no del set of that index (`ENOENT`).
pub const NO_DEL_SET: Reject = Reject::Check("SET: cannot find del_set index as target");
/// `set_target_v3_checkentry`: no map set of that index (`ENOENT`).
pub const NO_MAP_SET: Reject = Reject::Check("SET: cannot find map_set index as target");
/// `set_target_v*_checkentry`: too many dimensions (`ERANGE`).
pub const DIM_OVER: Reject = Reject::Check("SET: target dimension over the limit");

/// One set a `SET` rule acts on: its index (held by the rule) and the options of the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetOp {
    /// The set's index.
    pub index: u16,
    /// `ADT_OPT` as the target function builds it (revision 2's timeout normalised).
    pub opt: IpSetAdtOpt,
}

/// A validated `SET` target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetTarget {
    /// `--add-set` (`ip_set_add`).
    pub add: Option<SetOp>,
    /// `--del-set` (`ip_set_del`).
    pub del: Option<SetOp>,
    /// `--map-set` (`ip_set_test`, then the `skbinfo` copied); its options carry the
    /// `IPSET_FLAG_MAP_*` flags.
    pub map: Option<SetOp>,
    /// Revision 0's `compat` bytes of `add_set` and `del_set`, written back into the payload.
    pub compat: Option<[(u8, u8); 2]>,
}

/// `ADT_OPT(n, xt_family(par), dim, flags, cmdflags, timeout, 0, 0, 0, 0)`.
fn adt(dim: u8, flags: u8, cmdflags: u32, timeout: u32) -> IpSetAdtOpt {
    IpSetAdtOpt {
        family: 2,
        dim,
        flags,
        cmdflags,
        timeout,
        ..IpSetAdtOpt::default()
    }
}

/// The sets a check references, in upstream's order (add, del, map), `IPSET_INVALID_ID` for
/// none.
fn get_sets(par: &CheckParam<'_>, add: u16, del: u16, map: u16) -> Result<(), Error> {
    for (index, what, reject) in [
        (add, "add_set", NO_ADD_SET),
        (del, "del_set", NO_DEL_SET),
        (map, "map_set", NO_MAP_SET),
    ] {
        // A reference taken before a refusal goes with the refused request (upstream puts it
        // at once).
        if index != IPSET_INVALID_ID && par.load.ip_set_get_byindex(index) == IPSET_INVALID_ID {
            par.load
                .info_ratelimited(format_args!("Cannot find {what} index {index} as target"));
            return Err(Error::NoEnt(reject));
        }
    }
    Ok(())
}

fn dim_over(par: &CheckParam<'_>) -> Error {
    par.load
        .info_ratelimited(format_args!("SET target dimension over the limit!"));
    Error::Range(DIM_OVER)
}

/// `set_target_v3_check_hooks`.
fn check_hooks(i: &XtSetInfoTarget, par: &CheckParam<'_>) -> Result<(), Error> {
    if i.map_set.index == IPSET_INVALID_ID {
        return Ok(());
    }
    if par.table != b"mangle" {
        par.load
            .info_ratelimited(format_args!("--map-set only usable from mangle table"));
        return Err(Error::Inval(MAP_NOT_MANGLE));
    }
    let allowed = hook_bit(Hook::Forward) | hook_bit(Hook::LocalOut) | hook_bit(Hook::PostRouting);
    if i.flags & (cmdflags::MAP_SKBPRIO | cmdflags::MAP_SKBQUEUE) != 0
        && par.hook_mask & !allowed != 0
    {
        par.load.info_ratelimited(format_args!(
            "mapping of prio or/and queue is allowed only from OUTPUT/FORWARD/POSTROUTING chains"
        ));
        return Err(Error::Inval(MAP_HOOKS));
    }
    Ok(())
}

fn op(index: u16, opt: IpSetAdtOpt) -> Option<SetOp> {
    (index != IPSET_INVALID_ID).then_some(SetOp { index, opt })
}

impl TargetDef for SetTarget {
    const REGS: &'static [Reg] = REGS;

    /// `set_target_v3_check_hooks` (revision 3), then `set_target_v0_checkentry`,
    /// `set_target_v1_checkentry` (revisions 1 and 2) or `set_target_v3_checkentry`.
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let bad = Error::Inval(Reject::TargetPayloadSize);
        if reg.revision == 0 {
            let i = XtSetInfoTargetV0::decode(payload).ok_or(bad)?;
            get_sets(par, i.add_set.index, i.del_set.index, IPSET_INVALID_ID)?;
            let last = usize::from(IPSET_DIM_MAX - 1);
            if i.add_set.flags[last] != 0 || i.del_set.flags[last] != 0 {
                return Err(dim_over(par));
            }
            let (adim, aflags) = i.add_set.compat();
            let (ddim, dflags) = i.del_set.compat();
            return Ok(SetTarget {
                add: op(i.add_set.index, adt(adim, aflags, 0, IPSET_NO_TIMEOUT)),
                del: op(i.del_set.index, adt(ddim, dflags, 0, IPSET_NO_TIMEOUT)),
                map: None,
                compat: Some([(adim, aflags), (ddim, dflags)]),
            });
        }
        let i = XtSetInfoTarget::decode(payload, reg.revision).ok_or(bad)?;
        if reg.revision == 3 {
            check_hooks(&i, par)?;
        }
        get_sets(par, i.add_set.index, i.del_set.index, i.map_set.index)?;
        if i.add_set.dim > IPSET_DIM_MAX
            || i.del_set.dim > IPSET_DIM_MAX
            || i.map_set.dim > IPSET_DIM_MAX
        {
            return Err(dim_over(par));
        }
        // Revision 1 runs without flags and with the set's timeout; 2 and 3 normalise the
        // timeout "to fit into jiffies".
        let timeout = if i.timeout != IPSET_NO_TIMEOUT && i.timeout > IPSET_MAX_TIMEOUT {
            IPSET_MAX_TIMEOUT
        } else {
            i.timeout
        };
        let map_flags =
            i.flags & (cmdflags::MAP_SKBMARK | cmdflags::MAP_SKBPRIO | cmdflags::MAP_SKBQUEUE);
        Ok(SetTarget {
            add: op(
                i.add_set.index,
                adt(i.add_set.dim, i.add_set.flags, i.flags, timeout),
            ),
            del: op(
                i.del_set.index,
                adt(i.del_set.dim, i.del_set.flags, 0, IPSET_NO_TIMEOUT),
            ),
            map: op(
                i.map_set.index,
                adt(i.map_set.dim, i.map_set.flags, map_flags, IPSET_NO_TIMEOUT),
            ),
            compat: None,
        })
    }

    /// `set_target_v0` to `_v3`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        if let Some(a) = &self.add {
            env.ip_set_add(a.index, &a.opt);
        }
        if let Some(d) = &self.del {
            env.ip_set_del(d.index, &d.opt);
        }
        if let Some(m) = &self.map {
            let (found, info) = env.ip_set_test_skbinfo(m.index, &m.opt);
            // `match_set`: a nonzero answer flips the inversion flag.
            let invert = m.opt.flags & super::set::kopt::INV_MATCH != 0;
            if (found != 0) == invert {
                return TargetVerdict::Continue;
            }
            let flags = m.opt.cmdflags;
            if flags & cmdflags::MAP_SKBMARK != 0 {
                env.set_mark((env.mark() & !info.skbmarkmask) ^ info.skbmark);
            }
            if flags & cmdflags::MAP_SKBPRIO != 0 {
                env.set_priority(info.skbprio);
            }
            if flags & cmdflags::MAP_SKBQUEUE != 0
                && env
                    .real_num_tx_queues()
                    .is_some_and(|n| n > u32::from(info.skbqueue))
            {
                env.set_queue_mapping(info.skbqueue);
            }
        }
        TargetVerdict::Continue
    }

    /// `compat_flags` writes revision 0's `compat.dim` and `compat.flags` of both sets.
    fn user_fixup(&self, payload: &mut [u8]) {
        if let Some([(adim, aflags), (ddim, dflags)]) = self.compat {
            put(payload, 28, &[adim, aflags]);
            put(payload, 60, &[ddim, dflags]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::{IpSetSkbInfo, LoadEnv};
    use super::super::set::{kopt, v0flags};
    use super::super::testutil::*;
    use super::super::{CheckedTarget, TargetExt};
    use super::*;
    use core::cell::RefCell;
    use std::string::{String, ToString};

    /// Sets 0 to 3 exist; every reference taken and every message is recorded.
    #[derive(Default)]
    struct Sets {
        got: RefCell<Vec<u16>>,
        log: RefCell<Vec<String>>,
    }

    impl LoadEnv for Sets {
        fn hz(&self) -> u32 {
            250
        }
        fn jiffies(&self) -> u64 {
            0
        }
        fn info_ratelimited(&self, msg: core::fmt::Arguments<'_>) {
            self.log.borrow_mut().push(msg.to_string());
        }
        fn ip_set_get_byindex(&self, index: u16) -> u16 {
            if index < 4 {
                self.got.borrow_mut().push(index);
                index
            } else {
                IPSET_INVALID_ID
            }
        }
    }

    fn load_in(
        sets: &Sets,
        table: &'static [u8],
        hooks: u8,
        rev: u8,
        p: &[u8],
    ) -> Result<(SetTarget, Vec<u8>), Error> {
        let par = CheckParam {
            load: sets,
            ..par(table, hooks, 0)
        };
        let len = (p.len() + 7) & !7;
        let mut padded = vec![0u8; len];
        padded[..p.len()].copy_from_slice(p);
        load_target(b"SET", rev, &padded, &par).map(|(t, _)| match t {
            CheckedTarget::Ext(TargetExt::SetTarget(s)) => {
                s.user_fixup(&mut padded);
                (s, padded)
            }
            other => panic!("{other:?}"),
        })
    }

    fn load(sets: &Sets, rev: u8, p: &[u8]) -> Result<SetTarget, Error> {
        load_in(sets, b"mangle", FWD, rev, p).map(|(t, _)| t)
    }

    fn set(index: u16, dim: u8, flags: u8) -> XtSetInfo {
        XtSetInfo { index, dim, flags }
    }

    fn none() -> XtSetInfo {
        set(IPSET_INVALID_ID, 0, 0)
    }

    fn opt(dim: u8, flags: u8, cmdflags: u32, timeout: u32) -> IpSetAdtOpt {
        IpSetAdtOpt {
            family: 2,
            dim,
            flags,
            cmdflags,
            timeout,
            ..IpSetAdtOpt::default()
        }
    }

    fn run_env(t: &SetTarget, env: &mut FakeEnv) {
        let mut p = icmp_packet();
        assert_eq!(t.run(&mut p, env), TargetVerdict::Continue);
    }

    #[test]
    fn layouts_and_registrations() {
        let i = XtSetInfoTarget {
            add_set: set(1, 2, 0x02),
            del_set: set(2, 1, 0),
            map_set: set(3, 1, 0x02),
            flags: cmdflags::EXIST | cmdflags::MAP_SKBMARK,
            timeout: 600,
        };
        let e = i.encode_v3();
        assert_eq!(&e[..12], &[1, 0, 2, 2, 2, 0, 1, 0, 3, 0, 1, 2]);
        assert_eq!(XtSetInfoTarget::decode(&e, 3), Some(i));
        let e2 = i.encode_v2();
        assert_eq!(
            XtSetInfoTarget::decode(&e2, 2),
            Some(XtSetInfoTarget {
                map_set: none(),
                ..i
            })
        );
        assert_eq!(
            XtSetInfoTarget::decode(&i.encode_v1(), 1),
            Some(XtSetInfoTarget {
                map_set: none(),
                flags: 0,
                timeout: IPSET_NO_TIMEOUT,
                ..i
            })
        );
        assert_eq!(XtSetInfoTarget::decode(&e[..19], 3), None);
        let v0 = XtSetInfoTargetV0 {
            add_set: XtSetInfoV0 {
                index: 5,
                flags: [1, 2, 0, 0, 0, 0, 0],
            },
            del_set: XtSetInfoV0 {
                index: 6,
                flags: [2, 0, 0, 0, 0, 0, 0],
            },
        };
        assert_eq!(XtSetInfoTargetV0::decode(&v0.encode()), Some(v0));
        assert_eq!(v0.encode()[32], 6);
        for (rev, size, aligned) in [(0, 64, 64), (1, 8, 8), (2, 16, 16), (3, 20, 24)] {
            let r = super::super::find(ExtKind::Target, b"SET", rev).unwrap();
            assert_eq!((r.size, r.aligned_size()), (size, aligned));
            assert_eq!((r.table, r.hooks, r.proto), (None, 0, 0));
        }
        assert_eq!(find_revision(ExtKind::Target, &name(b"SET"), 3), Ok(3));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"SET"), 4),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(IPSET_MAX_TIMEOUT, 2_147_483);
    }

    #[test]
    fn sizes_per_revision() {
        let sets = Sets::default();
        for (rev, good) in [(0u8, 64usize), (1, 8), (2, 16), (3, 24)] {
            for len in [0usize, 8, 16, 24, 32, 64, 72] {
                if len == good {
                    continue;
                }
                assert_eq!(
                    load_target(b"SET", rev, &vec![0xff; len], &par(b"mangle", FWD, 0)).err(),
                    Some(Error::Inval(Reject::TargetPayloadSize)),
                    "rev {rev} len {len}"
                );
            }
        }
        assert!(sets.got.borrow().is_empty());
    }

    #[test]
    fn revision_3_add_del_and_references() {
        let sets = Sets::default();
        let i = XtSetInfoTarget {
            add_set: set(1, 1, kopt::DIM_ONE_SRC),
            del_set: set(2, 2, 0x04),
            timeout: 7,
            flags: cmdflags::EXIST,
            ..XtSetInfoTarget::default()
        };
        let t = load(&sets, 3, &i.encode_v3()).unwrap();
        assert_eq!(*sets.got.borrow(), [1, 2]);
        assert_eq!(t.map, None);
        let mut env = FakeEnv::default();
        run_env(&t, &mut env);
        assert_eq!(
            env.actions,
            [
                Action::IpSetAdd(1, opt(1, kopt::DIM_ONE_SRC, cmdflags::EXIST, 7)),
                Action::IpSetDel(2, opt(2, 0x04, 0, IPSET_NO_TIMEOUT)),
            ]
        );
        assert!(env.ip_set_calls.is_empty());
        // Only a del set; the add set's flags and timeout are not looked at.
        let d = XtSetInfoTarget {
            del_set: set(3, 1, 0),
            flags: cmdflags::EXIST,
            timeout: 9,
            ..XtSetInfoTarget::default()
        };
        let t = load(&sets, 3, &d.encode_v3()).unwrap();
        let mut env = FakeEnv::default();
        run_env(&t, &mut env);
        assert_eq!(
            env.actions,
            [Action::IpSetDel(3, opt(1, 0, 0, IPSET_NO_TIMEOUT))]
        );
        // No set at all is accepted and does nothing (upstream's check asks for none).
        let t = load(&sets, 3, &XtSetInfoTarget::default().encode_v3()).unwrap();
        let mut env = FakeEnv::default();
        run_env(&t, &mut env);
        assert!(env.actions.is_empty());
    }

    #[test]
    fn timeouts_are_normalised() {
        let sets = Sets::default();
        for (given, used) in [
            (0, 0),
            (IPSET_MAX_TIMEOUT, IPSET_MAX_TIMEOUT),
            (IPSET_MAX_TIMEOUT + 1, IPSET_MAX_TIMEOUT),
            (u32::MAX - 1, IPSET_MAX_TIMEOUT),
            (IPSET_NO_TIMEOUT, IPSET_NO_TIMEOUT),
        ] {
            let i = XtSetInfoTarget {
                add_set: set(0, 1, 2),
                timeout: given,
                ..XtSetInfoTarget::default()
            };
            for (rev, b) in [(2u8, &i.encode_v2()[..]), (3, &i.encode_v3()[..])] {
                let t = load(&sets, rev, b).unwrap();
                assert_eq!(t.add.unwrap().opt.timeout, used, "{given} rev {rev}");
            }
            // Revision 1 has no timeout: the set's own, and no flags.
            let t = load(&sets, 1, &i.encode_v1()).unwrap();
            assert_eq!(t.add.unwrap().opt, opt(1, 2, 0, IPSET_NO_TIMEOUT));
        }
        // Revision 2 passes every flag of the rule to the add.
        let i = XtSetInfoTarget {
            add_set: set(0, 1, 2),
            flags: 0xffff_ffff,
            ..XtSetInfoTarget::default()
        };
        let t = load(&sets, 2, &i.encode_v2()).unwrap();
        assert_eq!(t.add.unwrap().opt.cmdflags, 0xffff_ffff);
    }

    #[test]
    fn checkentry_errors_in_order() {
        let sets = Sets::default();
        let mk = |a: u16, d: u16, m: u16, dims: [u8; 3]| XtSetInfoTarget {
            add_set: set(a, dims[0], 0),
            del_set: set(d, dims[1], 0),
            map_set: set(m, dims[2], 0),
            flags: cmdflags::MAP_SKBMARK,
            ..XtSetInfoTarget::default()
        };
        for (i, err, msg) in [
            (
                mk(9, 9, 9, [9, 9, 9]),
                Error::NoEnt(NO_ADD_SET),
                "Cannot find add_set index 9 as target",
            ),
            (
                mk(0, 8, 9, [9, 9, 9]),
                Error::NoEnt(NO_DEL_SET),
                "Cannot find del_set index 8 as target",
            ),
            (
                mk(0, 1, 7, [9, 9, 9]),
                Error::NoEnt(NO_MAP_SET),
                "Cannot find map_set index 7 as target",
            ),
            (
                mk(0, 1, 2, [0, 0, 7]),
                Error::Range(DIM_OVER),
                "SET target dimension over the limit!",
            ),
            (
                mk(IPSET_INVALID_ID, 1, 2, [7, 0, 0]),
                Error::Range(DIM_OVER),
                "SET target dimension over the limit!",
            ),
        ] {
            sets.log.borrow_mut().clear();
            assert_eq!(load(&sets, 3, &i.encode_v3()).err(), Some(err));
            assert_eq!(*sets.log.borrow(), [msg]);
        }
        // Dimension 6 is the limit.
        assert!(load(&sets, 3, &mk(0, 1, 2, [6, 6, 6]).encode_v3()).is_ok());
        // Revisions 1 and 2: the same checks without a map set.
        for rev in [1u8, 2] {
            let i = mk(0, 5, IPSET_INVALID_ID, [1, 1, 0]);
            let b = if rev == 1 {
                i.encode_v1().to_vec()
            } else {
                i.encode_v2().to_vec()
            };
            assert_eq!(load(&sets, rev, &b).err(), Some(Error::NoEnt(NO_DEL_SET)));
            let i = mk(0, 1, IPSET_INVALID_ID, [1, 7, 0]);
            let b = if rev == 1 {
                i.encode_v1().to_vec()
            } else {
                i.encode_v2().to_vec()
            };
            assert_eq!(load(&sets, rev, &b).err(), Some(Error::Range(DIM_OVER)));
        }
    }

    #[test]
    fn map_set_hooks_and_tables() {
        let sets = Sets::default();
        let map = |flags: u32| XtSetInfoTarget {
            map_set: set(2, 1, kopt::DIM_ONE_SRC),
            flags,
            ..XtSetInfoTarget::default()
        };
        // --map-set only in mangle, before the set is looked up; the table check comes first.
        for t in [&b"filter"[..], b"raw", b"nat", b"mangl", b"mangle2"] {
            sets.log.borrow_mut().clear();
            let mut bad = map(cmdflags::MAP_SKBPRIO);
            bad.map_set.index = 9;
            assert_eq!(
                load_in(&sets, t, PRE, 3, &bad.encode_v3()).err(),
                Some(Error::Inval(MAP_NOT_MANGLE))
            );
            assert_eq!(
                *sets.log.borrow(),
                ["--map-set only usable from mangle table"]
            );
        }
        assert!(sets.got.borrow().is_empty());
        // Without a map set, any table.
        let add = XtSetInfoTarget {
            add_set: set(1, 1, 2),
            flags: cmdflags::MAP_SKBPRIO,
            ..XtSetInfoTarget::default()
        };
        assert!(load_in(&sets, b"filter", IN, 3, &add.encode_v3()).is_ok());
        // The mark from any hook; prio and queue from FORWARD, OUTPUT, POSTROUTING only.
        for hooks in [PRE, IN, PRE | IN | FWD | OUT | POST] {
            assert!(load_in(
                &sets,
                b"mangle",
                hooks,
                3,
                &map(cmdflags::MAP_SKBMARK).encode_v3()
            )
            .is_ok());
            for f in [cmdflags::MAP_SKBPRIO, cmdflags::MAP_SKBQUEUE] {
                sets.log.borrow_mut().clear();
                assert_eq!(
                    load_in(&sets, b"mangle", hooks, 3, &map(f).encode_v3()).err(),
                    Some(Error::Inval(MAP_HOOKS))
                );
                assert_eq!(
                    *sets.log.borrow(),
                    ["mapping of prio or/and queue is allowed only from OUTPUT/FORWARD/POSTROUTING chains"]
                );
            }
        }
        for hooks in [0, FWD, OUT, POST, FWD | OUT | POST] {
            let f = cmdflags::MAP_SKBPRIO | cmdflags::MAP_SKBQUEUE | cmdflags::MAP_SKBMARK;
            assert!(load_in(&sets, b"mangle", hooks, 3, &map(f).encode_v3()).is_ok());
        }
    }

    #[test]
    fn map_set_writes_skbinfo() {
        let sets = Sets::default();
        let all = cmdflags::MAP_SKBMARK | cmdflags::MAP_SKBPRIO | cmdflags::MAP_SKBQUEUE;
        let i = XtSetInfoTarget {
            map_set: set(2, 1, kopt::DIM_ONE_SRC),
            flags: all | cmdflags::EXIST,
            timeout: 5,
            ..XtSetInfoTarget::default()
        };
        let t = load(&sets, 3, &i.encode_v3()).unwrap();
        let info = IpSetSkbInfo {
            skbmark: 0x10,
            skbmarkmask: 0xf0,
            skbprio: 0x0001_0002,
            skbqueue: 3,
        };
        let env_with = |answer: i32, queues: Option<u32>| FakeEnv {
            mark: 0xab,
            ip_set_answers: vec![(2, answer)],
            ip_set_skbinfo: vec![(2, info)],
            tx_queues: queues,
            ..FakeEnv::default()
        };
        let mut env = env_with(1, Some(4));
        run_env(&t, &mut env);
        // Only the map flags go with the lookup, with the set's timeout.
        assert_eq!(
            env.ip_set_calls,
            [(2, opt(1, kopt::DIM_ONE_SRC, all, IPSET_NO_TIMEOUT))]
        );
        assert_eq!(
            env.actions,
            [
                Action::SetMark((0xab & !0xf0) ^ 0x10),
                Action::SetPriority(0x0001_0002),
                Action::SetQueueMapping(3),
            ]
        );
        // Not found: nothing.
        let mut env = env_with(0, Some(4));
        run_env(&t, &mut env);
        assert!(env.actions.is_empty());
        // The queue only when the device has more queues than its number.
        for q in [None, Some(0), Some(3)] {
            let mut env = env_with(1, q);
            run_env(&t, &mut env);
            assert_eq!(env.actions.len(), 2, "{q:?}");
        }
        // Inverted: applied when not found, with what the lookup left (zeros: the mark kept).
        let inv = XtSetInfoTarget {
            map_set: set(2, 1, kopt::DIM_ONE_SRC | kopt::INV_MATCH),
            flags: cmdflags::MAP_SKBMARK | cmdflags::MAP_SKBPRIO,
            ..XtSetInfoTarget::default()
        };
        let t = load(&sets, 3, &inv.encode_v3()).unwrap();
        let mut env = FakeEnv {
            mark: 0xab,
            ..FakeEnv::default()
        };
        run_env(&t, &mut env);
        assert_eq!(env.actions, [Action::SetMark(0xab), Action::SetPriority(0)]);
        let mut env = env_with(1, Some(4));
        run_env(&t, &mut env);
        assert!(env.actions.is_empty());
        // Only the mark: the rest is left alone.
        let m = XtSetInfoTarget {
            flags: cmdflags::MAP_SKBMARK,
            ..i
        };
        let t = load(&sets, 3, &m.encode_v3()).unwrap();
        let mut env = env_with(-1, Some(4));
        run_env(&t, &mut env);
        assert_eq!(env.actions, [Action::SetMark(0x1b)]);
    }

    #[test]
    fn revision_0_compat_flags_and_checks() {
        let sets = Sets::default();
        let mut i = XtSetInfoTargetV0 {
            add_set: XtSetInfoV0 {
                index: 1,
                flags: [v0flags::SRC, v0flags::DST, 0, 0, 0, 0, 0],
            },
            del_set: XtSetInfoV0 {
                index: IPSET_INVALID_ID,
                flags: [v0flags::DST | v0flags::MATCH_INV, 0, 0, 0, 0, 0, 0],
            },
        };
        let (t, shown) = load_in(&sets, b"filter", IN, 0, &i.encode()).unwrap();
        assert_eq!(*sets.got.borrow(), [1]);
        // Both sets' compat bytes are filled in, the unused one's too.
        assert_eq!(&shown[28..30], &[2, 1 << 1]);
        assert_eq!(&shown[60..62], &[1, kopt::INV_MATCH]);
        assert_eq!(t.del, None);
        let mut env = FakeEnv::default();
        run_env(&t, &mut env);
        assert_eq!(
            env.actions,
            [Action::IpSetAdd(1, opt(2, 1 << 1, 0, IPSET_NO_TIMEOUT))]
        );
        // The lookups come first, then the dimension of either set.
        i.del_set.flags = [1, 1, 1, 1, 1, 1, 0];
        sets.log.borrow_mut().clear();
        assert_eq!(
            load(&sets, 0, &i.encode()).err(),
            Some(Error::Range(DIM_OVER))
        );
        assert_eq!(*sets.log.borrow(), ["SET target dimension over the limit!"]);
        i.del_set.index = 5;
        assert_eq!(
            load(&sets, 0, &i.encode()).err(),
            Some(Error::NoEnt(NO_DEL_SET))
        );
        i.add_set.index = 4;
        assert_eq!(
            load(&sets, 0, &i.encode()).err(),
            Some(Error::NoEnt(NO_ADD_SET))
        );
    }

    #[test]
    fn revision_0_compat_bytes_in_the_table_copy() {
        use super::super::super::abi::{ipt_entry, xt_entry, IPT_REPLACE_SIZE};
        let i = XtSetInfoTargetV0 {
            add_set: XtSetInfoV0 {
                index: 1,
                flags: [v0flags::DST, v0flags::SRC, 0, 0, 0, 0, 0],
            },
            del_set: XtSetInfoV0 {
                index: 2,
                flags: [v0flags::SRC, 0, 0, 0, 0, 0, 0],
            },
        };
        let buf = filter(
            &[r(tgt(b"SET", 0, &i.encode())), r(v(VERDICT_DROP))],
            VERDICT_ACCEPT,
            &[],
        );
        let rs = parse(&buf).unwrap();
        let at = entry_at(&buf, 0) - IPT_REPLACE_SIZE + ipt_entry::ELEMS + xt_entry::DATA;
        assert_eq!(&rs.blob()[at..at + 28], &i.encode()[..28]);
        assert_eq!(&rs.blob()[at + 28..at + 30], &[2, 1 << 2]);
        assert_eq!(&rs.blob()[at + 60..at + 62], &[1, 1 << 1]);
    }
}
