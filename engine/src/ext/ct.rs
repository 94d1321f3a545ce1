// SPDX-License-Identifier: GPL-2.0

//! The `CT` and `NOTRACK` targets (`net/netfilter/xt_CT.c`, `struct xt_ct_target_info`,
//! `struct xt_ct_target_info_v1`): untracked packets (`--notrack`, `NOTRACK`), and conntrack
//! templates with a zone (`--zone`, `--zone-orig`, `--zone-reply`, `mark`), event masks
//! (`--ctevents`, `--expevents`), a helper (`--helper`) and a timeout policy (`--timeout`),
//! built by the kernel at check time ([`LoadEnv::ct_template`]) and owned by the rule.

use super::super::abi::{put, read_array, read_u16, read_u32};
use super::super::env::Env;
#[cfg(doc)]
use super::super::env::LoadEnv;
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
        ..Reg::target(ExtId::Ct, name, size)
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

/// A validated `NOTRACK` or `CT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ct {
    /// `NOTRACK`, or `CT` with `XT_CT_NOTRACK`: the packet is not tracked.
    Notrack,
    /// `CT` with a conntrack template, the slot [`LoadEnv::ct_template`] answered.
    Template(u32),
}

/// What a `CT` template check hands the kernel: the revision 1 form of the payload (revision 0
/// has no timeout policy: zeroes) and `xt_ct_find_proto`'s answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CtTemplateSpec {
    /// The payload's fields.
    pub info: XtCtTarget,
    /// The rule's protocol as a `u8`, 0 when it has none or inverts it.
    pub l4proto: u8,
}

/// `xt_ct_tg_check` from `nf_ct_tmpl_alloc` on, for environments that only validate rules
/// (the host's [`super::super::env::HostLoad`]): the checks that need no kernel, in upstream's
/// order; every allocation, helper and timeout policy is taken to exist. The kernel's
/// [`LoadEnv::ct_template`] makes the template and does the same checks at the same points.
pub fn ct_template_checks(spec: &CtTemplateSpec) -> Result<(), Error> {
    let info = &spec.info;
    if info.helper[0] != 0 {
        if unterminated(&info.helper) {
            return Err(Error::NameTooLong(Reject::CtHelperName));
        }
        if spec.l4proto == 0 {
            return Err(Error::NoEnt(Reject::CtHelperProto));
        }
    }
    if info.timeout[0] != 0 {
        if unterminated(&info.timeout) {
            return Err(Error::NameTooLong(Reject::CtTimeoutName));
        }
        if spec.l4proto == 0 {
            return Err(Error::Inval(Reject::CtTimeoutProto));
        }
    }
    Ok(())
}

/// `xt_ct_tg_check_v0`/`_v1`/`_v2` and `xt_ct_tg_check`: the flags each revision knows, then
/// `--notrack`, then the template (the conntrack reference upstream's check takes is the
/// table's, [`super::Needs::CONNTRACK`]).
fn check_ct(revision: u8, payload: &[u8], par: &CheckParam<'_>) -> Result<Ct, Error> {
    let mut info =
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
        return Ok(Ct::Notrack);
    }
    if revision == 0 {
        // `xt_ct_tg_check_v0` copies the fields it has into a zeroed `_v1`.
        info.timeout = [0; 32];
    }
    // `xt_ct_find_proto` returns the rule's protocol as a `u8`, 0 if inverted.
    // CAST: truncation is upstream's.
    let l4proto = if par.inv_proto { 0 } else { par.proto as u8 };
    let slot = par.load.ct_template(&CtTemplateSpec { info, l4proto })?;
    Ok(Ct::Template(slot))
}

impl TargetDef for Ct {
    const REGS: &'static [Reg] = REGS;

    fn check(reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        if reg.name == b"NOTRACK" {
            // `NOTRACK` has no `checkentry`.
            return Ok(Ct::Notrack);
        }
        check_ct(reg.revision, payload, par)
    }

    /// `NOTRACK` and `CT --notrack` take no conntrack reference (`xt_ct_tg_check` returns
    /// before `nf_ct_netns_get`); a template does.
    fn needs(&self) -> super::Needs {
        match self {
            Ct::Notrack => super::Needs::NONE,
            Ct::Template(_) => super::Needs::CONNTRACK,
        }
    }

    /// `xt_ct_target`: the untracked mark or the template, unless the packet has conntrack
    /// state already; `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        match *self {
            Ct::Notrack => env.notrack(),
            Ct::Template(slot) => env.ct_template(slot),
        }
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
                Target::Ext(TargetExt::Ct(Ct::Notrack))
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
            (2, ct_target::ZONE_MARK, None),
            (2, 0, None),
        ] {
            assert_eq!(
                parse_as(Table::Raw, &raw(&[r(ct_target(rev, flags(f)))], &[])).err(),
                want,
                "rev {rev} flags {f:#x}"
            );
        }
        // Templates: zones, events, helpers, timeouts (the host checks what needs no kernel).
        let zone = XtCtTarget {
            zone: 5,
            ..XtCtTarget::default()
        };
        let rs = parse_as(Table::Raw, &raw(&[], &[r(ct_target(0, zone))])).unwrap();
        assert_eq!(
            rs.rules()[1].target,
            Target::Ext(TargetExt::Ct(Ct::Template(0)))
        );
        // A template takes the conntrack reference.
        assert!(rs.needs_conntrack());
        let helper = XtCtTarget {
            helper: c_name(b"ftp").unwrap(),
            ..XtCtTarget::default()
        };
        rejects_as(
            Table::Raw,
            &raw(&[r(ct_target(2, helper))], &[]),
            Error::NoEnt(Reject::CtHelperProto),
        );
        assert!(parse_as(Table::Raw, &raw(&[rp(6, &[], ct_target(2, helper))], &[])).is_ok());
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
            Error::Inval(Reject::CtTimeoutProto),
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
                CheckedTarget::Ext(TargetExt::Ct(Ct::Notrack)),
                UserView {
                    name: b"NOTRACK",
                    used: 0
                }
            ))
        );
        assert!(!TargetExt::Ct(Ct::Notrack).needs().conntrack);
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
            assert_eq!(t, CheckedTarget::Ext(TargetExt::Ct(Ct::Notrack)));
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
            Ok(TargetExt::Ct(Ct::Notrack))
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
        let template = Ok(CheckedTarget::Ext(TargetExt::Ct(Ct::Template(0))));
        let zone = XtCtTarget { zone: 1, ..base };
        assert_eq!(check(0, zone, &raw), template);
        assert_eq!(check(1, zone, &raw), template);
        for f in [
            ct_target::ZONE_DIR_ORIG,
            ct_target::ZONE_DIR_REPL,
            ct_target::ZONE_MARK,
        ] {
            assert_eq!(check(2, XtCtTarget { flags: f, ..zone }, &raw), template);
        }
        let h = |helper, timeout| XtCtTarget {
            helper,
            timeout,
            ct_events: 1,
            ..base
        };
        // The helper's name, then its protocol, then the timeout policy's.
        assert_eq!(
            check(1, h(full16, full32), &raw),
            Err(Error::NameTooLong(Reject::CtHelperName))
        );
        assert_eq!(
            check(1, h(helper, full32), &raw),
            Err(Error::NoEnt(Reject::CtHelperProto))
        );
        let tcp = par(b"raw", PRE, 6);
        assert_eq!(check(0, h(helper, [0; 32]), &tcp), template);
        assert_eq!(
            check(1, h(helper, full32), &tcp),
            Err(Error::NameTooLong(Reject::CtTimeoutName))
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
            Err(Error::Inval(Reject::CtTimeoutProto))
        );
        assert_eq!(
            check(2, h([0; 16], timeout), &inv_tcp),
            Err(Error::Inval(Reject::CtTimeoutProto))
        );
        assert_eq!(check(2, h([0; 16], timeout), &tcp), template);
        // Revision 0 has no timeout field: a plain template.
        assert_eq!(check(0, h([0; 16], timeout), &raw), template);
        assert_eq!(check(2, base, &raw), template);
    }

    /// What the kernel is handed: the revision 1 form and the protocol byte; its answer (a slot
    /// or the errno of the step that failed) is the check's.
    #[test]
    fn template_spec_reaches_the_kernel() {
        use super::super::super::env::LoadEnv;
        use core::cell::RefCell;
        struct Kernel {
            got: RefCell<Vec<CtTemplateSpec>>,
            answer: Result<u32, Error>,
        }
        impl LoadEnv for Kernel {
            fn hz(&self) -> u32 {
                250
            }
            fn jiffies(&self) -> u64 {
                0
            }
            fn ct_template(&self, spec: &CtTemplateSpec) -> Result<u32, Error> {
                self.got.borrow_mut().push(*spec);
                self.answer
            }
        }
        let info = XtCtTarget {
            flags: ct_target::ZONE_DIR_ORIG,
            zone: 9,
            ct_events: 3,
            exp_events: 1,
            helper: abi::c_name::<16>(b"ftp").unwrap(),
            timeout: abi::c_name::<32>(b"pol").unwrap(),
        };
        for (rev, answer) in [
            (2u8, Ok(7)),
            (1, Err(Error::NoEnt(Reject::CtHelper))),
            (0, Err(Error::NoMem(Reject::CtTemplate))),
        ] {
            let k = Kernel {
                got: RefCell::new(Vec::new()),
                answer,
            };
            let p = CheckParam {
                load: &k,
                ..par(b"raw", PRE, 17)
            };
            let mut sent = info;
            if rev < 2 {
                sent.flags = 0;
            }
            let (b, n) = ct_payload(rev, sent);
            let got = check_target(&name(b"CT"), rev, &b[..n], &p).map(|t| t.0);
            assert_eq!(
                got,
                answer.map(|s| CheckedTarget::Ext(TargetExt::Ct(Ct::Template(s))))
            );
            let mut want = sent;
            if rev == 0 {
                want.timeout = [0; 32];
            }
            assert_eq!(
                k.got.into_inner(),
                vec![CtTemplateSpec {
                    info: want,
                    l4proto: 17
                }]
            );
        }
    }

    #[test]
    fn template_attaches() {
        let info = XtCtTarget {
            zone: 3,
            ..XtCtTarget::default()
        };
        let rs = parse_as(
            Table::Raw,
            &raw(
                &[
                    r(ct_target(2, info)),
                    r(ct_target(1, info)),
                    r(v(VERDICT_DROP)),
                ],
                &[],
            ),
        )
        .unwrap();
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let mut stack = rs.new_jump_stack().unwrap();
        let mut env = FakeEnv::default();
        let o = evaluate(
            &rs,
            Hook::PreRouting,
            &pkt(&l4),
            &mut stack,
            &mut env,
            |_| {},
        );
        assert_eq!(o, Outcome::Drop);
        // The host's load answers slot 0 for every template.
        assert_eq!(
            env.actions,
            vec![Action::CtTemplate(0), Action::CtTemplate(0)]
        );
    }
}
