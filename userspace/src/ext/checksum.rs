// SPDX-License-Identifier: GPL-2.0

//! The `CHECKSUM` target (libxt_CHECKSUM, iptables 1.8.9), revision 0: `--checksum-fill`,
//! mandatory.

use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::checksum::{XtChecksumInfo, XT_CHECKSUM_OP_FILL};
use oxtables_engine::ext::ExtKind;

/// `-j CHECKSUM`.
pub struct ChecksumTg;

/// `CHECKSUM_opts`: `O_CHECKSUM_FILL`, mandatory, no argument.
static OPTS: &[OptDef] = &[OptDef {
    name: "checksum-fill",
    has_arg: false,
    id: 0,
}];

fn get(data: &[u8]) -> XtChecksumInfo {
    XtChecksumInfo::decode(data).unwrap_or_default()
}

impl Extension for ChecksumTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "CHECKSUM"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `CHECKSUM_parse`.
    fn parse(
        &self,
        _id: u32,
        _arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        option_check("CHECKSUM", &OPTS[0], flags, invert, false)?;
        data[0] = XtChecksumInfo {
            operation: XT_CHECKSUM_OP_FILL,
        }
        .encode()[0];
        Ok(())
    }
    /// `xtables_options_fcheck`: `--checksum-fill` is mandatory.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("CHECKSUM", &OPTS[0], flags)
    }
    /// `CHECKSUM_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(" CHECKSUM");
        if get(data).operation & XT_CHECKSUM_OP_FILL != 0 {
            out.push_str(" fill");
        }
    }
    /// `CHECKSUM_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        if get(data).operation & XT_CHECKSUM_OP_FILL != 0 {
            out.push_str(" --checksum-fill");
        }
    }
}
