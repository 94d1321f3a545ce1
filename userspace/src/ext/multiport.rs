// SPDX-License-Identifier: GPL-2.0

//! The `multiport` match (libxt_multiport, iptables 1.8.9). The kernel registers only
//! revision 1 for IPv4, so iptables-legacy 1.8.9 sends `struct xt_multiport_v1`.

use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::{IptIp, IPT_INV_PROTO};
use oxtables_engine::ext::multiport::{
    mp_flags, XtMultiportV1, IPPROTO_DCCP, IPPROTO_SCTP, IPPROTO_UDPLITE, XT_MULTIPORT_V1_SIZE,
    XT_MULTI_PORTS,
};

/// The `multiport` match (revision 1).
pub struct Multiport;

const O_SOURCE_PORTS: u32 = 0;
const O_DEST_PORTS: u32 = 1;
const O_SD_PORTS: u32 = 2;
/// `F_ANY`: every option excludes every other, and itself.
const F_ANY: u32 = 0b111;

const fn opt(name: &'static str, id: u32) -> OptDef {
    OptDef {
        name,
        has_arg: true,
        id,
    }
}

/// `multiport_opts`, in its order.
static OPTS: &[OptDef] = &[
    opt("source-ports", O_SOURCE_PORTS),
    opt("sports", O_SOURCE_PORTS),
    opt("destination-ports", O_DEST_PORTS),
    opt("dports", O_DEST_PORTS),
    opt("ports", O_SD_PORTS),
];

/// libxt_multiport's `proto_to_name`.
fn proto_to_name(proto: u16) -> Option<&'static str> {
    match proto {
        6 => Some("tcp"),
        17 => Some("udp"),
        IPPROTO_UDPLITE => Some("udplite"),
        IPPROTO_SCTP => Some("sctp"),
        IPPROTO_DCCP => Some("dccp"),
        _ => None,
    }
}

/// `check_proto`.
fn check_proto(pnum: u16, invflags: u8) -> Result<&'static str> {
    let only = "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP";
    if invflags & IPT_INV_PROTO != 0 {
        return Err(Error::param(only));
    }
    match proto_to_name(pnum) {
        Some(p) => Ok(p),
        None if pnum == 0 => Err(Error::param(
            "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
        )),
        None => Err(Error::param(only)),
    }
}

/// `xtables_parse_port(port, proto)`.
fn parse_port(s: &str, proto: &str) -> Result<u16> {
    if let Some(v) = names::xt_strtoul(s, 0, 0xffff) {
        // CAST: at most 65535.
        return Ok(v as u16);
    }
    names::service_port(s, Some(proto))
        .ok_or_else(|| Error::param(format!("invalid port/service `{s}' specified")))
}

/// `parse_multi_ports_v1`: fills `ports`, `pflags` and `count`.
fn parse_multi_ports_v1(arg: &str, m: &mut XtMultiportV1, proto: &str) -> Result<()> {
    m.pflags = [0; XT_MULTI_PORTS];
    let mut cp = Some(arg);
    let mut i = 0usize;
    while let Some(cur) = cp {
        if i >= XT_MULTI_PORTS {
            break;
        }
        let (item, next) = match cur.split_once(',') {
            Some((a, b)) => (a, Some(b)),
            None => (cur, None),
        };
        let (first, range) = match item.split_once(':') {
            Some((a, b)) => {
                if i == XT_MULTI_PORTS - 1 {
                    return Err(Error::param("too many ports specified"));
                }
                (a, Some(b))
            }
            None => (item, None),
        };
        m.ports[i] = parse_port(first, proto)?;
        if let Some(r) = range {
            m.pflags[i] = 1;
            i += 1;
            m.ports[i] = parse_port(r, proto)?;
            if m.ports[i - 1] >= m.ports[i] {
                return Err(Error::param("invalid portrange specified"));
            }
        }
        cp = next;
        i += 1;
    }
    // CAST: at most 15.
    m.count = i as u8;
    if cp.is_some() {
        return Err(Error::param("too many ports specified"));
    }
    Ok(())
}

fn get(data: &[u8]) -> XtMultiportV1 {
    XtMultiportV1::decode(data).unwrap_or_default()
}

/// `print_port`.
fn port(p: u16, proto: u16, numeric: bool) -> String {
    if !numeric {
        if let Some(s) = proto_to_name(proto).and_then(|n| names::service_name(p, n)) {
            return s;
        }
    }
    p.to_string()
}

/// The port list of `__multiport_print_v1`/`__multiport_save_v1`.
fn port_list(m: &XtMultiportV1, proto: u16, numeric: bool, out: &mut String) {
    let mut i = 0usize;
    while i < usize::from(m.count) && i < XT_MULTI_PORTS {
        if i != 0 {
            out.push(',');
        }
        out.push_str(&port(m.ports[i], proto, numeric));
        if m.pflags[i] != 0 {
            i += 1;
            out.push(':');
            out.push_str(&port(m.ports.get(i).copied().unwrap_or(0), proto, numeric));
        }
        i += 1;
    }
}

impl Extension for Multiport {
    fn name(&self) -> &'static str {
        "multiport"
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
        ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        option_check("multiport", opt_by_id(OPTS, id), flags, invert, true)?;
        let mut m = get(data);
        let proto = check_proto(ip.proto, ip.invflags)?;
        parse_multi_ports_v1(arg.unwrap_or(""), &mut m, proto)?;
        m.flags = match id {
            O_SOURCE_PORTS => mp_flags::SOURCE,
            O_DEST_PORTS => mp_flags::DESTINATION,
            _ => mp_flags::EITHER,
        };
        if invert {
            m.invert = 1;
        }
        data[..XT_MULTIPORT_V1_SIZE].copy_from_slice(&m.encode());
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param("multiport expection an option"));
        }
        options_excl("multiport", OPTS, |_| F_ANY, flags)
    }
    fn print(&self, ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let m = get(data);
        out.push_str(" multiport ");
        out.push_str(match m.flags {
            mp_flags::SOURCE => "sports ",
            mp_flags::DESTINATION => "dports ",
            mp_flags::EITHER => "ports ",
            _ => "ERROR ",
        });
        if m.invert != 0 {
            out.push_str(" !");
        }
        port_list(&m, ip.proto, numeric, out);
    }
    fn save(&self, ip: &IptIp, data: &[u8], out: &mut String) {
        let m = get(data);
        if m.invert != 0 {
            out.push_str(" !");
        }
        out.push_str(match m.flags {
            mp_flags::SOURCE => " --sports ",
            mp_flags::DESTINATION => " --dports ",
            mp_flags::EITHER => " --ports ",
            _ => "",
        });
        port_list(&m, ip.proto, true, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(arg: &str) -> Result<XtMultiportV1> {
        let mut m = XtMultiportV1::default();
        parse_multi_ports_v1(arg, &mut m, "tcp").map(|()| m)
    }

    #[test]
    fn lists() {
        let m = parse("53,1024:65535").unwrap();
        assert_eq!(m.count, 3);
        assert_eq!(&m.ports[..3], &[53, 1024, 65535]);
        assert_eq!(&m.pflags[..3], &[0, 1, 0]);
        let fifteen = (1..=15)
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse(&fifteen).unwrap().count, 15);
        let e = |s: &str| parse(s).unwrap_err().msg;
        assert_eq!(e(&format!("{fifteen},16")), "too many ports specified");
        // A range may not start at the fifteenth slot.
        let fourteen = (1..=14)
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(e(&format!("{fourteen},20:30")), "too many ports specified");
        let thirteen = (1..=13)
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse(&format!("{thirteen},20:30")).unwrap().count, 15);
        assert_eq!(e("20:10"), "invalid portrange specified");
        assert_eq!(e("20:20"), "invalid portrange specified");
        assert_eq!(e("1:2:3"), "invalid port/service `2:3' specified");
        assert_eq!(e("22,"), "invalid port/service `' specified");
        assert_eq!(e("65536"), "invalid port/service `65536' specified");
        assert_eq!(parse("+22,0x16").unwrap().ports[..2], [22, 22]);
    }

    #[test]
    fn printing() {
        let mut m = parse("22,80:90").unwrap();
        m.flags = mp_flags::DESTINATION;
        m.invert = 1;
        let ip = IptIp {
            proto: 6,
            ..IptIp::default()
        };
        let mut s = String::new();
        Multiport.print(&ip, &m.encode(), true, &mut s);
        assert_eq!(s, " multiport dports  !22,80:90");
        let mut s = String::new();
        Multiport.save(&ip, &m.encode(), &mut s);
        assert_eq!(s, " ! --dports 22,80:90");
        m.flags = 7;
        let mut s = String::new();
        Multiport.print(&ip, &m.encode(), true, &mut s);
        assert_eq!(s, " multiport ERROR  !22,80:90");
    }
}
