// SPDX-License-Identifier: GPL-2.0

//! The multi-call binary: `oxtables`, `oxtables-save`, `oxtables-restore` (by argv[0]'s base
//! name or by the first argument: `oxtables save ...`, `oxtables restore ...`).

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .first()
        .map(|a| a.rsplit('/').next().unwrap_or(a).to_string())
        .unwrap_or_default();
    let (mode, rest) = if base.ends_with("-save") {
        ("save", &args[1.min(args.len())..])
    } else if base.ends_with("-restore") {
        ("restore", &args[1.min(args.len())..])
    } else {
        match args.get(1).map(String::as_str) {
            Some("save") => ("save", &args[2..]),
            Some("restore") => ("restore", &args[2..]),
            _ => ("main", &args[1.min(args.len())..]),
        }
    };
    let code = match mode {
        "save" => report(oxtables::run_save(rest), "oxtables-save"),
        "restore" => oxtables::restore::main(rest),
        _ => report(oxtables::run_command(rest), "oxtables"),
    };
    std::process::exit(code);
}

fn report(r: oxtables::error::Result<String>, prog: &str) -> i32 {
    match r {
        Ok(out) => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(out.as_bytes());
            let _ = so.flush();
            0
        }
        Err(e) => {
            // stdio order: a terminal sees stdout as it is written (line buffered); a pipe or
            // file gets it at exit, after the message on stderr.
            let mut so = std::io::stdout().lock();
            let tty = std::io::IsTerminal::is_terminal(&so);
            if tty {
                let _ = so.write_all(e.stdout.as_bytes());
                let _ = so.flush();
            }
            eprint!("{}", e.render(prog, None));
            if !tty {
                let _ = so.write_all(e.stdout.as_bytes());
                let _ = so.flush();
            }
            e.code
        }
    }
}
