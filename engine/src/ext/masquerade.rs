// SPDX-License-Identifier: GPL-2.0

//! The `MASQUERADE` target (`net/netfilter/xt_MASQUERADE.c`).

use super::super::env::Env;
use super::super::error::Error;
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::nat::{compat_range, end, NatRange, NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE};
use super::{hook_bit, CheckParam, ExtId, Needs, Reg, TargetDef, TargetVerdict};

/// `masquerade_tg_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    table: Some(b"nat"),
    hooks: hook_bit(Hook::PostRouting),
    ..Reg::target(
        ExtId::Masquerade,
        b"MASQUERADE",
        NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE,
    )
}];

/// A validated `MASQUERADE`: `range[0]` of the compat payload, flags and ports only (addresses
/// zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Masquerade(pub NatRange);

impl TargetDef for Masquerade {
    const REGS: &'static [Reg] = REGS;

    /// `masquerade_tg_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        Ok(Masquerade(compat_range(payload, true)?))
    }

    /// `masquerade_tg`: `nf_nat_masquerade_ipv4`, whose verdict ends the walk.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        end(env.masquerade(&self.0))
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}
