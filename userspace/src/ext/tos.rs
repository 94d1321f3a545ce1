// SPDX-License-Identifier: GPL-2.0

//! The `tos` match (libxt_tos and tos_values.c, iptables 1.8.9): revision 1 (`struct
//! xt_tos_match_info`), the only one the kernel registers.

use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::dscp::{XtTosMatchInfo, XT_TOS_MATCH_INFO_SIZE};

/// The `tos` match (revision 1).
pub struct Tos;

/// `tos_mt_opts`: `O_TOS` is `1 << 0`.
static OPTS: &[OptDef] = &[OptDef {
    name: "tos",
    has_arg: true,
    id: 1,
}];

/// `.max` of revision 1's option: the mask a symbolic name gets.
pub(crate) const SYMBOL_MASK: u8 = 0x3f;

/// `tos_symbol_names`.
pub(crate) const SYMBOLS: &[(u8, &str)] = &[
    (0x10, "Minimize-Delay"),
    (0x08, "Maximize-Throughput"),
    (0x04, "Maximize-Reliability"),
    (0x02, "Minimize-Cost"),
    (0x00, "Normal-Service"),
];

/// `xtopt_parse_tosmask`: `value[/mask]` (numbers up to 255, the mask 0xff by default) or a
/// symbolic name (case-insensitive, the mask 0x3f). Returns (value, mask).
pub fn parse_tosmask(arg: &str) -> Result<(u8, u8)> {
    let illegal = || Error::param(format!("Illegal value: \"{arg}\""));
    if let Some((v, rest)) = names::xt_strtoul_end(arg, 0, 255) {
        // `tos_parse_numeric`. CAST: at most 255.
        let mut mask = 0xffu8;
        let mut end = rest;
        if let Some(p) = rest.strip_prefix('/') {
            let (m, e) = names::xt_strtoul_end(p, 0, 255).ok_or_else(illegal)?;
            // CAST: at most 255.
            mask = m as u8;
            end = e;
        }
        if !end.is_empty() {
            return Err(illegal());
        }
        // CAST: at most 255.
        return Ok((v as u8, mask));
    }
    SYMBOLS
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(arg))
        .map(|(v, _)| (*v, SYMBOL_MASK))
        .ok_or_else(|| Error::param(format!("Symbolic name \"{arg}\" is unknown")))
}

fn get(data: &[u8]) -> XtTosMatchInfo {
    XtTosMatchInfo::decode(data).unwrap_or_default()
}

impl Extension for Tos {
    fn name(&self) -> &'static str {
        "tos"
    }
    fn revision(&self) -> u8 {
        1
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
        option_check("tos", &OPTS[0], flags, invert, true)?;
        let (value, mask) = parse_tosmask(arg.unwrap_or(""))?;
        let mut i = get(data);
        i.tos_value = value;
        i.tos_mask = mask;
        if invert {
            i.invert = 1;
        }
        data[..XT_TOS_MATCH_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("tos", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let i = get(data);
        // `tos_mt_print`: no space before a number.
        out.push_str(" tos match");
        if i.invert != 0 {
            out.push('!');
        }
        if !numeric && i.tos_mask == SYMBOL_MASK {
            if let Some((_, n)) = SYMBOLS.iter().find(|(v, _)| *v == i.tos_value) {
                out.push_str(&format!(" {n}"));
                return;
            }
        }
        out.push_str(&format!("0x{:02x}/0x{:02x}", i.tos_value, i.tos_mask));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.invert != 0 {
            out.push_str(" !");
        }
        out.push_str(&format!(
            " --tos 0x{:02x}/0x{:02x}",
            i.tos_value, i.tos_mask
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tosmask() {
        assert_eq!(parse_tosmask("0x10").unwrap(), (0x10, 0xff));
        assert_eq!(parse_tosmask("16/0x3f").unwrap(), (0x10, 0x3f));
        assert_eq!(parse_tosmask("minimize-delay").unwrap(), (0x10, 0x3f));
        assert_eq!(parse_tosmask("Normal-Service").unwrap(), (0, 0x3f));
        assert_eq!(
            parse_tosmask("0x10/").unwrap_err().msg,
            "Illegal value: \"0x10/\""
        );
        assert_eq!(
            parse_tosmask("0x10/256").unwrap_err().msg,
            "Illegal value: \"0x10/256\""
        );
        assert_eq!(
            parse_tosmask("0x10x").unwrap_err().msg,
            "Illegal value: \"0x10x\""
        );
        assert_eq!(
            parse_tosmask("256").unwrap_err().msg,
            "Symbolic name \"256\" is unknown"
        );
        assert_eq!(
            parse_tosmask("Minimize").unwrap_err().msg,
            "Symbolic name \"Minimize\" is unknown"
        );
    }
}
