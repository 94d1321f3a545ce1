// SPDX-License-Identifier: GPL-2.0
//! `tool`: the `oxtables` tool's parsers on any text. Each line is a command line applied to a
//! filter table as the kernel creates it (plus chain FOO), as `oxtables` applies it between
//! GET_ENTRIES and SET_REPLACE: it succeeds or fails with exit code 1, 2 or 4, never panics. The
//! edited table is then compiled, validated by the engine exactly as the module validates it,
//! and (accepted or not) decoded back and printed in every output format. The whole text also
//! goes through the restore-file parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxtables::model::TableState;
use oxtables::{cli, print, restore};
use oxtables_engine::abi::{self, GetInfo, ReplaceHeader};
use oxtables_engine::env::HostLoad;
use oxtables_engine::parse::parse_replace;
use oxtables_engine::tables::Table;

fn decode(buf: &[u8]) -> Option<TableState> {
    let h = ReplaceHeader::decode(buf)?;
    let info = GetInfo {
        name: h.name,
        valid_hooks: h.valid_hooks,
        hook_entry: h.hook_entry,
        underflow: h.underflow,
        num_entries: h.num_entries,
        size: h.size,
    };
    TableState::decode(&info, buf.get(abi::IPT_REPLACE_SIZE..)?).ok()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = restore::parse_input(&text);
    let buf = abi::encode_initial_table(Table::Filter).unwrap().to_vec();
    let mut t = decode(&buf).expect("the initial table decodes");
    t.create_chain("FOO").unwrap();
    for line in text.lines().take(16) {
        let argv = restore::split_args(line);
        let res = cli::parse(&argv, false).and_then(|p| {
            let mut out = String::new();
            p.execute(&mut t, &mut out)
        });
        if let Err(e) = res {
            assert!(matches!(e.code, 1 | 2 | 4), "exit code {} for {line:?}", e.code);
        }
    }
    let Ok((buf, _)) = t.compile() else {
        return;
    };
    let _ = parse_replace(Table::Filter, &buf, &HostLoad);
    if let Some(back) = decode(&buf) {
        let _ = print::save_table(&back, true);
        let _ = print::list_rules(&back, None, 0, true);
        let full = print::Fmt {
            numeric: true,
            verbose: true,
            exact: true,
            linenumbers: true,
            notable: false,
        };
        for f in [print::Fmt::default(), full] {
            let _ = print::list_entries(&back, None, 0, f);
        }
    }
});
