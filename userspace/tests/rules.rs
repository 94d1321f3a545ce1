// SPDX-License-Identifier: GPL-2.0

//! The `rules.t` table (iptables' `.t` style): each rule is parsed, encoded with the engine's
//! ABI encoder, decoded back, and printed in save form, which must equal the canonical form.

use oxtables::cli;
use oxtables::model::TableState;
use oxtables::print;
use oxtables_engine::abi::{self, GetInfo, ReplaceHeader};
use oxtables_engine::tables::Table;

/// A filter table as the kernel creates it, plus chain FOO, decoded from a real blob.
pub fn initial_filter() -> TableState {
    let buf = abi::encode_initial_table(Table::Filter).unwrap().to_vec();
    let mut t = decode_replace(&buf);
    t.create_chain("FOO").unwrap();
    roundtrip(&t)
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

fn args(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

#[test]
fn rules_t() {
    let text = include_str!("rules.t");
    let mut n = 0;
    let mut failures = Vec::new();
    for (lineno, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split(';').collect();
        assert_eq!(parts.len(), 3, "line {}: {line}", lineno + 1);
        let (rule, canon, expect) = (parts[0], parts[1], parts[2]);
        let mut t = initial_filter();
        let mut argv = args("-A INPUT");
        argv.extend(args(rule));
        let res = cli::parse(&argv, false).and_then(|p| {
            let mut out = String::new();
            p.execute(&mut t, &mut out)
        });
        n += 1;
        match (expect, res) {
            ("FAIL", Err(e)) => assert!(e.code == 2 || e.code == 1, "{line}: {e:?}"),
            ("FAIL", Ok(())) => failures.push(format!("{line}: accepted")),
            ("OK", Err(e)) => failures.push(format!("{line}: rejected: {}", e.msg)),
            ("OK", Ok(())) => {
                let back = roundtrip(&t);
                let got = print::list_rules(&back, Some("INPUT"), 0, false).unwrap();
                let want_rules: Vec<String> = if canon == "=" {
                    vec![rule.to_string()]
                } else {
                    canon.split('|').map(String::from).collect()
                };
                let mut want = String::from("-P INPUT ACCEPT\n");
                for r in want_rules {
                    if r.starts_with("-A INPUT") {
                        want.push_str(&format!("{r}\n"));
                    } else {
                        want.push_str(&format!("-A INPUT {r}\n"));
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
