// SPDX-License-Identifier: GPL-2.0

//! The `ttl` match (libipt_ttl, iptables 1.8.9).

use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::ttl::{ttl_mode, IptTtlInfo, IPT_TTL_INFO_SIZE};

/// The `ttl` match.
pub struct Ttl;

const O_TTL_EQ: u32 = 0;
const O_TTL_LT: u32 = 1;
const O_TTL_GT: u32 = 2;
/// `F_ANY`.
const F_ANY: u32 = 0b111;

/// `ttl_opts`, in its order: `--ttl` shares `--ttl-eq`'s identifier, so it is parsed (and
/// named in messages) as `--ttl-eq`, inversion included.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "ttl-lt",
        has_arg: true,
        id: O_TTL_LT,
    },
    OptDef {
        name: "ttl-gt",
        has_arg: true,
        id: O_TTL_GT,
    },
    OptDef {
        name: "ttl-eq",
        has_arg: true,
        id: O_TTL_EQ,
    },
    OptDef {
        name: "ttl",
        has_arg: true,
        id: O_TTL_EQ,
    },
];

fn get(data: &[u8]) -> IptTtlInfo {
    IptTtlInfo::decode(data).unwrap_or_default()
}

impl Extension for Ttl {
    fn name(&self) -> &'static str {
        "ttl"
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
        option_check("ttl", o, flags, invert, id == O_TTL_EQ)?;
        let arg = arg.unwrap_or("");
        let v = names::xt_strtoul(arg, 0, 255).ok_or_else(|| {
            Error::param(format!(
                "ttl: bad value for option \"--{}\", or out of range (0-255).\n",
                o.name
            ))
        })?;
        let mut i = get(data);
        // CAST: at most 255.
        i.ttl = v as u8;
        i.mode = match id {
            O_TTL_EQ if invert => ttl_mode::NE,
            O_TTL_EQ => ttl_mode::EQ,
            O_TTL_LT => ttl_mode::LT,
            _ => ttl_mode::GT,
        };
        data[..IPT_TTL_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & F_ANY == 0 {
            return Err(Error::param(
                "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt",
            ));
        }
        options_excl("ttl", OPTS, |_| F_ANY, flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(" TTL match ");
        out.push_str(match i.mode {
            ttl_mode::EQ => "TTL ==",
            ttl_mode::NE => "TTL !=",
            ttl_mode::LT => "TTL <",
            ttl_mode::GT => "TTL >",
            _ => "",
        });
        out.push_str(&format!(" {}", i.ttl));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(match i.mode {
            ttl_mode::EQ => " --ttl-eq",
            ttl_mode::NE => " ! --ttl-eq",
            ttl_mode::LT => " --ttl-lt",
            ttl_mode::GT => " --ttl-gt",
            _ => "",
        });
        out.push_str(&format!(" {}", i.ttl));
    }
}
