// SPDX-License-Identifier: GPL-2.0

//! The `comment` match (libxt_comment, iptables 1.8.9): 256 bytes of text, NUL-terminated.

use super::save_string;
use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::Result;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::comment::XT_MAX_COMMENT_LEN;

/// The `comment` match.
pub struct Comment;

static OPTS: &[OptDef] = &[OptDef {
    name: "comment",
    has_arg: true,
    id: 0,
}];

/// The text, up to its NUL (the last byte is treated as NUL, as `comment_print` forces it).
fn text(data: &[u8]) -> String {
    let d = &data[..data.len().min(XT_MAX_COMMENT_LEN - 1)];
    let end = d.iter().position(|&c| c == 0).unwrap_or(d.len());
    String::from_utf8_lossy(&d[..end]).into_owned()
}

impl Extension for Comment {
    fn name(&self) -> &'static str {
        "comment"
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
        option_check("comment", opt_by_id(OPTS, id), flags, invert, false)?;
        // `xtopt_parse_string` with XTOPT_PUT: cut to the field, NUL-terminated.
        let b = arg.unwrap_or("").as_bytes();
        let n = b.len().min(XT_MAX_COMMENT_LEN - 1);
        data[..n].copy_from_slice(&b[..n]);
        data[n..XT_MAX_COMMENT_LEN].fill(0);
        Ok(())
    }
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        mandatory("comment", &OPTS[0], flags)
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(&format!(" /* {} */", text(data)));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        out.push_str(" --comment");
        save_string(out, &text(data));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let mut s = String::new();
        save_string(&mut s, "foo-bar_1");
        save_string(&mut s, "a b");
        save_string(&mut s, "it's \"x\"\\");
        save_string(&mut s, "");
        assert_eq!(s, r#" foo-bar_1 "a b" "it\'s \"x\"\\" """#);
    }
}
