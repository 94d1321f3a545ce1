// SPDX-License-Identifier: GPL-2.0

//! Output: save format (`-S`, `iptables-save`) and the `-L` table (iptables.c / xshared.c).

use crate::ext;
use crate::model::{verdict_name, Chain, Rule, TableState, Target};
use crate::names;
use oxtables_engine::abi::{self, IptIp};

/// `-L` format flags (`FMT_*`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fmt {
    /// `-n`.
    pub numeric: bool,
    /// `-v`: counters and interfaces.
    pub verbose: bool,
    /// `-x`.
    pub exact: bool,
    /// `--line-numbers`.
    pub linenumbers: bool,
    /// `FMT_NOTABLE` (rule echo for `-v` on edits).
    pub notable: bool,
}

fn iface_str(name: &[u8; abi::IFNAMSIZ]) -> String {
    String::from_utf8_lossy(abi::c_str(name)).into_owned()
}

fn save_addr(out: &mut String, letter: char, addr: [u8; 4], mask: [u8; 4], invert: bool) {
    if mask == [0; 4] && !invert && addr == [0; 4] {
        return;
    }
    out.push_str(&format!(
        "{} -{letter} {}/{}",
        if invert { " !" } else { "" },
        names::ip_str(addr),
        names::mask_save(mask)
    ));
}

fn save_iface(out: &mut String, letter: char, iface: &str, invert: bool) {
    if !iface.is_empty() && (iface != "+" || invert) {
        out.push_str(&format!(
            "{} -{letter} {iface}",
            if invert { " !" } else { "" }
        ));
    }
}

/// The rule in save form (`print_rule4`); `counters`: 1 = `[p:b] ` prefix, -1 = `-c p b`.
pub fn save_rule(r: &Rule, chain: &str, counters: i32) -> String {
    let ip = &r.ip;
    let mut s = String::new();
    if counters > 0 {
        s.push_str(&format!("[{}:{}] ", r.counters[0], r.counters[1]));
    }
    s.push_str(&format!("-A {chain}"));
    save_addr(
        &mut s,
        's',
        ip.src,
        ip.smsk,
        ip.invflags & abi::IPT_INV_SRCIP != 0,
    );
    save_addr(
        &mut s,
        'd',
        ip.dst,
        ip.dmsk,
        ip.invflags & abi::IPT_INV_DSTIP != 0,
    );
    save_iface(
        &mut s,
        'i',
        &iface_str(&ip.iniface),
        ip.invflags & abi::IPT_INV_VIA_IN != 0,
    );
    save_iface(
        &mut s,
        'o',
        &iface_str(&ip.outiface),
        ip.invflags & abi::IPT_INV_VIA_OUT != 0,
    );
    if ip.proto > 0 {
        if ip.invflags & abi::IPT_INV_PROTO != 0 {
            s.push_str(" !");
        }
        match names::proto_to_name(ip.proto, false) {
            Some(n) => s.push_str(&format!(" -p {n}")),
            None => s.push_str(&format!(" -p {}", ip.proto)),
        }
    }
    if ip.flags & abi::IPT_F_FRAG != 0 {
        if ip.invflags & abi::IPT_INV_FRAG != 0 {
            s.push_str(" !");
        }
        s.push_str(" -f");
    }
    for m in &r.matches {
        // `print_match_save`: the alias callback names the match, for any revision.
        let e = ext::find_match(&m.name);
        let name = e.and_then(|e| e.alias(&m.data)).unwrap_or(&m.name);
        s.push_str(&format!(" -m {name}"));
        match e {
            Some(e) if !e.has_printer() => {}
            Some(e) if e.revision() == m.revision => e.save(ip, &m.data, &mut s),
            Some(_) => s.push_str(" [unsupported revision]"),
            None => {}
        }
    }
    if counters < 0 {
        s.push_str(&format!(" -c {} {}", r.counters[0], r.counters[1]));
    }
    match &r.target {
        Target::Fallthrough => {}
        Target::Verdict(v) => s.push_str(&format!(" -j {}", verdict_name(*v))),
        Target::Jump(c) => {
            let g = if ip.flags & abi::IPT_F_GOTO != 0 {
                'g'
            } else {
                'j'
            };
            s.push_str(&format!(" -{g} {c}"));
        }
        Target::Ext(e) => {
            let t = ext::find_target(&e.name);
            let name = t.and_then(|t| t.alias(&e.data)).unwrap_or(&e.name);
            s.push_str(&format!(" -j {name}"));
            match t {
                Some(t) if !t.has_printer() => {}
                Some(t) if t.revision() == e.revision => t.save(ip, &e.data, &mut s),
                Some(_) => s.push_str(" [unsupported revision]"),
                None => {}
            }
        }
    }
    s.push('\n');
    s
}

/// `-S [chain [rulenum]]` (`list_rules`); `None` if the chain does not exist.
pub fn list_rules(
    t: &TableState,
    chain: Option<&str>,
    rulenum: usize,
    counters: bool,
) -> Option<String> {
    let mut s = String::new();
    let mut found = false;
    let sel = |c: &&Chain| chain.is_none_or(|n| n == c.name);
    if rulenum == 0 {
        for c in t.chains.iter().filter(sel) {
            if c.builtin() {
                s.push_str(&format!("-P {} {}", c.name, verdict_name(c.policy)));
                if counters {
                    s.push_str(&format!(" -c {} {}", c.counters[0], c.counters[1]));
                }
                s.push('\n');
            } else {
                s.push_str(&format!("-N {}\n", c.name));
            }
        }
    }
    for c in t.chains.iter().filter(sel) {
        for (i, r) in c.rules.iter().enumerate() {
            if rulenum == 0 || rulenum == i + 1 {
                s.push_str(&save_rule(r, &c.name, if counters { -1 } else { 0 }));
            }
        }
        found = true;
    }
    found.then_some(s)
}

/// One table in `iptables-save` format, without the comment lines.
pub fn save_table(t: &TableState, counters: bool) -> String {
    let mut s = format!("*{}\n", t.name);
    for c in &t.chains {
        if c.builtin() {
            s.push_str(&format!(
                ":{} {} [{}:{}]\n",
                c.name,
                verdict_name(c.policy),
                c.counters[0],
                c.counters[1]
            ));
        } else {
            s.push_str(&format!(":{} - [0:0]\n", c.name));
        }
    }
    for c in &t.chains {
        for r in &c.rules {
            s.push_str(&save_rule(r, &c.name, if counters { 1 } else { 0 }));
        }
    }
    s.push_str("COMMIT\n");
    s
}

/// `xtables_print_num`.
pub fn print_num(n: u64, f: Fmt, notable: bool) -> String {
    if f.exact {
        return if notable {
            format!("{n} ")
        } else {
            format!("{n:>8} ")
        };
    }
    if n <= 99999 {
        return if notable {
            format!("{n} ")
        } else {
            format!("{n:>5} ")
        };
    }
    let mut n = n;
    for unit in ['K', 'M', 'G'] {
        n = n.saturating_add(500) / 1000;
        if n <= 9999 {
            return if notable {
                format!("{n}{unit} ")
            } else {
                format!("{n:>4}{unit} ")
            };
        }
    }
    n = n.saturating_add(500) / 1000;
    if notable {
        format!("{n}T ")
    } else {
        format!("{n:>4}T ")
    }
}

/// `print_header`.
pub fn header(t: &TableState, c: &Chain, f: Fmt) -> String {
    let mut s = format!("Chain {}", c.name);
    if c.builtin() {
        s.push_str(&format!(" (policy {}", verdict_name(c.policy)));
        if f.verbose {
            s.push(' ');
            s.push_str(&print_num(c.counters[0], f, true));
            s.push_str("packets, ");
            s.push_str(&print_num(c.counters[1], f, true));
            s.push_str("bytes");
        }
        s.push_str(")\n");
    } else {
        s.push_str(&format!(" ({} references)\n", t.references(&c.name)));
    }
    if f.linenumbers {
        s.push_str("num  ");
    }
    if f.verbose {
        if f.exact {
            s.push_str(&format!("{:>8} {:>10} ", "pkts", "bytes"));
        } else {
            s.push_str(&format!("{:>5} {:>5} ", "pkts", "bytes"));
        }
    }
    s.push_str(&format!("{:<9} ", "target"));
    s.push_str(" prot ");
    s.push_str("opt");
    if f.verbose {
        s.push_str(&format!(" {:<6} ", "in"));
        s.push_str(&format!("{:<6} ", "out"));
    }
    s.push_str(&format!(" {:<19} ", "source"));
    s.push_str(&format!(" {:<19} ", "destination"));
    s.push('\n');
    s
}

fn addr_list(addr: [u8; 4], mask: [u8; 4], numeric: bool) -> String {
    if mask == [0; 4] && !numeric {
        return "anywhere".into();
    }
    let a = if numeric {
        names::ip_str(addr)
    } else {
        names::addr_anyname(addr)
    };
    format!("{a}{}", names::mask_list(mask))
}

/// `print_firewall` for one rule (`num` is its 1-based position).
pub fn rule_line(r: &Rule, num: usize, f: Fmt) -> String {
    let ip: &IptIp = &r.ip;
    let nt = f.notable;
    let mut s = String::new();
    if f.linenumbers {
        s.push_str(&if nt {
            format!("{num} ")
        } else {
            format!("{num:<4} ")
        });
    }
    if f.verbose && !nt {
        s.push_str(&print_num(r.counters[0], f, false));
        s.push_str(&print_num(r.counters[1], f, false));
    }
    let tname = r.target_name();
    s.push_str(&if nt {
        format!("{tname} ")
    } else {
        format!("{tname:<9} ")
    });
    s.push(if ip.invflags & abi::IPT_INV_PROTO != 0 {
        '!'
    } else {
        ' '
    });
    let pname = names::proto_to_name(ip.proto, f.numeric);
    // `print_rule_details`: numbers in a numeric table, names (when known) otherwise and in
    // the one-line form (`FMT_NOTABLE`, the `-v` echo of an edit).
    let pname = match pname {
        Some(p) if !f.numeric || nt => p,
        _ => ip.proto.to_string(),
    };
    s.push_str(&if nt {
        format!("{pname} ")
    } else {
        format!("{pname:<4} ")
    });
    if nt {
        s.push_str("opt ");
    }
    s.push(if ip.invflags & abi::IPT_INV_FRAG != 0 {
        '!'
    } else {
        '-'
    });
    s.push(if ip.flags & abi::IPT_F_FRAG != 0 {
        'f'
    } else {
        '-'
    });
    s.push(' ');
    if f.verbose {
        let any = if f.numeric { "*" } else { "any" };
        let i = iface_str(&ip.iniface);
        let o = iface_str(&ip.outiface);
        let i = format!(
            "{}{}",
            if ip.invflags & abi::IPT_INV_VIA_IN != 0 {
                "!"
            } else {
                ""
            },
            if i.is_empty() { any } else { &i }
        );
        let o = format!(
            "{}{}",
            if ip.invflags & abi::IPT_INV_VIA_OUT != 0 {
                "!"
            } else {
                ""
            },
            if o.is_empty() { any } else { &o }
        );
        if nt {
            s.push_str(&format!("in {i} out {o} "));
        } else {
            s.push_str(&format!(" {i:<6} {o:<6} "));
        }
    }
    s.push(if ip.invflags & abi::IPT_INV_SRCIP != 0 {
        '!'
    } else {
        ' '
    });
    let src = addr_list(ip.src, ip.smsk, f.numeric);
    s.push_str(&if nt {
        format!("{src} ")
    } else {
        format!("{src:<19} ")
    });
    s.push(if ip.invflags & abi::IPT_INV_DSTIP != 0 {
        '!'
    } else {
        ' '
    });
    let dst = addr_list(ip.dst, ip.dmsk, f.numeric);
    s.push_str(&if nt {
        format!("-> {dst}")
    } else {
        format!("{dst:<19} ")
    });
    if nt {
        s.push_str("  ");
    }
    if ip.flags & abi::IPT_F_GOTO != 0 {
        s.push_str("[goto] ");
    }
    for m in &r.matches {
        match ext::find_match(&m.name) {
            Some(e) if !e.has_printer() => s.push_str(&format!("{} ", e.name())),
            Some(e) if e.revision() == m.revision => e.print(ip, &m.data, f.numeric, &mut s),
            Some(e) => s.push_str(&format!("{} [unsupported revision] ", e.name())),
            None if m.name.is_empty() => {}
            None => s.push_str(&format!("UNKNOWN match `{}' ", m.name)),
        }
    }
    if let Target::Ext(e) = &r.target {
        match ext::find_target(&e.name) {
            Some(t) if !t.has_printer() => {}
            Some(t) if t.revision() == e.revision => t.print(ip, &e.data, f.numeric, &mut s),
            Some(t) => s.push_str(&format!(" {} [unsupported revision]", t.name())),
            None if e.data.is_empty() => {}
            None => s.push_str(&format!("[{} bytes of unknown target data] ", e.data.len())),
        }
    }
    s.push('\n');
    s
}

/// `-L [chain [rulenum]]` (`list_entries`); `None` if the chain does not exist.
pub fn list_entries(t: &TableState, chain: Option<&str>, rulenum: usize, f: Fmt) -> Option<String> {
    let mut s = String::new();
    let mut found = false;
    for c in t
        .chains
        .iter()
        .filter(|c| chain.is_none_or(|n| n == c.name))
    {
        if found {
            s.push('\n');
        }
        if rulenum == 0 {
            s.push_str(&header(t, c, f));
        }
        for (i, r) in c.rules.iter().enumerate() {
            if rulenum == 0 || rulenum == i + 1 {
                s.push_str(&rule_line(r, i + 1, f));
            }
        }
        found = true;
    }
    found.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kilo_mega() {
        let f = Fmt::default();
        assert_eq!(print_num(0, f, false), "    0 ");
        assert_eq!(print_num(99999, f, false), "99999 ");
        assert_eq!(print_num(100000, f, false), " 100K ");
        assert_eq!(print_num(123456, f, false), " 123K ");
        assert_eq!(print_num(123456789, f, false), " 123M ");
        assert_eq!(print_num(9876543210, f, false), "9877M ");
        assert_eq!(print_num(9999999, f, false), "  10M ");
        assert_eq!(print_num(999999999999, f, false), "1000G ");
        let x = Fmt { exact: true, ..f };
        assert_eq!(print_num(0, x, false), "       0 ");
        assert_eq!(print_num(123456789, x, false), "123456789 ");
        assert_eq!(print_num(5, x, true), "5 ");
    }
}
