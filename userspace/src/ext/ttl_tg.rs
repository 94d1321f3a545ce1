// SPDX-License-Identifier: GPL-2.0

//! The `TTL` target (libipt_TTL, iptables 1.8.9), revision 0.

use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::ttl_tg::{ttl_tg_mode, IptTtlTgInfo, IPT_TTL_INFO_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-j TTL`.
pub struct TtlTg;

const O_TTL_SET: u32 = 0;
const O_TTL_INC: u32 = 1;
const O_TTL_DEC: u32 = 2;
/// `F_ANY`.
const F_ANY: u32 = 0b111;

/// `TTL_opts`, in its order (`XTTYPE_UINT8`; `.min` 1 for `--ttl-dec` and `--ttl-inc`).
static OPTS: &[OptDef] = &[
    OptDef {
        name: "ttl-set",
        has_arg: true,
        id: O_TTL_SET,
    },
    OptDef {
        name: "ttl-dec",
        has_arg: true,
        id: O_TTL_DEC,
    },
    OptDef {
        name: "ttl-inc",
        has_arg: true,
        id: O_TTL_INC,
    },
];

fn get(data: &[u8]) -> IptTtlTgInfo {
    IptTtlTgInfo::decode(data).unwrap_or_default()
}

impl Extension for TtlTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "TTL"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `TTL_parse`: the value (0 to 255 for `--ttl-set`, 1 to 255 for the others) and the mode.
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
        option_check("TTL", o, flags, invert, false)?;
        let min = if id == O_TTL_SET { 0 } else { 1 };
        let v = names::xt_strtoul(arg.unwrap_or(""), min, 255).ok_or_else(|| {
            Error::param(format!(
                "TTL: bad value for option \"--{}\", or out of range ({min}-255).\n",
                o.name
            ))
        })?;
        let mut i = get(data);
        // CAST: at most 255.
        i.ttl = v as u8;
        i.mode = match id {
            O_TTL_SET => ttl_tg_mode::SET,
            O_TTL_DEC => ttl_tg_mode::DEC,
            _ => ttl_tg_mode::INC,
        };
        data[..IPT_TTL_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `TTL_check`, then `xtables_options_fcheck`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & F_ANY == 0 {
            return Err(Error::param("TTL: You must specify an action"));
        }
        options_excl("TTL", OPTS, |_| F_ANY, flags)
    }
    /// `TTL_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(" TTL ");
        out.push_str(match i.mode {
            ttl_tg_mode::SET => "set to",
            ttl_tg_mode::DEC => "decrement by",
            ttl_tg_mode::INC => "increment by",
            _ => "",
        });
        out.push_str(&format!(" {}", i.ttl));
    }
    /// `TTL_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(match i.mode {
            ttl_tg_mode::SET => " --ttl-set",
            ttl_tg_mode::DEC => " --ttl-dec",
            ttl_tg_mode::INC => " --ttl-inc",
            _ => "",
        });
        out.push_str(&format!(" {}", i.ttl));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_and_save() {
        for (mode, p, s) in [
            (ttl_tg_mode::SET, " TTL set to 9", " --ttl-set 9"),
            (ttl_tg_mode::INC, " TTL increment by 9", " --ttl-inc 9"),
            (ttl_tg_mode::DEC, " TTL decrement by 9", " --ttl-dec 9"),
        ] {
            let d = IptTtlTgInfo { mode, ttl: 9 }.encode();
            let (mut pp, mut ss) = (String::new(), String::new());
            TtlTg.print(&IptIp::default(), &d, true, &mut pp);
            TtlTg.save(&IptIp::default(), &d, &mut ss);
            assert_eq!((pp.as_str(), ss.as_str()), (p, s));
        }
    }
}
