// SPDX-License-Identifier: GPL-2.0

//! The `helper` match (libxt_helper, iptables 1.8.9): `[!] --helper name`, revision 0.

use super::save_string;
use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::helper::{XtHelperInfo, XT_HELPER_INFO_SIZE, XT_HELPER_NAME_LEN};

/// The `helper` match.
pub struct Helper;

/// `helper_opts`.
static OPTS: &[OptDef] = &[OptDef {
    name: "helper",
    has_arg: true,
    id: 0,
}];

fn get(data: &[u8]) -> XtHelperInfo {
    XtHelperInfo::decode(data).unwrap_or_default()
}

/// The C string in `field` (up to its first NUL).
fn c_string(field: &[u8]) -> String {
    let end = field.iter().position(|&c| c == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

impl Extension for Helper {
    fn name(&self) -> &'static str {
        "helper"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// libxt_helper sets no `userspacesize`: `-D`/`-C` take any helper match as the same.
    fn userspace_size(&self) -> usize {
        0
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
        option_check("helper", &OPTS[0], flags, invert, true)?;
        let mut i = get(data);
        // `xtopt_parse_string` with `XTOPT_PUT`: at most `sizeof(name) - 1` bytes, then a NUL.
        let arg = arg.unwrap_or("").as_bytes();
        let n = arg.len().min(XT_HELPER_NAME_LEN - 1);
        i.name[..n].copy_from_slice(&arg[..n]);
        i.name[n] = 0;
        if invert {
            i.invert = 1;
        }
        data[..XT_HELPER_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("helper", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        let inv = if i.invert != 0 { "! " } else { "" };
        out.push_str(&format!(" helper match {inv}\"{}\"", c_string(&i.name)));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.invert != 0 {
            out.push_str(" !");
        }
        out.push_str(" --helper");
        save_string(out, &c_string(&i.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let s = |v: &str| {
            let mut o = String::new();
            save_string(&mut o, v);
            o
        };
        assert_eq!(s("ftp"), " ftp");
        assert_eq!(s("ftp-21_x"), " ftp-21_x");
        assert_eq!(s(""), " \"\"");
        assert_eq!(s("a b"), " \"a b\"");
        assert_eq!(s("a\"b\\c'd"), " \"a\\\"b\\\\c\\'d\"");
    }
}
