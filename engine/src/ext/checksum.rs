// SPDX-License-Identifier: GPL-2.0

//! The `CHECKSUM` target (`net/netfilter/xt_CHECKSUM.c`, `struct xt_CHECKSUM_info`): for a
//! packet whose transport checksum is still left to the device (`CHECKSUM_PARTIAL`), computes it
//! in software (`skb_checksum_help`), for peers that cannot take partial checksums (libvirt's
//! DHCP replies to guests: `-t mangle -A POSTROUTING -o virbr0 -p udp --dport 68 -j CHECKSUM
//! --checksum-fill`). Revision 0, the mangle table only.

use super::super::env::{Env, WarnOnce};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_CHECKSUM_info)`.
pub const XT_CHECKSUM_INFO_SIZE: usize = 1;
/// `XT_CHECKSUM_OP_FILL`: fill in the checksum.
pub const XT_CHECKSUM_OP_FILL: u8 = 0x01;
/// `IPPROTO_UDP`.
const IPPROTO_UDP: u16 = 17;

/// `struct xt_CHECKSUM_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtChecksumInfo {
    /// `operation`: a set of `XT_CHECKSUM_OP_*` bits.
    pub operation: u8,
}

impl XtChecksumInfo {
    /// Decodes the first byte of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            operation: *b.first()?,
        })
    }

    /// Encodes to the 1-byte wire form.
    pub fn encode(&self) -> [u8; XT_CHECKSUM_INFO_SIZE] {
        [self.operation]
    }
}

/// `checksum_tg_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    table: Some(b"mangle"),
    ..Reg::target(ExtId::Checksum, b"CHECKSUM", XT_CHECKSUM_INFO_SIZE)
}];

/// `checksum_tg_check`: an operation bit other than `XT_CHECKSUM_OP_FILL`.
pub const UNKNOWN_OP: Reject = Reject::Check("CHECKSUM: unsupported operation");
/// `checksum_tg_check`: no operation.
pub const NO_OP: Reject = Reject::Check("CHECKSUM: no operation");

/// `checksum_tg_check`'s `pr_warn_once`, for a rule that is not restricted to UDP.
pub static AVOID: WarnOnce = WarnOnce::new(
    "CHECKSUM should be avoided.  If really needed, restrict with \"-p udp\" and only use in OUTPUT",
);

/// A validated `CHECKSUM --checksum-fill` (the only operation there is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checksum;

impl TargetDef for Checksum {
    const REGS: &'static [Reg] = REGS;

    /// `checksum_tg_check`: unknown operation bits (logged, rate-limited), then no operation,
    /// both `EINVAL`; a rule not restricted to UDP (`-p udp`, not inverted) is taken with a
    /// warning, once.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtChecksumInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if i.operation & !XT_CHECKSUM_OP_FILL != 0 {
            par.load.info_ratelimited(format_args!(
                "unsupported CHECKSUM operation {:x}",
                i.operation
            ));
            return Err(Error::Inval(UNKNOWN_OP));
        }
        if i.operation == 0 {
            return Err(Error::Inval(NO_OP));
        }
        if par.proto != IPPROTO_UDP || par.inv_proto {
            par.load.warn_once(&AVOID);
        }
        Ok(Checksum)
    }

    /// `checksum_tg`: a `CHECKSUM_PARTIAL`, non-GSO packet whose checksum starts inside the IP
    /// header is dropped, any other such packet gets its checksum computed; continue.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        if env.checksum_partial() && !env.checksum_help() {
            return TargetVerdict::Drop;
        }
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::*;
    use std::cell::RefCell;
    use std::string::{String, ToString};

    /// A load environment that records what the checks log.
    #[derive(Default)]
    struct Log {
        lines: RefCell<Vec<String>>,
    }

    impl LoadEnv for Log {
        fn hz(&self) -> u32 {
            250
        }
        fn jiffies(&self) -> u64 {
            HOST_JIFFIES
        }
        fn warn_once(&self, once: &'static WarnOnce) {
            // Every request is recorded: whether the kernel prints it is `WarnOnce::first`.
            self.lines
                .borrow_mut()
                .push(std::format!("warn: {}", once.msg()));
        }
        fn info_ratelimited(&self, msg: core::fmt::Arguments<'_>) {
            self.lines.borrow_mut().push(std::format!("info: {msg}"));
        }
    }

    fn payload(op: u8) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..1].copy_from_slice(&XtChecksumInfo { operation: op }.encode());
        p
    }

    /// Loads `CHECKSUM` with `op` in mangle POSTROUTING for a rule of protocol `proto`:
    /// the result and what was logged.
    fn load(op: u8, proto: u16, inv_proto: bool) -> (Result<TargetExt, Error>, Vec<String>) {
        let log = Log::default();
        let p = CheckParam {
            proto,
            inv_proto,
            load: &log,
            ..par(b"mangle", POST, 0)
        };
        let r = ext_of(load_target(b"CHECKSUM", 0, &payload(op), &p));
        (r, log.lines.take())
    }

    const WARN: &str = "warn: CHECKSUM should be avoided.  If really needed, restrict with \
                        \"-p udp\" and only use in OUTPUT";

    #[test]
    fn layout_and_registration() {
        assert_eq!(XtChecksumInfo { operation: 1 }.encode(), [1]);
        assert_eq!(
            XtChecksumInfo::decode(&[1, 2]),
            Some(XtChecksumInfo { operation: 1 })
        );
        assert_eq!(XtChecksumInfo::decode(&[]), None);
        let r = super::super::find(ExtKind::Target, b"CHECKSUM", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (1, 8, 1));
        assert_eq!((r.table, r.hooks, r.proto), (Some(&b"mangle"[..]), 0, 0));
        assert_eq!(find_revision(ExtKind::Target, &name(b"CHECKSUM"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"CHECKSUM"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
    }

    #[test]
    fn checks_and_their_messages() {
        // `-p udp`: taken silently.
        assert_eq!(
            load(1, 17, false),
            (Ok(TargetExt::Checksum(Checksum)), vec![])
        );
        // Anything else is taken with the warning.
        for (proto, inv) in [(0, false), (6, false), (17, true), (1, true)] {
            assert_eq!(
                load(1, proto, inv),
                (Ok(TargetExt::Checksum(Checksum)), vec![WARN.to_string()]),
                "{proto} {inv}"
            );
        }
        // Unknown bits: EINVAL with the operation in hex, before the protocol is looked at.
        for op in [2, 3, 0x80, 0xff] {
            assert_eq!(
                load(op, 17, false),
                (
                    Err(Error::Inval(UNKNOWN_OP)),
                    vec![std::format!("info: unsupported CHECKSUM operation {op:x}")]
                )
            );
        }
        assert_eq!(load(0, 0, false), (Err(Error::Inval(NO_OP)), vec![]));
        assert_eq!(load(0, 17, false).0, Err(Error::Inval(NO_OP)));
        // Sizes, revisions, tables (each before the operation is looked at).
        let log = Log::default();
        let mangle = CheckParam {
            load: &log,
            ..par(b"mangle", PRE | FWD | POST, 17)
        };
        for len in [0, 1, 16] {
            assert_eq!(
                load_target(b"CHECKSUM", 0, &vec![0; len], &mangle).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        assert_eq!(
            load_target(b"CHECKSUM", 1, &payload(1), &mangle).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        for t in [&b"filter"[..], b"raw", b"nat"] {
            let p = CheckParam { table: t, ..mangle };
            assert_eq!(
                load_target(b"CHECKSUM", 0, &payload(2), &p).err(),
                Some(Error::Inval(Reject::TargetTable))
            );
        }
        assert!(log.lines.take().is_empty());
        // Every hook of mangle.
        for hooks in [PRE, IN, FWD, OUT, POST] {
            let p = CheckParam {
                hook_mask: hooks,
                ..mangle
            };
            assert!(load_target(b"CHECKSUM", 0, &payload(1), &p).is_ok());
        }
    }

    #[test]
    fn warn_once_flags() {
        let w = WarnOnce::new("x");
        assert_eq!(w.msg(), "x");
        assert!(w.first());
        assert!(!w.first());
        assert!(!w.first());
    }

    #[test]
    fn fills_partial_checksums() {
        let table = build(
            Table::Mangle,
            &[
                (Hook::PreRouting, &[], VERDICT_ACCEPT),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (
                    Hook::PostRouting,
                    &[
                        rp(17, &[], tgt(b"CHECKSUM", 0, &payload(1))),
                        r(v(VERDICT_DROP)),
                    ],
                    VERDICT_ACCEPT,
                ),
            ],
            &[],
        );
        let rs = parse_as(Table::Mangle, &table).unwrap();
        let udp = pkt(&[0, 53, 0, 68, 0, 8, 0, 0]);
        let udp = Packet {
            protocol: 17,
            ..udp
        };
        // A partial checksum: computed, and the walk goes on.
        let mut env = FakeEnv {
            csum_partial: true,
            ..FakeEnv::default()
        };
        let (o, hits) = run_env(&rs, Hook::PostRouting, &udp, &mut env);
        // (Rule indices count the policies of the hooks before POSTROUTING.)
        assert_eq!((o, hits), (Outcome::Drop, vec![4, 5]));
        assert_eq!(env.actions, vec![Action::ChecksumHelp]);
        assert!(!env.csum_partial);
        // A complete checksum (or a GSO packet): nothing to do.
        let mut env = FakeEnv::default();
        let (o, hits) = run_env(&rs, Hook::PostRouting, &udp, &mut env);
        assert_eq!((o, hits), (Outcome::Drop, vec![4, 5]));
        assert!(env.actions.is_empty());
        // A checksum that starts inside the IP header: dropped by the target.
        let mut env = FakeEnv {
            csum_partial: true,
            csum_start_bad: true,
            ..FakeEnv::default()
        };
        let (o, hits) = run_env(&rs, Hook::PostRouting, &udp, &mut env);
        assert_eq!((o, hits), (Outcome::Drop, vec![4]));
        assert_eq!(env.actions, vec![Action::ChecksumHelp]);
        // TCP does not reach the target.
        let l4 = tcp_hdr(1, 2, 0x10, &[]);
        let mut env = FakeEnv {
            csum_partial: true,
            ..FakeEnv::default()
        };
        let (_, hits) = run_env(&rs, Hook::PostRouting, &pkt(&l4), &mut env);
        assert_eq!(hits, vec![5]);
        assert!(env.actions.is_empty());
        // Not in filter.
        let f = filter(
            &[rp(17, &[], tgt(b"CHECKSUM", 0, &payload(1)))],
            VERDICT_ACCEPT,
            &[],
        );
        rejects(&f, Error::Inval(Reject::TargetTable));
    }
}
