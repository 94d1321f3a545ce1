// SPDX-License-Identifier: GPL-2.0

//! The `rules.t` table (iptables' `.t` style): each rule is parsed, encoded with the engine's
//! ABI encoder, decoded back, and printed in save form, which must equal the canonical form.

use oxtables::cli;
use oxtables::model::TableState;
use oxtables::print;
use oxtables_engine::abi::{self, GetInfo, ReplaceHeader};
use oxtables_engine::env::HostLoad;
use oxtables_engine::ext::{conntrack, ct, nat, statistic};
use oxtables_engine::parse;
use oxtables_engine::tables::Table;

/// A filter table as the kernel creates it, plus chain FOO, decoded from a real blob.
pub fn initial_filter() -> TableState {
    initial(Table::Filter)
}

/// Table `table` as the kernel creates it, plus chain FOO, decoded from a real blob.
pub fn initial(table: Table) -> TableState {
    let buf = abi::encode_initial_table(table).unwrap().to_vec();
    let mut t = decode_replace(&buf);
    t.create_chain("FOO").unwrap();
    roundtrip(&t)
}

fn table_named(name: &str) -> Table {
    match name {
        "filter" => Table::Filter,
        "nat" => Table::Nat,
        "raw" => Table::Raw,
        "mangle" => Table::Mangle,
        t => panic!("unknown table {t}"),
    }
}

/// Decodes a SET_REPLACE buffer as if it came back from GET_INFO + GET_ENTRIES.
pub fn decode_replace(buf: &[u8]) -> TableState {
    let h = ReplaceHeader::decode(buf).unwrap();
    let info = GetInfo {
        name: h.name,
        valid_hooks: h.valid_hooks,
        hook_entry: h.hook_entry,
        underflow: h.underflow,
        num_entries: h.num_entries,
        size: h.size,
    };
    TableState::decode(&info, &buf[abi::IPT_REPLACE_SIZE..]).unwrap()
}

/// Compile → decode.
pub fn roundtrip(t: &TableState) -> TableState {
    let (buf, _) = t.compile().unwrap();
    decode_replace(&buf)
}

/// The name of a positive errno the engine returns.
fn errno_name(e: i32) -> &'static str {
    match e {
        2 => "ENOENT",
        7 => "E2BIG",
        12 => "ENOMEM",
        17 => "EEXIST",
        22 => "EINVAL",
        33 => "EDOM",
        34 => "ERANGE",
        36 => "ENAMETOOLONG",
        40 => "ELOOP",
        91 => "EPROTOTYPE",
        93 => "EPROTONOSUPPORT",
        95 => "EOPNOTSUPP",
        _ => "unknown errno",
    }
}

/// Words of `s` as a shell splits them: whitespace separates, single or double quotes group
/// (and go).
fn args(s: &str) -> Vec<String> {
    let (mut words, mut cur, mut any) = (Vec::new(), String::new(), false);
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match c {
            '"' | '\'' if quote.is_none() => (quote, any) = (Some(c), true),
            c if quote == Some(c) => quote = None,
            c if c.is_whitespace() && quote.is_none() => {
                if any {
                    words.push(core::mem::take(&mut cur));
                }
                any = false;
            }
            c => (cur, any) = (cur + c.encode_utf8(&mut [0; 4]), true),
        }
    }
    if any {
        words.push(cur);
    }
    words
}

#[test]
fn rules_t() {
    let text = include_str!("rules.t");
    let mut n = 0;
    let mut failures = Vec::new();
    // `*TABLE CHAIN` lines switch the table and chain the following rules are appended to.
    let (mut table, mut chain) = ("filter".to_string(), "INPUT".to_string());
    for (lineno, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('*') {
            let v: Vec<&str> = rest.split_whitespace().collect();
            (table, chain) = (v[0].to_string(), v[1].to_string());
            continue;
        }
        let parts: Vec<&str> = line.split(';').collect();
        assert_eq!(parts.len(), 3, "line {}: {line}", lineno + 1);
        let (rule, canon, expect) = (parts[0], parts[1], parts[2]);
        let mut t = initial(table_named(&table));
        let mut argv = args(&format!("-t {table} -A {chain}"));
        argv.extend(args(rule));
        let res = cli::parse(&argv, false).and_then(|p| {
            let mut out = String::new();
            p.execute(&mut t, &mut out)
        });
        n += 1;
        // `FAIL:message`: the message iptables-legacy 1.8.9 prints (without the program prefix).
        // `OK:ERRNO`: the tool takes the rule, the kernel refuses it with ERRNO.
        let (expect, want_msg) = match expect.split_once(':') {
            Some((e, m)) => (e, Some(m)),
            None => (expect, None),
        };
        let kernel_errno = if expect == "OK" { want_msg } else { None };
        match (expect, res) {
            ("FAIL", Err(e)) => {
                assert!(e.code == 2 || e.code == 1, "{line}: {e:?}");
                if let Some(m) = want_msg {
                    if e.msg.trim_end_matches('\n') != m {
                        failures.push(format!("{line}:\n got message {:?}", e.msg));
                    }
                }
            }
            ("FAIL", Ok(())) => failures.push(format!("{line}: accepted")),
            ("OK", Err(e)) => failures.push(format!("{line}: rejected: {}", e.msg)),
            ("OK", Ok(())) => {
                // The kernel's validator (the engine, exactly as the module runs it) takes the
                // tool's blob: tool and kernel cannot drift apart unnoticed.
                let (buf, _) = t.compile().unwrap();
                let got = parse::parse_replace(table_named(&table), &buf, &HostLoad)
                    .err()
                    .map(|e| errno_name(e.errno()));
                if got != kernel_errno {
                    failures.push(format!("{line}: the engine says {got:?}"));
                }
                let back = roundtrip(&t);
                let got = print::list_rules(&back, Some(&chain), 0, false).unwrap();
                let want_rules: Vec<String> = if canon == "=" {
                    vec![rule.to_string()]
                } else {
                    canon.split('|').map(String::from).collect()
                };
                let head = format!("-A {chain}");
                let mut want = format!("-P {chain} ACCEPT\n");
                for r in want_rules {
                    if r.starts_with(&head) {
                        want.push_str(&format!("{r}\n"));
                    } else {
                        want.push_str(&format!("{head} {r}\n"));
                    }
                }
                if got != want {
                    failures.push(format!("{line}:\n got {got:?}\nwant {want:?}"));
                }
            }
            (e, _) => panic!("bad expectation {e}"),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(n > 90);
}

#[test]
fn counters_survive_unrelated_edits() {
    use oxtables::model::{map_counters, CounterMap};
    let mut t = initial_filter();
    for r in [
        "-A INPUT -s 1.1.1.1",
        "-A INPUT -s 2.2.2.2",
        "-A FOO -j ACCEPT",
    ] {
        cli::parse(&args(r), false)
            .unwrap()
            .execute(&mut t, &mut String::new())
            .unwrap();
    }
    // As read back from the kernel: every rule mapped to its old index.
    let mut t = roundtrip(&t);
    let old_n = t.old_entries as usize;
    let old: Vec<[u64; 2]> = (0..old_n as u64).map(|i| [i * 10, i * 100]).collect();
    // Insert a rule at the top, zero chain FOO.
    cli::parse(&args("-I INPUT -s 3.3.3.3"), false)
        .unwrap()
        .execute(&mut t, &mut String::new())
        .unwrap();
    let foo = &mut t.chains.iter_mut().find(|c| c.name == "FOO").unwrap().rules[0];
    foo.counters = old[foo_index(&roundtrip(&initial_filter()))];
    t.zero("FOO").unwrap();
    let (_, maps) = t.compile().unwrap();
    let new = map_counters(&maps, &old);
    // Entry 0 is the new rule: zero. Entries 1, 2 are the old rules 0, 1.
    assert_eq!(maps[0].0, CounterMap::NoMap);
    assert_eq!(new[0], [0, 0]);
    assert_eq!(new[1], old[0]);
    assert_eq!(new[2], old[1]);
    // The INPUT policy keeps its counters (old entry 2).
    assert_eq!(new[3], old[2]);
    // FOO's rule was zeroed: old minus what was read.
    let zi = maps
        .iter()
        .position(|(m, _)| matches!(m, CounterMap::Zeroed(_)))
        .unwrap();
    assert_eq!(new[zi], [0, 0]);
}

fn foo_index(_t: &TableState) -> usize {
    // FOO's only rule: INPUT(2 rules + policy), FORWARD policy, OUTPUT policy, FOO head, rule.
    6
}

#[test]
fn set_counters_and_zero() {
    let mut t = initial_filter();
    cli::parse(&args("-A INPUT -c 5 10 -j ACCEPT"), false)
        .unwrap()
        .execute(&mut t, &mut String::new())
        .unwrap();
    let (_, maps) = t.compile().unwrap();
    let new = oxtables::model::map_counters(&maps, &[]);
    assert_eq!(new[0], [5, 10]);
    let s = print::list_rules(&t, Some("INPUT"), 0, true).unwrap();
    assert_eq!(s, "-P INPUT ACCEPT -c 0 0\n-A INPUT -c 5 10 -j ACCEPT\n");
}

#[test]
fn list_format() {
    use oxtables::print::Fmt;
    let mut t = initial_filter();
    for r in [
        "-A INPUT -s 10.0.0.1 -j ACCEPT",
        "-A INPUT ! -s 10.0.0.0/8 -d 192.168.1.0/255.255.255.0 -j DROP",
        "-A INPUT -p tcp --dport 22 -j ACCEPT",
        "-A INPUT -p icmp ! --icmp-type 8",
        "-A INPUT ! -f -j QUEUE",
        "-A INPUT -g FOO",
        "-A FORWARD ! -i eth0 ! -o abcdefghijklmno -j DROP",
        "-A FOO -p tcp -m tcp --dport 443 -c 123456789 9876543210 -j ACCEPT",
    ] {
        cli::parse(&args(r), false)
            .unwrap()
            .execute(&mut t, &mut String::new())
            .unwrap();
    }
    let f = Fmt {
        numeric: true,
        ..Fmt::default()
    };
    let s = print::list_entries(&t, Some("INPUT"), 0, f).unwrap();
    let want = "Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     0    --  10.0.0.1             0.0.0.0/0           
DROP       0    -- !10.0.0.0/8           192.168.1.0/24      
ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22
           1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 8
QUEUE      0    !f  0.0.0.0/0            0.0.0.0/0           
FOO        0    --  0.0.0.0/0            0.0.0.0/0           [goto] 
";
    assert_eq!(s, want);
    let v = Fmt {
        numeric: true,
        verbose: true,
        ..Fmt::default()
    };
    let s = print::list_entries(&t, Some("FORWARD"), 0, v).unwrap();
    assert_eq!(
        s,
        "Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DROP       0    --  !eth0  !abcdefghijklmno  0.0.0.0/0            0.0.0.0/0           
"
    );
    let s = print::list_entries(
        &t,
        Some("FOO"),
        0,
        Fmt {
            linenumbers: true,
            ..v
        },
    )
    .unwrap();
    assert_eq!(
        s,
        "Chain FOO (1 references)
num   pkts bytes target     prot opt in     out     source               destination         
1     123M 9877M ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443
"
    );
}

#[test]
fn restore_parsing() {
    use oxtables::restore::{apply, parse_input, Op, Opts};
    let input = "# c\n*filter\n:INPUT DROP [5:6]\n:X - [0:0]\n[3:4] -A X -s 1.1.1.1\n-A INPUT -m comment --comment \"a b\"\nCOMMIT\n";
    let b = parse_input(input).unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].table, "filter");
    assert_eq!(b[0].commit_line, 7);
    assert!(
        matches!(&b[0].ops[0], Op::Chain { name, policy, counters: Some([5, 6]), .. } if name == "INPUT" && policy == "DROP")
    );
    match &b[0].ops[3] {
        Op::Command { argv, .. } => assert_eq!(argv[5], "a b"),
        o => panic!("{o:?}"),
    }
    // No COMMIT.
    let e = parse_input("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 1.1.1.1\n").unwrap_err();
    assert_eq!(e.0.msg, "oxtables-restore: COMMIT expected at line 4\n");
    // Apply with counters: policy and rule counters set; the comment line fails (unknown match).
    let good = "*filter\n:INPUT DROP [5:6]\n:X - [0:0]\n[3:4] -A X -s 1.1.1.1\nCOMMIT\n";
    let b = parse_input(good).unwrap();
    let mut t = initial_filter();
    let o = Opts {
        counters: true,
        ..Opts::default()
    };
    apply(&mut t, &b[0], &o, &mut String::new()).unwrap();
    let save = print::save_table(&t, true);
    assert_eq!(
        save,
        "*filter\n:INPUT DROP [5:6]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:X - [0:0]\n[3:4] -A X -s 1.1.1.1/32\nCOMMIT\n"
    );
    // FOO was flushed and deleted (no --noflush).
    assert!(!t.is_chain("FOO"));
    // A bad target names its line.
    let bad = parse_input("*filter\n-A INPUT -j BOGUS\nCOMMIT\n").unwrap();
    let mut t = initial_filter();
    let e = apply(&mut t, &bad[0], &Opts::default(), &mut String::new()).unwrap_err();
    assert_eq!(e.1, Some(2));
    assert_eq!(e.0.code, 2);
    // --noflush keeps FOO; a -D of a missing rule fails with "line N failed".
    let nf = parse_input("*filter\n-D INPUT -s 9.9.9.9\nCOMMIT\n").unwrap();
    let mut t = initial_filter();
    let o = Opts {
        noflush: true,
        ..Opts::default()
    };
    let e = apply(&mut t, &nf[0], &o, &mut String::new()).unwrap_err();
    assert_eq!(e.0.msg, "oxtables-restore: line 2 failed\n");
}

#[test]
fn editing_errors() {
    let mut t = initial_filter();
    let run = |t: &mut TableState, s: &str| {
        cli::parse(&args(s), false)
            .and_then(|p| p.execute(t, &mut String::new()))
            .map_err(|e| e.msg)
    };
    assert_eq!(
        run(&mut t, "-D INPUT -s 9.9.9.9 -j ACCEPT"),
        Err("Bad rule (does a matching rule exist in that chain?).".into())
    );
    assert_eq!(
        run(&mut t, "-A NOPE -j ACCEPT"),
        Err("No chain/target/match by that name.".into())
    );
    assert_eq!(
        run(&mut t, "-X INPUT"),
        Err("Invalid argument. Run `dmesg' for more information.".into())
    );
    assert_eq!(run(&mut t, "-N FOO"), Err("Chain already exists.".into()));
    assert_eq!(
        run(&mut t, "-D INPUT 999"),
        Err("Index of deletion too big.".into())
    );
    assert_eq!(
        run(&mut t, "-R INPUT 999 -j ACCEPT"),
        Err("Index of replacement too big.".into())
    );
    assert_eq!(
        run(&mut t, "-I INPUT 999 -j ACCEPT"),
        Err("Index of insertion too big.".into())
    );
    assert_eq!(run(&mut t, "-E FOO INPUT"), Err("File exists.".into()));
    assert_eq!(
        run(&mut t, "-P FOO DROP"),
        Err("Bad built-in chain name.".into())
    );
    assert_eq!(
        run(&mut t, "-P INPUT RETURN"),
        Err("Bad policy name. Run `dmesg' for more information.".into())
    );
    run(&mut t, "-A INPUT -j FOO").unwrap();
    assert_eq!(run(&mut t, "-X FOO"), Err("Too many links.".into()));
    assert_eq!(
        run(&mut t, "-x -S"),
        Err("Illegal option `-x' with this command".into())
    );
    assert_eq!(
        run(&mut t, "-F FOO -A"),
        Err("option \"-A\" requires an argument".into())
    );
    assert_eq!(run(&mut t, ""), Err("no command specified".into()));
    assert_eq!(
        run(&mut t, "-A INPUT -o eth0"),
        Err("Can't use -o with INPUT\n".into())
    );
    assert_eq!(
        run(&mut t, "-N LONGCHAINNAME_abcdefghijklmno"),
        Err("chain name `LONGCHAINNAME_abcdefghijklmno' too long (must be under 29 chars)".into())
    );
    assert_eq!(
        run(&mut t, "-N LOG"),
        Err("chain name may not clash with target name".into())
    );
    // -E renames references and keeps user chains sorted.
    run(&mut t, "-N AAA").unwrap();
    run(&mut t, "-E FOO ZZZ").unwrap();
    let s = print::list_rules(&t, None, 0, false).unwrap();
    assert!(s.contains("-N AAA\n-N ZZZ\n"), "{s}");
    assert!(s.contains("-A INPUT -j ZZZ\n"), "{s}");
    // -D by rule spec and -C.
    run(&mut t, "-A INPUT -p tcp --dport 22 -j ACCEPT").unwrap();
    run(&mut t, "-C INPUT -p tcp --dport 22 -j ACCEPT").unwrap();
    run(&mut t, "-D INPUT -p tcp -m tcp --dport 22 -j ACCEPT").unwrap();
    assert!(run(&mut t, "-C INPUT -p tcp --dport 22 -j ACCEPT").is_err());
}

fn run_all(t: &mut TableState, cmds: &[&str]) {
    for r in cmds {
        cli::parse(&args(r), false)
            .unwrap_or_else(|e| panic!("{r}: {e:?}"))
            .execute(t, &mut String::new())
            .unwrap_or_else(|e| panic!("{r}: {e:?}"));
    }
}

/// `-L -n -v` of the NAT, CT and conntrack extensions, as iptables-legacy 1.8.9 prints it.
#[test]
fn nat_ct_list_format() {
    use oxtables::print::Fmt;
    let v = Fmt {
        numeric: true,
        verbose: true,
        ..Fmt::default()
    };
    let mut t = initial(Table::Nat);
    run_all(
        &mut t,
        &[
            "-t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080",
            "-t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.9:1000-2000/1500",
            "-t nat -A PREROUTING -p tcp -j DNAT --to-destination :8080 --random --persistent",
            "-t nat -A PREROUTING -p udp -j REDIRECT --to-ports 1000-2000 --random",
            "-t nat -A PREROUTING -j REDIRECT",
            "-t nat -A PREROUTING -m state --state NEW -j REDIRECT",
            "-t nat -A POSTROUTING -o eth0 -j MASQUERADE",
            "-t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000-2000/1500",
            "-t nat -A POSTROUTING -p tcp -j SNAT --to-source 192.0.2.1-192.0.2.9:1024-2048 --random --random-fully --persistent",
        ],
    );
    let t = roundtrip(&t);
    let s = print::list_entries(&t, Some("PREROUTING"), 0, v).unwrap();
    assert_eq!(
        s,
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80 to:10.0.0.1:8080
    0     0 DNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            to:10.0.0.1-10.0.0.9:1000-2000/1500
    0     0 DNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            to::8080 random persistent
    0     0 REDIRECT   17   --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 1000-2000 random
    0     0 REDIRECT   0    --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 REDIRECT   0    --  *      *       0.0.0.0/0            0.0.0.0/0            state NEW
"
    );
    let s = print::list_entries(&t, Some("POSTROUTING"), 0, v).unwrap();
    assert_eq!(
        s,
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 MASQUERADE  0    --  *      eth0    0.0.0.0/0            0.0.0.0/0           
    0     0 MASQUERADE  17   --  *      *       0.0.0.0/0            0.0.0.0/0            masq ports: 1000-2000/0
    0     0 SNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            to:192.0.2.1-192.0.2.9:1024-2048 random random-fully persistent
"
    );
    // The payloads: SNAT rev 0 (compat, rangesize 1), DNAT rev 2 (nf_nat_range2), state as
    // conntrack rev 3 with the alias flag.
    let pre = &t.chain("PREROUTING").unwrap().rules;
    let oxtables::model::Target::Ext(d) = &pre[0].target else {
        panic!()
    };
    assert_eq!((d.name.as_str(), d.revision, d.data.len()), ("DNAT", 2, 48));
    let m = &pre[5].matches[0];
    assert_eq!(
        (m.name.as_str(), m.revision, m.data.len()),
        ("conntrack", 3, 168)
    );
    let c = conntrack::XtConntrack::decode(3, &m.data).unwrap();
    assert_eq!(
        c.match_flags,
        conntrack::ct_flags::STATE | conntrack::ct_flags::STATE_ALIAS
    );
    assert_eq!(c.state_mask, conntrack::ct_state::NEW as u16);
    let post = &t.chain("POSTROUTING").unwrap().rules;
    let oxtables::model::Target::Ext(sn) = &post[2].target else {
        panic!()
    };
    assert_eq!(
        (sn.name.as_str(), sn.revision, sn.data.len()),
        ("SNAT", 0, 24)
    );
    let (rangesize, r) = nat::NatRange::decode_compat(&sn.data).unwrap();
    assert_eq!(rangesize, 1);
    assert_eq!((r.min_ip, r.max_ip), ([192, 0, 2, 1], [192, 0, 2, 9]));
    assert_eq!((r.min_proto, r.max_proto), (1024, 2048));

    let mut t = initial(Table::Raw);
    run_all(
        &mut t,
        &[
            "-t raw -A PREROUTING -j NOTRACK",
            "-t raw -A PREROUTING -p udp --dport 53 -j CT --notrack",
            "-t raw -A PREROUTING -j CT --zone-orig 7",
            "-t raw -A PREROUTING -j CT --notrack --helper ftp --timeout x --ctevents new --expevents new",
            "-t raw -A PREROUTING -m conntrack --ctstate NEW,UNTRACKED -j CT --notrack",
        ],
    );
    let t = roundtrip(&t);
    let s = print::list_entries(&t, Some("PREROUTING"), 0, v).unwrap();
    assert_eq!(
        s,
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 CT         0    --  *      *       0.0.0.0/0            0.0.0.0/0            NOTRACK
    0     0 CT         17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53 CT notrack
    0     0 CT         0    --  *      *       0.0.0.0/0            0.0.0.0/0            CT zone-orig 7
    0     0 CT         0    --  *      *       0.0.0.0/0            0.0.0.0/0            CT notrack helper ftp timeout x ctevents new expevents new
    0     0 CT         0    --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate NEW,UNTRACKED CT notrack
"
    );
    let oxtables::model::Target::Ext(n) = &t.chain("PREROUTING").unwrap().rules[0].target else {
        panic!()
    };
    assert_eq!((n.name.as_str(), n.revision, n.data.len()), ("CT", 2, 72));
    assert_eq!(
        ct::XtCtTarget::decode(2, &n.data).unwrap().flags,
        ct::ct_target::NOTRACK | ct::ct_target::NOTRACK_ALIAS
    );
    // -v echo of an edit: names of the chain protocols even though numeric.
    let mut out = String::new();
    let mut t = initial(Table::Nat);
    cli::parse(
        &args("-t nat -v -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000"),
        false,
    )
    .unwrap()
    .execute(&mut t, &mut out)
    .unwrap();
    assert_eq!(
        out,
        "SNAT  tcp opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   to:1.2.3.4:1000\n"
    );
}

/// Revisions other than the one the tool (like iptables 1.8.9) writes print as iptables 1.8.9
/// prints them: `[unsupported revision]`, the name from the alias callback in save output.
#[test]
fn other_revisions() {
    use oxtables::model::{CounterMap, ExtData, Rule, Target};
    use oxtables::print::Fmt;
    let ext = |name: &str, revision: u8, data: Vec<u8>| ExtData {
        name: name.into(),
        revision,
        data,
    };
    let rule = |matches: Vec<ExtData>, target: Target| Rule {
        ip: abi::IptIp {
            proto: 6,
            ..abi::IptIp::default()
        },
        matches,
        target,
        counters: [0, 0],
        map: CounterMap::NoMap,
    };
    // conntrack rev 1 with the state alias flag (match_flags at 146), state rev 0.
    let mut ct1 = vec![0u8; 152];
    ct1[146..148].copy_from_slice(
        &(conntrack::ct_flags::STATE | conntrack::ct_flags::STATE_ALIAS).to_ne_bytes(),
    );
    let dnat0 = nat::NatRange {
        flags: nat::nat_flags::MAP_IPS,
        min_ip: [1, 2, 3, 4],
        max_ip: [1, 2, 3, 4],
        ..nat::NatRange::default()
    }
    .encode_compat();
    let mut dnat0 = dnat0.to_vec();
    dnat0.resize(24, 0);
    let mut ct0 = vec![0u8; 40];
    ct0[0] = ct::ct_target::NOTRACK as u8;
    let rules = [
        rule(vec![ext("conntrack", 1, ct1)], Target::Fallthrough),
        rule(vec![ext("conntrack", 2, vec![0; 160])], Target::Fallthrough),
        rule(
            vec![ext("state", 0, vec![8, 0, 0, 0, 0, 0, 0, 0])],
            Target::Fallthrough,
        ),
        rule(vec![], Target::Ext(ext("DNAT", 0, dnat0))),
        rule(vec![], Target::Ext(ext("CT", 0, ct0))),
        rule(vec![], Target::Ext(ext("NOTRACK", 0, vec![]))),
    ];
    let save: Vec<String> = rules.iter().map(|r| print::save_rule(r, "X", 0)).collect();
    assert_eq!(
        save,
        [
            "-A X -p tcp -m state [unsupported revision]\n",
            "-A X -p tcp -m conntrack [unsupported revision]\n",
            "-A X -p tcp -m state [unsupported revision]\n",
            "-A X -p tcp -j DNAT [unsupported revision]\n",
            "-A X -p tcp -j CT [unsupported revision]\n",
            "-A X -p tcp -j NOTRACK\n",
        ]
    );
    let f = Fmt {
        numeric: true,
        ..Fmt::default()
    };
    let list: Vec<String> = rules.iter().map(|r| print::rule_line(r, 1, f)).collect();
    assert_eq!(
        list,
        [
            "           6    --  0.0.0.0/0            0.0.0.0/0           conntrack [unsupported revision] \n",
            "           6    --  0.0.0.0/0            0.0.0.0/0           conntrack [unsupported revision] \n",
            "           6    --  0.0.0.0/0            0.0.0.0/0           state [unsupported revision] \n",
            "DNAT       6    --  0.0.0.0/0            0.0.0.0/0            DNAT [unsupported revision]\n",
            "CT         6    --  0.0.0.0/0            0.0.0.0/0            CT [unsupported revision]\n",
            "NOTRACK    6    --  0.0.0.0/0            0.0.0.0/0           \n",
        ]
    );
}

#[test]
fn limit_statistic_helper_list_format() {
    use oxtables::print::Fmt;
    let mut t = initial_filter();
    run_all(
        &mut t,
        &[
            "-A INPUT -m limit -j ACCEPT",
            "-A INPUT -m limit --limit 90/min --limit-burst 10000",
            "-A INPUT -m statistic --mode random ! --probability 0.3 -j DROP",
            "-A INPUT -m statistic --mode nth --every 3 --packet 0",
            "-A INPUT -m statistic --mode nth ! --every 5 --packet 2",
            "-A INPUT -m helper ! --helper ftp",
        ],
    );
    let t = roundtrip(&t);
    let s = print::list_entries(&t, Some("INPUT"), 0, Fmt::default()).unwrap();
    assert_eq!(
        s,
        "Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  anywhere             anywhere             limit: avg 3/hour burst 5
           all  --  anywhere             anywhere             limit: avg 90/min burst 10000
DROP       all  --  anywhere             anywhere             statistic mode random ! probability 0.29999999981
           all  --  anywhere             anywhere             statistic mode nth every 3
           all  --  anywhere             anywhere             statistic mode nth ! every 5 packet 2
           all  --  anywhere             anywhere             helper match ! \"ftp\"
"
    );
    let s = print::list_rules(&t, Some("INPUT"), 0, false).unwrap();
    assert_eq!(
        s,
        "-P INPUT ACCEPT
-A INPUT -m limit --limit 3/hour -j ACCEPT
-A INPUT -m limit --limit 90/min --limit-burst 10000
-A INPUT -m statistic --mode random ! --probability 0.29999999981 -j DROP
-A INPUT -m statistic --mode nth --every 3 --packet 0
-A INPUT -m statistic --mode nth ! --every 5 --packet 2
-A INPUT -m helper ! --helper ftp
"
    );
    // The blob carries libxt_statistic's counter start (`every - packet`) and no kernel state.
    let (buf, _) = t.compile().unwrap();
    let info = statistic::XtStatisticInfo {
        mode: statistic::MODE_NTH,
        flags: statistic::XT_STATISTIC_INVERT,
        every: 4,
        packet: 2,
        count: 2,
        master: 0,
    }
    .encode();
    assert!(buf.windows(info.len()).any(|w| w == info));
}

#[test]
fn delete_compares_userspacesize() {
    let mut t = initial_filter();
    run_all(
        &mut t,
        &[
            "-A INPUT -m helper --helper ftp",
            "-A INPUT -m helper --helper irc",
            "-A INPUT -m limit --limit 1/sec",
            "-A INPUT -m statistic --mode nth --every 3 --packet 1",
        ],
    );
    let mut t = roundtrip(&t);
    // libxt_helper has no userspacesize: any helper match is the same.
    run_all(&mut t, &["-D INPUT -m helper --helper irc"]);
    // statistic's counter start (u.nth.count) is left out of the comparison.
    let st = t.chains.iter_mut().find(|c| c.name == "INPUT").unwrap();
    st.rules[2].matches[0].data[12] ^= 0xff;
    run_all(
        &mut t,
        &[
            "-C INPUT -m statistic --mode nth --every 3 --packet 1",
            "-D INPUT -m limit --limit 1/sec",
        ],
    );
    let s = print::list_rules(&t, Some("INPUT"), 0, false).unwrap();
    assert_eq!(
        s,
        "-P INPUT ACCEPT\n-A INPUT -m helper --helper irc\n-A INPUT -m statistic --mode nth --every 3 --packet 1\n"
    );
    let r = cli::parse(&args("-C INPUT -m limit --limit 2/sec"), false)
        .unwrap()
        .execute(&mut t, &mut String::new());
    assert!(r.is_err());
}

#[test]
fn list_format_port_matches() {
    use oxtables::print::Fmt;
    let mut t = initial_filter();
    for r in [
        "-A INPUT -p tcp -m multiport ! --dports 22,80:90",
        "-A INPUT -p udp -m multiport --ports 53,1024:65535",
        "-A INPUT -m iprange ! --src-range 1.1.1.1-1.1.1.10 --dst-range 2.2.2.2-2.2.2.3",
        "-A INPUT -m pkttype ! --pkt-type broadcast",
        "-A INPUT -m mac ! --mac-source 42:01:02:03:04:05",
        "-A INPUT -m length ! --length 100:200",
        "-A INPUT -m length --length 5",
        "-A INPUT -m ttl ! --ttl-eq 64",
        "-A INPUT -m ttl --ttl-lt 3",
        "-A INPUT -m ttl --ttl-gt 250",
        "-A INPUT -m dscp ! --dscp-class EF",
        "-A INPUT -m tos ! --tos 0x10",
        "-A INPUT -m tos --tos Minimize-Delay",
    ] {
        cli::parse(&args(r), false)
            .unwrap()
            .execute(&mut t, &mut String::new())
            .unwrap();
    }
    let t = roundtrip(&t);
    let f = Fmt {
        numeric: true,
        ..Fmt::default()
    };
    let s = print::list_entries(&t, Some("INPUT"), 0, f).unwrap();
    let want = "Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
           6    --  0.0.0.0/0            0.0.0.0/0            multiport dports  !22,80:90
           17   --  0.0.0.0/0            0.0.0.0/0            multiport ports 53,1024:65535
           0    --  0.0.0.0/0            0.0.0.0/0            source IP range ! 1.1.1.1-1.1.1.10 destination IP range 2.2.2.2-2.2.2.3
           0    --  0.0.0.0/0            0.0.0.0/0            PKTTYPE != broadcast
           0    --  0.0.0.0/0            0.0.0.0/0            MAC ! 42:01:02:03:04:05
           0    --  0.0.0.0/0            0.0.0.0/0            length !100:200
           0    --  0.0.0.0/0            0.0.0.0/0            length 5
           0    --  0.0.0.0/0            0.0.0.0/0            TTL match TTL != 64
           0    --  0.0.0.0/0            0.0.0.0/0            TTL match TTL < 3
           0    --  0.0.0.0/0            0.0.0.0/0            TTL match TTL > 250
           0    --  0.0.0.0/0            0.0.0.0/0            DSCP match !0x2e
           0    --  0.0.0.0/0            0.0.0.0/0            tos match!0x10/0xff
           0    --  0.0.0.0/0            0.0.0.0/0            tos match0x10/0x3f
";
    assert_eq!(s, want);
    // Without -n a TOS value under the 0x3f mask prints by its name.
    let s = print::list_entries(&t, Some("INPUT"), 13, Fmt::default()).unwrap();
    assert!(
        s.ends_with("anywhere             anywhere             tos match Minimize-Delay\n"),
        "{s}"
    );
}

/// Mutation test over every extension: the rules of `rules.t` that both the tool and the engine
/// take, in small tables (a few rules each, in the section's table and chain), encoded by the
/// tool; every table mutated many times (`oxtables_engine::fuzz::mutate`). A mutant must be
/// refused with an errno or, if the validator takes it, run on every hook without a panic
/// (`fuzz::exercise`): what the kernel would turn into a BUG().
#[test]
fn rules_t_mutants() {
    use oxtables_engine::fuzz;
    let text = include_str!("rules.t");
    let (mut table, mut chain) = ("filter".to_string(), "INPUT".to_string());
    let mut bases: Vec<(Table, Vec<u8>)> = Vec::new();
    let mut cur: Option<(TableState, usize)> = None;
    let flush =
        |cur: &mut Option<(TableState, usize)>, bases: &mut Vec<(Table, Vec<u8>)>, t: &str| {
            if let Some((st, n)) = cur.take() {
                if n > 0 {
                    bases.push((table_named(t), st.compile().unwrap().0));
                }
            }
        };
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('*') {
            flush(&mut cur, &mut bases, &table);
            let v: Vec<&str> = rest.split_whitespace().collect();
            (table, chain) = (v[0].to_string(), v[1].to_string());
            continue;
        }
        let parts: Vec<&str> = line.split(';').collect();
        if parts[2] != "OK" {
            continue;
        }
        let (st, n) = cur.get_or_insert_with(|| (initial(table_named(&table)), 0));
        let mut next = st.clone();
        let mut argv = args(&format!("-t {table} -A {chain}"));
        argv.extend(args(parts[0]));
        let ok = cli::parse(&argv, false)
            .and_then(|p| p.execute(&mut next, &mut String::new()))
            .is_ok()
            && parse::parse_replace(table_named(&table), &next.compile().unwrap().0, &HostLoad)
                .is_ok();
        if ok {
            *st = next;
            *n += 1;
            if *n == 6 {
                flush(&mut cur, &mut bases, &table);
            }
        }
    }
    flush(&mut cur, &mut bases, &table);
    assert!(bases.len() > 50, "only {} base tables", bases.len());
    let mut rng = fuzz::Rng::new(0x5eed_0f0a_7ab1_e5e5);
    let (mut accepted, mut tried) = (0, 0);
    // The fuzzer's seed corpus (`make fuzz`): every base table, when asked for.
    if let Some(dir) = std::env::var_os("OXT_FUZZ_CORPUS") {
        for (i, (_, base)) in bases.iter().enumerate() {
            std::fs::write(
                std::path::Path::new(&dir).join(format!("rules_t_{i:03}")),
                base,
            )
            .unwrap();
        }
    }
    for (t, base) in &bases {
        // The base itself runs, and reads back as itself through GET_ENTRIES, then its mutants.
        let rs = parse::parse_replace(*t, base, &HostLoad).unwrap().ruleset;
        fuzz::exercise(&rs);
        fuzz::round_trip(*t, &rs, 1);
        for _ in 0..300 {
            let mut b = base.clone();
            fuzz::mutate(&mut b, &mut rng);
            tried += 1;
            if let Ok(p) = parse::parse_replace(*t, &b, &HostLoad) {
                accepted += 1;
                fuzz::exercise(&p.ruleset);
            }
        }
    }
    eprintln!(
        "{} base tables, {tried} mutants, {accepted} accepted",
        bases.len()
    );
    // Many mutations hit bytes the validator does not read (counters, padding, addresses).
    assert!(
        accepted > tried / 20,
        "{accepted} of {tried} mutants accepted"
    );
}

#[test]
fn recent_list_format() {
    use oxtables::print::Fmt;
    let mut t = initial_filter();
    run_all(
        &mut t,
        &[
            "-A INPUT -m recent --set",
            "-A INPUT -m recent ! --update --seconds 30 --hitcount 6 --rttl --reap --name ssh --rdest --mask 255.255.255.0 -j DROP",
            "-A INPUT -m recent --rcheck --seconds 3000000000",
        ],
    );
    let t = roundtrip(&t);
    let s = print::list_entries(&t, Some("INPUT"), 0, Fmt::default()).unwrap();
    assert_eq!(
        s,
        "Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
           all  --  anywhere             anywhere             recent: SET name: DEFAULT side: source mask: 255.255.255.255
DROP       all  --  anywhere             anywhere             ! recent: UPDATE seconds: 30 reap hit_count: 6 TTL-Match name: ssh side: dest mask: 255.255.255.0
           all  --  anywhere             anywhere             recent: CHECK seconds: -1294967296 name: DEFAULT side: source mask: 255.255.255.255
"
    );
    // Revision 1, the whole payload compared by -C/-D (userspacesize is XT_ALIGN(228)).
    let (buf, _) = t.compile().unwrap();
    let hdr = b"recent";
    let at = buf.windows(hdr.len()).position(|w| w == hdr).unwrap();
    assert_eq!(buf[at - 2..at], 264u16.to_ne_bytes());
    assert_eq!(buf[at + 29], 1);
}

/// `-L -n` of `hashlimit`, as libxt_hashlimit's `hashlimit_mt_print` prints it.
#[test]
fn hashlimit_list_format() {
    use oxtables::print::Fmt;
    let v = Fmt {
        numeric: true,
        ..Fmt::default()
    };
    let mut t = initial(Table::Filter);
    run_all(
        &mut t,
        &[
            "-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-mode srcip --hashlimit-name a",
            "-A INPUT -m hashlimit --hashlimit-above 4kb/s --hashlimit-burst 400kb --hashlimit-mode srcip,dstport --hashlimit-name b --hashlimit-srcmask 24",
            "-A INPUT -m hashlimit --hashlimit-upto 1/min --hashlimit-name c --hashlimit-rate-match --hashlimit-htable-size 64 --hashlimit-htable-max 128 --hashlimit-htable-gcinterval 500",
            "-A INPUT -m hashlimit --hashlimit-upto 3/hour --hashlimit-name d --hashlimit-htable-expire 5000 --hashlimit-dstmask 0",
        ],
    );
    let t = roundtrip(&t);
    let s = print::list_entries(&t, Some("INPUT"), 0, v).unwrap();
    let tails: Vec<&str> = s
        .lines()
        .skip(2)
        .map(|l| {
            l.split_once("0.0.0.0/0            0.0.0.0/0           ")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(
        tails,
        [
            " limit: up to 1/sec burst 5 mode srcip",
            " limit: above 4kb/s burst 400kb mode srcip-dstport srcmask 24",
            " limit: up to 1/min burst 5 htable-size 64 htable-max 128 htable-gcinterval 500 rate-match rate-interval 60",
            " limit: up to 3/hour burst 5 htable-expire 5000 dstmask 0",
        ]
    );
}
