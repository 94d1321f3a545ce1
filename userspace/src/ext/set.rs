// SPDX-License-Identifier: GPL-2.0

//! The `set` match (libxt_set, iptables 1.8.9). Against this kernel iptables-legacy sends
//! revision 4 (`struct xt_set_info_match_v4`), the only one printed. The set's name becomes its
//! index, and back, through ipset's `SO_IP_SET` getsockopt (`libxt_set.h`).

use super::{opt_by_id, ArgSource, Extension, OptDef};
use crate::error::{Error, Result, OTHER_PROBLEM};
use crate::sys;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::set::{
    cmdflags, counter_op, kopt, CounterMatch, XtSetInfoMatchV3, IPSET_DIM_MAX, IPSET_INVALID_ID,
    IPSET_MAXNAMELEN, XT_SET_INFO_MATCH_V4_SIZE,
};

/// The `set` match (revision 4).
pub struct Set;

const O_MATCH_SET: u32 = 1;
const O_SET: u32 = 2;
const O_RETURN_NOMATCH: u32 = 3;
const O_UPDATE_COUNTERS: u32 = 4;
const O_PACKETS_EQ: u32 = 5;
const O_PACKETS_LT: u32 = 6;
const O_PACKETS_GT: u32 = 7;
const O_BYTES_EQ: u32 = 8;
const O_BYTES_LT: u32 = 9;
const O_BYTES_GT: u32 = 10;
const O_UPDATE_SUBCOUNTERS: u32 = 11;

/// `set_opts_v3`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "match-set",
        has_arg: true,
        id: O_MATCH_SET,
    },
    OptDef {
        name: "set",
        has_arg: true,
        id: O_SET,
    },
    OptDef {
        name: "return-nomatch",
        has_arg: false,
        id: O_RETURN_NOMATCH,
    },
    OptDef {
        name: "update-counters",
        has_arg: false,
        id: O_UPDATE_COUNTERS,
    },
    OptDef {
        name: "packets-eq",
        has_arg: true,
        id: O_PACKETS_EQ,
    },
    OptDef {
        name: "packets-lt",
        has_arg: true,
        id: O_PACKETS_LT,
    },
    OptDef {
        name: "packets-gt",
        has_arg: true,
        id: O_PACKETS_GT,
    },
    OptDef {
        name: "bytes-eq",
        has_arg: true,
        id: O_BYTES_EQ,
    },
    OptDef {
        name: "bytes-lt",
        has_arg: true,
        id: O_BYTES_LT,
    },
    OptDef {
        name: "bytes-gt",
        has_arg: true,
        id: O_BYTES_GT,
    },
    OptDef {
        name: "update-subcounters",
        has_arg: false,
        id: O_UPDATE_SUBCOUNTERS,
    },
];

/// `IP_SET_OP_GET_BYINDEX`.
const OP_GET_BYINDEX: u32 = 7;
/// `IP_SET_OP_GET_FNAME`.
const OP_GET_FNAME: u32 = 8;
/// `IP_SET_OP_VERSION`.
const OP_VERSION: u32 = 0x100;
/// `sizeof(struct ip_set_req_get_set)`.
const REQ_GET_SET_SIZE: usize = 40;
/// `sizeof(struct ip_set_req_get_set_family)`.
const REQ_GET_SET_FAMILY_SIZE: usize = 44;

fn other(msg: String) -> Error {
    Error::versioned(OTHER_PROBLEM, msg)
}

/// `get_version`: a raw socket and ipset's protocol version.
fn get_version() -> Result<(std::os::fd::OwnedFd, u32)> {
    let fd = sys::raw_socket().map_err(|_| other("Can't open socket to ipset.\n".into()))?;
    let mut req = [0u8; 8];
    req[..4].copy_from_slice(&OP_VERSION.to_ne_bytes());
    sys::get_opt(&fd, sys::SO_IP_SET, &mut req)
        .map_err(|_| other("Kernel module xt_set is not loaded in.\n".into()))?;
    Ok((fd, u32::from_ne_bytes([req[4], req[5], req[6], req[7]])))
}

fn errno(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(0)
}

/// `get_set_byname` (`IP_SET_OP_GET_FNAME`; the `IP_SET_OP_GET_BYNAME` fallback of kernels
/// without it is not needed on this one, which answers `GET_FNAME`).
fn get_set_byname(name: &str) -> Result<u16> {
    let (fd, version) = get_version()?;
    let mut req = [0u8; REQ_GET_SET_FAMILY_SIZE];
    req[..4].copy_from_slice(&OP_GET_FNAME.to_ne_bytes());
    req[4..8].copy_from_slice(&version.to_ne_bytes());
    let n = name.as_bytes();
    let n = &n[..n.len().min(IPSET_MAXNAMELEN - 1)];
    req[12..12 + n.len()].copy_from_slice(n);
    let size = sys::get_opt(&fd, sys::SO_IP_SET, &mut req).map_err(|e| {
        other(format!(
            "Problem when communicating with ipset, errno={}.\n",
            errno(&e)
        ))
    })?;
    if size != REQ_GET_SET_FAMILY_SIZE {
        return Err(other(format!(
            "Incorrect return size from kernel during ipset lookup, (want {REQ_GET_SET_FAMILY_SIZE}, got {size})\n"
        )));
    }
    let index = u16::from_ne_bytes([req[12], req[13]]);
    if index == IPSET_INVALID_ID {
        return Err(Error::param(format!("Set {name} doesn't exist.\n")));
    }
    let family = u32::from_ne_bytes([req[8], req[9], req[10], req[11]]);
    if family != 2 && family != 0 {
        let f = if family == 2 { "IPv4" } else { "IPv6" };
        return Err(Error::param(format!(
            "The protocol family of set {name} is {f}, which is not applicable.\n"
        )));
    }
    Ok(index)
}

/// `get_set_byid`: the name of the set of `index`. Upstream exits from the middle of a
/// listing when this fails; here the failure's message stands in for the name.
fn get_set_byid(index: u16) -> std::result::Result<String, String> {
    let (fd, version) = get_version().map_err(|e| e.msg)?;
    let mut req = [0u8; REQ_GET_SET_SIZE];
    req[..4].copy_from_slice(&OP_GET_BYINDEX.to_ne_bytes());
    req[4..8].copy_from_slice(&version.to_ne_bytes());
    req[8..10].copy_from_slice(&index.to_ne_bytes());
    let size = sys::get_opt(&fd, sys::SO_IP_SET, &mut req).map_err(|e| {
        format!(
            "Problem when communicating with ipset, errno={}.\n",
            errno(&e)
        )
    })?;
    if size != REQ_GET_SET_SIZE {
        return Err(format!(
            "Incorrect return size from kernel during ipset lookup, (want {REQ_GET_SET_SIZE}, got {size})\n"
        ));
    }
    let name = &req[8..8 + IPSET_MAXNAMELEN];
    let len = name
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(IPSET_MAXNAMELEN);
    if len == 0 {
        return Err(format!("Set with index {index} in kernel doesn't exist.\n"));
    }
    Ok(String::from_utf8_lossy(&name[..len]).into_owned())
}

fn get(data: &[u8]) -> XtSetInfoMatchV3 {
    XtSetInfoMatchV3::decode(data, 4).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtSetInfoMatchV3) {
    data[..XT_SET_INFO_MATCH_V4_SIZE].copy_from_slice(&i.encode(4));
}

/// `parse_dirs`: `src`/`dst` (by their first three letters) into the dimension and flags.
fn parse_dirs(arg: &str, i: &mut XtSetInfoMatchV3) -> Result<()> {
    let mut parts = arg.split(',');
    let mut rest = true;
    while i.match_set.dim < IPSET_DIM_MAX {
        let Some(p) = parts.next() else {
            rest = false;
            break;
        };
        i.match_set.dim += 1;
        if p.starts_with("src") {
            i.match_set.flags |= 1 << i.match_set.dim;
        } else if !p.starts_with("dst") {
            return Err(Error::param(
                "You must spefify (the comma separated list of) 'src' or 'dst'.",
            ));
        }
    }
    if rest && parts.next().is_some() {
        return Err(Error::param(format!(
            "Can't be more src/dst options than {IPSET_DIM_MAX}."
        )));
    }
    Ok(())
}

/// `parse_counter`.
fn parse_counter(arg: &str) -> Result<u64> {
    crate::names::xt_strtoul(arg, 0, u64::MAX)
        .ok_or_else(|| Error::param(format!("Cannot parse {arg} as a counter value")))
}

/// A `--packets-*`/`--bytes-*` option.
fn counter(
    c: &mut CounterMatch,
    what: &str,
    op: u8,
    invert: bool,
    arg: Option<&str>,
) -> Result<()> {
    if c.op != counter_op::NONE {
        return Err(Error::param(format!(
            "only one of the --{what}-[eq|lt|gt] is allowed"
        )));
    }
    let op = match op {
        counter_op::EQ if invert => counter_op::NE,
        counter_op::EQ => op,
        _ if invert => {
            let name = if op == counter_op::LT { "lt" } else { "gt" };
            return Err(Error::param(format!(
                "--{what}-{name} option cannot be inverted"
            )));
        }
        _ => op,
    };
    c.op = op;
    c.value = parse_counter(arg.unwrap_or(""))?;
    Ok(())
}

/// `set_printv4_counter`.
fn print_counter(c: &CounterMatch, name: &str, sep: &str, out: &mut String) {
    let v = c.value;
    match c.op {
        counter_op::EQ => out.push_str(&format!(" {sep}{name}-eq {v}")),
        counter_op::NE => out.push_str(&format!(" ! {sep}{name}-eq {v}")),
        counter_op::LT => out.push_str(&format!(" {sep}{name}-lt {v}")),
        counter_op::GT => out.push_str(&format!(" {sep}{name}-gt {v}")),
        _ => {}
    }
}

/// `set_print_v4_matchinfo`, with `print_match`.
fn print_info(i: &XtSetInfoMatchV3, opt: &str, sep: &str, out: &mut String) {
    let name = get_set_byid(i.match_set.index).unwrap_or_else(|e| e);
    let inv = if i.match_set.flags & kopt::INV_MATCH != 0 {
        " !"
    } else {
        ""
    };
    out.push_str(&format!("{inv} {opt} {name}"));
    for d in 1..=i.match_set.dim {
        out.push_str(if d == 1 { " " } else { "," });
        // `1 << i` of an int: dimensions past 7 test no bit of the byte.
        let src = d < 8 && u32::from(i.match_set.flags) & (1u32 << d) != 0;
        out.push_str(if src { "src" } else { "dst" });
    }
    if i.flags & cmdflags::RETURN_NOMATCH != 0 {
        out.push_str(&format!(" {sep}return-nomatch"));
    }
    if i.flags & cmdflags::SKIP_COUNTER_UPDATE != 0 {
        out.push_str(&format!(" ! {sep}update-counters"));
    }
    if i.flags & cmdflags::SKIP_SUBCOUNTER_UPDATE != 0 {
        out.push_str(&format!(" ! {sep}update-subcounters"));
    }
    print_counter(&i.packets, "packets", sep, out);
    print_counter(&i.bytes, "bytes", sep, out);
}

impl Extension for Set {
    fn name(&self) -> &'static str {
        "set"
    }
    fn revision(&self) -> u8 {
        4
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    fn parse(
        &self,
        id: u32,
        arg: Option<&str>,
        invert: bool,
        flags_seen: &mut u32,
        data: &mut [u8],
        _ip: &IptIp,
        more: &mut dyn ArgSource,
    ) -> Result<()> {
        let _ = opt_by_id(OPTS, id);
        let mut i = get(data);
        match id {
            O_UPDATE_SUBCOUNTERS => {
                if invert {
                    i.flags |= cmdflags::SKIP_SUBCOUNTER_UPDATE;
                }
            }
            O_BYTES_GT => counter(&mut i.bytes, "bytes", counter_op::GT, invert, arg)?,
            O_BYTES_LT => counter(&mut i.bytes, "bytes", counter_op::LT, invert, arg)?,
            O_BYTES_EQ => counter(&mut i.bytes, "bytes", counter_op::EQ, invert, arg)?,
            O_PACKETS_GT => counter(&mut i.packets, "packets", counter_op::GT, invert, arg)?,
            O_PACKETS_LT => counter(&mut i.packets, "packets", counter_op::LT, invert, arg)?,
            O_PACKETS_EQ => counter(&mut i.packets, "packets", counter_op::EQ, invert, arg)?,
            O_UPDATE_COUNTERS => {
                if invert {
                    i.flags |= cmdflags::SKIP_COUNTER_UPDATE;
                }
            }
            O_RETURN_NOMATCH => {
                if invert {
                    return Err(Error::param("--return-nomatch flag cannot be inverted"));
                }
                i.flags |= cmdflags::RETURN_NOMATCH;
            }
            _ => {
                if id == O_SET {
                    eprintln!("--set option deprecated, please use --match-set");
                }
                if i.match_set.dim != 0 {
                    return Err(Error::param("--match-set can be specified only once"));
                }
                if invert {
                    i.match_set.flags |= kopt::INV_MATCH;
                }
                let dirs = more
                    .next_arg()
                    .filter(|d| !d.starts_with('-') && !d.starts_with('!'))
                    .ok_or_else(|| Error::param("--match-set requires two args."))?;
                let name = arg.unwrap_or("");
                if name.len() > IPSET_MAXNAMELEN - 1 {
                    return Err(Error::param(format!(
                        "setname `{name}' too long, max {} characters.",
                        IPSET_MAXNAMELEN - 1
                    )));
                }
                i.match_set.index = get_set_byname(name)?;
                parse_dirs(&dirs, &mut i)?;
                *flags_seen = 1;
            }
        }
        put(data, &i);
        Ok(())
    }
    fn final_check(&self, seen: u32, _data: &mut [u8]) -> Result<()> {
        if seen == 0 {
            return Err(Error::param(
                "You must specify `--match-set' with proper arguments",
            ));
        }
        Ok(())
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        print_info(&get(data), "match-set", "", out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        print_info(&get(data), "--match-set", "--", out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirs_and_counters() {
        let mut i = XtSetInfoMatchV3::default();
        parse_dirs("src,dst,srcx", &mut i).unwrap();
        assert_eq!((i.match_set.dim, i.match_set.flags), (3, 0b1010));
        let mut i = XtSetInfoMatchV3::default();
        assert!(parse_dirs("src,foo", &mut i).is_err());
        let mut i = XtSetInfoMatchV3::default();
        parse_dirs("src,src,src,src,src,src", &mut i).unwrap();
        assert_eq!(i.match_set.dim, 6);
        let mut i = XtSetInfoMatchV3::default();
        let e = parse_dirs("src,src,src,src,src,src,src", &mut i).unwrap_err();
        assert_eq!(e.msg, "Can't be more src/dst options than 6.");
        let mut c = CounterMatch::default();
        counter(&mut c, "packets", counter_op::EQ, true, Some("0x10")).unwrap();
        assert_eq!((c.op, c.value), (counter_op::NE, 16));
        assert!(counter(&mut c, "packets", counter_op::LT, false, Some("1")).is_err());
        let mut c = CounterMatch::default();
        let e = counter(&mut c, "bytes", counter_op::GT, true, Some("1")).unwrap_err();
        assert_eq!(e.msg, "--bytes-gt option cannot be inverted");
        assert!(parse_counter("x").is_err());
        let mut s = String::new();
        print_counter(
            &CounterMatch {
                op: counter_op::NE,
                value: 3,
            },
            "bytes",
            "--",
            &mut s,
        );
        assert_eq!(s, " ! --bytes-eq 3");
    }
}
