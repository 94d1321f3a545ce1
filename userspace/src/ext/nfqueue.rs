// SPDX-License-Identifier: GPL-2.0

//! The `NFQUEUE` target (libxt_NFQUEUE, iptables 1.8.9), revision 3 (`struct xt_NFQ_info_v3`):
//! `--queue-num`, `--queue-balance first:last`, `--queue-bypass`, `--queue-cpu-fanout`. Entries
//! of revisions 0 to 2 (older tools) print as `[unsupported revision]`, as 1.8.9 registers only
//! the revision the kernel answers for.

use super::{opt_by_id, option_check, options_also_excl, parse_mint, ArgSource, Extension, OptDef};
use crate::error::{Error, Result};
use crate::names;
use oxtables_engine::abi::IptIp;
use oxtables_engine::ext::nfqueue::{XtNfqInfo, NFQ_FLAG_BYPASS, NFQ_FLAG_CPU_FANOUT};
use oxtables_engine::ext::ExtKind;

/// `-j NFQUEUE`.
pub struct NfqueueTg;

const O_QUEUE_NUM: u32 = 0;
const O_QUEUE_BALANCE: u32 = 1;
const O_QUEUE_BYPASS: u32 = 2;
const O_QUEUE_CPU_FANOUT: u32 = 3;

/// `NFQUEUE_opts`, in its order.
static OPTS: &[OptDef] = &[
    OptDef {
        name: "queue-num",
        has_arg: true,
        id: O_QUEUE_NUM,
    },
    OptDef {
        name: "queue-balance",
        has_arg: true,
        id: O_QUEUE_BALANCE,
    },
    OptDef {
        name: "queue-bypass",
        has_arg: false,
        id: O_QUEUE_BYPASS,
    },
    OptDef {
        name: "queue-cpu-fanout",
        has_arg: false,
        id: O_QUEUE_CPU_FANOUT,
    },
];

fn get(data: &[u8]) -> XtNfqInfo {
    XtNfqInfo::decode(3, data).unwrap_or_default()
}

fn put(data: &mut [u8], i: &XtNfqInfo) {
    let b = i.encode();
    data[..b.len()].copy_from_slice(&b);
}

/// `NFQUEUE_print_v3` (`-L`, `prefix` "" and the words) and `NFQUEUE_save_v3`.
fn show(i: &XtNfqInfo, save: bool, out: &mut String) {
    let last = u32::from(i.queues_total);
    if last > 1 {
        // NO-OVERFLOW: both `u16`.
        let last = last + u32::from(i.queuenum) - 1;
        if save {
            out.push_str(&format!(" --queue-balance {}:{last}", i.queuenum));
        } else {
            out.push_str(&format!(" NFQUEUE balance {}:{last}", i.queuenum));
        }
    } else if save {
        out.push_str(&format!(" --queue-num {}", i.queuenum));
    } else {
        out.push_str(&format!(" NFQUEUE num {}", i.queuenum));
    }
    if i.flags & NFQ_FLAG_BYPASS != 0 {
        out.push_str(if save { " --queue-bypass" } else { " bypass" });
    }
    if i.flags & NFQ_FLAG_CPU_FANOUT != 0 {
        out.push_str(if save {
            " --queue-cpu-fanout"
        } else {
            " cpu-fanout"
        });
    }
}

impl Extension for NfqueueTg {
    fn kind(&self) -> ExtKind {
        ExtKind::Target
    }
    fn name(&self) -> &'static str {
        "NFQUEUE"
    }
    fn revision(&self) -> u8 {
        3
    }
    fn opts(&self) -> &'static [OptDef] {
        OPTS
    }
    /// `NFQUEUE_init_v1`: one queue.
    fn init(&self, data: &mut [u8]) {
        put(
            data,
            &XtNfqInfo {
                queues_total: 1,
                ..XtNfqInfo::default()
            },
        );
    }
    /// `xtables_option_parse`, then `NFQUEUE_parse_v3`.
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
        let opt = opt_by_id(OPTS, id);
        option_check("NFQUEUE", opt, flags, invert, false)?;
        let arg = arg.unwrap_or("");
        let mut i = get(data);
        match id {
            O_QUEUE_NUM => {
                let v = names::xt_strtoul(arg, 0, 0xffff).ok_or_else(|| {
                    Error::param(
                        "NFQUEUE: bad value for option \"--queue-num\", or out of range (0-65535).\n"
                            .to_string(),
                    )
                })?;
                // CAST: at most 0xffff.
                i.queuenum = v as u16;
            }
            O_QUEUE_BALANCE => {
                let r = parse_mint("NFQUEUE", "queue-balance", arg, 0xffff)?;
                let [first, last] = r[..] else {
                    return Err(Error::param(format!("Bad range \"{arg}\"")));
                };
                if first >= last {
                    return Err(Error::param(format!("{first} should be less than {last}")));
                }
                // CAST: at most 0xffff; the total wraps as upstream's `u16` store does (0:65535
                // gives 0, which the kernel refuses).
                i.queuenum = first as u16;
                i.queues_total = (last - first + 1) as u16;
            }
            O_QUEUE_BYPASS => i.flags |= NFQ_FLAG_BYPASS,
            _ => i.flags |= NFQ_FLAG_CPU_FANOUT,
        }
        put(data, &i);
        Ok(())
    }
    /// `xtables_options_fcheck`: `--queue-num` and `--queue-balance` exclude each other,
    /// `--queue-cpu-fanout` needs `--queue-balance`.
    fn final_check(&self, flags: u32, _data: &mut [u8]) -> Result<()> {
        options_also_excl(
            "NFQUEUE",
            OPTS,
            |o| match o.id {
                O_QUEUE_CPU_FANOUT => 1 << O_QUEUE_BALANCE,
                _ => 0,
            },
            |o| match o.id {
                O_QUEUE_NUM => 1 << O_QUEUE_BALANCE,
                O_QUEUE_BALANCE => 1 << O_QUEUE_NUM,
                _ => 0,
            },
            flags,
        )
    }
    fn print(&self, _ip: &IptIp, data: &[u8], _numeric: bool, out: &mut String) {
        show(&get(data), false, out);
    }
    fn save(&self, _ip: &IptIp, data: &[u8], out: &mut String) {
        show(&get(data), true, out);
    }
}
