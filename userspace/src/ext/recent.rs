// SPDX-License-Identifier: GPL-2.0

//! The `recent` match (libxt_recent, iptables 1.8.9): `[!] --set|--rcheck|--update|--remove`,
//! `--seconds`, `--reap`, `--hitcount`, `--rttl`, `--name`, `--rsource`, `--rdest` and `--mask`.
//! iptables-legacy 1.8.9 sends revision 1 (`struct xt_recent_mtinfo_v1`, with the mask) on this
//! kernel.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::{c_str, IptIp};
use oxtables_engine::ext::recent::{
    check_set, XtRecentMtinfo, XT_RECENT_DEST, XT_RECENT_NAME_LEN, XT_RECENT_SOURCE,
};

/// The `recent` match.
pub struct Recent;

const O_SET: u32 = 0;
const O_RCHECK: u32 = 1;
const O_UPDATE: u32 = 2;
const O_REMOVE: u32 = 3;
const O_SECONDS: u32 = 4;
const O_REAP: u32 = 5;
const O_HITCOUNT: u32 = 6;
const O_RTTL: u32 = 7;
const O_NAME: u32 = 8;
const O_RSOURCE: u32 = 9;
const O_RDEST: u32 = 10;
const O_MASK: u32 = 11;
const F_SET: u32 = 1 << O_SET;
const F_REMOVE: u32 = 1 << O_REMOVE;
const F_SECONDS: u32 = 1 << O_SECONDS;
/// `F_ANY_OP`.
const F_ANY_OP: u32 = F_SET | 1 << O_RCHECK | 1 << O_UPDATE | F_REMOVE;

/// `recent_opts_v1`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "set",
        has_arg: false,
        id: O_SET,
    },
    OptDef {
        name: "rcheck",
        has_arg: false,
        id: O_RCHECK,
    },
    OptDef {
        name: "update",
        has_arg: false,
        id: O_UPDATE,
    },
    OptDef {
        name: "remove",
        has_arg: false,
        id: O_REMOVE,
    },
    OptDef {
        name: "seconds",
        has_arg: true,
        id: O_SECONDS,
    },
    OptDef {
        name: "reap",
        has_arg: false,
        id: O_REAP,
    },
    OptDef {
        name: "hitcount",
        has_arg: true,
        id: O_HITCOUNT,
    },
    OptDef {
        name: "rttl",
        has_arg: false,
        id: O_RTTL,
    },
    OptDef {
        name: "name",
        has_arg: true,
        id: O_NAME,
    },
    OptDef {
        name: "rsource",
        has_arg: false,
        id: O_RSOURCE,
    },
    OptDef {
        name: "rdest",
        has_arg: false,
        id: O_RDEST,
    },
    OptDef {
        name: "mask",
        has_arg: true,
        id: O_MASK,
    },
];

/// The `.excl` mask of an option.
fn excl(o: &OptDef) -> u32 {
    match o.id {
        O_SET | O_RCHECK | O_UPDATE | O_REMOVE => F_ANY_OP,
        O_RTTL => F_SET | F_REMOVE,
        _ => 0,
    }
}

/// The `.also` mask of an option.
fn also(o: &OptDef) -> u32 {
    match o.id {
        O_REAP => F_SECONDS,
        _ => 0,
    }
}

fn get(data: &[u8]) -> XtRecentMtinfo {
    XtRecentMtinfo::decode(data, 1).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtRecentMtinfo) {
    let (b, n) = i.encode(1);
    data[..n].copy_from_slice(&b[..n]);
}

/// `xtables_ipaddr_to_numeric(&info->mask.in)`.
fn mask4(i: &XtRecentMtinfo) -> String {
    let m = &i.mask;
    format!("{}.{}.{}.{}", m[0], m[1], m[2], m[3])
}

/// The list name as `printf("%s")` shows it.
fn name(i: &XtRecentMtinfo) -> String {
    String::from_utf8_lossy(c_str(&i.name)).into_owned()
}

impl Extension for Recent {
    fn name(&self) -> &'static str {
        "recent"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `recent_init_v1`: the list `DEFAULT`, source addresses, an all-ones mask.
    fn init(&self, data: &mut [u8]) {
        let mut i = XtRecentMtinfo::default();
        i.name[..7].copy_from_slice(b"DEFAULT");
        i.side = XT_RECENT_SOURCE;
        i.mask = [0xff; 16];
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
        let o = opt_by_id(OPTS, id);
        let invertible = matches!(id, O_SET | O_RCHECK | O_UPDATE | O_REMOVE);
        option_check("recent", o, flags, invert, invertible)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        let uint = |min: u64| {
            names::xt_strtoul(arg, min, u64::from(u32::MAX)).ok_or_else(|| {
                Error::param(format!(
                    "recent: bad value for option \"--{}\", or out of range ({min}-4294967295).\n",
                    o.name
                ))
            })
        };
        match id {
            O_SET | O_RCHECK | O_UPDATE | O_REMOVE => {
                i.check_set |= match id {
                    O_SET => check_set::SET,
                    O_RCHECK => check_set::CHECK,
                    O_UPDATE => check_set::UPDATE,
                    _ => check_set::REMOVE,
                };
                if invert {
                    i.invert = 1;
                }
            }
            // CAST: both are at most `u32::MAX`.
            O_SECONDS => i.seconds = uint(1)? as u32,
            O_HITCOUNT => i.hit_count = uint(0)? as u32,
            O_RTTL => i.check_set |= check_set::TTL,
            O_REAP => i.check_set |= check_set::REAP,
            O_RSOURCE => i.side = XT_RECENT_SOURCE,
            O_RDEST => i.side = XT_RECENT_DEST,
            O_NAME => {
                // `xtopt_parse_string`: cut to the field, NUL-terminated.
                let b = arg.as_bytes();
                let n = b.len().min(XT_RECENT_NAME_LEN - 1);
                i.name = [0; XT_RECENT_NAME_LEN];
                i.name[..n].copy_from_slice(&b[..n]);
            }
            _ => {
                // `xtopt_parse_host`: the address, in a zeroed `union nf_inet_addr`.
                let a = names::getaddrinfo_host(arg)?;
                i.mask = [0; 16];
                i.mask[..4].copy_from_slice(&a);
            }
        }
        put(data, &i);
        Ok(())
    }
    /// `recent_check`, then `xtables_options_fcheck`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & F_ANY_OP == 0 {
            return Err(Error::param(
                "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'",
            ));
        }
        super::options_also_excl("recent", OPTS, also, excl, flags)
    }
    /// `recent_print` for IPv4.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        if i.invert != 0 {
            out.push_str(" !");
        }
        out.push_str(" recent:");
        for (bit, word) in [
            (check_set::SET, " SET"),
            (check_set::CHECK, " CHECK"),
            (check_set::UPDATE, " UPDATE"),
            (check_set::REMOVE, " REMOVE"),
        ] {
            if i.check_set & bit != 0 {
                out.push_str(word);
            }
        }
        // `%d` of the `u32` fields.
        if i.seconds != 0 {
            out.push_str(&format!(" seconds: {}", i.seconds as i32));
        }
        if i.check_set & check_set::REAP != 0 {
            out.push_str(" reap");
        }
        if i.hit_count != 0 {
            out.push_str(&format!(" hit_count: {}", i.hit_count as i32));
        }
        if i.check_set & check_set::TTL != 0 {
            out.push_str(" TTL-Match");
        }
        out.push_str(&format!(" name: {}", name(&i)));
        match i.side {
            XT_RECENT_SOURCE => out.push_str(" side: source"),
            XT_RECENT_DEST => out.push_str(" side: dest"),
            _ => {}
        }
        out.push_str(&format!(" mask: {}", mask4(&i)));
    }
    /// `recent_save` for IPv4.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.invert != 0 {
            out.push_str(" !");
        }
        for (bit, word) in [
            (check_set::SET, " --set"),
            (check_set::CHECK, " --rcheck"),
            (check_set::UPDATE, " --update"),
            (check_set::REMOVE, " --remove"),
        ] {
            if i.check_set & bit != 0 {
                out.push_str(word);
            }
        }
        if i.seconds != 0 {
            out.push_str(&format!(" --seconds {}", i.seconds as i32));
        }
        if i.check_set & check_set::REAP != 0 {
            out.push_str(" --reap");
        }
        if i.hit_count != 0 {
            out.push_str(&format!(" --hitcount {}", i.hit_count as i32));
        }
        if i.check_set & check_set::TTL != 0 {
            out.push_str(" --rttl");
        }
        out.push_str(&format!(" --name {}", name(&i)));
        out.push_str(&format!(" --mask {}", mask4(&i)));
        match i.side {
            XT_RECENT_SOURCE => out.push_str(" --rsource"),
            XT_RECENT_DEST => out.push_str(" --rdest"),
            _ => {}
        }
    }
}
