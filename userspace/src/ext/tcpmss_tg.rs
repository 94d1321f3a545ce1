// SPDX-License-Identifier: GPL-2.0

//! The `TCPMSS` target (libxt_TCPMSS, iptables 1.8.9, its IPv4 registration), revision 0.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::tcpmss_tg::{XtTcpmssInfo, XT_TCPMSS_CLAMP_PMTU, XT_TCPMSS_INFO_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-j TCPMSS`.
pub struct TcpmssTg;

const O_SET_MSS: u32 = 0;
const O_CLAMP_MSS: u32 = 1;

/// `TCPMSS4_opts`. The two are not exclusive in the table (only in the help text): the last
/// one given sets the payload.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "set-mss",
        has_arg: true,
        id: O_SET_MSS,
    },
    OptDef {
        name: "clamp-mss-to-pmtu",
        has_arg: false,
        id: O_CLAMP_MSS,
    },
];

/// `--set-mss`'s `.max`: `UINT16_MAX - sizeof(struct iphdr)`.
const SET_MSS_MAX: u64 = 65535 - 20;

fn get(data: &[u8]) -> XtTcpmssInfo {
    XtTcpmssInfo::decode(data).unwrap_or_default()
}

impl Extension for TcpmssTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "TCPMSS"
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
        // `TCPMSS_parse`: `xtables_option_parse` (`XTTYPE_UINT16` with `XTOPT_PUT` for
        // `--set-mss`), then the clamping value.
        let o = opt_by_id(OPTS, id);
        option_check("TCPMSS", o, flags, invert, false)?;
        let mss = if id == O_SET_MSS {
            let v = names::xt_strtoul(arg.unwrap_or(""), 0, SET_MSS_MAX).ok_or_else(|| {
                Error::param(format!(
                    "TCPMSS: bad value for option \"--{}\", or out of range (0-{SET_MSS_MAX}).\n",
                    o.name
                ))
            })?;
            // CAST: at most 65515.
            v as u16
        } else {
            XT_TCPMSS_CLAMP_PMTU
        };
        data[..XT_TCPMSS_INFO_SIZE].copy_from_slice(&XtTcpmssInfo { mss }.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        // `TCPMSS_check`.
        if flags == 0 {
            return Err(Error::param(
                "TCPMSS target: At least one parameter is required",
            ));
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        match get(data).mss {
            XT_TCPMSS_CLAMP_PMTU => out.push_str(" TCPMSS clamp to PMTU"),
            mss => out.push_str(&format!(" TCPMSS set {mss}")),
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        match get(data).mss {
            XT_TCPMSS_CLAMP_PMTU => out.push_str(" --clamp-mss-to-pmtu"),
            mss => out.push_str(&format!(" --set-mss {mss}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(mss: u16) -> String {
        let d = XtTcpmssInfo { mss }.encode();
        let mut s = String::new();
        TcpmssTg.print(&IptIp::default(), &d, false, &mut s);
        s.push('|');
        TcpmssTg.save(&IptIp::default(), &d, &mut s);
        s
    }

    #[test]
    fn list_and_save() {
        assert_eq!(shown(1400), " TCPMSS set 1400| --set-mss 1400");
        assert_eq!(shown(0), " TCPMSS set 0| --set-mss 0");
        assert_eq!(
            shown(XT_TCPMSS_CLAMP_PMTU),
            " TCPMSS clamp to PMTU| --clamp-mss-to-pmtu"
        );
        // 65534 is no clamping value, whatever the tool's option range.
        assert_eq!(shown(65534), " TCPMSS set 65534| --set-mss 65534");
    }

    #[test]
    fn sizes() {
        assert_eq!(TcpmssTg.size(), 2);
        assert_eq!(TcpmssTg.userspace_size(), 8);
        assert_eq!(super::super::tcpmss::Tcpmss.size(), 6);
        assert_eq!(super::super::tcpmss::Tcpmss.userspace_size(), 8);
    }
}
