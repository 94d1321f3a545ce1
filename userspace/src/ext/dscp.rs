// SPDX-License-Identifier: GPL-2.0

//! The `dscp` match (libxt_dscp and dscp_helper.c, iptables 1.8.9).

use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::dscp::{XtDscpInfo, XT_DSCP_INFO_SIZE, XT_DSCP_MAX};

/// The `dscp` match.
pub struct Dscp;

const O_DSCP: u32 = 0;
const O_DSCP_CLASS: u32 = 1;

/// `dscp_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "dscp",
        has_arg: true,
        id: O_DSCP,
    },
    OptDef {
        name: "dscp-class",
        has_arg: true,
        id: O_DSCP_CLASS,
    },
];

/// `ds_classes`, in its order.
const DS_CLASSES: &[(&str, u8)] = &[
    ("CS0", 0x00),
    ("CS1", 0x08),
    ("CS2", 0x10),
    ("CS3", 0x18),
    ("CS4", 0x20),
    ("CS5", 0x28),
    ("CS6", 0x30),
    ("CS7", 0x38),
    ("BE", 0x00),
    ("AF11", 0x0a),
    ("AF12", 0x0c),
    ("AF13", 0x0e),
    ("AF21", 0x12),
    ("AF22", 0x14),
    ("AF23", 0x16),
    ("AF31", 0x1a),
    ("AF32", 0x1c),
    ("AF33", 0x1e),
    ("AF41", 0x22),
    ("AF42", 0x24),
    ("AF43", 0x26),
    ("EF", 0x2e),
];

/// `class_to_dscp`: the first class that is a case-insensitive prefix of `name`
/// (`strncasecmp(name, class, strlen(class))`).
pub fn class_to_dscp(name: &str) -> Result<u8> {
    DS_CLASSES
        .iter()
        .find(|(c, _)| {
            name.len() >= c.len() && name.as_bytes()[..c.len()].eq_ignore_ascii_case(c.as_bytes())
        })
        .map(|(_, d)| *d)
        .ok_or_else(|| Error::param(format!("Invalid DSCP value `{name}'")))
}

fn get(data: &[u8]) -> XtDscpInfo {
    XtDscpInfo::decode(data).unwrap_or_default()
}

impl Extension for Dscp {
    fn name(&self) -> &'static str {
        "dscp"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
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
        option_check("dscp", o, flags, invert, true)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        if id == O_DSCP {
            let max = u64::from(XT_DSCP_MAX);
            // CAST: at most 63.
            i.dscp = names::xt_strtoul(arg, 0, max).ok_or_else(|| {
                Error::param(format!(
                    "dscp: bad value for option \"--dscp\", or out of range (0-{max}).\n"
                ))
            })? as u8;
        } else {
            i.dscp = class_to_dscp(arg)?;
        }
        if invert {
            i.invert = 1;
        }
        data[..XT_DSCP_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param("DSCP match: Parameter --dscp is required"));
        }
        // `.excl`: each option excludes the other.
        options_excl(
            "dscp",
            OPTS,
            |o| {
                if o.id == O_DSCP {
                    1 << O_DSCP_CLASS
                } else {
                    1 << O_DSCP
                }
            },
            flags,
        )
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            " DSCP match {}0x{:02x}",
            if i.invert != 0 { "!" } else { "" },
            i.dscp
        ));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            "{} --dscp 0x{:02x}",
            if i.invert != 0 { " !" } else { "" },
            i.dscp
        ));
    }
}
