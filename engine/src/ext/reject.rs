// SPDX-License-Identifier: GPL-2.0

//! The `REJECT` target (`net/ipv4/netfilter/ipt_REJECT.c`): drops the packet and answers it
//! with an ICMP destination-unreachable error (`nf_send_unreach`) or a TCP reset
//! (`nf_send_reset`).

use super::super::abi::{put, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct ipt_reject_info)`.
pub const IPT_REJECT_INFO_SIZE: usize = 4;

/// `enum ipt_reject_with`.
pub mod with {
    /// `IPT_ICMP_NET_UNREACHABLE`.
    pub const ICMP_NET_UNREACHABLE: u32 = 0;
    /// `IPT_ICMP_HOST_UNREACHABLE`.
    pub const ICMP_HOST_UNREACHABLE: u32 = 1;
    /// `IPT_ICMP_PROT_UNREACHABLE`.
    pub const ICMP_PROT_UNREACHABLE: u32 = 2;
    /// `IPT_ICMP_PORT_UNREACHABLE` (iptables' default).
    pub const ICMP_PORT_UNREACHABLE: u32 = 3;
    /// `IPT_ICMP_ECHOREPLY` (refused by the kernel).
    pub const ICMP_ECHOREPLY: u32 = 4;
    /// `IPT_ICMP_NET_PROHIBITED`.
    pub const ICMP_NET_PROHIBITED: u32 = 5;
    /// `IPT_ICMP_HOST_PROHIBITED`.
    pub const ICMP_HOST_PROHIBITED: u32 = 6;
    /// `IPT_TCP_RESET`.
    pub const TCP_RESET: u32 = 7;
    /// `IPT_ICMP_ADMIN_PROHIBITED`.
    pub const ICMP_ADMIN_PROHIBITED: u32 = 8;
}

/// ICMP destination-unreachable codes (`include/uapi/linux/icmp.h`) `nf_send_unreach` sends.
pub mod icmp_code {
    /// `ICMP_NET_UNREACH`.
    pub const NET_UNREACH: u8 = 0;
    /// `ICMP_HOST_UNREACH`.
    pub const HOST_UNREACH: u8 = 1;
    /// `ICMP_PROT_UNREACH`.
    pub const PROT_UNREACH: u8 = 2;
    /// `ICMP_PORT_UNREACH`.
    pub const PORT_UNREACH: u8 = 3;
    /// `ICMP_NET_ANO`.
    pub const NET_ANO: u8 = 9;
    /// `ICMP_HOST_ANO`.
    pub const HOST_ANO: u8 = 10;
    /// `ICMP_PKT_FILTERED`.
    pub const PKT_FILTERED: u8 = 13;
}

/// `struct ipt_reject_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IptRejectInfo {
    /// `with`: an `enum ipt_reject_with` value ([`with`]).
    pub with: u32,
}

impl IptRejectInfo {
    /// Decodes the first 4 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            with: read_u32(b, 0)?,
        })
    }

    /// Encodes to the 4-byte wire form.
    pub fn encode(&self) -> [u8; IPT_REJECT_INFO_SIZE] {
        let mut b = [0u8; IPT_REJECT_INFO_SIZE];
        put(&mut b, 0, &self.with.to_ne_bytes());
        b
    }
}

/// `reject_tg_reg`.
const REGS: &[Reg] = &[Reg {
    table: Some(b"filter"),
    hooks: hook_bit(Hook::LocalIn) | hook_bit(Hook::Forward) | hook_bit(Hook::LocalOut),
    ..Reg::target(ExtId::Reject, b"REJECT", IPT_REJECT_INFO_SIZE)
}];

/// `reject_tg_check`: `IPT_ICMP_ECHOREPLY` ("ECHOREPLY no longer supported").
pub const ECHOREPLY: Reject = Reject::Check("REJECT: ECHOREPLY no longer supported");
/// `reject_tg_check`: `IPT_TCP_RESET` in a rule that is not `-p tcp` (or inverts it).
pub const RESET_NOT_TCP: Reject = Reject::Check("REJECT: TCP_RESET invalid for non-tcp");

/// What a validated `REJECT` sends before it drops the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectTarget {
    /// `nf_send_unreach` with this ICMP destination-unreachable code.
    Unreach(u8),
    /// `nf_send_reset`.
    TcpReset,
    /// Nothing: a `with` value upstream's check lets through and its target ignores (above
    /// `IPT_ICMP_ADMIN_PROHIBITED`).
    Nothing,
}

impl TargetDef for RejectTarget {
    const REGS: &'static [Reg] = REGS;

    /// `reject_tg_check`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = IptRejectInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        Ok(match info.with {
            with::ICMP_ECHOREPLY => return Err(Error::Inval(ECHOREPLY)),
            with::TCP_RESET => {
                if par.proto != 6 || par.inv_proto {
                    return Err(Error::Inval(RESET_NOT_TCP));
                }
                RejectTarget::TcpReset
            }
            with::ICMP_NET_UNREACHABLE => RejectTarget::Unreach(icmp_code::NET_UNREACH),
            with::ICMP_HOST_UNREACHABLE => RejectTarget::Unreach(icmp_code::HOST_UNREACH),
            with::ICMP_PROT_UNREACHABLE => RejectTarget::Unreach(icmp_code::PROT_UNREACH),
            with::ICMP_PORT_UNREACHABLE => RejectTarget::Unreach(icmp_code::PORT_UNREACH),
            with::ICMP_NET_PROHIBITED => RejectTarget::Unreach(icmp_code::NET_ANO),
            with::ICMP_HOST_PROHIBITED => RejectTarget::Unreach(icmp_code::HOST_ANO),
            with::ICMP_ADMIN_PROHIBITED => RejectTarget::Unreach(icmp_code::PKT_FILTERED),
            _ => RejectTarget::Nothing,
        })
    }

    /// `reject_tg`: the answer, then `NF_DROP`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        match *self {
            RejectTarget::Unreach(code) => env.send_unreach(code),
            RejectTarget::TcpReset => env.send_reset(),
            RejectTarget::Nothing => {}
        }
        TargetVerdict::Drop
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn payload(w: u32) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&IptRejectInfo { with: w }.encode());
        b
    }

    fn check(w: u32, p: &CheckParam<'_>) -> Result<TargetExt, Error> {
        ext_of(load_target(b"REJECT", 0, &payload(w), p))
    }

    #[test]
    fn layout() {
        let i = IptRejectInfo { with: 7 };
        assert_eq!(i.encode(), 7u32.to_ne_bytes());
        assert_eq!(IptRejectInfo::decode(&i.encode()), Some(i));
        assert_eq!(IptRejectInfo::decode(&[0; 3]), None);
        let r = super::super::find(ExtKind::Target, b"REJECT", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (4, 8, 4));
        assert_eq!(r.family, super::super::Family::Ipv4);
        assert_eq!(find_revision(ExtKind::Target, &name(b"REJECT"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"REJECT"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
    }

    #[test]
    fn checks() {
        let f = par(b"filter", IN | FWD | OUT, 0);
        let tcp = par(b"filter", IN, 6);
        // x_tables' checks first: size, table, hooks.
        for bad in [&[0u8; 4][..], &[0; 16], &[]] {
            assert_eq!(
                load_target(b"REJECT", 0, bad, &f).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        for t in [&b"mangle"[..], b"raw", b"nat"] {
            assert_eq!(
                check(with::ICMP_ECHOREPLY, &par(t, IN, 6)),
                Err(Error::Inval(Reject::TargetTable))
            );
        }
        for h in [PRE, POST, IN | POST] {
            assert_eq!(
                check(with::ICMP_ECHOREPLY, &par(b"filter", h, 6)),
                Err(Error::Inval(Reject::TargetHooks))
            );
        }
        // An unreachable rule has no hooks to refuse.
        assert!(check(with::ICMP_PORT_UNREACHABLE, &par(b"filter", 0, 0)).is_ok());
        assert_eq!(
            load_target(b"REJECT", 1, &payload(3), &f).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        // reject_tg_check.
        assert_eq!(
            check(with::ICMP_ECHOREPLY, &f),
            Err(Error::Inval(ECHOREPLY))
        );
        assert_eq!(check(with::TCP_RESET, &f), Err(Error::Inval(RESET_NOT_TCP)));
        assert_eq!(
            check(with::TCP_RESET, &par(b"filter", IN, 17)),
            Err(Error::Inval(RESET_NOT_TCP))
        );
        // `e->ip.proto` is compared whole.
        assert_eq!(
            check(with::TCP_RESET, &par(b"filter", IN, 256 + 6)),
            Err(Error::Inval(RESET_NOT_TCP))
        );
        let inv = CheckParam {
            inv_proto: true,
            ..tcp
        };
        assert_eq!(
            check(with::TCP_RESET, &inv),
            Err(Error::Inval(RESET_NOT_TCP))
        );
        assert_eq!(
            check(with::TCP_RESET, &tcp),
            Ok(TargetExt::Reject(RejectTarget::TcpReset))
        );
        for (w, code) in [
            (with::ICMP_NET_UNREACHABLE, icmp_code::NET_UNREACH),
            (with::ICMP_HOST_UNREACHABLE, icmp_code::HOST_UNREACH),
            (with::ICMP_PROT_UNREACHABLE, icmp_code::PROT_UNREACH),
            (with::ICMP_PORT_UNREACHABLE, icmp_code::PORT_UNREACH),
            (with::ICMP_NET_PROHIBITED, icmp_code::NET_ANO),
            (with::ICMP_HOST_PROHIBITED, icmp_code::HOST_ANO),
            (with::ICMP_ADMIN_PROHIBITED, icmp_code::PKT_FILTERED),
        ] {
            assert_eq!(
                check(w, &f),
                Ok(TargetExt::Reject(RejectTarget::Unreach(code)))
            );
            assert_eq!(
                check(w, &inv),
                Ok(TargetExt::Reject(RejectTarget::Unreach(code)))
            );
        }
        // Values past the enum pass the check and send nothing.
        for w in [9, 100, u32::MAX] {
            assert_eq!(check(w, &f), Ok(TargetExt::Reject(RejectTarget::Nothing)));
        }
        assert!(!TargetExt::Reject(RejectTarget::TcpReset).needs().conntrack);
    }

    #[test]
    fn tables() {
        // In a user chain called from INPUT and FORWARD: fine. Called from mangle PREROUTING's
        // chain: the table check fires first.
        let rule = [rp(6, &[], tgt(b"REJECT", 0, &payload(with::TCP_RESET)))];
        let j = [r(T::Jump("x"))];
        let ok = build(
            Table::Filter,
            &[
                (Hook::LocalIn, &j, VERDICT_ACCEPT),
                (Hook::Forward, &j, VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
            ],
            &[("x", &rule)],
        );
        let rs = parse(&ok).unwrap();
        assert_eq!(
            rs.rules()[6].target,
            Target::Ext(TargetExt::Reject(RejectTarget::TcpReset))
        );
        let m = build(
            Table::Mangle,
            &[
                (Hook::PreRouting, &j, VERDICT_ACCEPT),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            &[("x", &rule)],
        );
        rejects_as(Table::Mangle, &m, Error::Inval(Reject::TargetTable));
        // Not TCP: the check's EINVAL.
        let udp = [rp(17, &[], tgt(b"REJECT", 0, &payload(with::TCP_RESET)))];
        rejects(
            &filter(&udp, VERDICT_ACCEPT, &[]),
            Error::Inval(RESET_NOT_TCP),
        );
    }

    fn run_on(t: RejectTarget) -> (TargetVerdict, Vec<Action>) {
        let l4 = tcp_hdr(1000, 9090, 0x02, &[]);
        let mut p = pkt(&l4);
        let mut env = FakeEnv::default();
        let v = t.run(&mut p, &mut env);
        (v, env.actions)
    }

    #[test]
    fn sends_then_drops() {
        assert_eq!(
            run_on(RejectTarget::TcpReset),
            (TargetVerdict::Drop, vec![Action::SendReset])
        );
        assert_eq!(
            run_on(RejectTarget::Unreach(icmp_code::HOST_ANO)),
            (TargetVerdict::Drop, vec![Action::SendUnreach(10)])
        );
        assert_eq!(run_on(RejectTarget::Nothing), (TargetVerdict::Drop, vec![]));
        // Through a table: the rule's answer, then the walk ends in a drop.
        let rs = parse(&filter(
            &[
                rp(
                    17,
                    &[],
                    tgt(b"REJECT", 0, &payload(with::ICMP_PORT_UNREACHABLE)),
                ),
                r(v(VERDICT_ACCEPT)),
            ],
            VERDICT_ACCEPT,
            &[],
        ))
        .unwrap();
        let mut stack = rs.new_jump_stack().unwrap();
        let mut env = FakeEnv::default();
        let mut seen = Vec::new();
        let mut udp = vec![0u8; 8];
        udp[..2].copy_from_slice(&1000u16.to_be_bytes());
        udp[2..4].copy_from_slice(&5000u16.to_be_bytes());
        let p = Packet {
            protocol: 17,
            ..pkt(&udp)
        };
        let o = evaluate(&rs, Hook::LocalIn, &p, &mut stack, &mut env, |i| {
            seen.push(i)
        });
        assert_eq!(
            (o, seen, env.actions),
            (Outcome::Drop, vec![0], vec![Action::SendUnreach(3)])
        );
        // A TCP packet passes the UDP rule.
        let mut env = FakeEnv::default();
        let l4 = tcp_hdr(1, 2, 0x02, &[]);
        let o = evaluate(&rs, Hook::LocalIn, &pkt(&l4), &mut stack, &mut env, |_| {});
        assert_eq!((o, env.actions), (Outcome::Accept, vec![]));
    }
}
