// SPDX-License-Identifier: GPL-2.0

//! The `TEE` target (libxt_TEE, iptables 1.8.9), revision 1: `--gateway IPADDR` (mandatory,
//! `XTTYPE_HOST`) and `--oif NAME` (`XTTYPE_STRING`, cut to 15 characters).

use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::Result;
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::tee::{XtTeeTginfo, XT_TEE_TGINFO_USERSIZE};
use oxtables_engine::ext::ExtKind;

/// `-j TEE`.
pub struct Tee;

const O_GATEWAY: u32 = 0;
const O_OIF: u32 = 1;

/// `tee_tg_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "gateway",
        has_arg: true,
        id: O_GATEWAY,
    },
    OptDef {
        name: "oif",
        has_arg: true,
        id: O_OIF,
    },
];

fn get(data: &[u8]) -> XtTeeTginfo {
    XtTeeTginfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtTeeTginfo) {
    let b = i.encode();
    data[..XT_TEE_TGINFO_USERSIZE].copy_from_slice(&b[..XT_TEE_TGINFO_USERSIZE]);
}

/// The oif field up to its NUL, as `printf("%s")` shows it.
fn oif_str(i: &XtTeeTginfo) -> Option<String> {
    let n = i.oif.iter().position(|&c| c == 0).unwrap_or(i.oif.len());
    (n > 0).then(|| String::from_utf8_lossy(&i.oif[..n]).into_owned())
}

impl Extension for Tee {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "TEE"
    }
    fn revision(&self) -> u8 {
        1
    }
    /// `.userspacesize = offsetof(struct xt_tee_tginfo, priv)`.
    fn userspace_size(&self) -> usize {
        XT_TEE_TGINFO_USERSIZE
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `xtables_option_parse` with `tee_tg_opts` (`XTOPT_PUT` into the payload).
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
        let opt = super::opt_by_id(OPTS, id);
        option_check("TEE", opt, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        if id == O_GATEWAY {
            // `xtopt_parse_host`: the address in a zeroed `union nf_inet_addr`.
            let a = names::getaddrinfo_host(arg)?;
            i.gw = [0; 16];
            i.gw[..4].copy_from_slice(&a);
        } else {
            // `xtopt_parse_string`: cut to the field, NUL-terminated.
            let b = arg.as_bytes();
            let n = b.len().min(i.oif.len() - 1);
            i.oif = [0; 16];
            i.oif[..n].copy_from_slice(&b[..n]);
        }
        put(data, &i);
        Ok(())
    }
    /// `xtables_options_fcheck`: `--gateway` is mandatory.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("TEE", &OPTS[0], flags)
    }
    /// `tee_tg_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let i = get(data);
        let gw = if numeric {
            names::ip_str(i.gw_in())
        } else {
            names::addr_anyname(i.gw_in())
        };
        out.push_str(&format!(" TEE gw:{gw}"));
        if let Some(o) = oif_str(&i) {
            out.push_str(&format!(" oif={o}"));
        }
    }
    /// `tee_tg_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(&format!(" --gateway {}", names::ip_str(i.gw_in())));
        if let Some(o) = oif_str(&i) {
            out.push_str(&format!(" --oif {o}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_and_save() {
        let mut i = XtTeeTginfo::default();
        i.gw[..4].copy_from_slice(&[10, 0, 2, 2]);
        let d = i.encode();
        let (mut p, mut s) = (String::new(), String::new());
        Tee.print(&IptIp::default(), &d, true, &mut p);
        Tee.save(&IptIp::default(), &d, &mut s);
        assert_eq!(
            (p.as_str(), s.as_str()),
            (" TEE gw:10.0.2.2", " --gateway 10.0.2.2")
        );
        i.oif[..2].copy_from_slice(b"r1");
        let d = i.encode();
        let (mut p, mut s) = (String::new(), String::new());
        Tee.print(&IptIp::default(), &d, true, &mut p);
        Tee.save(&IptIp::default(), &d, &mut s);
        assert_eq!(
            (p.as_str(), s.as_str()),
            (" TEE gw:10.0.2.2 oif=r1", " --gateway 10.0.2.2 --oif r1")
        );
    }
}
