// SPDX-License-Identifier: GPL-2.0

//! The `NFLOG` target (libxt_NFLOG, iptables 1.8.9), revision 0.

use super::save_string;
use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::nflog::{XtNflogInfo, XT_NFLOG_DEFAULT_THRESHOLD, XT_NFLOG_F_COPY_LEN};
use oxtables_engine::ext::ExtKind;

/// `-j NFLOG`.
pub struct Nflog;

const O_GROUP: u32 = 0;
const O_PREFIX: u32 = 1;
const O_RANGE: u32 = 2;
const O_SIZE: u32 = 3;
const O_THRESHOLD: u32 = 4;

const fn opt(name: &'static str, id: u32) -> OptDef {
    OptDef {
        name,
        has_arg: true,
        id,
    }
}

/// `NFLOG_opts`, in its order.
static OPTS: &[OptDef] = &[
    opt("nflog-group", O_GROUP),
    opt("nflog-prefix", O_PREFIX),
    opt("nflog-range", O_RANGE),
    opt("nflog-size", O_SIZE),
    opt("nflog-threshold", O_THRESHOLD),
];

fn get(data: &[u8]) -> XtNflogInfo {
    XtNflogInfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtNflogInfo) {
    let b = i.encode();
    data[..b.len()].copy_from_slice(&b);
}

/// The prefix as C's `%s` prints it: up to the first NUL.
fn prefix_str(p: &[u8]) -> String {
    let end = p.iter().position(|c| *c == 0).unwrap_or(p.len());
    String::from_utf8_lossy(&p[..end]).into_owned()
}

/// `xtopt_parse_int` for `XTTYPE_UINT16`/`XTTYPE_UINT32` (`.min` 0, `.max` the type's).
fn uint(opt: &str, arg: &str, max: u32) -> Result<u32> {
    names::xt_strtoul(arg, 0, u64::from(max))
        // CAST: at most `max`.
        .map(|v| v as u32)
        .ok_or_else(|| {
            Error::param(format!(
                "NFLOG: bad value for option \"--{opt}\", or out of range (0-{max}).\n"
            ))
        })
}

/// `nflog_print`: `-L` with `prefix` "", save with "--".
fn nflog_print(i: &XtNflogInfo, prefix: &str, out: &mut String) {
    if i.prefix[0] != 0 {
        out.push_str(&format!(" {prefix}nflog-prefix"));
        save_string(out, &prefix_str(&i.prefix));
    }
    if i.group != 0 {
        out.push_str(&format!(" {prefix}nflog-group {}", i.group));
    }
    if i.flags & XT_NFLOG_F_COPY_LEN != 0 {
        out.push_str(&format!(" {prefix}nflog-size {}", i.len));
    } else if i.len != 0 {
        out.push_str(&format!(" {prefix}nflog-range {}", i.len));
    }
    if i.threshold != XT_NFLOG_DEFAULT_THRESHOLD {
        out.push_str(&format!(" {prefix}nflog-threshold {}", i.threshold));
    }
}

impl Extension for Nflog {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "NFLOG"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        // `NFLOG_init`: only the threshold (the group stays 0).
        let mut i = get(data);
        i.threshold = XT_NFLOG_DEFAULT_THRESHOLD;
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
        option_check("NFLOG", o, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        match id {
            // CAST: at most 65535.
            O_GROUP => i.group = uint(o.name, arg, u32::from(u16::MAX))? as u16,
            // CAST: at most 65535.
            O_THRESHOLD => i.threshold = uint(o.name, arg, u32::from(u16::MAX))? as u16,
            O_RANGE | O_SIZE => i.len = uint(o.name, arg, u32::MAX)?,
            _ => {
                // `xtopt_parse_string` with `.min = 1` and `XTOPT_PUT` into the 64-byte field,
                // then `NFLOG_parse`'s newline test.
                if arg.is_empty() {
                    return Err(Error::param(
                        "Argument must have a minimum length of 1 characters\n",
                    ));
                }
                let b = arg.as_bytes();
                let n = b.len().min(i.prefix.len() - 1);
                i.prefix.fill(0);
                i.prefix[..n].copy_from_slice(&b[..n]);
                if arg.contains('\n') {
                    return Err(Error::param("Newlines not allowed in --log-prefix"));
                }
            }
        }
        put(data, &i);
        Ok(())
    }
    fn final_check(&self, flags: u32, data: &mut [u8]) -> Result<()> {
        // `NFLOG_check`, then `xtables_options_fcheck`'s `.excl` test.
        if flags & (1 << O_RANGE) != 0 {
            eprintln!(
                "warn: --nflog-range has never worked and is no longer supported, please use \
                 --nflog-size instead"
            );
        }
        if flags & (1 << O_SIZE) != 0 {
            let mut i = get(data);
            i.flags |= XT_NFLOG_F_COPY_LEN;
            put(data, &i);
        }
        options_excl(
            "NFLOG",
            OPTS,
            |o| match o.id {
                O_RANGE => 1 << O_SIZE,
                O_SIZE => 1 << O_RANGE,
                _ => 0,
            },
            flags,
        )
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        nflog_print(&get(data), "", out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        nflog_print(&get(data), "--", out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(i: &XtNflogInfo, save: bool) -> String {
        let mut s = String::new();
        if save {
            Nflog.save(&IptIp::default(), &i.encode(), &mut s);
        } else {
            Nflog.print(&IptIp::default(), &i.encode(), false, &mut s);
        }
        s
    }

    #[test]
    fn output() {
        let mut i = XtNflogInfo::default();
        assert_eq!(shown(&i, true), "");
        i.prefix[..4].copy_from_slice(b"in: ");
        i.group = 3;
        i.len = 7;
        i.threshold = 2;
        assert_eq!(
            shown(&i, true),
            " --nflog-prefix \"in: \" --nflog-group 3 --nflog-range 7 --nflog-threshold 2"
        );
        i.flags = XT_NFLOG_F_COPY_LEN;
        assert_eq!(
            shown(&i, false),
            " nflog-prefix \"in: \" nflog-group 3 nflog-size 7 nflog-threshold 2"
        );
        i.len = 0;
        assert_eq!(
            shown(&i, false),
            " nflog-prefix \"in: \" nflog-group 3 nflog-size 0 nflog-threshold 2"
        );
    }
}
