// SPDX-License-Identifier: GPL-2.0

//! The `tcp` match (libxt_tcp).

use super::{parse_port_range, print_ports, save_ports, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::tcpudp::{
    XtTcp, XT_TCP_INV_DSTPT, XT_TCP_INV_FLAGS, XT_TCP_INV_MASK, XT_TCP_INV_OPTION,
    XT_TCP_INV_SRCPT, XT_TCP_SIZE,
};

/// The `tcp` match.
pub struct Tcp;

const SPORT: u32 = 0;
const DPORT: u32 = 1;
const SYN: u32 = 2;
const FLAGS: u32 = 3;
const OPTION: u32 = 4;

const F_SPORT: u32 = 1;
const F_DPORT: u32 = 2;
const F_FLAGS: u32 = 4;
const F_OPTION: u32 = 8;

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
    OptDef {
        name: "syn",
        has_arg: false,
        id: SYN,
    },
    OptDef {
        name: "tcp-flags",
        has_arg: true,
        id: FLAGS,
    },
    OptDef {
        name: "tcp-option",
        has_arg: true,
        id: OPTION,
    },
];

const FLAG_NAMES: &[(&str, u8)] = &[
    ("FIN", 0x01),
    ("SYN", 0x02),
    ("RST", 0x04),
    ("PSH", 0x08),
    ("ACK", 0x10),
    ("URG", 0x20),
    ("ALL", 0x3f),
    ("NONE", 0),
];

fn parse_flags(s: &str) -> Result<u8> {
    let mut v = 0u8;
    for name in s.split(',') {
        let f = FLAG_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::param(format!("Unknown TCP flag `{name}'")))?;
        v |= f.1;
    }
    Ok(v)
}

/// `print_tcpf`.
fn tcpf(mut flags: u8) -> String {
    let mut s = String::new();
    while flags != 0 {
        let Some((name, f)) = FLAG_NAMES.iter().find(|(_, f)| flags & f != 0) else {
            break;
        };
        if !s.is_empty() {
            s.push(',');
        }
        s.push_str(name);
        flags &= !f;
    }
    if s.is_empty() {
        s.push_str("NONE");
    }
    s
}

fn get(data: &[u8]) -> XtTcp {
    XtTcp::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], t: &XtTcp) {
    data[..XT_TCP_SIZE].copy_from_slice(&t.encode());
}

impl Extension for Tcp {
    fn name(&self) -> &'static str {
        "tcp"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        put(
            data,
            &XtTcp {
                spts: [0, 0xffff],
                dpts: [0, 0xffff],
                ..XtTcp::default()
            },
        );
    }
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        more: &mut dyn ArgSource,
    ) -> Result<()> {
        let mut t = get(data);
        let arg = arg.unwrap_or("");
        match id {
            SPORT => {
                if *flags & F_SPORT != 0 {
                    return Err(Error::param("Only one `--source-port' allowed"));
                }
                t.spts = parse_port_range(arg, "tcp")?;
                if t.spts[0] > t.spts[1] {
                    return Err(Error::param("invalid portrange (min > max)"));
                }
                if invert {
                    t.invflags |= XT_TCP_INV_SRCPT;
                }
                *flags |= F_SPORT;
            }
            DPORT => {
                if *flags & F_DPORT != 0 {
                    return Err(Error::param("Only one `--destination-port' allowed"));
                }
                t.dpts = parse_port_range(arg, "tcp")?;
                if t.dpts[0] > t.dpts[1] {
                    return Err(Error::param("invalid portrange (min > max)"));
                }
                if invert {
                    t.invflags |= XT_TCP_INV_DSTPT;
                }
                *flags |= F_DPORT;
            }
            SYN | FLAGS => {
                if *flags & F_FLAGS != 0 {
                    return Err(Error::param(
                        "Only one of `--syn' or `--tcp-flags'  allowed",
                    ));
                }
                if id == SYN {
                    t.flg_mask = 0x17;
                    t.flg_cmp = 0x02;
                } else {
                    let cmp = more
                        .next_arg()
                        .ok_or_else(|| Error::param("--tcp-flags requires two args."))?;
                    t.flg_mask = parse_flags(arg)?;
                    t.flg_cmp = parse_flags(&cmp)?;
                }
                if invert {
                    t.invflags |= XT_TCP_INV_FLAGS;
                }
                *flags |= F_FLAGS;
            }
            _ => {
                if *flags & F_OPTION != 0 {
                    return Err(Error::param("Only one `--tcp-option' allowed"));
                }
                t.option = crate::names::strtoui(arg, 1, 255)
                    .ok_or_else(|| Error::param(format!("Bad TCP option \"{arg}\"")))?
                    as u8;
                if invert {
                    t.invflags |= XT_TCP_INV_OPTION;
                }
                *flags |= F_OPTION;
            }
        }
        put(data, &t);
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let t = get(data);
        out.push_str(" tcp");
        print_ports(
            out,
            "spt",
            t.spts[0],
            t.spts[1],
            t.invflags & XT_TCP_INV_SRCPT != 0,
            numeric,
            "tcp",
        );
        print_ports(
            out,
            "dpt",
            t.dpts[0],
            t.dpts[1],
            t.invflags & XT_TCP_INV_DSTPT != 0,
            numeric,
            "tcp",
        );
        if t.option != 0 || t.invflags & XT_TCP_INV_OPTION != 0 {
            let inv = if t.invflags & XT_TCP_INV_OPTION != 0 {
                "!"
            } else {
                ""
            };
            out.push_str(&format!(" option={inv}{}", t.option));
        }
        if t.flg_mask != 0 || t.invflags & XT_TCP_INV_FLAGS != 0 {
            let inv = if t.invflags & XT_TCP_INV_FLAGS != 0 {
                "!"
            } else {
                ""
            };
            if numeric {
                out.push_str(&format!(
                    " flags:{inv}0x{:02X}/0x{:02X}",
                    t.flg_mask, t.flg_cmp
                ));
            } else {
                out.push_str(&format!(
                    " flags:{inv}{}/{}",
                    tcpf(t.flg_mask),
                    tcpf(t.flg_cmp)
                ));
            }
        }
        if t.invflags & !XT_TCP_INV_MASK != 0 {
            out.push_str(&format!(
                " Unknown invflags: 0x{:X}",
                t.invflags & !XT_TCP_INV_MASK
            ));
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let t = get(data);
        save_ports(out, "sport", t.spts, t.invflags & XT_TCP_INV_SRCPT != 0);
        save_ports(out, "dport", t.dpts, t.invflags & XT_TCP_INV_DSTPT != 0);
        if t.option != 0 || t.invflags & XT_TCP_INV_OPTION != 0 {
            if t.invflags & XT_TCP_INV_OPTION != 0 {
                out.push_str(" !");
            }
            out.push_str(&format!(" --tcp-option {}", t.option));
        }
        if t.flg_mask != 0 || t.invflags & XT_TCP_INV_FLAGS != 0 {
            if t.invflags & XT_TCP_INV_FLAGS != 0 {
                out.push_str(" !");
            }
            out.push_str(&format!(
                " --tcp-flags {} {}",
                tcpf(t.flg_mask),
                tcpf(t.flg_cmp)
            ));
        }
    }
}
