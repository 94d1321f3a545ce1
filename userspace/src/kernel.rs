// SPDX-License-Identifier: GPL-2.0

//! The libiptc protocol over the setsockopt ABI: read a table (GET_INFO + GET_ENTRIES, retried
//! on EAGAIN), replace it (SET_REPLACE with a buffer for the old counters) and put the counters
//! back (SET_ADD_COUNTERS), plus the xtables lock and engine detection.

use crate::error::{strerror, Error, Result, EAGAIN, ENOENT, ENOPROTOOPT, EPERM, VERSION_PROBLEM};
use crate::model::{map_counters, TableState};
use crate::sys;
use oxtables_engine::abi::{self, GetInfo, NameAndCount};
use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::time::{Duration, Instant};

/// Path of the sockopt base parameter of oxtables.ko.
pub const SOCKOPT_BASE_PATH: &str = "/sys/module/oxtables/parameters/sockopt_base";

/// The socket option base: oxtables.ko's parameter if loaded, else 64 (`IPT_BASE_CTL`).
pub fn sockopt_base() -> i32 {
    std::fs::read_to_string(SOCKOPT_BASE_PATH)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(64)
}

/// A description of the engine behind the socket options, for `-V`.
pub fn engine_description() -> String {
    let modules = std::fs::read_to_string("/proc/modules").unwrap_or_default();
    let loaded = |m: &str| modules.lines().any(|l| l.split(' ').next() == Some(m));
    if loaded("oxtables") || std::path::Path::new(SOCKOPT_BASE_PATH).exists() {
        format!("oxtables.ko (sockopt base {})", sockopt_base())
    } else if loaded("ip_tables") {
        "ip_tables.ko (sockopt base 64)".to_string()
    } else {
        "none loaded (would use sockopt base 64)".to_string()
    }
}

/// An open connection to the engine.
pub struct Handle {
    fd: OwnedFd,
    base: i32,
}

fn errno(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(0)
}

impl Handle {
    /// Opens the raw socket.
    pub fn open() -> Result<Handle> {
        let fd = sys::raw_socket().map_err(|e| init_error("", errno(&e)))?;
        Ok(Handle {
            fd,
            base: sockopt_base(),
        })
    }

    fn get_info(&self, table: &str) -> io::Result<GetInfo> {
        let name = abi::c_name::<{ abi::XT_TABLE_MAXNAMELEN }>(table.as_bytes())
            .ok_or_else(|| io::Error::from_raw_os_error(ENOENT))?;
        let mut buf = GetInfo {
            name,
            ..GetInfo::default()
        }
        .encode();
        sys::get_opt(&self.fd, self.base, &mut buf)?;
        GetInfo::decode(&buf).ok_or_else(|| io::Error::from_raw_os_error(22))
    }

    /// Reads table `table` (retrying while the kernel says EAGAIN).
    pub fn load(&self, table: &str) -> Result<TableState> {
        loop {
            let info = self
                .get_info(table)
                .map_err(|e| init_error(table, errno(&e)))?;
            let mut buf = vec![0u8; abi::IPT_GET_ENTRIES_SIZE + info.size as usize];
            let hdr = NameAndCount {
                name: info.name,
                count: info.size,
            };
            buf[..abi::IPT_GET_ENTRIES_SIZE].copy_from_slice(&hdr.encode());
            match sys::get_opt(&self.fd, self.base + 1, &mut buf) {
                Ok(_) => {}
                Err(e) if errno(&e) == EAGAIN => continue,
                Err(e) => return Err(init_error(table, errno(&e))),
            }
            return TableState::decode(&info, &buf[abi::IPT_GET_ENTRIES_SIZE..]);
        }
    }

    /// Commits `t` (libiptc's `TC_COMMIT`). `Err(errno)` on failure; EAGAIN means "retry".
    pub fn commit(&self, t: &TableState) -> std::result::Result<(), (i32, Option<Error>)> {
        if !t.changed {
            return Ok(());
        }
        let (mut buf, maps) = t.compile().map_err(|e| (0, Some(e)))?;
        let mut old = vec![0u8; t.old_entries as usize * abi::XT_COUNTERS_SIZE];
        let ptr = old.as_mut_ptr() as u64;
        buf[88..96].copy_from_slice(&ptr.to_ne_bytes());
        sys::set_opt(&self.fd, self.base, &buf).map_err(|e| (errno(&e), None))?;
        let old: Vec<[u64; 2]> = old
            .chunks_exact(16)
            .map(|c| {
                [
                    abi::read_u64(c, 0).unwrap_or(0),
                    abi::read_u64(c, 8).unwrap_or(0),
                ]
            })
            .collect();
        let new = map_counters(&maps, &old);
        let mut cbuf = NameAndCount {
            name: abi::c_name(t.name.as_bytes()).unwrap_or([0; abi::XT_TABLE_MAXNAMELEN]),
            count: new.len() as u32,
        }
        .encode()
        .to_vec();
        for c in &new {
            cbuf.extend_from_slice(&c[0].to_ne_bytes());
            cbuf.extend_from_slice(&c[1].to_ne_bytes());
        }
        sys::set_opt(&self.fd, self.base + 1, &cbuf).map_err(|e| (errno(&e), None))?;
        Ok(())
    }
}

/// The message of a failed `iptc_init`.
fn init_error(table: &str, errno: i32) -> Error {
    let what = match errno {
        EPERM => "Permission denied (you must be root)".to_string(),
        22 => "Module is wrong version".to_string(),
        ENOENT => "Table does not exist (do you need to insmod?)".to_string(),
        ENOPROTOOPT => "iptables who? (do you need to insmod?)".to_string(),
        e => strerror(e),
    };
    Error::versioned(
        VERSION_PROBLEM,
        format!(
            "can't initialize iptables table `{table}': {what}\nPerhaps iptables or your kernel needs to be upgraded."
        ),
    )
}

/// The xtables lock, held while alive.
pub struct Lock {
    _file: Option<File>,
}

/// Takes `/run/xtables.lock` (or `$XTABLES_LOCKFILE`): `wait` None (no `-w`) or Some(0) = wait
/// as long as it takes — what iptables-legacy 1.8.9 and its restore do without `-w`, measured in
/// the VM — and Some(n) = wait up to n seconds, then fail with exit status 4.
pub fn lock(wait: Option<u32>) -> Result<Lock> {
    let path = std::env::var("XTABLES_LOCKFILE")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/run/xtables.lock".to_string());
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| {
            Error::raw(
                crate::error::RESOURCE_PROBLEM,
                format!(
                    "Fatal: can't open lock file {path}: {}\n",
                    strerror(errno(&e))
                ),
            )
        })?;
    let res = match wait {
        None | Some(0) => sys::flock_ex(&file, false),
        Some(n) => {
            let deadline = Instant::now() + Duration::from_secs(u64::from(n));
            loop {
                match sys::flock_ex(&file, true) {
                    Err(e) if errno(&e) == EAGAIN && Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    r => break r,
                }
            }
        }
    };
    match res {
        Ok(()) => Ok(Lock { _file: Some(file) }),
        Err(e) => {
            let mut msg = format!(
                "Can't lock {path}: {}\nAnother app is currently holding the xtables lock. ",
                strerror(if errno(&e) == 4 { EAGAIN } else { errno(&e) })
            );
            match wait {
                None => msg.push_str("Perhaps you want to use the -w option?\n"),
                Some(n) => msg.push_str(&format!("Stopped waiting after {n}s.\n")),
            }
            Err(Error::raw(crate::error::RESOURCE_PROBLEM, msg))
        }
    }
}

/// Table names the kernel lists (`/proc/net/ip_tables_names`), or the standard four.
pub fn table_names() -> Vec<String> {
    match std::fs::read_to_string("/proc/net/ip_tables_names") {
        Ok(s) => s
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        Err(_) => ["raw", "mangle", "nat", "filter"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}
