// SPDX-License-Identifier: GPL-2.0

//! The `LOG` target (`net/netfilter/xt_LOG.c`), IPv4 registration: logs the packet through the
//! `LOG`-type logger (`nf_log_syslog`) with the rule's level, flags and prefix, and continues.

use super::super::abi::{c_str, put, read_array};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Needs, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_log_info)`.
pub const XT_LOG_INFO_SIZE: usize = 32;
/// `sizeof(((struct xt_log_info *)0)->prefix)`.
pub const XT_LOG_PREFIX_SIZE: usize = 30;

/// `XT_LOG_*` flags (`include/uapi/linux/netfilter/xt_LOG.h`).
pub mod log_flags {
    /// `XT_LOG_TCPSEQ`: log TCP sequence numbers.
    pub const TCPSEQ: u8 = 0x01;
    /// `XT_LOG_TCPOPT`: log TCP options.
    pub const TCPOPT: u8 = 0x02;
    /// `XT_LOG_IPOPT`: log IP options.
    pub const IPOPT: u8 = 0x04;
    /// `XT_LOG_UID`: log the UID owning the local socket.
    pub const UID: u8 = 0x08;
    /// `XT_LOG_NFLOG`: unsupported, never reused.
    pub const NFLOG: u8 = 0x10;
    /// `XT_LOG_MACDECODE`: decode the MAC header.
    pub const MACDECODE: u8 = 0x20;
    /// `XT_LOG_MASK`: the flags iptables knows.
    pub const MASK: u8 = 0x2f;
}

/// `struct xt_log_info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XtLogInfo {
    /// `level`: the syslog level (0 to 7).
    pub level: u8,
    /// `logflags`: [`log_flags`].
    pub logflags: u8,
    /// `prefix`: NUL-terminated.
    pub prefix: [u8; XT_LOG_PREFIX_SIZE],
}

impl Default for XtLogInfo {
    fn default() -> Self {
        Self {
            level: 0,
            logflags: 0,
            prefix: [0; XT_LOG_PREFIX_SIZE],
        }
    }
}

impl XtLogInfo {
    /// Decodes the first 32 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            level: *b.first()?,
            logflags: *b.get(1)?,
            prefix: read_array(b, 2)?,
        })
    }

    /// Encodes to the 32-byte wire form.
    pub fn encode(&self) -> [u8; XT_LOG_INFO_SIZE] {
        let mut b = [0u8; XT_LOG_INFO_SIZE];
        put(&mut b, 0, &[self.level, self.logflags]);
        put(&mut b, 2, &self.prefix);
        b
    }
}

/// `log_tg_regs`, the IPv4 entry (no `.table`, no `.hooks`).
const REGS: &[Reg] = &[Reg::target(ExtId::Log, b"LOG", XT_LOG_INFO_SIZE)];

/// `log_tg_check`: `level >= 8`.
pub const LEVEL: Reject = Reject::Check("LOG: level >= 8");
/// `log_tg_check`: the prefix's last byte is not NUL.
pub const PREFIX: Reject = Reject::Check("LOG: prefix is not null-terminated");

/// A validated `LOG`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Log {
    /// The syslog level, below 8.
    pub level: u8,
    /// `XT_LOG_*` flags, as given (upstream passes unknown bits on).
    pub logflags: u8,
    /// The prefix; its last byte is NUL.
    pub prefix: [u8; XT_LOG_PREFIX_SIZE],
}

impl TargetDef for Log {
    const REGS: &'static [Reg] = REGS;

    /// `log_tg_check`. The family is IPv4. Its last step, `nf_logger_find_get`, is the
    /// reference [`Needs::log`] asks the module to hold while the table is loaded.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtLogInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if info.level >= 8 {
            return Err(Error::Inval(LEVEL));
        }
        if info.prefix.last() != Some(&0) {
            return Err(Error::Inval(PREFIX));
        }
        Ok(Log {
            level: info.level,
            logflags: info.logflags,
            prefix: info.prefix,
        })
    }

    /// `log_tg`: `nf_log_packet`, then `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        env.log(self.level, self.logflags, c_str(&self.prefix));
        TargetVerdict::Continue
    }

    fn needs(&self) -> Needs {
        Needs::LOG
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn info(level: u8, logflags: u8, prefix: &[u8]) -> XtLogInfo {
        let mut i = XtLogInfo {
            level,
            logflags,
            ..XtLogInfo::default()
        };
        i.prefix[..prefix.len()].copy_from_slice(prefix);
        i
    }

    fn check(i: XtLogInfo) -> Result<TargetExt, Error> {
        ext_of(load_target(b"LOG", 0, &i.encode(), &filter_input()))
    }

    #[test]
    fn layout() {
        let i = info(6, 0x21, b"abc");
        let b = i.encode();
        assert_eq!(&b[..5], &[6, 0x21, b'a', b'b', b'c']);
        assert_eq!(XtLogInfo::decode(&b), Some(i));
        assert_eq!(XtLogInfo::decode(&b[..31]), None);
        let r = super::super::find(ExtKind::Target, b"LOG", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (32, 32, 32));
        assert_eq!((r.table, r.hooks, r.proto), (None, 0, 0));
        assert_eq!(find_revision(ExtKind::Target, &name(b"LOG"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"LOG"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        assert_eq!(
            load_target(b"LOG", 1, &b, &filter_input()).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
    }

    #[test]
    fn checks() {
        for bad in [&[0u8; 24][..], &[0; 40], &[]] {
            assert_eq!(
                load_target(b"LOG", 0, bad, &filter_input()).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        for level in 0..8 {
            assert_eq!(
                check(info(level, 0, b"")),
                Ok(TargetExt::Log(Log {
                    level,
                    logflags: 0,
                    prefix: [0; 30]
                }))
            );
        }
        for level in [8, 9, 255] {
            assert_eq!(check(info(level, 0, b"x")), Err(Error::Inval(LEVEL)));
        }
        // The level is checked before the prefix.
        assert_eq!(check(info(8, 0, &[b'x'; 30])), Err(Error::Inval(LEVEL)));
        assert_eq!(check(info(4, 0, &[b'x'; 30])), Err(Error::Inval(PREFIX)));
        // Only the last byte counts: a NUL earlier with garbage after it is fine.
        let mut odd = info(4, 0, b"ab");
        odd.prefix[5] = b'z';
        let t = check(odd).unwrap();
        assert_eq!(
            t,
            TargetExt::Log(Log {
                level: 4,
                logflags: 0,
                prefix: odd.prefix
            })
        );
        let full = info(4, 0, &[b'y'; 29]);
        assert!(check(full).is_ok());
        // Any flags, including the unsupported NFLOG bit and bits past the mask.
        for f in [log_flags::MASK, log_flags::NFLOG, 0xff] {
            assert!(check(info(4, f, b"")).is_ok(), "{f:#x}");
        }
        assert!(
            TargetExt::Log(Log {
                level: 4,
                logflags: 0,
                prefix: [0; 30]
            })
            .needs()
            .log
        );
        // Every table, every hook.
        for (t, hooks) in [
            (&b"filter"[..], IN | FWD | OUT),
            (b"mangle", PRE | IN | FWD | OUT | POST),
            (b"nat", PRE | IN | OUT | POST),
            (b"raw", PRE | OUT),
        ] {
            assert!(load_target(b"LOG", 0, &info(7, 0, b"p").encode(), &par(t, hooks, 0)).is_ok());
        }
    }

    #[test]
    fn logs_and_continues() {
        let log = [r(tgt(b"LOG", 0, &info(6, 0x0b, b"in: ").encode()))];
        let rs = parse(&filter(&log, VERDICT_DROP, &[])).unwrap();
        assert!(rs.needs().log);
        assert!(!rs.needs_conntrack());
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut env = FakeEnv::default();
        let (o, hits) = run_env(&rs, Hook::LocalIn, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Drop, vec![0, 1]));
        assert_eq!(env.actions, vec![Action::Log(6, 0x0b, b"in: ".to_vec())]);
        // A 29-byte prefix is passed whole; bytes after the first NUL are not.
        let mut p = info(0, 0, b"ab");
        p.prefix[4] = b'q';
        for (i, want) in [
            (info(0, 0, &[b'y'; 29]), vec![b'y'; 29]),
            (p, b"ab".to_vec()),
        ] {
            let Ok(TargetExt::Log(t)) = check(i) else {
                panic!()
            };
            let mut env = FakeEnv::default();
            let mut pk = pkt(&l4);
            assert_eq!(t.run(&mut pk, &mut env), TargetVerdict::Continue);
            assert_eq!(env.actions, vec![Action::Log(i.level, 0, want)]);
        }
        // No LOG rule, no logger.
        let rs = parse(&filter(&[r(v(VERDICT_ACCEPT))], VERDICT_DROP, &[])).unwrap();
        assert!(!rs.needs().log);
    }
}
