// SPDX-License-Identifier: GPL-2.0

//! The targets built into `ip_tables` (`ipt_builtin_tg` in `net/ipv4/netfilter/ip_tables.c`):
//! the standard target (verdicts and jumps, resolved by the layout walk in `parse.rs`) and the
//! `ERROR` target (user chain heads and the end of the table).

use super::super::abi::{self, XT_FUNCTION_MAXNAMELEN};
use super::{ExtId, Reg};

/// `ipt_builtin_tg`.
pub const REGS: &[Reg] = &[
    // `sizeof(int)`.
    Reg::target(ExtId::Standard, abi::XT_STANDARD_TARGET, 4),
    Reg::target(ExtId::Error, abi::XT_ERROR_TARGET, XT_FUNCTION_MAXNAMELEN),
];
