// SPDX-License-Identifier: GPL-2.0

//! The only `unsafe` of the tool: raw socket options, `flock`, reverse name lookups, and the
//! user and group databases (`getpwnam` and friends, through NSS as libc does them), through a
//! minimal `extern "C"` declaration of the libc functions (std links libc anyway).

use std::ffi::CStr;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

const AF_INET: i32 = 2;
const SOCK_RAW: i32 = 3;
const IPPROTO_RAW: i32 = 255;
const IPPROTO_IP: i32 = 0;
const LOCK_EX: i32 = 2;
const LOCK_NB: i32 = 4;
const NI_NAMEREQD: i32 = 8;
const NI_MAXHOST: usize = 1025;

/// `struct sockaddr_in`.
#[repr(C)]
struct SockaddrIn {
    family: u16,
    port: u16,
    addr: [u8; 4],
    zero: [u8; 8],
}

extern "C" {
    fn socket(domain: i32, ty: i32, protocol: i32) -> i32;
    fn getsockopt(fd: i32, level: i32, name: i32, val: *mut u8, len: *mut u32) -> i32;
    fn setsockopt(fd: i32, level: i32, name: i32, val: *const u8, len: u32) -> i32;
    fn flock(fd: i32, op: i32) -> i32;
    fn getnameinfo(
        sa: *const SockaddrIn,
        salen: u32,
        host: *mut u8,
        hostlen: u32,
        serv: *mut u8,
        servlen: u32,
        flags: i32,
    ) -> i32;
}

/// A raw IPv4 socket, as libiptc opens it.
pub fn raw_socket() -> io::Result<OwnedFd> {
    // SAFETY: plain syscall wrapper with integer arguments.
    let fd = unsafe { socket(AF_INET, SOCK_RAW, IPPROTO_RAW) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor we own exclusively.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `getsockopt(fd, IPPROTO_IP, opt, buf, &len)`; returns the length the kernel reported.
pub fn get_opt(fd: &OwnedFd, opt: i32, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = u32::try_from(buf.len()).map_err(|_| io::Error::from_raw_os_error(22))?;
    // SAFETY: `buf` is valid for writes of `len` bytes and `len` is a valid `socklen_t`.
    let r = unsafe { getsockopt(fd.as_raw_fd(), IPPROTO_IP, opt, buf.as_mut_ptr(), &mut len) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(len as usize)
}

/// `setsockopt(fd, IPPROTO_IP, opt, buf, len)`.
pub fn set_opt(fd: &OwnedFd, opt: i32, buf: &[u8]) -> io::Result<()> {
    let len = u32::try_from(buf.len()).map_err(|_| io::Error::from_raw_os_error(22))?;
    // SAFETY: `buf` is valid for reads of `len` bytes. The buffer may embed a user pointer (the
    // `counters` field of `ipt_replace`), which the caller keeps alive across this call.
    let r = unsafe { setsockopt(fd.as_raw_fd(), IPPROTO_IP, opt, buf.as_ptr(), len) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `flock(fd, LOCK_EX [| LOCK_NB])`.
pub fn flock_ex(fd: &impl AsRawFd, nonblock: bool) -> io::Result<()> {
    let op = if nonblock { LOCK_EX | LOCK_NB } else { LOCK_EX };
    // SAFETY: plain syscall wrapper on a descriptor the caller owns.
    let r = unsafe { flock(fd.as_raw_fd(), op) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Reverse lookup of an IPv4 address (`gethostbyaddr` semantics: `None` if there is no name).
pub fn host_name(addr: [u8; 4]) -> Option<String> {
    let sa = SockaddrIn {
        family: AF_INET as u16,
        port: 0,
        addr,
        zero: [0; 8],
    };
    let mut host = [0u8; NI_MAXHOST];
    // SAFETY: `sa` is a valid `sockaddr_in` of the size passed; `host` is writable for its length;
    // no service buffer is requested (null pointer with length 0 is allowed).
    let r = unsafe {
        getnameinfo(
            &sa,
            std::mem::size_of::<SockaddrIn>() as u32,
            host.as_mut_ptr(),
            NI_MAXHOST as u32,
            std::ptr::null_mut(),
            0,
            NI_NAMEREQD,
        )
    };
    if r != 0 {
        return None;
    }
    CStr::from_bytes_until_nul(&host)
        .ok()
        .map(|s| s.to_string_lossy().into_owned())
}

/// glibc's `struct passwd`.
#[repr(C)]
struct Passwd {
    pw_name: *mut u8,
    pw_passwd: *mut u8,
    pw_uid: u32,
    pw_gid: u32,
    pw_gecos: *mut u8,
    pw_dir: *mut u8,
    pw_shell: *mut u8,
}

/// glibc's `struct group`.
#[repr(C)]
struct Group {
    gr_name: *mut u8,
    gr_passwd: *mut u8,
    gr_gid: u32,
    gr_mem: *mut *mut u8,
}

extern "C" {
    fn getpwnam_r(
        name: *const u8,
        pwd: *mut Passwd,
        buf: *mut u8,
        buflen: usize,
        result: *mut *mut Passwd,
    ) -> i32;
    fn getpwuid_r(
        uid: u32,
        pwd: *mut Passwd,
        buf: *mut u8,
        buflen: usize,
        result: *mut *mut Passwd,
    ) -> i32;
    fn getgrnam_r(
        name: *const u8,
        grp: *mut Group,
        buf: *mut u8,
        buflen: usize,
        result: *mut *mut Group,
    ) -> i32;
    fn getgrgid_r(
        gid: u32,
        grp: *mut Group,
        buf: *mut u8,
        buflen: usize,
        result: *mut *mut Group,
    ) -> i32;
}

/// `ERANGE`: the buffer of a `get*_r` call was too small.
const ERANGE: i32 = 34;

/// Runs a `get*_r` lookup with a growing buffer: `call(buf)` returns the function's result and
/// whether an entry was found; `None` when there is none (or on any other error).
fn lookup_r<T>(mut call: impl FnMut(&mut [u8]) -> (i32, Option<T>)) -> Option<T> {
    let mut len = 1024;
    while len <= 1 << 20 {
        let mut buf = vec![0u8; len];
        match call(&mut buf) {
            (ERANGE, _) => len *= 2,
            (0, found) => return found,
            _ => return None,
        }
    }
    None
}

/// A C string's bytes as a `String` (`None` for a null pointer).
///
/// # Safety
///
/// `p` is null or points to a NUL-terminated string.
unsafe fn c_string(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: by the caller, a NUL-terminated string.
    let s = unsafe { CStr::from_ptr(p.cast()) };
    Some(s.to_string_lossy().into_owned())
}

/// `getpwnam(name)->pw_uid`.
pub fn user_id(name: &str) -> Option<u32> {
    let name = std::ffi::CString::new(name).ok()?;
    lookup_r(|buf| {
        let mut pwd = std::mem::MaybeUninit::<Passwd>::uninit();
        let mut res: *mut Passwd = std::ptr::null_mut();
        // SAFETY: `name` is NUL-terminated; `pwd`, `buf` (of `buf.len()` bytes) and `res` are
        // valid for writes; the entry's strings point into `buf`, which outlives their use.
        let r = unsafe {
            getpwnam_r(
                name.as_ptr().cast(),
                pwd.as_mut_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut res,
            )
        };
        // SAFETY: a non-null `res` points to the filled-in `pwd`.
        (r, (!res.is_null()).then(|| unsafe { (*res).pw_uid }))
    })
}

/// `getgrnam(name)->gr_gid`.
pub fn group_id(name: &str) -> Option<u32> {
    let name = std::ffi::CString::new(name).ok()?;
    lookup_r(|buf| {
        let mut grp = std::mem::MaybeUninit::<Group>::uninit();
        let mut res: *mut Group = std::ptr::null_mut();
        // SAFETY: as in `user_id`.
        let r = unsafe {
            getgrnam_r(
                name.as_ptr().cast(),
                grp.as_mut_ptr(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut res,
            )
        };
        // SAFETY: a non-null `res` points to the filled-in `grp`.
        (r, (!res.is_null()).then(|| unsafe { (*res).gr_gid }))
    })
}

/// `getpwuid(uid)->pw_name`, if there is such a user with a name.
pub fn user_name(uid: u32) -> Option<String> {
    lookup_r(|buf| {
        let mut pwd = std::mem::MaybeUninit::<Passwd>::uninit();
        let mut res: *mut Passwd = std::ptr::null_mut();
        // SAFETY: `pwd`, `buf` (of `buf.len()` bytes) and `res` are valid for writes.
        let r = unsafe { getpwuid_r(uid, pwd.as_mut_ptr(), buf.as_mut_ptr(), buf.len(), &mut res) };
        // SAFETY: a non-null `res` points to the filled-in `pwd`, whose name is null or a
        // NUL-terminated string in `buf`, still alive here.
        (
            r,
            if res.is_null() {
                None
            } else {
                unsafe { c_string((*res).pw_name) }
            },
        )
    })
}

/// `getgrgid(gid)->gr_name`, if there is such a group with a name.
pub fn group_name(gid: u32) -> Option<String> {
    lookup_r(|buf| {
        let mut grp = std::mem::MaybeUninit::<Group>::uninit();
        let mut res: *mut Group = std::ptr::null_mut();
        // SAFETY: `grp`, `buf` (of `buf.len()` bytes) and `res` are valid for writes.
        let r = unsafe { getgrgid_r(gid, grp.as_mut_ptr(), buf.as_mut_ptr(), buf.len(), &mut res) };
        // SAFETY: as in `user_name`.
        (
            r,
            if res.is_null() {
                None
            } else {
                unsafe { c_string((*res).gr_name) }
            },
        )
    })
}

/// `SO_IP_SET`: ipset's getsockopt on a raw IPv4 socket (`libxt_set.h`).
pub const SO_IP_SET: i32 = 83;
