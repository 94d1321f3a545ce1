// SPDX-License-Identifier: GPL-2.0

//! Command-line parsing (`do_parse`) and command execution (`do_command4`) on an in-memory table.

use crate::error::{Error, Result};
use crate::ext::{self, ArgSource, Extension};
use crate::model::{verdict_of, CounterMap, ExtData, Rule, TableState, Target};
use crate::names;
use crate::print::{self, Fmt};
use oxtables_engine::abi::{self, IptIp};

/// `CMD_*` bits (bit order = `cmd2char`).
pub mod cmd {
    pub const INSERT: u32 = 0x1;
    pub const DELETE: u32 = 0x2;
    pub const DELETE_NUM: u32 = 0x4;
    pub const REPLACE: u32 = 0x8;
    pub const APPEND: u32 = 0x10;
    pub const LIST: u32 = 0x20;
    pub const FLUSH: u32 = 0x40;
    pub const ZERO: u32 = 0x80;
    pub const NEW_CHAIN: u32 = 0x100;
    pub const DELETE_CHAIN: u32 = 0x200;
    pub const SET_POLICY: u32 = 0x400;
    pub const RENAME_CHAIN: u32 = 0x800;
    pub const LIST_RULES: u32 = 0x1000;
    pub const ZERO_NUM: u32 = 0x2000;
    pub const CHECK: u32 = 0x4000;
    pub const VERSION: u32 = 0x10000;
    pub const HELP: u32 = 0x20000;
}

const CMD_CHARS: [char; 15] = [
    'I', 'D', 'D', 'R', 'A', 'L', 'F', 'Z', 'N', 'X', 'P', 'E', 'S', 'Z', 'C',
];

fn cmd2char(c: u32) -> char {
    CMD_CHARS[c.trailing_zeros().min(14) as usize]
}

// OPT_* bits, in `optflags` order.
const OPT_NUMERIC: u32 = 1 << 0;
const OPT_SOURCE: u32 = 1 << 1;
const OPT_DESTINATION: u32 = 1 << 2;
const OPT_PROTOCOL: u32 = 1 << 3;
const OPT_JUMP: u32 = 1 << 4;
const OPT_VERBOSE: u32 = 1 << 5;
const OPT_EXPANDED: u32 = 1 << 6;
const OPT_VIANAMEIN: u32 = 1 << 7;
const OPT_VIANAMEOUT: u32 = 1 << 8;
const OPT_LINENUMBERS: u32 = 1 << 9;
const OPT_COUNTERS: u32 = 1 << 10;
const OPT_FRAGMENT: u32 = 1 << 11;
const OPT_CHARS: [&str; 12] = [
    "-n",
    "-s",
    "-d",
    "-p",
    "-j",
    "-v",
    "-x",
    "-i",
    "-o",
    "--line-numbers",
    "-c",
    "-f",
];

fn opt_name(o: u32) -> &'static str {
    OPT_CHARS[o.trailing_zeros() as usize]
}

const IDRAC: u32 = cmd::INSERT | cmd::DELETE | cmd::REPLACE | cmd::APPEND | cmd::CHECK;
const LISTZ: u32 = cmd::LIST | cmd::ZERO | cmd::ZERO_NUM;
/// `options_v_commands`.
const OPT_CMDS: [u32; 12] = [
    LISTZ,
    IDRAC,
    IDRAC,
    IDRAC,
    IDRAC,
    u32::MAX,
    LISTZ,
    IDRAC,
    IDRAC,
    LISTZ,
    cmd::INSERT | cmd::REPLACE | cmd::APPEND | cmd::SET_POLICY,
    IDRAC,
];

/// A loaded match during parsing.
struct MatchInst {
    ext: &'static dyn Extension,
    data: Vec<u8>,
    flags: u32,
}

/// One rule edited in one chain, as `OXT_SO_SET_EDIT` takes it ([`Parsed::one_rule_edit`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneEdit {
    /// The chain.
    pub chain: String,
    /// `edit::OP_*`.
    pub op: u32,
    /// The rule number (0 for an append).
    pub rulenum: u32,
    /// The rule (none for a delete).
    pub rule: Option<Rule>,
}

/// A parsed command line.
#[derive(Default)]
pub struct Parsed {
    /// `CMD_*` bits.
    pub command: u32,
    /// Chain argument.
    pub chain: Option<String>,
    /// Rule number (1-based, 0 = none).
    pub rulenum: usize,
    /// `-E` new name / `-P` policy.
    pub arg2: Option<String>,
    /// `-t`.
    pub table: String,
    /// Base match being built.
    ip: IptIp,
    matches: Vec<MatchInst>,
    jumpto: Option<String>,
    target: Option<(&'static dyn Extension, Vec<u8>, u32)>,
    saddr: Option<String>,
    daddr: Option<String>,
    protocol: Option<u16>,
    proto_used: bool,
    options: u32,
    /// `-v` count.
    pub verbose: u32,
    /// `-w` given: `Some(0)` = wait forever, `Some(n)` = n seconds.
    pub wait: Option<u32>,
    /// `-c`.
    pub counters: Option<[u64; 2]>,
    /// Warnings printed to stderr before running.
    pub warnings: String,
}

struct Args<'a> {
    v: &'a [String],
    i: usize,
}

impl Args<'_> {
    /// `xs_has_arg`.
    fn has_arg(&self) -> bool {
        self.v
            .get(self.i)
            .is_some_and(|a| !a.starts_with('-') && !a.starts_with('!'))
    }
    fn take(&mut self) -> Option<String> {
        let a = self.v.get(self.i).cloned();
        if a.is_some() {
            self.i += 1;
        }
        a
    }
}

impl ArgSource for Args<'_> {
    fn next_arg(&mut self) -> Option<String> {
        if self.has_arg() {
            self.take()
        } else {
            None
        }
    }
}

/// Base long options: (name, short char, has_arg: 0 none, 1 required, 2 optional).
const LONG: &[(&str, char, u8)] = &[
    ("append", 'A', 1),
    ("delete", 'D', 1),
    ("check", 'C', 1),
    ("insert", 'I', 1),
    ("replace", 'R', 1),
    ("list", 'L', 2),
    ("list-rules", 'S', 2),
    ("flush", 'F', 2),
    ("zero", 'Z', 2),
    ("new-chain", 'N', 1),
    ("delete-chain", 'X', 2),
    ("rename-chain", 'E', 1),
    ("policy", 'P', 1),
    ("source", 's', 1),
    ("destination", 'd', 1),
    ("src", 's', 1),
    ("dst", 'd', 1),
    ("protocol", 'p', 1),
    ("in-interface", 'i', 1),
    ("jump", 'j', 1),
    ("table", 't', 1),
    ("match", 'm', 1),
    ("numeric", 'n', 0),
    ("out-interface", 'o', 1),
    ("verbose", 'v', 0),
    ("wait", 'w', 2),
    ("wait-interval", 'W', 2),
    ("exact", 'x', 0),
    ("fragments", 'f', 0),
    ("version", 'V', 0),
    ("help", 'h', 2),
    ("line-numbers", '0', 0),
    ("modprobe", 'M', 1),
    ("set-counters", 'c', 1),
    ("goto", 'g', 1),
    ("ipv4", '4', 0),
    ("ipv6", '6', 0),
];

/// Short options: those with a required argument, and those with an optional (attached) one.
const SHORT_REQ: &str = "ACDEIMNPRcdgijmopst";
const SHORT_OPT: &str = "FLSXZhwW";
const SHORT_NONE: &str = "V46fnvx";

enum Opt {
    Base(char, Option<String>),
    Ext(usize, u32, Option<String>), // (match index or usize::MAX for target, id, arg)
}

/// Checks a chain name as `assert_valid_chain_name` does.
pub fn assert_valid_chain_name(name: &str) -> Result<()> {
    if name.len() >= abi::XT_EXTENSION_MAXNAMELEN {
        return Err(Error::param(format!(
            "chain name `{name}' too long (must be under {} chars)",
            abi::XT_EXTENSION_MAXNAMELEN
        )));
    }
    if let Some(c) = name.chars().next().filter(|c| *c == '-' || *c == '!') {
        return Err(Error::param(format!(
            "chain name not allowed to start with `{c}'"
        )));
    }
    if ext::KNOWN_TARGET_NAMES.contains(&name) || ext::find_target(name).is_some() {
        return Err(Error::param("chain name may not clash with target name"));
    }
    if name.chars().any(|c| c.is_ascii_whitespace()) {
        return Err(Error::param(format!("Invalid chain name `{name}'")));
    }
    Ok(())
}

fn parse_rulenumber(s: &str) -> Result<usize> {
    names::strtoui(s, 1, i32::MAX as u64)
        .map(|v| v as usize)
        .ok_or_else(|| Error::param(format!("Invalid rule number `{s}'")))
}

impl Parsed {
    fn add_command(&mut self, new: u32, others: u32, invert: bool) -> Result<()> {
        if invert {
            return Err(Error::param("unexpected '!' flag"));
        }
        if self.command & !others != 0 {
            return Err(Error::param(format!(
                "Cannot use -{} with -{}",
                cmd2char(new),
                cmd2char(self.command & !others)
            )));
        }
        self.command |= new;
        Ok(())
    }

    fn set_option(&mut self, opt: u32, invert: bool) -> Result<()> {
        if self.options & opt != 0 {
            return Err(Error::param(format!(
                "multiple {} flags not allowed",
                opt_name(opt)
            )));
        }
        self.options |= opt;
        if invert {
            let inv = match opt {
                OPT_SOURCE => abi::IPT_INV_SRCIP,
                OPT_DESTINATION => abi::IPT_INV_DSTIP,
                OPT_PROTOCOL => abi::IPT_INV_PROTO,
                OPT_VIANAMEIN => abi::IPT_INV_VIA_IN,
                OPT_VIANAMEOUT => abi::IPT_INV_VIA_OUT,
                OPT_FRAGMENT => abi::IPT_INV_FRAG,
                _ => {
                    return Err(Error::param(format!(
                        "cannot have ! before {}",
                        opt_name(opt)
                    )))
                }
            };
            self.ip.invflags |= inv;
        }
        Ok(())
    }

    /// Finds which loaded extension owns long option `name` (the latest match first).
    fn find_ext_opt(&self, name: &str) -> Option<(usize, u32, bool)> {
        if let Some((t, _, _)) = &self.target {
            if let Some(o) = t.opts().iter().find(|o| o.name == name) {
                return Some((usize::MAX, o.id, o.has_arg));
            }
        }
        for (i, m) in self.matches.iter().enumerate().rev() {
            if let Some(o) = m.ext.opts().iter().find(|o| o.name == name) {
                return Some((i, o.id, o.has_arg));
            }
        }
        None
    }

    fn all_long_names(&self) -> Vec<String> {
        let mut v: Vec<String> = LONG.iter().map(|(n, _, _)| n.to_string()).collect();
        for m in &self.matches {
            v.extend(m.ext.opts().iter().map(|o| o.name.to_string()));
        }
        if let Some((t, _, _)) = &self.target {
            v.extend(t.opts().iter().map(|o| o.name.to_string()));
        }
        v
    }

    /// Loads the protocol's match implicitly (`load_proto`) if it knows option `name`.
    fn load_proto(&mut self, name: &str) -> bool {
        if self.proto_used {
            return false;
        }
        let Some(p) = self.protocol else { return false };
        let Some(pname) = names::proto_to_name(p, false) else {
            return false;
        };
        let Some(e) = ext::find_match(&pname) else {
            return false;
        };
        if !e.opts().iter().any(|o| o.name.starts_with(name)) {
            return false;
        }
        self.proto_used = true;
        self.push_match(e);
        true
    }

    fn push_match(&mut self, e: &'static dyn Extension) {
        let mut data = vec![0u8; abi::xt_align(e.size()).unwrap_or(0)];
        e.init(&mut data);
        self.matches.push(MatchInst {
            ext: e,
            data,
            flags: 0,
        });
    }
}

/// Parses an iptables command line (without the program name).
pub fn parse(argv: &[String], restore: bool) -> Result<Parsed> {
    let mut p = Parsed {
        table: "filter".to_string(),
        ..Parsed::default()
    };
    let mut a = Args { v: argv, i: 0 };
    let mut invert = false;
    let mut table_set = false;
    // Pending short options of a cluster.
    let mut cluster: Vec<char> = Vec::new();
    let mut cluster_rest: String = String::new();
    loop {
        let opt: Opt;
        if let Some(c) = cluster.first().copied() {
            cluster.remove(0);
            let arg = if SHORT_REQ.contains(c) {
                let rest: String = cluster.drain(..).collect();
                cluster_rest.clear();
                if !rest.is_empty() {
                    Some(rest)
                } else {
                    match a.take() {
                        Some(x) => Some(x),
                        None => {
                            return Err(Error::param(format!(
                                "option \"-{c}\" requires an argument"
                            )))
                        }
                    }
                }
            } else if SHORT_OPT.contains(c) {
                let rest: String = cluster.drain(..).collect();
                (!rest.is_empty()).then_some(rest)
            } else if SHORT_NONE.contains(c) {
                None
            } else {
                return Err(Error::param(format!("unknown option \"-{c}\"")));
            };
            opt = Opt::Base(c, arg);
        } else {
            let Some(tok) = a.take() else { break };
            if tok == "!" {
                if invert {
                    return Err(Error::param("multiple consecutive ! not allowed"));
                }
                invert = true;
                continue;
            }
            if let Some(long) = tok.strip_prefix("--") {
                if long.is_empty() {
                    continue;
                }
                let (name, attached) = match long.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (long.to_string(), None),
                };
                // Resolve (exact, or unique prefix).
                let resolve = |p: &Parsed| {
                    let names = p.all_long_names();
                    if names.contains(&name) {
                        Some(name.clone())
                    } else {
                        let mut uniq: Vec<&String> =
                            names.iter().filter(|n| n.starts_with(&name)).collect();
                        uniq.sort();
                        uniq.dedup();
                        (uniq.len() == 1).then(|| uniq[0].clone())
                    }
                };
                let mut resolved = resolve(&p);
                if resolved.is_none() && p.load_proto(&name) {
                    resolved = resolve(&p);
                }
                let Some(rname) = resolved else {
                    return Err(Error::param(format!("unknown option \"{tok}\"")));
                };
                if let Some((_, c, has)) = LONG.iter().find(|(n, _, _)| *n == rname) {
                    let arg = match has {
                        0 => None,
                        1 => match attached {
                            Some(v) => Some(v),
                            None => Some(a.take().ok_or_else(|| {
                                Error::param(format!("option \"{tok}\" requires an argument"))
                            })?),
                        },
                        _ => attached,
                    };
                    opt = Opt::Base(*c, arg);
                } else if let Some((idx, id, has)) = p.find_ext_opt(&rname) {
                    let arg = if has {
                        match attached {
                            Some(v) => Some(v),
                            None => Some(a.take().ok_or_else(|| {
                                Error::param(format!("option \"{tok}\" requires an argument"))
                            })?),
                        }
                    } else {
                        None
                    };
                    opt = Opt::Ext(idx, id, arg);
                } else {
                    return Err(Error::param(format!("unknown option \"{tok}\"")));
                }
            } else if tok.len() > 1 && tok.starts_with('-') {
                cluster = tok[1..].chars().collect();
                cluster_rest = tok.clone();
                continue;
            } else {
                return Err(Error::raw_tryhelp(2, format!("Bad argument `{tok}'\n")));
            }
        }
        match opt {
            Opt::Ext(idx, id, arg) => {
                let ip = p.ip;
                if idx == usize::MAX {
                    if let Some((t, data, flags)) = &mut p.target {
                        let t: &'static dyn Extension = *t;
                        t.parse(id, arg.as_deref(), invert, flags, data, &ip, &mut a)?;
                    }
                } else {
                    let m = &mut p.matches[idx];
                    m.ext.parse(
                        id,
                        arg.as_deref(),
                        invert,
                        &mut m.flags,
                        &mut m.data,
                        &ip,
                        &mut a,
                    )?;
                }
            }
            Opt::Base(c, arg) => {
                let arg_s = arg.clone().unwrap_or_default();
                match c {
                    'A' | 'C' => {
                        p.add_command(if c == 'A' { cmd::APPEND } else { cmd::CHECK }, 0, invert)?;
                        p.chain = arg;
                    }
                    'D' => {
                        p.add_command(cmd::DELETE, 0, invert)?;
                        p.chain = arg;
                        if a.has_arg() {
                            p.rulenum = parse_rulenumber(&a.take().unwrap_or_default())?;
                            p.command = cmd::DELETE_NUM;
                        }
                    }
                    'R' => {
                        p.add_command(cmd::REPLACE, 0, invert)?;
                        p.chain = arg;
                        if a.has_arg() {
                            p.rulenum = parse_rulenumber(&a.take().unwrap_or_default())?;
                        } else {
                            return Err(Error::param("-R requires a rule number"));
                        }
                    }
                    'I' => {
                        p.add_command(cmd::INSERT, 0, invert)?;
                        p.chain = arg;
                        p.rulenum = if a.has_arg() {
                            parse_rulenumber(&a.take().unwrap_or_default())?
                        } else {
                            1
                        };
                    }
                    'L' | 'S' | 'Z' => {
                        let (new, others) = match c {
                            'L' => (cmd::LIST, cmd::ZERO | cmd::ZERO_NUM),
                            'S' => (cmd::LIST_RULES, cmd::ZERO | cmd::ZERO_NUM),
                            _ => (cmd::ZERO, cmd::LIST | cmd::LIST_RULES),
                        };
                        p.add_command(new, others, invert)?;
                        if arg.is_some() {
                            p.chain = arg;
                        } else if a.has_arg() {
                            p.chain = a.take();
                        }
                        if a.has_arg() {
                            p.rulenum = parse_rulenumber(&a.take().unwrap_or_default())?;
                            if c == 'Z' {
                                p.command = (p.command & !cmd::ZERO) | cmd::ZERO_NUM;
                            }
                        }
                    }
                    'F' | 'X' => {
                        p.add_command(
                            if c == 'F' {
                                cmd::FLUSH
                            } else {
                                cmd::DELETE_CHAIN
                            },
                            0,
                            invert,
                        )?;
                        if arg.is_some() {
                            p.chain = arg;
                        } else if a.has_arg() {
                            p.chain = a.take();
                        }
                    }
                    'N' => {
                        assert_valid_chain_name(&arg_s)?;
                        p.add_command(cmd::NEW_CHAIN, 0, invert)?;
                        p.chain = arg;
                    }
                    'E' => {
                        p.add_command(cmd::RENAME_CHAIN, 0, invert)?;
                        p.chain = arg;
                        if a.has_arg() {
                            let n = a.take().unwrap_or_default();
                            assert_valid_chain_name(&n)?;
                            p.arg2 = Some(n);
                        } else {
                            return Err(Error::param(
                                "-E requires old-chain-name and new-chain-name",
                            ));
                        }
                    }
                    'P' => {
                        p.add_command(cmd::SET_POLICY, 0, invert)?;
                        p.chain = arg;
                        if a.has_arg() {
                            p.arg2 = a.take();
                        } else {
                            return Err(Error::param("-P requires a chain and a policy"));
                        }
                    }
                    'V' => {
                        p.command |= cmd::VERSION;
                    }
                    'h' => {
                        p.command |= cmd::HELP;
                    }
                    'p' => {
                        p.set_option(OPT_PROTOCOL, invert)?;
                        let lower = arg_s.to_ascii_lowercase();
                        let proto = names::parse_protocol(&lower)?;
                        p.ip.proto = proto;
                        p.protocol = Some(proto);
                        if proto == 0 && p.ip.invflags & abi::IPT_INV_PROTO != 0 {
                            return Err(Error::param("rule would never match protocol"));
                        }
                    }
                    's' => {
                        p.set_option(OPT_SOURCE, invert)?;
                        p.saddr = arg;
                    }
                    'd' => {
                        p.set_option(OPT_DESTINATION, invert)?;
                        p.daddr = arg;
                    }
                    'j' | 'g' => {
                        p.set_option(OPT_JUMP, invert)?;
                        if c == 'g' {
                            p.ip.flags |= abi::IPT_F_GOTO;
                        }
                        if arg_s.is_empty() {
                            return Err(Error::param("Invalid target name (too short)"));
                        }
                        if arg_s.len() >= abi::XT_EXTENSION_MAXNAMELEN {
                            return Err(Error::param(format!(
                                "Invalid target name `{arg_s}' ({} chars max)",
                                abi::XT_EXTENSION_MAXNAMELEN - 1
                            )));
                        }
                        if arg_s.chars().any(|c| c.is_ascii_whitespace()) {
                            return Err(Error::param(format!("Invalid target name `{arg_s}'")));
                        }
                        if let Some(t) = ext::find_target(&arg_s) {
                            let mut data = vec![0u8; abi::xt_align(t.size()).unwrap_or(0)];
                            t.init(&mut data);
                            p.target = Some((t, data, 0));
                        }
                        p.jumpto = arg;
                    }
                    'i' | 'o' => {
                        if arg_s.is_empty() {
                            return Err(Error::param("Empty interface is likely to be undesired"));
                        }
                        p.set_option(
                            if c == 'i' {
                                OPT_VIANAMEIN
                            } else {
                                OPT_VIANAMEOUT
                            },
                            invert,
                        )?;
                        if let Some(w) = names::check_interface(&arg_s)? {
                            p.warnings.push_str(&w);
                        }
                        let ip = if c == 'i' {
                            p.ip.with_iniface(arg_s.as_bytes())
                        } else {
                            p.ip.with_outiface(arg_s.as_bytes())
                        };
                        p.ip = ip.ok_or_else(|| Error::param("interface name too long"))?;
                    }
                    'f' => {
                        p.set_option(OPT_FRAGMENT, invert)?;
                        p.ip.flags |= abi::IPT_F_FRAG;
                    }
                    'v' => {
                        if p.verbose == 0 {
                            p.set_option(OPT_VERBOSE, invert)?;
                        }
                        p.verbose += 1;
                    }
                    'm' => {
                        if invert {
                            return Err(Error::param("unexpected ! flag before --match"));
                        }
                        let e = ext::find_match(&arg_s).ok_or_else(|| {
                            Error::param(format!(
                                "Couldn't load match `{arg_s}':No such file or directory\n"
                            ))
                        })?;
                        p.push_match(e);
                    }
                    'n' => p.set_option(OPT_NUMERIC, invert)?,
                    'x' => p.set_option(OPT_EXPANDED, invert)?,
                    '0' => p.set_option(OPT_LINENUMBERS, invert)?,
                    't' => {
                        if invert {
                            return Err(Error::param("unexpected ! flag before --table"));
                        }
                        if restore && table_set {
                            return Err(Error::param(
                                "The -t option cannot be used in iptables-restore.\n",
                            ));
                        }
                        table_set = true;
                        p.table = arg_s;
                    }
                    'w' => {
                        if restore {
                            return Err(Error::param("You cannot use `-w' from iptables-restore"));
                        }
                        let v = match arg {
                            Some(v) => Some(v),
                            None if a.has_arg() => a.take(),
                            None => None,
                        };
                        p.wait = Some(match v {
                            Some(v) => names::strtoui(&v, 0, i32::MAX as u64)
                                .ok_or_else(|| Error::param("wait seconds not numeric"))?
                                as u32,
                            None => 0,
                        });
                    }
                    'W' => {
                        if arg.is_none() && a.has_arg() {
                            a.take();
                        }
                    }
                    'M' | '4' => {}
                    '6' => {
                        return Err(Error::raw(2, "This is the IPv4 version of iptables.\n"));
                    }
                    'c' => {
                        p.set_option(OPT_COUNTERS, invert)?;
                        let pc = names::strtoui(&arg_s, 0, u64::MAX)
                            .ok_or_else(|| Error::param("-c packet counter not numeric"))?;
                        let bs = if a.has_arg() {
                            a.take().unwrap_or_default()
                        } else {
                            return Err(Error::param("-c requires packet and byte counter"));
                        };
                        let bc = names::strtoui(&bs, 0, u64::MAX)
                            .ok_or_else(|| Error::param("-c byte counter not numeric"))?;
                        p.counters = Some([pc, bc]);
                    }
                    _ => return Err(Error::param(format!("unknown option \"-{c}\""))),
                }
            }
        }
        invert = false;
    }
    let _ = cluster_rest;
    if p.command & (cmd::VERSION | cmd::HELP) != 0 {
        return Ok(p);
    }
    if p.command == 0 {
        return Err(Error::param("no command specified"));
    }
    if invert {
        return Err(Error::param("nothing appropriate following !"));
    }
    for m in &mut p.matches {
        m.ext.final_check(m.flags, &mut m.data)?;
    }
    if let Some((t, data, f)) = &mut p.target {
        t.final_check(*f, data)?;
    }
    for (i, f) in OPT_CMDS.iter().enumerate() {
        if p.options & (1 << i) != 0 && p.command & f == 0 {
            return Err(Error::param(format!(
                "Illegal option `{}' with this command",
                OPT_CHARS[i]
            )));
        }
    }
    if let Some(c) = &p.chain {
        if c.len() >= abi::XT_EXTENSION_MAXNAMELEN {
            return Err(Error::param(format!(
                "chain name `{c}' too long (must be under {} chars)",
                abi::XT_EXTENSION_MAXNAMELEN
            )));
        }
    }
    if p.command & (IDRAC | cmd::DELETE_NUM) != 0 {
        let chain = p.chain.clone().unwrap_or_default();
        if (chain == "PREROUTING" || chain == "INPUT") && p.options & OPT_VIANAMEOUT != 0 {
            return Err(Error::param(format!("Can't use -o with {chain}\n")));
        }
        if (chain == "POSTROUTING" || chain == "OUTPUT") && p.options & OPT_VIANAMEIN != 0 {
            return Err(Error::param(format!("Can't use -i with {chain}\n")));
        }
    }
    Ok(p)
}

impl Parsed {
    /// The output format flags.
    pub fn fmt(&self) -> Fmt {
        Fmt {
            numeric: self.options & OPT_NUMERIC != 0,
            verbose: self.verbose > 0,
            exact: self.options & OPT_EXPANDED != 0,
            linenumbers: self.options & OPT_LINENUMBERS != 0,
            notable: false,
        }
    }

    /// Builds the rules of an IDRAC command (one per source × destination), resolving the
    /// target against table `t`.
    pub fn build_rules(&self, t: &TableState) -> Result<Vec<Rule>> {
        self.build_rules_with(&|name| t.is_chain(name))
    }

    /// [`Parsed::build_rules`], with `is_chain` saying which names are chains of the table.
    fn build_rules_with(&self, is_chain: &dyn Fn(&str) -> bool) -> Result<Vec<Rule>> {
        let jumpto = self.jumpto.clone().unwrap_or_default();
        let target = if let Some((e, data, _)) = &self.target {
            Target::Ext(ExtData {
                name: e.real_name().to_string(),
                revision: e.revision(),
                data: data.clone(),
            })
        } else if jumpto.is_empty() {
            Target::Fallthrough
        } else if let Some(v) = verdict_of(&jumpto).filter(|_| self.ip.flags & abi::IPT_F_GOTO == 0)
        {
            Target::Verdict(v)
        } else if is_chain(&jumpto) {
            Target::Jump(jumpto.clone())
        } else if self.ip.flags & abi::IPT_F_GOTO != 0 {
            return Err(Error::param(format!("goto '{jumpto}' is not a chain")));
        } else {
            return Err(Error::param(format!(
                "Couldn't load target `{jumpto}':No such file or directory\n"
            )));
        };
        let saddrs = names::parse_addresses(self.saddr.as_deref().unwrap_or("0.0.0.0/0"))?;
        let daddrs = names::parse_addresses(self.daddr.as_deref().unwrap_or("0.0.0.0/0"))?;
        if (saddrs.len() > 1 || daddrs.len() > 1)
            && self.ip.invflags & (abi::IPT_INV_SRCIP | abi::IPT_INV_DSTIP) != 0
        {
            return Err(Error::param(
                "! not allowed with multiple source or destination IP addresses",
            ));
        }
        if self.command == cmd::REPLACE && (saddrs.len() != 1 || daddrs.len() != 1) {
            return Err(Error::param(
                "Replacement rule does not specify a unique address",
            ));
        }
        let matches: Vec<ExtData> = self
            .matches
            .iter()
            .map(|m| ExtData {
                name: m.ext.real_name().to_string(),
                revision: m.ext.revision(),
                data: m.data.clone(),
            })
            .collect();
        let mut out = Vec::new();
        for (s, sm) in &saddrs {
            for (d, dm) in &daddrs {
                let mut ip = self.ip;
                ip.src = *s;
                ip.smsk = *sm;
                ip.dst = *d;
                ip.dmsk = *dm;
                out.push(Rule {
                    ip,
                    matches: matches.clone(),
                    target: target.clone(),
                    counters: self.counters.unwrap_or([0, 0]),
                    map: if self.counters.is_some() {
                        CounterMap::Set
                    } else {
                        CounterMap::NoMap
                    },
                });
            }
        }
        Ok(out)
    }

    /// The command as one `OXT_SO_SET_EDIT` of oxtables.ko, if it is one: `-A`, `-I`, `-R`
    /// with exactly one rule, or `-D` with a rule number. The target is not resolved against
    /// the table (which is not read): a name that is no verdict nor target extension goes to the
    /// kernel as a chain name, and the kernel refuses the edit if the table has no such user
    /// chain (the caller then runs the command the usual way, which reports the error as
    /// iptables does). What the command prints (`-v` echoes the rule) goes to `out`.
    pub fn one_rule_edit(&self, out: &mut String) -> Option<OneEdit> {
        use oxtables_engine::edit;
        let chain = self.chain.clone()?;
        let (op, rulenum) = match self.command {
            cmd::APPEND => (edit::OP_APPEND, 0),
            cmd::INSERT => (edit::OP_INSERT, self.rulenum),
            cmd::REPLACE => (edit::OP_REPLACE, self.rulenum),
            cmd::DELETE_NUM => (edit::OP_DELETE, self.rulenum),
            _ => return None,
        };
        let rulenum = u32::try_from(rulenum).ok()?;
        if op != edit::OP_APPEND && rulenum == 0 {
            return None;
        }
        let rule = if op == edit::OP_DELETE {
            None
        } else {
            let mut rules = self.build_rules_with(&|_| true).ok()?;
            if rules.len() != 1 {
                return None;
            }
            rules.pop()
        };
        if let Some(r) = &rule {
            if self.verbose > 0 {
                let f = Fmt {
                    numeric: true,
                    verbose: true,
                    notable: true,
                    ..Fmt::default()
                };
                out.push_str(&print::rule_line(r, 0, f));
            }
        }
        Some(OneEdit {
            chain,
            op,
            rulenum,
            rule,
        })
    }

    /// Runs the command on `t`, appending what it prints to `out`.
    pub fn execute(&self, t: &mut TableState, out: &mut String) -> Result<()> {
        use crate::error::{ErrCtx, ENOENT};
        let chain = self.chain.as_deref();
        let ch = chain.unwrap_or("");
        let enoent = || Error::from_errno(ENOENT, ErrCtx::Generic);
        let verbose = self.verbose > 0;
        let echo = |r: &Rule, out: &mut String| {
            if verbose {
                let f = Fmt {
                    numeric: true,
                    verbose: true,
                    notable: true,
                    ..Fmt::default()
                };
                out.push_str(&print::rule_line(r, 0, f));
            }
        };
        let c = self.command;
        if c & (IDRAC) != 0 {
            let rules = self.build_rules(t)?;
            for r in rules {
                echo(&r, out);
                match c {
                    cmd::APPEND => t.append(ch, r)?,
                    cmd::INSERT => t.insert(ch, self.rulenum, r)?,
                    cmd::REPLACE => t.replace(ch, self.rulenum, r)?,
                    cmd::DELETE => t.delete(ch, &r)?,
                    _ => t.check(ch, &r)?,
                }
            }
            return Ok(());
        }
        let all: Vec<String> = t.chains.iter().map(|c| c.name.clone()).collect();
        if c & (cmd::LIST | cmd::LIST_RULES) != 0 {
            let s = if c & cmd::LIST != 0 {
                print::list_entries(t, chain, self.rulenum, self.fmt())
            } else {
                print::list_rules(t, chain, self.rulenum, verbose)
            };
            out.push_str(&s.ok_or_else(enoent)?);
        }
        if c & cmd::ZERO != 0 {
            match chain {
                Some(n) => t.zero(n)?,
                None => {
                    for n in &all {
                        t.zero(n)?;
                    }
                }
            }
        }
        if c & cmd::ZERO_NUM != 0 {
            t.zero_num(ch, self.rulenum)?;
        }
        if c & (cmd::LIST | cmd::LIST_RULES | cmd::ZERO | cmd::ZERO_NUM) != 0 {
            return Ok(());
        }
        match c {
            cmd::DELETE_NUM => t.delete_num(ch, self.rulenum),
            cmd::FLUSH => match chain {
                Some(n) => t.flush(n),
                None => {
                    for n in &all {
                        if verbose {
                            out.push_str(&format!("Flushing chain `{n}'\n"));
                        }
                        t.flush(n)?;
                    }
                    Ok(())
                }
            },
            cmd::NEW_CHAIN => t.create_chain(ch),
            cmd::DELETE_CHAIN => match chain {
                Some(n) => t.delete_chain(n),
                None => {
                    let users: Vec<String> = t
                        .chains
                        .iter()
                        .filter(|c| !c.builtin())
                        .map(|c| c.name.clone())
                        .collect();
                    for n in &users {
                        if verbose {
                            out.push_str(&format!("Deleting chain `{n}'\n"));
                        }
                        t.delete_chain(n)?;
                    }
                    Ok(())
                }
            },
            cmd::RENAME_CHAIN => t.rename_chain(ch, self.arg2.as_deref().unwrap_or("")),
            cmd::SET_POLICY => t.set_policy(ch, self.arg2.as_deref().unwrap_or(""), self.counters),
            _ => Ok(()),
        }
    }
}
