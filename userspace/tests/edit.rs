// SPDX-License-Identifier: GPL-2.0

//! The tool's one-rule edits (`OXT_SO_SET_EDIT`) against its full cycle: for every command the
//! edit path takes, the table the engine builds from the edit request equals the table it builds
//! from the replace the full cycle sends (read, edit, compile), byte for byte, and the rules
//! that stay keep their counters.

use oxtables::cli;
use oxtables::kernel::edit_request;
use oxtables::model::{map_counters, TableState};
use oxtables_engine::abi;
use oxtables_engine::edit::{self, parse_edit};
use oxtables_engine::env::HostLoad;
use oxtables_engine::parse::{self, Ruleset};
use oxtables_engine::tables::Table;

fn args(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn table_named(name: &str) -> Table {
    Table::from_name(name).unwrap()
}

/// What `GET_INFO` + `GET_ENTRIES` of `live` give the tool.
fn read(table: Table, live: &Ruleset) -> TableState {
    TableState::decode(&live.get_info(table), live.blob()).unwrap()
}

/// The live table after `cmds` run through the full cycle.
fn setup(table: Table, cmds: &[&str]) -> Ruleset {
    let buf = abi::encode_initial_table(table).unwrap().to_vec();
    let mut live = parse::parse_replace(table, &buf, &HostLoad)
        .unwrap()
        .ruleset;
    for c in cmds {
        let p = cli::parse(&args(&format!("-t {} {c}", table.name())), false).unwrap();
        let mut t = read(table, &live);
        p.execute(&mut t, &mut String::new()).unwrap();
        let (buf, _) = t.compile().unwrap();
        live = parse::parse_replace(table, &buf, &HostLoad)
            .unwrap_or_else(|e| panic!("{c}: {e:?}"))
            .ruleset;
    }
    live
}

/// Runs `cmd` both ways on `live`; `None` if the edit path does not take it. On success both
/// ways give the same blob and echo, and every old rule's counter lands where the full cycle's
/// counter map puts it.
fn both_ways(table: Table, live: &Ruleset, cmd: &str) -> Option<Result<(), (i32, i32)>> {
    let argv = args(&format!("-t {} {cmd}", table.name()));
    let p = cli::parse(&argv, false).unwrap();
    let mut echo = String::new();
    let e = p.one_rule_edit(&mut echo)?;
    let req = edit_request(table.name(), &e).unwrap();
    let got = parse_edit(table, live, &req, &HostLoad);

    let mut t = read(table, live);
    let mut out = String::new();
    let full = p
        .execute(&mut t, &mut out)
        .map_err(|e| e.code)
        .and_then(|()| {
            let (buf, maps) = t.compile().map_err(|e| e.code)?;
            parse::parse_replace(table, &buf, &HostLoad)
                .map(|r| (r.ruleset, maps))
                .map_err(|e| e.errno())
        });
    Some(match (got, full) {
        (Ok(g), Ok((w, maps))) => {
            assert_eq!(g.ruleset.blob(), w.blob(), "{cmd}: blob");
            assert_eq!(g.ruleset.get_info(table), w.get_info(table), "{cmd}: info");
            assert_eq!(echo, out, "{cmd}: output");
            // Old counters: distinct per rule, so any misplacement shows.
            let n = live.num_entries();
            let old: Vec<[u64; 2]> = (0..n as u64).map(|i| [i + 1, 100 * (i + 1)]).collect();
            let want = map_counters(&maps, &old);
            let mut have = vec![[0u64; 2]; g.ruleset.num_entries() as usize];
            for (i, j) in g.splice.carried(live) {
                have[j as usize] = old[i as usize];
            }
            if let Some(j) = g.splice.inserted_index() {
                have[j as usize] = [g.splice.counter.packets, g.splice.counter.bytes];
            }
            assert_eq!(have, want, "{cmd}: counters");
            Ok(())
        }
        (Err(g), Err(w)) => Err((g.errno(), w)),
        (Err(g), Ok(_)) => panic!("{cmd}: edit refused ({g:?}), full cycle took it"),
        (Ok(_), Err(w)) => panic!("{cmd}: edit took it, full cycle refused ({w})"),
    })
}

const SETUP: &[&str] = &[
    "-N FOO",
    "-N BAR",
    "-N EMPTY",
    "-A INPUT -s 10.0.0.1 -j ACCEPT",
    "-A INPUT -p tcp --dport 22 -j FOO",
    "-A INPUT -i lo",
    "-A FOO -s 10.0.0.2 -g BAR",
    "-A FOO -j RETURN",
    "-A BAR -p udp -j DROP",
    "-A OUTPUT -j BAR",
];

#[test]
fn edits_equal_the_full_cycle() {
    let live = setup(Table::Filter, SETUP);
    let mut taken = 0;
    for cmd in [
        "-A INPUT -s 1.2.3.4 -j DROP",
        "-A INPUT -s 1.2.3.4",
        "-A INPUT -j FOO",
        "-A INPUT -g BAR",
        "-A INPUT -j EMPTY",
        "-A FORWARD -j ACCEPT",
        "-A FOO -j BAR",
        "-A EMPTY -j ACCEPT",
        "-A EMPTY -j BAR",
        "-A BAR -c 5 500 -j ACCEPT",
        "-A INPUT -v -p tcp --dport 80 -m comment --comment x -j ACCEPT",
        "-I INPUT -j DROP",
        "-I INPUT 1 -j FOO",
        "-I INPUT 2 -s 9.9.9.9",
        "-I INPUT 4 -j ACCEPT",
        "-I FOO 1 -j EMPTY",
        "-I FOO 3 -j ACCEPT",
        "-I EMPTY 1 -j ACCEPT",
        "-I OUTPUT -c 1 2 -j BAR",
        "-R INPUT 1 -s 1.1.1.1 -j DROP",
        "-R INPUT 2 -p tcp --dport 23 -j BAR",
        "-R INPUT 3 -v -i eth0",
        "-R FOO 1 -j ACCEPT",
        "-R BAR 1 -c 3 4 -j REJECT",
        "-D INPUT 1",
        "-D INPUT 3",
        "-D FOO 1",
        "-D FOO 2",
        "-D BAR 1",
        "-D OUTPUT 1",
    ] {
        assert_eq!(both_ways(Table::Filter, &live, cmd), Some(Ok(())), "{cmd}");
        taken += 1;
    }
    assert_eq!(taken, 30);
}

#[test]
fn refusals_are_left_to_the_full_cycle() {
    // The edit is refused where the full cycle fails (the tool then runs the full cycle, which
    // gives iptables' message); a refused edit changes nothing (`live` is not touched).
    let live = setup(Table::Filter, SETUP);
    for (cmd, errno) in [
        ("-A NOPE -j ACCEPT", 2),
        ("-A INPUT -j NOPE", 2),
        ("-A INPUT -g INPUT", 2),
        ("-I INPUT 5 -j ACCEPT", 7),
        ("-I EMPTY 2 -j ACCEPT", 7),
        ("-R INPUT 4 -j ACCEPT", 7),
        ("-D INPUT 4", 7),
        ("-D EMPTY 1", 7),
        ("-D NOPE 1", 2),
        // Loops: BAR -> FOO -> BAR.
        ("-A BAR -j FOO", 40),
        ("-I BAR 1 -g FOO", 40),
    ] {
        match both_ways(Table::Filter, &live, cmd) {
            Some(Err((got, _))) => assert_eq!(got, errno, "{cmd}"),
            other => panic!("{cmd}: {other:?}"),
        }
    }
}

#[test]
fn commands_the_edit_does_not_take() {
    let live = setup(Table::Filter, SETUP);
    for cmd in [
        "-A INPUT -s 1.1.1.1,2.2.2.2 -j ACCEPT",
        "-D INPUT -s 10.0.0.1 -j ACCEPT",
        "-C INPUT -s 10.0.0.1 -j ACCEPT",
        "-F INPUT",
        "-N NEW",
        "-P INPUT DROP",
        "-Z INPUT",
    ] {
        assert_eq!(both_ways(Table::Filter, &live, cmd), None, "{cmd}");
    }
}

#[test]
fn every_rule_of_rules_t_appends_the_same_way() {
    // Every rule the tool takes in rules.t, appended to its chain (and inserted at the top) of
    // a table with user chains FOO and BAR: the edit and the full cycle agree, on the table or
    // on the kernel's errno.
    let text = include_str!("rules.t");
    let (mut table, mut chain) = ("filter".to_string(), "INPUT".to_string());
    let mut n = 0;
    let mut lives: Vec<(String, Ruleset)> = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('*') {
            let v: Vec<&str> = rest.split_whitespace().collect();
            (table, chain) = (v[0].to_string(), v[1].to_string());
            continue;
        }
        let parts: Vec<&str> = line.split(';').collect();
        if !parts[2].starts_with("OK") || parts[0].contains('"') || parts[0].contains('\'') {
            continue;
        }
        let t = table_named(&table);
        if !lives.iter().any(|(n, _)| *n == table) {
            lives.push((
                table.clone(),
                setup(t, &["-N FOO", "-N BAR", "-A FOO -j BAR"]),
            ));
        }
        let live = &lives.iter().find(|(n, _)| *n == table).unwrap().1;
        for cmd in [
            format!("-A {chain} {}", parts[0]),
            format!("-I {chain} 1 {}", parts[0]),
        ] {
            match both_ways(t, live, &cmd) {
                Some(Ok(())) => n += 1,
                Some(Err((g, w))) => assert_eq!(g, w, "{cmd}"),
                None => assert!(parts[0].contains(','), "{cmd}: not taken"),
            }
        }
    }
    assert!(n > 500, "{n}");
}

#[test]
fn the_request_layout() {
    let p = cli::parse(&args("-A FOO -j BAR"), false).unwrap();
    let e = p.one_rule_edit(&mut String::new()).unwrap();
    let req = edit_request("filter", &e).unwrap();
    let h = edit::EditHeader::decode(&req).unwrap();
    assert_eq!(&req[..7], b"filter\0");
    assert_eq!(&req[32..36], b"FOO\0");
    assert_eq!(h.op, edit::OP_APPEND);
    assert_eq!(h.rulenum, 0);
    assert_eq!(h.num_entries, edit::ANY_ENTRIES);
    // ipt_entry (112) + OXT_CHAIN (64).
    assert_eq!(h.size, 176);
    assert_eq!(req.len(), edit::HEADER_SIZE + 176);
    let t = edit::HEADER_SIZE + 112;
    assert_eq!(&req[t + 2..t + 12], b"OXT_CHAIN\0");
    assert_eq!(&req[t + 32..t + 36], b"BAR\0");
}

#[test]
#[ignore]
fn edit_cost_10k() {
    // cargo test --release -p oxtables --test edit -- --ignored --nocapture
    let text = std::process::Command::new("python3")
        .args(["../selftests/gen_rules.py", "10000", "500"])
        .output()
        .unwrap()
        .stdout;
    let text = String::from_utf8(text).unwrap();
    let mut cmds: Vec<String> = Vec::new();
    for l in text.lines() {
        if let Some(c) = l.strip_prefix(':') {
            let name = c.split_whitespace().next().unwrap();
            if name.starts_with('c') {
                cmds.push(format!("-N {name}"));
            }
        }
    }
    let live0 = setup(
        Table::Filter,
        &cmds.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    );
    let mut t = read(Table::Filter, &live0);
    for l in text.lines().filter(|l| l.starts_with("-A")) {
        let p = cli::parse(&args(l), false).unwrap();
        p.execute(&mut t, &mut String::new()).unwrap();
    }
    let (buf, _) = t.compile().unwrap();
    let t0 = std::time::Instant::now();
    let live = parse::parse_replace(Table::Filter, &buf, &HostLoad)
        .unwrap()
        .ruleset;
    eprintln!("parse_replace 10k: {:?}", t0.elapsed());
    let p = cli::parse(&args("-A INPUT -s 198.51.100.1 -j ACCEPT"), false).unwrap();
    let e = p.one_rule_edit(&mut String::new()).unwrap();
    let req = edit_request("filter", &e).unwrap();
    let t0 = std::time::Instant::now();
    let (r, _) = edit::edited_replace(Table::Filter, &live, &req).unwrap();
    eprintln!("splice 10k: {:?} ({} bytes)", t0.elapsed(), r.len());
    let reps: u32 = std::env::var("REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let t0 = std::time::Instant::now();
    for _ in 0..reps {
        let _ = parse_edit(Table::Filter, &live, &req, &HostLoad).unwrap();
    }
    eprintln!("parse_edit 10k: {:?}", t0.elapsed() / reps);
    struct NoClassifier;
    impl oxtables_engine::env::LoadEnv for NoClassifier {
        fn hz(&self) -> u32 {
            HostLoad.hz()
        }
        fn jiffies(&self) -> u64 {
            HostLoad.jiffies()
        }
        fn classifier(&self) -> bool {
            false
        }
    }
    let t0 = std::time::Instant::now();
    for _ in 0..reps {
        let _ = parse_edit(Table::Filter, &live, &req, &NoClassifier).unwrap();
    }
    eprintln!("parse_edit 10k, no classifier: {:?}", t0.elapsed() / reps);
}
