// SPDX-License-Identifier: GPL-2.0

//! The `NFQUEUE` target (`net/netfilter/xt_NFQUEUE.c`): hands the packet to a userspace
//! program listening on an nfnetlink_queue queue (`NF_QUEUE_NR(num)`), revisions 0 to 3
//! (iptables-legacy 1.8.9 sends 3). With `--queue-balance a:b` the queue is chosen per flow by
//! `nfqueue_hash` (both directions of a flow land in one queue) or, with
//! `--queue-cpu-fanout`, by the CPU; `--queue-bypass` accepts the packet when nobody listens.
//!
//! The hash's `jhash_initval` is random per boot in upstream (`init_hashrandom`, on the first
//! check); oxtables draws its own ([`LoadEnv::random_u32`]), so the queue a balanced flow gets
//! may differ from the one ip_tables.ko would give it: the distribution over the range and the
//! per-flow consistency are the same.

use core::sync::atomic::{AtomicU32, Ordering};

use super::super::abi::{put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::recent::{jhash_final, JHASH_INITVAL};
use super::{CheckParam, ExtId, Family, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_NFQ_info)`.
pub const XT_NFQ_INFO_SIZE: usize = 2;
/// `sizeof(struct xt_NFQ_info_v1)`.
pub const XT_NFQ_INFO_V1_SIZE: usize = 4;
/// `sizeof(struct xt_NFQ_info_v2)`.
pub const XT_NFQ_INFO_V2_SIZE: usize = 6;
/// `sizeof(struct xt_NFQ_info_v3)`.
pub const XT_NFQ_INFO_V3_SIZE: usize = 6;

/// `NFQ_FLAG_BYPASS`.
pub const NFQ_FLAG_BYPASS: u16 = 0x01;
/// `NFQ_FLAG_CPU_FANOUT`.
pub const NFQ_FLAG_CPU_FANOUT: u16 = 0x02;
/// `NFQ_FLAG_MASK`.
pub const NFQ_FLAG_MASK: u16 = 0x03;

/// `struct xt_NFQ_info_v3` (revisions 0 to 2 are its prefixes: `queuenum`; `queues_total`;
/// `bypass` in the place of `flags`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtNfqInfo {
    /// `queuenum`: the (first) queue.
    pub queuenum: u16,
    /// `queues_total`: how many queues from `queuenum` on (revision 1 on).
    pub queues_total: u16,
    /// `flags` (revision 3) or `bypass` (revision 2).
    pub flags: u16,
}

impl XtNfqInfo {
    /// Decodes revision `rev`'s struct from `b`; fields the revision lacks are 0.
    pub fn decode(rev: u8, b: &[u8]) -> Option<Self> {
        let mut i = Self {
            queuenum: read_u16(b, 0)?,
            ..Self::default()
        };
        if rev >= 1 {
            i.queues_total = read_u16(b, 2)?;
        }
        if rev >= 2 {
            i.flags = read_u16(b, 4)?;
        }
        Some(i)
    }

    /// Encodes revision `rev`'s struct (its size is [`size_of_rev`]; the rest stays 0).
    pub fn encode(&self) -> [u8; XT_NFQ_INFO_V3_SIZE] {
        let mut b = [0u8; XT_NFQ_INFO_V3_SIZE];
        put(&mut b, 0, &self.queuenum.to_ne_bytes());
        put(&mut b, 2, &self.queues_total.to_ne_bytes());
        put(&mut b, 4, &self.flags.to_ne_bytes());
        b
    }
}

/// The payload size of revision `rev`.
pub const fn size_of_rev(rev: u8) -> usize {
    match rev {
        0 => XT_NFQ_INFO_SIZE,
        1 => XT_NFQ_INFO_V1_SIZE,
        2 => XT_NFQ_INFO_V2_SIZE,
        _ => XT_NFQ_INFO_V3_SIZE,
    }
}

const fn reg(revision: u8) -> Reg {
    Reg {
        family: Family::Unspec,
        revision,
        ..Reg::target(ExtId::Nfqueue, b"NFQUEUE", size_of_rev(revision))
    }
}

/// `nfqueue_tg_reg`: four revisions, all family-independent.
const REGS: &[Reg] = &[reg(0), reg(1), reg(2), reg(3)];

/// `nfqueue_tg_check`: `queues_total == 0`.
pub const TOTAL_ZERO: Reject = Reject::Check("NFQUEUE: number of total queues is 0");
/// `nfqueue_tg_check`: `queuenum + queues_total - 1 > 0xffff`.
pub const OUT_OF_RANGE: Reject = Reject::Check("NFQUEUE: number of queues out of range");
/// `nfqueue_tg_check`: revision 2's `bypass` above 1, or revision 3's flags outside
/// `NFQ_FLAG_MASK`.
pub const FLAGS: Reject = Reject::Check("NFQUEUE: unknown flags");

/// `jhash_initval`: drawn on the first check (`init_hashrandom`), kept for the module's life.
static JHASH_INITVAL_SEED: AtomicU32 = AtomicU32::new(0);

/// `init_hashrandom(&jhash_initval)`: the seed, drawn from `random` until it is not 0 (racing
/// checks agree on the first one stored).
fn init_hashrandom(mut random: impl FnMut() -> u32) -> u32 {
    loop {
        let cur = JHASH_INITVAL_SEED.load(Ordering::Relaxed);
        if cur != 0 {
            return cur;
        }
        let _ =
            JHASH_INITVAL_SEED.compare_exchange(0, random(), Ordering::Relaxed, Ordering::Relaxed);
    }
}

/// `jhash_3words(a, b, c, initval)`.
pub fn jhash_3words(a: u32, b: u32, c: u32, initval: u32) -> u32 {
    let iv = initval.wrapping_add(JHASH_INITVAL).wrapping_add(3 << 2);
    let (mut a, mut b, mut c) = (a.wrapping_add(iv), b.wrapping_add(iv), c.wrapping_add(iv));
    jhash_final(&mut a, &mut b, &mut c);
    c
}

/// `hash_v4(iph, initval)`: the addresses as the header holds them (big-endian words read in
/// CPU order), the smaller first, so both directions of a flow hash alike.
pub fn hash_v4(saddr: u32, daddr: u32, protocol: u8, initval: u32) -> u32 {
    let (s, d) = (
        u32::from_ne_bytes(saddr.to_be_bytes()),
        u32::from_ne_bytes(daddr.to_be_bytes()),
    );
    if s < d {
        jhash_3words(s, d, u32::from(protocol), initval)
    } else {
        jhash_3words(d, s, u32::from(protocol), initval)
    }
}

/// `reciprocal_scale(val, ep_ro)`.
pub const fn reciprocal_scale(val: u32, ep_ro: u32) -> u32 {
    // CAST: the product of two `u32` shifted right by 32 fits in `u32`.
    ((val as u64 * ep_ro as u64) >> 32) as u32
}

/// A validated `NFQUEUE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nfqueue {
    /// The revision (which target function runs).
    pub revision: u8,
    /// The payload, as given.
    pub info: XtNfqInfo,
    /// `jhash_initval` when the rule was checked.
    pub initval: u32,
}

impl TargetDef for Nfqueue {
    const REGS: &'static [Reg] = REGS;

    /// `nfqueue_tg_check` (revisions 1 to 3; revision 0 has none).
    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtNfqInfo::decode(reg.revision, payload)
            .ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if reg.revision == 0 {
            return Ok(Nfqueue {
                revision: 0,
                info,
                initval: 0,
            });
        }
        let initval = init_hashrandom(|| par.load.random_u32());
        if info.queues_total == 0 {
            par.load
                .info_ratelimited(format_args!("xt_NFQUEUE: number of total queues is 0"));
            return Err(Error::Inval(TOTAL_ZERO));
        }
        // NO-OVERFLOW: both are `u16`; `queues_total >= 1`.
        let maxid = u32::from(info.queues_total) - 1 + u32::from(info.queuenum);
        if maxid > 0xffff {
            par.load.info_ratelimited(format_args!(
                "xt_NFQUEUE: number of queues ({}) out of range (got {})",
                info.queues_total, maxid
            ));
            return Err(Error::Range(OUT_OF_RANGE));
        }
        if reg.revision == 2 && info.flags > 1 {
            return Err(Error::Inval(FLAGS));
        }
        if reg.revision == 3 && info.flags & !NFQ_FLAG_MASK != 0 {
            return Err(Error::Inval(FLAGS));
        }
        Ok(Nfqueue {
            revision: reg.revision,
            info,
            initval,
        })
    }

    /// `nfqueue_tg`, `nfqueue_tg_v1`, `nfqueue_tg_v2`, `nfqueue_tg_v3`.
    fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        let i = self.info;
        let mut queue = u32::from(i.queuenum);
        let total = u32::from(i.queues_total);
        if self.revision >= 1 && total > 1 {
            if self.revision == 3 && i.flags & NFQ_FLAG_CPU_FANOUT != 0 {
                // NO-OVERFLOW: `queuenum + queues_total - 1 <= 0xffff` (the check).
                queue = queue.wrapping_add(env.cpu_id() % total);
            } else {
                let h = hash_v4(pkt.saddr, pkt.daddr, pkt.protocol, self.initval);
                queue = queue.wrapping_add(reciprocal_scale(h, total));
            }
        }
        let bypass = match self.revision {
            2 => i.flags != 0,
            3 => i.flags & NFQ_FLAG_BYPASS != 0,
            _ => false,
        };
        TargetVerdict::Queue {
            // CAST: at most `0xffff` by the check (revision 0: the `u16` itself); upstream's
            // `NF_QUEUE_NR` keeps 16 bits too.
            num: queue as u16,
            bypass,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn payload(rev: u8, i: XtNfqInfo) -> Vec<u8> {
        let mut b = vec![0u8; xt_align(size_of_rev(rev))];
        let n = size_of_rev(rev);
        b[..n].copy_from_slice(&i.encode()[..n]);
        b
    }

    fn xt_align(n: usize) -> usize {
        n.div_ceil(8) * 8
    }

    fn info(queuenum: u16, queues_total: u16, flags: u16) -> XtNfqInfo {
        XtNfqInfo {
            queuenum,
            queues_total,
            flags,
        }
    }

    fn check(rev: u8, i: XtNfqInfo) -> Result<Nfqueue, Error> {
        match ext_of(load_target(
            b"NFQUEUE",
            rev,
            &payload(rev, i),
            &filter_input(),
        ))? {
            TargetExt::Nfqueue(n) => Ok(n),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn layout() {
        let i = info(0x1234, 5, 3);
        let b = i.encode();
        assert_eq!(&b[..2], &0x1234u16.to_ne_bytes());
        assert_eq!(XtNfqInfo::decode(3, &b), Some(i));
        assert_eq!(XtNfqInfo::decode(2, &b), Some(i));
        assert_eq!(XtNfqInfo::decode(1, &b), Some(info(0x1234, 5, 0)));
        assert_eq!(XtNfqInfo::decode(0, &b), Some(info(0x1234, 0, 0)));
        assert_eq!(XtNfqInfo::decode(3, &b[..5]), None);
        for (rev, size) in [(0, 2), (1, 4), (2, 6), (3, 6)] {
            let r = super::super::find(ExtKind::Target, b"NFQUEUE", rev).unwrap();
            assert_eq!((r.size, r.aligned_size(), r.user_size()), (size, 8, size));
            assert_eq!(r.family, Family::Unspec);
            assert_eq!((r.table, r.hooks, r.proto), (None, 0, 0));
            assert_eq!(
                find_revision(ExtKind::Target, &name(b"NFQUEUE"), rev),
                Ok(3)
            );
        }
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"NFQUEUE"), 4),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        // Family-independent: a wrong revision is EPROTOTYPE.
        assert_eq!(
            load_target(b"NFQUEUE", 4, &[0; 8], &filter_input()).err(),
            Some(Error::ProtoType(Reject::TargetRevision))
        );
        for bad in [&[0u8; 0][..], &[0; 2], &[0; 16]] {
            assert_eq!(
                load_target(b"NFQUEUE", 3, bad, &filter_input()).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
    }

    #[test]
    fn checks() {
        // Revision 0 has no check: any queue number, even with garbage after it.
        assert!(check(0, info(65535, 0, 0)).is_ok());
        for rev in 1..=3 {
            assert_eq!(check(rev, info(0, 0, 0)), Err(Error::Inval(TOTAL_ZERO)));
            assert_eq!(check(rev, info(65535, 0, 0)), Err(Error::Inval(TOTAL_ZERO)));
            assert!(check(rev, info(65535, 1, 0)).is_ok());
            assert!(check(rev, info(0, 65535, 0)).is_ok());
            assert!(check(rev, info(1, 65535, 0)).is_ok());
            assert_eq!(
                check(rev, info(2, 65535, 0)),
                Err(Error::Range(OUT_OF_RANGE))
            );
            assert_eq!(
                check(rev, info(65535, 2, 0)),
                Err(Error::Range(OUT_OF_RANGE))
            );
            // The range comes before the flags.
            assert_eq!(
                check(rev, info(65535, 2, 0xff)),
                Err(Error::Range(OUT_OF_RANGE))
            );
        }
        // Revision 1 ignores what follows its struct.
        let mut p = payload(1, info(1, 1, 0));
        p[4..8].fill(0xff);
        assert!(load_target(b"NFQUEUE", 1, &p, &filter_input()).is_ok());
        assert!(check(2, info(0, 1, 1)).is_ok());
        assert_eq!(check(2, info(0, 1, 2)), Err(Error::Inval(FLAGS)));
        for f in 0..=3 {
            assert!(check(3, info(0, 1, f)).is_ok());
        }
        for f in [4, 8, 0x8000, 0xffff] {
            assert_eq!(check(3, info(0, 1, f)), Err(Error::Inval(FLAGS)));
        }
        // Any table and hook.
        for (t, h) in [
            (&b"raw"[..], PRE | OUT),
            (b"mangle", PRE | POST),
            (b"nat", PRE),
        ] {
            assert!(load_target(b"NFQUEUE", 3, &payload(3, info(1, 1, 0)), &par(t, h, 0)).is_ok());
        }
        // The seed is drawn once and kept.
        let a = check(1, info(0, 2, 0)).unwrap().initval;
        let b = check(3, info(0, 2, 0)).unwrap().initval;
        assert_ne!(a, 0);
        assert_eq!(a, b);
    }

    #[test]
    fn jhash_as_the_kernel() {
        // jhash_3words(1, 2, 3, 0), jhash_3words(0, 0, 0, 0) by the kernel's lookup3 code.
        assert_eq!(jhash_3words(0, 0, 0, 0), {
            let iv = JHASH_INITVAL.wrapping_add(12);
            let (mut a, mut b, mut c) = (iv, iv, iv);
            jhash_final(&mut a, &mut b, &mut c);
            c
        });
        // Symmetric in the addresses.
        let (s, d) = (0x0a00_0102, 0x0a00_0202);
        assert_eq!(hash_v4(s, d, 17, 7), hash_v4(d, s, 17, 7));
        assert_ne!(hash_v4(s, d, 17, 7), hash_v4(s, d, 6, 7));
        assert_eq!(reciprocal_scale(u32::MAX, 4), 3);
        assert_eq!(reciprocal_scale(0, 4), 0);
        assert_eq!(reciprocal_scale(0x8000_0000, 4), 2);
    }

    fn verdict(t: &Nfqueue, p: &Packet<'_>, env: &mut FakeEnv) -> TargetVerdict {
        let mut p = *p;
        t.run(&mut p, env)
    }

    #[test]
    fn verdicts() {
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let p = pkt(&l4);
        let mut env = FakeEnv::default();
        let q = |num, bypass| TargetVerdict::Queue { num, bypass };
        // Revision 0: the queue, no bypass.
        let t = check(0, info(7, 0, 0)).unwrap();
        assert_eq!(verdict(&t, &p, &mut env), q(7, false));
        // One queue: no hash.
        for rev in 1..=3 {
            let t = check(rev, info(9, 1, 0)).unwrap();
            assert_eq!(verdict(&t, &p, &mut env), q(9, false));
        }
        assert_eq!(
            verdict(&check(2, info(9, 1, 1)).unwrap(), &p, &mut env),
            q(9, true)
        );
        assert_eq!(
            verdict(&check(3, info(9, 1, 1)).unwrap(), &p, &mut env),
            q(9, true)
        );
        assert_eq!(
            verdict(&check(3, info(9, 1, 2)).unwrap(), &p, &mut env),
            q(9, false)
        );
        // Balanced: the hash picks within the range, the same for both directions.
        for rev in 1..=3 {
            let t = check(rev, info(100, 4, 0)).unwrap();
            let h = hash_v4(p.saddr, p.daddr, p.protocol, t.initval);
            // CAST: below 104.
            let want = 100 + reciprocal_scale(h, 4) as u16;
            assert_eq!(verdict(&t, &p, &mut env), q(want, false));
            let back = Packet {
                saddr: p.daddr,
                daddr: p.saddr,
                ..p
            };
            assert_eq!(verdict(&t, &back, &mut env), q(want, false));
        }
        // Many flows spread over every queue of the range.
        let t = check(3, info(100, 4, 1)).unwrap();
        let mut seen = [0u32; 4];
        for host in 0..256u32 {
            let f = Packet {
                saddr: 0x0a00_0000 | host,
                ..p
            };
            match verdict(&t, &f, &mut env) {
                TargetVerdict::Queue { num, bypass: true } if (100..104).contains(&num) => {
                    seen[usize::from(num - 100)] += 1
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(seen.iter().all(|&n| n > 20), "{seen:?}");
        // CPU fanout: queuenum + cpu % total.
        let t = check(3, info(10, 3, NFQ_FLAG_CPU_FANOUT)).unwrap();
        for (cpu, want) in [(0, 10), (1, 11), (2, 12), (3, 10), (7, 11)] {
            env.cpu = cpu;
            assert_eq!(verdict(&t, &p, &mut env), q(want, false));
        }
        // Revision 2 ignores fanout: bit 1 would have been refused anyway; revision 1 never
        // bypasses.
        let t = Nfqueue {
            revision: 1,
            info: info(10, 1, 1),
            initval: 1,
        };
        assert_eq!(verdict(&t, &p, &mut env), q(10, false));
    }

    #[test]
    fn walk_stops_with_the_queue() {
        let rules = [r(tgt(b"NFQUEUE", 3, &payload(3, info(5, 1, 1))))];
        let rs = parse(&filter(&rules, VERDICT_DROP, &[])).unwrap();
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let (o, hits) = run(&rs, Hook::LocalIn, &pkt(&l4));
        assert_eq!(
            (o.verdict(), hits),
            (
                Verdict::Queue {
                    num: 5,
                    bypass: true
                },
                vec![0]
            )
        );
    }
}
