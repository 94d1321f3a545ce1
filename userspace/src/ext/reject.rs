// SPDX-License-Identifier: GPL-2.0

//! The `REJECT` target (libipt_REJECT, iptables 1.8.9), revision 0.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::reject::{with, IptRejectInfo};
use oxtables_engine::ext::ExtKind;

/// `-j REJECT`.
pub struct Reject;

const O_REJECT_WITH: u32 = 0;

/// `REJECT_opts`.
static OPTS: &[OptDef] = &[OptDef {
    name: "reject-with",
    has_arg: true,
    id: O_REJECT_WITH,
}];

/// `reject_table`: (name, alias) indexed by `enum ipt_reject_with`; `IPT_ICMP_ECHOREPLY` has
/// no entry (`#if 0` upstream).
const REJECT_TABLE: [Option<(&str, &str)>; 9] = [
    Some(("icmp-net-unreachable", "net-unreach")),
    Some(("icmp-host-unreachable", "host-unreach")),
    Some(("icmp-proto-unreachable", "proto-unreach")),
    Some(("icmp-port-unreachable", "port-unreach")),
    None,
    Some(("icmp-net-prohibited", "net-prohib")),
    Some(("icmp-host-prohibited", "host-prohib")),
    Some(("tcp-reset", "tcp-rst")),
    Some(("icmp-admin-prohibited", "admin-prohib")),
];

/// `strncasecmp(name, arg, strlen(arg)) == 0`: `arg` is a prefix of `name`, ignoring case.
fn abbreviates(name: &str, arg: &str) -> bool {
    name.len() >= arg.len() && name.as_bytes()[..arg.len()].eq_ignore_ascii_case(arg.as_bytes())
}

/// The name `REJECT_print`/`REJECT_save` print for `w` (`reject_table[w].name`; glibc prints a
/// NULL string as `(null)`).
fn with_name(w: u32) -> &'static str {
    usize::try_from(w)
        .ok()
        .and_then(|i| REJECT_TABLE.get(i).copied().flatten())
        .map_or("(null)", |(n, _)| n)
}

fn get(data: &[u8]) -> IptRejectInfo {
    IptRejectInfo::decode(data).unwrap_or_default()
}

impl Extension for Reject {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "REJECT"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        // `REJECT_init`.
        let b = IptRejectInfo {
            with: with::ICMP_PORT_UNREACHABLE,
        }
        .encode();
        data[..b.len()].copy_from_slice(&b);
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
        option_check("REJECT", opt_by_id(OPTS, id), flags, invert, false)?;
        let arg = arg.unwrap_or("");
        // `REJECT_parse`: the first entry the argument abbreviates, by name or alias.
        let found = REJECT_TABLE.iter().enumerate().find_map(|(i, e)| {
            e.filter(|(n, a)| abbreviates(n, arg) || abbreviates(a, arg))
                .map(|_| i)
        });
        if let Some(i) = found {
            // CAST: `i < 9`.
            let b = IptRejectInfo { with: i as u32 }.encode();
            data[..b.len()].copy_from_slice(&b);
            return Ok(());
        }
        if abbreviates("echo-reply", arg) || abbreviates("echoreply", arg) {
            // Written to stderr before the error, as upstream does.
            eprintln!("--reject-with echo-reply no longer supported");
        }
        Err(Error::param(format!("unknown reject type \"{arg}\"")))
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(&format!(" reject-with {}", with_name(get(data).with)));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        out.push_str(&format!(" --reject-with {}", with_name(get(data).with)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(abbreviates("tcp-reset", "TCP"));
        assert!(abbreviates("tcp-reset", ""));
        assert!(!abbreviates("tcp-rst", "tcp-reset"));
        assert_eq!(with_name(7), "tcp-reset");
        assert_eq!(with_name(4), "(null)");
        assert_eq!(with_name(9), "(null)");
        assert_eq!(with_name(u32::MAX), "(null)");
    }

    #[test]
    fn list_output() {
        let mut d = [0u8; 8];
        Reject.init(&mut d);
        let mut s = String::new();
        Reject.print(&IptIp::default(), &d, false, &mut s);
        Reject.save(&IptIp::default(), &d, &mut s);
        assert_eq!(
            s,
            " reject-with icmp-port-unreachable --reject-with icmp-port-unreachable"
        );
    }
}
