// SPDX-License-Identifier: GPL-2.0

//! The `SET` target (libxt_SET, iptables 1.8.9). Against this kernel iptables-legacy sends
//! revision 3 (`struct xt_set_info_target_v3`: `--add-set`, `--del-set`, `--exist`,
//! `--timeout`, `--map-set` with `--map-mark`, `--map-prio`, `--map-queue`), the only one
//! printed. Set names become indexes, and back, as the `set` match's do.

use super::set::{get_set_byid, get_set_byname, parse_dirs};
use super::{ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::set::{cmdflags, XtSetInfo, IPSET_INVALID_ID, IPSET_MAXNAMELEN};
use oxtables_engine::ext::set_tg::{XtSetInfoTarget, XT_SET_INFO_TARGET_V3_SIZE};
use oxtables_engine::ext::ExtKind;

/// `-j SET` (revision 3).
pub struct SetTg;

const O_ADD_SET: u32 = 1;
const O_DEL_SET: u32 = 2;
const O_EXIST: u32 = 3;
const O_TIMEOUT: u32 = 4;
const O_MAP_SET: u32 = 5;
const O_MAP_MARK: u32 = 6;
const O_MAP_PRIO: u32 = 7;
const O_MAP_QUEUE: u32 = 8;

/// `SET_TARGET_ADD` ... `SET_TARGET_MAP_QUEUE`: the parser's `flags`.
const SET_TARGET_ADD: u32 = 0x1;
const SET_TARGET_DEL: u32 = 0x2;
const SET_TARGET_EXIST: u32 = 0x4;
const SET_TARGET_TIMEOUT: u32 = 0x8;
const SET_TARGET_MAP: u32 = 0x10;
const SET_TARGET_MAP_MARK: u32 = 0x20;
const SET_TARGET_MAP_PRIO: u32 = 0x40;
const SET_TARGET_MAP_QUEUE: u32 = 0x80;

/// `set_target_opts_v3`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "add-set",
        has_arg: true,
        id: O_ADD_SET,
    },
    OptDef {
        name: "del-set",
        has_arg: true,
        id: O_DEL_SET,
    },
    OptDef {
        name: "exist",
        has_arg: false,
        id: O_EXIST,
    },
    OptDef {
        name: "timeout",
        has_arg: true,
        id: O_TIMEOUT,
    },
    OptDef {
        name: "map-set",
        has_arg: true,
        id: O_MAP_SET,
    },
    OptDef {
        name: "map-mark",
        has_arg: false,
        id: O_MAP_MARK,
    },
    OptDef {
        name: "map-prio",
        has_arg: false,
        id: O_MAP_PRIO,
    },
    OptDef {
        name: "map-queue",
        has_arg: false,
        id: O_MAP_QUEUE,
    },
];

fn get(data: &[u8]) -> XtSetInfoTarget {
    XtSetInfoTarget::decode(data, 3).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtSetInfoTarget) {
    data[..XT_SET_INFO_TARGET_V3_SIZE].copy_from_slice(&i.encode_v3());
}

/// `parse_target`: the set's name (then looked up in the kernel) and the next word's
/// directions. `!` before the option is ignored, as upstream ignores it.
fn parse_target(
    arg: Option<&str>,
    more: &mut dyn ArgSource,
    info: &mut XtSetInfo,
    what: &str,
) -> Result<()> {
    if info.dim != 0 {
        return Err(Error::param(format!("--{what} can be specified only once")));
    }
    let dirs = more
        .next_arg()
        .filter(|d| !d.starts_with('-') && !d.starts_with('!'))
        .ok_or_else(|| Error::param(format!("--{what} requires two args.")))?;
    let name = arg.unwrap_or("");
    if name.len() > IPSET_MAXNAMELEN - 1 {
        return Err(Error::param(format!(
            "setname `{name}' too long, max {} characters.",
            IPSET_MAXNAMELEN - 1
        )));
    }
    info.index = get_set_byname(name)?;
    parse_dirs(&dirs, info)
}

/// `print_target`.
fn print_target(prefix: &str, info: &XtSetInfo, out: &mut String) {
    if info.index == IPSET_INVALID_ID {
        return;
    }
    let name = get_set_byid(info.index).unwrap_or_else(|e| e);
    out.push_str(&format!(" {prefix} {name}"));
    for d in 1..=info.dim {
        out.push_str(if d == 1 { " " } else { "," });
        // `1 << i` of an int: dimensions past 7 test no bit of the byte.
        let src = d < 8 && u32::from(info.flags) & (1u32 << d) != 0;
        out.push_str(if src { "src" } else { "dst" });
    }
}

/// `set_target_print_v3` (`sep` empty) and `set_target_save_v3` (`sep` `--`).
fn print_info(i: &XtSetInfoTarget, sep: &str, out: &mut String) {
    print_target(&format!("{sep}add-set"), &i.add_set, out);
    if i.flags & cmdflags::EXIST != 0 {
        out.push_str(&format!(" {sep}exist"));
    }
    if i.timeout != u32::MAX {
        out.push_str(&format!(" {sep}timeout {}", i.timeout));
    }
    print_target(&format!("{sep}del-set"), &i.del_set, out);
    print_target(&format!("{sep}map-set"), &i.map_set, out);
    for (f, name) in [
        (cmdflags::MAP_SKBMARK, "map-mark"),
        (cmdflags::MAP_SKBPRIO, "map-prio"),
        (cmdflags::MAP_SKBQUEUE, "map-queue"),
    ] {
        if i.flags & f != 0 {
            out.push_str(&format!(" {sep}{name}"));
        }
    }
}

/// `set_target_check_v3`.
fn check(flags: u32) -> Result<()> {
    if flags & (SET_TARGET_ADD | SET_TARGET_DEL | SET_TARGET_MAP) == 0 {
        return Err(Error::param(
            "You must specify either `--add-set' or `--del-set' or `--map-set'",
        ));
    }
    if flags & SET_TARGET_ADD == 0 {
        if flags & SET_TARGET_EXIST != 0 {
            return Err(Error::param(
                "Flag `--exist' can be used with `--add-set' only",
            ));
        }
        if flags & SET_TARGET_TIMEOUT != 0 {
            return Err(Error::param(
                "Option `--timeout' can be used with `--add-set' only",
            ));
        }
    }
    if flags & SET_TARGET_MAP == 0 {
        for (f, name) in [
            (SET_TARGET_MAP_MARK, "map-mark"),
            (SET_TARGET_MAP_PRIO, "map-prio"),
            (SET_TARGET_MAP_QUEUE, "map-queue"),
        ] {
            if flags & f != 0 {
                return Err(Error::param(format!(
                    "Flag `--{name}' can be used with `--map-set' only"
                )));
            }
        }
    }
    if flags & SET_TARGET_MAP != 0
        && flags & (SET_TARGET_MAP_MARK | SET_TARGET_MAP_PRIO | SET_TARGET_MAP_QUEUE) == 0
    {
        return Err(Error::param(
            "You must specify flags `--map-mark' or '--map-prio` or `--map-queue'",
        ));
    }
    Ok(())
}

impl Extension for SetTg {
    fn name(&self) -> &'static str {
        "SET"
    }
    fn revision(&self) -> u8 {
        3
    }
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `set_target_init_v3`.
    fn init(&self, data: &mut [u8]) {
        put(data, &XtSetInfoTarget::default());
    }
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        _invert: bool,
        flags: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        more: &mut dyn ArgSource,
    ) -> Result<()> {
        let mut i = get(data);
        match id {
            O_ADD_SET => {
                parse_target(arg, more, &mut i.add_set, "add-set")?;
                *flags |= SET_TARGET_ADD;
            }
            O_DEL_SET => {
                parse_target(arg, more, &mut i.del_set, "del-set")?;
                *flags |= SET_TARGET_DEL;
            }
            O_EXIST => {
                i.flags |= cmdflags::EXIST;
                *flags |= SET_TARGET_EXIST;
            }
            O_TIMEOUT => {
                let max = u64::from(u32::MAX - 1);
                let t = crate::names::strtoui(arg.unwrap_or(""), 0, max).ok_or_else(|| {
                    Error::param(format!(
                        "Invalid value for option --timeout or out of range 0-{max}"
                    ))
                })?;
                // CAST: at most `UINT32_MAX - 1`.
                i.timeout = t as u32;
                *flags |= SET_TARGET_TIMEOUT;
            }
            O_MAP_SET => {
                parse_target(arg, more, &mut i.map_set, "map-set")?;
                *flags |= SET_TARGET_MAP;
            }
            O_MAP_MARK => {
                i.flags |= cmdflags::MAP_SKBMARK;
                *flags |= SET_TARGET_MAP_MARK;
            }
            O_MAP_PRIO => {
                i.flags |= cmdflags::MAP_SKBPRIO;
                *flags |= SET_TARGET_MAP_PRIO;
            }
            _ => {
                i.flags |= cmdflags::MAP_SKBQUEUE;
                *flags |= SET_TARGET_MAP_QUEUE;
            }
        }
        put(data, &i);
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        check(flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        print_info(&get(data), "", out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        print_info(&get(data), "--", out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_check_messages_in_order() {
        let e = |f: u32| check(f).unwrap_err().msg;
        assert_eq!(
            e(0),
            "You must specify either `--add-set' or `--del-set' or `--map-set'"
        );
        assert_eq!(
            e(SET_TARGET_EXIST | SET_TARGET_MAP_MARK),
            "You must specify either `--add-set' or `--del-set' or `--map-set'"
        );
        assert_eq!(
            e(SET_TARGET_DEL | SET_TARGET_EXIST | SET_TARGET_TIMEOUT),
            "Flag `--exist' can be used with `--add-set' only"
        );
        assert_eq!(
            e(SET_TARGET_DEL | SET_TARGET_TIMEOUT | SET_TARGET_MAP_MARK),
            "Option `--timeout' can be used with `--add-set' only"
        );
        assert_eq!(
            e(SET_TARGET_ADD | SET_TARGET_MAP_QUEUE),
            "Flag `--map-queue' can be used with `--map-set' only"
        );
        assert_eq!(
            e(SET_TARGET_ADD | SET_TARGET_MAP_PRIO | SET_TARGET_MAP_QUEUE),
            "Flag `--map-prio' can be used with `--map-set' only"
        );
        assert_eq!(
            e(SET_TARGET_MAP | SET_TARGET_EXIST | SET_TARGET_ADD),
            "You must specify flags `--map-mark' or '--map-prio` or `--map-queue'"
        );
        assert!(check(SET_TARGET_MAP | SET_TARGET_MAP_PRIO).is_ok());
        assert!(check(SET_TARGET_ADD | SET_TARGET_EXIST | SET_TARGET_TIMEOUT).is_ok());
        assert!(check(SET_TARGET_DEL).is_ok());
    }

    #[test]
    fn printed_without_sets() {
        // Flags and timeout print even without an add set; sets of no index print nothing.
        let i = XtSetInfoTarget {
            flags: cmdflags::EXIST | cmdflags::MAP_SKBMARK | cmdflags::MAP_SKBQUEUE,
            timeout: 0,
            ..XtSetInfoTarget::default()
        };
        let mut s = String::new();
        print_info(&i, "--", &mut s);
        assert_eq!(s, " --exist --timeout 0 --map-mark --map-queue");
        let mut s = String::new();
        print_info(&XtSetInfoTarget::default(), "", &mut s);
        assert_eq!(s, "");
        let mut data = [0u8; 24];
        SetTg.init(&mut data);
        assert_eq!(get(&data), XtSetInfoTarget::default());
        assert_eq!(&data[..4], &[0xff, 0xff, 0, 0]);
    }
}
