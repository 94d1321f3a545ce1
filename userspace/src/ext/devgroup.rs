// SPDX-License-Identifier: GPL-2.0

//! The `devgroup` match (libxt_devgroup, iptables 1.8.9), revision 0: `--src-group` and
//! `--dst-group`, each `value[/mask]` or a name from `/etc/iproute2/group` (`xtables_lmap`).

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::devgroup::{flags, XtDevgroupInfo, XT_DEVGROUP_INFO_SIZE};
use std::sync::OnceLock;

/// The `devgroup` match.
pub struct Devgroup;

const O_SRC_GROUP: u32 = 0;
const O_DST_GROUP: u32 = 1;

/// `devgroup_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "src-group",
        has_arg: true,
        id: O_SRC_GROUP,
    },
    OptDef {
        name: "dst-group",
        has_arg: true,
        id: O_DST_GROUP,
    },
];

/// `f_devgroups`.
const DEVGROUPS_FILE: &str = "/etc/iproute2/group";

/// `xtables_lmap_init`'s parse of one line: `id name` (the id decimal or `0x` hex, 0 to 255),
/// blanks around, `#` comments.
pub(crate) fn lmap_line(line: &[u8]) -> Option<(u32, String)> {
    let space = |c: &u8| c.is_ascii_whitespace() || *c == 0x0b;
    let mut cur = line;
    while cur.first().is_some_and(space) {
        cur = &cur[1..];
    }
    if matches!(cur.first(), None | Some(b'#' | b'\n')) {
        return None;
    }
    // `strtoul(cur, &nxt, strncmp(cur, "0x", 2) == 0 ? 16 : 10)` into an `int`.
    let (hex, digits) = match cur.strip_prefix(b"0x") {
        Some(d) => (true, d),
        None => (false, cur),
    };
    let radix = if hex { 16 } else { 10 };
    // A sign is taken by strtoul (and makes the value negative, so out of range here).
    let (neg, body) = match digits.first() {
        Some(b'-') => (true, &digits[1..]),
        Some(b'+') => (false, &digits[1..]),
        _ => (false, digits),
    };
    let n = body
        .iter()
        .take_while(|c| (**c as char).is_digit(radix))
        .count();
    if n == 0 {
        // "0x" with no hex digit after it: strtoul reads the "0" (and stops at "x").
        if !hex || neg {
            return None;
        }
        return lmap_rest(&cur[1..], 0);
    }
    let text = std::str::from_utf8(&body[..n]).ok()?;
    // An overflow is ERANGE: the line is skipped, as upstream.
    let v = u64::from_str_radix(text, radix).ok()?;
    let v = if neg { v.wrapping_neg() } else { v };
    // CAST: C's `int id = strtoul(...)`, then `id < 0 || id > 255` skips the line.
    let id = v as u32 as i32;
    let id = u32::try_from(id).ok().filter(|v| *v <= 255)?;
    let consumed = digits.len() - body.len() + n + if hex { 2 } else { 0 };
    lmap_rest(&cur[consumed..], id)
}

/// The name after an lmap id: blanks first, then the word up to the next blank.
fn lmap_rest(rest: &[u8], id: u32) -> Option<(u32, String)> {
    let space = |c: &u8| c.is_ascii_whitespace() || *c == 0x0b;
    if !rest.first().is_some_and(space) {
        return None;
    }
    let mut cur = rest;
    while cur.first().is_some_and(space) {
        cur = &cur[1..];
    }
    if matches!(cur.first(), None | Some(b'#' | b'\n')) {
        return None;
    }
    let n = cur.iter().take_while(|c| !space(c)).count();
    Some((id, String::from_utf8_lossy(&cur[..n]).into_owned()))
}

/// `xtables_lmap_init(file)` and the `_init` warning: the names of `file` (`None` without the
/// file or without any valid line). A file that exists but cannot be read is reported as
/// upstream's `_init` does.
pub(crate) fn lmap_file(file: &str) -> Option<Vec<(u32, String)>> {
    match std::fs::read(file) {
        Ok(text) => {
            // `fgets` with a 512-byte buffer: longer lines are read in pieces.
            let mut v = Vec::new();
            for line in text.split(|&c| c == b'\n') {
                for piece in line.chunks(511) {
                    v.extend(lmap_line(piece));
                }
            }
            (!v.is_empty()).then_some(v)
        }
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                let msg = e.to_string();
                let msg = msg.split(" (os error").next().unwrap_or(&msg);
                eprintln!("Warning: {file}: {msg}");
            }
            None
        }
    }
}

/// `devgroups`: the names of `/etc/iproute2/group`, read once.
fn devgroups() -> Option<&'static [(u32, String)]> {
    static MAP: OnceLock<Option<Vec<(u32, String)>>> = OnceLock::new();
    MAP.get_or_init(|| lmap_file(DEVGROUPS_FILE)).as_deref()
}

/// `xtables_parse_val_mask` with the group names: `value[/mask]` or a name.
fn parse_val_mask(opt: &str, arg: &str, lmap: Option<&[(u32, String)]>) -> Result<(u32, u32)> {
    parse_val_mask_for("devgroup", opt, arg, lmap)
}

/// `xtables_parse_val_mask` for extension `ext`'s option `--opt`.
pub(crate) fn parse_val_mask_for(
    ext: &str,
    opt: &str,
    arg: &str,
    lmap: Option<&[(u32, String)]>,
) -> Result<(u32, u32)> {
    let bad = || {
        Error::param(format!(
            "{ext}: bad integer value for option \"--{opt}\", or out of range.\n"
        ))
    };
    let name2val = |lmap: &[(u32, String)]| {
        lmap.iter()
            .find(|(_, n)| n == arg)
            .map(|(id, _)| (*id, u32::MAX))
            .ok_or_else(|| {
                Error::param(format!(
                    "{ext}: could not map name {arg} to an integer value for option \"--{opt}\".\n"
                ))
            })
    };
    let max = u64::from(u32::MAX);
    let Some((v, rest)) = names::xt_strtoul_end(arg, 0, max) else {
        return match lmap {
            Some(l) => name2val(l),
            None => Err(bad()),
        };
    };
    // CAST: at most `u32::MAX`.
    let v = v as u32;
    if rest.is_empty() {
        return Ok((v, u32::MAX));
    }
    let Some(m) = rest.strip_prefix('/') else {
        return match lmap {
            Some(l) => name2val(l),
            None => Err(Error::param(format!(
                "{ext}: trailing garbage after value for option \"--{opt}\".\n"
            ))),
        };
    };
    let (mask, rest) = names::xt_strtoul_end(m, 0, max).ok_or_else(bad)?;
    if !rest.is_empty() {
        return Err(Error::param(format!(
            "{ext}: trailing garbage after value for option \"--{opt}\".\n"
        )));
    }
    // CAST: at most `u32::MAX`.
    Ok((v, mask as u32))
}

/// `xtables_print_val_mask`.
pub(crate) fn print_val_mask(
    out: &mut String,
    val: u32,
    mask: u32,
    lmap: Option<&[(u32, String)]>,
) {
    if mask != u32::MAX {
        out.push_str(&format!(" 0x{val:x}/0x{mask:x}"));
        return;
    }
    if let Some((_, name)) = lmap.and_then(|l| l.iter().find(|(id, _)| *id == val)) {
        out.push(' ');
        out.push_str(name);
        return;
    }
    out.push_str(&format!(" 0x{val:x}"));
}

fn get(data: &[u8]) -> XtDevgroupInfo {
    XtDevgroupInfo::decode(data).unwrap_or_default()
}

/// `devgroup_show`.
fn show(out: &mut String, pfx: &str, i: &XtDevgroupInfo, lmap: Option<&[(u32, String)]>) {
    if i.flags & flags::MATCH_SRC != 0 {
        if i.flags & flags::INVERT_SRC != 0 {
            out.push_str(" !");
        }
        out.push_str(&format!(" {pfx}src-group"));
        print_val_mask(out, i.src_group, i.src_mask, lmap);
    }
    if i.flags & flags::MATCH_DST != 0 {
        if i.flags & flags::INVERT_DST != 0 {
            out.push_str(" !");
        }
        out.push_str(&format!(" {pfx}dst-group"));
        print_val_mask(out, i.dst_group, i.dst_mask, lmap);
    }
}

impl Extension for Devgroup {
    fn name(&self) -> &'static str {
        "devgroup"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `devgroup_parse`.
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
        option_check("devgroup", o, flags, invert, true)?;
        let (group, mask) = parse_val_mask(o.name, arg.unwrap_or(""), devgroups())?;
        let mut i = get(data);
        if id == O_SRC_GROUP {
            (i.src_group, i.src_mask) = (group, mask);
            i.flags |= flags::MATCH_SRC;
            if invert {
                i.flags |= flags::INVERT_SRC;
            }
        } else {
            (i.dst_group, i.dst_mask) = (group, mask);
            i.flags |= flags::MATCH_DST;
            if invert {
                i.flags |= flags::INVERT_DST;
            }
        }
        data[..XT_DEVGROUP_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `devgroup_check`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param(
                "devgroup match: You must specify either '--src-group' or '--dst-group'",
            ));
        }
        Ok(())
    }
    /// `devgroup_print`: names unless numeric.
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let lmap = if numeric { None } else { devgroups() };
        show(out, "", &get(data), lmap);
    }
    /// `devgroup_save`: with names (upstream saves as not numeric).
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        show(out, "--", &get(data), devgroups());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> Vec<(u32, String)> {
        vec![
            (0, "default".into()),
            (5, "five".into()),
            (5, "again".into()),
        ]
    }

    #[test]
    fn lmap_lines() {
        assert_eq!(lmap_line(b"0\tdefault"), Some((0, "default".into())));
        assert_eq!(lmap_line(b"  0x1f  hex # c"), Some((31, "hex".into())));
        assert_eq!(lmap_line(b"255 top extra"), Some((255, "top".into())));
        assert_eq!(lmap_line(b"+7 plus"), Some((7, "plus".into())));
        // A negative value converted to `int` modulo 2^32, as upstream.
        assert_eq!(lmap_line(b"-4294967295 one"), Some((1, "one".into())));
        for skip in [
            &b"# device group names"[..],
            b"",
            b"   ",
            b"256 big",
            b"-1 neg",
            b"-4294967040 wraps",
            b"5",
            b"5name",
            b"5 #name",
            b"x 5",
            b"99999999999999999999999 huge",
        ] {
            assert_eq!(lmap_line(skip), None, "{}", String::from_utf8_lossy(skip));
        }
        // "0x" with no hex digit: strtoul reads 0 and stops at the x, which is not a blank.
        assert_eq!(lmap_line(b"0x default"), None);
    }

    #[test]
    fn values_and_names() {
        let m = map();
        let l = Some(&m[..]);
        assert_eq!(parse_val_mask("src-group", "5", l), Ok((5, u32::MAX)));
        assert_eq!(parse_val_mask("src-group", "0x10/0x10", l), Ok((16, 16)));
        assert_eq!(parse_val_mask("src-group", "default", l), Ok((0, u32::MAX)));
        assert_eq!(parse_val_mask("src-group", "five", l), Ok((5, u32::MAX)));
        assert_eq!(
            parse_val_mask("src-group", "nosuch", l).unwrap_err().msg,
            "devgroup: could not map name nosuch to an integer value for option \"--src-group\".\n"
        );
        assert_eq!(
            parse_val_mask("dst-group", "5x", l).unwrap_err().msg,
            "devgroup: could not map name 5x to an integer value for option \"--dst-group\".\n"
        );
        assert_eq!(
            parse_val_mask("dst-group", "5/x", l).unwrap_err().msg,
            "devgroup: bad integer value for option \"--dst-group\", or out of range.\n"
        );
        assert_eq!(
            parse_val_mask("dst-group", "5/1x", l).unwrap_err().msg,
            "devgroup: trailing garbage after value for option \"--dst-group\".\n"
        );
        // Without names.
        assert_eq!(
            parse_val_mask("src-group", "five", None).unwrap_err().msg,
            "devgroup: bad integer value for option \"--src-group\", or out of range.\n"
        );
        assert_eq!(
            parse_val_mask("src-group", "5x", None).unwrap_err().msg,
            "devgroup: trailing garbage after value for option \"--src-group\".\n"
        );
        assert_eq!(
            parse_val_mask("src-group", "4294967296", None)
                .unwrap_err()
                .msg,
            "devgroup: bad integer value for option \"--src-group\", or out of range.\n"
        );
    }

    #[test]
    fn print_and_save() {
        let m = map();
        let i = XtDevgroupInfo {
            flags: flags::ALL,
            src_group: 5,
            src_mask: u32::MAX,
            dst_group: 3,
            dst_mask: 0xf,
        };
        let mut s = String::new();
        show(&mut s, "--", &i, Some(&m));
        assert_eq!(s, " ! --src-group five ! --dst-group 0x3/0xf");
        let mut s = String::new();
        show(&mut s, "", &i, None);
        assert_eq!(s, " ! src-group 0x5 ! dst-group 0x3/0xf");
        // Flags without MATCH print nothing.
        let mut s = String::new();
        let i = XtDevgroupInfo {
            flags: flags::INVERT_SRC | flags::INVERT_DST,
            ..i
        };
        show(&mut s, "--", &i, Some(&m));
        assert_eq!(s, "");
    }
}
