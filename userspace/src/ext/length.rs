// SPDX-License-Identifier: GPL-2.0

//! The `length` match (libxt_length, iptables 1.8.9).

use super::{mandatory, option_check, parse_mint, ArgSource, Extension, OptDef};
use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::length::{XtLengthInfo, XT_LENGTH_INFO_SIZE};

/// The `length` match.
pub struct Length;

/// `length_opts`.
static OPTS: &[OptDef] = &[OptDef {
    name: "length",
    has_arg: true,
    id: 0,
}];

fn get(data: &[u8]) -> XtLengthInfo {
    XtLengthInfo::decode(data).unwrap_or_default()
}

/// `min` or `min:max`.
fn range(i: &XtLengthInfo) -> String {
    if i.min == i.max {
        i.min.to_string()
    } else {
        format!("{}:{}", i.min, i.max)
    }
}

impl Extension for Length {
    fn name(&self) -> &'static str {
        "length"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn parse(
        &self,
        _id: u32,
        arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        option_check("length", &OPTS[0], flags, invert, true)?;
        let v = parse_mint("length", "length", arg.unwrap_or(""), 0xffff)?;
        let mut i = get(data);
        // CAST: every value is at most 65535.
        i.min = v[0] as u16;
        i.max = v.get(1).copied().unwrap_or(v[0]) as u16;
        if invert {
            i.invert = 1;
        }
        data[..XT_LENGTH_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("length", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            " length {}{}",
            if i.invert != 0 { "!" } else { "" },
            range(&i)
        ));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            "{} --length {}",
            if i.invert != 0 { " !" } else { "" },
            range(&i)
        ));
    }
}
