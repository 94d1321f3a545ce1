// SPDX-License-Identifier: GPL-2.0

//! The `udp` match (libxt_udp).

use super::{parse_port_range, print_ports, save_ports, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::tcpudp::{
    XtUdp, XT_UDP_INV_DSTPT, XT_UDP_INV_MASK, XT_UDP_INV_SRCPT, XT_UDP_SIZE,
};

/// The `udp` match.
pub struct Udp;

const SPORT: u32 = 0;
const DPORT: u32 = 1;

static OPTS: &[OptDef] = &[
    OptDef {
        name: "source-port",
        has_arg: true,
        id: SPORT,
    },
    OptDef {
        name: "sport",
        has_arg: true,
        id: SPORT,
    },
    OptDef {
        name: "destination-port",
        has_arg: true,
        id: DPORT,
    },
    OptDef {
        name: "dport",
        has_arg: true,
        id: DPORT,
    },
];

fn get(data: &[u8]) -> XtUdp {
    XtUdp::decode(data).unwrap_or_default()
}

impl Extension for Udp {
    fn name(&self) -> &'static str {
        "udp"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        let u = XtUdp {
            spts: [0, 0xffff],
            dpts: [0, 0xffff],
            invflags: 0,
        };
        data[..XT_UDP_SIZE].copy_from_slice(&u.encode());
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
        let mut u = get(data);
        let name = if id == SPORT { "sport" } else { "dport" };
        if *flags & (1 << id) != 0 {
            return Err(Error::param(format!(
                "udp: option \"--{name}\" can only be used once.\n"
            )));
        }
        let r = parse_port_range(arg.unwrap_or(""), "udp").map_err(|_| {
            Error::param(format!(
                "Port \"{}\" does not resolve to anything.\n",
                arg.unwrap_or("")
            ))
        })?;
        if id == SPORT {
            u.spts = r;
            if invert {
                u.invflags |= XT_UDP_INV_SRCPT;
            }
        } else {
            u.dpts = r;
            if invert {
                u.invflags |= XT_UDP_INV_DSTPT;
            }
        }
        *flags |= 1 << id;
        data[..XT_UDP_SIZE].copy_from_slice(&u.encode());
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let u = get(data);
        out.push_str(" udp");
        print_ports(
            out,
            "spt",
            u.spts[0],
            u.spts[1],
            u.invflags & XT_UDP_INV_SRCPT != 0,
            numeric,
            "udp",
        );
        print_ports(
            out,
            "dpt",
            u.dpts[0],
            u.dpts[1],
            u.invflags & XT_UDP_INV_DSTPT != 0,
            numeric,
            "udp",
        );
        if u.invflags & !XT_UDP_INV_MASK != 0 {
            out.push_str(&format!(
                " Unknown invflags: 0x{:X}",
                u.invflags & !XT_UDP_INV_MASK
            ));
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let u = get(data);
        save_ports(out, "sport", u.spts, u.invflags & XT_UDP_INV_SRCPT != 0);
        save_ports(out, "dport", u.dpts, u.invflags & XT_UDP_INV_DSTPT != 0);
    }
}
