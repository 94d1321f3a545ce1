// SPDX-License-Identifier: GPL-2.0

//! The `owner` match (libxt_owner, iptables 1.8.9). The kernel registers only revision 1, so
//! iptables-legacy 1.8.9 sends `struct xt_owner_match_info` with its options (`--uid-owner`,
//! `--gid-owner`, `--socket-exists`, `--suppl-groups`); revision 0's `--pid-owner`,
//! `--sid-owner` and `--cmd-owner` are unknown options there.

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use crate::sys;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::owner::{flags, XtOwnerMatchInfo, XT_OWNER_MATCH_INFO_SIZE};

/// The `owner` match (revision 1).
pub struct Owner;

const O_USER: u32 = 0;
const O_GROUP: u32 = 1;
const O_SOCK_EXISTS: u32 = 2;
const O_SUPPL_GROUPS: u32 = 6;

/// `owner_mt_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "uid-owner",
        has_arg: true,
        id: O_USER,
    },
    OptDef {
        name: "gid-owner",
        has_arg: true,
        id: O_GROUP,
    },
    OptDef {
        name: "socket-exists",
        has_arg: false,
        id: O_SOCK_EXISTS,
    },
    OptDef {
        name: "suppl-groups",
        has_arg: false,
        id: O_SUPPL_GROUPS,
    },
];

fn get(data: &[u8]) -> XtOwnerMatchInfo {
    XtOwnerMatchInfo::decode(data).unwrap_or_default()
}

/// `xtables_param_act(XTF_BAD_VALUE, "owner", opt, value)`.
fn bad_value(opt: &str, value: &str) -> Error {
    Error::param(format!(
        "owner: Bad value for \"{opt}\" option: \"{value}\""
    ))
}

/// `owner_parse_range`: `id`, `id-id` or `id:id`, each 0 to `UINT32_MAX - 1` (-1 is reserved).
fn parse_range(s: &str, opt: &str) -> Result<(u32, u32)> {
    let max = u64::from(u32::MAX - 1);
    let (from, mut end) = names::xt_strtoul_end(s, 0, max).ok_or_else(|| bad_value(opt, s))?;
    let mut to = from;
    if let Some(rest) = end.strip_prefix(['-', ':']) {
        (to, end) = names::xt_strtoul_end(rest, 0, max).ok_or_else(|| bad_value(opt, s))?;
    }
    if !end.is_empty() {
        return Err(bad_value(opt, s));
    }
    // CAST: both at most `u32::MAX - 1`.
    Ok((from as u32, to as u32))
}

/// `owner_mt_print_item` for one flag (`label` printed after an optional ` !`).
fn print_item(i: &XtOwnerMatchInfo, label: &str, flag: u8, numeric: bool, out: &mut String) {
    if i.match_ & flag == 0 {
        return;
    }
    if i.invert & flag != 0 {
        out.push_str(" !");
    }
    out.push(' ');
    out.push_str(label);
    let (min, max, name): (u32, u32, fn(u32) -> Option<String>) = match flag {
        flags::UID => (i.uid_min, i.uid_max, sys::user_name),
        flags::GID => (i.gid_min, i.gid_max, sys::group_name),
        _ => return,
    };
    if min != max {
        out.push_str(&format!(" {min}-{max}"));
        return;
    }
    if !numeric {
        if let Some(n) = name(min) {
            out.push(' ');
            out.push_str(&n);
            return;
        }
    }
    out.push_str(&format!(" {min}"));
}

impl Extension for Owner {
    fn name(&self) -> &'static str {
        "owner"
    }
    fn revision(&self) -> u8 {
        1
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `owner_mt_parse`.
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
        option_check("owner", o, flags, invert, id != O_SUPPL_GROUPS)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        let inv = |bit: u8| if invert { bit } else { 0 };
        match id {
            O_USER => {
                let (from, to) = match sys::user_id(arg) {
                    Some(uid) => (uid, uid),
                    None => parse_range(arg, "--uid-owner")?,
                };
                i.invert |= inv(flags::UID);
                i.match_ |= flags::UID;
                (i.uid_min, i.uid_max) = (from, to);
            }
            O_GROUP => {
                let (from, to) = match sys::group_id(arg) {
                    Some(gid) => (gid, gid),
                    None => parse_range(arg, "--gid-owner")?,
                };
                i.invert |= inv(flags::GID);
                i.match_ |= flags::GID;
                (i.gid_min, i.gid_max) = (from, to);
            }
            O_SOCK_EXISTS => {
                i.invert |= inv(flags::SOCKET);
                i.match_ |= flags::SOCKET;
            }
            _ => {
                if i.match_ & flags::GID == 0 {
                    return Err(bad_value(
                        "--suppl-groups",
                        "you need to use --gid-owner first",
                    ));
                }
                i.match_ |= flags::SUPPL_GROUPS;
            }
        }
        data[..XT_OWNER_MATCH_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `owner_mt_check`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags == 0 {
            return Err(Error::param(
                "owner: At least one of --uid-owner, --gid-owner or --socket-exists is required",
            ));
        }
        Ok(())
    }
    /// `owner_mt_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let i = get(data);
        print_item(&i, "owner socket exists", flags::SOCKET, numeric, out);
        print_item(&i, "owner UID match", flags::UID, numeric, out);
        print_item(&i, "owner GID match", flags::GID, numeric, out);
        print_item(&i, "incl. suppl. groups", flags::SUPPL_GROUPS, numeric, out);
    }
    /// `owner_mt_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        print_item(&i, "--socket-exists", flags::SOCKET, true, out);
        print_item(&i, "--uid-owner", flags::UID, true, out);
        print_item(&i, "--gid-owner", flags::GID, true, out);
        print_item(&i, "--suppl-groups", flags::SUPPL_GROUPS, true, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(i: &XtOwnerMatchInfo, numeric: bool) -> (String, String) {
        let (mut p, mut s) = (String::new(), String::new());
        Owner.print(&IptIp::default(), &i.encode(), numeric, &mut p);
        Owner.save(&IptIp::default(), &i.encode(), &mut s);
        (p, s)
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("5", "--uid-owner"), Ok((5, 5)));
        assert_eq!(parse_range("0-10", "--uid-owner"), Ok((0, 10)));
        assert_eq!(parse_range("0x10:020", "--uid-owner"), Ok((16, 16)));
        assert_eq!(parse_range("10-5", "--uid-owner"), Ok((10, 5)));
        assert_eq!(parse_range(" 7", "--uid-owner"), Ok((7, 7)));
        assert_eq!(
            parse_range("4294967294", "--gid-owner"),
            Ok((u32::MAX - 1, u32::MAX - 1))
        );
        for bad in [
            "4294967295",
            "-1",
            "1-",
            "1-2-3",
            "a",
            "",
            "1x",
            "1--2",
            "1-+-2",
        ] {
            assert_eq!(
                parse_range(bad, "--uid-owner").unwrap_err().msg,
                format!("owner: Bad value for \"--uid-owner\" option: \"{bad}\"")
            );
        }
    }

    #[test]
    fn print_and_save() {
        let i = XtOwnerMatchInfo {
            uid_min: 0,
            uid_max: 5,
            gid_min: 7,
            gid_max: 7,
            match_: flags::MASK,
            invert: flags::SOCKET,
        };
        assert_eq!(
            listed(&i, true),
            (
                " ! owner socket exists owner UID match 0-5 owner GID match 7 incl. suppl. groups"
                    .into(),
                " ! --socket-exists --uid-owner 0-5 --gid-owner 7 --suppl-groups".into()
            )
        );
        // Only the bits of `match` print, with their invert bits.
        let i = XtOwnerMatchInfo {
            uid_max: 3,
            match_: flags::GID,
            invert: flags::GID | flags::UID,
            ..XtOwnerMatchInfo::default()
        };
        assert_eq!(
            listed(&i, true),
            (" ! owner GID match 0".into(), " ! --gid-owner 0".into())
        );
        // A single id: a name in -L (root is uid and gid 0 on any system), never in save.
        let i = XtOwnerMatchInfo {
            match_: flags::UID | flags::GID,
            ..XtOwnerMatchInfo::default()
        };
        assert_eq!(
            listed(&i, false),
            (
                " owner UID match root owner GID match root".into(),
                " --uid-owner 0 --gid-owner 0".into()
            )
        );
    }
}
