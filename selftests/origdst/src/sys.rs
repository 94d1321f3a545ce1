// SPDX-License-Identifier: GPL-2.0

//! The only `unsafe` of the origdst crate: `getsockopt(SOL_IP, SO_ORIGINAL_DST)`, a TCP connect
//! from a chosen source address, SO_LINGER, and a SIGTERM/SIGINT handler, through a minimal
//! `extern "C"` declaration of the libc functions (std links libc anyway).

use std::io;
use std::net::{Ipv4Addr, SocketAddrV4, TcpStream};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::raw::c_int;
use std::time::Duration;

/// `SOL_IP` (= `IPPROTO_IP`).
const SOL_IP: c_int = 0;
/// `SO_ORIGINAL_DST` (`<linux/netfilter_ipv4.h>`).
const SO_ORIGINAL_DST: c_int = 80;
const SOL_SOCKET: c_int = 1;
const SO_REUSEADDR: c_int = 2;
const SO_LINGER: c_int = 13;
const AF_INET: u16 = 2;
const SOCK_STREAM: c_int = 1;
const SOCK_CLOEXEC: c_int = 0o2_000_000;
const SIGINT: c_int = 2;
const SIGTERM: c_int = 15;

/// `struct sockaddr_in`: family in host order, port and address in network order.
#[repr(C)]
struct SockaddrIn {
    family: u16,
    port: [u8; 2],
    addr: [u8; 4],
    zero: [u8; 8],
}

impl SockaddrIn {
    fn new(a: SocketAddrV4) -> Self {
        Self {
            family: AF_INET,
            port: a.port().to_be_bytes(),
            addr: a.ip().octets(),
            zero: [0; 8],
        }
    }
}

/// `sizeof(struct sockaddr_in)`.
const SOCKADDR_IN_LEN: u32 = std::mem::size_of::<SockaddrIn>() as u32;

/// `struct linger`.
#[repr(C)]
struct Linger {
    onoff: c_int,
    linger: c_int,
}

extern "C" {
    fn getsockopt(fd: c_int, level: c_int, name: c_int, val: *mut u8, len: *mut u32) -> c_int;
    fn setsockopt(fd: c_int, level: c_int, name: c_int, val: *const u8, len: u32) -> c_int;
    fn socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int;
    fn bind(fd: c_int, addr: *const SockaddrIn, len: u32) -> c_int;
    fn connect(fd: c_int, addr: *const SockaddrIn, len: u32) -> c_int;
    fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
    fn _exit(status: c_int) -> !;
}

fn check(r: c_int) -> io::Result<c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// The original destination of an accepted IPv4 TCP connection, as conntrack recorded it:
/// `getsockopt(fd, SOL_IP, SO_ORIGINAL_DST, &sockaddr_in, &len)`. The error is the kernel's
/// errno (ENOENT without a conntrack entry, ENOPROTOOPT for a non-TCP/SCTP socket).
pub fn original_dst(sock: &impl AsRawFd) -> io::Result<SocketAddrV4> {
    let mut buf = [0u8; SOCKADDR_IN_LEN as usize];
    let mut len = SOCKADDR_IN_LEN;
    // SAFETY: `buf` is valid for writes of `len` (16) bytes, `len` points to a valid socklen_t,
    // and the descriptor is borrowed from a live socket for the duration of the call.
    check(unsafe {
        getsockopt(
            sock.as_raw_fd(),
            SOL_IP,
            SO_ORIGINAL_DST,
            buf.as_mut_ptr(),
            &mut len,
        )
    })?;
    let family = u16::from_ne_bytes([buf[0], buf[1]]);
    if family != AF_INET || len < 8 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("unexpected sockaddr (family {family}, length {len})"),
        ));
    }
    let port = u16::from_be_bytes([buf[2], buf[3]]);
    let ip = Ipv4Addr::new(buf[4], buf[5], buf[6], buf[7]);
    Ok(SocketAddrV4::new(ip, port))
}

/// A TCP connection from `src` (SO_REUSEADDR, then bind) to `dst`, giving up after `timeout`.
pub fn connect_from(
    src: SocketAddrV4,
    dst: SocketAddrV4,
    timeout: Duration,
) -> io::Result<TcpStream> {
    // SAFETY: plain syscall wrapper with integer arguments.
    let fd = check(unsafe { socket(c_int::from(AF_INET), SOCK_STREAM | SOCK_CLOEXEC, 0) })?;
    // SAFETY: `fd` is a fresh descriptor nobody else owns: the stream takes it over (and closes
    // it on every error path below).
    let stream = unsafe { TcpStream::from_raw_fd(fd) };
    // A blocking connect() gives up after SO_SNDTIMEO.
    stream.set_write_timeout(Some(timeout))?;
    let one: c_int = 1;
    // SAFETY: `one` is a valid c_int for the duration of the call, its size passed along.
    check(unsafe {
        setsockopt(
            fd,
            SOL_SOCKET,
            SO_REUSEADDR,
            (&one as *const c_int).cast(),
            std::mem::size_of::<c_int>() as u32,
        )
    })?;
    let (s, d) = (SockaddrIn::new(src), SockaddrIn::new(dst));
    // SAFETY: `s` is a valid sockaddr_in of SOCKADDR_IN_LEN bytes.
    check(unsafe { bind(fd, &s, SOCKADDR_IN_LEN) })?;
    // SAFETY: `d` is a valid sockaddr_in of SOCKADDR_IN_LEN bytes.
    check(unsafe { connect(fd, &d, SOCKADDR_IN_LEN) }).map_err(|e| {
        // A connect() cut short by SO_SNDTIMEO reports EAGAIN (or EINPROGRESS): ETIMEDOUT.
        if matches!(e.raw_os_error(), Some(11 | 115)) {
            io::Error::from_raw_os_error(110)
        } else {
            e
        }
    })?;
    stream.set_write_timeout(None)?;
    Ok(stream)
}

/// SO_LINGER {on, 0}: closing the socket sends a RST.
pub fn set_linger_zero(sock: &impl AsRawFd) -> io::Result<()> {
    let l = Linger {
        onoff: 1,
        linger: 0,
    };
    // SAFETY: `l` is a valid struct linger for the duration of the call, its size passed along.
    check(unsafe {
        setsockopt(
            sock.as_raw_fd(),
            SOL_SOCKET,
            SO_LINGER,
            (&l as *const Linger).cast(),
            std::mem::size_of::<Linger>() as u32,
        )
    })?;
    Ok(())
}

extern "C" fn on_signal(_sig: c_int) {
    // SAFETY: `_exit` is async-signal-safe. Every report line has already been written and
    // flushed (stdout is line-buffered and each line ends in '\n'), so nothing is lost.
    unsafe { _exit(0) }
}

/// Exit with status 0 on SIGTERM and SIGINT.
pub fn exit_on_term() {
    for sig in [SIGTERM, SIGINT] {
        // SAFETY: installs a handler that only calls the async-signal-safe `_exit`.
        unsafe {
            signal(sig, on_signal);
        }
    }
}

/// strerror(3) text of an OS error: std's Display without its " (os error N)" suffix.
pub fn strerror(e: &io::Error) -> String {
    let s = e.to_string();
    match e.raw_os_error() {
        Some(n) => s
            .strip_suffix(&format!(" (os error {n})"))
            .unwrap_or(&s)
            .to_string(),
        None => s,
    }
}
