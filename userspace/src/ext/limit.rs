// SPDX-License-Identifier: GPL-2.0

//! The `limit` match (libxt_limit, iptables 1.8.9): `--limit N[/second|/minute|/hour|/day]`
//! (any prefix of the unit, any case) and `--limit-burst N`, revision 0 (`struct
//! xt_rateinfo`; the kernel-private tail is sent as zeros).

use super::{opt_by_id, option_check, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::limit::{XtRateinfo, XT_LIMIT_SCALE, XT_RATEINFO_SIZE};

/// The `limit` match.
pub struct Limit;

const O_LIMIT: u32 = 0;
const O_BURST: u32 = 1;

/// `XT_LIMIT_AVG`.
const DEFAULT_AVG: &str = "3/hour";
/// `XT_LIMIT_BURST`.
const DEFAULT_BURST: u32 = 5;

/// `limit_opts`.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "limit",
        has_arg: true,
        id: O_LIMIT,
    },
    OptDef {
        name: "limit-burst",
        has_arg: true,
        id: O_BURST,
    },
];

/// glibc `atoi`: `(int)strtol(s, NULL, 10)`: leading blanks, a sign, decimal digits; an
/// overflow saturates the `long`, which the cast to `int` then truncates.
pub(crate) fn atoi(s: &str) -> i32 {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let neg = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'+') | Some(b'-')) {
        i += 1;
    }
    let mut v: i64 = 0;
    let mut overflow = false;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        let d = i64::from(d - b'0');
        let next = v.checked_mul(10).and_then(|x| {
            if neg {
                x.checked_sub(d)
            } else {
                x.checked_add(d)
            }
        });
        match next {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if overflow {
        v = if neg { i64::MIN } else { i64::MAX };
    }
    // CAST: `(int)` of a `long` keeps the low 32 bits.
    v as i32
}

/// Whether `word` is a case-insensitive prefix of `unit` (`strncasecmp(word, unit,
/// strlen(word)) == 0`).
fn unit_prefix(word: &str, unit: &str) -> bool {
    word.len() <= unit.len() && unit.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

/// The seconds of a rate's unit (`N/second`, `N/min`, `/h`, `/d`, any case-insensitive prefix;
/// no unit is per second), as libxt_limit's and libxt_hashlimit's `parse_rate` read it; `None`
/// for an empty or unknown unit.
pub(super) fn rate_unit_seconds(rate: &str) -> Option<u32> {
    let Some((_, unit)) = rate.split_once('/') else {
        return Some(1);
    };
    if unit.is_empty() {
        None
    } else if unit_prefix(unit, "second") {
        Some(1)
    } else if unit_prefix(unit, "minute") {
        Some(60)
    } else if unit_prefix(unit, "hour") {
        Some(60 * 60)
    } else if unit_prefix(unit, "day") {
        Some(24 * 60 * 60)
    } else {
        None
    }
}

/// `parse_rate`: the average period in 1/10000 s, `Ok(None)` for a malformed rate.
fn parse_rate(rate: &str) -> Result<Option<u32>> {
    let Some(mult) = rate_unit_seconds(rate) else {
        return Ok(None);
    };
    // CAST: `uint32_t r = atoi(rate)`.
    let r = atoi(rate) as u32;
    if r == 0 {
        return Ok(None);
    }
    let val = (XT_LIMIT_SCALE * mult) / r;
    if val == 0 {
        return Err(Error::param(format!("Rate too fast \"{rate}\"")));
    }
    Ok(Some(val))
}

/// `rates`: the units `print_rate` chooses from, largest first.
const RATES: &[(&str, u32)] = &[
    ("day", XT_LIMIT_SCALE * 24 * 60 * 60),
    ("hour", XT_LIMIT_SCALE * 60 * 60),
    ("min", XT_LIMIT_SCALE * 60),
    ("sec", XT_LIMIT_SCALE),
];

/// `print_rate`: ` N/unit` in the largest unit that keeps the count exact enough, ` inf` for 0.
fn print_rate(out: &mut String, period: u32) {
    if period == 0 {
        out.push_str(" inf");
        return;
    }
    let mut i = 1;
    while i < RATES.len() {
        let m = RATES[i].1;
        if period > m || m / period < m % period {
            break;
        }
        i += 1;
    }
    let (name, mult) = RATES[i - 1];
    out.push_str(&format!(" {}/{name}", mult / period));
}

fn get(data: &[u8]) -> XtRateinfo {
    XtRateinfo::decode(data).unwrap_or_default()
}

fn put(data: &mut [u8], r: &XtRateinfo) {
    data[..XT_RATEINFO_SIZE].copy_from_slice(&r.encode());
}

impl Extension for Limit {
    fn name(&self) -> &'static str {
        "limit"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `offsetof(struct xt_rateinfo, prev)`.
    fn userspace_size(&self) -> usize {
        oxtables_engine::ext::limit::XT_RATEINFO_USERSIZE
    }
    fn init(&self, data: &mut [u8]) {
        let r = XtRateinfo {
            avg: parse_rate(DEFAULT_AVG).ok().flatten().unwrap_or(0),
            burst: DEFAULT_BURST,
            ..XtRateinfo::default()
        };
        put(data, &r);
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
        // Neither option is `XTOPT_INVERT`: "cannot be inverted" comes before limit_parse's
        // own "limit does not support invert".
        option_check("limit", o, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut r = get(data);
        if id == O_LIMIT {
            r.avg = parse_rate(arg)?.ok_or_else(|| Error::param(format!("bad rate \"{arg}\"'")))?;
        } else {
            // CAST: bounded by 10000.
            r.burst = names::xt_strtoul(arg, 0, 10000).ok_or_else(|| {
                Error::param(
                    "limit: bad value for option \"--limit-burst\", or out of range (0-10000).\n",
                )
            })? as u32;
        }
        put(data, &r);
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let r = get(data);
        out.push_str(" limit: avg");
        print_rate(out, r.avg);
        out.push_str(&format!(" burst {}", r.burst));
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let r = get(data);
        out.push_str(" --limit");
        print_rate(out, r.avg);
        if r.burst != DEFAULT_BURST {
            out.push_str(&format!(" --limit-burst {}", r.burst));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_as_glibc() {
        assert_eq!(atoi("3/hour"), 3);
        assert_eq!(atoi("  +12abc"), 12);
        assert_eq!(atoi("-1"), -1);
        assert_eq!(atoi("/s"), 0);
        assert_eq!(atoi("5000000000"), 705_032_704);
        assert_eq!(atoi("99999999999999999999"), -1);
        assert_eq!(atoi("-99999999999999999999"), 0);
    }

    #[test]
    fn rates() {
        let p = |s: &str| parse_rate(s).unwrap();
        assert_eq!(p("3/hour"), Some(12_000_000));
        assert_eq!(p("1/s"), Some(10_000));
        assert_eq!(p("1/SEC"), Some(10_000));
        assert_eq!(p("1/m"), Some(600_000));
        assert_eq!(p("1/h"), Some(36_000_000));
        assert_eq!(p("1/d"), Some(864_000_000));
        assert_eq!(p("7"), Some(1428));
        assert_eq!(p("7x"), Some(1428));
        assert_eq!(p("1/seconds"), None);
        assert_eq!(p("1/"), None);
        assert_eq!(p("0/s"), None);
        assert_eq!(p("x/s"), None);
        assert_eq!(p("1/week"), None);
        assert!(parse_rate("10001/s").is_err());
        assert_eq!(p("10000/s"), Some(1));
        // `-1` is 0xFFFFFFFF: too fast.
        assert!(parse_rate("-1/day").is_err());
        let s = |period: u32| {
            let mut o = String::new();
            print_rate(&mut o, period);
            o
        };
        assert_eq!(s(12_000_000), " 3/hour");
        assert_eq!(s(10_000), " 1/sec");
        assert_eq!(s(36_000), " 1000/hour");
        assert_eq!(s(864_000), " 1000/day");
        assert_eq!(s(600_000), " 1/min");
        assert_eq!(s(1428), " 7/sec");
        assert_eq!(s(1), " 10000/sec");
        assert_eq!(s(0), " inf");
        assert_eq!(s(u32::MAX), " 0/day");
    }
}
