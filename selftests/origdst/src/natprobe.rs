// SPDX-License-Identifier: GPL-2.0

//! `natprobe`: deterministic TCP and UDP exchanges for the oxtables NAT selftests (a Rust
//! binary because a Python interpreter takes seconds to start under QEMU's TCG).
//!
//! ```text
//! natprobe get IP PORT SRC SPORT TIMEOUT_MS
//!     connect from SRC:SPORT (giving up after TIMEOUT_MS) and print the first line the server
//!     sends (origdst's report), or what went wrong: "refused" (ECONNREFUSED), "timeout" (no
//!     answer in time), "unreachable" (EHOSTUNREACH, ENETUNREACH), "error: TEXT".
//! natprobe serve PORT BATCH
//!     TCP echo server on PORT (echoes each 100-byte message), and a UDP server on PORT that,
//!     once it holds BATCH datagrams, answers each one with "peer=IP:PORT" (the source it saw).
//!     Prints "listening=0.0.0.0:PORT" when both sockets are bound.
//! natprobe tcp IP PORT SRC SPORT N
//!     connect from SRC:SPORT, N round trips of 100 bytes (send, wait for the echo), then close
//!     with SO_LINGER 0 (RST); prints "ok N" or "error: TEXT".
//! natprobe udp IP PORT SRC SPORT BATCH ROUNDS
//!     from SRC:SPORT, ROUNDS times: send BATCH datagrams of 20 bytes, then read BATCH answers;
//!     prints the distinct answers ("peer=..."), space-separated, or "timeout".
//! ```
//!
//! The packets are fixed, so per-rule counters are exact:
//! - tcp: SYN ->, <- SYN/ACK, ACK ->, N x (100-byte data ->, <- 100-byte data), RST ->; each
//!   data segment carries PSH; pure ACKs between them depend on delayed-ACK timing.
//! - udp: per round BATCH datagrams ->, then BATCH answers <- (the server answers only once it
//!   has the whole batch, so the first round's datagrams all precede any answer).

use origdst::sys::{self, strerror};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

const MSG: usize = 100;
const USAGE: &str = "usage: natprobe get IP PORT SRC SPORT TIMEOUT_MS | serve PORT BATCH | \
                     tcp IP PORT SRC SPORT N | udp IP PORT SRC SPORT BATCH ROUNDS";

/// One word for a failed connect.
fn connect_error(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(111) => "refused".into(),
        Some(110) => "timeout".into(),
        Some(113 | 101) => "unreachable".into(),
        _ => format!("error: {}", strerror(e)),
    }
}

fn get(dst: SocketAddrV4, src: SocketAddrV4, timeout_ms: u64) -> Result<String, String> {
    let mut s = sys::connect_from(src, dst, Duration::from_millis(timeout_ms))
        .map_err(|e| connect_error(&e))?;
    let err = |e: std::io::Error| format!("error: {}", strerror(&e));
    s.set_read_timeout(Some(Duration::from_secs(3)))
        .map_err(err)?;
    let mut got = Vec::new();
    s.read_to_end(&mut got).map_err(err)?;
    let text = String::from_utf8_lossy(&got);
    Ok(text.lines().next().unwrap_or("").to_string())
}

fn tcp_echo(listener: TcpListener) {
    for conn in listener.incoming() {
        let Ok(mut c) = conn else { continue };
        let _ = c.set_nodelay(true);
        let mut m = [0u8; MSG];
        while c.read_exact(&mut m).is_ok() {
            if c.write_all(&m).is_err() {
                break;
            }
        }
    }
}

fn serve(port: u16, batch: usize) -> Result<(), String> {
    let any = SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, port);
    let tcp = TcpListener::bind(any).map_err(|e| format!("bind tcp {any}: {}", strerror(&e)))?;
    let udp = UdpSocket::bind(any).map_err(|e| format!("bind udp {any}: {}", strerror(&e)))?;
    thread::spawn(move || tcp_echo(tcp));
    println!("listening={any}");
    let mut held = Vec::new();
    let mut buf = [0u8; 2048];
    loop {
        let Ok((_, peer)) = udp.recv_from(&mut buf) else {
            continue;
        };
        held.push(peer);
        if held.len() >= batch {
            for p in held.drain(..) {
                let _ = udp.send_to(format!("peer={p}").as_bytes(), p);
            }
        }
    }
}

fn tcp(dst: SocketAddrV4, src: SocketAddrV4, n: usize) -> Result<String, String> {
    let err = |e: std::io::Error| format!("error: {}", strerror(&e));
    let mut s = sys::connect_from(src, dst, Duration::from_secs(3)).map_err(err)?;
    s.set_nodelay(true).map_err(err)?;
    s.set_read_timeout(Some(Duration::from_secs(3)))
        .map_err(err)?;
    for i in 0..n {
        let m: Vec<u8> = format!("{i:03}").bytes().cycle().take(MSG).collect();
        s.write_all(&m).map_err(err)?;
        let mut back = [0u8; MSG];
        s.read_exact(&mut back).map_err(err)?;
        if back[..] != m[..] {
            return Err("error: bad echo".into());
        }
    }
    sys::set_linger_zero(&s).map_err(err)?;
    drop::<TcpStream>(s); // linger 0: RST
    Ok(format!("ok {n}"))
}

fn udp(
    dst: SocketAddrV4,
    src: SocketAddrV4,
    batch: usize,
    rounds: usize,
) -> Result<String, String> {
    let err = |e: std::io::Error| format!("error: {}", strerror(&e));
    let s = UdpSocket::bind(src).map_err(err)?;
    s.set_read_timeout(Some(Duration::from_secs(3)))
        .map_err(err)?;
    let mut seen: Vec<String> = Vec::new();
    let mut buf = [0u8; 2048];
    for _ in 0..rounds {
        for _ in 0..batch {
            s.send_to(b"0123456789abcdefghij", dst).map_err(err)?;
        }
        for _ in 0..batch {
            let n = s.recv(&mut buf).map_err(|_| "timeout".to_string())?;
            let a = String::from_utf8_lossy(&buf[..n]).into_owned();
            if !seen.contains(&a) {
                seen.push(a);
            }
        }
    }
    Ok(seen.join(" "))
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("bad number '{s}'"))
}

fn addr(ip: &str, port: &str) -> Result<SocketAddrV4, String> {
    let ip: Ipv4Addr = ip.parse().map_err(|_| format!("bad address '{ip}'"))?;
    Ok(SocketAddrV4::new(ip, num(port)?))
}

fn run(a: &[&str]) -> Result<String, String> {
    match a {
        ["get", ip, port, src, sport, ms] => get(addr(ip, port)?, addr(src, sport)?, num(ms)?),
        ["serve", port, batch] => serve(num(port)?, num(batch)?).map(|_| String::new()),
        ["tcp", ip, port, src, sport, n] => tcp(addr(ip, port)?, addr(src, sport)?, num(n)?),
        ["udp", ip, port, src, sport, batch, rounds] => udp(
            addr(ip, port)?,
            addr(src, sport)?,
            num(batch)?,
            num(rounds)?,
        ),
        _ => Err(USAGE.to_string()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    sys::exit_on_term();
    match run(&a) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) if e == USAGE => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(e) => {
            println!("{e}");
            ExitCode::FAILURE
        }
    }
}
