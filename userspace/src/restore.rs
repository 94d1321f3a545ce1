// SPDX-License-Identifier: GPL-2.0

//! `iptables-restore`: the save format in, one atomic replace per table at `COMMIT`.

use crate::cli;
use crate::error::{Error, Result, EAGAIN, PARAMETER_PROBLEM};
use crate::kernel;
use crate::model::TableState;

const PROG: &str = "oxtables-restore";

/// Options of a restore run.
#[derive(Clone, Debug, Default)]
pub struct Opts {
    /// `-c`: use the counters in the input.
    pub counters: bool,
    /// `-n`: do not flush the table first.
    pub noflush: bool,
    /// `-t`: parse and check only.
    pub test: bool,
    /// `-T`: only this table.
    pub table: Option<String>,
    /// `-w`.
    pub wait: Option<u32>,
    /// `-v`.
    pub verbose: bool,
}

/// One line of a table block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `:CHAIN POLICY [p:b]`.
    Chain {
        /// Input line.
        line: usize,
        /// Chain name.
        name: String,
        /// Policy or `-`.
        policy: String,
        /// Counters, if given.
        counters: Option<[u64; 2]>,
    },
    /// A command line (`-A ...`), already split, with its `[p:b]` prefix if any.
    Command {
        /// Input line.
        line: usize,
        /// Arguments.
        argv: Vec<String>,
        /// Counters prefix.
        counters: Option<[u64; 2]>,
    },
}

/// A `*table` ... `COMMIT` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Table name.
    pub table: String,
    /// Lines.
    pub ops: Vec<Op>,
    /// Line of COMMIT.
    pub commit_line: usize,
}

/// An error at a line: the error, and the line number.
pub type LineError = (Error, Option<usize>);

fn parse_counters(s: &str) -> Option<[u64; 2]> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    let (a, b) = inner.split_once(':')?;
    Some([a.parse().ok()?, b.parse().ok()?])
}

/// `add_param_to_argv`: splits on blanks, honouring double quotes and backslash escapes inside.
pub fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut quote = false;
    let mut esc = false;
    for c in s.chars() {
        if quote {
            if esc {
                cur.push(c);
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                quote = false;
            } else {
                cur.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                quote = true;
                have = true;
            }
            ' ' | '\t' | '\n' => {
                if have || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            _ => cur.push(c),
        }
    }
    if have || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Parses restore input into table blocks.
pub fn parse_input(input: &str) -> std::result::Result<Vec<Block>, LineError> {
    let mut blocks = Vec::new();
    let mut cur: Option<Block> = None;
    let mut n = 0;
    for (i, raw) in input.lines().enumerate() {
        let line = i + 1;
        n = line;
        let l = raw.trim_end_matches('\r');
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l == "COMMIT" && cur.is_some() {
            if let Some(mut b) = cur.take() {
                b.commit_line = line;
                blocks.push(b);
            }
            continue;
        }
        if let (Some(t), None) = (l.strip_prefix('*'), cur.as_ref()) {
            let name = t.split_whitespace().next().ok_or_else(|| {
                (
                    Error::param(format!("{PROG}: line {line} table name invalid\n")),
                    None,
                )
            })?;
            cur = Some(Block {
                table: name.to_string(),
                ops: Vec::new(),
                commit_line: 0,
            });
            continue;
        }
        let Some(b) = cur.as_mut() else {
            return Err((Error::raw(1, format!("{PROG}: line {line} failed\n")), None));
        };
        if let Some(rest) = l.strip_prefix(':') {
            let mut it = rest.split_whitespace();
            let name = it.next().ok_or_else(|| {
                (
                    Error::param(format!("{PROG}: line {line} chain name invalid\n")),
                    None,
                )
            })?;
            if name.len() >= oxtables_engine::abi::XT_EXTENSION_MAXNAMELEN {
                return Err((
                    Error::param(format!("Invalid chain name `{name}' (28 chars max)")),
                    Some(line),
                ));
            }
            let policy = it.next().ok_or_else(|| {
                (
                    Error::param(format!("{PROG}: line {line} policy invalid\n")),
                    None,
                )
            })?;
            let counters = it.next().and_then(parse_counters);
            b.ops.push(Op::Chain {
                line,
                name: name.to_string(),
                policy: policy.to_string(),
                counters,
            });
            continue;
        }
        let (counters, rest) = if l.starts_with('[') {
            let end = l
                .find(']')
                .ok_or_else(|| (Error::param(format!("Bad line {line}: need ]")), None))?;
            let c = parse_counters(&l[..=end])
                .ok_or_else(|| (Error::param(format!("Bad line {line}: need :")), None))?;
            (Some(c), &l[end + 1..])
        } else {
            (None, l)
        };
        b.ops.push(Op::Command {
            line,
            argv: split_args(rest),
            counters,
        });
    }
    if cur.is_some() {
        return Err((
            Error::raw(1, format!("{PROG}: COMMIT expected at line {}\n", n + 1)),
            None,
        ));
    }
    Ok(blocks)
}

/// Applies a block to the table as read from the kernel.
pub fn apply(
    t: &mut TableState,
    b: &Block,
    o: &Opts,
    out: &mut String,
) -> std::result::Result<(), LineError> {
    if !o.noflush {
        let names: Vec<String> = t.chains.iter().map(|c| c.name.clone()).collect();
        for n in &names {
            let _ = t.flush(n);
        }
        let users: Vec<String> = names
            .into_iter()
            .filter(|n| t.chain(n).is_some_and(|c| !c.builtin()))
            .collect();
        for n in &users {
            t.chains.retain(|c| c.name != *n);
        }
        t.changed = true;
    }
    for op in &b.ops {
        match op {
            Op::Chain {
                line,
                name,
                policy,
                counters,
            } => {
                let builtin = t.chain(name).is_some_and(|c| c.builtin());
                if !builtin {
                    if o.noflush && t.is_chain(name) {
                        t.flush(name).map_err(|e| (e, Some(*line)))?;
                    } else {
                        t.create_chain(name).map_err(|e| {
                            (
                                Error::param(format!(
                                    "error creating chain '{name}':{}\n",
                                    e.msg.trim_end_matches('.')
                                )),
                                Some(*line),
                            )
                        })?;
                    }
                }
                if policy != "-" {
                    let c = if o.counters {
                        Some(counters.ok_or_else(|| {
                            (
                                Error::param(format!(
                                    "invalid policy counters for chain '{name}'\n"
                                )),
                                Some(*line),
                            )
                        })?)
                    } else {
                        Some([0, 0])
                    };
                    t.set_policy(name, policy, c).map_err(|e| {
                        (
                            Error::param(format!(
                                "Can't set policy `{policy}' on `{name}' line {line}: {}\n",
                                e.msg.trim_end_matches('.')
                            )),
                            None,
                        )
                    })?;
                }
            }
            Op::Command {
                line,
                argv,
                counters,
            } => {
                let mut args = vec!["-t".to_string(), b.table.clone()];
                args.extend(argv.iter().cloned());
                if let (true, Some(c)) = (o.counters, counters) {
                    args.extend(["-c".into(), c[0].to_string(), c[1].to_string()]);
                }
                let p = cli::parse(&args, true).map_err(|e| (e, Some(*line)))?;
                if p.table != b.table {
                    return Err((
                        Error::param("The -t option cannot be used in iptables-restore.\n"),
                        Some(*line),
                    ));
                }
                if let Err(e) = p.execute(t, out) {
                    if e.code == PARAMETER_PROBLEM {
                        return Err((e, Some(*line)));
                    }
                    return Err((Error::raw(1, format!("{PROG}: line {line} failed\n")), None));
                }
            }
        }
    }
    Ok(())
}

fn parse_opts(argv: &[String]) -> Result<(Opts, Option<String>)> {
    let mut o = Opts::default();
    let mut file = None;
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i].as_str();
        match a {
            "-c" | "--counters" => o.counters = true,
            "-n" | "--noflush" => o.noflush = true,
            "-t" | "--test" => o.test = true,
            "-v" | "--verbose" => o.verbose = true,
            "-b" | "--binary" => {}
            "-T" | "--table" => {
                i += 1;
                o.table = Some(
                    argv.get(i)
                        .cloned()
                        .ok_or_else(|| Error::param("option \"-T\" requires an argument"))?,
                );
            }
            "-M" | "--modprobe" => i += 1,
            "-w" | "--wait" => {
                let next = argv.get(i + 1).filter(|s| !s.starts_with('-'));
                o.wait = Some(match next {
                    Some(s) => {
                        i += 1;
                        crate::names::strtoui(s, 0, i32::MAX as u64)
                            .ok_or_else(|| Error::param("wait seconds not numeric"))?
                            as u32
                    }
                    None => 0,
                });
            }
            "-W" | "--wait-interval" => {
                if argv.get(i + 1).is_some_and(|s| !s.starts_with('-')) {
                    i += 1;
                }
            }
            _ if a.starts_with("--table=") => o.table = Some(a[8..].to_string()),
            _ if a.starts_with("-w") && a.len() > 2 => {
                o.wait = Some(
                    crate::names::strtoui(&a[2..], 0, i32::MAX as u64)
                        .ok_or_else(|| Error::param("wait seconds not numeric"))?
                        as u32,
                )
            }
            _ if a.starts_with('-') && a.len() > 1 => {
                return Err(Error::param(format!("unknown option \"{a}\"")))
            }
            _ => file = Some(a.to_string()),
        }
        i += 1;
    }
    Ok((o, file))
}

fn fail(e: &Error, line: Option<usize>) -> i32 {
    eprint!("{}", e.render(PROG, line));
    e.code
}

/// The `restore` entry point; returns the exit code.
pub fn main(argv: &[String]) -> i32 {
    let (o, file) = match parse_opts(argv) {
        Ok(x) => x,
        Err(e) => return fail(&e, None),
    };
    if argv.iter().any(|a| a == "-V" || a == "--version") {
        println!("{PROG} v{} (legacy)", crate::VERSION);
        return 0;
    }
    let input = match file {
        Some(f) => match std::fs::read_to_string(&f) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("Can't open {f}: {e}");
                return 1;
            }
        },
        None => {
            let mut s = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
                eprintln!("{PROG}: {e}");
                return 1;
            }
            s
        }
    };
    let blocks = match parse_input(&input) {
        Ok(b) => b,
        Err((e, l)) => return fail(&e, l),
    };
    let h = match kernel::Handle::open() {
        Ok(h) => h,
        Err(e) => return fail(&e, None),
    };
    for b in &blocks {
        if o.table.as_ref().is_some_and(|t| *t != b.table) {
            continue;
        }
        let _lock = match kernel::lock(o.wait) {
            Ok(l) => l,
            Err(e) => return fail(&e, None),
        };
        loop {
            let mut t = match h.load(&b.table) {
                Ok(t) => t,
                Err(e) => return fail(&e, None),
            };
            let mut out = String::new();
            if let Err((e, l)) = apply(&mut t, b, &o, &mut out) {
                print!("{out}");
                return fail(&e, l);
            }
            print!("{out}");
            if o.test {
                break;
            }
            match h.commit(&t) {
                Ok(()) => break,
                Err((EAGAIN, None)) => continue,
                Err(_) => {
                    // iptables-restore reports a failed commit by its line only.
                    eprintln!("{PROG}: line {} failed", b.commit_line);
                    return 1;
                }
            }
        }
    }
    0
}
