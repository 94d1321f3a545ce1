// SPDX-License-Identifier: GPL-2.0

//! The `TRACE` target (libxt_TRACE, iptables 1.8.9), revision 0: no options, no payload, no
//! print or save function (`-j TRACE` alone).

use super::{ArgSource, Extension, OptDef};
use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::ExtKind;

/// `-j TRACE`.
pub struct TraceTg;

impl Extension for TraceTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "TRACE"
    }
    fn opts(&self) -> &'static [OptDef] {
        &[]
    }
    /// `trace_target` has no options: nothing reaches here.
    fn parse(
        &self,
        _id: u32,
        _arg: Option<&str>,
        _invert: bool,
        _flags: &mut u32,
        _data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        Ok(())
    }
    /// `trace_target` has neither `print` nor `save`.
    fn has_printer(&self) -> bool {
        false
    }
    fn print(&self, _ip: &IptIp, _data: &[u8], _numeric: bool, _out: &mut String) {}
    fn save(&self, _ip: &IptIp, _data: &[u8], _out: &mut String) {}
}
