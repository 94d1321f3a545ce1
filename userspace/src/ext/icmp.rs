// SPDX-License-Identifier: GPL-2.0

//! The `icmp` match (libipt_icmp).

use super::{ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::icmp::{IptIcmp, IPT_ICMP_INV, IPT_ICMP_SIZE};

/// The `icmp` match.
pub struct Icmp;

static OPTS: &[OptDef] = &[OptDef {
    name: "icmp-type",
    has_arg: true,
    id: 0,
}];

/// `icmp_codes`: (name, type, code_min, code_max); canonical names first.
pub const ICMP_CODES: &[(&str, u8, u8, u8)] = &[
    ("any", 0xff, 0, 0xff),
    ("echo-reply", 0, 0, 0xff),
    ("pong", 0, 0, 0xff),
    ("destination-unreachable", 3, 0, 0xff),
    ("network-unreachable", 3, 0, 0),
    ("host-unreachable", 3, 1, 1),
    ("protocol-unreachable", 3, 2, 2),
    ("port-unreachable", 3, 3, 3),
    ("fragmentation-needed", 3, 4, 4),
    ("source-route-failed", 3, 5, 5),
    ("network-unknown", 3, 6, 6),
    ("host-unknown", 3, 7, 7),
    ("network-prohibited", 3, 9, 9),
    ("host-prohibited", 3, 10, 10),
    ("TOS-network-unreachable", 3, 11, 11),
    ("TOS-host-unreachable", 3, 12, 12),
    ("communication-prohibited", 3, 13, 13),
    ("host-precedence-violation", 3, 14, 14),
    ("precedence-cutoff", 3, 15, 15),
    ("source-quench", 4, 0, 0xff),
    ("redirect", 5, 0, 0xff),
    ("network-redirect", 5, 0, 0),
    ("host-redirect", 5, 1, 1),
    ("TOS-network-redirect", 5, 2, 2),
    ("TOS-host-redirect", 5, 3, 3),
    ("echo-request", 8, 0, 0xff),
    ("ping", 8, 0, 0xff),
    ("router-advertisement", 9, 0, 0xff),
    ("router-solicitation", 10, 0, 0xff),
    ("time-exceeded", 11, 0, 0xff),
    ("ttl-exceeded", 11, 0, 0xff),
    ("ttl-zero-during-transit", 11, 0, 0),
    ("ttl-zero-during-reassembly", 11, 1, 1),
    ("parameter-problem", 12, 0, 0xff),
    ("ip-header-bad", 12, 0, 0),
    ("required-option-missing", 12, 1, 1),
    ("timestamp-request", 13, 0, 0xff),
    ("timestamp-reply", 14, 0, 0xff),
    ("address-mask-request", 17, 0, 0xff),
    ("address-mask-reply", 18, 0, 0xff),
];

/// Parses `name`, `type` or `type/code` into (type, [code_min, code_max]).
pub fn parse_icmp(s: &str) -> Result<(u8, [u8; 2])> {
    let mut found: Option<&(&str, u8, u8, u8)> = None;
    for c in ICMP_CODES {
        if c.0.len() >= s.len() && c.0[..s.len()].eq_ignore_ascii_case(s) && !s.is_empty() {
            if let Some(prev) = found {
                // Aliases of the same entry are not ambiguous.
                if (prev.1, prev.2, prev.3) != (c.1, c.2, c.3) {
                    return Err(Error::param(format!(
                        "Ambiguous ICMP type `{s}': `{}' or `{}'?",
                        prev.0, c.0
                    )));
                }
                continue;
            }
            found = Some(c);
        }
    }
    if let Some(c) = found {
        return Ok((c.1, [c.2, c.3]));
    }
    let (t, code) = match s.split_once('/') {
        Some((t, c)) => (t, Some(c)),
        None => (s, None),
    };
    let ty = crate::names::strtoui(t, 0, 255)
        .ok_or_else(|| Error::param(format!("Unknown ICMP type `{t}'")))? as u8;
    let codes = match code {
        Some(c) => {
            let c = crate::names::strtoui(c, 0, 255)
                .ok_or_else(|| Error::param(format!("Unknown ICMP code `{c}'")))?
                as u8;
            [c, c]
        }
        None => [0, 0xff],
    };
    Ok((ty, codes))
}

fn get(data: &[u8]) -> IptIcmp {
    IptIcmp::decode(data).unwrap_or_default()
}

impl Extension for Icmp {
    fn name(&self) -> &'static str {
        "icmp"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        let i = IptIcmp {
            icmp_type: 0xff,
            code: [0, 0xff],
            invflags: 0,
        };
        data[..IPT_ICMP_SIZE].copy_from_slice(&i.encode());
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
        if *flags != 0 {
            return Err(Error::param(
                "icmp: option \"--icmp-type\" can only be used once.\n",
            ));
        }
        let (ty, code) = parse_icmp(arg.unwrap_or(""))?;
        let i = IptIcmp {
            icmp_type: ty,
            code,
            invflags: if invert { IPT_ICMP_INV } else { 0 },
        };
        data[..IPT_ICMP_SIZE].copy_from_slice(&i.encode());
        *flags = 1;
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param(
                "icmp: option \"--icmp-type\" must be specified\n",
            ));
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let i = get(data);
        let invert = i.invflags & IPT_ICMP_INV != 0;
        out.push_str(" icmp");
        if !numeric {
            if let Some(c) = ICMP_CODES
                .iter()
                .find(|c| c.1 == i.icmp_type && c.2 == i.code[0] && c.3 == i.code[1])
            {
                out.push_str(&format!(" {}{}", if invert { "!" } else { "" }, c.0));
                return;
            }
        }
        if invert {
            out.push_str(" !");
        }
        out.push_str(&format!("type {}", i.icmp_type));
        if i.code[0] == i.code[1] {
            out.push_str(&format!(" code {}", i.code[0]));
        } else if i.code[0] != 0 || i.code[1] != 0xff {
            out.push_str(&format!(" codes {}-{}", i.code[0], i.code[1]));
        }
        if i.invflags & !IPT_ICMP_INV != 0 {
            out.push_str(&format!(
                " Unknown invflags: 0x{:X}",
                i.invflags & !IPT_ICMP_INV
            ));
        }
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.invflags & IPT_ICMP_INV != 0 {
            out.push_str(" !");
        }
        if i.icmp_type == 0xff {
            out.push_str(" --icmp-type any");
        } else {
            out.push_str(&format!(" --icmp-type {}", i.icmp_type));
            if i.code[0] != 0 || i.code[1] != 0xff {
                out.push_str(&format!("/{}", i.code[0]));
            }
        }
    }
}
