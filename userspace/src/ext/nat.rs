// SPDX-License-Identifier: GPL-2.0

//! The NAT targets of libxt_NAT (iptables 1.8.9): `SNAT` (revision 0), `DNAT` (revision 2),
//! `MASQUERADE` and `REDIRECT` (revision 0).
//!
//! Revisions: iptables 1.8.9 registers IPv4 SNAT only as revision 0 (`struct
//! nf_nat_ipv4_multi_range_compat`), DNAT as revisions 0 and 2 and picks 2 (`struct
//! nf_nat_range2`) on any kernel that has it; MASQUERADE and REDIRECT exist only as revision 0.

use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::nat::{
    nat_flags, NatRange, NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE, NF_NAT_RANGE2_SIZE,
};
use oxtables_engine::ext::ExtKind;

const O_TO_DEST: u32 = 0;
const O_TO_SRC: u32 = 1;
const O_TO_PORTS: u32 = 2;
const O_RANDOM: u32 = 3;
const O_RANDOM_FULLY: u32 = 4;
const O_PERSISTENT: u32 = 5;

const fn opt(name: &'static str, has_arg: bool, id: u32) -> OptDef {
    OptDef { name, has_arg, id }
}

static SNAT_OPTS: &[OptDef] = &[
    opt("to-source", true, O_TO_SRC),
    opt("random", false, O_RANDOM),
    opt("random-fully", false, O_RANDOM_FULLY),
    opt("persistent", false, O_PERSISTENT),
];
static DNAT_OPTS: &[OptDef] = &[
    opt("to-destination", true, O_TO_DEST),
    opt("random", false, O_RANDOM),
    opt("persistent", false, O_PERSISTENT),
];
static MASQUERADE_OPTS: &[OptDef] = &[
    opt("to-ports", true, O_TO_PORTS),
    opt("random", false, O_RANDOM),
    opt("random-fully", false, O_RANDOM_FULLY),
];
static REDIRECT_OPTS: &[OptDef] = &[
    opt("to-ports", true, O_TO_PORTS),
    opt("random", false, O_RANDOM),
];

/// Which of the four targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Snat,
    Dnat,
    Masquerade,
    Redirect,
}

/// A NAT target.
pub struct Nat {
    kind: Kind,
}

/// `-j SNAT` (revision 0).
pub static SNAT: Nat = Nat { kind: Kind::Snat };
/// `-j DNAT` (revision 2).
pub static DNAT: Nat = Nat { kind: Kind::Dnat };
/// `-j MASQUERADE` (revision 0).
pub static MASQUERADE: Nat = Nat {
    kind: Kind::Masquerade,
};
/// `-j REDIRECT` (revision 0).
pub static REDIRECT: Nat = Nat {
    kind: Kind::Redirect,
};

/// `parse_ports`: `port`, `port-port` or (range only) `port-port/base`.
fn parse_ports(arg: &str, portok: bool, r: &mut NatRange) -> Result<()> {
    if !portok {
        return Err(Error::param(
            "Need TCP, UDP, SCTP or DCCP with port specification",
        ));
    }
    r.flags |= nat_flags::PROTO_SPECIFIED;
    let not_valid = |a: &str| Error::param(format!("Port `{a}' not valid"));
    let (port, end) = match names::xt_strtoul_end(arg, 0, 0xffff) {
        Some((v, end)) => (v as u16, end),
        None => (
            names::service_port(arg, None).ok_or_else(|| not_valid(arg))?,
            "",
        ),
    };
    let arg = match end.chars().next() {
        None => {
            r.min_proto = port;
            r.max_proto = port;
            return Ok(());
        }
        Some('-') => &end[1..],
        Some(':') => return Err(Error::param("Invalid port:port syntax - use dash")),
        Some(_) => return Err(Error::param(format!("Garbage after port value: `{end}'"))),
    };
    // A range: no service names.
    let (maxport, end) = names::xt_strtoul_end(arg, 0, 0xffff).ok_or_else(|| not_valid(arg))?;
    let maxport = maxport as u16;
    if maxport < port {
        return Err(Error::param(format!("Port range `{arg}' funky")));
    }
    r.min_proto = port;
    r.max_proto = maxport;
    let arg = match end.chars().next() {
        None => return Ok(()),
        Some('/') => &end[1..],
        Some(_) => return Err(Error::param(format!("Garbage after port range: `{end}'"))),
    };
    // With an end pointer: anything after the number is ignored.
    let base = match names::xt_strtoul_end(arg, 1, 0xffff) {
        Some((v, _)) => v as u16,
        None => names::service_port(arg, None).ok_or_else(|| not_valid(arg))?,
    };
    r.flags |= nat_flags::PROTO_OFFSET;
    r.base_proto = base;
    Ok(())
}

/// `parse_to` (IPv4): `[addr[-addr]][:port[-port[/base]]]`.
fn parse_to(arg: &str, portok: bool, r: &mut NatRange) -> Result<()> {
    if arg.contains('[') {
        return Err(Error::param("Invalid address format"));
    }
    // One colon is port information; two or more mean an IPv6 address.
    let colon = arg.find(':').filter(|&c| !arg[c + 1..].contains(':'));
    let addr = match colon {
        Some(c) => {
            parse_ports(&arg[c + 1..], portok, r)?;
            // Starts with a colon, or `[]:` in IPv6 syntax (two bytes before it): no address.
            if c == 0 || c == 2 {
                return Ok(());
            }
            &arg[..c]
        }
        None => arg,
    };
    r.flags |= nat_flags::MAP_IPS;
    let (lo, hi) = match addr.split_once('-') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (addr, None),
    };
    let bad = |a: &str| Error::param(format!("Bad IP address \"{a}\""));
    r.min_ip = names::inet_pton4(lo).ok_or_else(|| bad(lo))?;
    r.max_ip = match hi {
        Some(hi) => names::inet_pton4(hi).ok_or_else(|| bad(hi))?,
        None => r.min_ip,
    };
    Ok(())
}

impl Nat {
    fn compat(&self) -> bool {
        self.kind != Kind::Dnat
    }

    fn get(&self, data: &[u8]) -> NatRange {
        if self.compat() {
            NatRange::decode_compat(data)
                .map(|x| x.1)
                .unwrap_or_default()
        } else {
            NatRange::decode_range(data, true).unwrap_or_default()
        }
    }

    fn put(&self, data: &mut [u8], r: &NatRange) {
        if self.compat() {
            data[..NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE].copy_from_slice(&r.encode_compat());
        } else {
            data[..NF_NAT_RANGE2_SIZE].copy_from_slice(&r.encode_range2());
        }
    }

    /// `sprint_range`. `data` is the raw payload: `nf_nat_range2` compares all 16 address bytes.
    fn sprint_range(&self, data: &[u8]) -> String {
        let r = self.get(data);
        let mut s = String::new();
        if r.flags & nat_flags::MAP_IPS != 0 {
            s.push_str(&names::ip_str(r.min_ip));
            let differ = if self.compat() {
                r.min_ip != r.max_ip
            } else {
                data.get(4..20) != data.get(20..36)
            };
            if differ {
                s.push('-');
                s.push_str(&names::ip_str(r.max_ip));
            }
        }
        if r.flags & nat_flags::PROTO_SPECIFIED != 0 {
            s.push_str(&format!(":{}", r.min_proto));
            if r.max_proto != r.min_proto {
                s.push_str(&format!("-{}", r.max_proto));
            }
            if r.flags & nat_flags::PROTO_OFFSET != 0 {
                s.push_str(&format!("/{}", r.base_proto));
            }
        }
        s
    }

    /// `__NAT_print`.
    fn nat_print(&self, data: &[u8], rangeopt: &str, pfx: &str, out: &mut String) {
        let range = self.sprint_range(data);
        let skip_colon = matches!(self.kind, Kind::Masquerade | Kind::Redirect);
        if !range.is_empty() {
            let range = match range.strip_prefix(':') {
                Some(r) if skip_colon => r,
                _ => &range,
            };
            out.push_str(&format!(" {rangeopt}{range}"));
        }
        let flags = self.get(data).flags;
        if flags & nat_flags::PROTO_RANDOM != 0 {
            out.push_str(&format!(" {pfx}random"));
        }
        if flags & nat_flags::PROTO_RANDOM_FULLY != 0 {
            out.push_str(&format!(" {pfx}random-fully"));
        }
        if flags & nat_flags::PERSISTENT != 0 {
            out.push_str(&format!(" {pfx}persistent"));
        }
    }
}

impl Extension for Nat {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::Snat => "SNAT",
            Kind::Dnat => "DNAT",
            Kind::Masquerade => "MASQUERADE",
            Kind::Redirect => "REDIRECT",
        }
    }
    fn revision(&self) -> u8 {
        if self.kind == Kind::Dnat {
            2
        } else {
            0
        }
    }
    fn opts(&self) -> &'static [OptDef] {
        match self.kind {
            Kind::Snat => SNAT_OPTS,
            Kind::Dnat => DNAT_OPTS,
            Kind::Masquerade => MASQUERADE_OPTS,
            Kind::Redirect => REDIRECT_OPTS,
        }
    }
    fn init(&self, data: &mut [u8]) {
        // All zero, `rangesize` included: the final check sets it.
        data.fill(0);
    }
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        option_check(
            self.name(),
            opt_by_id(self.opts(), id),
            flags,
            invert,
            false,
        )?;
        let portok = matches!(ip.proto, 6 | 17 | 132 | 33 | 1);
        let arg = arg.unwrap_or("");
        let mut cur = self.get(data);
        // SNAT/MASQUERADE/REDIRECT (`NAT_parse`) parse into a fresh range and copy its parts
        // over; DNAT revision 2 (`DNAT_parse_v2`) parses into the payload itself.
        let mut r = if self.compat() {
            NatRange::default()
        } else {
            cur
        };
        match id {
            O_TO_DEST | O_TO_SRC => parse_to(arg, portok, &mut r)?,
            O_TO_PORTS => parse_ports(arg, portok, &mut r)?,
            O_PERSISTENT => r.flags |= nat_flags::PERSISTENT,
            O_RANDOM => r.flags |= nat_flags::PROTO_RANDOM,
            _ => r.flags |= nat_flags::PROTO_RANDOM_FULLY,
        }
        if self.compat() {
            if matches!(id, O_TO_DEST | O_TO_SRC) {
                cur.min_ip = r.min_ip;
                cur.max_ip = r.max_ip;
            }
            if matches!(id, O_TO_DEST | O_TO_SRC | O_TO_PORTS) {
                cur.min_proto = r.min_proto;
                cur.max_proto = r.max_proto;
            }
            cur.flags |= r.flags;
        } else {
            cur = r;
        }
        self.put(data, &cur);
        Ok(())
    }
    fn final_check(&self, flags: u32, data: &mut [u8]) -> Result<()> {
        // `SNAT_fcheck` (SNAT, MASQUERADE) / `DNAT_fcheck` (REDIRECT): rangesize 1, which the
        // compat encoding always writes. DNAT revision 2 has no final check.
        if self.kind == Kind::Redirect && self.get(data).flags & nat_flags::PROTO_OFFSET != 0 {
            return Err(Error::param(
                "Shifted portmap ranges not supported with this kernel",
            ));
        }
        if self.compat() {
            let r = self.get(data);
            self.put(data, &r);
        }
        match self.kind {
            Kind::Snat => mandatory(self.name(), &SNAT_OPTS[0], flags),
            Kind::Dnat => mandatory(self.name(), &DNAT_OPTS[0], flags),
            _ => Ok(()),
        }
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let opt = match self.kind {
            Kind::Snat | Kind::Dnat => "to:",
            Kind::Masquerade => "masq ports: ",
            Kind::Redirect => "redir ports ",
        };
        self.nat_print(data, opt, "", out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let opt = match self.kind {
            Kind::Snat => "--to-source ",
            Kind::Dnat => "--to-destination ",
            _ => "--to-ports ",
        };
        self.nat_print(data, opt, "--", out);
    }
}
