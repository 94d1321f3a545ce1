// SPDX-License-Identifier: GPL-2.0

//! The `string` match (libxt_string, iptables 1.8.9), revision 1: `--algo bm|kmp`, `--from`,
//! `--to`, `[!] --string`, `[!] --hex-string`, `--icase`.

use super::{mandatory, opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::string::{
    XtStringInfo, XT_STRING_FLAG_IGNORECASE, XT_STRING_FLAG_INVERT, XT_STRING_INFO_SIZE,
    XT_STRING_INFO_USERSIZE, XT_STRING_MAX_ALGO_NAME_SIZE, XT_STRING_MAX_PATTERN_SIZE,
};

/// The `string` match.
pub struct StringExt;

const O_FROM: u32 = 0;
const O_TO: u32 = 1;
const O_ALGO: u32 = 2;
const O_ICASE: u32 = 3;
const O_STRING: u32 = 4;
const O_HEX_STRING: u32 = 5;

/// `string_opts`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "from",
        has_arg: true,
        id: O_FROM,
    },
    OptDef {
        name: "to",
        has_arg: true,
        id: O_TO,
    },
    OptDef {
        name: "algo",
        has_arg: true,
        id: O_ALGO,
    },
    OptDef {
        name: "string",
        has_arg: true,
        id: O_STRING,
    },
    OptDef {
        name: "hex-string",
        has_arg: true,
        id: O_HEX_STRING,
    },
    OptDef {
        name: "icase",
        has_arg: false,
        id: O_ICASE,
    },
];

/// The options' `.excl` masks.
fn excl(o: &OptDef) -> u32 {
    match o.id {
        O_STRING => 1 << O_HEX_STRING,
        O_HEX_STRING => 1 << O_STRING,
        _ => 0,
    }
}

fn get(data: &[u8]) -> XtStringInfo {
    XtStringInfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtStringInfo) {
    data[..XT_STRING_INFO_SIZE].copy_from_slice(&i.encode());
}

fn too_long(s: &str) -> Error {
    Error::param(format!("STRING too long \"{s}\""))
}

/// `parse_string`: the bytes as they are (no NUL needed).
fn parse_string(s: &str, i: &mut XtStringInfo) -> Result<()> {
    let b = s.as_bytes();
    if b.len() > XT_STRING_MAX_PATTERN_SIZE {
        return Err(too_long(s));
    }
    i.pattern[..b.len()].copy_from_slice(b);
    // CAST: at most 128.
    i.patlen = b.len() as u8;
    Ok(())
}

/// `parse_hex_string`: text with `|..|` blocks of hex pairs (spaces allowed between them) and
/// `\` quoting the next character.
fn parse_hex_string(s: &str, info: &mut XtStringInfo) -> Result<()> {
    let b = s.as_bytes();
    let slen = b.len();
    // The C string's bytes, its NUL and beyond read as 0.
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    if slen == 0 {
        return Err(Error::param("STRING must contain at least one char"));
    }
    let (mut i, mut sindex) = (0usize, 0usize);
    let (mut hex_f, mut literal_f) = (false, false);
    while i < slen {
        if sindex >= XT_STRING_MAX_PATTERN_SIZE {
            return Err(too_long(s));
        }
        if at(i) == b'\\' && !hex_f {
            literal_f = true;
        } else if at(i) == b'\\' {
            return Err(Error::param("Cannot include literals in hex data"));
        } else if at(i) == b'|' {
            if hex_f {
                hex_f = false;
            } else {
                hex_f = true;
                // Past any whitespace just after the '|'.
                while at(i + 1) == b' ' {
                    i += 1;
                }
            }
            if i + 1 >= slen {
                break;
            }
            i += 1;
        }
        if literal_f {
            if i + 1 >= slen {
                return Err(Error::param("Bad literal placement at end of string"));
            }
            info.pattern[sindex] = at(i + 1);
            i += 2;
            literal_f = false;
        } else if hex_f {
            if i + 1 >= slen {
                return Err(Error::param("Odd number of hex digits"));
            }
            if i + 2 >= slen {
                return Err(Error::param("Invalid hex block"));
            }
            for c in [at(i), at(i + 1)] {
                if !c.is_ascii_hexdigit() {
                    return Err(Error::param(format!(
                        "Invalid hex char '{}'",
                        char::from(c)
                    )));
                }
            }
            let hex = |c: u8| char::from(c).to_digit(16).unwrap_or(0) as u8;
            info.pattern[sindex] = hex(at(i)) << 4 | hex(at(i + 1));
            i += if at(i + 2) == b' ' { 3 } else { 2 };
        } else {
            info.pattern[sindex] = at(i);
            i += 1;
        }
        sindex += 1;
    }
    // CAST: at most 128.
    info.patlen = sindex as u8;
    Ok(())
}

/// `is_hex_string`: a non-printable byte, or a last byte `\`. (An empty pattern's last byte
/// is `algo`'s NUL upstream, so it prints as text.)
fn is_hex_string(p: &[u8]) -> bool {
    p.iter().any(|c| !(0x20..0x7f).contains(c)) || p.last() == Some(&b'\\')
}

/// `print_hex_string` / `print_string`.
fn show_pattern(out: &mut String, p: &[u8]) {
    if is_hex_string(p) {
        out.push_str(" \"|");
        for c in p {
            out.push_str(&format!("{c:02x}"));
        }
        out.push_str("|\"");
    } else {
        out.push_str(" \"");
        for &c in p {
            if c == b'"' || c == b'\\' {
                out.push('\\');
            }
            out.push(char::from(c));
        }
        out.push('"');
    }
}

fn algo(i: &XtStringInfo) -> String {
    let end = i.algo.iter().position(|&c| c == 0).unwrap_or(i.algo.len());
    String::from_utf8_lossy(&i.algo[..end]).into_owned()
}

/// `xtopt_parse_int` for `XTTYPE_UINT16`.
fn uint16(opt: &str, arg: &str) -> Result<u16> {
    names::xt_strtoul(arg, 0, u64::from(u16::MAX))
        // CAST: at most 65535.
        .map(|v| v as u16)
        .ok_or_else(|| {
            Error::param(format!(
                "string: bad value for option \"--{opt}\", or out of range (0-65535).\n"
            ))
        })
}

impl Extension for StringExt {
    fn name(&self) -> &'static str {
        "string"
    }
    fn revision(&self) -> u8 {
        1
    }
    /// `.userspacesize = offsetof(struct xt_string_info, config)`.
    fn userspace_size(&self) -> usize {
        XT_STRING_INFO_USERSIZE
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `string_init`.
    fn init(&self, data: &mut [u8]) {
        let i = XtStringInfo {
            to_offset: u16::MAX,
            ..get(data)
        };
        put(data, &i);
    }
    /// `string_parse` (revision 1).
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
        let invertible = id == O_STRING || id == O_HEX_STRING;
        option_check("string", opt_by_id(OPTS, id), flags, invert, invertible)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        match id {
            O_FROM => i.from_offset = uint16("from", arg)?,
            O_TO => i.to_offset = uint16("to", arg)?,
            O_ALGO => {
                // `xtopt_parse_string` with `XTOPT_PUT`: cut to the field, NUL-terminated.
                let b = arg.as_bytes();
                let n = b.len().min(XT_STRING_MAX_ALGO_NAME_SIZE - 1);
                i.algo = [0; XT_STRING_MAX_ALGO_NAME_SIZE];
                i.algo[..n].copy_from_slice(&b[..n]);
            }
            O_ICASE => i.flags |= XT_STRING_FLAG_IGNORECASE,
            _ => {
                if id == O_STRING {
                    parse_string(arg, &mut i)?;
                } else {
                    parse_hex_string(arg, &mut i)?;
                }
                if invert {
                    i.flags |= XT_STRING_FLAG_INVERT;
                }
            }
        }
        put(data, &i);
        Ok(())
    }
    /// `string_check`, then `xtables_options_fcheck` (`--algo` is mandatory, `--string` and
    /// `--hex-string` exclude each other).
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        if flags & (1 << O_STRING | 1 << O_HEX_STRING) == 0 {
            return Err(Error::param(
                "STRING match: You must specify `--string' or `--hex-string'",
            ));
        }
        mandatory("string", opt_by_id(OPTS, O_ALGO), flags)?;
        options_excl("string", OPTS, excl, flags)
    }
    /// `string_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        let inv = if i.flags & XT_STRING_FLAG_INVERT != 0 {
            "!"
        } else {
            ""
        };
        out.push_str(&format!(" STRING match {inv}"));
        show_pattern(out, i.pattern());
        out.push_str(&format!(" ALGO name {}", algo(&i)));
        if i.from_offset != 0 {
            out.push_str(&format!(" FROM {}", i.from_offset));
        }
        if i.to_offset != u16::MAX {
            out.push_str(&format!(" TO {}", i.to_offset));
        }
        if i.flags & XT_STRING_FLAG_IGNORECASE != 0 {
            out.push_str(" ICASE");
        }
    }
    /// `string_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.flags & XT_STRING_FLAG_INVERT != 0 {
            out.push_str(" !");
        }
        let hex = is_hex_string(i.pattern());
        out.push_str(if hex { " --hex-string" } else { " --string" });
        show_pattern(out, i.pattern());
        out.push_str(&format!(" --algo {}", algo(&i)));
        if i.from_offset != 0 {
            out.push_str(&format!(" --from {}", i.from_offset));
        }
        if i.to_offset != u16::MAX {
            out.push_str(&format!(" --to {}", i.to_offset));
        }
        if i.flags & XT_STRING_FLAG_IGNORECASE != 0 {
            out.push_str(" --icase");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> std::result::Result<Vec<u8>, String> {
        let mut i = XtStringInfo::default();
        parse_hex_string(s, &mut i)
            .map(|()| i.pattern().to_vec())
            .map_err(|e| e.render("iptables", None))
    }

    #[test]
    fn hex_strings() {
        assert_eq!(hex("|0a0a0a0a|").unwrap(), [10, 10, 10, 10]);
        assert_eq!(hex("ab|20 41|c").unwrap(), b"ab Ac");
        assert_eq!(hex("| 41 42|").unwrap(), b"AB");
        assert_eq!(hex("a\\|b").unwrap(), b"a|b");
        assert_eq!(hex("plain").unwrap(), b"plain");
        // An unclosed block at the end is accepted as long as it has its pair.
        assert!(hex("|41").unwrap_err().contains("Invalid hex block"));
        assert!(hex("|4").unwrap_err().contains("Odd number of hex digits"));
        assert!(hex("|4g|").unwrap_err().contains("Invalid hex char 'g'"));
        assert!(hex("|41\\|")
            .unwrap_err()
            .contains("Cannot include literals"));
        assert!(hex("ab\\").unwrap_err().contains("Bad literal placement"));
        assert!(hex("").unwrap_err().contains("at least one char"));
        // After a closing '|' the next character is taken as text, even an opening '|'.
        assert_eq!(hex("|41||42|").unwrap(), b"A|42");
        // A pattern full at a closing '|' is too long: the loop checks before that '|'.
        let full = format!("|{}|", "41".repeat(127));
        assert_eq!(hex(&full).unwrap().len(), 127);
        assert_eq!(hex(&format!("{full}B")).unwrap().len(), 128);
        let over = format!("|{}|", "41".repeat(128));
        assert!(hex(&over).unwrap_err().contains("STRING too long"));
    }

    #[test]
    fn printing() {
        let mut s = String::new();
        show_pattern(&mut s, b"a\"b\\c");
        show_pattern(&mut s, b"a\n");
        show_pattern(&mut s, b"ab\\");
        show_pattern(&mut s, b"");
        assert_eq!(s, r#" "a\"b\\c" "|610a|" "|61625c|" """#);
    }
}
