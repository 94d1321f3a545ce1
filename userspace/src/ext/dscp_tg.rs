// SPDX-License-Identifier: GPL-2.0

//! The `DSCP` target (libxt_DSCP and dscp_helper.c, iptables 1.8.9), revision 0.

use super::dscp::class_to_dscp;
use super::mark::parse_uint;
use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::dscp::XT_DSCP_MAX;
use oxtables_engine::ext::dscp_tg::{XtDscpTgInfo, XT_DSCP_INFO_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-j DSCP`.
pub struct DscpTg;

const O_SET_DSCP: u32 = 0;
const O_SET_DSCP_CLASS: u32 = 1;

/// `DSCP_opts`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "set-dscp",
        has_arg: true,
        id: O_SET_DSCP,
    },
    OptDef {
        name: "set-dscp-class",
        has_arg: true,
        id: O_SET_DSCP_CLASS,
    },
];

fn get(data: &[u8]) -> XtDscpTgInfo {
    XtDscpTgInfo::decode(data).unwrap_or_default()
}

impl Extension for DscpTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "DSCP"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `DSCP_parse`: `--set-dscp` is an `XTTYPE_UINT8` of 0 to 63, `--set-dscp-class` a class
    /// name (`class_to_dscp`).
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        let o = opt_by_id(OPTS, id);
        option_check("DSCP", o, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        // CAST: both parsers give at most 63.
        i.dscp = if id == O_SET_DSCP {
            parse_uint("DSCP", o.name, arg, u32::from(XT_DSCP_MAX))? as u8
        } else {
            class_to_dscp(arg)?
        };
        data[..XT_DSCP_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `DSCP_check`, then `xtables_options_fcheck` (each option excludes the other).
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param(
                "DSCP target: Parameter --set-dscp is required",
            ));
        }
        options_excl(
            "DSCP",
            OPTS,
            |o| {
                if o.id == O_SET_DSCP {
                    1 << O_SET_DSCP_CLASS
                } else {
                    1 << O_SET_DSCP
                }
            },
            flags,
        )
    }
    /// `DSCP_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(&format!(" DSCP set 0x{:02x}", get(data).dscp));
    }
    /// `DSCP_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        out.push_str(&format!(" --set-dscp 0x{:02x}", get(data).dscp));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_and_save() {
        let (mut p, mut s) = (String::new(), String::new());
        let d = XtDscpTgInfo { dscp: 0x2e }.encode();
        DscpTg.print(&IptIp::default(), &d, false, &mut p);
        DscpTg.save(&IptIp::default(), &d, &mut s);
        assert_eq!(
            (p.as_str(), s.as_str()),
            (" DSCP set 0x2e", " --set-dscp 0x2e")
        );
    }
}
