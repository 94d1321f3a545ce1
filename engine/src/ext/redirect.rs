// SPDX-License-Identifier: GPL-2.0

//! The `REDIRECT` target (`net/netfilter/xt_REDIRECT.c`).

use super::super::env::Env;
use super::super::error::Error;
use super::super::eval::Packet;
use super::nat::{compat_range, end, NatRange, DNAT_HOOKS, NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE};
use super::{CheckParam, ExtId, Needs, Reg, TargetDef, TargetVerdict};

/// `redirect_tg_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    table: Some(b"nat"),
    hooks: DNAT_HOOKS,
    ..Reg::target(
        ExtId::Redirect,
        b"REDIRECT",
        NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE,
    )
}];

/// A validated `REDIRECT`: `range[0]` of the compat payload, flags and ports only (addresses
/// zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Redirect(pub NatRange);

impl TargetDef for Redirect {
    const REGS: &'static [Reg] = REGS;

    /// `redirect_tg4_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        Ok(Redirect(compat_range(payload, true)?))
    }

    /// `redirect_tg4`: `nf_nat_redirect_ipv4`, whose verdict ends the walk.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        end(env.redirect(&self.0))
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}
