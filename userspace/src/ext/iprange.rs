// SPDX-License-Identifier: GPL-2.0

//! The `iprange` match (libxt_iprange, iptables 1.8.9). The kernel registers only revision 1,
//! so iptables-legacy 1.8.9 sends `struct xt_iprange_mtinfo`.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::iprange::{range_flags, XtIprangeMtinfo, XT_IPRANGE_MTINFO_SIZE};

/// The `iprange` match (revision 1).
pub struct Iprange;

const O_SRC_RANGE: u32 = 0;
const O_DST_RANGE: u32 = 1;

/// `iprange_mt_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "src-range",
        has_arg: true,
        id: O_SRC_RANGE,
    },
    OptDef {
        name: "dst-range",
        has_arg: true,
        id: O_DST_RANGE,
    },
];

/// `xtables_numeric_to_ipaddr`: up to four dotted parts (`xtables_strtoui`, 0 to 255), the
/// missing ones zero; the string is cut at 19 bytes first, as upstream copies it into a
/// 20-byte buffer.
pub fn numeric_to_ipaddr(dotted: &str) -> Option<[u8; 4]> {
    let b = dotted.as_bytes();
    let cut = String::from_utf8_lossy(b.get(..19).unwrap_or(b)).into_owned();
    let mut a = [0u8; 4];
    let mut p = cut.as_str();
    for slot in a.iter_mut().take(3) {
        match p.split_once('.') {
            None => {
                // CAST: at most 255.
                *slot = names::xt_strtoul(p, 0, 255)? as u8;
                return Some(a);
            }
            Some((part, rest)) => {
                // CAST: at most 255.
                *slot = names::xt_strtoul(part, 0, 255)? as u8;
                p = rest;
            }
        }
    }
    // CAST: at most 255.
    a[3] = names::xt_strtoul(p, 0, 255)? as u8;
    Some(a)
}

/// `iprange_parse_range` for IPv4: `ip` or `ip-ip`.
fn parse_range(arg: &str, optname: &str) -> Result<[[u8; 4]; 2]> {
    let (from, to) = match arg.split_once('-') {
        Some((a, b)) => (a, b),
        None => (arg, arg),
    };
    let spec = |s: &str| {
        numeric_to_ipaddr(s).ok_or_else(|| {
            Error::param(format!(
                "iprange: Bad value for \"{optname}\" option: \"{s}\""
            ))
        })
    };
    let r = [spec(from)?, spec(to)?];
    if arg.contains('-') && r[0] > r[1] {
        eprintln!("xt_iprange: range {from}-{to} is reversed and will never match");
    }
    Ok(r)
}

fn get(data: &[u8]) -> XtIprangeMtinfo {
    XtIprangeMtinfo::decode(data).unwrap_or_default()
}

impl Extension for Iprange {
    fn name(&self) -> &'static str {
        "iprange"
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
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        option_check("iprange", opt_by_id(OPTS, id), flags, invert, true)?;
        let mut m = get(data);
        let arg = arg.unwrap_or("");
        let (first, flag, inv) = if id == O_SRC_RANGE {
            (0, range_flags::SRC, range_flags::SRC_INV)
        } else {
            (2, range_flags::DST, range_flags::DST_INV)
        };
        let r = parse_range(
            arg,
            if id == O_SRC_RANGE {
                "--src-range"
            } else {
                "--dst-range"
            },
        )?;
        for (k, a) in r.iter().enumerate() {
            // `memset` of both unions, then `.ip`.
            m.addrs[first + k] = [0; 16];
            m.addrs[first + k][..4].copy_from_slice(a);
        }
        m.flags |= flag;
        if invert {
            m.flags |= inv;
        }
        data[..XT_IPRANGE_MTINFO_SIZE].copy_from_slice(&m.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param(
                "iprange match: You must specify `--src-range' or `--dst-range'",
            ));
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let m = get(data);
        for (flag, inv, first, what) in [
            (range_flags::SRC, range_flags::SRC_INV, 0, "source"),
            (range_flags::DST, range_flags::DST_INV, 2, "destination"),
        ] {
            if m.flags & flag != 0 {
                out.push_str(&format!(" {what} IP range"));
                if m.flags & inv != 0 {
                    out.push_str(" !");
                }
                out.push_str(&format!(
                    " {}-{}",
                    names::ip_str(m.ip(first)),
                    names::ip_str(m.ip(first + 1))
                ));
            }
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let m = get(data);
        for (flag, inv, first, opt) in [
            (range_flags::SRC, range_flags::SRC_INV, 0, "src-range"),
            (range_flags::DST, range_flags::DST_INV, 2, "dst-range"),
        ] {
            if m.flags & flag != 0 {
                if m.flags & inv != 0 {
                    out.push_str(" !");
                }
                out.push_str(&format!(
                    " --{opt} {}-{}",
                    names::ip_str(m.ip(first)),
                    names::ip_str(m.ip(first + 1))
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_addresses() {
        assert_eq!(numeric_to_ipaddr("1.2.3.4"), Some([1, 2, 3, 4]));
        assert_eq!(numeric_to_ipaddr("10"), Some([10, 0, 0, 0]));
        assert_eq!(numeric_to_ipaddr("10.1"), Some([10, 1, 0, 0]));
        assert_eq!(numeric_to_ipaddr("10.1.2"), Some([10, 1, 2, 0]));
        assert_eq!(numeric_to_ipaddr("0x0a.010.0.1"), Some([10, 8, 0, 1]));
        assert_eq!(numeric_to_ipaddr("1.2.3.256"), None);
        assert_eq!(numeric_to_ipaddr("1.2.3.4.5"), None);
        assert_eq!(numeric_to_ipaddr("1..3.4"), None);
        assert_eq!(numeric_to_ipaddr(""), None);
        assert_eq!(numeric_to_ipaddr("host"), None);
        // Cut at 19 bytes.
        assert_eq!(
            numeric_to_ipaddr("1.2.3.0000000000004xyz"),
            Some([1, 2, 3, 4])
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("1.1.1.1-1.1.1.10", "--src-range").unwrap(),
            [[1, 1, 1, 1], [1, 1, 1, 10]]
        );
        assert_eq!(
            parse_range("1.1.1.1", "--src-range").unwrap(),
            [[1, 1, 1, 1], [1, 1, 1, 1]]
        );
        assert_eq!(
            parse_range("1.1.1.1-x", "--dst-range").unwrap_err().msg,
            "iprange: Bad value for \"--dst-range\" option: \"x\""
        );
        assert_eq!(
            parse_range("1.1.1.1-2.2.2.2-3.3.3.3", "--dst-range")
                .unwrap_err()
                .msg,
            "iprange: Bad value for \"--dst-range\" option: \"2.2.2.2-3.3.3.3\""
        );
    }
}
