// SPDX-License-Identifier: GPL-2.0

//! The `connmark` match and the `CONNMARK` target (libxt_connmark, libxt_CONNMARK, iptables
//! 1.8.9).
//!
//! Revisions: the kernel has `connmark` revision 1 and `CONNMARK` revisions 1 and 2;
//! iptables-legacy 1.8.9 sends `connmark` revision 1 (`struct xt_connmark_mtinfo1`) and
//! `CONNMARK` revision 2 (`struct xt_connmark_tginfo2`, with the shift options).

use super::mark::{excl_check, parse_mark_mask, parse_mtinfo1, parse_uint, print_mark_mask};
use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::connmark::{mode, XtConnmarkMtinfo1, XtConnmarkTginfo, D_SHIFT_LEFT};
use oxtables_engine::ext::connmark::{D_SHIFT_RIGHT, XT_CONNMARK_TGINFO2_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-m connmark` (revision 1).
pub struct Connmark;

/// `-j CONNMARK` (revision 2).
pub struct ConnmarkTg;

/// `connmark_mt_opts`.
static MT_OPTS: &[OptDef] = &[OptDef {
    name: "mark",
    has_arg: true,
    id: 0,
}];

fn get_mt(data: &[u8]) -> XtConnmarkMtinfo1 {
    XtConnmarkMtinfo1::decode(data).unwrap_or_default()
}

impl Extension for Connmark {
    fn name(&self) -> &'static str {
        "connmark"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn opts(&self) -> &'static [OptDef] {
        MT_OPTS
    }
    /// `connmark_mt_parse`.
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
        parse_mtinfo1("connmark", MT_OPTS, id, arg, invert, flags, data)
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("connmark", &MT_OPTS[0], flags)
    }
    /// `connmark_mt_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get_mt(data);
        out.push_str(" connmark match ");
        if i.invert != 0 {
            out.push('!');
        }
        print_mark_mask(out, i.mark, i.mask);
    }
    /// `connmark_mt_save`.
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
const O_SAVE_MARK: u32 = 1;
const O_RESTORE_MARK: u32 = 2;
const O_AND_MARK: u32 = 3;
const O_OR_MARK: u32 = 4;
const O_XOR_MARK: u32 = 5;
const O_LEFT_SHIFT_MARK: u32 = 6;
const O_RIGHT_SHIFT_MARK: u32 = 7;
const O_SET_XMARK: u32 = 8;
const O_CTMASK: u32 = 9;
const O_NFMASK: u32 = 10;
const O_MASK: u32 = 11;

/// `F_OP_ANY`.
const F_OP_ANY: u32 = 1 << O_SET_MARK
    | 1 << O_SAVE_MARK
    | 1 << O_RESTORE_MARK
    | 1 << O_AND_MARK
    | 1 << O_OR_MARK
    | 1 << O_XOR_MARK
    | 1 << O_SET_XMARK;

/// Each option's `.excl` in `connmark_tg_opts_v2`.
fn excl(id: u32) -> u32 {
    match id {
        O_CTMASK | O_NFMASK => 1 << O_MASK,
        O_MASK => 1 << O_CTMASK | 1 << O_NFMASK,
        O_LEFT_SHIFT_MARK | O_RIGHT_SHIFT_MARK => 0,
        _ => F_OP_ANY,
    }
}

const fn opt(name: &'static str, has_arg: bool, id: u32) -> OptDef {
    OptDef { name, has_arg, id }
}

/// `connmark_tg_opts_v2`, in its order.
static TG_OPTS: &[OptDef] = &[
    opt("set-xmark", true, O_SET_XMARK),
    opt("set-mark", true, O_SET_MARK),
    opt("and-mark", true, O_AND_MARK),
    opt("or-mark", true, O_OR_MARK),
    opt("xor-mark", true, O_XOR_MARK),
    opt("save-mark", false, O_SAVE_MARK),
    opt("restore-mark", false, O_RESTORE_MARK),
    opt("left-shift-mark", true, O_LEFT_SHIFT_MARK),
    opt("right-shift-mark", true, O_RIGHT_SHIFT_MARK),
    opt("ctmask", true, O_CTMASK),
    opt("nfmask", true, O_NFMASK),
    opt("mask", true, O_MASK),
];

fn get_tg(data: &[u8]) -> XtConnmarkTginfo {
    XtConnmarkTginfo::decode(2, data).unwrap_or_default()
}

fn put_tg(data: &mut [u8], t: &XtConnmarkTginfo) {
    data[..XT_CONNMARK_TGINFO2_SIZE].copy_from_slice(&t.encode(2));
}

/// `xt_connmark_shift_ops`.
fn shift_op(dir: u8) -> &'static str {
    if dir == D_SHIFT_RIGHT {
        "right-shift-mark"
    } else {
        "left-shift-mark"
    }
}

impl Extension for ConnmarkTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "CONNMARK"
    }
    fn revision(&self) -> u8 {
        2
    }
    fn opts(&self) -> &'static [OptDef] {
        TG_OPTS
    }
    /// `connmark_tg_init_v2`.
    fn init(&self, data: &mut [u8]) {
        put_tg(
            data,
            &XtConnmarkTginfo {
                ctmask: u32::MAX,
                nfmask: u32::MAX,
                shift_dir: D_SHIFT_LEFT,
                ..XtConnmarkTginfo::default()
            },
        );
    }
    /// `connmark_tg_parse_v2`.
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
        const EXT: &str = "CONNMARK";
        let opt = opt_by_id(TG_OPTS, id);
        option_check(EXT, opt, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get_tg(data);
        let u32_arg = || parse_uint(EXT, opt.name, arg, u32::MAX);
        match id {
            O_SET_XMARK => {
                i.mode = mode::SET;
                (i.ctmark, i.ctmask) = parse_mark_mask(EXT, opt.name, arg)?;
            }
            O_SET_MARK => {
                let (mark, mask) = parse_mark_mask(EXT, opt.name, arg)?;
                i.mode = mode::SET;
                i.ctmark = mark;
                i.ctmask = mark | mask;
            }
            O_AND_MARK => {
                let v = u32_arg()?;
                i.mode = mode::SET;
                (i.ctmark, i.ctmask) = (0, !v);
            }
            O_OR_MARK => {
                let v = u32_arg()?;
                i.mode = mode::SET;
                (i.ctmark, i.ctmask) = (v, v);
            }
            O_XOR_MARK => {
                let v = u32_arg()?;
                i.mode = mode::SET;
                (i.ctmark, i.ctmask) = (v, 0);
            }
            O_SAVE_MARK => i.mode = mode::SAVE,
            O_RESTORE_MARK => i.mode = mode::RESTORE,
            O_CTMASK => i.ctmask = u32_arg()?,
            O_NFMASK => i.nfmask = u32_arg()?,
            O_MASK => {
                let v = u32_arg()?;
                i.nfmask = v;
                i.ctmask = v;
            }
            _ => {
                // `XTTYPE_UINT8` with `.max = 32`.
                let v = parse_uint(EXT, opt.name, arg, 32)?;
                i.shift_dir = if id == O_RIGHT_SHIFT_MARK {
                    D_SHIFT_RIGHT
                } else {
                    D_SHIFT_LEFT
                };
                // CAST: at most 32.
                i.shift_bits = v as u8;
            }
        }
        put_tg(data, &i);
        Ok(())
    }
    /// `connmark_tg_check`, then `xtables_options_fcheck`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & F_OP_ANY == 0 {
            return Err(Error::param("CONNMARK target: No operation specified"));
        }
        excl_check("CONNMARK", TG_OPTS, &excl, flags)
    }
    /// `connmark_tg_print_v2`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get_tg(data);
        let s = match i.mode {
            mode::SET => {
                if i.ctmark == 0 {
                    format!(" CONNMARK and 0x{:x}", !i.ctmask)
                } else if i.ctmark == i.ctmask {
                    format!(" CONNMARK or 0x{:x}", i.ctmark)
                } else if i.ctmask == 0 {
                    format!(" CONNMARK xor 0x{:x}", i.ctmark)
                } else if i.ctmask == u32::MAX {
                    format!(" CONNMARK set 0x{:x}", i.ctmark)
                } else {
                    format!(" CONNMARK xset 0x{:x}/0x{:x}", i.ctmark, i.ctmask)
                }
            }
            mode::SAVE => {
                if i.nfmask == u32::MAX && i.ctmask == u32::MAX {
                    " CONNMARK save".to_string()
                } else if i.nfmask == i.ctmask {
                    format!(" CONNMARK save mask 0x{:x}", i.nfmask)
                } else {
                    format!(
                        " CONNMARK save nfmask 0x{:x} ctmask ~0x{:x}",
                        i.nfmask, i.ctmask
                    )
                }
            }
            mode::RESTORE => {
                if i.ctmask == u32::MAX && i.nfmask == u32::MAX {
                    " CONNMARK restore".to_string()
                } else if i.ctmask == i.nfmask {
                    format!(" CONNMARK restore mask 0x{:x}", i.ctmask)
                } else {
                    format!(
                        " CONNMARK restore ctmask 0x{:x} nfmask ~0x{:x}",
                        i.ctmask, i.nfmask
                    )
                }
            }
            _ => " ERROR: UNKNOWN CONNMARK MODE".to_string(),
        };
        out.push_str(&s);
        if i.mode <= mode::RESTORE && i.shift_bits != 0 {
            out.push_str(&format!(" {} {}", shift_op(i.shift_dir), i.shift_bits));
        }
    }
    /// `connmark_tg_save_v2`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get_tg(data);
        let s = match i.mode {
            mode::SET => format!(" --set-xmark 0x{:x}/0x{:x}", i.ctmark, i.ctmask),
            mode::SAVE => format!(
                " --save-mark --nfmask 0x{:x} --ctmask 0x{:x}",
                i.nfmask, i.ctmask
            ),
            mode::RESTORE => format!(
                " --restore-mark --nfmask 0x{:x} --ctmask 0x{:x}",
                i.nfmask, i.ctmask
            ),
            _ => " ERROR: UNKNOWN CONNMARK MODE".to_string(),
        };
        out.push_str(&s);
        if i.mode <= mode::RESTORE && i.shift_bits != 0 {
            out.push_str(&format!(" --{} {}", shift_op(i.shift_dir), i.shift_bits));
        }
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
    fn connmark_print_and_save() {
        let mt = |mark, mask, invert| {
            let mut b = [0u8; 16];
            b[..12].copy_from_slice(&XtConnmarkMtinfo1 { mark, mask, invert }.encode());
            b
        };
        assert_eq!(
            listed(&Connmark, &mt(1, u32::MAX, 0)),
            (" connmark match  0x1".into(), " --mark 0x1".into())
        );
        assert_eq!(
            listed(&Connmark, &mt(1, 3, 1)),
            (
                " connmark match ! 0x1/0x3".into(),
                " ! --mark 0x1/0x3".into()
            )
        );
    }

    #[test]
    fn connmark_target_print() {
        let t = |m: u8, ctmark, ctmask, nfmask, dir, bits| {
            XtConnmarkTginfo {
                ctmark,
                ctmask,
                nfmask,
                shift_dir: dir,
                shift_bits: bits,
                mode: m,
            }
            .encode(2)
        };
        let p = |b: [u8; 16]| listed(&ConnmarkTg, &b).0;
        let all = u32::MAX;
        assert_eq!(p(t(0, 0, 0xff, 0, 0, 0)), " CONNMARK and 0xffffff00");
        assert_eq!(p(t(0, 4, 4, 0, 0, 0)), " CONNMARK or 0x4");
        assert_eq!(p(t(0, 4, 0, 0, 0, 0)), " CONNMARK xor 0x4");
        assert_eq!(p(t(0, 4, all, 0, 0, 0)), " CONNMARK set 0x4");
        assert_eq!(p(t(0, 4, 0xf4, 0, 0, 0)), " CONNMARK xset 0x4/0xf4");
        assert_eq!(p(t(1, 0, all, all, 0, 0)), " CONNMARK save");
        assert_eq!(p(t(1, 0, 0xff, 0xff, 0, 0)), " CONNMARK save mask 0xff");
        assert_eq!(
            p(t(1, 0, 0xff, 0xf0, 0, 0)),
            " CONNMARK save nfmask 0xf0 ctmask ~0xff"
        );
        assert_eq!(
            p(t(2, 0, all, all, 1, 8)),
            " CONNMARK restore right-shift-mark 8"
        );
        assert_eq!(
            p(t(2, 0, 0xff, 0xff, 0, 4)),
            " CONNMARK restore mask 0xff left-shift-mark 4"
        );
        assert_eq!(
            p(t(2, 0, 0xff, 0xf0, 0, 0)),
            " CONNMARK restore ctmask 0xff nfmask ~0xf0"
        );
        assert_eq!(
            listed(&ConnmarkTg, &t(7, 0, 0, 0, 0, 3)),
            (
                " ERROR: UNKNOWN CONNMARK MODE".into(),
                " ERROR: UNKNOWN CONNMARK MODE".into()
            )
        );
        assert_eq!(
            listed(&ConnmarkTg, &t(1, 0, 2, 1, 1, 3)).1,
            " --save-mark --nfmask 0x1 --ctmask 0x2 --right-shift-mark 3"
        );
    }
}
