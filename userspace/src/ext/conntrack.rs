// SPDX-License-Identifier: GPL-2.0

//! The `conntrack` match and its `state` alias (libxt_conntrack, iptables 1.8.9).
//!
//! Revisions: against a kernel with conntrack revisions 1–3, iptables 1.8.9 sends revision 3
//! (`struct xt_conntrack_mtinfo3`) for `-m conntrack`, and also for `-m state`: the `state`
//! alias of revision 3 outranks the real `state` revision 0, so `-m state --state X` is written
//! as `conntrack` revision 3 with `XT_CONNTRACK_STATE | XT_CONNTRACK_STATE_ALIAS`, and saved
//! back as `-m state --state X`.

use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::conntrack::{ct_flags, ct_state, XtConntrack};

/// The `conntrack` match (revision 3).
pub struct Conntrack;

/// `-m state`: an alias of `conntrack` revision 3.
pub struct State;

const O_CTSTATE: u32 = 0;
const O_CTPROTO: u32 = 1;
const O_CTORIGSRC: u32 = 2;
const O_CTORIGDST: u32 = 3;
const O_CTREPLSRC: u32 = 4;
const O_CTREPLDST: u32 = 5;
const O_CTORIGSRCPORT: u32 = 6;
const O_CTORIGDSTPORT: u32 = 7;
const O_CTREPLSRCPORT: u32 = 8;
const O_CTREPLDSTPORT: u32 = 9;
const O_CTSTATUS: u32 = 10;
const O_CTEXPIRE: u32 = 11;
const O_CTDIR: u32 = 12;

const fn opt(name: &'static str, id: u32) -> OptDef {
    OptDef {
        name,
        has_arg: true,
        id,
    }
}

/// `conntrack3_mt_opts`, in its order.
static OPTS: &[OptDef] = &[
    opt("ctstate", O_CTSTATE),
    opt("ctproto", O_CTPROTO),
    opt("ctorigsrc", O_CTORIGSRC),
    opt("ctorigdst", O_CTORIGDST),
    opt("ctreplsrc", O_CTREPLSRC),
    opt("ctrepldst", O_CTREPLDST),
    opt("ctstatus", O_CTSTATUS),
    opt("ctexpire", O_CTEXPIRE),
    opt("ctorigsrcport", O_CTORIGSRCPORT),
    opt("ctorigdstport", O_CTORIGDSTPORT),
    opt("ctreplsrcport", O_CTREPLSRCPORT),
    opt("ctrepldstport", O_CTREPLDSTPORT),
    opt("ctdir", O_CTDIR),
];

static STATE_OPTS: &[OptDef] = &[opt("state", O_CTSTATE)];

/// `IPS_*` status bits.
const IPS_EXPECTED: u16 = 1 << 0;
const IPS_SEEN_REPLY: u16 = 1 << 1;
const IPS_ASSURED: u16 = 1 << 2;
const IPS_CONFIRMED: u16 = 1 << 3;

/// `XT_INV_PROTO` (0x40): `conntrack_mt_parse` tests it against the conntrack invert flags,
/// where it is `XT_CONNTRACK_STATUS`.
const XT_INV_PROTO: u16 = 0x40;

/// `--ctstate`/`--state` names in parse order (`conntrack_ps_state`); `state` knows the first
/// five.
const STATES: &[(&str, u32)] = &[
    ("INVALID", ct_state::INVALID),
    ("NEW", ct_state::NEW),
    ("ESTABLISHED", ct_state::ESTABLISHED),
    ("RELATED", ct_state::RELATED),
    ("UNTRACKED", ct_state::CT_UNTRACKED),
    ("SNAT", ct_state::CT_SNAT),
    ("DNAT", ct_state::CT_DNAT),
];

/// Print order (`print_state`).
const STATE_PRINT: &[(&str, u32)] = &[
    ("INVALID", ct_state::INVALID),
    ("NEW", ct_state::NEW),
    ("RELATED", ct_state::RELATED),
    ("ESTABLISHED", ct_state::ESTABLISHED),
    ("UNTRACKED", ct_state::CT_UNTRACKED),
    ("SNAT", ct_state::CT_SNAT),
    ("DNAT", ct_state::CT_DNAT),
];

const STATUSES: &[(&str, u16)] = &[
    ("NONE", 0),
    ("EXPECTED", IPS_EXPECTED),
    ("SEEN_REPLY", IPS_SEEN_REPLY),
    ("ASSURED", IPS_ASSURED),
    ("CONFIRMED", IPS_CONFIRMED),
];

/// `strncasecmp(word, name, word.len()) == 0`: `word` is a case-insensitive prefix of `name`.
fn prefix_of(word: &str, name: &str) -> bool {
    word.len() <= name.len() && name.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table
        .iter()
        .find(|(n, _)| prefix_of(word, n))
        .map(|(_, v)| *v)
}

/// `conntrack_ps_states` / `conntrack_ps_statuses`: a comma list; the error quotes the rest of
/// the list from the bad word on.
fn parse_list<T: Copy + std::ops::BitOr<Output = T>>(
    table: &[(&str, T)],
    arg: &str,
    zero: T,
    what: &str,
) -> Result<T> {
    let mut mask = zero;
    let mut rest = arg;
    let bad = |r: &str| Error::param(format!("Bad {what} \"{r}\""));
    while let Some(comma) = rest.find(',') {
        let word = &rest[..comma];
        if word.is_empty() {
            return Err(bad(rest));
        }
        mask = mask | lookup(table, word).ok_or_else(|| bad(rest))?;
        rest = &rest[comma + 1..];
    }
    if rest.is_empty() {
        return Err(bad(rest));
    }
    Ok(mask | lookup(table, rest).ok_or_else(|| bad(rest))?)
}

/// `state_parse_states`.
fn state_parse_states(arg: &str) -> Result<u32> {
    let mut mask = 0;
    let mut rest = arg;
    let bad = |r: &str| Error::param(format!("Bad state \"{r}\""));
    while let Some(comma) = rest.find(',') {
        let word = &rest[..comma];
        if word.is_empty() {
            return Err(bad(rest));
        }
        mask |= lookup(&STATES[..5], word).ok_or_else(|| bad(rest))?;
        rest = &rest[comma + 1..];
    }
    if rest.is_empty() {
        return Err(Error::param(
            "\"--state\" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED",
        ));
    }
    Ok(mask | lookup(&STATES[..5], rest).ok_or_else(|| bad(rest))?)
}

/// `xtopt_parse_plen` + `xtopt_parse_plenmask` for IPv4: a prefix length, or a dotted mask;
/// a mask that is not a prefix comes out as /32 (its length is -1, which no branch handles).
pub(crate) fn parse_plenmask(ext: &str, opt: &str, arg: &str) -> Result<[u8; 4]> {
    let len = match names::xt_strtoul(arg, 0, 32) {
        Some(n) => n as u32,
        None => match names::inet_aton(arg) {
            Some(m) => names::mask_to_cidr(m).unwrap_or(u32::MAX),
            None => {
                return Err(Error::param(format!(
                    "{ext}: bad value for option \"--{opt}\", neither a valid network mask nor valid CIDR (0-32).\n"
                )))
            }
        },
    };
    let m: u32 = match len {
        0 => 0,
        1..=32 => u32::MAX << (32 - len),
        _ => u32::MAX,
    };
    Ok(m.to_be_bytes())
}

/// `xtopt_parse_hostmask`: `host[/mask]`, the host not masked.
fn parse_hostmask(ext: &str, opt: &str, arg: &str) -> Result<([u8; 4], [u8; 4])> {
    match arg.split_once('/') {
        None => Ok((names::getaddrinfo_host(arg)?, [255; 4])),
        Some((h, m)) => {
            let a = names::getaddrinfo_host(h)?;
            Ok((a, parse_plenmask(ext, opt, m)?))
        }
    }
}

/// `xtopt_parse_mint` for `XTTYPE_UINT32RC` (two components at most).
fn parse_u32_range(ext: &str, opt: &str, arg: &str) -> Result<(u32, u32, usize)> {
    let mut vals: Vec<u32> = Vec::new();
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
            vals.push(if vals.len() == 1 { u32::MAX } else { 0 });
        } else {
            let (v, e) = names::xt_strtoul_end(rest, 0, u64::from(u32::MAX)).ok_or_else(|| {
                Error::param(format!(
                    "{ext}: bad value for option \"--{opt}\" near \"{rest}\", or out of range (0-4294967295).\n"
                ))
            })?;
            if !e.is_empty() && !e.starts_with(':') {
                return Err(Error::param(format!(
                    "{ext}: Argument to \"--{opt}\" has unexpected characters near \"{e}\".\n"
                )));
            }
            end = e;
            vals.push(v as u32);
        }
        if end.is_empty() {
            break;
        }
        rest = &end[1..];
    }
    let lo = vals[0];
    Ok((lo, vals.get(1).copied().unwrap_or(lo), vals.len()))
}

/// `xtopt_parse_mport` (host order): `p`, `p:q`, `p:`, `:q`, `:`.
fn parse_port_range(ext: &str, opt: &str, arg: &str) -> Result<(u16, u16)> {
    let mut range = [0u16, 0xffff];
    let mut n = 0usize;
    for part in arg.split(':') {
        if n == 2 {
            return Err(Error::param(format!(
                "{ext}: Too many components for option \"--{opt}\" (max: 2)\n"
            )));
        }
        if part.is_empty() {
            n += 1;
            continue;
        }
        let v = names::getportbyname(part).ok_or_else(|| {
            Error::param(format!("Port \"{part}\" does not resolve to anything.\n"))
        })?;
        range[n] = v;
        n += 1;
    }
    if n == 1 {
        range[1] = range[0];
    }
    Ok((range[0], range[1]))
}

fn get(data: &[u8]) -> XtConntrack {
    XtConntrack::decode(3, data).unwrap_or_default()
}

fn put(data: &mut [u8], c: &XtConntrack) {
    let (b, n) = c.encode(3);
    data[..n].copy_from_slice(&b[..n]);
}

/// `conntrack_dump_addr` (IPv4).
fn dump_addr(out: &mut String, addr: [u8; 4], mask: [u8; 4], numeric: bool) {
    if !numeric && addr == [0; 4] {
        out.push_str(" anywhere");
        return;
    }
    let a = if numeric {
        names::ip_str(addr)
    } else {
        names::addr_anyname(addr)
    };
    out.push_str(&format!(" {a}{}", names::mask_list(mask)));
}

/// `print_state` (leading separator a space).
fn print_state(out: &mut String, mask: u32) {
    let mut sep = " ";
    for (n, b) in STATE_PRINT {
        if mask & b != 0 {
            out.push_str(sep);
            out.push_str(n);
            sep = ",";
        }
    }
}

/// `print_status`.
fn print_status(out: &mut String, mask: u16) {
    let mut sep = " ";
    for (n, b) in &STATUSES[1..] {
        if mask & b != 0 {
            out.push_str(sep);
            out.push_str(n);
            sep = ",";
        }
    }
    if mask == 0 {
        out.push_str(sep);
        out.push_str("NONE");
    }
}

/// `conntrack_dump` for revision 3.
fn dump(c: &XtConntrack, prefix: &str, numeric: bool, out: &mut String) {
    let m = c.match_flags;
    let inv = |f: u16, out: &mut String| {
        if c.invert_flags & f != 0 {
            out.push_str(" !");
        }
    };
    if m & ct_flags::STATE != 0 {
        inv(ct_flags::STATE, out);
        let name = if m & ct_flags::STATE_ALIAS != 0 {
            "state"
        } else {
            "ctstate"
        };
        out.push_str(&format!(" {prefix}{name}"));
        print_state(out, u32::from(c.state_mask));
    }
    if m & ct_flags::PROTO != 0 {
        inv(ct_flags::PROTO, out);
        out.push_str(&format!(" {prefix}ctproto {}", c.l4proto));
    }
    for (f, name, addr, mask) in [
        (
            ct_flags::ORIGSRC,
            "ctorigsrc",
            c.origsrc_addr,
            c.origsrc_mask,
        ),
        (
            ct_flags::ORIGDST,
            "ctorigdst",
            c.origdst_addr,
            c.origdst_mask,
        ),
        (
            ct_flags::REPLSRC,
            "ctreplsrc",
            c.replsrc_addr,
            c.replsrc_mask,
        ),
        (
            ct_flags::REPLDST,
            "ctrepldst",
            c.repldst_addr,
            c.repldst_mask,
        ),
    ] {
        if m & f != 0 {
            inv(f, out);
            out.push_str(&format!(" {prefix}{name}"));
            dump_addr(out, addr, mask, numeric);
        }
    }
    for (f, name, lo, hi) in [
        (
            ct_flags::ORIGSRC_PORT,
            "ctorigsrcport",
            c.origsrc_port,
            c.origsrc_port_high,
        ),
        (
            ct_flags::ORIGDST_PORT,
            "ctorigdstport",
            c.origdst_port,
            c.origdst_port_high,
        ),
        (
            ct_flags::REPLSRC_PORT,
            "ctreplsrcport",
            c.replsrc_port,
            c.replsrc_port_high,
        ),
        (
            ct_flags::REPLDST_PORT,
            "ctrepldstport",
            c.repldst_port,
            c.repldst_port_high,
        ),
    ] {
        if m & f != 0 {
            inv(f, out);
            if hi == 0 || lo == hi {
                out.push_str(&format!(" {prefix}{name} {lo}"));
            } else {
                out.push_str(&format!(" {prefix}{name} {lo}:{hi}"));
            }
        }
    }
    if m & ct_flags::STATUS != 0 {
        inv(ct_flags::STATUS, out);
        out.push_str(&format!(" {prefix}ctstatus"));
        print_status(out, c.status_mask);
    }
    if m & ct_flags::EXPIRES != 0 {
        inv(ct_flags::EXPIRES, out);
        out.push_str(&format!(" {prefix}ctexpire "));
        if c.expires_max == c.expires_min {
            out.push_str(&c.expires_min.to_string());
        } else {
            out.push_str(&format!("{}:{}", c.expires_min, c.expires_max));
        }
    }
    if m & ct_flags::DIRECTION != 0 {
        if c.invert_flags & ct_flags::DIRECTION != 0 {
            out.push_str(&format!(" {prefix}ctdir REPLY"));
        } else {
            out.push_str(&format!(" {prefix}ctdir ORIGINAL"));
        }
    }
}

impl Extension for Conntrack {
    fn name(&self) -> &'static str {
        "conntrack"
    }
    fn revision(&self) -> u8 {
        3
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
        let o = opt_by_id(OPTS, id);
        let ext = "conntrack";
        option_check(ext, o, flags, invert, id != O_CTDIR)?;
        let arg = arg.unwrap_or("");
        let mut c = get(data);
        let set = |c: &mut XtConntrack, f: u16| {
            c.match_flags |= f;
            if invert {
                c.invert_flags |= f;
            }
        };
        match id {
            O_CTSTATE => {
                let mask = parse_list(STATES, arg, 0u32, "ctstate")?;
                // CAST: every state bit is below 1 << 9.
                c.state_mask |= mask as u16;
                set(&mut c, ct_flags::STATE);
            }
            O_CTPROTO => {
                let p = names::parse_protocol(arg)?;
                c.l4proto = p;
                if p == 0 && c.invert_flags & XT_INV_PROTO != 0 {
                    return Err(Error::param("conntrack: rule would never match protocol"));
                }
                set(&mut c, ct_flags::PROTO);
            }
            O_CTORIGSRC | O_CTORIGDST | O_CTREPLSRC | O_CTREPLDST => {
                let (a, m) = parse_hostmask(ext, o.name, arg)?;
                let f = match id {
                    O_CTORIGSRC => {
                        (c.origsrc_addr, c.origsrc_mask) = (a, m);
                        ct_flags::ORIGSRC
                    }
                    O_CTORIGDST => {
                        (c.origdst_addr, c.origdst_mask) = (a, m);
                        ct_flags::ORIGDST
                    }
                    O_CTREPLSRC => {
                        (c.replsrc_addr, c.replsrc_mask) = (a, m);
                        ct_flags::REPLSRC
                    }
                    _ => {
                        (c.repldst_addr, c.repldst_mask) = (a, m);
                        ct_flags::REPLDST
                    }
                };
                set(&mut c, f);
            }
            O_CTSTATUS => {
                c.status_mask |= parse_list(STATUSES, arg, 0u16, "ctstatus")?;
                set(&mut c, ct_flags::STATUS);
            }
            O_CTEXPIRE => {
                let (lo, hi, _) = parse_u32_range(ext, o.name, arg)?;
                c.expires_min = lo;
                c.expires_max = hi;
                set(&mut c, ct_flags::EXPIRES);
            }
            O_CTORIGSRCPORT | O_CTORIGDSTPORT | O_CTREPLSRCPORT | O_CTREPLDSTPORT => {
                let (lo, hi) = parse_port_range(ext, o.name, arg)?;
                let f = match id {
                    O_CTORIGSRCPORT => {
                        (c.origsrc_port, c.origsrc_port_high) = (lo, hi);
                        ct_flags::ORIGSRC_PORT
                    }
                    O_CTORIGDSTPORT => {
                        (c.origdst_port, c.origdst_port_high) = (lo, hi);
                        ct_flags::ORIGDST_PORT
                    }
                    O_CTREPLSRCPORT => {
                        (c.replsrc_port, c.replsrc_port_high) = (lo, hi);
                        ct_flags::REPLSRC_PORT
                    }
                    _ => {
                        (c.repldst_port, c.repldst_port_high) = (lo, hi);
                        ct_flags::REPLDST_PORT
                    }
                };
                set(&mut c, f);
            }
            _ => {
                if arg.eq_ignore_ascii_case("ORIGINAL") {
                    c.match_flags |= ct_flags::DIRECTION;
                    c.invert_flags &= !ct_flags::DIRECTION;
                } else if arg.eq_ignore_ascii_case("REPLY") {
                    c.match_flags |= ct_flags::DIRECTION;
                    c.invert_flags |= ct_flags::DIRECTION;
                } else {
                    return Err(Error::param(format!(
                        "conntrack: Bad value for \"--ctdir\" option: \"{arg}\""
                    )));
                }
            }
        }
        put(data, &c);
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param("conntrack: At least one option is required"));
        }
        Ok(())
    }
    fn alias(&self, data: &[u8]) -> Option<&'static str> {
        // `conntrack_print_name_alias`: `match_flags` is at the same offset in every revision.
        let flags = oxtables_engine::abi::read_u16(data, 146).unwrap_or(0);
        Some(if flags & ct_flags::STATE_ALIAS != 0 {
            "state"
        } else {
            "conntrack"
        })
    }
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        dump(&get(data), "", numeric, out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        dump(&get(data), "--", true, out);
    }
}

/// `state_print_state` (no leading separator, `state`'s five names).
fn state_print_state(out: &mut String, mask: u32) {
    let mut sep = "";
    for (n, b) in &STATE_PRINT[..5] {
        if mask & b != 0 {
            out.push_str(sep);
            out.push_str(n);
            sep = ",";
        }
    }
}

impl Extension for State {
    fn name(&self) -> &'static str {
        "state"
    }
    fn real_name(&self) -> &'static str {
        "conntrack"
    }
    fn revision(&self) -> u8 {
        3
    }
    fn opts(&self) -> &'static [OptDef] {
        STATE_OPTS
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
        option_check("state", &STATE_OPTS[0], flags, invert, true)?;
        // `state_ct23_parse`.
        let mut c = get(data);
        c.match_flags = ct_flags::STATE | ct_flags::STATE_ALIAS;
        // CAST: every state bit is below 1 << 9.
        c.state_mask = state_parse_states(arg.unwrap_or(""))? as u16;
        if invert {
            c.invert_flags |= ct_flags::STATE;
        }
        put(data, &c);
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("state", &STATE_OPTS[0], flags)
    }
    // An entry called `state` (never written by iptables 1.8.9) is printed by `state_print` /
    // `state_save`, reading `struct xt_state_info`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(" state ");
        state_print_state(out, oxtables_engine::abi::read_u32(data, 0).unwrap_or(0));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        out.push_str(" --state ");
        state_print_state(out, oxtables_engine::abi::read_u32(data, 0).unwrap_or(0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(
            parse_list(STATES, "new,EST,snat", 0u32, "ctstate").unwrap(),
            ct_state::NEW | ct_state::ESTABLISHED | ct_state::CT_SNAT
        );
        assert_eq!(
            parse_list(STATES, "NEW,FOO,BAR", 0u32, "ctstate")
                .unwrap_err()
                .msg,
            "Bad ctstate \"FOO,BAR\""
        );
        assert_eq!(
            parse_list(STATES, "NEW,", 0u32, "ctstate").unwrap_err().msg,
            "Bad ctstate \"\""
        );
        assert!(state_parse_states("NEW,")
            .unwrap_err()
            .msg
            .starts_with("\"--state\" requires"));
        assert!(state_parse_states("SNAT").is_err());
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_u32_range("c", "x", "5:").unwrap(), (5, u32::MAX, 2));
        assert_eq!(parse_u32_range("c", "x", ":7").unwrap(), (0, 7, 2));
        assert_eq!(parse_u32_range("c", "x", "").unwrap(), (0, 0, 1));
        assert!(parse_u32_range("c", "x", "1:2:3").is_err());
        assert_eq!(parse_port_range("c", "x", "80:").unwrap(), (80, 65535));
        assert_eq!(parse_port_range("c", "x", ":").unwrap(), (0, 65535));
        assert_eq!(parse_port_range("c", "x", "70000").unwrap(), (4464, 4464));
        assert_eq!(
            parse_plenmask("c", "x", "255.255.0.0").unwrap(),
            [255, 255, 0, 0]
        );
        assert_eq!(parse_plenmask("c", "x", "255.0.255.0").unwrap(), [255; 4]);
        assert_eq!(parse_plenmask("c", "x", "33").unwrap(), [255; 4]);
        assert!(parse_plenmask("c", "x", "").is_err());
    }
}
