// SPDX-License-Identifier: GPL-2.0

//! The `tcpmss` match (libxt_tcpmss, iptables 1.8.9).

use super::{mandatory, option_check, parse_mint, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::tcpmss::{XtTcpmssMatchInfo, XT_TCPMSS_MATCH_INFO_SIZE};

/// `-m tcpmss`.
pub struct Tcpmss;

/// `tcpmss_opts`: `--mss`, mandatory and invertible (`XTTYPE_UINT16RC`).
static OPTS: &[OptDef] = &[OptDef {
    name: "mss",
    has_arg: true,
    id: 0,
}];

fn get(data: &[u8]) -> XtTcpmssMatchInfo {
    XtTcpmssMatchInfo::decode(data).unwrap_or_default()
}

/// `min` or `min:max`, as `tcpmss_print` and `tcpmss_save` write it.
fn range(i: &XtTcpmssMatchInfo) -> String {
    if i.mss_min == i.mss_max {
        i.mss_min.to_string()
    } else {
        format!("{}:{}", i.mss_min, i.mss_max)
    }
}

impl Extension for Tcpmss {
    fn name(&self) -> &'static str {
        "tcpmss"
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
        // `tcpmss_parse`.
        option_check("tcpmss", &OPTS[0], flags, invert, true)?;
        let v = parse_mint("tcpmss", "mss", arg.unwrap_or(""), 0xffff)?;
        let mut i = get(data);
        // CAST: every value is at most 65535.
        i.mss_min = v[0] as u16;
        i.mss_max = i.mss_min;
        if let Some(&max) = v.get(1) {
            i.mss_max = max as u16;
            if i.mss_max < i.mss_min {
                return Err(Error::param("tcpmss: invalid range given"));
            }
        }
        if invert {
            i.invert = 1;
        }
        data[..XT_TCPMSS_MATCH_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("tcpmss", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            " tcpmss match {}{}",
            if i.invert != 0 { "!" } else { "" },
            range(&i)
        ));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            "{} --mss {}",
            if i.invert != 0 { " !" } else { "" },
            range(&i)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(min: u16, max: u16, invert: u8) -> String {
        let d = XtTcpmssMatchInfo {
            mss_min: min,
            mss_max: max,
            invert,
        }
        .encode();
        let mut s = String::new();
        Tcpmss.print(&IptIp::default(), &d, false, &mut s);
        s.push('|');
        Tcpmss.save(&IptIp::default(), &d, &mut s);
        s
    }

    #[test]
    fn list_and_save() {
        assert_eq!(shown(1460, 1460, 0), " tcpmss match 1460| --mss 1460");
        assert_eq!(shown(0, 536, 1), " tcpmss match !0:536| ! --mss 0:536");
        // A payload the tool would not write (min > max) prints as it is.
        assert_eq!(shown(9, 2, 0), " tcpmss match 9:2| --mss 9:2");
    }
}
