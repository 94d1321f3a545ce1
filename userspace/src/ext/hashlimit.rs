// SPDX-License-Identifier: GPL-2.0

//! The `hashlimit` match (libxt_hashlimit, iptables 1.8.9), IPv4, revision 3 (`struct
//! xt_hashlimit_mtinfo3`): the revision iptables-legacy 1.8.9 sends to a kernel that has it.
//!
//! The library keeps the rate's time unit between `parse` and `x6_fcheck` in its `udata`
//! (`struct hashlimit_mt_udata`); here it rides in the kernel-private `hinfo` field of the
//! payload (sent as zero: `final_check` clears it).

use super::limit::rate_unit_seconds;
use super::{opt_by_id, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::hashlimit::{
    mode, Mtinfo, MTINFO3_SIZE, MTINFO3_USERSIZE, NAME_LEN, XT_HASHLIMIT_BYTE_SHIFT,
    XT_HASHLIMIT_SCALE_V2,
};

/// The `hashlimit` match.
pub struct Hashlimit;

const O_UPTO: u32 = 0;
const O_ABOVE: u32 = 1;
const O_SRCMASK: u32 = 4;
const O_DSTMASK: u32 = 5;
const O_NAME: u32 = 6;
const O_BURST: u32 = 7;
const O_HTABLE_SIZE: u32 = 8;
const O_HTABLE_MAX: u32 = 9;
const O_HTABLE_GCINT: u32 = 10;
const O_HTABLE_EXPIRE: u32 = 11;
const O_RATEMATCH: u32 = 12;
const O_INTERVAL: u32 = 13;
const O_MODE: u32 = 3;
/// `--hashlimit`, the old name of `--hashlimit-upto` (upstream: the same id, `O_UPTO`).
const O_UPTO_OLD: u32 = 14;

const F_BURST: u32 = 1 << O_BURST;
const F_UPTO: u32 = 1 << O_UPTO;
const F_ABOVE: u32 = 1 << O_ABOVE;
const F_HTABLE_EXPIRE: u32 = 1 << O_HTABLE_EXPIRE;
const F_RATEMATCH: u32 = 1 << O_RATEMATCH;

/// `XT_HASHLIMIT_BURST`.
const DEFAULT_BURST: u64 = 5;
/// `XT_HASHLIMIT_BURST_MAX`.
const BURST_MAX: u64 = 1_000_000;
/// `XT_HASHLIMIT_BYTE_EXPIRE`.
const BYTE_EXPIRE: u32 = 15;
/// `XT_HASHLIMIT_BYTE_EXPIRE_BURST`.
const BYTE_EXPIRE_BURST: u32 = 60;
/// `XT_HASHLIMIT_GCINTERVAL`.
const GCINTERVAL: u32 = 1000;

/// Where the time unit (`udata->mult`) waits for `final_check`: the `hinfo` field.
const MULT_AT: usize = MTINFO3_USERSIZE;

/// `hashlimit_mt_opts` (revision 3), in table order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "hashlimit-upto",
        has_arg: true,
        id: O_UPTO,
    },
    OptDef {
        name: "hashlimit-above",
        has_arg: true,
        id: O_ABOVE,
    },
    OptDef {
        name: "hashlimit",
        has_arg: true,
        id: O_UPTO_OLD,
    },
    OptDef {
        name: "hashlimit-srcmask",
        has_arg: true,
        id: O_SRCMASK,
    },
    OptDef {
        name: "hashlimit-dstmask",
        has_arg: true,
        id: O_DSTMASK,
    },
    OptDef {
        name: "hashlimit-burst",
        has_arg: true,
        id: O_BURST,
    },
    OptDef {
        name: "hashlimit-htable-size",
        has_arg: true,
        id: O_HTABLE_SIZE,
    },
    OptDef {
        name: "hashlimit-htable-max",
        has_arg: true,
        id: O_HTABLE_MAX,
    },
    OptDef {
        name: "hashlimit-htable-gcinterval",
        has_arg: true,
        id: O_HTABLE_GCINT,
    },
    OptDef {
        name: "hashlimit-htable-expire",
        has_arg: true,
        id: O_HTABLE_EXPIRE,
    },
    OptDef {
        name: "hashlimit-mode",
        has_arg: true,
        id: O_MODE,
    },
    OptDef {
        name: "hashlimit-name",
        has_arg: true,
        id: O_NAME,
    },
    OptDef {
        name: "hashlimit-rate-match",
        has_arg: false,
        id: O_RATEMATCH,
    },
    OptDef {
        name: "hashlimit-rate-interval",
        has_arg: true,
        id: O_INTERVAL,
    },
];

fn get(data: &[u8]) -> Mtinfo {
    Mtinfo::decode(data, 3).unwrap_or_default()
}

fn put(data: &mut [u8], i: &Mtinfo) {
    let (b, n) = i.encode(3);
    let mult = get_mult(data);
    data[..n].copy_from_slice(&b[..n]);
    set_mult(data, mult);
}

fn get_mult(data: &[u8]) -> u32 {
    data.get(MULT_AT..MULT_AT + 4)
        .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

fn set_mult(data: &mut [u8], mult: u32) {
    if let Some(b) = data.get_mut(MULT_AT..MULT_AT + 4) {
        b.copy_from_slice(&mult.to_ne_bytes());
    }
}

/// `xtables_param_act(XTF_BAD_VALUE, "hashlimit", opt, value)`.
fn bad_value(opt: &str, value: &str) -> Error {
    Error::param(format!(
        "hashlimit: Bad value for \"{opt}\" option: \"{value}\""
    ))
}

/// `burst_error`.
fn burst_error() -> Error {
    Error::param(format!(
        "bad value for option \"--hashlimit-burst\", or out of range (1-{BURST_MAX})."
    ))
}

/// glibc `atoll`: leading blanks, a sign, decimal digits, saturating.
fn atoll(s: &str) -> i64 {
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
            None => return if neg { i64::MIN } else { i64::MAX },
        }
        i += 1;
    }
    v
}

/// `get_factor`.
fn get_factor(c: Option<u8>) -> u64 {
    match c {
        Some(b'm') => 1024 * 1024,
        Some(b'k') => 1024,
        _ => 1,
    }
}

/// `cost_to_bytes`.
fn cost_to_bytes(cost: u64) -> u64 {
    let r = u64::from(u32::MAX)
        .checked_div(cost)
        .unwrap_or(u64::from(u32::MAX));
    r.wrapping_sub(1) << XT_HASHLIMIT_BYTE_SHIFT
}

/// `bytes_to_cost` (`UINT32_MAX / (r + 1)` in `uint32_t`; a division by zero upstream for
/// the largest value, 0 here).
fn bytes_to_cost(bytes: u64) -> u64 {
    // CAST: `uint32_t r = bytes >> XT_HASHLIMIT_BYTE_SHIFT`.
    let r = (bytes >> XT_HASHLIMIT_BYTE_SHIFT) as u32;
    u64::from(u32::MAX.checked_div(r.wrapping_add(1)).unwrap_or(0))
}

/// `parse_bytes` (revision 2 and 3): `Ok(Some((avg, mult)))` for a byte rate `N[kb|mb|b]/s`.
fn parse_bytes(rate: &str) -> Result<Option<(u64, u32)>> {
    let Some(pos) = rate.find("b/s") else {
        return Ok(None);
    };
    if pos == 0 {
        return Ok(None);
    }
    // CAST: `r = atoll(rate)` into a `uint64_t`.
    let r = atoll(rate) as u64;
    if r == 0 {
        return Ok(None);
    }
    let factor = get_factor(rate.as_bytes().get(pos - 1).copied());
    let tmp = bytes_to_cost(r.wrapping_mul(factor));
    if tmp == 0 {
        return Err(Error::param(format!("Rate too high \"{rate}\"")));
    }
    Ok(Some((tmp, BYTE_EXPIRE)))
}

/// `parse_rate` (revision 2 and 3): `Ok(Some((avg, mult)))`, `Ok(None)` for a malformed rate.
fn parse_rate(rate: &str) -> Result<Option<(u64, u32)>> {
    let Some(mult) = rate_unit_seconds(rate) else {
        return Ok(None);
    };
    // CAST: `r = atoll(rate)` into a `uint64_t`.
    let r = atoll(rate) as u64;
    if r == 0 {
        return Ok(None);
    }
    let tmp = XT_HASHLIMIT_SCALE_V2.wrapping_mul(u64::from(mult)) / r;
    if tmp == 0 {
        return Err(Error::param(format!("Rate too fast \"{rate}\"")));
    }
    Ok(Some((tmp, mult)))
}

/// `parse_burst(burst, 2)`.
fn parse_burst(burst: &str) -> Result<u64> {
    let (v, end) = names::xt_strtoul_end(burst, 1, u64::MAX).ok_or_else(burst_error)?;
    if end.is_empty() && v > BURST_MAX {
        return Err(burst_error());
    }
    Ok(v.wrapping_mul(get_factor(end.as_bytes().first().copied())))
}

/// `parse_mode`: a `,`/`|`-separated list of `dstip`, `srcip`, `srcport`, `dstport`.
fn parse_mode(m: &mut u32, arg: &str) -> bool {
    for tok in arg.split([',', '|']).filter(|t| !t.is_empty()) {
        *m |= match tok {
            "dstip" => mode::DIP,
            "srcip" => mode::SIP,
            "srcport" => mode::SPT,
            "dstport" => mode::DPT,
            _ => return false,
        };
    }
    true
}

/// `xtopt_parse_plen` for IPv4: a prefix length, or a mask (`xtopt_parse_mask`), whose
/// `xtables_ipmask_to_cidr` is -1, stored as 255 in `hlen`, when it is not contiguous.
fn parse_plen(opt: &str, arg: &str) -> Result<u8> {
    if let Some(n) = names::xt_strtoul(arg, 0, 32) {
        // CAST: at most 32.
        return Ok(n as u8);
    }
    match names::inet_aton(arg) {
        // CAST: at most 32.
        Some(m) => Ok(names::mask_to_cidr(m).map_or(255, |n| n as u8)),
        None => Err(Error::param(format!(
            "hashlimit: bad value for option \"--{opt}\", neither a valid network mask nor valid CIDR (0-32).\n"
        ))),
    }
}

/// `rates`: the units `print_rate` chooses from, largest first.
const RATES: &[(&str, u64)] = &[
    ("day", XT_HASHLIMIT_SCALE_V2 * 24 * 60 * 60),
    ("hour", XT_HASHLIMIT_SCALE_V2 * 60 * 60),
    ("min", XT_HASHLIMIT_SCALE_V2 * 60),
    ("sec", XT_HASHLIMIT_SCALE_V2),
];

/// `print_rate(period, 3)`: ` N/unit`; returns the unit in ms (0 for ` inf`).
fn print_rate(out: &mut String, period: u64) -> u64 {
    if period == 0 {
        out.push_str(" inf");
        return 0;
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
    // `uint32_t` upstream; at most 86400000.
    mult / XT_HASHLIMIT_SCALE_V2 * 1000
}

/// `units`.
const UNITS: &[(&str, u32)] = &[("m", 1024 * 1024), ("k", 1024), ("", 1)];

/// `print_bytes(avg, burst, prefix)`: returns the default expiry in ms.
fn print_bytes(out: &mut String, avg: u64, burst: u64, prefix: &str) -> u64 {
    let mut r = cost_to_bytes(avg);
    let mut i = 0;
    while i < UNITS.len() - 1 {
        let t = UNITS[i].1;
        // `r & ~(thresh - 1)` with a 32-bit mask: the high half of `r` goes.
        if r >= u64::from(t) && bytes_to_cost(r & u64::from(!(t - 1))) == avg {
            break;
        }
        i += 1;
    }
    out.push_str(&format!(" {}{}b/s", r / u64::from(UNITS[i].1), UNITS[i].0));
    if burst == 0 {
        return u64::from(BYTE_EXPIRE) * 1000;
    }
    r = r.wrapping_mul(burst);
    out.push_str(&format!(" {prefix}"));
    let mut i = 0;
    while i < UNITS.len() - 1 {
        if r >= u64::from(UNITS[i].1) {
            break;
        }
        i += 1;
    }
    out.push_str(&format!(
        "burst {}{}b",
        r / u64::from(UNITS[i].1),
        UNITS[i].0
    ));
    u64::from(BYTE_EXPIRE_BURST) * 1000
}

/// `print_mode(mode, separator)`.
fn print_mode(out: &mut String, m: u32, sep: char) {
    out.push(' ');
    let mut parts = Vec::new();
    if m & mode::SIP != 0 {
        parts.push("srcip");
    }
    if m & mode::SPT != 0 {
        parts.push("srcport");
    }
    if m & mode::DIP != 0 {
        parts.push("dstip");
    }
    if m & mode::DPT != 0 {
        parts.push("dstport");
    }
    out.push_str(&parts.join(&sep.to_string()));
}

const HASH_BITS: u32 = mode::SIP | mode::SPT | mode::DIP | mode::DPT;

/// The name field as C prints it with `%s`.
fn name_str(i: &Mtinfo) -> String {
    String::from_utf8_lossy(oxtables_engine::abi::c_str(&i.name)).into_owned()
}

impl Extension for Hashlimit {
    fn name(&self) -> &'static str {
        "hashlimit"
    }
    fn revision(&self) -> u8 {
        3
    }
    /// `offsetof(struct xt_hashlimit_mtinfo3, hinfo)`.
    fn userspace_size(&self) -> usize {
        MTINFO3_USERSIZE
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `hashlimit_mt4_init`.
    fn init(&self, data: &mut [u8]) {
        let mut i = Mtinfo::default();
        i.cfg.burst = DEFAULT_BURST;
        i.cfg.gc_interval = GCINTERVAL;
        i.cfg.srcmask = 32;
        i.cfg.dstmask = 32;
        put(data, &i);
        set_mult(data, 0);
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
        // The old name shares `O_UPTO`'s flag, as upstream's entries share the id.
        let fid = if id == O_UPTO_OLD { O_UPTO } else { id };
        if *flags & (1 << fid) != 0 {
            return Err(Error::param(format!(
                "hashlimit: option \"--{}\" can only be used once.\n",
                o.name
            )));
        }
        if invert && !matches!(id, O_UPTO | O_ABOVE | O_UPTO_OLD) {
            return Err(Error::param(format!(
                "hashlimit: option \"--{}\" cannot be inverted.\n",
                o.name
            )));
        }
        *flags |= 1 << fid;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        let c = &mut i.cfg;
        match id {
            O_UPTO | O_UPTO_OLD | O_ABOVE => {
                // `--hashlimit-above` not inverted, or an inverted `--hashlimit-upto`.
                if invert == (id != O_ABOVE) {
                    c.mode |= mode::INVERT;
                }
                let shown = if id == O_ABOVE {
                    "--hashlimit-above"
                } else {
                    "--hashlimit-upto"
                };
                if let Some((avg, mult)) = parse_bytes(arg)? {
                    c.avg = avg;
                    c.mode |= mode::BYTES;
                    set_mult(data, mult);
                } else {
                    // `parse_rate` sets the unit before it can fail.
                    set_mult(data, 1);
                    let (avg, mult) = parse_rate(arg)?.ok_or_else(|| bad_value(shown, arg))?;
                    c.avg = avg;
                    set_mult(data, mult);
                }
            }
            O_MODE => {
                if !parse_mode(&mut c.mode, arg) {
                    return Err(bad_value("--hashlimit-mode", arg));
                }
            }
            O_SRCMASK => c.srcmask = parse_plen(o.name, arg)?,
            O_DSTMASK => c.dstmask = parse_plen(o.name, arg)?,
            O_BURST => c.burst = parse_burst(arg)?,
            O_HTABLE_SIZE | O_HTABLE_MAX | O_HTABLE_GCINT | O_HTABLE_EXPIRE => {
                // CAST: at most `u32::MAX`.
                let v = names::xt_strtoul(arg, 0, u64::from(u32::MAX)).ok_or_else(|| {
                    Error::param(format!(
                        "hashlimit: bad value for option \"--{}\", or out of range (0-4294967295).\n",
                        o.name
                    ))
                })? as u32;
                match id {
                    O_HTABLE_SIZE => c.size = v,
                    O_HTABLE_MAX => c.max = v,
                    O_HTABLE_GCINT => c.gc_interval = v,
                    _ => c.expire = v,
                }
            }
            O_NAME => {
                if arg.is_empty() {
                    return Err(Error::param(
                        "Argument must have a minimum length of 1 characters\n",
                    ));
                }
                let b = arg.as_bytes();
                let z = b.len().min(NAME_LEN - 1);
                i.name = [0; NAME_LEN];
                i.name[..z].copy_from_slice(&b[..z]);
            }
            O_RATEMATCH => c.mode |= mode::RATE_MATCH,
            _ => {
                // `parse_interval`: `atoi`, positive.
                let r = super::limit::atoi(arg);
                if r <= 0 {
                    return Err(bad_value("--hashlimit-rate-interval", arg));
                }
                // CAST: positive.
                c.interval = r as u32;
            }
        }
        let mult = get_mult(data);
        put(data, &i);
        set_mult(data, mult);
        Ok(())
    }
    /// `hashlimit_mt_check`, then `xtables_options_fcheck` (the mandatory name, the
    /// exclusions of `--hashlimit-upto` and `--hashlimit-above`, in table order).
    fn final_check(&self, flags: u32, data: &mut [u8]) -> Result<()> {
        let mult = u64::from(get_mult(data));
        set_mult(data, 0);
        let mut i = get(data);
        let c = &mut i.cfg;
        if flags & (F_UPTO | F_ABOVE) == 0 {
            return Err(Error::param("You have to specify --hashlimit"));
        }
        if flags & F_HTABLE_EXPIRE == 0 {
            // CAST: `udata->mult * 1000` in `uint32_t`.
            c.expire = (mult * 1000) as u32;
        }
        if c.mode & mode::BYTES != 0 {
            let mut burst: u32 = 0;
            if flags & F_BURST != 0 {
                let ctb = cost_to_bytes(c.avg);
                if c.burst < ctb {
                    return Err(Error::param(format!("burst cannot be smaller than {ctb}b")));
                }
                // CAST: `uint32_t burst = info->cfg.burst`, divided in 64 bits.
                burst = (u64::from(c.burst as u32) / ctb.max(1)) as u32;
                if !c.burst.is_multiple_of(ctb.max(1)) {
                    burst = burst.wrapping_add(1);
                }
                if flags & F_HTABLE_EXPIRE == 0 {
                    c.expire = BYTE_EXPIRE_BURST * 1000;
                }
            }
            c.burst = u64::from(burst);
        } else if c.burst > BURST_MAX {
            return Err(burst_error());
        }
        if flags & F_RATEMATCH != 0 {
            if c.mode & mode::BYTES == 0 {
                c.avg = c.avg.checked_div(mult).unwrap_or(0);
            }
            if c.interval == 0 {
                // CAST: at most 86400.
                c.interval = if c.mode & mode::BYTES != 0 {
                    1
                } else {
                    mult as u32
                };
            }
        }
        put(data, &i);
        set_mult(data, 0);
        for o in OPTS {
            if o.id == O_NAME && flags & (1 << O_NAME) == 0 {
                return Err(Error::param(
                    "hashlimit: option \"--hashlimit-name\" must be specified\n",
                ));
            }
            if o.id == O_UPTO && flags & F_UPTO != 0 && flags & F_ABOVE != 0 {
                return Err(Error::param(
                    "hashlimit: option \"--hashlimit-upto\" cannot be used together with \"--hashlimit-above\".\n",
                ));
            }
        }
        Ok(())
    }
    /// `hashlimit_mt4_print`.
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        let i = get(data);
        let c = &i.cfg;
        if c.mode & mode::INVERT != 0 {
            out.push_str(" limit: above");
        } else {
            out.push_str(" limit: up to");
        }
        let quantum = if c.mode & mode::BYTES != 0 {
            print_bytes(out, c.avg, c.burst, "")
        } else {
            let mut period = c.avg;
            if c.interval != 0 {
                period = period.wrapping_mul(u64::from(c.interval));
            }
            let q = print_rate(out, period);
            out.push_str(&format!(" burst {}", c.burst));
            q
        };
        if c.mode & HASH_BITS != 0 {
            out.push_str(" mode");
            print_mode(out, c.mode, '-');
        }
        if c.size != 0 {
            out.push_str(&format!(" htable-size {}", c.size));
        }
        if c.max != 0 {
            out.push_str(&format!(" htable-max {}", c.max));
        }
        if c.gc_interval != GCINTERVAL {
            out.push_str(&format!(" htable-gcinterval {}", c.gc_interval));
        }
        if u64::from(c.expire) != quantum {
            out.push_str(&format!(" htable-expire {}", c.expire));
        }
        if c.srcmask != 32 {
            out.push_str(&format!(" srcmask {}", c.srcmask));
        }
        if c.dstmask != 32 {
            out.push_str(&format!(" dstmask {}", c.dstmask));
        }
        if c.mode & mode::RATE_MATCH != 0 {
            out.push_str(" rate-match");
            if c.interval != 1 {
                out.push_str(&format!(" rate-interval {}", c.interval));
            }
        }
    }
    /// `hashlimit_mt4_save`.
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        let i = get(data);
        let c = &i.cfg;
        if c.mode & mode::INVERT != 0 {
            out.push_str(" --hashlimit-above");
        } else {
            out.push_str(" --hashlimit-upto");
        }
        let quantum = if c.mode & mode::BYTES != 0 {
            print_bytes(out, c.avg, c.burst, "--hashlimit-")
        } else {
            let q = print_rate(out, c.avg);
            out.push_str(&format!(" --hashlimit-burst {}", c.burst));
            q
        };
        if c.mode & HASH_BITS != 0 {
            out.push_str(" --hashlimit-mode");
            print_mode(out, c.mode, ',');
        }
        out.push_str(&format!(" --hashlimit-name {}", name_str(&i)));
        if c.size != 0 {
            out.push_str(&format!(" --hashlimit-htable-size {}", c.size));
        }
        if c.max != 0 {
            out.push_str(&format!(" --hashlimit-htable-max {}", c.max));
        }
        if c.gc_interval != GCINTERVAL {
            out.push_str(&format!(" --hashlimit-htable-gcinterval {}", c.gc_interval));
        }
        // `quantum` is a `uint32_t` upstream.
        if u64::from(c.expire) != quantum {
            out.push_str(&format!(" --hashlimit-htable-expire {}", c.expire));
        }
        if c.srcmask != 32 {
            out.push_str(&format!(" --hashlimit-srcmask {}", c.srcmask));
        }
        if c.dstmask != 32 {
            out.push_str(&format!(" --hashlimit-dstmask {}", c.dstmask));
        }
        if c.mode & mode::RATE_MATCH != 0 {
            out.push_str(" --hashlimit-rate-match");
            if c.interval != 1 {
                out.push_str(&format!(" --hashlimit-rate-interval {}", c.interval));
            }
        }
    }
}

/// The payload size (checked against the engine's registration in the tests).
pub const SIZE: usize = MTINFO3_SIZE;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_bytes() {
        assert_eq!(parse_rate("1/sec").unwrap(), Some((1_000_000, 1)));
        assert_eq!(parse_rate("1/min").unwrap(), Some((60_000_000, 60)));
        assert_eq!(parse_rate("40").unwrap(), Some((25_000, 1)));
        assert_eq!(parse_rate("1/").unwrap(), None);
        assert_eq!(parse_rate("0/s").unwrap(), None);
        assert!(parse_rate("1000001/s").is_err());
        assert!(parse_rate("-1/s").is_err());
        assert_eq!(parse_bytes("4kb/s").unwrap(), Some((16_711_935, 15)));
        assert_eq!(parse_bytes("1/s").unwrap(), None);
        assert_eq!(parse_bytes("b/s").unwrap(), None);
        assert_eq!(cost_to_bytes(16_711_935), 4096);
        assert_eq!(parse_burst("400kb").unwrap(), 409_600);
        assert_eq!(parse_burst("1000000").unwrap(), 1_000_000);
        assert!(parse_burst("1000001").is_err());
        assert!(parse_burst("0").is_err());
        let mut o = String::new();
        assert_eq!(print_bytes(&mut o, 16_711_935, 100, "--hashlimit-"), 60_000);
        assert_eq!(o, " 4kb/s --hashlimit-burst 400kb");
        let mut o = String::new();
        assert_eq!(print_rate(&mut o, 1_000_000), 1000);
        assert_eq!(o, " 1/sec");
        assert_eq!(SIZE, super::super::Extension::size(&Hashlimit));
    }
}
