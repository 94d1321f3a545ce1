// SPDX-License-Identifier: GPL-2.0

//! The `CLASSIFY` target (libxt_CLASSIFY, iptables 1.8.9), revision 0: `--set-class
//! MAJOR:MINOR`, both hexadecimal, into `skb->priority`.

use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::classify::{XtClassifyTargetInfo, XT_CLASSIFY_TARGET_INFO_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-j CLASSIFY`.
pub struct Classify;

/// `CLASSIFY_opts`: `O_SET_CLASS`, mandatory.
static OPTS: &[OptDef] = &[OptDef {
    name: "set-class",
    has_arg: true,
    id: 0,
}];

/// `TC_H_MAJ_MASK`.
const TC_H_MAJ_MASK: u32 = 0xffff_0000;
/// `TC_H_MIN_MASK`.
const TC_H_MIN_MASK: u32 = 0x0000_ffff;

/// One `%x` conversion of glibc's `sscanf` at the start of `s`: white space skipped, an
/// optional sign, an optional `0x`/`0X` (which counts as the digit 0 when no hex digit follows
/// it), hex digits converted by `strtoul` (a value past `ULONG_MAX` is `ULONG_MAX`, a `-`
/// negates in 64 bits), stored in an `unsigned int`. The value and the rest of `s`, or `None`
/// when there is no digit.
fn scan_hex(s: &str) -> Option<(u32, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
        i += 1;
    }
    let neg = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let mut digits = false;
    if b.get(i) == Some(&b'0') && matches!(b.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
        digits = true;
    }
    let mut v: u64 = 0;
    let mut overflow = false;
    while let Some(d) = b.get(i).and_then(|c| char::from(*c).to_digit(16)) {
        digits = true;
        match v.checked_mul(16).and_then(|x| x.checked_add(u64::from(d))) {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if !digits {
        return None;
    }
    let v = if overflow {
        u64::MAX
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    };
    // CAST: `sscanf` stores the `unsigned long` in an `unsigned int`, keeping the low bits.
    Some((v as u32, &s[i..]))
}

/// `CLASSIFY_string_to_priority`: `sscanf(s, "%x:%x", &i, &j) == 2`, then `TC_H_MAKE(i << 16,
/// j)`. Whatever follows the second number is ignored.
pub fn string_to_priority(s: &str) -> Option<u32> {
    let (major, rest) = scan_hex(s)?;
    let (minor, _) = scan_hex(rest.strip_prefix(':')?)?;
    Some(((major << 16) & TC_H_MAJ_MASK) | (minor & TC_H_MIN_MASK))
}

fn get(data: &[u8]) -> XtClassifyTargetInfo {
    XtClassifyTargetInfo::decode(data).unwrap_or_default()
}

impl Extension for Classify {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "CLASSIFY"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `CLASSIFY_parse`.
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
        option_check("CLASSIFY", &OPTS[0], flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let priority = string_to_priority(arg)
            .ok_or_else(|| Error::param(format!("Bad class value \"{arg}\"")))?;
        data[..XT_CLASSIFY_TARGET_INFO_SIZE]
            .copy_from_slice(&XtClassifyTargetInfo { priority }.encode());
        Ok(())
    }
    /// `xtables_options_fcheck`: `--set-class` is mandatory.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("CLASSIFY", &OPTS[0], flags)
    }
    /// `CLASSIFY_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let p = get(data).priority;
        out.push_str(&format!(
            " CLASSIFY set {:x}:{:x}",
            (p & TC_H_MAJ_MASK) >> 16,
            p & TC_H_MIN_MASK
        ));
    }
    /// `CLASSIFY_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let p = get(data).priority;
        out.push_str(&format!(
            " --set-class {:04x}:{:04x}",
            (p & TC_H_MAJ_MASK) >> 16,
            p & TC_H_MIN_MASK
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sscanf_hex() {
        // As iptables-legacy 1.8.9 takes them (checked against its -S output).
        for (s, want) in [
            ("1:2", Some(0x0001_0002)),
            ("0x:1", Some(0x0000_0001)),
            ("-1:-1", Some(0xffff_ffff)),
            ("ffffffff1:1", Some(0xfff1_0001)),
            (" 1:2", Some(0x0001_0002)),
            ("1: 2", Some(0x0001_0002)),
            ("1:\t2", Some(0x0001_0002)),
            ("1:2xyz", Some(0x0001_0002)),
            ("+a:b", Some(0x000a_000b)),
            ("10000:10000", Some(0)),
            ("0x10:0X20", Some(0x0010_0020)),
            ("-0x1:2", Some(0xffff_0002)),
            ("1:0x", Some(0x0001_0000)),
            ("1:0xg", Some(0x0001_0000)),
            ("18446744073709551616:1", Some(0xffff_0001)),
            ("-ffffffffffffffffff:1", Some(0xffff_0001)),
            ("0000:ffff", Some(0x0000_ffff)),
            ("1 :2", None),
            ("g:1", None),
            ("1:", None),
            (":1", None),
            ("0xg:1", None),
            ("-:1", None),
            ("x1:2", None),
            ("1:-", None),
            ("1:+", None),
            ("+-1:2", None),
            ("0x0x1:2", None),
            ("", None),
            ("12", None),
        ] {
            assert_eq!(string_to_priority(s), want, "{s:?}");
        }
    }

    #[test]
    fn print_and_save() {
        let d = XtClassifyTargetInfo {
            priority: 0x0001_00ab,
        }
        .encode();
        let (mut p, mut s) = (String::new(), String::new());
        Classify.print(&IptIp::default(), &d, false, &mut p);
        Classify.save(&IptIp::default(), &d, &mut s);
        assert_eq!(
            (p.as_str(), s.as_str()),
            (" CLASSIFY set 1:ab", " --set-class 0001:00ab")
        );
    }
}
