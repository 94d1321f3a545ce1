// SPDX-License-Identifier: GPL-2.0

//! The `time` match (libxt_time, iptables 1.8.9), revision 0: `--datestart`, `--datestop`,
//! `--timestart`, `--timestop`, `--contiguous`, `--weekdays`, `--monthdays`, `--kerneltz`
//! (and the old `--localtz`), `--utc`.
//!
//! The parsers are ported with their C number parsing (`strtoul` into an `unsigned int`, so
//! values wrap modulo 2^32), their short segment buffers (a `--monthdays` item is cut to 2
//! characters, a `--weekdays` item to 3) and `mktime`'s normalization of out-of-range days.

use super::{opt_by_id, option_check, options_excl, ArgSource, Extension, OptDef};
use crate::error::{Error, Result, OTHER_PROBLEM};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::time::{
    XtTimeInfo, XT_TIME_ALL_MONTHDAYS, XT_TIME_ALL_WEEKDAYS, XT_TIME_CONTIGUOUS, XT_TIME_INFO_SIZE,
    XT_TIME_LOCAL_TZ, XT_TIME_MAX_DAYTIME, XT_TIME_MIN_DAYTIME,
};

/// The `time` match.
pub struct Time;

const O_DATE_START: u32 = 0;
const O_DATE_STOP: u32 = 1;
const O_TIME_START: u32 = 2;
const O_TIME_STOP: u32 = 3;
const O_TIME_CONTIGUOUS: u32 = 4;
const O_MONTHDAYS: u32 = 5;
const O_WEEKDAYS: u32 = 6;
const O_LOCAL_TZ: u32 = 7;
const O_UTC: u32 = 8;
const O_KERNEL_TZ: u32 = 9;
const F_LOCAL_TZ: u32 = 1 << O_LOCAL_TZ;
const F_UTC: u32 = 1 << O_UTC;
const F_KERNEL_TZ: u32 = 1 << O_KERNEL_TZ;
const F_TIME_CONTIGUOUS: u32 = 1 << O_TIME_CONTIGUOUS;

const fn opt(name: &'static str, has_arg: bool, id: u32) -> OptDef {
    OptDef { name, has_arg, id }
}

/// `time_opts`, in its order.
static OPTS: &[OptDef] = &[
    opt("datestart", true, O_DATE_START),
    opt("datestop", true, O_DATE_STOP),
    opt("timestart", true, O_TIME_START),
    opt("timestop", true, O_TIME_STOP),
    opt("contiguous", false, O_TIME_CONTIGUOUS),
    opt("weekdays", true, O_WEEKDAYS),
    opt("monthdays", true, O_MONTHDAYS),
    opt("localtz", false, O_LOCAL_TZ),
    opt("utc", false, O_UTC),
    opt("kerneltz", false, O_KERNEL_TZ),
];

/// The options' `.excl` masks.
fn excl(o: &OptDef) -> u32 {
    match o.id {
        O_LOCAL_TZ | O_KERNEL_TZ => F_UTC,
        O_UTC => F_LOCAL_TZ | F_KERNEL_TZ,
        _ => 0,
    }
}

/// `week_days`, from index 1.
const WEEK_DAYS: [&str; 8] = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `time_init`'s payload: every day, every daytime, no date bounds (`INT_MAX` as the end).
fn initial() -> XtTimeInfo {
    XtTimeInfo {
        date_start: 0,
        date_stop: i32::MAX as u32,
        daytime_start: XT_TIME_MIN_DAYTIME,
        daytime_stop: XT_TIME_MAX_DAYTIME,
        monthdays_match: XT_TIME_ALL_MONTHDAYS,
        weekdays_match: XT_TIME_ALL_WEEKDAYS,
        flags: 0,
    }
}

fn get(data: &[u8]) -> XtTimeInfo {
    XtTimeInfo::decode(data).unwrap_or_default()
}

/// C `strtoul(s, &end, base)` (base 10 or 0): the value (`ULONG_MAX` on overflow, negated
/// modulo 2^64 after a `-`) and the rest of the string; 0 and all of `s` when no digit is read.
fn strtoul(s: &str, base: u32) -> (u64, &str) {
    if base == 0 {
        return match names::c_strtoumax(s) {
            Some((v, n, _)) => (v, &s[n..]),
            None => (0, s),
        };
    }
    let b = s.as_bytes();
    let mut i = 0;
    while b
        .get(i)
        .is_some_and(|&c| c == b' ' || (b'\t'..=b'\r').contains(&c))
    {
        i += 1;
    }
    let neg = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let start = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        match v
            .checked_mul(10)
            .and_then(|x| x.checked_add(u64::from(d - b'0')))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return (0, s);
    }
    let v = if overflow {
        u64::MAX
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    };
    (v, &s[i..])
}

/// `strtoul` into an `unsigned int`: the value modulo 2^32.
fn strtou32(s: &str, base: u32) -> (u32, &str) {
    let (v, rest) = strtoul(s, base);
    // CAST: C's conversion of `unsigned long` to `unsigned int`.
    (v as u32, rest)
}

/// Days from 1970-01-01 to (`y`, `m`, `d`) of the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `gmtime`: (year, month 1-12, day, hour, minute, second) of `t` seconds since the epoch.
fn gmtime(t: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
}

/// `mktime` in UTC (libxt_time sets `TZ=UTC` first) of a broken-down time whose fields may be
/// out of range (month -1 to 11, day 0 to 31): normalized as C does.
fn timegm(year: i64, mon0: i64, mday: i64, hour: i64, min: i64, sec: i64) -> i64 {
    let y = year + mon0.div_euclid(12);
    let m = mon0.rem_euclid(12) + 1;
    (days_from_civil(y, m, 1) + mday - 1) * 86400 + hour * 3600 + min * 60 + sec
}

/// `time_parse_date`: `YYYY[-MM[-DD[Thh[:mm[:ss]]]]]`, 1970 to 2038.
fn parse_date(os: &str) -> Result<u32> {
    let invalid = || {
        Error::param(format!(
            "Invalid date \"{os}\" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]"
        ))
    };
    let (mut month, mut day, mut hour, mut minute, mut second) = (1u32, 1u32, 0u32, 0u32, 0u32);
    // Each field: its value, the separator that may follow it, and its limit.
    let (year, mut e) = strtou32(os, 10);
    if !(e.is_empty() || e.starts_with('-')) || !(1970..=2038).contains(&year) {
        return Err(invalid());
    }
    let fields: [(&mut u32, char, u32); 5] = [
        (&mut month, '-', 12),
        (&mut day, 'T', 31),
        (&mut hour, ':', 23),
        (&mut minute, ':', 59),
        (&mut second, '\0', 59),
    ];
    for (field, sep, max) in fields {
        if e.is_empty() {
            break;
        }
        let (v, rest) = strtou32(&e[1..], 10);
        let sep_ok = rest.is_empty() || (sep != '\0' && rest.starts_with(sep));
        if !sep_ok || v > max {
            return Err(invalid());
        }
        *field = v;
        e = rest;
    }
    // `tm_mon = month - 1` (-1 for a month of 0, which mktime normalizes).
    let t = timegm(
        i64::from(year),
        i64::from(month) - 1,
        i64::from(day),
        i64::from(hour),
        i64::from(minute),
        i64::from(second),
    );
    if t < 0 {
        // `perror("mktime")`: errno is still the ENOENT of libxtables' failed attempt to load
        // libipt_time.so before libxt_time.so.
        eprintln!("mktime: No such file or directory");
        return Err(Error::versioned(OTHER_PROBLEM, "mktime returned an error"));
    }
    // CAST: `time_t` into the `__u32` field; 2038-12-31T23:59:59 still fits.
    Ok(t as u32)
}

/// `time_parse_minutes`: `hh:mm[:ss]`. The message quotes the part being parsed.
fn parse_minutes(arg: &str) -> Result<u32> {
    let invalid = |s: &str| {
        Error::param(format!(
            "invalid time \"{s}\" specified, should be hh:mm[:ss] format and within the boundaries"
        ))
    };
    let (hour, e) = strtou32(arg, 10);
    if !e.starts_with(':') || hour > 23 {
        return Err(invalid(arg));
    }
    let s = &e[1..];
    let (minute, e) = strtou32(s, 10);
    if !(e.is_empty() || e.starts_with(':')) || minute > 59 {
        return Err(invalid(s));
    }
    let mut second = 0;
    if !e.is_empty() {
        let s = &e[1..];
        let (v, e) = strtou32(s, 10);
        if !e.is_empty() || v > 59 {
            return Err(invalid(s));
        }
        second = v;
    }
    Ok(3600 * hour + 60 * minute + second)
}

/// `my_strseg` over `arg` with a buffer of `buflen` bytes: the comma-separated items, each cut
/// to `buflen - 1` bytes; an empty string has none, a trailing comma ends the list.
fn segments(arg: &str, buflen: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = Some(arg);
    while let Some(r) = rest.filter(|r| !r.is_empty()) {
        let (item, next) = match r.split_once(',') {
            Some((a, b)) => (a, Some(b)),
            None => (r, None),
        };
        let b = item.as_bytes();
        out.push(String::from_utf8_lossy(b.get(..buflen - 1).unwrap_or(b)).into_owned());
        rest = next;
    }
    out
}

/// `time_parse_monthdays`.
fn parse_monthdays(arg: &str) -> Result<u32> {
    let mut ret = 0u32;
    for day in segments(arg, 3) {
        let (i, err) = strtou32(&day, 0);
        if !(err.is_empty() || err.starts_with(',')) || i > 31 {
            return Err(Error::param(format!(
                "{day} is not a valid day for --monthdays"
            )));
        }
        ret |= 1 << i;
    }
    Ok(ret)
}

/// `time_parse_weekdays`: numbers (1 Monday to 7 Sunday) or names by their first two letters.
fn parse_weekdays(arg: &str) -> Result<u32> {
    let mut ret = 0u32;
    for day in segments(arg, 4) {
        let (i, err) = strtou32(&day, 0);
        if err.is_empty() {
            if i == 0 {
                return Err(Error::param("No, the week does NOT begin with Sunday."));
            }
            // `1 << i` in `int`: the CPU takes the count modulo 32.
            ret |= 1u32.wrapping_shl(i);
            continue;
        }
        let mut valid = false;
        for (n, name) in WEEK_DAYS.iter().enumerate().skip(1) {
            // `strncmp(day, week_days[i], 2) == 0`.
            if day.len() >= 2 && day.as_bytes()[..2] == name.as_bytes()[..2] {
                ret |= 1 << n;
                valid = true;
            }
        }
        if !valid {
            return Err(Error::param(format!("{day} is not a valid day specifier")));
        }
    }
    Ok(ret)
}

/// `time_print_date`: nothing for 0, else the date, after `command` in save form.
fn print_date(out: &mut String, date: u32, command: Option<&str>) {
    if date == 0 {
        return;
    }
    let (y, m, d, h, mi, s) = gmtime(i64::from(date));
    match command {
        Some(c) => out.push_str(&format!(" {c} {y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}")),
        None => out.push_str(&format!(" {y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")),
    }
}

/// `time_print_monthdays`.
fn print_monthdays(out: &mut String, mask: u32, human_readable: bool) {
    out.push(' ');
    let mut nbdays = 0;
    for i in 1..=31u32 {
        if mask & (1 << i) == 0 {
            continue;
        }
        if nbdays > 0 {
            out.push(',');
        }
        nbdays += 1;
        out.push_str(&i.to_string());
        if human_readable {
            out.push_str(match i % 10 {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            });
        }
    }
}

/// `time_print_weekdays`.
fn print_weekdays(out: &mut String, mask: u8) {
    out.push(' ');
    let mut first = true;
    for (i, name) in WEEK_DAYS.iter().enumerate().skip(1) {
        if mask & (1 << i) != 0 {
            if !first {
                out.push(',');
            }
            out.push_str(name);
            first = false;
        }
    }
}

/// `divide_time`: `hh:mm:ss` of a daytime.
fn hms(t: u32) -> String {
    format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

impl Extension for Time {
    fn name(&self) -> &'static str {
        "time"
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn init(&self, data: &mut [u8]) {
        data[..XT_TIME_INFO_SIZE].copy_from_slice(&initial().encode());
    }
    /// `time_parse`.
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
        option_check(
            "time",
            o,
            flags,
            invert,
            matches!(id, O_WEEKDAYS | O_MONTHDAYS),
        )?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        match id {
            O_DATE_START => i.date_start = parse_date(arg)?,
            O_DATE_STOP => i.date_stop = parse_date(arg)?,
            O_TIME_START => i.daytime_start = parse_minutes(arg)?,
            O_TIME_STOP => i.daytime_stop = parse_minutes(arg)?,
            O_TIME_CONTIGUOUS => i.flags |= XT_TIME_CONTIGUOUS,
            O_LOCAL_TZ | O_KERNEL_TZ => {
                if id == O_LOCAL_TZ {
                    eprintln!(
                        "WARNING: --localtz is being replaced by --kerneltz, since \"local\" is ambiguous. Note the kernel timezone has caveats - see manpage for details."
                    );
                }
                i.flags |= XT_TIME_LOCAL_TZ;
            }
            O_MONTHDAYS => {
                i.monthdays_match = parse_monthdays(arg)?;
                if invert {
                    i.monthdays_match ^= XT_TIME_ALL_MONTHDAYS;
                }
            }
            O_WEEKDAYS => {
                // CAST: the `__u8` field keeps the low byte.
                i.weekdays_match = parse_weekdays(arg)? as u8;
                if invert {
                    i.weekdays_match ^= XT_TIME_ALL_WEEKDAYS;
                }
            }
            _ => {}
        }
        data[..XT_TIME_INFO_SIZE].copy_from_slice(&i.encode());
        Ok(())
    }
    /// `time_check`, then `xtables_options_fcheck`.
    fn final_check(&self, flags: u32, data: &mut [u8]) -> Result<()> {
        let i = get(data);
        if flags & F_TIME_CONTIGUOUS != 0 && i.daytime_start < i.daytime_stop {
            return Err(Error::param(
                "time: --contiguous only makes sense when stoptime is smaller than starttime",
            ));
        }
        options_excl("time", OPTS, excl, flags)
    }
    /// `time_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        out.push_str(" TIME");
        if i.daytime_start != XT_TIME_MIN_DAYTIME || i.daytime_stop != XT_TIME_MAX_DAYTIME {
            out.push_str(&format!(
                " from {} to {}",
                hms(i.daytime_start),
                hms(i.daytime_stop)
            ));
        }
        if i.weekdays_match != XT_TIME_ALL_WEEKDAYS {
            out.push_str(" on");
            print_weekdays(out, i.weekdays_match);
        }
        if i.monthdays_match != XT_TIME_ALL_MONTHDAYS {
            out.push_str(" on");
            print_monthdays(out, i.monthdays_match, true);
        }
        if i.date_start != 0 {
            out.push_str(" starting from");
            print_date(out, i.date_start, None);
        }
        if i.date_stop != i32::MAX as u32 {
            out.push_str(" until date");
            print_date(out, i.date_stop, None);
        }
        if i.flags & XT_TIME_LOCAL_TZ == 0 {
            out.push_str(" UTC");
        }
        if i.flags & XT_TIME_CONTIGUOUS != 0 {
            out.push_str(" contiguous");
        }
    }
    /// `time_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        if i.daytime_start != XT_TIME_MIN_DAYTIME || i.daytime_stop != XT_TIME_MAX_DAYTIME {
            out.push_str(&format!(
                " --timestart {} --timestop {}",
                hms(i.daytime_start),
                hms(i.daytime_stop)
            ));
        }
        if i.monthdays_match != XT_TIME_ALL_MONTHDAYS {
            out.push_str(" --monthdays");
            print_monthdays(out, i.monthdays_match, false);
        }
        if i.weekdays_match != XT_TIME_ALL_WEEKDAYS {
            out.push_str(" --weekdays");
            print_weekdays(out, i.weekdays_match);
        }
        // The default end (INT_MAX) is saved too: upstream compares it with LONG_MAX.
        print_date(out, i.date_start, Some("--datestart"));
        print_date(out, i.date_stop, Some("--datestop"));
        if i.flags & XT_TIME_LOCAL_TZ != 0 {
            out.push_str(" --kerneltz");
        }
        if i.flags & XT_TIME_CONTIGUOUS != 0 {
            out.push_str(" --contiguous");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_numbers() {
        assert_eq!(strtoul(" +12x", 10), (12, "x"));
        assert_eq!(strtoul("-1", 10), (u64::MAX, ""));
        assert_eq!(strtoul("0x10", 10), (0, "x10"));
        assert_eq!(strtoul("0x10", 0), (16, ""));
        assert_eq!(strtoul("", 10), (0, ""));
        assert_eq!(strtoul("x", 0), (0, "x"));
        assert_eq!(strtoul("99999999999999999999", 10), (u64::MAX, ""));
        assert_eq!(strtou32("4294969266", 10), (1970, ""));
    }

    #[test]
    fn calendar() {
        for (t, want) in [
            (0, (1970, 1, 1, 0, 0, 0)),
            (951_782_400, (2000, 2, 29, 0, 0, 0)),
            (2_147_483_647, (2038, 1, 19, 3, 14, 7)),
            (4_294_967_295, (2106, 2, 7, 6, 28, 15)),
        ] {
            assert_eq!(gmtime(t), want);
            let (y, m, d, h, mi, s) = want;
            assert_eq!(timegm(y, m - 1, d, h, mi, s), t);
        }
        // mktime's normalization.
        assert_eq!(timegm(2000, 1, 30, 0, 0, 0), timegm(2000, 2, 1, 0, 0, 0));
        assert_eq!(timegm(2000, -1, 1, 0, 0, 0), timegm(1999, 11, 1, 0, 0, 0));
        assert_eq!(timegm(2000, 0, 0, 0, 0, 0), timegm(1999, 11, 31, 0, 0, 0));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970"), Ok(0));
        assert_eq!(parse_date("2001-02-03T04:05:06"), Ok(981_173_106));
        assert_eq!(parse_date(" +2000"), Ok(946_684_800));
        assert_eq!(parse_date("2000-02-30"), Ok(951_868_800));
        assert_eq!(parse_date("2038-12-31T23:59:59"), Ok(2_177_452_799));
        // "2000-": an empty month is 0, December of 1999.
        assert_eq!(parse_date("2000-"), Ok(944_006_400));
        assert_eq!(parse_date("4294969266"), Ok(0));
        for bad in [
            "",
            "1969",
            "2039",
            "2000-13",
            "2000-1-1T24",
            "2000/1",
            "2000-01-01T1:2:3x",
        ] {
            assert_eq!(
                parse_date(bad).unwrap_err().msg,
                format!(
                    "Invalid date \"{bad}\" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]"
                )
            );
        }
        let e = parse_date("1970-01-00").unwrap_err();
        assert_eq!((e.code, e.msg.as_str()), (1, "mktime returned an error"));
    }

    #[test]
    fn daytimes() {
        assert_eq!(parse_minutes("23:59:59"), Ok(86399));
        assert_eq!(parse_minutes("1:2"), Ok(3720));
        assert_eq!(parse_minutes("00:00"), Ok(0));
        let msg = |s: &str| {
            format!(
                "invalid time \"{s}\" specified, should be hh:mm[:ss] format and within the boundaries"
            )
        };
        assert_eq!(parse_minutes("24:00").unwrap_err().msg, msg("24:00"));
        assert_eq!(parse_minutes("12").unwrap_err().msg, msg("12"));
        assert_eq!(parse_minutes("12:60").unwrap_err().msg, msg("60"));
        assert_eq!(parse_minutes("12:00:60").unwrap_err().msg, msg("60"));
        assert_eq!(parse_minutes("12:00:5x").unwrap_err().msg, msg("5x"));
        assert_eq!(parse_minutes("12:0x").unwrap_err().msg, msg("0x"));
    }

    #[test]
    fn days() {
        assert_eq!(parse_monthdays("1,2,31"), Ok(1 << 1 | 1 << 2 | 1 << 31));
        assert_eq!(parse_monthdays("0"), Ok(1));
        assert_eq!(parse_monthdays("123"), Ok(1 << 12));
        assert_eq!(parse_monthdays("1,,2"), Ok(1 | 1 << 1 | 1 << 2));
        assert_eq!(parse_monthdays("5,"), Ok(1 << 5));
        assert_eq!(parse_monthdays(""), Ok(0));
        assert_eq!(
            parse_monthdays("32").unwrap_err().msg,
            "32 is not a valid day for --monthdays"
        );
        assert_eq!(
            parse_monthdays("1x").unwrap_err().msg,
            "1x is not a valid day for --monthdays"
        );
        assert_eq!(parse_weekdays("Mon,Tue"), Ok(0b110));
        assert_eq!(parse_weekdays("Monday,Su,Sa"), Ok(1 << 1 | 1 << 7 | 1 << 6));
        // Names are case-sensitive.
        assert_eq!(
            parse_weekdays("mon").unwrap_err().msg,
            "mon is not a valid day specifier"
        );
        assert_eq!(parse_weekdays("1,7,0x3"), Ok(1 << 1 | 1 << 7 | 1 << 3));
        assert_eq!(parse_weekdays("8"), Ok(1 << 8));
        assert_eq!(parse_weekdays("33"), Ok(1 << 1));
        assert_eq!(
            parse_weekdays("0").unwrap_err().msg,
            "No, the week does NOT begin with Sunday."
        );
        assert_eq!(
            parse_weekdays("Mon,,Tue").unwrap_err().msg,
            "No, the week does NOT begin with Sunday."
        );
        assert_eq!(
            parse_weekdays("Su").unwrap(),
            1 << 7,
            "two letters are enough"
        );
        assert_eq!(
            parse_weekdays("S").unwrap_err().msg,
            "S is not a valid day specifier"
        );
        assert_eq!(
            parse_weekdays("Xyzzy").unwrap_err().msg,
            "Xyz is not a valid day specifier"
        );
    }

    #[test]
    fn print_and_save() {
        let listed = |i: &XtTimeInfo| {
            let (mut p, mut s) = (String::new(), String::new());
            Time.print(&IptIp::default(), &i.encode(), true, &mut p);
            Time.save(&IptIp::default(), &i.encode(), &mut s);
            (p, s)
        };
        assert_eq!(
            listed(&initial()),
            (" TIME UTC".into(), " --datestop 2038-01-19T03:14:07".into())
        );
        let i = XtTimeInfo {
            date_start: 981_158_400,
            date_stop: 0,
            daytime_start: 82800,
            daytime_stop: 3600,
            monthdays_match: 1 << 1 | 1 << 3 | 1 << 11 | 1 << 22 | 1 << 31,
            weekdays_match: 1 << 1 | 1 << 2 | 1 << 6,
            flags: XT_TIME_LOCAL_TZ | XT_TIME_CONTIGUOUS,
        };
        assert_eq!(
            listed(&i),
            (
                " TIME from 23:00:00 to 01:00:00 on Mon,Tue,Sat on 1st,3rd,11st,22nd,31st starting from 2001-02-03 00:00:00 until date contiguous".into(),
                " --timestart 23:00:00 --timestop 01:00:00 --monthdays 1,3,11,22,31 --weekdays Mon,Tue,Sat --datestart 2001-02-03T00:00:00 --kerneltz --contiguous".into()
            )
        );
        // Bit 0 only: an empty list.
        let i = XtTimeInfo {
            monthdays_match: 1,
            weekdays_match: 1,
            ..initial()
        };
        assert_eq!(
            listed(&i),
            (
                " TIME on  on  UTC".into(),
                " --monthdays  --weekdays  --datestop 2038-01-19T03:14:07".into()
            )
        );
    }
}
