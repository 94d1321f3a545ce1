// SPDX-License-Identifier: GPL-2.0

//! The extension registry: one module per match or target, each with its option parser, its
//! `-L` printer, its save printer, and its payload layout (through `oxtables_engine::abi`).
//! Adding an extension = adding a module and one line in [`MATCHES`] or [`TARGETS`].

use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::{self as engine_ext, ExtKind};

pub mod addrtype;
pub mod checksum;
pub mod classify;
pub mod comment;
pub mod connlimit;
pub mod connmark;
pub mod conntrack;
pub mod ct;
pub mod devgroup;
pub mod dscp;
pub mod dscp_tg;
pub mod hashlimit;
pub mod helper;
pub mod icmp;
pub mod iprange;
pub mod length;
pub mod limit;
pub mod log;
pub mod mac;
pub mod mark;
pub mod multiport;
pub mod nat;
pub mod nflog;
pub mod nfqueue;
pub mod owner;
pub mod physdev;
pub mod pkttype;
pub mod realm;
pub mod recent;
pub mod reject;
pub mod set;
pub mod set_tg;
pub mod statistic;
pub mod string;
pub mod tcp;
pub mod tcpmss;
pub mod tcpmss_tg;
pub mod tee;
pub mod time;
pub mod tos;
pub mod tos_tg;
pub mod trace;
pub mod ttl;
pub mod ttl_tg;
pub mod udp;

/// One long option of an extension.
#[derive(Clone, Copy, Debug)]
pub struct OptDef {
    /// Name without the leading `--`.
    pub name: &'static str,
    /// Whether it takes an argument.
    pub has_arg: bool,
    /// Identifier passed back to [`Extension::parse`] (aliases share it).
    pub id: u32,
}

/// What a parser may ask for besides its argument.
pub trait ArgSource {
    /// The next command-line word, consumed (e.g. the second argument of `--tcp-flags`).
    fn next_arg(&mut self) -> Option<String>;
}

/// A match or target extension.
pub trait Extension: Sync {
    /// Name given to `-m`/`-j`, and the name looked up when printing an entry.
    fn name(&self) -> &'static str;
    /// Name written into the entry header (`real_name`: aliases such as `state` and `NOTRACK`
    /// are written as `conntrack` and `CT`).
    fn real_name(&self) -> &'static str {
        self.name()
    }
    /// Revision in the entry header: the highest revision iptables-legacy 1.8.9 and the kernel
    /// both know. It is also the only revision printed: iptables 1.8.9 registers just that one
    /// and prints any other as `[unsupported revision]`.
    fn revision(&self) -> u8 {
        0
    }
    /// Whether this is a match or a target extension.
    fn kind(&self) -> ExtKind {
        ExtKind::Match
    }
    /// Payload size before `XT_ALIGN` (the kernel's `matchsize`/`targetsize`), from the
    /// engine's registration of ([`Extension::real_name`], [`Extension::revision`]): the tool
    /// and the kernel cannot disagree on it.
    fn size(&self) -> usize {
        registration(self.kind(), self.real_name(), self.revision()).map_or(0, |r| r.size)
    }
    /// The payload bytes `-D`/`-C` compare (`userspacesize`): by default all of
    /// `XT_ALIGN(size)`, as the extensions that set it to `XT_ALIGN(sizeof(...))`.
    fn userspace_size(&self) -> usize {
        oxtables_engine::abi::xt_align(self.size()).unwrap_or(0)
    }
    /// Long options.
    fn opts(&self) -> &'static [OptDef];
    /// Fills the initial payload (`init`).
    fn init(&self, _data: &mut [u8]) {}
    /// Parses one option into `data`; `flags` accumulates which options were seen; `ip` is the
    /// rule's base match as parsed so far (NAT targets look at its protocol).
    #[allow(clippy::too_many_arguments)]
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        ip: &IptIp,
        more: &mut dyn ArgSource,
    ) -> Result<()>;
    /// Checks after all options (`x6_fcheck`/`final_check`, then the mandatory options), which
    /// may complete the payload.
    fn final_check(&self, _flags: u32, _data: &mut [u8]) -> Result<()> {
        Ok(())
    }
    /// The name printed after `-m`/`-j` in save output (the extension's `alias` callback), for
    /// any revision of the payload.
    fn alias(&self, _data: &[u8]) -> Option<&'static str> {
        None
    }
    /// Whether the extension has print/save functions (the `NOTRACK` alias has none).
    fn has_printer(&self) -> bool {
        true
    }
    /// `-L` output (each item begins with a space).
    fn print(&self, ip: &IptIp, data: &[u8], numeric: bool, out: &mut String);
    /// Save output (each item begins with a space).
    fn save(&self, ip: &IptIp, data: &[u8], out: &mut String);
}

/// Every match extension the tool knows.
pub static MATCHES: &[&dyn Extension] = &[
    &tcp::Tcp,
    &udp::Udp,
    &icmp::Icmp,
    &conntrack::Conntrack,
    &conntrack::State,
    &addrtype::Addrtype,
    &comment::Comment,
    &mark::Mark,
    &connmark::Connmark,
    &limit::Limit,
    &statistic::Statistic,
    &helper::Helper,
    &multiport::Multiport,
    &iprange::Iprange,
    &pkttype::Pkttype,
    &mac::Mac,
    &length::Length,
    &ttl::Ttl,
    &dscp::Dscp,
    &tos::Tos,
    &owner::Owner,
    &time::Time,
    &devgroup::Devgroup,
    &tcpmss::Tcpmss,
    &recent::Recent,
    &hashlimit::Hashlimit,
    &connlimit::Connlimit,
    &realm::Realm,
    &set::Set,
    &string::StringExt,
    &physdev::Physdev,
];

/// Every (non-standard) target extension the tool knows.
pub static TARGETS: &[&dyn Extension] = &[
    &nat::SNAT,
    &nat::DNAT,
    &nat::MASQUERADE,
    &nat::REDIRECT,
    &ct::Ct,
    &ct::Notrack,
    &mark::MarkTg,
    &connmark::ConnmarkTg,
    &reject::Reject,
    &log::Log,
    &nflog::Nflog,
    &tcpmss_tg::TcpmssTg,
    &dscp_tg::DscpTg,
    &tos_tg::TosTg,
    &ttl_tg::TtlTg,
    &classify::Classify,
    &checksum::ChecksumTg,
    &set_tg::SetTg,
    &trace::TraceTg,
    &nfqueue::NfqueueTg,
    &tee::Tee,
];

/// Target names iptables 1.8.9 ships a library for: a chain may not take one of these names.
pub const KNOWN_TARGET_NAMES: &[&str] = &[
    "ACCEPT",
    "DROP",
    "QUEUE",
    "RETURN",
    "standard",
    "AUDIT",
    "CHECKSUM",
    "CLASSIFY",
    "CLUSTERIP",
    "CONNMARK",
    "CONNSECMARK",
    "CT",
    "DNAT",
    "DNPT",
    "DSCP",
    "ECN",
    "HL",
    "HMARK",
    "IDLETIMER",
    "LED",
    "LOG",
    "MARK",
    "MASQUERADE",
    "NETMAP",
    "NFLOG",
    "NFQUEUE",
    "NOTRACK",
    "RATEEST",
    "REDIRECT",
    "REJECT",
    "SECMARK",
    "SET",
    "SNAT",
    "SNPT",
    "SYNPROXY",
    "TCPMSS",
    "TCPOPTSTRIP",
    "TEE",
    "TOS",
    "TPROXY",
    "TRACE",
    "TTL",
    "ULOG",
];

/// The engine's registration of an extension, as the kernel looks it up.
pub fn registration(kind: ExtKind, name: &str, revision: u8) -> Option<&'static engine_ext::Reg> {
    engine_ext::find(kind, name.as_bytes(), revision)
}

/// Looks a match up by name.
pub fn find_match(name: &str) -> Option<&'static dyn Extension> {
    MATCHES.iter().copied().find(|m| m.name() == name)
}

/// Looks a target extension up by name.
pub fn find_target(name: &str) -> Option<&'static dyn Extension> {
    TARGETS.iter().copied().find(|m| m.name() == name)
}

/// Port range printing shared by tcp and udp (`print_ports`).
pub(crate) fn print_ports(
    out: &mut String,
    name: &str,
    min: u16,
    max: u16,
    invert: bool,
    numeric: bool,
    proto: &str,
) {
    let inv = if invert { "!" } else { "" };
    let port = |p: u16| -> String {
        if numeric {
            p.to_string()
        } else {
            crate::names::service_name(p, proto).unwrap_or_else(|| p.to_string())
        }
    };
    if min != 0 || max != 0xffff || invert {
        if min == max {
            out.push_str(&format!(" {name}:{inv}{}", port(min)));
        } else {
            out.push_str(&format!(" {name}s:{inv}{}:{}", port(min), port(max)));
        }
    }
}

/// Port range saving shared by tcp and udp.
pub(crate) fn save_ports(out: &mut String, opt: &str, range: [u16; 2], invert: bool) {
    if range[0] != 0 || range[1] != 0xffff {
        if invert {
            out.push_str(" !");
        }
        if range[0] != range[1] {
            out.push_str(&format!(" --{opt} {}:{}", range[0], range[1]));
        } else {
            out.push_str(&format!(" --{opt} {}", range[0]));
        }
    }
}

/// `a`, `a:b`, `a:`, `:b` (libxt_tcp's `parse_tcp_ports`).
pub(crate) fn parse_port_range(s: &str, proto: &str) -> Result<[u16; 2]> {
    use crate::names::parse_port;
    match s.split_once(':') {
        None => {
            let p = parse_port(s, proto)?;
            Ok([p, p])
        }
        Some((a, b)) => {
            let lo = if a.is_empty() {
                0
            } else {
                parse_port(a, proto)?
            };
            let hi = if b.is_empty() {
                0xffff
            } else {
                parse_port(b, proto)?
            };
            Ok([lo, hi])
        }
    }
}

/// `xtables_option_parse`'s checks before an option of extension `ext` is parsed: used once
/// unless `multi`, `!` only if `invertible`. Marks the option seen.
pub(crate) fn option_check(
    ext: &str,
    opt: &OptDef,
    flags: &mut u32,
    invert: bool,
    invertible: bool,
) -> Result<()> {
    if *flags & (1 << opt.id) != 0 {
        return Err(crate::error::Error::param(format!(
            "{ext}: option \"--{}\" can only be used once.\n",
            opt.name
        )));
    }
    if invert && !invertible {
        return Err(crate::error::Error::param(format!(
            "{ext}: option \"--{}\" cannot be inverted.\n",
            opt.name
        )));
    }
    *flags |= 1 << opt.id;
    Ok(())
}

/// The option of `opts` with identifier `id`.
pub(crate) fn opt_by_id(opts: &'static [OptDef], id: u32) -> &'static OptDef {
    opts.iter().find(|o| o.id == id).unwrap_or(&opts[0])
}

/// `xtables_options_fcheck`'s mandatory-option test.
pub(crate) fn mandatory(ext: &str, opt: &OptDef, flags: u32) -> Result<()> {
    if flags & (1 << opt.id) == 0 {
        return Err(crate::error::Error::param(format!(
            "{ext}: option \"--{}\" must be specified\n",
            opt.name
        )));
    }
    Ok(())
}

/// `xtables_options_fcheck`'s exclusion test (after the extension's own final check): for
/// every option seen, in table order, the first other option identifier in its `.excl` mask
/// (`excl` gives an option's mask) that was seen too is an error. Options are named by the
/// first table entry with their identifier.
pub(crate) fn options_excl(
    ext: &str,
    opts: &'static [OptDef],
    excl: impl Fn(&OptDef) -> u32,
    flags: u32,
) -> Result<()> {
    for e in opts {
        if flags & (1 << e.id) == 0 {
            continue;
        }
        for i in 0..32u32 {
            if i == e.id {
                continue;
            }
            let Some(other) = opts.iter().find(|o| o.id == i) else {
                continue;
            };
            let both = (1 << e.id) | (1 << i);
            if excl(e) & (1 << i) != 0 && flags & both == both {
                return Err(crate::error::Error::param(format!(
                    "{ext}: option \"--{}\" cannot be used together with \"--{}\".\n",
                    e.name, other.name
                )));
            }
        }
    }
    Ok(())
}

/// `xtopt_parse_mint` for a two-component range of at most `lmax` (`XTTYPE_UINT*RC` without
/// `XTOPT_POINTER`): the values read (a missing first is 0, a missing second `lmax`).
pub(crate) fn parse_mint(ext: &str, opt: &str, arg: &str, lmax: u64) -> Result<Vec<u64>> {
    use crate::error::Error;
    let mut vals: Vec<u64> = Vec::new();
    let mut rest = arg;
    loop {
        if vals.len() == 2 {
            return Err(Error::param(format!(
                "{ext}: Too many components for option \"--{opt}\" (max: 2)\n"
            )));
        }
        let end;
        if rest.is_empty() || rest.starts_with(':') {
            end = rest;
            vals.push(if vals.len() == 1 { lmax } else { 0 });
        } else {
            let (v, e) = crate::names::xt_strtoul_end(rest, 0, lmax).ok_or_else(|| {
                Error::param(format!(
                    "{ext}: bad value for option \"--{opt}\" near \"{rest}\", or out of range (0-{lmax}).\n"
                ))
            })?;
            if !e.is_empty() && !e.starts_with(':') {
                return Err(Error::param(format!(
                    "{ext}: Argument to \"--{opt}\" has unexpected characters near \"{e}\".\n"
                )));
            }
            end = e;
            vals.push(v);
        }
        if end.is_empty() {
            break;
        }
        rest = &end[1..];
    }
    Ok(vals)
}

/// `xtables_save_string`: bare if only `[_-0-9a-zA-Z]` (and not empty), otherwise in double
/// quotes with `"`, `\` and `'` escaped.
pub(crate) fn save_string(out: &mut String, value: &str) {
    let plain = |c: char| c == '_' || c == '-' || c.is_ascii_alphanumeric();
    if !value.is_empty() && value.chars().all(plain) {
        out.push(' ');
        out.push_str(value);
        return;
    }
    out.push_str(" \"");
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// `xtables_options_fcheck` for options with `.also` masks too (`also` and `excl` give an
/// option's masks): for every option seen, in table order, and every other option identifier
/// in order, first "also requires" (the other is in `.also` and was not seen), then "cannot be
/// used together" (it is in `.excl` and was seen).
pub(crate) fn options_also_excl(
    ext: &str,
    opts: &'static [OptDef],
    also: impl Fn(&OptDef) -> u32,
    excl: impl Fn(&OptDef) -> u32,
    flags: u32,
) -> Result<()> {
    for e in opts {
        if flags & (1 << e.id) == 0 {
            continue;
        }
        for i in 0..32u32 {
            if i == e.id {
                continue;
            }
            let Some(other) = opts.iter().find(|o| o.id == i) else {
                continue;
            };
            let of = 1 << i;
            if also(e) & of != 0 && flags & of == 0 {
                return Err(crate::error::Error::param(format!(
                    "{ext}: option \"--{}\" also requires \"--{}\".\n",
                    e.name, other.name
                )));
            }
            let both = (1 << e.id) | of;
            if excl(e) & of != 0 && flags & both == both {
                return Err(crate::error::Error::param(format!(
                    "{ext}: option \"--{}\" cannot be used together with \"--{}\".\n",
                    e.name, other.name
                )));
            }
        }
    }
    Ok(())
}
