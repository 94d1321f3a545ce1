// SPDX-License-Identifier: GPL-2.0

//! The `statistic` match (libxt_statistic, iptables 1.8.9), revision 0: `--mode random
//! [!] --probability p` and `--mode nth [!] --every n --packet p`.

use super::{mandatory, opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::statistic::{
    XtStatisticInfo, MODE_NTH, MODE_RANDOM, XT_STATISTIC_INFO_SIZE, XT_STATISTIC_INVERT,
};

/// The `statistic` match.
pub struct Statistic;

const O_MODE: u32 = 0;
const O_PROBABILITY: u32 = 1;
const O_EVERY: u32 = 2;
const O_PACKET: u32 = 3;
const F_PROBABILITY: u32 = 1 << O_PROBABILITY;
const F_EVERY: u32 = 1 << O_EVERY;
const F_PACKET: u32 = 1 << O_PACKET;

const fn opt(name: &'static str, id: u32) -> OptDef {
    OptDef {
        name,
        has_arg: true,
        id,
    }
}

/// `statistic_opts`.
static OPTS: &[OptDef] = &[
    opt("mode", O_MODE),
    opt("probability", O_PROBABILITY),
    opt("every", O_EVERY),
    opt("packet", O_PACKET),
];

/// The `.excl` and `.also` masks of each option, in table order.
const CONSTRAINTS: &[(u32, u32, u32)] = &[
    (O_MODE, 0, 0),
    (O_PROBABILITY, F_EVERY | F_PACKET, 0),
    (O_EVERY, F_PROBABILITY, F_PACKET),
    (O_PACKET, F_PROBABILITY, F_EVERY),
];

/// Whether `c` is a C `isspace` character.
fn c_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

/// A C99 hexadecimal float without its `0x` (`h[.h][p[+-]d]`, at least one digit), whole.
fn hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = match s.find(['p', 'P']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1f64 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    if let Some(e) = exp {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: i32 = digits.parse().unwrap_or(i32::MAX);
        let n = if e.starts_with('-') { -n } else { n };
        v *= 2f64.powi(n);
    }
    Some(v)
}

/// `strtod(s, &end)` with `end != s && *end == '\0'`: the whole string (after leading blanks)
/// is a C floating-point number: decimal, hexadecimal, `inf`, `infinity` or `nan[(chars)]`.
pub(crate) fn strtod_whole(s: &str) -> Option<f64> {
    let s = s.trim_start_matches(|c: char| c.is_ascii() && c_space(c as u8));
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let v = if lower == "inf" || lower == "infinity" {
        f64::INFINITY
    } else if lower == "nan"
        || (lower.starts_with("nan(")
            && lower.ends_with(')')
            && lower[4..lower.len() - 1]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_'))
    {
        f64::NAN
    } else if let Some(h) = lower.strip_prefix("0x") {
        hex_float(h)?
    } else if !body.is_empty()
        && body
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
        && !body.starts_with(['+', '-'])
    {
        body.parse::<f64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

/// `lround(x)` stored into a `uint32_t`: half away from zero; a NaN or an out-of-range value
/// is x86-64's `LONG_MIN`, whose low 32 bits are 0.
fn lround_u32(x: f64) -> u32 {
    /// 2^63: `long` holds [-2^63, 2^63).
    const LONG_RANGE: f64 = 9_223_372_036_854_775_808.0;
    let r = x.round();
    if r.is_nan() || !(-LONG_RANGE..LONG_RANGE).contains(&r) {
        return 0;
    }
    // CAST: `long` to `uint32_t` keeps the low 32 bits.
    (r as i64) as u32
}

fn get(data: &[u8]) -> XtStatisticInfo {
    XtStatisticInfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtStatisticInfo) {
    data[..XT_STATISTIC_INFO_SIZE].copy_from_slice(&i.encode());
}

/// `print_match`.
fn print_match(i: &XtStatisticInfo, prefix: &str, out: &mut String) {
    let inv = if i.flags & XT_STATISTIC_INVERT != 0 {
        " !"
    } else {
        ""
    };
    match i.mode {
        MODE_RANDOM => out.push_str(&format!(
            " {prefix}mode random{inv} {prefix}probability {:.11}",
            f64::from(i.probability()) / 2_147_483_648.0
        )),
        MODE_NTH => {
            out.push_str(&format!(
                " {prefix}mode nth{inv} {prefix}every {}",
                i.every.wrapping_add(1)
            ));
            if i.packet != 0 || !prefix.is_empty() {
                out.push_str(&format!(" {prefix}packet {}", i.packet));
            }
        }
        _ => {}
    }
}

impl Extension for Statistic {
    fn name(&self) -> &'static str {
        "statistic"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `offsetof(struct xt_statistic_info, u.nth.count)`: the counter start is not compared.
    fn userspace_size(&self) -> usize {
        12
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
        let ext = "statistic";
        let mut i = get(data);
        if invert {
            i.flags |= XT_STATISTIC_INVERT;
        }
        option_check(ext, o, flags, invert, id == O_PROBABILITY || id == O_EVERY)?;
        let arg = arg.unwrap_or("");
        match id {
            O_MODE => {
                i.mode = match arg {
                    "random" => MODE_RANDOM,
                    "nth" => MODE_NTH,
                    _ => return Err(Error::param(format!("Bad mode \"{arg}\""))),
                }
            }
            O_PROBABILITY => {
                let v = strtod_whole(arg)
                    .filter(|v| !(*v < 0.0 || *v > 1.0))
                    .ok_or_else(|| {
                        Error::param(
                            "statistic: bad value for option \"--probability\", or out of range (0-1).\n",
                        )
                    })?;
                i.every = lround_u32(2_147_483_648.0 * v);
            }
            O_EVERY => {
                // CAST: bounded by u32::MAX.
                let n = names::xt_strtoul(arg, 1, u64::from(u32::MAX)).ok_or_else(|| {
                    Error::param(
                        "statistic: bad value for option \"--every\", or out of range (1-4294967295).\n",
                    )
                })? as u32;
                i.every = n - 1;
            }
            _ => {
                // CAST: bounded by u32::MAX.
                i.packet = names::xt_strtoul(arg, 0, u64::from(u32::MAX)).ok_or_else(|| {
                    Error::param(
                        "statistic: bad value for option \"--packet\", or out of range (0-4294967295).\n",
                    )
                })? as u32;
            }
        }
        put(data, &i);
        Ok(())
    }
    /// `statistic_check`, then `xtables_options_fcheck` (`--mode` mandatory, `.excl`, `.also`).
    fn final_check(&self, flags: u32, data: &mut [u8]) -> Result<()> {
        let mut i = get(data);
        if i.mode == MODE_RANDOM && flags & F_PROBABILITY == 0 {
            return Err(Error::param(
                "--probability must be specified when using random mode",
            ));
        }
        if i.mode == MODE_NTH && flags & (F_EVERY | F_PACKET) == 0 {
            return Err(Error::param(
                "--every and --packet must be specified when using nth mode",
            ));
        }
        if i.packet > i.every {
            return Err(Error::param("the --packet p must be 0 <= p <= n-1"));
        }
        i.count = i.every.wrapping_sub(i.packet);
        put(data, &i);
        for &(id, excl, also) in CONSTRAINTS {
            let o = opt_by_id(OPTS, id);
            if o.id == O_MODE {
                mandatory("statistic", o, flags)?;
            }
            if flags & (1 << id) == 0 {
                continue;
            }
            for other in OPTS.iter().filter(|x| x.id != id) {
                let of = 1 << other.id;
                if also & of != 0 && flags & of == 0 {
                    return Err(Error::param(format!(
                        "statistic: option \"--{}\" also requires \"--{}\".\n",
                        o.name, other.name
                    )));
                }
                if excl & of != 0 && flags & of != 0 {
                    return Err(Error::param(format!(
                        "statistic: option \"--{}\" cannot be used together with \"--{}\".\n",
                        o.name, other.name
                    )));
                }
            }
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        out.push_str(" statistic");
        print_match(&get(data), "", out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        print_match(&get(data), "--", out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtod_as_glibc() {
        assert_eq!(strtod_whole("0.5"), Some(0.5));
        assert_eq!(strtod_whole("  .25"), Some(0.25));
        assert_eq!(strtod_whole("1."), Some(1.0));
        assert_eq!(strtod_whole("+1e-1"), Some(0.1));
        assert_eq!(strtod_whole("0x1p-1"), Some(0.5));
        assert_eq!(strtod_whole("0X.8"), Some(0.5));
        assert_eq!(strtod_whole("-0"), Some(-0.0));
        assert_eq!(strtod_whole("INF"), Some(f64::INFINITY));
        assert!(strtod_whole("nan").is_some_and(f64::is_nan));
        assert!(strtod_whole("nan(x1)").is_some_and(f64::is_nan));
        for bad in [
            "", " ", ".", "1e", "0.5 ", "0x", "0xp1", "0x1p", "abc", "1..2", "--1", "infx",
        ] {
            assert_eq!(strtod_whole(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn probability_rounding_and_printing() {
        assert_eq!(lround_u32(2_147_483_648.0 * 0.5), 0x4000_0000);
        assert_eq!(lround_u32(2_147_483_648.0), 0x8000_0000);
        assert_eq!(lround_u32(f64::NAN), 0);
        assert_eq!(lround_u32(0.5), 1);
        let p = |prob: u32| {
            let mut o = String::new();
            print_match(
                &XtStatisticInfo {
                    every: prob,
                    ..XtStatisticInfo::default()
                },
                "",
                &mut o,
            );
            o
        };
        assert_eq!(p(0x4000_0000), " mode random probability 0.50000000000");
        assert_eq!(p(0x8000_0000), " mode random probability 1.00000000000");
        assert_eq!(p(0), " mode random probability 0.00000000000");
        // A tie at the 11th decimal rounds to even, as glibc's printf does.
        assert_eq!(p(1 << 19), " mode random probability 0.00024414062");
        assert_eq!(p(3 << 19), " mode random probability 0.00073242188");
        assert_eq!(p(1), " mode random probability 0.00000000047");
    }
}
