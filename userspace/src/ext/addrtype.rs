// SPDX-License-Identifier: GPL-2.0

//! The `addrtype` match (libxt_addrtype, iptables 1.8.9). Against this kernel iptables-legacy
//! sends revision 1 (`struct xt_addrtype_info_v1`), the only one printed.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::addrtype::{flags, XtAddrtypeInfoV1, XT_ADDRTYPE_INFO_V1_SIZE};

/// The `addrtype` match (revision 1).
pub struct Addrtype;

const O_SRC_TYPE: u32 = 0;
const O_DST_TYPE: u32 = 1;
const O_LIMIT_IFACE_IN: u32 = 2;
const O_LIMIT_IFACE_OUT: u32 = 3;

/// `addrtype_opts_v1`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "src-type",
        has_arg: true,
        id: O_SRC_TYPE,
    },
    OptDef {
        name: "dst-type",
        has_arg: true,
        id: O_DST_TYPE,
    },
    OptDef {
        name: "limit-iface-in",
        has_arg: false,
        id: O_LIMIT_IFACE_IN,
    },
    OptDef {
        name: "limit-iface-out",
        has_arg: false,
        id: O_LIMIT_IFACE_OUT,
    },
];

/// `rtn_names`: route types in `RTN_*` order (bit `i` of the masks is type `i`).
const RTN_NAMES: &[&str] = &[
    "UNSPEC",
    "UNICAST",
    "LOCAL",
    "BROADCAST",
    "ANYCAST",
    "MULTICAST",
    "BLACKHOLE",
    "UNREACHABLE",
    "PROHIBIT",
    "THROW",
    "NAT",
    "XRESOLVE",
];

/// `parse_type`: the first name that `strncasecmp(name, type, len)` equals, over `len` bytes
/// of `name` (so a prefix of a name, in any case, names it).
fn parse_type(name: &str) -> Option<u16> {
    let n = name.as_bytes();
    RTN_NAMES
        .iter()
        .position(|t| {
            let t = t.as_bytes();
            // strncasecmp over len bytes: the type's NUL must not come before len.
            n.len() <= t.len() && n.eq_ignore_ascii_case(&t[..n.len()])
        })
        // CAST: fewer than 16 names.
        .map(|i| 1u16 << i)
}

/// `parse_types`: comma-separated types into a mask.
fn parse_types(arg: &str, mask: &mut u16) -> Result<()> {
    let mut rest = arg;
    while let Some((head, tail)) = rest.split_once(',') {
        match parse_type(head) {
            Some(bit) if !head.is_empty() => *mask |= bit,
            _ => return Err(Error::param(format!("addrtype: bad type `{rest}'"))),
        }
        rest = tail;
    }
    match parse_type(rest) {
        Some(bit) if !rest.is_empty() => *mask |= bit,
        _ => return Err(Error::param(format!("addrtype: bad type \"{rest}\""))),
    }
    Ok(())
}

fn get(data: &[u8]) -> XtAddrtypeInfoV1 {
    XtAddrtypeInfoV1::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtAddrtypeInfoV1) {
    data[..XT_ADDRTYPE_INFO_V1_SIZE].copy_from_slice(&i.encode());
}

/// `print_types`.
fn types(mask: u16, out: &mut String) {
    let mut sep = "";
    for (i, name) in RTN_NAMES.iter().enumerate() {
        if mask & (1 << i) != 0 {
            out.push_str(sep);
            out.push_str(name);
            sep = ",";
        }
    }
}

impl Extension for Addrtype {
    fn name(&self) -> &'static str {
        "addrtype"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        invert: bool,
        flags_seen: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        let o = opt_by_id(OPTS, id);
        option_check("addrtype", o, flags_seen, invert, id <= O_DST_TYPE)?;
        let mut i = get(data);
        match id {
            O_SRC_TYPE => {
                parse_types(arg.unwrap_or(""), &mut i.source)?;
                if invert {
                    i.flags |= flags::INVERT_SOURCE;
                }
            }
            O_DST_TYPE => {
                parse_types(arg.unwrap_or(""), &mut i.dest)?;
                if invert {
                    i.flags |= flags::INVERT_DEST;
                }
            }
            O_LIMIT_IFACE_IN => i.flags |= flags::LIMIT_IFACE_IN,
            _ => i.flags |= flags::LIMIT_IFACE_OUT,
        }
        put(data, &i);
        Ok(())
    }
    fn final_check(&self, seen: u32, _data: &mut [u8]) -> Result<()> {
        if seen & (1 << O_SRC_TYPE | 1 << O_DST_TYPE) == 0 {
            return Err(Error::param(
                "addrtype: you must specify --src-type or --dst-type",
            ));
        }
        // `xtables_options_fcheck`: the `.excl` of the two interface options.
        let both = 1 << O_LIMIT_IFACE_IN | 1 << O_LIMIT_IFACE_OUT;
        if seen & both == both {
            return Err(Error::param(
                "addrtype: option \"--limit-iface-in\" cannot be used together with \
                 \"--limit-iface-out\".\n",
            ));
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(" ADDRTYPE match");
        if i.source != 0 {
            out.push_str(" src-type ");
            if i.flags & flags::INVERT_SOURCE != 0 {
                out.push('!');
            }
            types(i.source, out);
        }
        if i.dest != 0 {
            out.push_str(" dst-type ");
            if i.flags & flags::INVERT_DEST != 0 {
                out.push('!');
            }
            types(i.dest, out);
        }
        if i.flags & flags::LIMIT_IFACE_IN != 0 {
            out.push_str(" limit-in");
        }
        if i.flags & flags::LIMIT_IFACE_OUT != 0 {
            out.push_str(" limit-out");
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.source != 0 {
            if i.flags & flags::INVERT_SOURCE != 0 {
                out.push_str(" !");
            }
            out.push_str(" --src-type ");
            types(i.source, out);
        }
        if i.dest != 0 {
            if i.flags & flags::INVERT_DEST != 0 {
                out.push_str(" !");
            }
            out.push_str(" --dst-type ");
            types(i.dest, out);
        }
        if i.flags & flags::LIMIT_IFACE_IN != 0 {
            out.push_str(" --limit-iface-in");
        }
        if i.flags & flags::LIMIT_IFACE_OUT != 0 {
            out.push_str(" --limit-iface-out");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_prefixes() {
        assert_eq!(parse_type("local"), Some(1 << 2));
        assert_eq!(parse_type("U"), Some(1 << 0));
        assert_eq!(parse_type("UNI"), Some(1 << 1));
        assert_eq!(parse_type("LOCALX"), None);
        let mut m = 0;
        assert!(parse_types("LOCAL,,UNICAST", &mut m).is_err());
        assert!(parse_types("LOCAL,", &mut m).is_err());
        parse_types("LOCAL,broad", &mut m).unwrap();
        assert_eq!(m, 1 << 2 | 1 << 3);
    }
}
