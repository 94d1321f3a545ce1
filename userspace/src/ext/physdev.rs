// SPDX-License-Identifier: GPL-2.0

//! The `physdev` match (libxt_physdev, iptables 1.8.9), revision 0: `[!] --physdev-in name[+]`,
//! `[!] --physdev-out name[+]`, `[!] --physdev-is-in`, `[!] --physdev-is-out`,
//! `[!] --physdev-is-bridged`.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::{iface_and_mask, IptIp, IFNAMSIZ};
use oxtables_engine::ext::physdev::{
    XtPhysdevInfo, OP_BRIDGED, OP_IN, OP_ISIN, OP_ISOUT, OP_OUT, XT_PHYSDEV_INFO_SIZE,
};

/// The `physdev` match.
pub struct Physdev;

const O_IN: u32 = 0;
const O_OUT: u32 = 1;
const O_IS_IN: u32 = 2;
const O_IS_OUT: u32 = 3;
const O_IS_BRIDGED: u32 = 4;

/// `physdev_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "physdev-in",
        has_arg: true,
        id: O_IN,
    },
    OptDef {
        name: "physdev-out",
        has_arg: true,
        id: O_OUT,
    },
    OptDef {
        name: "physdev-is-in",
        has_arg: false,
        id: O_IS_IN,
    },
    OptDef {
        name: "physdev-is-out",
        has_arg: false,
        id: O_IS_OUT,
    },
    OptDef {
        name: "physdev-is-bridged",
        has_arg: false,
        id: O_IS_BRIDGED,
    },
];

fn get(data: &[u8]) -> XtPhysdevInfo {
    XtPhysdevInfo::decode(data).unwrap_or_default()
}

/// `xtables_parse_interface`: the name as given (a trailing `+` kept), the mask over it and
/// its NUL, or over the part before the `+`.
fn parse_interface(arg: &str) -> Result<([u8; IFNAMSIZ], [u8; IFNAMSIZ])> {
    let (name, mask) = iface_and_mask(arg.as_bytes()).ok_or_else(|| {
        Error::param(format!(
            "interface name `{arg}' must be shorter than IFNAMSIZ (15)"
        ))
    })?;
    if !arg.is_empty() && !arg.ends_with('+') && (arg.contains('/') || arg.contains(' ')) {
        eprintln!(
            "Warning: weird character in interface `{arg}' ('/' and ' ' are not allowed by the kernel)."
        );
    }
    Ok((name, mask))
}

/// The name up to its NUL, as `%s` prints it.
fn name(n: &[u8; IFNAMSIZ]) -> String {
    let end = n.iter().position(|&c| c == 0).unwrap_or(n.len());
    String::from_utf8_lossy(&n[..end]).into_owned()
}

/// `physdev_print` (after its " PHYSDEV match") and `physdev_save`: the same items.
fn show(out: &mut String, i: &XtPhysdevInfo) {
    let inv = |op: u8| if i.invert & op != 0 { " !" } else { "" };
    if i.bitmask & OP_ISIN != 0 {
        out.push_str(&format!("{} --physdev-is-in", inv(OP_ISIN)));
    }
    if i.bitmask & OP_IN != 0 {
        out.push_str(&format!(
            "{} --physdev-in {}",
            inv(OP_IN),
            name(&i.physindev)
        ));
    }
    if i.bitmask & OP_ISOUT != 0 {
        out.push_str(&format!("{} --physdev-is-out", inv(OP_ISOUT)));
    }
    if i.bitmask & OP_OUT != 0 {
        out.push_str(&format!(
            "{} --physdev-out {}",
            inv(OP_OUT),
            name(&i.physoutdev)
        ));
    }
    if i.bitmask & OP_BRIDGED != 0 {
        out.push_str(&format!("{} --physdev-is-bridged", inv(OP_BRIDGED)));
    }
}

impl Extension for Physdev {
    fn name(&self) -> &'static str {
        "physdev"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `physdev_parse`.
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
        option_check("physdev", opt_by_id(OPTS, id), flags, invert, true)?;
        let mut i = get(data);
        let op = match id {
            O_IN => {
                (i.physindev, i.in_mask) = parse_interface(arg.unwrap_or(""))?;
                OP_IN
            }
            O_OUT => {
                (i.physoutdev, i.out_mask) = parse_interface(arg.unwrap_or(""))?;
                OP_OUT
            }
            O_IS_IN => OP_ISIN,
            O_IS_OUT => OP_ISOUT,
            _ => OP_BRIDGED,
        };
        if invert {
            i.invert |= op;
        }
        i.bitmask |= op;
        data[..XT_PHYSDEV_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `physdev_check`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param("PHYSDEV: no physdev option specified"));
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(" PHYSDEV match");
        show(out, &get(data));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        show(out, &get(data));
    }
}
