// SPDX-License-Identifier: GPL-2.0

//! The `connlimit` match (libxt_connlimit, iptables 1.8.9), IPv4, revision 1.

use super::conntrack::parse_plenmask;
use super::mark::parse_uint;
use super::{option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::connlimit::{
    XtConnlimitInfo, XT_CONNLIMIT_DADDR, XT_CONNLIMIT_INFO_SIZE, XT_CONNLIMIT_INVERT,
    XT_CONNLIMIT_USERSIZE,
};

/// The `connlimit` match.
pub struct Connlimit;

const O_UPTO: u32 = 0;
const O_ABOVE: u32 = 1;
const O_MASK: u32 = 2;
const O_SADDR: u32 = 3;
const O_DADDR: u32 = 4;

/// `connlimit_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "connlimit-upto",
        has_arg: true,
        id: O_UPTO,
    },
    OptDef {
        name: "connlimit-above",
        has_arg: true,
        id: O_ABOVE,
    },
    OptDef {
        name: "connlimit-mask",
        has_arg: true,
        id: O_MASK,
    },
    OptDef {
        name: "connlimit-saddr",
        has_arg: false,
        id: O_SADDR,
    },
    OptDef {
        name: "connlimit-daddr",
        has_arg: false,
        id: O_DADDR,
    },
];

/// The options' `.excl` masks.
fn excl(o: &OptDef) -> u32 {
    match o.id {
        O_UPTO => 1 << O_ABOVE,
        O_ABOVE => 1 << O_UPTO,
        O_SADDR => 1 << O_DADDR,
        O_DADDR => 1 << O_SADDR,
        _ => 0,
    }
}

fn get(data: &[u8]) -> XtConnlimitInfo {
    XtConnlimitInfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtConnlimitInfo) {
    data[..XT_CONNLIMIT_INFO_SIZE].copy_from_slice(&i.encode());
}

/// `count_bits4`: 32 less the bits up to the highest one of the inverted mask.
fn count_bits4(i: &XtConnlimitInfo) -> u32 {
    32 - (32 - (!i.v4_mask()).leading_zeros())
}

impl Extension for Connlimit {
    fn name(&self) -> &'static str {
        "connlimit"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn userspace_size(&self) -> usize {
        XT_CONNLIMIT_USERSIZE
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `connlimit_init`: the whole mask all ones.
    fn init(&self, data: &mut [u8]) {
        let i = XtConnlimitInfo {
            mask: [0xff; 16],
            ..XtConnlimitInfo::default()
        };
        put(data, &i);
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
        let opt = super::opt_by_id(OPTS, id);
        option_check(
            "connlimit",
            opt,
            flags,
            invert,
            id == O_UPTO || id == O_ABOVE,
        )?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        match id {
            O_UPTO | O_ABOVE => {
                i.limit = parse_uint("connlimit", opt.name, arg, u32::MAX)?;
                // `--connlimit-above` inverted, or `--connlimit-upto` not.
                if invert == (id == O_ABOVE) {
                    i.flags |= XT_CONNLIMIT_INVERT;
                }
            }
            O_MASK => {
                let m = parse_plenmask("connlimit", opt.name, arg)?;
                // XTOPT_PUT of a plenmask writes the whole `union nf_inet_addr`.
                i.mask = [0; 16];
                i.mask[..4].copy_from_slice(&m);
            }
            O_SADDR => i.flags &= !XT_CONNLIMIT_DADDR,
            _ => i.flags |= XT_CONNLIMIT_DADDR,
        }
        put(data, &i);
        Ok(())
    }
    /// `connlimit_check`, then the options' exclusions.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & ((1 << O_UPTO) | (1 << O_ABOVE)) == 0 {
            return Err(Error::param(
                "You must specify \"--connlimit-above\" or \"--connlimit-upto\".",
            ));
        }
        options_excl("connlimit", OPTS, excl, flags)
    }
    /// `connlimit_print4`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            " #conn {}/{} {} {}",
            if i.flags & XT_CONNLIMIT_DADDR != 0 {
                "dst"
            } else {
                "src"
            },
            count_bits4(&i),
            if i.flags & XT_CONNLIMIT_INVERT != 0 {
                "<="
            } else {
                ">"
            },
            i.limit
        ));
    }
    /// `connlimit_save4` (revision 1: the address always).
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.flags & XT_CONNLIMIT_INVERT != 0 {
            out.push_str(&format!(" --connlimit-upto {}", i.limit));
        } else {
            out.push_str(&format!(" --connlimit-above {}", i.limit));
        }
        out.push_str(&format!(" --connlimit-mask {}", count_bits4(&i)));
        if i.flags & XT_CONNLIMIT_DADDR != 0 {
            out.push_str(" --connlimit-daddr");
        } else {
            out.push_str(" --connlimit-saddr");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_mask(m: u32) -> XtConnlimitInfo {
        let mut mask = [0u8; 16];
        mask[..4].copy_from_slice(&m.to_be_bytes());
        XtConnlimitInfo {
            mask,
            ..XtConnlimitInfo::default()
        }
    }

    #[test]
    fn count_bits() {
        assert_eq!(count_bits4(&with_mask(u32::MAX)), 32);
        assert_eq!(count_bits4(&with_mask(0)), 0);
        assert_eq!(count_bits4(&with_mask(0xffff_ff00)), 24);
        assert_eq!(count_bits4(&with_mask(0x8000_0000)), 1);
        // Not a prefix: the highest zero bit decides.
        assert_eq!(count_bits4(&with_mask(0xff00_ff00)), 8);
    }
}
