// SPDX-License-Identifier: GPL-2.0

//! The `TOS` target (libxt_TOS and tos_values.c, iptables 1.8.9): revision 1 (`struct
//! xt_tos_target_info`), the only one the kernel registers, so the one iptables-legacy 1.8.9
//! sends. Every option becomes a (value, mask) pair, saved as `--set-tos value/mask`.

use super::mark::parse_uint;
use super::tos::{parse_tosmask, SYMBOLS, SYMBOL_MASK};
use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::dscp_tg::{XtTosTargetInfo, XT_TOS_TARGET_INFO_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-j TOS` (revision 1).
pub struct TosTg;

const O_SET_TOS: u32 = 0;
const O_AND_TOS: u32 = 1;
const O_OR_TOS: u32 = 2;
const O_XOR_TOS: u32 = 3;
/// `F_ANY`: every option excludes every other.
const F_ANY: u32 = 0xf;

const fn opt(name: &'static str, id: u32) -> OptDef {
    OptDef {
        name,
        has_arg: true,
        id,
    }
}

/// `tos_tg_opts`, in its order.
static OPTS: &[OptDef] = &[
    opt("set-tos", O_SET_TOS),
    opt("and-tos", O_AND_TOS),
    opt("or-tos", O_OR_TOS),
    opt("xor-tos", O_XOR_TOS),
];

fn get(data: &[u8]) -> XtTosTargetInfo {
    XtTosTargetInfo::decode(data).unwrap_or_default()
}

/// `tos_try_print_symbolic(prefix, value, mask)`: `" %s%s"` of the prefix and the name of a
/// symbolic value under mask 0x3f, or nothing.
fn symbolic(prefix: &str, value: u8, mask: u8) -> Option<String> {
    if mask != SYMBOL_MASK {
        return None;
    }
    SYMBOLS
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, n)| format!(" {prefix}{n}"))
}

impl Extension for TosTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "TOS"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `tos_tg_parse`: `--set-tos` is an `XTTYPE_TOSMASK` (symbolic names get mask 0x3f), the
    /// others `XTTYPE_UINT8`.
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
        option_check("TOS", o, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        if id == O_SET_TOS {
            (i.tos_value, i.tos_mask) = parse_tosmask(arg)?;
        } else {
            // CAST: at most 255.
            let v = parse_uint("TOS", o.name, arg, 255)? as u8;
            (i.tos_value, i.tos_mask) = match id {
                O_AND_TOS => (0, !v),
                O_OR_TOS => (v, v),
                _ => (v, 0),
            };
        }
        data[..XT_TOS_TARGET_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `tos_tg_check`, then `xtables_options_fcheck`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & F_ANY == 0 {
            return Err(Error::param("TOS: An action is required"));
        }
        options_excl("TOS", OPTS, |_| F_ANY, flags)
    }
    /// `tos_tg_print`: numeric, or the symbolic name (printed after a doubled space and no
    /// space before the name, as upstream's prefix has it), or the and/or/xor forms.
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let i = get(data);
        let (v, m) = (i.tos_value, i.tos_mask);
        if numeric {
            out.push_str(&format!(" TOS set 0x{v:02x}/0x{m:02x}"));
        } else if let Some(s) = symbolic(" TOS set", v, m) {
            out.push_str(&s);
        } else if v == 0 {
            out.push_str(&format!(" TOS and 0x{:02x}", !m));
        } else if v == m {
            out.push_str(&format!(" TOS or 0x{v:02x}"));
        } else if m == 0 {
            out.push_str(&format!(" TOS xor 0x{v:02x}"));
        } else {
            out.push_str(&format!(" TOS set 0x{v:02x}/0x{m:02x}"));
        }
    }
    /// `tos_tg_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            " --set-tos 0x{:02x}/0x{:02x}",
            i.tos_value, i.tos_mask
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(value: u8, mask: u8, numeric: bool) -> String {
        let mut p = String::new();
        let d = XtTosTargetInfo {
            tos_value: value,
            tos_mask: mask,
        }
        .encode();
        TosTg.print(&IptIp::default(), &d, numeric, &mut p);
        p
    }

    #[test]
    fn print_forms() {
        // As iptables-legacy 1.8.9 prints them (`-L` and `-L -n`).
        assert_eq!(listed(0x10, 0x3f, false), "  TOS setMinimize-Delay");
        assert_eq!(listed(0x00, 0x3f, false), "  TOS setNormal-Service");
        assert_eq!(listed(0x10, 0x3f, true), " TOS set 0x10/0x3f");
        assert_eq!(listed(0x10, 0xff, false), " TOS set 0x10/0xff");
        assert_eq!(listed(0x00, 0xed, false), " TOS and 0x12");
        assert_eq!(listed(0x00, 0x00, false), " TOS and 0xff");
        assert_eq!(listed(0x12, 0x12, false), " TOS or 0x12");
        assert_eq!(listed(0x12, 0x00, false), " TOS xor 0x12");
        assert_eq!(listed(0x05, 0x3f, false), " TOS set 0x05/0x3f");
        assert_eq!(listed(0x12, 0x00, true), " TOS set 0x12/0x00");
    }
}
