// SPDX-License-Identifier: GPL-2.0

//! The `set` match (`net/netfilter/xt_set.c`), revisions 0 to 4: whether the packet's
//! addresses and ports, in the order the rule names them, are in an ipset (`ip_set_test`).
//!
//! The set is named by its index in the namespace's ipset list (the tool turns the name into
//! the index with the `SO_IP_SET` getsockopt). The check takes a reference on the set
//! (`ip_set_nfnl_get_byindex`, [`LoadEnv::ip_set_get_byindex`]); the rule holds it until it is
//! freed with its table (`ip_set_nfnl_put`).

use super::super::abi::{put, read_u16, read_u32, read_u64};
use super::super::env::{Env, IpSetAdtOpt};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_set_info_match_v0)`.
pub const XT_SET_INFO_MATCH_V0_SIZE: usize = 32;
/// `sizeof(struct xt_set_info_match_v1)` (revisions 1 and 2).
pub const XT_SET_INFO_MATCH_V1_SIZE: usize = 4;
/// `sizeof(struct xt_set_info_match_v3)`.
pub const XT_SET_INFO_MATCH_V3_SIZE: usize = 48;
/// `sizeof(struct xt_set_info_match_v4)`.
pub const XT_SET_INFO_MATCH_V4_SIZE: usize = 48;

/// `IPSET_INVALID_ID`: no set.
pub const IPSET_INVALID_ID: u16 = 65535;
/// `IPSET_DIM_MAX`.
pub const IPSET_DIM_MAX: u8 = 6;
/// `IPSET_MAXNAMELEN`.
pub const IPSET_MAXNAMELEN: usize = 32;

/// Revision 0's per-dimension flags (`IPSET_SRC`, `IPSET_DST`, `IPSET_MATCH_INV`).
pub mod v0flags {
    /// `IPSET_SRC`.
    pub const SRC: u32 = 0x01;
    /// `IPSET_DST`.
    pub const DST: u32 = 0x02;
    /// `IPSET_MATCH_INV`.
    pub const MATCH_INV: u32 = 0x04;
}

/// `enum ip_set_kopt`: the `flags` byte of `struct xt_set_info`.
pub mod kopt {
    /// `IPSET_INV_MATCH`.
    pub const INV_MATCH: u8 = 1 << 0;
    /// `IPSET_DIM_ONE_SRC`: the first dimension is the source (bit `n` for dimension `n`).
    pub const DIM_ONE_SRC: u8 = 1 << 1;
    /// `IPSET_RETURN_NOMATCH`.
    pub const RETURN_NOMATCH: u8 = 1 << 7;
}

/// The command flags (`enum ipset_cmd_flags`) a rule may pass.
pub mod cmdflags {
    /// `IPSET_FLAG_EXIST`.
    pub const EXIST: u32 = 1 << 0;
    /// `IPSET_FLAG_SKIP_COUNTER_UPDATE`.
    pub const SKIP_COUNTER_UPDATE: u32 = 1 << 3;
    /// `IPSET_FLAG_SKIP_SUBCOUNTER_UPDATE`.
    pub const SKIP_SUBCOUNTER_UPDATE: u32 = 1 << 4;
    /// `IPSET_FLAG_MATCH_COUNTERS`.
    pub const MATCH_COUNTERS: u32 = 1 << 5;
    /// `IPSET_FLAG_RETURN_NOMATCH`.
    pub const RETURN_NOMATCH: u32 = 1 << 7;
    /// `IPSET_FLAG_MAP_SKBMARK`.
    pub const MAP_SKBMARK: u32 = 1 << 8;
    /// `IPSET_FLAG_MAP_SKBPRIO`.
    pub const MAP_SKBPRIO: u32 = 1 << 9;
    /// `IPSET_FLAG_MAP_SKBQUEUE`.
    pub const MAP_SKBQUEUE: u32 = 1 << 10;
}

/// `enum ip_set_counter_op`.
pub mod counter_op {
    /// `IPSET_COUNTER_NONE`.
    pub const NONE: u8 = 0;
    /// `IPSET_COUNTER_EQ`.
    pub const EQ: u8 = 1;
    /// `IPSET_COUNTER_NE`.
    pub const NE: u8 = 2;
    /// `IPSET_COUNTER_LT`.
    pub const LT: u8 = 3;
    /// `IPSET_COUNTER_GT`.
    pub const GT: u8 = 4;
}

/// `struct xt_set_info_v0`: the index, then `u32 flags[IPSET_DIM_MAX + 1]` (the user's
/// per-dimension flags) overlaid by `compat` (six flags, then the `dim` and `flags` bytes the
/// check fills in, at offsets 28 and 29).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtSetInfoV0 {
    /// `index`.
    pub index: u16,
    /// `u.flags`.
    pub flags: [u32; 7],
}

impl XtSetInfoV0 {
    /// Decodes the 32 bytes at the start of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let mut flags = [0u32; 7];
        for (i, f) in flags.iter_mut().enumerate() {
            *f = read_u32(b, 4 + 4 * i)?;
        }
        Some(Self {
            index: read_u16(b, 0)?,
            flags,
        })
    }

    /// Encodes to the 32-byte wire form.
    pub fn encode(&self) -> [u8; XT_SET_INFO_MATCH_V0_SIZE] {
        let mut b = [0u8; XT_SET_INFO_MATCH_V0_SIZE];
        put(&mut b, 0, &self.index.to_ne_bytes());
        for (i, f) in self.flags.iter().enumerate() {
            put(&mut b, 4 + 4 * i, &f.to_ne_bytes());
        }
        b
    }

    /// `compat_flags`: the `(dim, flags)` bytes the check writes, from `u.flags` and the
    /// `compat.flags` byte already there (upstream ORs into it).
    pub fn compat(&self) -> (u8, u8) {
        let [_, _, _, _, _, _, last] = self.flags;
        let mut cflags = last.to_ne_bytes()[1];
        let mut dim = 0u8;
        if self.flags[0] & v0flags::MATCH_INV != 0 {
            cflags |= kopt::INV_MATCH;
        }
        for f in self.flags.iter().take(usize::from(IPSET_DIM_MAX - 1)) {
            if *f == 0 {
                break;
            }
            dim += 1;
            if f & v0flags::SRC != 0 {
                cflags |= 1 << dim;
            }
        }
        (dim, cflags)
    }
}

/// `struct xt_set_info` (revision 1 and later).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtSetInfo {
    /// `index`.
    pub index: u16,
    /// `dim`: how many of the packet's fields are looked up.
    pub dim: u8,
    /// [`kopt`] bits: which dimensions are the source, inversion, `--return-nomatch`.
    pub flags: u8,
}

impl XtSetInfo {
    /// Decodes the 4 bytes at `off` of `b`.
    pub fn decode(b: &[u8], off: usize) -> Option<Self> {
        Some(Self {
            index: read_u16(b, off)?,
            dim: *b.get(off + 2)?,
            flags: *b.get(off + 3)?,
        })
    }

    /// Writes the 4-byte wire form at `off` of `b`.
    pub fn put(&self, b: &mut [u8], off: usize) {
        put(b, off, &self.index.to_ne_bytes());
        put(b, off + 2, &[self.dim, self.flags]);
    }
}

/// `struct ip_set_counter_match0` (revision 3: `op`, then the value at 8) or
/// `struct ip_set_counter_match` (revision 4: the value, then `op` at 8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CounterMatch {
    /// [`counter_op`].
    pub op: u8,
    /// The value compared with.
    pub value: u64,
}

/// `struct xt_set_info_match_v3` / `_v4`: the set, the packet and byte counter tests and the
/// command flags ([`cmdflags`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtSetInfoMatchV3 {
    /// `match_set`.
    pub match_set: XtSetInfo,
    /// `packets`.
    pub packets: CounterMatch,
    /// `bytes`.
    pub bytes: CounterMatch,
    /// `flags`.
    pub flags: u32,
}

impl XtSetInfoMatchV3 {
    /// Decodes 48 bytes in revision `rev`'s (3 or 4) layout.
    pub fn decode(b: &[u8], rev: u8) -> Option<Self> {
        let counter = |off: usize| {
            Some(if rev == 3 {
                CounterMatch {
                    op: *b.get(off)?,
                    value: read_u64(b, off + 8)?,
                }
            } else {
                CounterMatch {
                    value: read_u64(b, off)?,
                    op: *b.get(off + 8)?,
                }
            })
        };
        if b.len() < XT_SET_INFO_MATCH_V3_SIZE {
            return None;
        }
        Some(Self {
            match_set: XtSetInfo::decode(b, 0)?,
            packets: counter(8)?,
            bytes: counter(24)?,
            flags: read_u32(b, 40)?,
        })
    }

    /// Encodes in revision `rev`'s (3 or 4) layout.
    pub fn encode(&self, rev: u8) -> [u8; XT_SET_INFO_MATCH_V3_SIZE] {
        let mut b = [0u8; XT_SET_INFO_MATCH_V3_SIZE];
        self.match_set.put(&mut b, 0);
        for (off, c) in [(8, self.packets), (24, self.bytes)] {
            if rev == 3 {
                put(&mut b, off, &[c.op]);
                put(&mut b, off + 8, &c.value.to_ne_bytes());
            } else {
                put(&mut b, off, &c.value.to_ne_bytes());
                put(&mut b, off + 8, &[c.op]);
            }
        }
        put(&mut b, 40, &self.flags.to_ne_bytes());
        b
    }
}

/// `set_matches`, the IPv4 entries.
const REGS: &[Reg] = &[
    Reg::match_(ExtId::Set, b"set", XT_SET_INFO_MATCH_V0_SIZE),
    Reg {
        revision: 1,
        ..Reg::match_(ExtId::Set, b"set", XT_SET_INFO_MATCH_V1_SIZE)
    },
    Reg {
        revision: 2,
        ..Reg::match_(ExtId::Set, b"set", XT_SET_INFO_MATCH_V1_SIZE)
    },
    Reg {
        revision: 3,
        ..Reg::match_(ExtId::Set, b"set", XT_SET_INFO_MATCH_V3_SIZE)
    },
    Reg {
        revision: 4,
        ..Reg::match_(ExtId::Set, b"set", XT_SET_INFO_MATCH_V4_SIZE)
    },
];

/// `set_match_v*_checkentry`: no set of that index (`ENOENT`).
pub const NO_SET: Reject = Reject::Check("set: cannot find set identified by id to match");
/// `set_match_v*_checkentry`: too many dimensions (`ERANGE`).
pub const DIM_OVER: Reject = Reject::Check("set: set match dimension is over the limit");

/// A validated `set` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetMatch {
    /// The set's index (the rule holds a reference on it).
    pub index: u16,
    /// The lookup options, as `set_match_v*` builds them.
    pub opt: IpSetAdtOpt,
    /// `IPSET_INV_MATCH`.
    pub invert: bool,
    /// Revision 0's `compat` bytes, written back into the payload.
    pub compat: Option<(u8, u8)>,
}

/// `ip_set_nfnl_get_byindex`, logging and refusing as the checks do.
fn get_set(par: &CheckParam<'_>, index: u16) -> Result<(), Error> {
    if par.load.ip_set_get_byindex(index) == IPSET_INVALID_ID {
        par.load.info_ratelimited(format_args!(
            "Cannot find set identified by id {index} to match"
        ));
        return Err(Error::NoEnt(NO_SET));
    }
    Ok(())
}

fn dim_over(par: &CheckParam<'_>) -> Error {
    par.load
        .info_ratelimited(format_args!("set match dimension is over the limit!"));
    Error::Range(DIM_OVER)
}

impl MatchDef for SetMatch {
    const REGS: &'static [Reg] = REGS;

    /// `set_match_v0_checkentry`, `set_match_v1_checkentry` (revisions 1 to 4). A reference
    /// taken before a refusal goes with the refused request (upstream puts it at once).
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let bad = Error::Inval(Reject::MatchPayloadSize);
        let mut opt = IpSetAdtOpt {
            family: 2,
            timeout: u32::MAX,
            ..IpSetAdtOpt::default()
        };
        match reg.revision {
            0 => {
                let i = XtSetInfoV0::decode(payload).ok_or(bad)?;
                get_set(par, i.index)?;
                if i.flags[usize::from(IPSET_DIM_MAX - 1)] != 0 {
                    return Err(dim_over(par));
                }
                let (dim, flags) = i.compat();
                opt.dim = dim;
                opt.flags = flags;
                Ok(SetMatch {
                    index: i.index,
                    opt,
                    invert: flags & kopt::INV_MATCH != 0,
                    compat: Some((dim, flags)),
                })
            }
            1 | 2 => {
                let i = XtSetInfo::decode(payload, 0).ok_or(bad)?;
                get_set(par, i.index)?;
                if i.dim > IPSET_DIM_MAX {
                    return Err(dim_over(par));
                }
                opt.dim = i.dim;
                opt.flags = i.flags;
                if i.flags & kopt::RETURN_NOMATCH != 0 {
                    opt.cmdflags |= cmdflags::RETURN_NOMATCH;
                }
                Ok(SetMatch {
                    index: i.index,
                    opt,
                    invert: i.flags & kopt::INV_MATCH != 0,
                    compat: None,
                })
            }
            rev => {
                let i = XtSetInfoMatchV3::decode(payload, rev).ok_or(bad)?;
                get_set(par, i.match_set.index)?;
                if i.match_set.dim > IPSET_DIM_MAX {
                    return Err(dim_over(par));
                }
                opt.dim = i.match_set.dim;
                opt.flags = i.match_set.flags;
                opt.cmdflags = i.flags;
                opt.packets = i.packets.value;
                opt.bytes = i.bytes.value;
                opt.packets_op = i.packets.op;
                opt.bytes_op = i.bytes.op;
                if i.packets.op != counter_op::NONE || i.bytes.op != counter_op::NONE {
                    opt.cmdflags |= cmdflags::MATCH_COUNTERS;
                }
                Ok(SetMatch {
                    index: i.match_set.index,
                    opt,
                    invert: i.match_set.flags & kopt::INV_MATCH != 0,
                    compat: None,
                })
            }
        }
    }

    /// `set_match_v0`, `_v1`, `_v3`, `_v4`: `match_set`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        // `if (ip_set_test(...)) inv = !inv;`: a negative answer (`--return-nomatch` on a
        // `nomatch` entry) counts as found.
        MatchResult::from_bool((env.ip_set_test(self.index, &self.opt) != 0) ^ self.invert)
    }

    /// `compat_flags` writes revision 0's `compat.dim` and `compat.flags`.
    fn user_fixup(&self, payload: &mut [u8]) {
        if let Some((dim, flags)) = self.compat {
            put(payload, 28, &[dim, flags]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;
    use core::cell::RefCell;

    /// Sets 0 to 3 exist; every reference taken is recorded.
    #[derive(Default)]
    struct Sets {
        got: RefCell<Vec<u16>>,
    }

    impl LoadEnv for Sets {
        fn hz(&self) -> u32 {
            250
        }
        fn jiffies(&self) -> u64 {
            0
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

    fn load(sets: &Sets, rev: u8, p: &[u8]) -> Result<(Match, Vec<u8>), Error> {
        let par = CheckParam {
            load: sets,
            ..filter_input()
        };
        let mut padded = [0u8; 48];
        padded[..p.len()].copy_from_slice(p);
        let len = (p.len() + 7) & !7;
        load_match(b"set", rev, &padded[..len], &par).map(|(m, _)| {
            let mut b = padded[..len].to_vec();
            if let Match::Set(s) = &m {
                s.user_fixup(&mut b);
            }
            (m, b)
        })
    }

    fn run(m: &Match, answer: i32) -> (bool, IpSetAdtOpt) {
        let mut env = FakeEnv {
            ip_set_answers: vec![(2, answer)],
            ..FakeEnv::default()
        };
        let hit = m.run(&icmp_packet(), &mut env) == MatchResult::Yes;
        assert_eq!(env.ip_set_calls.len(), 1);
        (hit, env.ip_set_calls[0].1)
    }

    fn v1(index: u16, dim: u8, flags: u8) -> [u8; 4] {
        let mut b = [0u8; 4];
        XtSetInfo { index, dim, flags }.put(&mut b, 0);
        b
    }

    #[test]
    fn revision_1_and_2_options_and_inversion() {
        let sets = Sets::default();
        let (m, _) = load(&sets, 1, &v1(2, 2, kopt::DIM_ONE_SRC)).unwrap();
        assert_eq!(*sets.got.borrow(), [2]);
        let (hit, opt) = run(&m, 1);
        assert!(hit);
        assert_eq!(
            opt,
            IpSetAdtOpt {
                family: 2,
                dim: 2,
                flags: kopt::DIM_ONE_SRC,
                cmdflags: 0,
                timeout: u32::MAX,
                ..IpSetAdtOpt::default()
            }
        );
        assert!(!run(&m, 0).0);
        // A negative answer counts as found.
        assert!(run(&m, -39).0);
        let (m, _) = load(&sets, 2, &v1(2, 1, kopt::INV_MATCH | kopt::RETURN_NOMATCH)).unwrap();
        let (hit, opt) = run(&m, 1);
        assert!(!hit);
        assert_eq!(opt.cmdflags, cmdflags::RETURN_NOMATCH);
        assert!(run(&m, 0).0);
        // Dimension 6 is allowed, 7 is not; the lookup comes first.
        assert!(load(&sets, 1, &v1(1, 6, 0)).is_ok());
        assert_eq!(
            load(&sets, 1, &v1(1, 7, 0)).err(),
            Some(Error::Range(DIM_OVER))
        );
        assert_eq!(
            load(&sets, 1, &v1(4, 7, 0)).err(),
            Some(Error::NoEnt(NO_SET))
        );
        assert_eq!(
            load(&sets, 2, &v1(IPSET_INVALID_ID, 1, 0)).err(),
            Some(Error::NoEnt(NO_SET))
        );
    }

    #[test]
    fn revision_0_compat_flags() {
        let sets = Sets::default();
        let mut i = XtSetInfoV0 {
            index: 2,
            flags: [0; 7],
        };
        i.flags[0] = v0flags::SRC | v0flags::MATCH_INV;
        i.flags[1] = v0flags::DST;
        i.flags[2] = v0flags::SRC;
        let (m, b) = load(&sets, 0, &i.encode()).unwrap();
        // dim 3, source in dimensions 1 and 3, inverted.
        let want = kopt::INV_MATCH | 1 << 1 | 1 << 3;
        assert_eq!(&b[28..30], &[3, want]);
        let (hit, opt) = run(&m, 1);
        assert!(!hit);
        assert_eq!((opt.dim, opt.flags, opt.cmdflags), (3, want, 0));
        // The loop stops at the first zero and after five dimensions.
        i.flags = [1, 0, 1, 1, 0, 0, 0];
        assert_eq!(i.compat(), (1, 2));
        i.flags = [1, 1, 1, 1, 1, 0, 0];
        assert_eq!(i.compat(), (5, 0x3e));
        // `compat.flags` is ORed into what the user left there.
        i.flags = [2, 0, 0, 0, 0, 0, u32::from_ne_bytes([9, 0x40, 0, 0])];
        assert_eq!(i.compat(), (1, 0x40));
        // `u.flags[5]` set: ERANGE, after the lookup.
        i.flags = [1, 1, 1, 1, 1, 1, 0];
        assert_eq!(
            load(&sets, 0, &i.encode()).err(),
            Some(Error::Range(DIM_OVER))
        );
        i.index = 9;
        assert_eq!(
            load(&sets, 0, &i.encode()).err(),
            Some(Error::NoEnt(NO_SET))
        );
        assert_eq!(
            load_match(b"set", 0, &[0; 8], &filter_input()).err(),
            Some(Error::Inval(Reject::MatchPayloadSize))
        );
    }

    #[test]
    fn revisions_3_and_4_counters() {
        let sets = Sets::default();
        for rev in [3u8, 4] {
            let i = XtSetInfoMatchV3 {
                match_set: XtSetInfo {
                    index: 2,
                    dim: 1,
                    flags: kopt::DIM_ONE_SRC,
                },
                packets: CounterMatch {
                    op: counter_op::GT,
                    value: 5,
                },
                bytes: CounterMatch {
                    op: counter_op::NONE,
                    value: 0x1_0000_0001,
                },
                flags: cmdflags::SKIP_COUNTER_UPDATE,
            };
            let e = i.encode(rev);
            assert_eq!(XtSetInfoMatchV3::decode(&e, rev), Some(i));
            let (m, b) = load(&sets, rev, &e).unwrap();
            assert_eq!(b, e);
            let (hit, opt) = run(&m, 1);
            assert!(hit);
            assert_eq!(
                opt,
                IpSetAdtOpt {
                    family: 2,
                    dim: 1,
                    flags: kopt::DIM_ONE_SRC,
                    cmdflags: cmdflags::SKIP_COUNTER_UPDATE | cmdflags::MATCH_COUNTERS,
                    timeout: u32::MAX,
                    packets: 5,
                    bytes: 0x1_0000_0001,
                    packets_op: counter_op::GT,
                    bytes_op: 0,
                }
            );
            // No counter test: no MATCH_COUNTERS.
            let plain = XtSetInfoMatchV3 {
                packets: CounterMatch::default(),
                bytes: CounterMatch::default(),
                flags: 0,
                ..i
            };
            let (m, _) = load(&sets, rev, &plain.encode(rev)).unwrap();
            assert_eq!(run(&m, 1).1.cmdflags, 0);
            let over = XtSetInfoMatchV3 {
                match_set: XtSetInfo {
                    dim: 7,
                    ..i.match_set
                },
                ..i
            };
            assert_eq!(
                load(&sets, rev, &over.encode(rev)).err(),
                Some(Error::Range(DIM_OVER))
            );
        }
        // The two layouts differ: revision 3 has `op` first.
        let i = XtSetInfoMatchV3 {
            packets: CounterMatch { op: 1, value: 7 },
            ..XtSetInfoMatchV3::default()
        };
        assert_eq!((i.encode(3)[8], i.encode(3)[16]), (1, 7));
        assert_eq!((i.encode(4)[8], i.encode(4)[16]), (7, 1));
        assert_eq!(
            load_match(b"set", 5, &[0; 48], &filter_input()).err(),
            Some(Error::NoEnt(Reject::MatchRevision))
        );
    }
}
