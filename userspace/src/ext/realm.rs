// SPDX-License-Identifier: GPL-2.0

//! The `realm` match (libipt_realm, iptables 1.8.9), revision 0: `[!] --realm value[/mask]`,
//! the value also a name from `/etc/iproute2/rt_realms` (`xtables_lmap`).

use super::devgroup::{lmap_file, parse_val_mask_for, print_val_mask};
use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::realm::{XtRealmInfo, XT_REALM_INFO_SIZE};
use std::sync::OnceLock;

/// The `realm` match.
pub struct Realm;

const O_REALM: u32 = 0;

/// `realm_opts`.
static OPTS: &[OptDef] = &[OptDef {
    name: "realm",
    has_arg: true,
    id: O_REALM,
}];

/// `f_realms`.
const REALMS_FILE: &str = "/etc/iproute2/rt_realms";

/// `realms`: the names of `/etc/iproute2/rt_realms`, read once.
fn realms() -> Option<&'static [(u32, String)]> {
    static MAP: OnceLock<Option<Vec<(u32, String)>>> = OnceLock::new();
    MAP.get_or_init(|| lmap_file(REALMS_FILE)).as_deref()
}

fn get(data: &[u8]) -> XtRealmInfo {
    XtRealmInfo::decode(data).unwrap_or_default()
}

/// `realm_print` (`pfx` "") and `realm_save` (`pfx` "--").
fn show(out: &mut String, pfx: &str, i: &XtRealmInfo, lmap: Option<&[(u32, String)]>) {
    if i.invert != 0 {
        out.push_str(" !");
    }
    out.push_str(&format!(" {pfx}realm"));
    print_val_mask(out, i.id, i.mask, lmap);
}

impl Extension for Realm {
    fn name(&self) -> &'static str {
        "realm"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `realm_parse`.
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
        option_check("realm", o, flags, invert, true)?;
        let (rid, mask) = parse_val_mask_for("realm", o.name, arg.unwrap_or(""), realms())?;
        let mut i = get(data);
        (i.id, i.mask) = (rid, mask);
        if invert {
            i.invert = 1;
        }
        data[..XT_REALM_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `XTOPT_MAND` on `--realm`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("realm", &OPTS[0], flags)
    }
    /// `realm_print`: names unless numeric.
    fn print(&self, _ip: &IptIp, data: &[u8], numeric: bool, out: &mut String) {
        let lmap = if numeric { None } else { realms() };
        show(out, "", &get(data), lmap);
    }
    /// `realm_save`: with names.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        show(out, "--", &get(data), realms());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_and_save() {
        let m = vec![(0, "cosmos".into()), (42, "answer".into())];
        let i = XtRealmInfo {
            id: 42,
            mask: u32::MAX,
            invert: 1,
        };
        let mut s = String::new();
        show(&mut s, "--", &i, Some(&m));
        assert_eq!(s, " ! --realm answer");
        let mut s = String::new();
        show(&mut s, "", &i, None);
        assert_eq!(s, " ! realm 0x2a");
        let mut s = String::new();
        show(
            &mut s,
            "--",
            &XtRealmInfo {
                id: 1,
                mask: 0x2a,
                invert: 0,
            },
            Some(&m),
        );
        assert_eq!(s, " --realm 0x1/0x2a");
    }

    #[test]
    fn values_and_names() {
        let m: [(u32, String); 2] = [(0, "cosmos".into()), (42, "answer".into())];
        let l = Some(&m[..]);
        assert_eq!(
            parse_val_mask_for("realm", "realm", "answer", l),
            Ok((42, u32::MAX))
        );
        assert_eq!(
            parse_val_mask_for("realm", "realm", "0x1/0x2a", l),
            Ok((1, 0x2a))
        );
        assert_eq!(
            parse_val_mask_for("realm", "realm", "nosuch", l)
                .unwrap_err()
                .msg,
            "realm: could not map name nosuch to an integer value for option \"--realm\".\n"
        );
        assert_eq!(
            parse_val_mask_for("realm", "realm", "nosuch", None)
                .unwrap_err()
                .msg,
            "realm: bad integer value for option \"--realm\", or out of range.\n"
        );
    }
}
