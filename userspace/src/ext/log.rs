// SPDX-License-Identifier: GPL-2.0

//! The `LOG` target (libxt_LOG, iptables 1.8.9), revision 0.

use super::save_string;
use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::log::{log_flags, XtLogInfo};
use oxtables_engine::ext::ExtKind;

/// `-j LOG`.
pub struct Log;

// The option ids are the `XT_LOG_*` bit positions for the flag options.
const O_LOG_TCPSEQ: u32 = 0;
const O_LOG_TCPOPTS: u32 = 1;
const O_LOG_IPOPTS: u32 = 2;
const O_LOG_UID: u32 = 3;
const O_LOG_MAC: u32 = 5;
const O_LOG_LEVEL: u32 = 6;
const O_LOG_PREFIX: u32 = 7;

/// `LOG_DEFAULT_LEVEL` (`LOG_WARNING`).
const LOG_DEFAULT_LEVEL: u8 = 4;

const fn opt(name: &'static str, has_arg: bool, id: u32) -> OptDef {
    OptDef { name, has_arg, id }
}

/// `LOG_opts`, in its order.
static OPTS: &[OptDef] = &[
    opt("log-level", true, O_LOG_LEVEL),
    opt("log-prefix", true, O_LOG_PREFIX),
    opt("log-tcp-sequence", false, O_LOG_TCPSEQ),
    opt("log-tcp-options", false, O_LOG_TCPOPTS),
    opt("log-ip-options", false, O_LOG_IPOPTS),
    opt("log-uid", false, O_LOG_UID),
    opt("log-macdecode", false, O_LOG_MAC),
];

/// `xtopt_parse_sysloglevel`'s names (exact, case-sensitive).
const LEVEL_NAMES: &[(&str, u8)] = &[
    ("alert", 1),
    ("crit", 2),
    ("debug", 7),
    ("emerg", 0),
    ("error", 3),
    ("info", 6),
    ("notice", 5),
    ("panic", 0),
    ("warning", 4),
];

/// glibc's `prioritynames`, in its order: `priority2name` prints the first name of a level.
const PRIORITY_NAMES: &[(&str, u8)] = &[
    ("alert", 1),
    ("crit", 2),
    ("debug", 7),
    ("emerg", 0),
    ("err", 3),
    ("error", 3),
    ("info", 6),
    ("none", 0x10),
    ("notice", 5),
    ("panic", 0),
    ("warn", 4),
    ("warning", 4),
];

/// `priority2name`.
fn priority_name(level: u8) -> Option<&'static str> {
    PRIORITY_NAMES
        .iter()
        .find(|(_, l)| *l == level)
        .map(|(n, _)| *n)
}

/// The prefix as C's `%s` prints it: up to the first NUL.
fn prefix_str(p: &[u8]) -> String {
    let end = p.iter().position(|c| *c == 0).unwrap_or(p.len());
    String::from_utf8_lossy(&p[..end]).into_owned()
}

fn get(data: &[u8]) -> XtLogInfo {
    XtLogInfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtLogInfo) {
    let b = i.encode();
    data[..b.len()].copy_from_slice(&b);
}

/// The `--log-*` flag options, in `LOG_save`'s order.
const FLAG_NAMES: &[(u8, &str, &str)] = &[
    (log_flags::TCPSEQ, "tcp-sequence", "log-tcp-sequence"),
    (log_flags::TCPOPT, "tcp-options", "log-tcp-options"),
    (log_flags::IPOPT, "ip-options", "log-ip-options"),
    (log_flags::UID, "uid", "log-uid"),
    (log_flags::MACDECODE, "macdecode", "log-macdecode"),
];

impl Extension for Log {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "LOG"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        // `LOG_init`.
        put(
            data,
            &XtLogInfo {
                level: LOG_DEFAULT_LEVEL,
                ..XtLogInfo::default()
            },
        );
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
        option_check("LOG", opt_by_id(OPTS, id), flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        match id {
            O_LOG_LEVEL => {
                // `xtopt_parse_sysloglevel`.
                i.level = match names::xt_strtoul(arg, 0, 7) {
                    // CAST: at most 7.
                    Some(n) => n as u8,
                    None => LEVEL_NAMES
                        .iter()
                        .find(|(n, _)| *n == arg)
                        .map(|(_, l)| *l)
                        .ok_or_else(|| Error::param(format!("log level \"{arg}\" unknown\n")))?,
                };
            }
            O_LOG_PREFIX => {
                // `xtopt_parse_string` with `.min = 1` and `XTOPT_PUT` into the 30-byte field.
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
            // CAST: the flag option ids are bit positions below 8.
            _ => i.logflags |= 1 << id as u8,
        }
        put(data, &i);
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        // `LOG_print`.
        let i = get(data);
        out.push_str(" LOG");
        if numeric {
            out.push_str(&format!(" flags {} level {}", i.logflags, i.level));
        } else {
            match priority_name(i.level) {
                Some(n) => out.push_str(&format!(" level {n}")),
                None => out.push_str(&format!(" UNKNOWN level {}", i.level)),
            }
            for (bit, name, _) in FLAG_NAMES {
                if i.logflags & bit != 0 {
                    out.push_str(&format!(" {name}"));
                }
            }
            if i.logflags & !log_flags::MASK != 0 {
                out.push_str(" unknown-flags");
            }
        }
        if i.prefix[0] != 0 {
            out.push_str(&format!(" prefix \"{}\"", prefix_str(&i.prefix)));
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        // `LOG_save`.
        let i = get(data);
        if i.prefix[0] != 0 {
            out.push_str(" --log-prefix");
            save_string(out, &prefix_str(&i.prefix));
        }
        if i.level != LOG_DEFAULT_LEVEL {
            out.push_str(&format!(" --log-level {}", i.level));
        }
        for (bit, _, opt) in FLAG_NAMES {
            if i.logflags & bit != 0 {
                out.push_str(&format!(" --{opt}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(v: &str) -> String {
        let mut s = String::new();
        save_string(&mut s, v);
        s
    }

    #[test]
    fn save_string_quotes() {
        assert_eq!(saved("abc_-09XZ"), " abc_-09XZ");
        assert_eq!(saved("in: "), " \"in: \"");
        assert_eq!(saved("a\"b\\c'd"), " \"a\\\"b\\\\c\\'d\"");
        assert_eq!(saved(""), " \"\"");
    }

    #[test]
    fn priority_names() {
        let names: Vec<_> = (0..8).map(|l| priority_name(l).unwrap()).collect();
        assert_eq!(
            names,
            ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"]
        );
        assert_eq!(priority_name(8), None);
    }

    fn shown(i: XtLogInfo, numeric: bool) -> String {
        let mut s = String::new();
        Log.print(&IptIp::default(), &i.encode(), numeric, &mut s);
        s
    }

    #[test]
    fn list_output() {
        let mut i = XtLogInfo {
            level: 4,
            ..XtLogInfo::default()
        };
        assert_eq!(shown(i, false), " LOG level warn");
        assert_eq!(shown(i, true), " LOG flags 0 level 4");
        i.prefix[..4].copy_from_slice(b"in: ");
        i.logflags = 0x2f;
        i.level = 3;
        assert_eq!(
            shown(i, false),
            " LOG level err tcp-sequence tcp-options ip-options uid macdecode prefix \"in: \""
        );
        assert_eq!(shown(i, true), " LOG flags 47 level 3 prefix \"in: \"");
        i.logflags = 0x10;
        i.level = 9;
        assert_eq!(
            shown(i, false),
            " LOG UNKNOWN level 9 unknown-flags prefix \"in: \""
        );
        let mut d = [0u8; 32];
        Log.init(&mut d);
        assert_eq!(get(&d).level, 4);
    }
}
