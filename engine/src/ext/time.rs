// SPDX-License-Identifier: GPL-2.0

//! The `time` match (`net/netfilter/xt_time.c`, `struct xt_time_info`), revision 0: the wall
//! clock when the packet is seen (`ktime_get_real_seconds()`, never the skb's timestamp), in
//! UTC or shifted by the kernel's timezone (`sys_tz`), against a date range, a daytime range
//! (possibly wrapping around midnight), and weekday and monthday masks.
//!
//! The calendar arithmetic is upstream's (`localtime_1`/`_2`/`_3`, with its table of
//! days-since-epoch that ends in 2039), ported with its `unsigned int` and `u8` truncations, so
//! a date past 2039 gives upstream's (wrong) monthday too.

use super::super::abi::{put, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_time_info)`: five `__u32`, two `__u8`, padded to 24.
pub const XT_TIME_INFO_SIZE: usize = 24;

/// `XT_TIME_LOCAL_TZ`: match against the kernel's timezone instead of UTC (`--kerneltz`).
pub const XT_TIME_LOCAL_TZ: u8 = 1 << 0;
/// `XT_TIME_CONTIGUOUS`: a daytime range that wraps around midnight belongs to the day it
/// starts on (`--contiguous`).
pub const XT_TIME_CONTIGUOUS: u8 = 1 << 1;
/// `XT_TIME_ALL_FLAGS`.
pub const XT_TIME_ALL_FLAGS: u8 = XT_TIME_LOCAL_TZ | XT_TIME_CONTIGUOUS;
/// `XT_TIME_ALL_MONTHDAYS`: bits 1 to 31.
pub const XT_TIME_ALL_MONTHDAYS: u32 = 0xFFFF_FFFE;
/// `XT_TIME_ALL_WEEKDAYS`: bits 1 (Monday) to 7 (Sunday).
pub const XT_TIME_ALL_WEEKDAYS: u8 = 0xFE;
/// `XT_TIME_MIN_DAYTIME`.
pub const XT_TIME_MIN_DAYTIME: u32 = 0;
/// `XT_TIME_MAX_DAYTIME`: 23:59:59.
pub const XT_TIME_MAX_DAYTIME: u32 = 24 * 60 * 60 - 1;

/// `SECONDS_PER_DAY`.
const SECONDS_PER_DAY: u32 = 86400;

/// `struct xt_time_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTimeInfo {
    /// First second matched, since the epoch.
    pub date_start: u32,
    /// Last second matched, since the epoch.
    pub date_stop: u32,
    /// First second of the day matched.
    pub daytime_start: u32,
    /// Last second of the day matched.
    pub daytime_stop: u32,
    /// Bit `n` set: day `n` of the month matches (bit 0 never does).
    pub monthdays_match: u32,
    /// Bit `n` set: weekday `n` matches (1 Monday to 7 Sunday; bit 0 never does).
    pub weekdays_match: u8,
    /// `XT_TIME_*` flags.
    pub flags: u8,
}

impl XtTimeInfo {
    /// Decodes the first 24 bytes of `b` (the padding is not read).
    pub fn decode(b: &[u8]) -> Option<Self> {
        if b.len() < XT_TIME_INFO_SIZE {
            return None;
        }
        Some(Self {
            date_start: read_u32(b, 0)?,
            date_stop: read_u32(b, 4)?,
            daytime_start: read_u32(b, 8)?,
            daytime_stop: read_u32(b, 12)?,
            monthdays_match: read_u32(b, 16)?,
            weekdays_match: *b.get(20)?,
            flags: *b.get(21)?,
        })
    }

    /// Encodes to the 24-byte wire form, padding zeroed.
    pub fn encode(&self) -> [u8; XT_TIME_INFO_SIZE] {
        let mut b = [0u8; XT_TIME_INFO_SIZE];
        put(&mut b, 0, &self.date_start.to_ne_bytes());
        put(&mut b, 4, &self.date_stop.to_ne_bytes());
        put(&mut b, 8, &self.daytime_start.to_ne_bytes());
        put(&mut b, 12, &self.daytime_stop.to_ne_bytes());
        put(&mut b, 16, &self.monthdays_match.to_ne_bytes());
        put(&mut b, 20, &[self.weekdays_match, self.flags]);
        b
    }
}

/// `xt_time_mt_reg`: `NFPROTO_UNSPEC`, any table, any hook.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    ..Reg::match_(ExtId::Time, b"time", XT_TIME_INFO_SIZE)
}];

/// `time_mt_check`: a start or stop daytime past 23:59:59 (`EDOM`).
pub const DAYTIME_RANGE: Reject = Reject::Check("time: start or stop time greater than 23:59:59");
/// `time_mt_check`: flag bits outside `XT_TIME_ALL_FLAGS` (`EINVAL`).
pub const UNKNOWN_FLAGS: Reject = Reject::Check("time: unknown flags");
/// `time_mt_check`: `XT_TIME_CONTIGUOUS` with a daytime range that does not wrap (`EINVAL`).
pub const CONTIGUOUS: Reject = Reject::Check("time: contiguous with start before stop");

/// `days_since_year`: days before each month of a common year.
const DAYS_SINCE_YEAR: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/// `days_since_leapyear`: days before each month of a leap year.
const DAYS_SINCE_LEAPYEAR: [u16; 12] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];
/// `DSE_FIRST`: the year of `DAYS_SINCE_EPOCH[0]`.
const DSE_FIRST: u32 = 2039;
/// `days_since_epoch`: days from 1970-01-01 to January 1st of 2039, 2038, ... 1970.
const DAYS_SINCE_EPOCH: [u16; 70] = [
    25202, 24837, 24472, 24106, 23741, 23376, 23011, 22645, 22280, 21915, // 2039 - 2030
    21550, 21184, 20819, 20454, 20089, 19723, 19358, 18993, 18628, 18262, // 2029 - 2020
    17897, 17532, 17167, 16801, 16436, 16071, 15706, 15340, 14975, 14610, // 2019 - 2010
    14245, 13879, 13514, 13149, 12784, 12418, 12053, 11688, 11323, 10957, // 2009 - 2000
    10592, 10227, 9862, 9496, 9131, 8766, 8401, 8035, 7670, 7305, // 1999 - 1990
    6940, 6574, 6209, 5844, 5479, 5113, 4748, 4383, 4018, 3652, // 1989 - 1980
    3287, 2922, 2557, 2191, 1826, 1461, 1096, 730, 365, 0, // 1979 - 1970
];

/// `is_leap_year`.
const fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// `localtime_1`: the second of the day of `time` (`div_u64_rem` on the time as `u64`).
pub fn localtime_1(time: i64) -> u32 {
    // CAST: upstream passes the `time64_t` to `div_u64_rem`, which takes a `u64`; the
    // remainder is below 86400.
    ((time as u64) % u64::from(SECONDS_PER_DAY)) as u32
}

/// `localtime_2`: (days since the epoch as `unsigned int`, weekday 1 Monday to 7 Sunday).
pub fn localtime_2(time: i64) -> (u32, u8) {
    // CAST: `div_u64` of the time as `u64`, stored in an `unsigned int`.
    let dse = ((time as u64) / u64::from(SECONDS_PER_DAY)) as u32;
    // 1970-01-01 (dse 0) was a Thursday (4); `-1` and `+1` map Sunday onto 7. `unsigned int`
    // arithmetic.
    // CAST: the result is 1 to 7.
    let weekday = (4u32.wrapping_add(dse).wrapping_sub(1) % 7 + 1) as u8;
    (dse, weekday)
}

/// `localtime_3`: (month 1 to 12, monthday) of the day `dse` days after the epoch, from the
/// table of years (which ends in 2039: later days get upstream's truncated monthday).
pub fn localtime_3(dse: u32) -> (u8, u8) {
    let mut i = 0;
    let mut year = DSE_FIRST;
    // The table ends in 0, so the walk stops within it.
    while let Some(&d) = DAYS_SINCE_EPOCH.get(i) {
        if u32::from(d) <= dse {
            break;
        }
        i += 1;
        year -= 1;
    }
    let w = dse.wrapping_sub(DAYS_SINCE_EPOCH.get(i).map_or(0, |&d| u32::from(d)));
    let table = if is_leap_year(year) {
        &DAYS_SINCE_LEAPYEAR
    } else {
        &DAYS_SINCE_YEAR
    };
    let mut m = table.len() - 1;
    while m > 0 && table.get(m).is_some_and(|&d| u32::from(d) > w) {
        m -= 1;
    }
    let before = table.get(m).map_or(0, |&d| u32::from(d));
    // CAST: `r->monthday` is a `u8`; `m < 12`.
    let monthday = w.wrapping_sub(before).wrapping_add(1) as u8;
    (m as u8 + 1, monthday)
}

/// A validated `time` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time(pub XtTimeInfo);

impl Time {
    /// `time_mt` at the wall-clock second `now` with the kernel's timezone `minuteswest`.
    pub fn matches_at(&self, now: i64, minuteswest: impl FnOnce() -> i32) -> bool {
        let info = &self.0;
        let mut stamp = now;
        if info.flags & XT_TIME_LOCAL_TZ != 0 {
            // `60 * sys_tz.tz_minuteswest` in `int` (settimeofday keeps it within ±15 hours).
            stamp = stamp.wrapping_sub(i64::from(minuteswest().wrapping_mul(60)));
        }
        if stamp < i64::from(info.date_start) || stamp > i64::from(info.date_stop) {
            return false;
        }
        let packet_time = localtime_1(stamp);
        if info.daytime_start < info.daytime_stop {
            if packet_time < info.daytime_start || packet_time > info.daytime_stop {
                return false;
            }
        } else {
            if packet_time < info.daytime_start && packet_time > info.daytime_stop {
                return false;
            }
            // With --contiguous, the part after midnight belongs to the day before.
            if info.flags & XT_TIME_CONTIGUOUS != 0 && packet_time <= info.daytime_stop {
                stamp = stamp.wrapping_sub(i64::from(SECONDS_PER_DAY));
            }
        }
        let (dse, weekday) = localtime_2(stamp);
        if u32::from(info.weekdays_match) & (1u32 << weekday) == 0 {
            return false;
        }
        if info.monthdays_match != XT_TIME_ALL_MONTHDAYS {
            let (_, monthday) = localtime_3(dse);
            // `1U << monthday` with a monthday past 31 (dates after 2039) is a shift the CPU
            // takes modulo 32, as `wrapping_shl` does.
            if info.monthdays_match & 1u32.wrapping_shl(u32::from(monthday)) == 0 {
                return false;
            }
        }
        true
    }
}

impl MatchDef for Time {
    const REGS: &'static [Reg] = REGS;

    /// `time_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtTimeInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if info.daytime_start > XT_TIME_MAX_DAYTIME || info.daytime_stop > XT_TIME_MAX_DAYTIME {
            return Err(Error::Dom(DAYTIME_RANGE));
        }
        if info.flags & !XT_TIME_ALL_FLAGS != 0 {
            return Err(Error::Inval(UNKNOWN_FLAGS));
        }
        if info.flags & XT_TIME_CONTIGUOUS != 0 && info.daytime_start < info.daytime_stop {
            return Err(Error::Inval(CONTIGUOUS));
        }
        Ok(Time(info))
    }

    /// `time_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let now = env.real_seconds();
        MatchResult::from_bool(self.matches_at(now, || env.tz_minuteswest()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    /// libxt_time's defaults (`time_init`): every day, every second, 1970 to 2038-01-19.
    fn all() -> XtTimeInfo {
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

    fn load(i: &XtTimeInfo) -> Result<Match, Error> {
        load_match(b"time", 0, &i.encode(), &filter_input()).map(|m| m.0)
    }

    fn at(i: &XtTimeInfo, now: i64) -> bool {
        at_tz(i, now, 0)
    }

    fn at_tz(i: &XtTimeInfo, now: i64, tz: i32) -> bool {
        let m = load(i).unwrap();
        let env = FakeEnv {
            real_seconds: now,
            tz_minuteswest: tz,
            ..FakeEnv::default()
        };
        match_hits(&m, &env, &icmp_packet())
    }

    /// Days from 1970-01-01 to (`y`, `m`, `d`), by the proleptic Gregorian calendar (Howard
    /// Hinnant's `days_from_civil`): an independent reference for upstream's tables.
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    fn ts(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
        days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s
    }

    #[test]
    fn layout() {
        let i = XtTimeInfo {
            date_start: 1,
            date_stop: 2,
            daytime_start: 3,
            daytime_stop: 4,
            monthdays_match: 5,
            weekdays_match: 6,
            flags: 7,
        };
        let b = i.encode();
        assert_eq!(&b[16..20], &5u32.to_ne_bytes());
        assert_eq!(b[20..], [6, 7, 0, 0]);
        assert_eq!(XtTimeInfo::decode(&b), Some(i));
        assert_eq!(XtTimeInfo::decode(&b[..23]), None);
    }

    #[test]
    fn checks() {
        assert!(load(&all()).is_ok());
        let (m, view) = load_match(b"time", 0, &all().encode(), &par(b"nat", 0x1f, 0)).unwrap();
        assert_eq!(m, Match::Time(Time(all())));
        assert_eq!((view.name, view.used), (&b"time"[..], XT_TIME_INFO_SIZE));
        let with = |f: &dyn Fn(&mut XtTimeInfo)| {
            let mut i = all();
            f(&mut i);
            load(&i)
        };
        assert_eq!(
            with(&|i| i.daytime_start = 86400),
            Err(Error::Dom(DAYTIME_RANGE))
        );
        assert_eq!(
            with(&|i| i.daytime_stop = u32::MAX),
            Err(Error::Dom(DAYTIME_RANGE))
        );
        assert!(with(&|i| i.daytime_stop = 86399).is_ok());
        // The daytime check comes first.
        assert_eq!(
            with(&|i| {
                i.daytime_stop = 86400;
                i.flags = 0xff;
            }),
            Err(Error::Dom(DAYTIME_RANGE))
        );
        for f in [4, 8, 0x80, 0xff] {
            assert_eq!(with(&|i| i.flags = f), Err(Error::Inval(UNKNOWN_FLAGS)));
        }
        assert!(with(&|i| i.flags = XT_TIME_ALL_FLAGS & !XT_TIME_CONTIGUOUS).is_ok());
        // --contiguous needs start >= stop.
        assert_eq!(
            with(&|i| i.flags = XT_TIME_CONTIGUOUS),
            Err(Error::Inval(CONTIGUOUS))
        );
        assert!(with(&|i| {
            i.flags = XT_TIME_CONTIGUOUS;
            i.daytime_start = 100;
            i.daytime_stop = 100;
        })
        .is_ok());
        assert!(with(&|i| {
            i.flags = XT_TIME_CONTIGUOUS | XT_TIME_LOCAL_TZ;
            i.daytime_start = 82800;
            i.daytime_stop = 3600;
        })
        .is_ok());
        // Any date range, masks and padding are taken.
        let mut b = all().encode();
        b[22] = 0xff;
        b[23] = 0xff;
        assert!(load_match(b"time", 0, &b, &filter_input()).is_ok());
        assert!(with(&|i| {
            i.date_start = u32::MAX;
            i.date_stop = 0;
            i.monthdays_match = 0;
            i.weekdays_match = 0;
        })
        .is_ok());
        assert_eq!(
            load_match(b"time", 0, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        // Family-independent: another revision is EPROTOTYPE.
        assert_eq!(
            load_match(b"time", 1, &all().encode(), &filter_input()),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
        assert_eq!(find_revision(ExtKind::Match, &name(b"time"), 0), Ok(0));
    }

    /// Upstream's table walk against the civil calendar, every day from 1970 to 2039.
    #[test]
    fn calendar_matches_the_civil_one() {
        let mut day = 0;
        for y in 1970..=2039 {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let lens = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            for (m, &len) in lens.iter().enumerate() {
                for d in 1..=len {
                    assert_eq!(days_from_civil(y, m as i64 + 1, d), day);
                    let (dse, weekday) = localtime_2(day * 86400 + 43200);
                    assert_eq!(dse as i64, day);
                    // ISO weekday: 1970-01-01 was a Thursday.
                    assert_eq!(i64::from(weekday), (day + 3).rem_euclid(7) + 1);
                    assert_eq!(localtime_3(dse), (m as u8 + 1, d as u8), "{y}-{m}-{d}");
                    day += 1;
                }
            }
        }
    }

    #[test]
    fn calendar_fixed_points() {
        // 2024-02-29 12:00:00 UTC, a Thursday.
        let t = 1_709_208_000;
        assert_eq!(t, ts(2024, 2, 29, 12, 0, 0));
        assert_eq!(localtime_1(t), 43200);
        assert_eq!(localtime_2(t), (19782, 4));
        assert_eq!(localtime_3(19782), (2, 29));
        // 2000 is a leap year (divisible by 400), 2100 would not be.
        assert_eq!(localtime_3(days_from_civil(2000, 2, 29) as u32), (2, 29));
        assert_eq!(localtime_3(days_from_civil(2000, 12, 31) as u32), (12, 31));
        assert_eq!(localtime_3(days_from_civil(2001, 3, 1) as u32), (3, 1));
        // 2038-01-19 03:14:07, the default --datestop: a Tuesday.
        assert_eq!(localtime_1(i32::MAX.into()), 3 * 3600 + 14 * 60 + 7);
        assert_eq!(localtime_2(i32::MAX.into()).1, 2);
        // The epoch: Thursday, January 1st.
        assert_eq!(localtime_2(0), (0, 4));
        assert_eq!(localtime_3(0), (1, 1));
        // A Sunday is 7.
        assert_eq!(localtime_2(ts(2023, 1, 1, 0, 0, 0)).1, 7);
        // Past the table: 2040-01-01 is taken as day 365 of 2039, "December 32nd", and later
        // days run on (u8 truncation), as upstream.
        let d2040 = days_from_civil(2040, 1, 1) as u32;
        assert_eq!(localtime_3(d2040), (12, 32));
        assert_eq!(localtime_3(d2040 + 300), (12, 76));
        assert_eq!(localtime_3(d2040 + 1000), (12, (1032u32 % 256) as u8));
    }

    #[test]
    fn date_range() {
        let mut i = all();
        i.date_start = ts(2020, 1, 1, 0, 0, 0) as u32;
        i.date_stop = ts(2020, 12, 31, 23, 59, 59) as u32;
        assert!(!at(&i, i64::from(i.date_start) - 1));
        assert!(at(&i, i64::from(i.date_start)));
        assert!(at(&i, ts(2020, 6, 15, 12, 0, 0)));
        assert!(at(&i, i64::from(i.date_stop)));
        assert!(!at(&i, i64::from(i.date_stop) + 1));
        // The default range ends in 2038 (INT_MAX), the field goes to 2106.
        assert!(!at(&all(), i64::from(i32::MAX) + 1));
        i.date_stop = u32::MAX;
        assert!(at(&i, i64::from(u32::MAX)));
        assert!(!at(&i, i64::from(u32::MAX) + 1));
        // A clock before the epoch is before any start.
        assert!(!at(&all(), -1));
        // Start after stop: nothing.
        let mut i = all();
        i.date_start = 200;
        i.date_stop = 100;
        assert!(!at(&i, 150));
    }

    #[test]
    fn daytime_ranges() {
        let mut i = all();
        i.daytime_start = 8 * 3600;
        i.daytime_stop = 17 * 3600;
        let day = ts(2021, 5, 5, 0, 0, 0);
        assert!(!at(&i, day + 8 * 3600 - 1));
        assert!(at(&i, day + 8 * 3600));
        assert!(at(&i, day + 17 * 3600));
        assert!(!at(&i, day + 17 * 3600 + 1));
        // 23:00 to 01:00 wraps around midnight.
        i.daytime_start = 23 * 3600;
        i.daytime_stop = 3600;
        assert!(at(&i, day + 23 * 3600));
        assert!(at(&i, day + 86399));
        assert!(at(&i, day));
        assert!(at(&i, day + 3600));
        assert!(!at(&i, day + 3601));
        assert!(!at(&i, day + 12 * 3600));
        assert!(!at(&i, day + 23 * 3600 - 1));
        // start == stop: the one second, and (not < and not >) every other second too.
        i.daytime_start = 100;
        i.daytime_stop = 100;
        assert!(at(&i, day + 100));
        assert!(at(&i, day + 5000));
        // The whole day (the default) and a whole day the other way round.
        assert!(at(&all(), day + 12345));
        i.daytime_start = XT_TIME_MAX_DAYTIME;
        i.daytime_stop = 0;
        assert!(at(&i, day));
        assert!(at(&i, day + 86399));
        assert!(!at(&i, day + 1));
    }

    #[test]
    fn weekdays_and_contiguous() {
        // 2021-05-05 is a Wednesday (3), 2021-05-06 a Thursday (4).
        let wed = ts(2021, 5, 5, 0, 0, 0);
        let mut i = all();
        i.weekdays_match = 1 << 3;
        assert!(at(&i, wed + 10));
        assert!(!at(&i, wed + 86400 + 10));
        assert!(!at(&i, wed - 1));
        // No weekday: nothing matches.
        i.weekdays_match = 0;
        assert!(!at(&i, wed));
        // Only bit 0: no day is 0.
        i.weekdays_match = 1;
        assert!(!at(&i, wed));
        // Wednesday 23:00 to 01:00: without --contiguous, Thursday's 00:30 is Thursday's.
        let mut i = all();
        i.weekdays_match = 1 << 3;
        i.daytime_start = 23 * 3600;
        i.daytime_stop = 3600;
        assert!(at(&i, wed + 23 * 3600 + 30));
        assert!(!at(&i, wed + 86400 + 1800));
        assert!(at(&i, wed + 1800));
        // With it, Thursday's 00:30 belongs to Wednesday, and Wednesday's 00:30 to Tuesday.
        i.flags = XT_TIME_CONTIGUOUS;
        assert!(at(&i, wed + 23 * 3600 + 30));
        assert!(at(&i, wed + 86400 + 1800));
        assert!(at(&i, wed + 86400 + 3600));
        assert!(!at(&i, wed + 86400 + 3601));
        assert!(!at(&i, wed + 1800));
        // Contiguous on the first day of the epoch: the stamp goes below 0 and the day is
        // computed from its `u64` form, as upstream (a day no mask of weekdays 1-7 misses).
        let mut i = all();
        i.flags = XT_TIME_CONTIGUOUS;
        i.daytime_start = 86399;
        i.daytime_stop = 86398;
        let (dse, wd) = localtime_2(-86400 + 100);
        assert_eq!(dse, ((u64::MAX - 86300 + 1) / 86400) as u32);
        assert_eq!(wd, (4u32.wrapping_add(dse).wrapping_sub(1) % 7 + 1) as u8);
        assert!(at(&i, 100));
        i.weekdays_match = XT_TIME_ALL_WEEKDAYS & !(1 << wd);
        assert!(!at(&i, 100));
    }

    #[test]
    fn monthdays() {
        let mut i = all();
        i.monthdays_match = 1 << 29;
        assert!(at(&i, ts(2024, 2, 29, 1, 0, 0)));
        assert!(!at(&i, ts(2024, 3, 1, 1, 0, 0)));
        assert!(!at(&i, ts(2023, 3, 1, 1, 0, 0)));
        assert!(at(&i, ts(2023, 3, 29, 1, 0, 0)));
        i.monthdays_match = 1 << 31 | 1 << 1;
        assert!(at(&i, ts(2022, 12, 31, 23, 59, 59)));
        assert!(at(&i, ts(2023, 1, 1, 0, 0, 0)));
        assert!(!at(&i, ts(2023, 1, 2, 0, 0, 0)));
        // Bit 0 only: no day.
        i.monthdays_match = 1;
        assert!(!at(&i, ts(2023, 1, 1, 0, 0, 0)));
        // All monthdays but the shortcut's value (bit 0 too): still every day.
        i.monthdays_match = u32::MAX;
        assert!(at(&i, ts(2023, 1, 17, 0, 0, 0)));
        // Past 2039: "December 32nd" is bit 0 after the CPU's modulo-32 shift.
        let mut i = all();
        i.date_stop = u32::MAX;
        i.monthdays_match = 1;
        assert!(at(&i, ts(2040, 1, 1, 12, 0, 0)));
        i.monthdays_match = 1 << 31;
        assert!(!at(&i, ts(2040, 1, 1, 12, 0, 0)));
    }

    #[test]
    fn kernel_timezone() {
        // 2021-05-05 23:30 UTC; the kernel 120 minutes east of UTC sees 01:30 on Thursday.
        let t = ts(2021, 5, 5, 23, 30, 0);
        let mut i = all();
        i.weekdays_match = 1 << 4;
        assert!(!at_tz(&i, t, -120));
        i.flags = XT_TIME_LOCAL_TZ;
        assert!(at_tz(&i, t, -120));
        assert!(!at_tz(&i, t, 0));
        // West of UTC: 23:30 UTC minus 60 minutes is still Wednesday.
        i.weekdays_match = 1 << 3;
        assert!(at_tz(&i, t, 60));
        // The shift moves the date range too.
        let mut i = all();
        i.flags = XT_TIME_LOCAL_TZ;
        i.date_start = 1000;
        assert!(!at_tz(&i, 1000, 1));
        assert!(at_tz(&i, 1060, 1));
        // Without --kerneltz the timezone is never read.
        let m = Time(all());
        assert!(m.matches_at(5, || panic!("timezone read")));
    }
}
