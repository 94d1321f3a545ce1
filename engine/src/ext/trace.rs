// SPDX-License-Identifier: GPL-2.0

//! The `TRACE` target (`net/netfilter/xt_TRACE.c`), IPv4 registration: marks the packet for
//! tracing (`skb->nf_trace = 1`) and continues. Every table's walk then logs each rule the
//! packet matches (`trace_packet` in `ipt_do_table`, here `eval::trace_packet`), from the rule
//! after `TRACE` on.

use super::super::env::Env;
use super::super::error::Error;
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Needs, Reg, TargetDef, TargetVerdict};

/// `trace_tg_reg`, the IPv4 entry: raw table only, no payload.
const REGS: &[Reg] = &[Reg {
    table: Some(b"raw"),
    ..Reg::target(ExtId::Trace, b"TRACE", 0)
}];

/// A validated `TRACE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trace;

impl TargetDef for Trace {
    const REGS: &'static [Reg] = REGS;

    /// `trace_tg_check`: `nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG)`, the reference
    /// [`Needs::log`] asks the module to hold while the table is loaded.
    fn check(_reg: &Reg, _payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        Ok(Trace)
    }

    /// `trace_tg`: `skb->nf_trace = 1`, then `XT_CONTINUE`.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        env.set_nf_trace();
        TargetVerdict::Continue
    }

    fn needs(&self) -> Needs {
        Needs::LOG
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::TraceComment;
    use super::super::super::error::Reject;
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn layout_and_checks() {
        let r = super::super::find(ExtKind::Target, b"TRACE", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (0, 0, 0));
        assert_eq!((r.table, r.hooks, r.proto), (Some(&b"raw"[..]), 0, 0));
        assert_eq!(r.family, super::super::Family::Ipv4);
        assert_eq!(find_revision(ExtKind::Target, &name(b"TRACE"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"TRACE"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        let raw_par = par(b"raw", PRE | OUT, 0);
        assert_eq!(
            ext_of(load_target(b"TRACE", 0, &[], &raw_par)),
            Ok(TargetExt::Trace(Trace))
        );
        assert_eq!(
            load_target(b"TRACE", 1, &[], &raw_par).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        assert_eq!(
            load_target(b"TRACE", 0, &[0; 8], &raw_par).err(),
            Some(Error::Inval(Reject::TargetPayloadSize))
        );
        for t in [&b"filter"[..], b"mangle", b"nat"] {
            assert_eq!(
                load_target(b"TRACE", 0, &[], &par(t, IN, 0)).err(),
                Some(Error::Inval(Reject::TargetTable))
            );
        }
        assert!(TargetExt::Trace(Trace).needs().log);
        assert!(!TargetExt::Trace(Trace).needs().conntrack);
    }

    #[test]
    fn traces_from_the_next_rule_on() {
        // raw PREROUTING: TRACE, TRACE, policy ACCEPT. The first TRACE matches an untraced
        // packet (not logged); the second and the policy are.
        let l4 = tcp_hdr(1000, 22, 0x02, &[]);
        let two = [r(tgt(b"TRACE", 0, &[])), r(tgt(b"TRACE", 0, &[]))];
        let rs = parse_as(Table::Raw, &raw(&two, &[])).unwrap();
        assert!(rs.needs().log);
        let t = |c, n| Action::Trace(b"raw".to_vec(), b"PREROUTING".to_vec(), c, n);
        let mut env = FakeEnv::default();
        let (o, hits) = run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!((o, hits), (Outcome::Accept, vec![0, 1, 2]));
        assert!(env.nf_trace);
        assert_eq!(
            env.actions,
            vec![
                Action::SetNfTrace,
                t(TraceComment::Rule, 2),
                Action::SetNfTrace,
                t(TraceComment::Policy, 3),
            ]
        );
        // A packet traced already (an earlier table) logs the first TRACE rule too.
        let mut env = FakeEnv {
            nf_trace: true,
            ..FakeEnv::default()
        };
        run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!(
            env.actions,
            vec![
                t(TraceComment::Rule, 1),
                Action::SetNfTrace,
                t(TraceComment::Rule, 2),
                Action::SetNfTrace,
                t(TraceComment::Policy, 3),
            ]
        );
        // Running the target sets the flag and continues.
        let mut env = FakeEnv::default();
        let mut p = pkt(&l4);
        assert_eq!(Trace.run(&mut p, &mut env), TargetVerdict::Continue);
        assert!(env.nf_trace);
        assert_eq!(env.actions, vec![Action::SetNfTrace]);
    }
}
