// SPDX-License-Identifier: GPL-2.0

//! `origdst`: the SO_ORIGINAL_DST test server of the oxtables NAT selftests (the Rust version of
//! the classic C test program).
//!
//! ```text
//! origdst [-4] PORT            listen on 0.0.0.0:PORT (IPv4 only; -4 is accepted and implied)
//! origdst --listen ADDR:PORT   listen on ADDR:PORT
//! ```
//!
//! Prints `listening=ADDR:PORT` once the socket listens, then accepts connections one after the
//! other. For each it writes one line, to stdout and to the connection, then closes it:
//!
//! ```text
//! peer=10.0.1.2:40001 local=10.0.2.2:1234 origdst=10.0.2.2:12345
//! peer=10.0.1.2:40001 local=10.0.2.2:12345 origdst_errno=2 origdst_error=No such file or directory
//! ```
//!
//! `peer` is the remote address (accept), `local` the local one (getsockname), `origdst` the
//! original destination conntrack recorded (getsockopt(SOL_IP, SO_ORIGINAL_DST)); without one,
//! the kernel's errno and its strerror text (always the last field: it contains spaces).
//! SIGTERM and SIGINT end the server with status 0.

use origdst::sys::{self, strerror};
use std::io::{self, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::process::ExitCode;

const USAGE: &str = "usage: origdst [-4] PORT | origdst --listen ADDR:PORT";

fn parse_args(args: &[String]) -> Result<SocketAddrV4, String> {
    match args {
        [flag, addr] if flag == "--listen" => addr
            .parse::<SocketAddrV4>()
            .map_err(|e| format!("bad address '{addr}': {e}")),
        [four, port] if four == "-4" => parse_port(port),
        [port] => parse_port(port),
        _ => Err(USAGE.to_string()),
    }
}

fn parse_port(port: &str) -> Result<SocketAddrV4, String> {
    let p = port
        .parse::<u16>()
        .map_err(|_| format!("bad port '{port}'"))?;
    Ok(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, p))
}

fn addr_or_error(a: io::Result<SocketAddr>) -> String {
    match a {
        Ok(a) => a.to_string(),
        Err(e) => format!("error:{}", strerror(&e).replace(' ', "_")),
    }
}

/// The report line of one accepted connection (without the newline).
fn report(conn: &TcpStream) -> String {
    let peer = addr_or_error(conn.peer_addr());
    let local = addr_or_error(conn.local_addr());
    match sys::original_dst(conn) {
        Ok(d) => format!("peer={peer} local={local} origdst={d}"),
        Err(e) => format!(
            "peer={peer} local={local} origdst_errno={} origdst_error={}",
            e.raw_os_error().unwrap_or(0),
            strerror(&e)
        ),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = match parse_args(&args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("origdst: {e}");
            return ExitCode::from(2);
        }
    };
    sys::exit_on_term();
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("origdst: bind {addr}: {}", strerror(&e));
            return ExitCode::FAILURE;
        }
    };
    let bound = listener
        .local_addr()
        .map_or_else(|_| addr.to_string(), |a| a.to_string());
    let mut out = io::stdout();
    // Stdout is line-buffered: each line is out when println!/writeln! returns.
    if writeln!(out, "listening={bound}").is_err() {
        return ExitCode::FAILURE;
    }
    loop {
        let mut conn = match listener.accept() {
            Ok((c, _)) => c,
            // ECONNABORTED and friends: the next connection is independent.
            Err(e) => {
                eprintln!("origdst: accept: {}", strerror(&e));
                continue;
            }
        };
        let line = report(&conn);
        if writeln!(out, "{line}").is_err() {
            return ExitCode::FAILURE;
        }
        // The client may be gone already (reset): its copy of the line is best effort.
        let _ = conn.write_all(format!("{line}\n").as_bytes());
        let _ = conn.shutdown(Shutdown::Write);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn args() {
        assert_eq!(
            parse_args(&v(&["1234"])),
            Ok("0.0.0.0:1234".parse().unwrap())
        );
        assert_eq!(
            parse_args(&v(&["-4", "80"])),
            Ok("0.0.0.0:80".parse().unwrap())
        );
        assert_eq!(
            parse_args(&v(&["--listen", "127.0.0.1:1234"])),
            Ok("127.0.0.1:1234".parse().unwrap())
        );
        assert!(parse_args(&v(&[])).is_err());
        assert!(parse_args(&v(&["70000"])).is_err());
        assert!(parse_args(&v(&["--listen", "1234"])).is_err());
    }

    #[test]
    fn strerror_text() {
        assert_eq!(
            strerror(&io::Error::from_raw_os_error(2)),
            "No such file or directory"
        );
        assert_eq!(
            strerror(&io::Error::from_raw_os_error(92)),
            "Protocol not available"
        );
    }

    /// Without conntrack NAT the kernel answers ENOENT (no entry; the host may or may not track
    /// loopback connections, so either outcome is accepted, but the line format is fixed).
    #[test]
    fn report_line_format() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        let line = report(&s);
        let peer = format!(
            "peer={} local={} ",
            c.local_addr().unwrap(),
            l.local_addr().unwrap()
        );
        assert!(line.starts_with(&peer), "{line}");
        let rest = &line[peer.len()..];
        assert!(
            rest == format!("origdst={}", l.local_addr().unwrap())
                || rest.starts_with("origdst_errno="),
            "{line}"
        );
    }
}
