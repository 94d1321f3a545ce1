// SPDX-License-Identifier: GPL-2.0

//! The libiptc protocol over the setsockopt ABI: read a table (GET_INFO + GET_ENTRIES, retried
//! on EAGAIN), replace it (SET_REPLACE with a buffer for the old counters) and put the counters
//! back (SET_ADD_COUNTERS), plus the xtables lock and engine detection: the socket option base
//! comes from `$OXTABLES_SOCKOPT_BASE`, `/proc/net/oxtables` or 64, and the engine behind it is
//! identified (`OXT_SO_GET_IDENT`) before anything else, so that the tool never drives
//! ip_tables.ko while oxtables.ko is loaded.

use crate::cli::OneEdit;
use crate::error::{
    strerror, Error, Result, EAGAIN, EINVAL, ENOENT, ENOPROTOOPT, EPERM, PARAMETER_PROBLEM,
    VERSION_PROBLEM,
};
use crate::model::{self, map_counters, TableState};
use crate::sys;
use oxtables_engine::abi::{self, GetInfo, NameAndCount};
use oxtables_engine::{edit, ident};
use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::time::{Duration, Instant};

/// The per-namespace file in which oxtables.ko publishes its socket option base.
pub const PROC_IDENT_PATH: &str = "/proc/net/oxtables";

/// Path of the sockopt base parameter of oxtables.ko (absent on kernels that give Rust modules no
/// `parameters/` directory).
pub const SOCKOPT_BASE_PATH: &str = "/sys/module/oxtables/parameters/sockopt_base";

/// The environment variable that names the socket option base explicitly.
pub const BASE_ENV: &str = "OXTABLES_SOCKOPT_BASE";

/// `IPT_BASE_CTL`: ip_tables.ko's base, and oxtables.ko's by default.
pub const IPT_BASE_CTL: i32 = abi::sockopt::SET_REPLACE;

/// Where the socket option base came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseSource {
    /// `$OXTABLES_SOCKOPT_BASE`.
    Env,
    /// `/proc/net/oxtables`.
    Proc,
    /// `/sys/module/oxtables/parameters/sockopt_base`.
    Sysfs,
    /// None of them: `IPT_BASE_CTL`.
    Default,
}

impl BaseSource {
    fn describe(self) -> &'static str {
        match self {
            BaseSource::Env => "from $OXTABLES_SOCKOPT_BASE",
            BaseSource::Proc => "from /proc/net/oxtables",
            BaseSource::Sysfs => "from /sys/module/oxtables/parameters/sockopt_base",
            BaseSource::Default => "the default, IPT_BASE_CTL",
        }
    }
}

/// The engine behind the socket options, as identified by `OXT_SO_GET_IDENT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// oxtables.ko answered at `base`.
    Oxtables {
        /// Its socket option base.
        base: i32,
        /// Its version.
        version: String,
    },
    /// Not oxtables, and oxtables.ko is not loaded: ip_tables.ko or nothing at `base`.
    Stock {
        /// The socket option base used.
        base: i32,
    },
}

impl Engine {
    /// The socket option base to use.
    pub fn base(&self) -> i32 {
        match *self {
            Engine::Oxtables { base, .. } | Engine::Stock { base } => base,
        }
    }
}

/// What the environment says about the base: `$OXTABLES_SOCKOPT_BASE` (`env`, an error if it is
/// not a base), else the `sockopt_base` line of `/proc/net/oxtables` (`proc`), else the sysfs
/// parameter (`sysfs`), else 64. An unreadable file counts as absent: whatever the base, the
/// engine behind it is identified before it is used.
pub fn find_base(
    env: Option<&str>,
    proc: Option<&str>,
    sysfs: Option<&str>,
) -> Result<(i32, BaseSource)> {
    if let Some(v) = env.filter(|v| !v.is_empty()) {
        return ident::parse_base(v)
            .map(|b| (b, BaseSource::Env))
            .ok_or_else(|| {
                Error::versioned(
                    PARAMETER_PROBLEM,
                    format!(
                        "invalid {BASE_ENV} `{v}': not a socket option base ({} to {})",
                        ident::BASE_MIN,
                        ident::BASE_MAX
                    ),
                )
            });
    }
    if let Some(b) = proc.and_then(ident::parse_proc) {
        return Ok((b, BaseSource::Proc));
    }
    if let Some(b) = sysfs.and_then(ident::parse_base) {
        return Ok((b, BaseSource::Sysfs));
    }
    Ok((IPT_BASE_CTL, BaseSource::Default))
}

/// Decides which engine serves `base` from the answer to `OXT_SO_GET_IDENT` there (`probe`: the
/// bytes returned, or the errno), given whether oxtables.ko is loaded (`/proc/modules`,
/// `/proc/net/oxtables`). While oxtables.ko is loaded, only oxtables at `base` is accepted: any
/// other answer is an error (exit status 3, as a missing engine), never a silent use of
/// whatever else (ip_tables.ko) owns `base`.
pub fn identify(
    base: i32,
    source: BaseSource,
    oxtables_loaded: bool,
    probe: std::result::Result<&[u8], i32>,
) -> Result<Engine> {
    let refuse = |why: String| {
        Error::versioned(
            VERSION_PROBLEM,
            format!(
                "{why}\noxtables.ko publishes its base in {PROC_IDENT_PATH}; set {BASE_ENV} to it, or unset it."
            ),
        )
    };
    let source = source.describe();
    match probe {
        Ok(reply) => match ident::Ident::decode(reply) {
            Some(id) if id.base == base && id.abi == ident::ABI => Ok(Engine::Oxtables {
                base,
                version: id.version_str().to_string(),
            }),
            Some(id) if id.base == base => Err(refuse(format!(
                "oxtables.ko at socket option base {base} ({source}) answers in identification format {}, not {}: tool and module versions differ.",
                id.abi,
                ident::ABI
            ))),
            _ => Err(refuse(format!(
                "the engine at socket option base {base} ({source}) is not oxtables.ko: refusing to drive it."
            ))),
        },
        Err(_) if !oxtables_loaded => Ok(Engine::Stock { base }),
        Err(ENOPROTOOPT) => Err(refuse(format!(
            "oxtables.ko is loaded but does not serve socket option base {base} ({source}): refusing to drive the engine there (ip_tables.ko?)."
        ))),
        Err(e) => Err(refuse(format!(
            "can't identify the engine at socket option base {base} ({source}): {}.",
            strerror(e)
        ))),
    }
}

fn module_loaded(modules: &str, name: &str) -> bool {
    modules.lines().any(|l| l.split(' ').next() == Some(name))
}

/// Finds the base, and the engine behind it, through the raw socket `fd`.
pub fn detect(fd: &OwnedFd) -> Result<Engine> {
    detect_for(fd, None)
}

/// [`detect`] for a command on `table`: a caller without `CAP_NET_ADMIN` (the probe refused with
/// EPERM) gets iptables-legacy's message for the table ([`eperm_probe`]).
fn detect_for(fd: &OwnedFd, table: Option<&str>) -> Result<Engine> {
    let env = std::env::var(BASE_ENV).ok();
    let proc = std::fs::read_to_string(PROC_IDENT_PATH).ok();
    let sysfs = std::fs::read_to_string(SOCKOPT_BASE_PATH).ok();
    let (base, source) = find_base(env.as_deref(), proc.as_deref(), sysfs.as_deref())?;
    let modules = std::fs::read_to_string("/proc/modules").unwrap_or_default();
    let loaded = module_loaded(&modules, "oxtables") || proc.is_some();
    let mut buf = [0u8; ident::SIZE];
    // NO-OVERFLOW: `find_base` keeps the base at most `BASE_MAX`.
    let probe = sys::get_opt(fd, base + ident::GET_IDENT, &mut buf)
        .map(|n| &buf[..n.min(ident::SIZE)])
        .map_err(|e| errno(&e));
    if let Some(e) = table.and_then(|t| eperm_probe(t, loaded, &probe)) {
        return Err(e);
    }
    identify(base, source, loaded, probe)
}

/// oxtables.ko refuses `OXT_SO_GET_IDENT` with EPERM to a caller without `CAP_NET_ADMIN`, as
/// every `IPT_SO_*` call; iptables-legacy's first call there (`iptc_init`'s `GET_INFO`) fails
/// the same way and says so for the table: that message, not an identification failure.
fn eperm_probe(
    table: &str,
    oxtables_loaded: bool,
    probe: &std::result::Result<&[u8], i32>,
) -> Option<Error> {
    (oxtables_loaded && *probe == Err(EPERM)).then(|| init_error(table, EPERM))
}

/// A description of the engine the tool drives, for `-V`: the one identified, or why none is.
pub fn engine_description() -> Result<String> {
    let fd = match sys::raw_socket() {
        Ok(fd) => fd,
        Err(e) => {
            return Ok(format!(
                "not identified (can't open a raw socket: {})",
                strerror(errno(&e))
            ))
        }
    };
    let modules = std::fs::read_to_string("/proc/modules").unwrap_or_default();
    Ok(describe(
        &detect(&fd)?,
        module_loaded(&modules, "ip_tables"),
    ))
}

/// `-V`'s text for `engine`; `ip_tables` says whether ip_tables.ko is loaded.
pub fn describe(engine: &Engine, ip_tables: bool) -> String {
    match engine {
        Engine::Oxtables { base, version } => {
            format!("oxtables.ko v{version} (sockopt base {base})")
        }
        Engine::Stock { base } if *base == IPT_BASE_CTL && ip_tables => {
            format!("ip_tables.ko (sockopt base {base})")
        }
        Engine::Stock { base } => format!("none loaded (would use sockopt base {base})"),
    }
}

/// An open connection to the engine.
pub struct Handle {
    fd: OwnedFd,
    base: i32,
    engine: Engine,
}

fn errno(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(0)
}

impl Handle {
    /// Opens the raw socket and identifies the engine behind it ([`detect`]).
    pub fn open() -> Result<Handle> {
        Handle::open_for("")
    }

    /// [`Handle::open`] for a command on `table`: a socket that cannot be opened (no
    /// `CAP_NET_RAW`) names the table, as upstream's `iptc_init` does.
    pub fn open_for(table: &str) -> Result<Handle> {
        let fd = sys::raw_socket().map_err(|e| init_error(table, errno(&e)))?;
        let engine = detect_for(&fd, Some(table))?;
        Ok(Handle {
            fd,
            base: engine.base(),
            engine,
        })
    }

    /// The engine this handle drives.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The tables to save when none is named: oxtables' four (it has them all in every
    /// namespace, and `/proc/net/ip_tables_names` is not its own at another base), else the
    /// kernel's list.
    pub fn table_names(&self) -> Vec<String> {
        match self.engine {
            Engine::Oxtables { .. } => oxtables_engine::tables::Table::ALL
                .iter()
                .map(|t| t.name().to_string())
                .collect(),
            Engine::Stock { .. } => table_names(),
        }
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

    /// Edits one rule of chain `e.chain` of table `table` in place with oxtables.ko's
    /// `OXT_SO_SET_EDIT` (the table is not read: the kernel applies the edit to the live table,
    /// so there is no stale read to refuse). `Ok(false)` when the engine is not oxtables.ko;
    /// `Err(errno)` when the kernel refused the edit, which then changed nothing.
    pub fn edit(&self, table: &str, e: &OneEdit) -> std::result::Result<bool, i32> {
        if !matches!(self.engine, Engine::Oxtables { .. }) {
            return Ok(false);
        }
        let buf = edit_request(table, e)?;
        // NO-OVERFLOW: `find_base` keeps the base at most `BASE_MAX`.
        sys::set_opt(&self.fd, self.base + edit::SET_EDIT, &buf).map_err(|e| errno(&e))?;
        Ok(true)
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

/// The `OXT_SO_SET_EDIT` request for `e` in table `table`, for whatever table is live
/// (`num_entries` [`edit::ANY_ENTRIES`]: the tool decided nothing from a read of the table).
pub fn edit_request(table: &str, e: &OneEdit) -> std::result::Result<Vec<u8>, i32> {
    let rule = match &e.rule {
        Some(r) => model::edit_entry(r).map_err(|_| EINVAL)?,
        None => Vec::new(),
    };
    let h = edit::EditHeader {
        table: abi::c_name(table.as_bytes()).ok_or(ENOENT)?,
        chain: abi::c_name(e.chain.as_bytes()).ok_or(ENOENT)?,
        op: e.op,
        rulenum: e.rulenum,
        num_entries: edit::ANY_ENTRIES,
        size: u32::try_from(rule.len()).map_err(|_| EINVAL)?,
    };
    let mut buf = h.encode().to_vec();
    buf.extend_from_slice(&rule);
    Ok(buf)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::EPERM;

    fn ok_reply(base: i32) -> [u8; ident::SIZE] {
        ident::Ident::ours(base).encode()
    }

    #[test]
    fn base_sources_in_order() {
        let proc = "sockopt_base 6400\nversion 0.1.0\n";
        assert_eq!(
            find_base(Some("128"), Some(proc), Some("96\n")).unwrap(),
            (128, BaseSource::Env)
        );
        // An empty variable is no variable.
        assert_eq!(
            find_base(Some(""), Some(proc), Some("96\n")).unwrap(),
            (6400, BaseSource::Proc)
        );
        assert_eq!(
            find_base(None, Some(proc), Some("96\n")).unwrap(),
            (6400, BaseSource::Proc)
        );
        // A file without a valid base line (hidden, truncated) is skipped.
        assert_eq!(
            find_base(None, Some(""), Some("96\n")).unwrap(),
            (96, BaseSource::Sysfs)
        );
        assert_eq!(
            find_base(None, None, Some("junk")).unwrap(),
            (64, BaseSource::Default)
        );
        assert_eq!(
            find_base(None, None, None).unwrap(),
            (64, BaseSource::Default)
        );
    }

    #[test]
    fn a_bad_variable_is_a_parameter_problem() {
        for v in ["x", "-1", "6 4", "2147483643", "0x40"] {
            let e = find_base(Some(v), None, None).unwrap_err();
            assert_eq!(e.code, PARAMETER_PROBLEM);
            assert_eq!(
                e.render("oxtables", None),
                format!(
                    "oxtables v{} (legacy): invalid OXTABLES_SOCKOPT_BASE `{v}': not a socket option base (0 to 2147483642)\n",
                    crate::VERSION
                )
            );
        }
    }

    #[test]
    fn oxtables_answering_is_oxtables() {
        for loaded in [false, true] {
            let r = ok_reply(6400);
            assert_eq!(
                identify(6400, BaseSource::Proc, loaded, Ok(&r)).unwrap(),
                Engine::Oxtables {
                    base: 6400,
                    version: "0.1.0".to_string()
                }
            );
        }
    }

    #[test]
    fn ip_tables_alone_is_used_at_its_base() {
        for e in [ENOPROTOOPT, EPERM] {
            assert_eq!(
                identify(64, BaseSource::Default, false, Err(e)).unwrap(),
                Engine::Stock { base: 64 }
            );
        }
    }

    #[test]
    fn with_oxtables_loaded_anything_else_is_refused() {
        let e = identify(64, BaseSource::Env, true, Err(ENOPROTOOPT)).unwrap_err();
        assert_eq!(e.code, VERSION_PROBLEM);
        assert_eq!(
            e.render("oxtables", None),
            format!(
                "oxtables v{} (legacy): oxtables.ko is loaded but does not serve socket option base 64 (from $OXTABLES_SOCKOPT_BASE): refusing to drive the engine there (ip_tables.ko?).\n\
                 oxtables.ko publishes its base in /proc/net/oxtables; set OXTABLES_SOCKOPT_BASE to it, or unset it.\n",
                crate::VERSION
            )
        );
        // A command on a table: iptables-legacy's message (no CAP_NET_ADMIN).
        let e = eperm_probe("nat", true, &Err(EPERM)).unwrap();
        assert_eq!(e.code, VERSION_PROBLEM);
        assert!(e.msg.starts_with(
            "can't initialize iptables table `nat': Permission denied (you must be root)\n"
        ));
        assert!(eperm_probe("nat", false, &Err(EPERM)).is_none());
        assert!(eperm_probe("nat", true, &Err(ENOPROTOOPT)).is_none());
        let e = identify(64, BaseSource::Default, true, Err(EPERM)).unwrap_err();
        assert_eq!(e.code, VERSION_PROBLEM);
        assert!(e.msg.starts_with(
            "can't identify the engine at socket option base 64 (the default, IPT_BASE_CTL): Operation not permitted.\n"
        ));
    }

    #[test]
    fn foreign_or_mismatched_replies_are_refused() {
        // Another base's module (the reply names its own base), loaded or not.
        let other = ok_reply(6400);
        let mut wrong_abi = ok_reply(64);
        wrong_abi[8..12].copy_from_slice(&2u32.to_ne_bytes());
        let mut not_ours = ok_reply(64);
        not_ours[..8].copy_from_slice(b"iptables");
        for loaded in [false, true] {
            let e = identify(64, BaseSource::Sysfs, loaded, Ok(&other)).unwrap_err();
            assert_eq!(e.code, VERSION_PROBLEM);
            assert!(e.msg.starts_with("the engine at socket option base 64 (from /sys/module/oxtables/parameters/sockopt_base) is not oxtables.ko"));
            let e = identify(64, BaseSource::Proc, loaded, Ok(&wrong_abi)).unwrap_err();
            assert!(
                e.msg.contains("identification format 2, not 1"),
                "{}",
                e.msg
            );
            let e = identify(64, BaseSource::Proc, loaded, Ok(&not_ours)).unwrap_err();
            assert!(e.msg.contains("is not oxtables.ko"));
            // A short reply (the kernel wrote fewer bytes).
            let e = identify(64, BaseSource::Proc, loaded, Ok(&ok_reply(64)[..16])).unwrap_err();
            assert!(e.msg.contains("is not oxtables.ko"));
        }
    }

    #[test]
    fn version_line() {
        let ox = Engine::Oxtables {
            base: 6400,
            version: "0.1.0".to_string(),
        };
        assert_eq!(
            describe(&ox, true),
            "oxtables.ko v0.1.0 (sockopt base 6400)"
        );
        assert_eq!(
            describe(&Engine::Stock { base: 64 }, true),
            "ip_tables.ko (sockopt base 64)"
        );
        assert_eq!(
            describe(&Engine::Stock { base: 64 }, false),
            "none loaded (would use sockopt base 64)"
        );
        assert_eq!(
            describe(&Engine::Stock { base: 6400 }, true),
            "none loaded (would use sockopt base 6400)"
        );
    }

    #[test]
    fn proc_modules_lines() {
        let m = "oxtables_x 1 0 - Live 0x0\nip_tables 32768 0 - Live 0x0\n";
        assert!(module_loaded(m, "ip_tables"));
        assert!(!module_loaded(m, "oxtables"));
        assert!(module_loaded(
            "oxtables 4096 0 - Live 0x0 (O)\n",
            "oxtables"
        ));
    }
}
