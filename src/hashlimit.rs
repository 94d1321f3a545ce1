// SPDX-License-Identifier: GPL-2.0

//! The namespace side of the `hashlimit` match (`struct hashlimit_net` in `xt_hashlimit.c`):
//! the named tables of one network namespace, each shared by every rule naming it, in any
//! table, and held while at least one such rule is loaded; and `/proc/net/ipt_hashlimit/NAME`.
//!
//! The tables themselves (entries, decisions, the `/proc` lines) are the engine's
//! [`HashlimitTable`]; here they get a lock ([`BhLock`], shared with the packet path), a
//! registry with upstream's `hashlimit_mutex` ([`Htables`]) and their files. Lifetimes are
//! `recent`'s (`src/recent.rs`): the holds ([`HtableUse`]) of a replace request are taken
//! before the old rules release theirs and live in the table instance that runs the rules;
//! the last hold's drop removes the table from the registry, removes its file and frees it.
//! Expired entries are freed lazily by the engine (no `gc_work`): nothing a packet or a
//! reader of the file sees depends on when that happens.

use crate::engine::{
    abi::c_str,
    error::{Error as EngineError, Reject},
    ext::hashlimit::{
        HashlimitSpec, HashlimitTable, NAME_LEN, NAME_UNTERMINATED, RATEMATCH_MISMATCH,
    },
};
use crate::sys::{
    bhlock::BhLock,
    pernet::NetInit,
    procfs::{ProcDir, ProcFile, SeqRecords, SeqWriter},
    time,
};
use kernel::{alloc::KVec, new_mutex, prelude::*, sync::Arc, sync::Mutex};

/// One table: its name and its entries, behind the lock the packet path takes.
#[pin_data]
pub(crate) struct Htable {
    /// The name as the creating rule gave it (NUL-terminated inside the field).
    name: [u8; NAME_LEN],
    #[pin]
    table: BhLock<HashlimitTable>,
}

impl Htable {
    /// The name without its NUL padding.
    fn name(&self) -> &[u8] {
        c_str(&self.name)
    }
}

impl SeqRecords for Htable {
    /// The file has no `write` (upstream's `proc_create_seq_data`).
    const WRITE_MAX: usize = 0;

    /// `dl_seq_start`/`dl_seq_next`: one record per bucket.
    fn has_record(&self, index: u64) -> bool {
        let Ok(i) = usize::try_from(index) else {
            return false;
        };
        self.table.lock(|t| i < t.buckets())
    }

    /// `dl_seq_show`: the live entries of bucket `index`, recalculated now.
    fn show_record(&self, index: u64, out: &mut SeqWriter<'_>) {
        let Ok(i) = usize::try_from(index) else {
            return;
        };
        let now = time::jiffies();
        // A full buffer is seq_file's to notice (it retries with a larger one).
        self.table.lock(|t| {
            let _ = t.show_bucket(i, now, out);
        });
    }

    /// A file without `proc_write`: `EIO`, as `proc_reg_write` answers.
    fn write(&self, _data: &[u8], _pos: &mut i64) -> Result<usize> {
        Err(EIO)
    }
}

/// A registered table: the table, how many rules hold it, and its file.
struct Entry {
    table: Arc<Htable>,
    /// `hinfo->use`.
    holds: u32,
    /// `/proc/net/ipt_hashlimit/NAME` (none without the directory).
    _file: Option<ProcFile<Htable>>,
}

/// The tables of one namespace, and its `/proc/net/ipt_hashlimit`.
#[pin_data]
pub(crate) struct Htables {
    /// `hashlimit_net->htables`, under `hashlimit_mutex`.
    #[pin]
    entries: Mutex<KVec<Entry>>,
    /// `/proc/net/ipt_hashlimit`: only while oxtables serves ip_tables' socket options (with
    /// another base the name may be `xt_hashlimit.ko`'s).
    dir: Option<Arc<ProcDir>>,
}

/// The mode of a table's file: `proc_create_seq_data(name, 0, ...)` makes it `S_IRUGO`.
const HTABLE_PERMS: u16 = 0o444;

impl Htables {
    /// The (empty) tables of the namespace `net` being set up, with its
    /// `/proc/net/ipt_hashlimit` (`hashlimit_proc_net_init`).
    pub(crate) fn new(net: NetInit) -> Result<Arc<Htables>> {
        let dir = if crate::sockopt_base() == crate::engine::abi::sockopt::SET_REPLACE {
            Some(ProcDir::mkdir_net(net, c"ipt_hashlimit")?)
        } else {
            None
        };
        Arc::pin_init(
            pin_init!(Htables {
                entries <- new_mutex!(KVec::new()),
                dir,
            }),
            GFP_KERNEL,
        )
    }

    /// No tables and no directory (kunit tests).
    pub(crate) fn empty() -> Result<Arc<Htables>> {
        Arc::pin_init(
            pin_init!(Htables {
                entries <- new_mutex!(KVec::new()),
                dir: None,
            }),
            GFP_KERNEL,
        )
    }

    /// `hashlimit_mt_check_common`'s part under `hashlimit_mutex`: the table named
    /// `spec.name`, found (`EINVAL` if its rate-match setting differs) or created with its
    /// file, with one more hold.
    fn get(self: &Arc<Self>, spec: &HashlimitSpec) -> Result<HtableUse, EngineError> {
        let mut entries = self.entries.lock();
        if let Some(e) = entries.iter_mut().find(|e| e.table.name() == spec.name()) {
            if e.table.table.lock(|t| t.ratematch()) != spec.ratematch() {
                return Err(EngineError::Inval(RATEMATCH_MISMATCH));
            }
            e.holds = e.holds.checked_add(1).ok_or(NO_MEMORY)?;
            return Ok(HtableUse {
                tables: self.clone(),
                table: e.table.clone(),
            });
        }
        let t = HashlimitTable::new(spec, time::HZ, time::totalram_pages(), time::random_u32())
            .map_err(|_| NO_MEMORY)?;
        let table = Arc::pin_init(
            pin_init!(Htable {
                name: spec.name,
                table <- BhLock::new(t),
            }),
            GFP_KERNEL,
        )
        .map_err(|_| NO_MEMORY)?;
        let file = match &self.dir {
            Some(dir) => {
                // The engine's check found a NUL in the field.
                let name = CStr::from_bytes_until_nul(&spec.name)
                    .map_err(|_| EngineError::NameTooLong(NAME_UNTERMINATED))?;
                let f = ProcFile::create(dir, name, HTABLE_PERMS, table.clone());
                Some(f.map_err(|_| NO_MEMORY)?)
            }
            None => None,
        };
        entries
            .push(
                Entry {
                    table: table.clone(),
                    holds: 1,
                    _file: file,
                },
                GFP_KERNEL,
            )
            .map_err(|_| NO_MEMORY)?;
        Ok(HtableUse {
            tables: self.clone(),
            table,
        })
    }

    /// `htable_put`: one hold less on `table`; the last one removes the table, its file
    /// (waiting for the file's readers) and, with the last `Arc`, its memory.
    fn release(&self, table: &Arc<Htable>) {
        let mut entries = self.entries.lock();
        let Some(i) = entries.iter().position(|e| Arc::ptr_eq(&e.table, table)) else {
            return;
        };
        let last = entries.get_mut(i).is_some_and(|e| {
            e.holds = e.holds.saturating_sub(1);
            e.holds == 0
        });
        if last {
            let gone = entries.remove(i);
            drop(gone);
        }
    }
}

/// A rule's hold on a table, from its check to its table's end.
pub(crate) struct HtableUse {
    tables: Arc<Htables>,
    table: Arc<Htable>,
}

impl HtableUse {
    /// Runs `f` on the table, locked.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut HashlimitTable) -> R) -> R {
        self.table.table.lock(f)
    }
}

impl Drop for HtableUse {
    fn drop(&mut self) {
        self.tables.release(&self.table);
    }
}

/// `ENOMEM` for a table that could not be made.
const NO_MEMORY: EngineError = EngineError::NoMem(crate::engine::ext::hashlimit::NO_MEMORY);

/// The table a request's `hashlimit_table` answers: `spec`'s, with a hold collected in `uses`
/// by slot.
pub(crate) fn collect(
    tables: &Arc<Htables>,
    uses: &mut KVec<HtableUse>,
    spec: &HashlimitSpec,
) -> Result<u32, EngineError> {
    let slot = u32::try_from(uses.len()).map_err(|_| NO_MEMORY)?;
    // Room first, so that a hold taken is never dropped for want of a slot.
    uses.reserve(1, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
    let u = tables.get(spec)?;
    uses.push(u, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
    Ok(slot)
}

/// A `hashlimit` check without a namespace to keep its table in (`ENOENT`).
pub(crate) const NO_TABLES: Reject = Reject::Check("hashlimit: no namespace tables");

#[kernel::macros::kunit_tests(oxtables_hashlimit)]
mod tests {
    use super::*;
    use crate::engine::ext::hashlimit::{mode, Cfg};

    fn spec(name: &[u8], m: u32) -> HashlimitSpec {
        let mut n = [0u8; NAME_LEN];
        if let Some(dst) = n.get_mut(..name.len()) {
            dst.copy_from_slice(name);
        }
        HashlimitSpec {
            name: n,
            cfg: Cfg {
                avg: 1_000_000,
                burst: 5,
                mode: m,
                size: 16,
                max: 32,
                gc_interval: 1000,
                expire: 10000,
                interval: 1,
                srcmask: 32,
                dstmask: 32,
            },
            revision: 3,
        }
    }

    fn tables() -> Result<Arc<Htables>> {
        Arc::pin_init(
            pin_init!(Htables {
                entries <- new_mutex!(KVec::new()),
                dir: None,
            }),
            GFP_KERNEL,
        )
    }

    fn count(t: &Htables) -> usize {
        t.entries.lock().len()
    }

    #[test]
    fn tables_are_shared_and_go_with_their_last_hold() -> Result {
        let l = tables()?;
        let a = l.get(&spec(b"a", mode::SIP)).map_err(|_| ENOMEM)?;
        let b = l.get(&spec(b"a", mode::DIP)).map_err(|_| ENOMEM)?;
        assert!(Arc::ptr_eq(&a.table, &b.table));
        // The first rule's config wins.
        assert_eq!(b.with(|t| t.cfg().mode), mode::SIP);
        assert!(l.get(&spec(b"a", mode::SIP | mode::RATE_MATCH)).is_err());
        let mut uses = KVec::new();
        assert_eq!(collect(&l, &mut uses, &spec(b"b", 0)), Ok(0));
        assert_eq!(count(&l), 2);
        drop(a);
        assert_eq!(count(&l), 2);
        drop(b);
        assert_eq!(count(&l), 1);
        drop(uses);
        assert_eq!(count(&l), 0);
        Ok(())
    }
}
