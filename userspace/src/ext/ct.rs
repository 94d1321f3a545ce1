// SPDX-License-Identifier: GPL-2.0

//! The `CT` target and its `NOTRACK` alias (libxt_CT, iptables 1.8.9).
//!
//! Revisions: against a kernel with CT revisions 0–2, iptables 1.8.9 sends revision 2 (`struct
//! xt_ct_target_info_v1`). `-j NOTRACK` is the alias of CT revision 2 that outranks the kernel's
//! own NOTRACK target: `CT` revision 2 with `XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS`, listed as
//! target `CT` and saved back as `-j NOTRACK`.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::ct::{ct_target, XtCtTarget};
use oxtables_engine::ext::ExtKind;

/// `-j CT` (revision 2).
pub struct Ct;

/// `-j NOTRACK`: CT revision 2 with `XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS`.
pub struct Notrack;

const O_NOTRACK: u32 = 0;
const O_HELPER: u32 = 1;
const O_TIMEOUT: u32 = 2;
const O_CTEVENTS: u32 = 3;
const O_EXPEVENTS: u32 = 4;
const O_ZONE: u32 = 5;
const O_ZONE_ORIG: u32 = 6;
const O_ZONE_REPLY: u32 = 7;

const fn opt(name: &'static str, has_arg: bool, id: u32) -> OptDef {
    OptDef { name, has_arg, id }
}

/// `ct_opts_v1`, in its order.
static OPTS: &[OptDef] = &[
    opt("notrack", false, O_NOTRACK),
    opt("helper", true, O_HELPER),
    opt("timeout", true, O_TIMEOUT),
    opt("ctevents", true, O_CTEVENTS),
    opt("expevents", true, O_EXPEVENTS),
    opt("zone-orig", true, O_ZONE_ORIG),
    opt("zone-reply", true, O_ZONE_REPLY),
    opt("zone", true, O_ZONE),
];

/// `ct_event_tbl` (`enum ip_conntrack_events` bit numbers).
const CT_EVENTS: &[(&str, u32)] = &[
    ("new", 0),
    ("related", 1),
    ("destroy", 2),
    ("reply", 3),
    ("assured", 4),
    ("protoinfo", 5),
    ("helper", 6),
    ("mark", 7),
    ("natseqinfo", 8),
    ("secmark", 9),
];

/// `exp_event_tbl`.
const EXP_EVENTS: &[(&str, u32)] = &[("new", 0)];

/// `ct_parse_events`: exact names separated by commas.
fn parse_events(tbl: &[(&str, u32)], arg: &str) -> Result<u32> {
    let mut mask = 0;
    for t in arg.split(',') {
        let (_, bit) = tbl
            .iter()
            .find(|(n, _)| *n == t)
            .ok_or_else(|| Error::param(format!("Unknown event type \"{t}\"")))?;
        mask |= 1 << bit;
    }
    Ok(mask)
}

/// `ct_print_events`.
fn print_events(out: &mut String, pfx: &str, tbl: &[(&str, u32)], mask: u32) {
    out.push_str(&format!(" {pfx} "));
    let mut sep = "";
    for (n, bit) in tbl {
        if mask & (1 << bit) != 0 {
            out.push_str(sep);
            out.push_str(n);
            sep = ",";
        }
    }
}

/// `ct_print_zone_id`.
fn print_zone(out: &mut String, pfx: &str, zone: u16, flags: u16) {
    out.push_str(&format!(" {pfx}"));
    let dirs = flags & (ct_target::ZONE_DIR_ORIG | ct_target::ZONE_DIR_REPL);
    if dirs == ct_target::ZONE_DIR_ORIG {
        out.push_str("-orig");
    }
    if dirs == ct_target::ZONE_DIR_REPL {
        out.push_str("-reply");
    }
    if flags & ct_target::ZONE_MARK != 0 {
        out.push_str(" mark");
    } else {
        out.push_str(&format!(" {zone}"));
    }
}

/// A NUL-padded name field as C prints it with `%s`.
fn c_name(b: &[u8]) -> String {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// `XTTYPE_STRING` with `XTOPT_PUT`: truncated to the field, NUL-terminated.
fn put_name(field: &mut [u8], arg: &str) {
    let n = arg.len().min(field.len() - 1);
    field.fill(0);
    field[..n].copy_from_slice(&arg.as_bytes()[..n]);
}

fn get(data: &[u8]) -> XtCtTarget {
    XtCtTarget::decode(2, data).unwrap_or_default()
}

fn put(data: &mut [u8], t: &XtCtTarget) {
    let (b, n) = t.encode(2);
    data[..n].copy_from_slice(&b[..n]);
}

/// `ct_print_v1` / `ct_save_v1`.
fn dump(t: &XtCtTarget, save: bool, out: &mut String) {
    let p = if save { "--" } else { "" };
    if t.flags & ct_target::NOTRACK_ALIAS != 0 {
        if !save {
            out.push_str(" NOTRACK");
        }
        return;
    }
    if !save {
        out.push_str(" CT");
    }
    if t.flags & ct_target::NOTRACK != 0 {
        out.push_str(&format!(" {p}notrack"));
    }
    if t.helper[0] != 0 {
        out.push_str(&format!(" {p}helper {}", c_name(&t.helper)));
    }
    if t.timeout[0] != 0 {
        out.push_str(&format!(" {p}timeout {}", c_name(&t.timeout)));
    }
    if t.ct_events != 0 {
        print_events(out, &format!("{p}ctevents"), CT_EVENTS, t.ct_events);
    }
    if t.exp_events != 0 {
        print_events(out, &format!("{p}expevents"), EXP_EVENTS, t.exp_events);
    }
    if t.flags & ct_target::ZONE_MARK != 0 || t.zone != 0 {
        print_zone(out, &format!("{p}zone"), t.zone, t.flags);
    }
}

impl Extension for Ct {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "CT"
    }
    fn revision(&self) -> u8 {
        2
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
        option_check("CT", opt_by_id(OPTS, id), flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut t = get(data);
        match id {
            O_NOTRACK => t.flags |= ct_target::NOTRACK,
            O_HELPER => put_name(&mut t.helper, arg),
            O_TIMEOUT => put_name(&mut t.timeout, arg),
            O_CTEVENTS => t.ct_events = parse_events(CT_EVENTS, arg)?,
            O_EXPEVENTS => t.exp_events = parse_events(EXP_EVENTS, arg)?,
            _ => {
                // `ct_parse_zone_id`.
                if id == O_ZONE_ORIG {
                    t.flags |= ct_target::ZONE_DIR_ORIG;
                }
                if id == O_ZONE_REPLY {
                    t.flags |= ct_target::ZONE_DIR_REPL;
                }
                t.zone = 0;
                if arg.eq_ignore_ascii_case("mark") {
                    t.flags |= ct_target::ZONE_MARK;
                } else {
                    t.zone = names::xt_strtoul(arg, 0, 0xffff)
                        .ok_or_else(|| Error::param(format!("Cannot parse {arg} as a zone ID")))?
                        as u16;
                }
            }
        }
        put(data, &t);
        Ok(())
    }
    fn alias(&self, data: &[u8]) -> Option<&'static str> {
        // `ct_print_name_alias` (revision 2's, used for every revision).
        let flags = oxtables_engine::abi::read_u16(data, 0).unwrap_or(0);
        Some(if flags & ct_target::NOTRACK_ALIAS != 0 {
            "NOTRACK"
        } else {
            "CT"
        })
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        dump(&get(data), false, out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        dump(&get(data), true, out);
    }
}

impl Extension for Notrack {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "NOTRACK"
    }
    fn real_name(&self) -> &'static str {
        "CT"
    }
    fn revision(&self) -> u8 {
        2
    }
    fn opts(&self) -> &'static [OptDef] {
        &[]
    }
    fn init(&self, data: &mut [u8]) {
        // `notrack_ct2_tg_init`.
        put(
            data,
            &XtCtTarget {
                flags: ct_target::NOTRACK | ct_target::NOTRACK_ALIAS,
                ..XtCtTarget::default()
            },
        );
    }
    fn parse(
        &self,
        _id: u32,
        _arg: Option<&str>,
        _invert: bool,
        _flags: &mut u32,
        _data: &mut [u8],
        _ip: &IptIp,
        _more: &mut dyn ArgSource,
    ) -> Result<()> {
        Ok(())
    }
    // The alias has no print or save function: an entry called NOTRACK (the kernel's own
    // target, written by older tools) is listed without details and saved as `-j NOTRACK`.
    fn has_printer(&self) -> bool {
        false
    }
    fn print(&self, _ip: &IptIp, _data: &[u8], _numeric: bool, _out: &mut String) {}
    fn save(&self, _ip: &IptIp, _data: &[u8], _out: &mut String) {}
}
