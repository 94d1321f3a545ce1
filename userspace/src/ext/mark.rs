// SPDX-License-Identifier: GPL-2.0

//! The `mark` match and the `MARK` target (libxt_mark, libxt_MARK, iptables 1.8.9).
//!
//! Revisions: the kernel has `mark` revision 1 and `MARK` revision 2 only, which is what
//! iptables-legacy 1.8.9 sends (`struct xt_mark_mtinfo1`, `struct xt_mark_tginfo2`). Every
//! `MARK` option becomes a (value, mask) pair of revision 2, saved as `--set-xmark`.
//!
//! Also the option helpers `libxt_connmark`/`libxt_CONNMARK` share with these:
//! `XTTYPE_MARKMASK32` and `XTTYPE_UINT32` parsing, `xtables_print_mark_mask`, and the `.excl`
//! test of `xtables_options_fcheck`.

use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::mark::{XtMarkMtinfo1, XtMarkTginfo2};
use oxtables_engine::ext::ExtKind;

/// `-m mark` (revision 1).
pub struct Mark;

/// `-j MARK` (revision 2).
pub struct MarkTg;

/// `XTTYPE_MARKMASK32` (`xtables_parse_val_mask` without a name map): `value[/mask]`, the
/// mask all ones when absent.
pub(crate) fn parse_mark_mask(ext: &str, opt: &str, arg: &str) -> Result<(u32, u32)> {
    let bad = || {
        Error::param(format!(
            "{ext}: bad integer value for option \"--{opt}\", or out of range.\n"
        ))
    };
    let garbage = || {
        Error::param(format!(
            "{ext}: trailing garbage after value for option \"--{opt}\".\n"
        ))
    };
    let max = u64::from(u32::MAX);
    let (v, rest) = names::xt_strtoul_end(arg, 0, max).ok_or_else(bad)?;
    // CAST: `v <= u32::MAX`.
    let v = v as u32;
    if rest.is_empty() {
        return Ok((v, u32::MAX));
    }
    let Some(m) = rest.strip_prefix('/') else {
        return Err(garbage());
    };
    let (mask, rest) = names::xt_strtoul_end(m, 0, max).ok_or_else(bad)?;
    if !rest.is_empty() {
        return Err(garbage());
    }
    // CAST: `mask <= u32::MAX`.
    Ok((v, mask as u32))
}

/// `xtopt_parse_int` for an option of type `XTTYPE_UINT8`/`XTTYPE_UINT32` (range 0 to `max`).
pub(crate) fn parse_uint(ext: &str, opt: &str, arg: &str, max: u32) -> Result<u32> {
    names::xt_strtoul(arg, 0, u64::from(max))
        // CAST: the value is at most `max`.
        .map(|v| v as u32)
        .ok_or_else(|| {
            Error::param(format!(
                "{ext}: bad value for option \"--{opt}\", or out of range (0-{max}).\n"
            ))
        })
}

/// `xtables_print_mark_mask`.
pub(crate) fn print_mark_mask(out: &mut String, mark: u32, mask: u32) {
    if mask != u32::MAX {
        out.push_str(&format!(" 0x{mark:x}/0x{mask:x}"));
    } else {
        out.push_str(&format!(" 0x{mark:x}"));
    }
}

/// The `.excl` part of `xtables_options_fcheck`: for each option given, in table order, the
/// first other option (by id) it excludes that was given too. `excl` is each option's `.excl`
/// mask, by id.
pub(crate) fn excl_check(
    ext: &str,
    opts: &'static [OptDef],
    excl: &dyn Fn(u32) -> u32,
    flags: u32,
) -> Result<()> {
    for e in opts {
        if flags & (1 << e.id) == 0 {
            continue;
        }
        for i in 0..32 {
            if i == e.id || excl(e.id) & (1 << i) == 0 || flags & (1 << i) == 0 {
                continue;
            }
            if let Some(other) = opts.iter().find(|o| o.id == i) {
                return Err(Error::param(format!(
                    "{ext}: option \"--{}\" cannot be used together with \"--{}\".\n",
                    e.name, other.name
                )));
            }
        }
    }
    Ok(())
}

const O_MARK: u32 = 0;

/// `mark_mt_opts`.
static MARK_OPTS: &[OptDef] = &[OptDef {
    name: "mark",
    has_arg: true,
    id: O_MARK,
}];

fn get_mt(data: &[u8]) -> XtMarkMtinfo1 {
    XtMarkMtinfo1::decode(data).unwrap_or_default()
}

/// `mark_mt_parse` (also `connmark_mt_parse`, which is the same on the same layout).
pub(crate) fn parse_mtinfo1(
    ext: &str,
    opts: &'static [OptDef],
    id: u32,
    arg: Option<&str>,
    invert: bool,
    flags: &mut u32,
    data: &mut [u8],
) -> Result<()> {
    let opt = opt_by_id(opts, id);
    option_check(ext, opt, flags, invert, true)?;
    let (mark, mask) = parse_mark_mask(ext, opt.name, arg.unwrap_or(""))?;
    let mut i = get_mt(data);
    if invert {
        i.invert = 1;
    }
    i.mark = mark;
    i.mask = mask;
    data[..i.encode().len()].copy_from_slice(&i.encode());
    Ok(())
}

impl Extension for Mark {
    fn name(&self) -> &'static str {
        "mark"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn opts(&self) -> &'static [OptDef] {
        MARK_OPTS
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
        parse_mtinfo1("mark", MARK_OPTS, id, arg, invert, flags, data)
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("mark", &MARK_OPTS[0], flags)
    }
    /// `mark_mt_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get_mt(data);
        out.push_str(" mark match");
        if i.invert != 0 {
            out.push_str(" !");
        }
        print_mark_mask(out, i.mark, i.mask);
    }
    /// `mark_mt_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get_mt(data);
        if i.invert != 0 {
            out.push_str(" !");
        }
        out.push_str(" --mark");
        print_mark_mask(out, i.mark, i.mask);
    }
}

const O_SET_MARK: u32 = 0;
const O_AND_MARK: u32 = 1;
const O_OR_MARK: u32 = 2;
const O_XOR_MARK: u32 = 3;
const O_SET_XMARK: u32 = 4;
/// `F_ANY`: every option excludes every other (and itself).
const F_ANY: u32 = 0x1f;

const fn opt(name: &'static str, id: u32) -> OptDef {
    OptDef {
        name,
        has_arg: true,
        id,
    }
}

/// `mark_tg_opts`, in its order.
static MARK_TG_OPTS: &[OptDef] = &[
    opt("set-xmark", O_SET_XMARK),
    opt("set-mark", O_SET_MARK),
    opt("and-mark", O_AND_MARK),
    opt("or-mark", O_OR_MARK),
    opt("xor-mark", O_XOR_MARK),
];

fn get_tg(data: &[u8]) -> XtMarkTginfo2 {
    XtMarkTginfo2::decode(data).unwrap_or_default()
}

impl Extension for MarkTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "MARK"
    }
    fn revision(&self) -> u8 {
        2
    }
    fn opts(&self) -> &'static [OptDef] {
        MARK_TG_OPTS
    }
    /// `mark_tg_parse`.
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
        let opt = opt_by_id(MARK_TG_OPTS, id);
        option_check("MARK", opt, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get_tg(data);
        match id {
            O_SET_XMARK => (i.mark, i.mask) = parse_mark_mask("MARK", opt.name, arg)?,
            O_SET_MARK => {
                let (mark, mask) = parse_mark_mask("MARK", opt.name, arg)?;
                i.mark = mark;
                i.mask = mark | mask;
            }
            _ => {
                let v = parse_uint("MARK", opt.name, arg, u32::MAX)?;
                (i.mark, i.mask) = match id {
                    O_AND_MARK => (0, !v),
                    O_OR_MARK => (v, v),
                    _ => (v, 0),
                };
            }
        }
        data[..8].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `mark_tg_check`, then `xtables_options_fcheck`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param(
                "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required",
            ));
        }
        excl_check("MARK", MARK_TG_OPTS, &|_| F_ANY, flags)
    }
    /// `mark_tg_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get_tg(data);
        let s = if i.mark == 0 {
            format!(" MARK and 0x{:x}", !i.mask)
        } else if i.mark == i.mask {
            format!(" MARK or 0x{:x}", i.mark)
        } else if i.mask == 0 {
            format!(" MARK xor 0x{:x}", i.mark)
        } else if i.mask == u32::MAX {
            format!(" MARK set 0x{:x}", i.mark)
        } else {
            format!(" MARK xset 0x{:x}/0x{:x}", i.mark, i.mask)
        };
        out.push_str(&s);
    }
    /// `mark_tg_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get_tg(data);
        out.push_str(&format!(" --set-xmark 0x{:x}/0x{:x}", i.mark, i.mask));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(e: &dyn Extension, data: &[u8]) -> (String, String) {
        let (mut p, mut s) = (String::new(), String::new());
        e.print(&IptIp::default(), data, true, &mut p);
        e.save(&IptIp::default(), data, &mut s);
        (p, s)
    }

    #[test]
    fn mark_print_and_save() {
        let mt = |mark, mask, invert| {
            let mut b = [0u8; 16];
            b[..12].copy_from_slice(&XtMarkMtinfo1 { mark, mask, invert }.encode());
            b
        };
        assert_eq!(
            listed(&Mark, &mt(0x10, u32::MAX, 0)),
            (" mark match 0x10".into(), " --mark 0x10".into())
        );
        assert_eq!(
            listed(&Mark, &mt(0x10, 0xf0, 1)),
            (
                " mark match ! 0x10/0xf0".into(),
                " ! --mark 0x10/0xf0".into()
            )
        );
        // Any non-zero invert byte prints as inverted.
        assert_eq!(listed(&Mark, &mt(0, 0, 2)).1, " ! --mark 0x0/0x0");
    }

    #[test]
    fn mark_target_print() {
        let tg = |mark, mask| XtMarkTginfo2 { mark, mask }.encode();
        let p = |mark, mask| listed(&MarkTg, &tg(mark, mask)).0;
        assert_eq!(p(0, 0xffff_ff0f), " MARK and 0xf0");
        assert_eq!(p(0, u32::MAX), " MARK and 0x0");
        assert_eq!(p(3, 3), " MARK or 0x3");
        assert_eq!(p(3, 0), " MARK xor 0x3");
        assert_eq!(p(5, u32::MAX), " MARK set 0x5");
        assert_eq!(p(5, 0xf5), " MARK xset 0x5/0xf5");
        assert_eq!(
            listed(&MarkTg, &tg(5, 0xf5)).1,
            " --set-xmark 0x5/0xf5".to_string()
        );
    }

    #[test]
    fn option_helpers() {
        assert_eq!(parse_mark_mask("m", "o", " 0x10/010"), Ok((0x10, 8)));
        assert_eq!(parse_mark_mask("m", "o", "5"), Ok((5, u32::MAX)));
        assert!(parse_mark_mask("m", "o", "").is_err());
        assert_eq!(parse_uint("m", "o", "32", 32), Ok(32));
        assert_eq!(
            parse_uint("m", "o", "33", 32).unwrap_err().msg,
            "m: bad value for option \"--o\", or out of range (0-32).\n"
        );
    }
}
