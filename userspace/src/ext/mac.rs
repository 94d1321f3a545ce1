// SPDX-License-Identifier: GPL-2.0

//! The `mac` match (libxt_mac, iptables 1.8.9).

use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::mac::{XtMacInfo, ETH_ALEN, XT_MAC_INFO_SIZE};

/// The `mac` match.
pub struct Mac;

/// `mac_opts`.
static OPTS: &[OptDef] = &[OptDef {
    name: "mac-source",
    has_arg: true,
    id: 0,
}];

/// C `strtoul(s, &end, 16)`: the value (modulo 2^64, negated after a `-`) and the bytes
/// consumed (0 when there are no digits).
fn strtoul16(s: &str) -> (u64, usize) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let neg = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'+') | Some(b'-')) {
        i += 1;
    }
    if b.get(i) == Some(&b'0')
        && matches!(b.get(i + 1), Some(b'x') | Some(b'X'))
        && b.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i += 2;
    }
    let start = i;
    let mut v: u64 = 0;
    while let Some(d) = b.get(i).and_then(|c| (*c as char).to_digit(16)) {
        v = v.saturating_mul(16).saturating_add(u64::from(d));
        i += 1;
    }
    if i == start {
        return (0, 0);
    }
    (if neg { v.wrapping_neg() } else { v }, i)
}

/// `xtopt_parse_ethermac`: six `strtoul` hex fields of at most two characters each, separated
/// by `:`.
pub fn parse_ethermac(arg: &str) -> Result<[u8; ETH_ALEN]> {
    let bad = || Error::param("Invalid MAC address specified.");
    let mut mac = [0u8; ETH_ALEN];
    let mut rest = arg;
    for (i, slot) in mac.iter_mut().enumerate() {
        let (v, n) = strtoul16(rest);
        // CAST: the byte of an `unsigned long` stored in a `uint8_t`.
        *slot = v as u8;
        let end = &rest[n..];
        let want_sep = i < ETH_ALEN - 1;
        if n > 2 || (want_sep && !end.starts_with(':')) || (!want_sep && !end.is_empty()) {
            return Err(bad());
        }
        if want_sep {
            rest = &end[1..];
        }
    }
    Ok(mac)
}

fn get(data: &[u8]) -> XtMacInfo {
    XtMacInfo::decode(data).unwrap_or_default()
}

/// `xtables_print_mac`.
fn mac_str(m: &[u8; ETH_ALEN]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

impl Extension for Mac {
    fn name(&self) -> &'static str {
        "mac"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn parse(
        &self,
        _id: u32,
        arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        option_check("mac", &OPTS[0], flags, invert, true)?;
        let mut i = get(data);
        i.srcaddr = parse_ethermac(arg.unwrap_or(""))?;
        if invert {
            i.invert = 1;
        }
        data[..XT_MAC_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("mac", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(" MAC ");
        if i.invert != 0 {
            out.push_str("! ");
        }
        out.push_str(&mac_str(&i.srcaddr));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.invert != 0 {
            out.push_str(" !");
        }
        out.push_str(" --mac-source ");
        out.push_str(&mac_str(&i.srcaddr));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethermac() {
        assert_eq!(
            parse_ethermac("42:01:02:03:04:05").unwrap(),
            [0x42, 1, 2, 3, 4, 5]
        );
        assert_eq!(
            parse_ethermac("a:B:c:D:e:F").unwrap(),
            [10, 11, 12, 13, 14, 15]
        );
        // Empty fields are zero; a sign or blank counts in the two characters.
        assert_eq!(
            parse_ethermac("42:01:02:03:04:").unwrap(),
            [0x42, 1, 2, 3, 4, 0]
        );
        assert_eq!(parse_ethermac(":::::").unwrap(), [0; 6]);
        assert_eq!(
            parse_ethermac("-1:+1: 1:0:0:0").unwrap(),
            [0xff, 1, 1, 0, 0, 0]
        );
        for bad in [
            "42:01:02:03:04",
            "42:01:02:03:04:05:06",
            "042:01:02:03:04:05",
            "0x1:01:02:03:04:05",
            "zz:01:02:03:04:05",
            "42-01-02-03-04-05",
            "",
        ] {
            assert!(parse_ethermac(bad).is_err(), "{bad}");
        }
    }
}
