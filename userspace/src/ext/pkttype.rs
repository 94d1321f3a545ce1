// SPDX-License-Identifier: GPL-2.0

//! The `pkttype` match (libxt_pkttype, iptables 1.8.9).

use super::{mandatory, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::pkttype::{packet, XtPkttypeInfo, XT_PKTTYPE_INFO_SIZE};

/// The `pkttype` match.
pub struct Pkttype;

/// `pkttype_opts`.
static OPTS: &[OptDef] = &[OptDef {
    name: "pkt-type",
    has_arg: true,
    id: 0,
}];

/// `supported_types`, aliases last.
const TYPES: &[(&str, u8)] = &[
    ("unicast", packet::HOST),
    ("broadcast", packet::BROADCAST),
    ("multicast", packet::MULTICAST),
    ("otherhost", packet::OTHERHOST),
    ("bcast", packet::BROADCAST),
    ("mcast", packet::MULTICAST),
    ("host", packet::HOST),
];

fn get(data: &[u8]) -> XtPkttypeInfo {
    XtPkttypeInfo::decode(data).unwrap_or_default()
}

/// `print_pkttype`.
fn type_name(t: i32) -> String {
    TYPES
        .iter()
        .find(|(_, v)| i32::from(*v) == t)
        .map_or_else(|| t.to_string(), |(n, _)| n.to_string())
}

impl Extension for Pkttype {
    fn name(&self) -> &'static str {
        "pkttype"
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
        option_check("pkttype", &OPTS[0], flags, invert, true)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        // `parse_pkttype`: `strcasecmp`.
        let t = TYPES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(arg))
            .ok_or_else(|| Error::param(format!("Bad packet type '{arg}'")))?;
        i.pkttype = i32::from(t.1);
        if invert {
            i.invert = 1;
        }
        data[..XT_PKTTYPE_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("pkttype", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            " PKTTYPE {}= {}",
            if i.invert != 0 { "!" } else { "" },
            type_name(i.pkttype)
        ));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        out.push_str(&format!(
            "{} --pkt-type {}",
            if i.invert != 0 { " !" } else { "" },
            type_name(i.pkttype)
        ));
    }
}
