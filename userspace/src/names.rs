// SPDX-License-Identifier: GPL-2.0

//! Protocols, services, addresses and interfaces: parsing and printing as libxtables does.

use crate::error::{Error, Result};
use std::sync::OnceLock;

/// `xtables_chain_protos`: names printed even in numeric mode, and the fallback table.
const CHAIN_PROTOS: &[(&str, u16)] = &[
    ("tcp", 6),
    ("sctp", 132),
    ("udp", 17),
    ("udplite", 136),
    ("icmp", 1),
    ("icmpv6", 58),
    ("esp", 50),
    ("ah", 51),
    ("mh", 135),
    ("all", 0),
];

/// Built-in protocol table used when `/etc/protocols` is missing.
const BUILTIN_PROTOCOLS: &str = "ip 0 IP\nicmp 1 ICMP\nigmp 2 IGMP\nipencap 4 IP-ENCAP\ntcp 6 TCP\n\
egp 8 EGP\nudp 17 UDP\nipv6 41 IPv6\nipv6-route 43\nipv6-frag 44\nrsvp 46 RSVP\ngre 47 GRE\n\
esp 50 IPSEC-ESP\nah 51 IPSEC-AH\nipv6-icmp 58 IPv6-ICMP\nipv6-nonxt 59\nipv6-opts 60\nospf 89 OSPFIGP\n\
ipip 94 IPIP\npim 103 PIM\nvrrp 112 VRRP\nl2tp 115 L2TP\nsctp 132 SCTP\nudplite 136 UDPLite\n";

struct Db {
    /// (name, number) including aliases, in file order (first name of a line first).
    protocols: Vec<(String, u16, bool)>,
    /// (name, port, proto, primary)
    services: Vec<(String, u16, String, bool)>,
    /// (name, network address as host-order u32)
    networks: Vec<(String, u32)>,
}

fn db() -> &'static Db {
    static DB: OnceLock<Db> = OnceLock::new();
    DB.get_or_init(|| {
        let protos = std::fs::read_to_string("/etc/protocols")
            .unwrap_or_else(|_| BUILTIN_PROTOCOLS.to_string());
        let mut protocols = Vec::new();
        for line in protos.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut it = line.split_whitespace();
            let (Some(name), Some(num)) = (it.next(), it.next()) else {
                continue;
            };
            let Ok(num) = num.parse::<u16>() else {
                continue;
            };
            protocols.push((name.to_string(), num, true));
            for alias in it {
                protocols.push((alias.to_string(), num, false));
            }
        }
        let mut services = Vec::new();
        if let Ok(s) = std::fs::read_to_string("/etc/services") {
            for line in s.lines() {
                let line = line.split('#').next().unwrap_or("");
                let mut it = line.split_whitespace();
                let (Some(name), Some(pp)) = (it.next(), it.next()) else {
                    continue;
                };
                let Some((port, proto)) = pp.split_once('/') else {
                    continue;
                };
                let Ok(port) = port.parse::<u16>() else {
                    continue;
                };
                services.push((name.to_string(), port, proto.to_string(), true));
                for alias in it {
                    services.push((alias.to_string(), port, proto.to_string(), false));
                }
            }
        }
        let mut networks = Vec::new();
        if let Ok(s) = std::fs::read_to_string("/etc/networks") {
            for line in s.lines() {
                let line = line.split('#').next().unwrap_or("");
                let mut it = line.split_whitespace();
                let (Some(name), Some(addr)) = (it.next(), it.next()) else {
                    continue;
                };
                if let Some(a) = parse_net_number(addr) {
                    networks.push((name.to_string(), a));
                }
            }
        }
        Db {
            protocols,
            services,
            networks,
        }
    })
}

/// `inet_network`-style: `a`, `a.b`, `a.b.c`, `a.b.c.d` right-aligned (host order).
fn parse_net_number(s: &str) -> Option<u32> {
    let parts: Vec<u32> = s
        .split('.')
        .map(|p| p.parse::<u32>().ok().filter(|v| *v <= 255))
        .collect::<Option<Vec<_>>>()?;
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    Some(parts.iter().fold(0u32, |acc, p| (acc << 8) | p))
}

/// `xtables_strtoui(s, NULL, &v, min, max)` with base 0 (decimal, `0x` hex, leading-0 octal).
pub fn strtoui(s: &str, min: u64, max: u64) -> Option<u64> {
    let t = s.trim_start();
    if t.is_empty() || t.starts_with('-') || t.starts_with('+') {
        return None;
    }
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()?
    } else if t.len() > 1 && t.starts_with('0') {
        u64::from_str_radix(&t[1..], 8).ok()?
    } else {
        t.parse::<u64>().ok()?
    };
    (min..=max).contains(&v).then_some(v)
}

/// `xtables_parse_protocol` (the caller lowercases first, as iptables does).
pub fn parse_protocol(s: &str) -> Result<u16> {
    if let Some(v) = strtoui(s, 0, 255) {
        return Ok(v as u16);
    }
    if s == "all" {
        return Ok(0);
    }
    if let Some((_, n, _)) = db().protocols.iter().find(|(name, _, _)| name == s) {
        return Ok(*n);
    }
    if let Some((_, n)) = CHAIN_PROTOS.iter().find(|(name, _)| *name == s) {
        return Ok(*n);
    }
    Err(Error::param(format!("unknown protocol \"{s}\" specified")))
}

/// `proto_to_name(proto, nolookup)`.
pub fn proto_to_name(proto: u16, nolookup: bool) -> Option<String> {
    if let Some((name, _)) = CHAIN_PROTOS.iter().find(|(_, n)| *n == proto) {
        return Some(name.to_string());
    }
    if proto != 0 && !nolookup {
        if let Some((name, _, _)) = db().protocols.iter().find(|(_, n, p)| *n == proto && *p) {
            return Some(name.clone());
        }
    }
    None
}

/// `xtables_parse_port(port, proto)`.
pub fn parse_port(s: &str, proto: &str) -> Result<u16> {
    if let Some(v) = strtoui(s, 0, 65535) {
        return Ok(v as u16);
    }
    if let Some((_, p, _, _)) = db()
        .services
        .iter()
        .find(|(name, _, pr, _)| name == s && pr == proto)
    {
        return Ok(*p);
    }
    Err(Error::param(format!(
        "invalid port/service `{s}' specified"
    )))
}

/// Service name of a port (`getservbyport`), if any.
pub fn service_name(port: u16, proto: &str) -> Option<String> {
    db().services
        .iter()
        .find(|(_, p, pr, primary)| *p == port && pr == proto && *primary)
        .map(|(n, _, _, _)| n.clone())
}

/// Dotted quad of a big-endian address.
pub fn ip_str(a: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

/// `xtables_ipmask_to_cidr`: `Some(n)` for a contiguous mask.
pub fn mask_to_cidr(m: [u8; 4]) -> Option<u32> {
    let v = u32::from_be_bytes(m);
    let n = v.leading_ones();
    (v.checked_shl(n).unwrap_or(0) == 0).then_some(n)
}

/// The mask as `iptables-save` prints it (`mask_to_str`).
pub fn mask_save(m: [u8; 4]) -> String {
    match mask_to_cidr(m) {
        Some(n) => n.to_string(),
        None => ip_str(m),
    }
}

/// `xtables_ipmask_to_numeric`: "" for /32, "/n", or "/a.b.c.d".
pub fn mask_list(m: [u8; 4]) -> String {
    match mask_to_cidr(m) {
        Some(32) => String::new(),
        Some(n) => format!("/{n}"),
        None => format!("/{}", ip_str(m)),
    }
}

/// `xtables_ipaddr_to_anyname`: host name, network name, or the number.
pub fn addr_anyname(a: [u8; 4]) -> String {
    if let Some(h) = crate::sys::host_name(a) {
        return h;
    }
    let host = u32::from_be_bytes(a);
    if let Some((n, _)) = db().networks.iter().find(|(_, v)| *v == host) {
        return n.clone();
    }
    ip_str(a)
}

/// A numeric IPv4 address (`xtables_numeric_to_ipaddr`: exactly four dotted decimal parts).
pub fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut n = 0;
    for part in s.split('.') {
        if n == 4 || part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        out[n] = part.parse::<u8>().ok()?;
        n += 1;
    }
    (n == 4).then_some(out)
}

/// Addresses of a host name from `/etc/hosts` (no DNS).
fn hosts_lookup(name: &str) -> Vec<[u8; 4]> {
    let mut v = Vec::new();
    if let Ok(s) = std::fs::read_to_string("/etc/hosts") {
        for line in s.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut it = line.split_whitespace();
            let Some(addr) = it.next().and_then(parse_ipv4) else {
                continue;
            };
            if it.any(|n| n == name) && !v.contains(&addr) {
                v.push(addr);
            }
        }
    }
    v
}

/// `xtables_ipparse_multiple`: `addr[/mask][,addr[/mask]...]`, each address masked.
pub fn parse_addresses(arg: &str) -> Result<Vec<([u8; 4], [u8; 4])>> {
    let mut out = Vec::new();
    for item in arg.split(',') {
        let (host, mask) = match item.split_once('/') {
            Some((h, m)) => (h, Some(m)),
            None => (item, None),
        };
        let mask = match mask {
            None => [255; 4],
            Some(m) if m.contains('.') => parse_ipv4(m)
                .ok_or_else(|| Error::param(format!("host/network `{m}' not found")))?,
            Some(m) => {
                let bits = strtoui(m, 0, 32)
                    .ok_or_else(|| Error::param(format!("invalid mask `{m}' specified")))?;
                let v: u32 = if bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - bits)
                };
                v.to_be_bytes()
            }
        };
        let addrs = match parse_ipv4(host) {
            Some(a) => vec![a],
            None => {
                let v = if host.is_empty() {
                    Vec::new()
                } else {
                    hosts_lookup(host)
                };
                if v.is_empty() {
                    return Err(Error::param(format!("host/network `{host}' not found")));
                }
                v
            }
        };
        for a in addrs {
            let masked = [
                a[0] & mask[0],
                a[1] & mask[1],
                a[2] & mask[2],
                a[3] & mask[3],
            ];
            out.push((masked, mask));
        }
    }
    Ok(out)
}

/// C `strtoumax(s, &end, 0)`: leading blanks, an optional sign, then `0x` hex, `0` octal or
/// decimal. `None` when no digit was read (`end == s`); else (value, bytes consumed, overflow).
/// A `-` sign negates modulo 2^64 as C does (libxtables refuses it before calling).
pub fn c_strtoumax(s: &str) -> Option<(u64, usize, bool)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let neg = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'+') | Some(b'-')) {
        i += 1;
    }
    let mut base = 10u64;
    if b.get(i) == Some(&b'0') {
        if matches!(b.get(i + 1), Some(b'x') | Some(b'X'))
            && b.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
        {
            base = 16;
            i += 2;
        } else {
            base = 8;
        }
    }
    let start = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while let Some(d) = b.get(i).and_then(|c| (*c as char).to_digit(base as u32)) {
        match v
            .checked_mul(base)
            .and_then(|x| x.checked_add(u64::from(d)))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    if overflow {
        v = u64::MAX;
    } else if neg {
        v = v.wrapping_neg();
    }
    Some((v, i, overflow))
}

/// `xtables_strtoul(s, &end, &v, min, max)` (`max` 0: no upper bound): the value and the rest
/// of the string after it, or `None`.
pub fn xt_strtoul_end(s: &str, min: u64, max: u64) -> Option<(u64, &str)> {
    if s.trim_start_matches(|c: char| c == ' ' || ('\t'..='\r').contains(&c))
        .starts_with('-')
    {
        return None;
    }
    let (v, end, overflow) = c_strtoumax(s)?;
    (!overflow && min <= v && (max == 0 || v <= max)).then(|| (v, &s[end..]))
}

/// `xtables_strtoul(s, NULL, &v, min, max)`: the whole string must be the number.
pub fn xt_strtoul(s: &str, min: u64, max: u64) -> Option<u64> {
    xt_strtoul_end(s, min, max).and_then(|(v, rest)| rest.is_empty().then_some(v))
}

/// glibc `inet_pton(AF_INET)`: exactly four dotted decimal parts, no leading zeros.
pub fn inet_pton4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut n = 0;
    for part in s.split('.') {
        if n == 4
            || part.is_empty()
            || part.len() > 3
            || !part.bytes().all(|c| c.is_ascii_digit())
            || (part.len() > 1 && part.starts_with('0'))
        {
            return None;
        }
        out[n] = part.parse::<u8>().ok()?;
        n += 1;
    }
    (n == 4).then_some(out)
}

/// glibc `inet_aton_exact` (what `getaddrinfo` accepts as a numeric IPv4 host): one to four
/// parts, each decimal, `0x` hex or `0` octal; the last part fills the remaining bytes.
pub fn inet_aton(s: &str) -> Option<[u8; 4]> {
    let mut parts: Vec<u64> = Vec::new();
    for part in s.split('.') {
        let b = part.as_bytes();
        let (base, digits) = if b.len() >= 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
            (16, &part[2..])
        } else if b.len() >= 2 && b[0] == b'0' {
            (8, &part[1..])
        } else {
            (10, part)
        };
        if digits.is_empty() && base != 8 {
            return None;
        }
        let mut v: u64 = 0;
        for c in digits.chars() {
            let d = c.to_digit(base)? as u64;
            v = v.checked_mul(u64::from(base))?.checked_add(d)?;
            if v > u64::from(u32::MAX) {
                return None;
            }
        }
        parts.push(v);
    }
    let (last, head) = parts.split_last()?;
    if head.len() > 3 || head.iter().any(|p| *p > 0xff) {
        return None;
    }
    let rest_bits = 8 * (4 - head.len() as u32);
    if rest_bits < 32 && *last >> rest_bits != 0 {
        return None;
    }
    let mut v: u32 = *last as u32;
    for (i, p) in head.iter().enumerate() {
        v |= (*p as u32) << (24 - 8 * i);
    }
    Some(v.to_be_bytes())
}

/// `getaddrinfo(name, NULL, AF_INET)` for one host: a numeric address (`inet_aton` forms) or a
/// name from `/etc/hosts`; libxtables' errors otherwise.
pub fn getaddrinfo_host(name: &str) -> Result<[u8; 4]> {
    if let Some(a) = inet_aton(name) {
        return Ok(a);
    }
    let v = if name.is_empty() {
        Vec::new()
    } else {
        hosts_lookup(name)
    };
    match v.as_slice() {
        [] => Err(Error::param(
            "getaddrinfo: Name or service not known\n".to_string(),
        )),
        [a] => Ok(*a),
        _ => Err(Error::param(format!(
            "{name} resolves to more than one address\n"
        ))),
    }
}

/// `getservbyname(name, proto)` (`proto` `None`: any protocol, first in `/etc/services`).
pub fn service_port(name: &str, proto: Option<&str>) -> Option<u16> {
    db().services
        .iter()
        .find(|(n, _, pr, _)| n == name && proto.is_none_or(|p| p == pr))
        .map(|(_, p, _, _)| *p)
}

/// libxtables' `xtables_getportbyname` (`getaddrinfo(NULL, name)`): a decimal number (kept
/// modulo 2^16, as glibc does) or a tcp/udp/sctp/dccp service name.
pub fn getportbyname(name: &str) -> Option<u16> {
    if !name.is_empty() && name.bytes().all(|c| c.is_ascii_digit()) {
        let v = name.bytes().fold(0u64, |acc, c| {
            acc.saturating_mul(10).saturating_add(u64::from(c - b'0'))
        });
        // CAST: glibc stores strtoul's result in an int; -1 means "not a number".
        let num = v as u32 as i32;
        if num >= 0 {
            return Some(num as u16);
        }
    }
    ["tcp", "udp", "dccp", "sctp"]
        .iter()
        .find_map(|p| service_port(name, Some(p)))
}

/// `xtables_parse_interface` checks: length, emptiness; returns a warning for odd characters.
pub fn check_interface(arg: &str) -> Result<Option<String>> {
    if arg.is_empty() {
        return Err(Error::param("Empty interface is likely to be undesired"));
    }
    if arg.len() >= 16 {
        return Err(Error::param(format!(
            "interface name `{arg}' must be shorter than IFNAMSIZ (15)"
        )));
    }
    if arg.contains('/') || arg.contains(' ') {
        return Ok(Some(format!(
            "Warning: weird character in interface `{arg}' ('/' and ' ' are not allowed by the kernel).\n"
        )));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_to_cidr([255, 255, 255, 0]), Some(24));
        assert_eq!(mask_to_cidr([0; 4]), Some(0));
        assert_eq!(mask_to_cidr([255; 4]), Some(32));
        assert_eq!(mask_to_cidr([255, 0, 255, 0]), None);
        assert_eq!(mask_list([255; 4]), "");
        assert_eq!(mask_list([255, 0, 255, 0]), "/255.0.255.0");
        assert_eq!(mask_save([255; 4]), "32");
    }

    #[test]
    fn numbers() {
        assert_eq!(strtoui("0x10", 0, 255), Some(16));
        assert_eq!(strtoui("010", 0, 255), Some(8));
        assert_eq!(strtoui("256", 0, 255), None);
        assert_eq!(parse_protocol("6").unwrap(), 6);
        assert_eq!(parse_protocol("all").unwrap(), 0);
        assert_eq!(proto_to_name(6, true).as_deref(), Some("tcp"));
        assert_eq!(proto_to_name(47, true), None);
    }

    #[test]
    fn addresses() {
        let v = parse_addresses("10.1.2.3/8,1.2.3.4").unwrap();
        assert_eq!(v[0], ([10, 0, 0, 0], [255, 0, 0, 0]));
        assert_eq!(v[1], ([1, 2, 3, 4], [255; 4]));
        assert!(parse_addresses("300.1.1.1").is_err());
        assert!(parse_addresses("1.2.3.4/33").is_err());
    }
}
