// SPDX-License-Identifier: GPL-2.0

//! The `CT` and `NOTRACK` targets (`net/netfilter/xt_CT.c`, `struct xt_ct_target_info`,
//! `struct xt_ct_target_info_v1`). Only `XT_CT_NOTRACK` is implemented: this kernel has no
//! conntrack zones, events, helpers or timeout policies, and a template `CT` that would pass
//! upstream's checks is refused with `EOPNOTSUPP` (Documentation/nat.md).

use super::super::abi::{put, read_array, read_u16, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{unterminated, CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `XT_CT_*` flags of the CT target.
pub mod ct_target {
    /// `XT_CT_NOTRACK`: the packet is not tracked.
    pub const NOTRACK: u16 = 1 << 0;
    /// `XT_CT_NOTRACK_ALIAS`: written as `-j NOTRACK` (printing only).
    pub const NOTRACK_ALIAS: u16 = 1 << 1;
    /// `XT_CT_ZONE_DIR_ORIG`.
    pub const ZONE_DIR_ORIG: u16 = 1 << 2;
    /// `XT_CT_ZONE_DIR_REPL`.
    pub const ZONE_DIR_REPL: u16 = 1 << 3;
    /// `XT_CT_ZONE_MARK`.
    pub const ZONE_MARK: u16 = 1 << 4;
    /// `XT_CT_MASK`: every flag revision 2 accepts.
    pub const MASK: u16 = 0x1f;
}

/// `sizeof(struct xt_ct_target_info)` (CT rev 0).
pub const XT_CT_TARGET_INFO_SIZE: usize = 40;
/// `sizeof(struct xt_ct_target_info_v1)` (CT rev 1 and 2).
pub const XT_CT_TARGET_INFO_V1_SIZE: usize = 72;
/// `offsetof(struct xt_ct_target_info, ct)`: the user-visible part of rev 0 (`.usersize`).
pub const XT_CT_TARGET_INFO_USERSIZE: usize = 32;
/// `offsetof(struct xt_ct_target_info_v1, ct)`: the user-visible part of rev 1 and 2.
pub const XT_CT_TARGET_INFO_V1_USERSIZE: usize = 64;

/// The user-visible fields of `struct xt_ct_target_info` / `_v1` (the kernel pointer `ct` that
/// follows them is the kernel's own and is never read from or shown to userspace).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtCtTarget {
    /// [`ct_target`] flags.
    pub flags: u16,
    /// `--zone`.
    pub zone: u16,
    /// `--ctevents` mask.
    pub ct_events: u32,
    /// `--expevents` mask.
    pub exp_events: u32,
    /// `--helper` name (NUL-padded).
    pub helper: [u8; 16],
    /// `--timeout` policy name (rev 1 and 2 only; NUL-padded).
    pub timeout: [u8; 32],
}

impl XtCtTarget {
    /// The payload size of CT revision `rev`, if the kernel has it.
    pub const fn size(rev: u8) -> Option<usize> {
        match rev {
            0 => Some(XT_CT_TARGET_INFO_SIZE),
            1 | 2 => Some(XT_CT_TARGET_INFO_V1_SIZE),
            _ => None,
        }
    }

    /// Decodes revision `rev` from `b`.
    pub fn decode(rev: u8, b: &[u8]) -> Option<Self> {
        if b.len() < Self::size(rev)? {
            return None;
        }
        Some(Self {
            flags: read_u16(b, 0)?,
            zone: read_u16(b, 2)?,
            ct_events: read_u32(b, 4)?,
            exp_events: read_u32(b, 8)?,
            helper: read_array(b, 12)?,
            timeout: if rev == 0 {
                [0; 32]
            } else {
                read_array(b, 28)?
            },
        })
    }

    /// Encodes as revision `rev` (0, 1 or 2), the kernel pointer zeroed; the returned length is
    /// the revision's `sizeof`.
    pub fn encode(&self, rev: u8) -> ([u8; XT_CT_TARGET_INFO_V1_SIZE], usize) {
        let mut b = [0u8; XT_CT_TARGET_INFO_V1_SIZE];
        put(&mut b, 0, &self.flags.to_ne_bytes());
        put(&mut b, 2, &self.zone.to_ne_bytes());
        put(&mut b, 4, &self.ct_events.to_ne_bytes());
        put(&mut b, 8, &self.exp_events.to_ne_bytes());
        put(&mut b, 12, &self.helper);
        if rev == 0 {
            return (b, XT_CT_TARGET_INFO_SIZE);
        }
        put(&mut b, 28, &self.timeout);
        (b, XT_CT_TARGET_INFO_V1_SIZE)
    }
}

/// A raw-table registration of `xt_ct_tg_reg`.
const fn ct_reg(name: &'static [u8], revision: u8, size: usize, usersize: usize) -> Reg {
    Reg {
        revision,
        usersize,
        table: Some(b"raw"),
        ..Reg::target(ExtId::Notrack, name, size)
    }
}

/// `xt_ct_tg_reg` (`xt_CT.c`), the IPv4 entries.
const REGS: &[Reg] = &[
    ct_reg(b"NOTRACK", 0, 0, 0),
    ct_reg(b"CT", 0, XT_CT_TARGET_INFO_SIZE, XT_CT_TARGET_INFO_USERSIZE),
    ct_reg(
        b"CT",
        1,
        XT_CT_TARGET_INFO_V1_SIZE,
        XT_CT_TARGET_INFO_V1_USERSIZE,
    ),
    ct_reg(
        b"CT",
        2,
        XT_CT_TARGET_INFO_V1_SIZE,
        XT_CT_TARGET_INFO_V1_USERSIZE,
    ),
];

/// A validated `NOTRACK`, or `CT` with `XT_CT_NOTRACK`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notrack;

/// `xt_ct_tg_check_v0`/`_v1`/`_v2` and `xt_ct_tg_check` on this kernel (no zones, no events,
/// no timeout policies, no helpers). Only `XT_CT_NOTRACK` is implemented; a CT target that
/// would attach a conntrack template and gets past upstream's checks is `EOPNOTSUPP`.
fn check_ct(revision: u8, payload: &[u8], par: &CheckParam<'_>) -> Result<Notrack, Error> {
    let info =
        XtCtTarget::decode(revision, payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
    let known = if revision >= 2 {
        ct_target::MASK
    } else {
        ct_target::NOTRACK
    };
    if info.flags & !known != 0 {
        return Err(Error::Inval(Reject::CtFlags));
    }
    if info.flags & ct_target::NOTRACK != 0 {
        return Ok(Notrack);
    }
    // `#ifndef CONFIG_NF_CONNTRACK_ZONES`: `ret` still holds its initial `-EOPNOTSUPP`.
    let zone_flags = ct_target::ZONE_DIR_ORIG | ct_target::ZONE_DIR_REPL | ct_target::ZONE_MARK;
    if info.zone != 0 || info.flags & zone_flags != 0 {
        return Err(Error::OpNotSupp(Reject::CtZone));
    }
    // `nf_ct_ecache_ext_add` is `false` without `CONFIG_NF_CONNTRACK_EVENTS`.
    if info.ct_events != 0 || info.exp_events != 0 {
        return Err(Error::Inval(Reject::CtEvents));
    }
    if info.helper.first().is_some_and(|&c| c != 0) {
        if unterminated(&info.helper) {
            return Err(Error::NameTooLong(Reject::CtHelperName));
        }
        // `xt_ct_find_proto` returns the rule's protocol as a `u8`, 0 if inverted.
        // CAST: truncation is upstream's.
        let l4proto = if par.inv_proto { 0 } else { par.proto as u8 };
        if l4proto == 0 {
            return Err(Error::NoEnt(Reject::CtHelperProto));
        }
        // `nf_conntrack_helper_try_module_get`: this kernel has no conntrack helpers.
        return Err(Error::NoEnt(Reject::CtHelper));
    }
    if info.timeout.first().is_some_and(|&c| c != 0) {
        if unterminated(&info.timeout) {
            return Err(Error::NameTooLong(Reject::CtTimeoutName));
        }
        // `xt_ct_set_timeout` without `CONFIG_NF_CONNTRACK_TIMEOUT`.
        return Err(Error::OpNotSupp(Reject::CtTimeout));
    }
    Err(Error::OpNotSupp(Reject::CtTemplate))
}

impl TargetDef for Notrack {
    const REGS: &'static [Reg] = REGS;

    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        if reg.name == b"NOTRACK" {
            // `NOTRACK` has no `checkentry`.
            return Ok(Notrack);
        }
        check_ct(reg.revision, payload, par)
    }

    /// `xt_ct_target` with the untracked template: `XT_CONTINUE`. `NOTRACK` and
    /// `CT --notrack` take no conntrack reference (`xt_ct_tg_check` returns before
    /// `nf_ct_netns_get`).
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        env.notrack();
        TargetVerdict::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn raw_targets() {
        let rs = parse_as(Table::Raw, &raw_ct_table()).unwrap();
        // CT --notrack takes no conntrack reference, NOTRACK has no checkentry; the state match
        // does.
        assert!(rs.needs_conntrack());
        for i in [0, 1, 3, 4] {
            assert_eq!(
                rs.rules()[i].target,
                Target::Ext(TargetExt::Notrack(Notrack))
            );
        }
        let only = raw(
            &[r(tgt(b"NOTRACK", 0, &[]))],
            &[r(ct_target(2, notrack_ct()))],
        );
        let rs = parse_as(Table::Raw, &only).unwrap();
        assert!(!rs.needs_conntrack());
        // Only in raw.
        rejects(
            &filter(&[r(tgt(b"NOTRACK", 0, &[]))], VERDICT_ACCEPT, &[]),
            inval(Reject::TargetTable),
        );
        rejects_as(
            Table::Nat,
            &nat(&[r(ct_target(0, notrack_ct()))], &[], &[], &[], &[]),
            inval(Reject::TargetTable),
        );
        rejects_as(
            Table::Raw,
            &raw(&[r(tgt(b"NOTRACK", 0, &[0; 8]))], &[]),
            inval(Reject::TargetPayloadSize),
        );
        rejects_as(
            Table::Raw,
            &raw(&[r(tgt(b"NOTRACK", 1, &[]))], &[]),
            Error::NoEnt(Reject::TargetRevision),
        );
        rejects_as(
            Table::Raw,
            &raw(&[r(tgt(b"CT", 3, &[0; 72]))], &[]),
            Error::NoEnt(Reject::TargetRevision),
        );
        // Payload sizes: 40 for revision 0, 72 for 1 and 2.
        for (rev, len) in [(0, 72), (1, 40), (2, 40), (2, 80)] {
            let mut p = vec![0u8; len];
            p[0] = 1;
            rejects_as(
                Table::Raw,
                &raw(&[r(tgt(b"CT", rev, &p))], &[]),
                inval(Reject::TargetPayloadSize),
            );
        }
        // Flags per revision.
        let flags = |f| XtCtTarget {
            flags: f,
            ..XtCtTarget::default()
        };
        for (rev, f, want) in [
            (0, 3, Some(inval(Reject::CtFlags))),
            (1, 3, Some(inval(Reject::CtFlags))),
            (2, 3, None),
            (2, 0x21, Some(inval(Reject::CtFlags))),
            (1, ct_target::ZONE_MARK | 1, Some(inval(Reject::CtFlags))),
            (
                2,
                ct_target::ZONE_MARK,
                Some(Error::OpNotSupp(Reject::CtZone)),
            ),
            (2, 0, Some(Error::OpNotSupp(Reject::CtTemplate))),
        ] {
            assert_eq!(
                parse_as(Table::Raw, &raw(&[r(ct_target(rev, flags(f)))], &[])).err(),
                want,
                "rev {rev} flags {f:#x}"
            );
        }
        // Zones (no CONFIG_NF_CONNTRACK_ZONES), events, helpers, timeouts.
        let zone = XtCtTarget {
            zone: 5,
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[], &[r(ct_target(0, zone))]),
            Error::OpNotSupp(Reject::CtZone),
        );
        let events = XtCtTarget {
            ct_events: 1,
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[r(ct_target(1, events))], &[]),
            inval(Reject::CtEvents),
        );
        let helper = XtCtTarget {
            helper: c_name(b"ftp").unwrap(),
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[r(ct_target(2, helper))], &[]),
            Error::NoEnt(Reject::CtHelperProto),
        );
        rejects_as(
            Table::Raw,
            &raw(&[rp(6, &[], ct_target(2, helper))], &[]),
            Error::NoEnt(Reject::CtHelper),
        );
        let long = XtCtTarget {
            helper: [b'a'; 16],
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[rp(6, &[], ct_target(0, long))], &[]),
            Error::NameTooLong(Reject::CtHelperName),
        );
        let timeout = XtCtTarget {
            timeout: c_name(b"slow").unwrap(),
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[r(ct_target(1, timeout))], &[]),
            Error::OpNotSupp(Reject::CtTimeout),
        );
        let timeout = XtCtTarget {
            timeout: [b't'; 32],
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[r(ct_target(2, timeout))], &[]),
            Error::NameTooLong(Reject::CtTimeoutName),
        );
    }

    #[test]
    fn ct_kernel_pointer_is_zeroed_in_the_blob() {
        for rev in 0..=2u8 {
            let info = XtCtTarget {
                flags: ct_target::NOTRACK,
                helper: c_name(b"x").unwrap(),
                ..XtCtTarget::default()
            };
            let mut buf = raw(&[r(ct_target(rev, info))], &[]);
            let clean = buf.clone();
            let t = entry_at(&buf, 0) + 112;
            let (n, user) = if rev == 0 {
                (XT_CT_TARGET_INFO_SIZE, XT_CT_TARGET_INFO_USERSIZE)
            } else {
                (XT_CT_TARGET_INFO_V1_SIZE, XT_CT_TARGET_INFO_V1_USERSIZE)
            };
            // What userspace put where the kernel keeps its `struct nf_conn *`.
            buf[t + 32 + user..t + 32 + n].fill(0xa5);
            buf[t + 2 + 3] = b'q'; // After "CT\0".
            let rs = parse_as(Table::Raw, &buf).unwrap();
            let bt = t - 96;
            assert_eq!(&rs.blob()[bt..bt + 32 + n], &clean[t..t + 32 + n]);
            // The whole blob reads back as handed in, but for `comefrom` (the hook masks).
            let mut expect = clean[96..].to_vec();
            let hooks = [
                1 << Hook::PreRouting.index(),
                1 << Hook::PreRouting.index(),
                1 << Hook::LocalOut.index(),
                0,
            ];
            for (i, h) in hooks.into_iter().enumerate() {
                expect[entry_at(&clean, i) - 96 + ipt_entry::COMEFROM] = h;
            }
            assert_eq!(rs.blob(), &expect[..]);
        }
    }

    #[test]
    fn notrack_continues() {
        let rs = parse_as(
            Table::Raw,
            &raw(
                &[
                    r(tgt(b"NOTRACK", 0, &[])),
                    r(ct_target(1, notrack_ct())),
                    r(v(VERDICT_DROP)),
                ],
                &[],
            ),
        )
        .unwrap();
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut stack = rs.new_jump_stack().unwrap();
        let mut seen = Vec::new();
        let mut env = FakeEnv::default();
        let o = evaluate(
            &rs,
            Hook::PreRouting,
            &pkt(&l4),
            &mut stack,
            &mut env,
            |i| seen.push(i),
        );
        let got = env
            .actions
            .iter()
            .filter(|a| **a == Action::Notrack)
            .count();
        assert_eq!(env.actions.len(), got);
        assert_eq!((o, seen, got), (Outcome::Drop, vec![0, 1, 2], 2));
    }

    #[test]
    fn notrack_and_ct() {
        let raw = par(b"raw", PRE | OUT, 0);
        assert_eq!(
            check_target(&name(b"NOTRACK"), 0, &[], &raw),
            Ok((
                CheckedTarget::Ext(TargetExt::Notrack(Notrack)),
                UserView {
                    name: b"NOTRACK",
                    used: 0
                }
            ))
        );
        assert!(!TargetExt::Notrack(Notrack).needs().conntrack);
        assert_eq!(
            check_target(&name(b"NOTRACK"), 0, &[0; 8], &raw),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"NOTRACK"), 0, &[], &par(b"filter", IN, 0)),
            Err(Error::Inval(Reject::TargetTable))
        );
        let notrack = XtCtTarget {
            flags: ct_target::NOTRACK,
            // Ignored under NOTRACK, even on a kernel without zones.
            zone: 7,
            helper: abi::c_name(b"ftp").unwrap(),
            ..XtCtTarget::default()
        };
        for rev in 0..=2u8 {
            let (b, n) = ct_payload(rev, notrack);
            let (t, view) = check_target(&name(b"CT"), rev, &b[..n], &raw).unwrap();
            assert_eq!(t, CheckedTarget::Ext(TargetExt::Notrack(Notrack)));
            assert_eq!(view.used, n - 8);
            let other = if rev == 0 { 72 } else { 40 };
            assert_eq!(
                check_target(&name(b"CT"), rev, &b[..other], &raw),
                Err(Error::Inval(Reject::TargetPayloadSize))
            );
            assert_eq!(
                check_target(&name(b"CT"), rev, &b[..n], &par(b"nat", PRE, 0)),
                Err(Error::Inval(Reject::TargetTable))
            );
        }
        // Flag masks per revision: 0 and 1 know NOTRACK only, 2 knows XT_CT_MASK.
        let with = |flags| XtCtTarget {
            flags,
            ..XtCtTarget::default()
        };
        for rev in 0..=1u8 {
            for f in [ct_target::NOTRACK_ALIAS, ct_target::ZONE_MARK, 0x20, 0x8000] {
                let (b, n) = ct_payload(rev, with(ct_target::NOTRACK | f));
                assert_eq!(
                    check_target(&name(b"CT"), rev, &b[..n], &raw),
                    Err(Error::Inval(Reject::CtFlags)),
                    "rev {rev} flags {f:#x}"
                );
            }
        }
        let (b, n) = ct_payload(2, with(ct_target::NOTRACK | ct_target::NOTRACK_ALIAS));
        assert_eq!(
            ext_of(check_target(&name(b"CT"), 2, &b[..n], &raw)),
            Ok(TargetExt::Notrack(Notrack))
        );
        let (b, n) = ct_payload(2, with(ct_target::NOTRACK | 0x20));
        assert_eq!(
            check_target(&name(b"CT"), 2, &b[..n], &raw),
            Err(Error::Inval(Reject::CtFlags))
        );
        // Without NOTRACK, in xt_ct_tg_check's order.
        let check = |rev: u8, t: XtCtTarget, p: &CheckParam<'_>| {
            let (b, n) = ct_payload(rev, t);
            check_target(&name(b"CT"), rev, &b[..n], p).map(|t| t.0)
        };
        let full16 = [b'h'; 16];
        let full32 = [b't'; 32];
        let helper = abi::c_name::<16>(b"ftp").unwrap();
        let timeout = abi::c_name::<32>(b"pol").unwrap();
        let base = XtCtTarget::default();
        let zone = XtCtTarget { zone: 1, ..base };
        let events = XtCtTarget {
            ct_events: 1,
            helper: full16,
            ..base
        };
        assert_eq!(check(0, zone, &raw), Err(Error::OpNotSupp(Reject::CtZone)));
        assert_eq!(check(1, zone, &raw), Err(Error::OpNotSupp(Reject::CtZone)));
        for f in [
            ct_target::ZONE_DIR_ORIG,
            ct_target::ZONE_DIR_REPL,
            ct_target::ZONE_MARK,
        ] {
            assert_eq!(
                check(2, XtCtTarget { flags: f, ..events }, &raw),
                Err(Error::OpNotSupp(Reject::CtZone))
            );
        }
        assert_eq!(check(2, events, &raw), Err(Error::Inval(Reject::CtEvents)));
        assert_eq!(
            check(
                0,
                XtCtTarget {
                    exp_events: 1,
                    ..base
                },
                &raw
            ),
            Err(Error::Inval(Reject::CtEvents))
        );
        let h = |helper, timeout| XtCtTarget {
            helper,
            timeout,
            ..base
        };
        assert_eq!(
            check(1, h(full16, full32), &raw),
            Err(Error::NameTooLong(Reject::CtHelperName))
        );
        assert_eq!(
            check(1, h(helper, full32), &raw),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        let tcp = par(b"raw", PRE, 6);
        assert_eq!(
            check(0, h(helper, [0; 32]), &tcp),
            Err(Error::NoEnt(Reject::CtHelper))
        );
        let inv_tcp = CheckParam {
            inv_proto: true,
            ..tcp
        };
        assert_eq!(
            check(2, h(helper, [0; 32]), &inv_tcp),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        // `xt_ct_find_proto` truncates the protocol to a byte.
        assert_eq!(
            check(2, h(helper, [0; 32]), &par(b"raw", PRE, 256)),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        assert_eq!(
            check(2, h([0; 16], full32), &raw),
            Err(Error::NameTooLong(Reject::CtTimeoutName))
        );
        assert_eq!(
            check(2, h([0; 16], timeout), &raw),
            Err(Error::OpNotSupp(Reject::CtTimeout))
        );
        // Revision 0 has no timeout field: a plain template.
        assert_eq!(
            check(0, h([0; 16], timeout), &raw),
            Err(Error::OpNotSupp(Reject::CtTemplate))
        );
        assert_eq!(
            check(2, base, &raw),
            Err(Error::OpNotSupp(Reject::CtTemplate))
        );
    }
}
