// SPDX-License-Identifier: GPL-2.0

//! The `NFLOG` target (`net/netfilter/xt_NFLOG.c`), IPv4 registration: hands the packet to the
//! `ULOG`-type logger (`nfnetlink_log`) with the rule's group, copy length, queue threshold and
//! prefix, and continues.

use super::super::abi::{c_str, put, read_array, read_u16, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Needs, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_nflog_info)`.
pub const XT_NFLOG_INFO_SIZE: usize = 76;
/// `sizeof(((struct xt_nflog_info *)0)->prefix)`.
pub const XT_NFLOG_PREFIX_SIZE: usize = 64;
/// `XT_NFLOG_DEFAULT_GROUP`.
pub const XT_NFLOG_DEFAULT_GROUP: u16 = 1;
/// `XT_NFLOG_DEFAULT_THRESHOLD`.
pub const XT_NFLOG_DEFAULT_THRESHOLD: u16 = 0;
/// `XT_NFLOG_MASK`: the flags the kernel accepts.
pub const XT_NFLOG_MASK: u16 = 0x1;
/// `XT_NFLOG_F_COPY_LEN`: `len` is set (`--nflog-size`).
pub const XT_NFLOG_F_COPY_LEN: u16 = 0x1;
/// `NF_LOG_F_COPY_LEN` (`include/net/netfilter/nf_log.h`): the logger's copy-length flag.
pub const NF_LOG_F_COPY_LEN: u16 = 0x1;

/// `struct xt_nflog_info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XtNflogInfo {
    /// `len`: bytes to copy, used iff `flags` has [`XT_NFLOG_F_COPY_LEN`].
    pub len: u32,
    /// `group`: the nfnetlink_log group.
    pub group: u16,
    /// `threshold`: the in-kernel queue threshold.
    pub threshold: u16,
    /// `flags`: `XT_NFLOG_F_*`.
    pub flags: u16,
    /// `pad`.
    pub pad: u16,
    /// `prefix`: NUL-terminated.
    pub prefix: [u8; XT_NFLOG_PREFIX_SIZE],
}

impl Default for XtNflogInfo {
    fn default() -> Self {
        Self {
            len: 0,
            group: 0,
            threshold: 0,
            flags: 0,
            pad: 0,
            prefix: [0; XT_NFLOG_PREFIX_SIZE],
        }
    }
}

impl XtNflogInfo {
    /// Decodes the first 76 bytes of `b` (host byte order).
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            len: read_u32(b, 0)?,
            group: read_u16(b, 4)?,
            threshold: read_u16(b, 6)?,
            flags: read_u16(b, 8)?,
            pad: read_u16(b, 10)?,
            prefix: read_array(b, 12)?,
        })
    }

    /// Encodes to the 76-byte wire form.
    pub fn encode(&self) -> [u8; XT_NFLOG_INFO_SIZE] {
        let mut b = [0u8; XT_NFLOG_INFO_SIZE];
        put(&mut b, 0, &self.len.to_ne_bytes());
        put(&mut b, 4, &self.group.to_ne_bytes());
        put(&mut b, 6, &self.threshold.to_ne_bytes());
        put(&mut b, 8, &self.flags.to_ne_bytes());
        put(&mut b, 10, &self.pad.to_ne_bytes());
        put(&mut b, 12, &self.prefix);
        b
    }
}

/// `nflog_tg_reg`, the IPv4 entry (no `.table`, no `.hooks`).
const REGS: &[Reg] = &[Reg::target(ExtId::Nflog, b"NFLOG", XT_NFLOG_INFO_SIZE)];

/// `nflog_tg_check`: a flag outside `XT_NFLOG_MASK`.
pub const FLAGS: Reject = Reject::Check("NFLOG: unknown flags");
/// `nflog_tg_check`: the prefix's last byte is not NUL.
pub const PREFIX: Reject = Reject::Check("NFLOG: prefix is not null-terminated");

/// A validated `NFLOG`: what `nflog_tg` puts in its `nf_loginfo`'s `ulog` part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nflog {
    /// `copy_len`: `info->len`, whatever the flags.
    pub copy_len: u32,
    /// `group`.
    pub group: u16,
    /// `qthreshold`.
    pub qthreshold: u16,
    /// `flags`: [`NF_LOG_F_COPY_LEN`] or 0.
    pub flags: u16,
    /// The prefix; its last byte is NUL.
    pub prefix: [u8; XT_NFLOG_PREFIX_SIZE],
}

impl TargetDef for Nflog {
    const REGS: &'static [Reg] = REGS;

    /// `nflog_tg_check`. Its last step, `nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_ULOG)`, is
    /// the reference [`Needs::ulog`] asks the module to hold while the table is loaded.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtNflogInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if info.flags & !XT_NFLOG_MASK != 0 {
            return Err(Error::Inval(FLAGS));
        }
        if info.prefix.last() != Some(&0) {
            return Err(Error::Inval(PREFIX));
        }
        Ok(Nflog {
            copy_len: info.len,
            group: info.group,
            qthreshold: info.threshold,
            flags: if info.flags & XT_NFLOG_F_COPY_LEN != 0 {
                NF_LOG_F_COPY_LEN
            } else {
                0
            },
            prefix: info.prefix,
        })
    }

    /// `nflog_tg`: `nf_log_packet` through the `ULOG` logger, then `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        env.nflog(
            self.group,
            self.copy_len,
            self.qthreshold,
            self.flags,
            c_str(&self.prefix),
        );
        TargetVerdict::Continue
    }

    fn needs(&self) -> Needs {
        Needs::ULOG
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn info(group: u16, len: u32, threshold: u16, flags: u16, prefix: &[u8]) -> XtNflogInfo {
        let mut i = XtNflogInfo {
            len,
            group,
            threshold,
            flags,
            ..XtNflogInfo::default()
        };
        i.prefix[..prefix.len()].copy_from_slice(prefix);
        i
    }

    /// The payload as the table carries it: `XT_ALIGN(76)` bytes.
    fn enc(i: XtNflogInfo) -> Vec<u8> {
        let mut b = i.encode().to_vec();
        b.resize(80, 0);
        b
    }

    fn check(i: XtNflogInfo) -> Result<TargetExt, Error> {
        ext_of(load_target(b"NFLOG", 0, &enc(i), &filter_input()))
    }

    #[test]
    fn layout() {
        let i = info(0x0102, 0x0a0b0c0d, 7, 1, b"abc");
        let b = i.encode();
        assert_eq!(&b[..4], &0x0a0b0c0du32.to_ne_bytes());
        assert_eq!(&b[4..6], &0x0102u16.to_ne_bytes());
        assert_eq!(&b[6..8], &7u16.to_ne_bytes());
        assert_eq!(&b[8..10], &1u16.to_ne_bytes());
        assert_eq!(&b[12..15], b"abc");
        assert_eq!(XtNflogInfo::decode(&b), Some(i));
        assert_eq!(XtNflogInfo::decode(&b[..75]), None);
        let r = super::super::find(ExtKind::Target, b"NFLOG", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (76, 80, 76));
        assert_eq!((r.table, r.hooks, r.proto), (None, 0, 0));
        assert_eq!(find_revision(ExtKind::Target, &name(b"NFLOG"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"NFLOG"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(
            load_target(b"NFLOG", 1, &enc(i), &filter_input()).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
    }

    #[test]
    fn checks() {
        for bad in [&[0u8; 76][..], &[0; 72], &[0; 84], &[]] {
            assert_eq!(
                load_target(b"NFLOG", 0, bad, &filter_input()).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        assert_eq!(
            check(info(5, 100, 3, 1, b"p")),
            Ok(TargetExt::Nflog(Nflog {
                copy_len: 100,
                group: 5,
                qthreshold: 3,
                flags: NF_LOG_F_COPY_LEN,
                prefix: info(0, 0, 0, 0, b"p").prefix,
            }))
        );
        // `--nflog-range`: `len` without the flag still goes to the logger as `copy_len`.
        let Ok(TargetExt::Nflog(t)) = check(info(0, 9, 0, 0, b"")) else {
            panic!()
        };
        assert_eq!((t.copy_len, t.flags), (9, 0));
        for f in [2, 0x8000, 0xffff, 3] {
            assert_eq!(
                check(info(1, 0, 0, f, b"")),
                Err(Error::Inval(FLAGS)),
                "{f}"
            );
        }
        // The flags are checked before the prefix.
        assert_eq!(
            check(info(1, 0, 0, 2, &[b'x'; 64])),
            Err(Error::Inval(FLAGS))
        );
        assert_eq!(
            check(info(1, 0, 0, 1, &[b'x'; 64])),
            Err(Error::Inval(PREFIX))
        );
        assert!(check(info(1, 0, 0, 1, &[b'x'; 63])).is_ok());
        // Only the last byte counts; the pad is not checked.
        let mut odd = info(1, 0, 0, 0, b"ab");
        odd.prefix[5] = b'z';
        odd.pad = 0xffff;
        assert!(check(odd).is_ok());
        assert!(t.needs().ulog);
        assert!(!t.needs().log);
        // Every table, every hook.
        for (tb, hooks) in [
            (&b"filter"[..], IN | FWD | OUT),
            (b"mangle", PRE | IN | FWD | OUT | POST),
            (b"nat", PRE | IN | OUT | POST),
            (b"raw", PRE | OUT),
        ] {
            let e = enc(info(2, 0, 0, 0, b"p"));
            assert!(load_target(b"NFLOG", 0, &e, &par(tb, hooks, 0)).is_ok());
        }
    }

    #[test]
    fn logs_and_continues() {
        let rule = [r(tgt(b"NFLOG", 0, &enc(info(3, 128, 2, 1, b"in: "))))];
        let rs = parse(&filter(&rule, VERDICT_DROP, &[])).unwrap();
        assert!(rs.needs().ulog);
        assert!(!rs.needs().log);
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut env = FakeEnv::default();
        let (o, hits) = run_env(&rs, Hook::LocalIn, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Drop, vec![0, 1]));
        assert_eq!(
            env.actions,
            vec![Action::Nflog(
                3,
                128,
                2,
                NF_LOG_F_COPY_LEN,
                b"in: ".to_vec()
            )]
        );
        // A 63-byte prefix is passed whole; bytes after the first NUL are not.
        let mut p = info(0, 0, 0, 0, b"ab");
        p.prefix[4] = b'q';
        for (i, want) in [
            (info(0, 0, 0, 0, &[b'y'; 63]), vec![b'y'; 63]),
            (p, b"ab".to_vec()),
        ] {
            let Ok(TargetExt::Nflog(t)) = check(i) else {
                panic!()
            };
            let mut env = FakeEnv::default();
            let mut pk = pkt(&l4);
            assert_eq!(t.run(&mut pk, &mut env), TargetVerdict::Continue);
            assert_eq!(env.actions, vec![Action::Nflog(0, 0, 0, 0, want)]);
        }
        let rs = parse(&filter(&[r(v(VERDICT_ACCEPT))], VERDICT_DROP, &[])).unwrap();
        assert!(!rs.needs().ulog);
    }
}
