// SPDX-License-Identifier: GPL-2.0

//! The namespace side of the `recent` match (`struct recent_net` in `xt_recent.c`): the lists of
//! one network namespace by name, each shared by every rule naming it, in any table, and held
//! while at least one such rule is loaded; and `/proc/net/xt_recent/NAME`.
//!
//! The lists themselves (entries, decisions, the `/proc` text) are the engine's
//! [`RecentTable`]; here they get a lock ([`BhLock`], shared with the packet path), a registry
//! with upstream's `recent_mutex` ([`Lists`]) and their files.
//!
//! Lifetimes, as upstream's: a replace request's checks take their holds ([`ListUse`]) before
//! the old rules release theirs, so a list named by both the old and the new rules keeps its
//! entries. The holds live in the table [`crate::table::Instance`] that runs the rules, which
//! the packet path reads; an instance is dropped only once no CPU walks it (`Live::replace`,
//! or the namespace's exit after an RCU grace period). When the last hold goes, the list leaves
//! the registry, its file is removed (waiting for readers and writers), and its memory is
//! freed: no packet and no file can reach it any more.

use crate::engine::{
    abi::c_str,
    env::LoadEnv,
    error::{Error as EngineError, Reject},
    ext::ct::CtTemplateSpec,
    ext::recent::{
        parse_proc_write, ProcCmd, RecentSpec, RecentTable, StampPool, IP_LIST_PERMS,
        NAME_UNTERMINATED, PROC_WRITE_MAX, XT_RECENT_NAME_LEN,
    },
};
use crate::sys::{
    bhlock::BhLock,
    pernet::NetInit,
    procfs::{ProcDir, ProcFile, SeqRecords, SeqWriter},
    time,
};
use core::cell::RefCell;
use kernel::{alloc::KVec, new_mutex, prelude::*, sync::Arc, sync::Mutex};

/// One list: its name and its entries, behind the lock the packet path takes.
#[pin_data]
pub(crate) struct List {
    /// The name as the creating rule gave it (NUL-terminated inside the field).
    name: [u8; XT_RECENT_NAME_LEN],
    #[pin]
    table: BhLock<RecentTable>,
}

impl List {
    /// The name without its NUL padding.
    fn name(&self) -> &[u8] {
        c_str(&self.name)
    }
}

impl SeqRecords for List {
    const WRITE_MAX: usize = PROC_WRITE_MAX;

    fn has_record(&self, index: u64) -> bool {
        let Ok(i) = usize::try_from(index) else {
            return false;
        };
        self.table.lock(|t| i < t.len())
    }

    /// `recent_seq_show`.
    fn show_record(&self, index: u64, out: &mut SeqWriter<'_>) {
        let Ok(i) = usize::try_from(index) else {
            return;
        };
        // A full buffer is seq_file's to notice (it retries with a larger one).
        self.table.lock(|t| {
            let _ = t.show_entry(i, out);
        });
    }

    /// `recent_mt_proc_write`: `data` is at most [`PROC_WRITE_MAX`] bytes.
    fn write(&self, data: &[u8], pos: &mut i64) -> Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        // "Strict protocol!"
        if *pos != 0 {
            return Err(ESPIPE);
        }
        let cmd = parse_proc_write(data).ok_or(EINVAL)?;
        let now = time::jiffies();
        self.table.lock(|t| t.apply(&cmd, now));
        // A flush leaves the position alone; an address moves it past what was read.
        if cmd != ProcCmd::Flush {
            *pos = pos.saturating_add(i64::try_from(data.len()).unwrap_or(i64::MAX));
        }
        Ok(data.len())
    }
}

/// A registered list: the list, how many rules hold it, and its file.
struct Entry {
    list: Arc<List>,
    /// `t->refcnt`.
    holds: u32,
    /// `/proc/net/xt_recent/NAME` (none without the directory).
    _file: Option<ProcFile<List>>,
}

/// The lists of one namespace, and its `/proc/net/xt_recent`.
#[pin_data]
pub(crate) struct Lists {
    /// `recent_net->tables`, under `recent_mutex`.
    #[pin]
    entries: Mutex<KVec<Entry>>,
    /// `/proc/net/xt_recent`: only while oxtables serves ip_tables' socket options (with
    /// another base the name may be `xt_recent.ko`'s).
    dir: Option<Arc<ProcDir>>,
}

impl Lists {
    /// The (empty) lists of the namespace `net` being set up, with its `/proc/net/xt_recent`
    /// (`recent_net_init`).
    pub(crate) fn new(net: NetInit) -> Result<Arc<Lists>> {
        let dir = if crate::sockopt_base() == crate::engine::abi::sockopt::SET_REPLACE {
            Some(ProcDir::mkdir_net(net, c"xt_recent")?)
        } else {
            None
        };
        Arc::pin_init(
            pin_init!(Lists {
                entries <- new_mutex!(KVec::new()),
                dir,
            }),
            GFP_KERNEL,
        )
    }

    /// `recent_mt_check`'s part under `recent_mutex`: the list named `spec.name`, found (its
    /// rings grown, and so flushed, if `spec` needs more stamps) or created with its file, with
    /// one more hold. `ENOMEM` if something cannot be allocated.
    fn get(self: &Arc<Self>, spec: &RecentSpec) -> Result<ListUse, EngineError> {
        let mut entries = self.entries.lock();
        if let Some(e) = entries.iter_mut().find(|e| e.list.name() == spec.name()) {
            let have = e.list.table.lock(|t| t.nstamps_max_mask());
            if spec.nstamp_mask > have {
                let pool = StampPool::new(spec.nstamp_mask)?;
                let old = e.list.table.lock(|t| t.grow(pool));
                // The old rings are freed here, outside the spinlock.
                drop(old);
            }
            e.holds = e.holds.checked_add(1).ok_or(NO_MEMORY)?;
            return Ok(ListUse {
                lists: self.clone(),
                list: e.list.clone(),
            });
        }
        let table = RecentTable::new(spec, time::random_u32())?;
        let list = Arc::pin_init(
            pin_init!(List {
                name: spec.name,
                table <- BhLock::new(table),
            }),
            GFP_KERNEL,
        )
        .map_err(|_| NO_MEMORY)?;
        let file = match &self.dir {
            Some(dir) => {
                // The engine's check found a NUL in the field.
                let name = CStr::from_bytes_until_nul(&spec.name)
                    .map_err(|_| EngineError::NameTooLong(NAME_UNTERMINATED))?;
                let f = ProcFile::create(dir, name, IP_LIST_PERMS, list.clone());
                Some(f.map_err(|_| NO_MEMORY)?)
            }
            None => None,
        };
        entries
            .push(
                Entry {
                    list: list.clone(),
                    holds: 1,
                    _file: file,
                },
                GFP_KERNEL,
            )
            .map_err(|_| NO_MEMORY)?;
        Ok(ListUse {
            lists: self.clone(),
            list,
        })
    }

    /// `recent_mt_destroy`: one hold less on `list`; the last one removes the list, its file
    /// (waiting for the file's readers and writers) and, with the last `Arc`, its memory.
    fn release(&self, list: &Arc<List>) {
        let mut entries = self.entries.lock();
        let Some(i) = entries.iter().position(|e| Arc::ptr_eq(&e.list, list)) else {
            return;
        };
        let last = entries.get_mut(i).is_some_and(|e| {
            e.holds = e.holds.saturating_sub(1);
            e.holds == 0
        });
        if last {
            // Removed under the mutex, as upstream: a new rule of that name makes a new list.
            let gone = entries.remove(i);
            drop(gone);
        }
    }
}

/// A rule's hold on a list, from its check to its table's end.
pub(crate) struct ListUse {
    lists: Arc<Lists>,
    list: Arc<List>,
}

impl ListUse {
    /// Runs `f` on the list, locked.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut RecentTable) -> R) -> R {
        self.list.table.lock(f)
    }
}

impl Drop for ListUse {
    fn drop(&mut self) {
        self.lists.release(&self.list);
    }
}

/// `ENOMEM` for a list that could not be made or grown.
const NO_MEMORY: EngineError = EngineError::NoMem(Reject::Alloc);

/// The kernel objects the checks of one `IPT_SO_SET_REPLACE` took for their rules, each kind in
/// rule order (the slots the checks answered): owned by the new table and released with it (in
/// process context, after a grace period), or at once if the request fails.
#[derive(Default)]
pub(crate) struct Held {
    /// The `recent` lists' holds ([`LoadEnv::recent_table`]; `recent_mt_destroy` upstream).
    pub(crate) recent: KVec<ListUse>,
    /// The `hashlimit` tables' holds ([`LoadEnv::hashlimit_table`]; `htable_put` in
    /// `hashlimit_mt_destroy`).
    pub(crate) hashlimit: KVec<crate::hashlimit::HtableUse>,
    /// The ipset references of the `set` checks ([`LoadEnv::ip_set_get_byindex`];
    /// `ip_set_nfnl_put` in `set_match_v*_destroy`).
    pub(crate) _sets: KVec<crate::sys::ipset::IpSetRef>,
    /// The `CT` targets' conntrack templates ([`LoadEnv::ct_template`]; `xt_ct_tg_destroy`).
    pub(crate) ct_templates: KVec<crate::sys::conntrack::CtTemplate>,
    /// The searches the `string` checks prepared ([`LoadEnv::textsearch_prepare`];
    /// `textsearch_destroy` in `string_mt_destroy`).
    pub(crate) searches: KVec<crate::sys::textsearch::TsConfig>,
    /// The `connlimit` counters ([`LoadEnv::conncount_init`]; `nf_conncount_destroy` in
    /// `connlimit_mt_destroy`).
    pub(crate) conncount: KVec<crate::sys::conntrack::Conncount>,
    /// The `TEE --oif` trackers ([`LoadEnv::tee_oif`]; `tee_tg_destroy`).
    pub(crate) tee_oifs: KVec<crate::tee::OifUse>,
}

/// What the checks of one `IPT_SO_SET_REPLACE` ask of the kernel: [`crate::env::KernelLoad`]'s
/// answers, the namespace's lists, and the kernel objects the rules hold ([`Held`]), collected
/// in rule order.
pub(crate) struct ReplaceLoad<'a> {
    base: crate::env::KernelLoad<'a>,
    lists: &'a Arc<Lists>,
    uses: RefCell<KVec<ListUse>>,
    /// The namespace's `hashlimit` tables, and the holds the checks took, by slot.
    htables: &'a Arc<crate::hashlimit::Htables>,
    htable_uses: RefCell<KVec<crate::hashlimit::HtableUse>>,
    /// The `connlimit` counters the checks allocated, by slot.
    counts: RefCell<KVec<crate::sys::conntrack::Conncount>>,
    /// The ipset references the `set` checks took ([`LoadEnv::ip_set_get_byindex`]).
    sets: RefCell<KVec<crate::sys::ipset::IpSetRef>>,
    /// The `CT` templates ([`LoadEnv::ct_template`]).
    ct_templates: RefCell<KVec<crate::sys::conntrack::CtTemplate>>,
    /// The searches the `string` checks prepared, by slot ([`LoadEnv::textsearch_prepare`]).
    searches: RefCell<KVec<crate::sys::textsearch::TsConfig>>,
    /// The namespace's `TEE --oif` trackers, if the request may make any.
    tee: Option<&'a Arc<crate::tee::TeeDevs>>,
    /// The trackers the `TEE` checks made, by slot ([`LoadEnv::tee_oif`]).
    tee_oifs: RefCell<KVec<crate::tee::OifUse>>,
}

impl<'a> ReplaceLoad<'a> {
    /// For a request in the namespace with `lists`, `base` answering everything else.
    pub(crate) fn new(
        lists: &'a Arc<Lists>,
        htables: &'a Arc<crate::hashlimit::Htables>,
        base: crate::env::KernelLoad<'a>,
    ) -> Self {
        Self {
            base,
            lists,
            uses: RefCell::new(KVec::new()),
            htables,
            htable_uses: RefCell::new(KVec::new()),
            counts: RefCell::new(KVec::new()),
            sets: RefCell::new(KVec::new()),
            ct_templates: RefCell::new(KVec::new()),
            searches: RefCell::new(KVec::new()),
            tee: None,
            tee_oifs: RefCell::new(KVec::new()),
        }
    }

    /// The same, with the namespace's `TEE --oif` trackers (without them `TEE --oif` is
    /// refused with `ENOMEM`).
    pub(crate) fn with_tee(mut self, tee: &'a Arc<crate::tee::TeeDevs>) -> Self {
        self.tee = Some(tee);
        self
    }

    /// What the checks took, by slot.
    pub(crate) fn into_held(self) -> Held {
        Held {
            recent: self.uses.into_inner(),
            hashlimit: self.htable_uses.into_inner(),
            _sets: self.sets.into_inner(),
            ct_templates: self.ct_templates.into_inner(),
            searches: self.searches.into_inner(),
            conncount: self.counts.into_inner(),
            tee_oifs: self.tee_oifs.into_inner(),
        }
    }
}

impl LoadEnv for ReplaceLoad<'_> {
    fn hz(&self) -> u32 {
        self.base.hz()
    }

    fn random_u32(&self) -> u32 {
        self.base.random_u32()
    }

    fn classifier(&self) -> bool {
        self.base.classifier()
    }

    fn jiffies(&self) -> u64 {
        self.base.jiffies()
    }

    fn make_kuid(&self, uid: u32) -> u32 {
        self.base.make_kuid(uid)
    }

    fn make_kgid(&self, gid: u32) -> u32 {
        self.base.make_kgid(gid)
    }

    fn writer_in_net_user_ns(&self) -> bool {
        self.base.writer_in_net_user_ns()
    }

    fn warn_once(&self, once: &'static crate::engine::env::WarnOnce) {
        self.base.warn_once(once)
    }

    fn info_ratelimited(&self, msg: core::fmt::Arguments<'_>) {
        self.base.info_ratelimited(msg)
    }

    fn request_module(&self, name: &'static core::ffi::CStr) {
        self.base.request_module(name)
    }

    fn recent_table(&self, spec: &RecentSpec) -> Result<u32, EngineError> {
        let mut uses = self.uses.borrow_mut();
        let slot = u32::try_from(uses.len()).map_err(|_| NO_MEMORY)?;
        // Room first, so that a hold taken is never dropped for want of a slot.
        uses.reserve(1, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        let u = self.lists.get(spec)?;
        uses.push(u, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        Ok(slot)
    }

    fn hashlimit_table(
        &self,
        spec: &crate::engine::ext::hashlimit::HashlimitSpec,
    ) -> Result<u32, EngineError> {
        let mut uses = self.htable_uses.borrow_mut();
        crate::hashlimit::collect(self.htables, &mut uses, spec)
    }

    /// `string_mt_check`'s `textsearch_prepare`: the search goes to the request, by slot.
    fn textsearch_prepare(
        &self,
        algo: &[u8; crate::engine::ext::string::XT_STRING_MAX_ALGO_NAME_SIZE],
        pattern: &[u8],
        icase: bool,
    ) -> Result<u32, EngineError> {
        let mut searches = self.searches.borrow_mut();
        let slot = u32::try_from(searches.len()).map_err(|_| NO_MEMORY)?;
        // Room first, so that a search prepared is never dropped for want of a slot (upstream
        // cannot fail after `textsearch_prepare`).
        searches.reserve(1, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        let ts = crate::sys::textsearch::TsConfig::prepare(algo, pattern, icase)
            .map_err(|e| crate::engine::ext::string::prepare_error(-e))?;
        searches.push(ts, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        Ok(slot)
    }

    fn conncount_init(&self, keylen: u32) -> Result<u32, EngineError> {
        let Some(sk) = self.base.sk else {
            return Err(EngineError::NoEnt(NO_NET));
        };
        let mut counts = self.counts.borrow_mut();
        let slot = u32::try_from(counts.len()).map_err(|_| NO_MEMORY)?;
        counts.reserve(1, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        // nf_conncount_init fails with EINVAL (a bad key length) or ENOMEM only; ENOENT when
        // nf_conncount cannot be loaded (as a missing xt_connlimit would).
        let c = crate::sys::conntrack::Conncount::new(sk, keylen).map_err(|e| {
            if e == EINVAL {
                EngineError::Inval(CONNCOUNT_INIT)
            } else if e == ENOENT {
                EngineError::NoEnt(CONNCOUNT_INIT)
            } else {
                EngineError::NoMem(CONNCOUNT_INIT)
            }
        })?;
        counts.push(c, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        Ok(slot)
    }

    /// `tee_tg_check`'s `xt_tee_priv`: a tracker on the namespace's list, by slot.
    fn tee_oif(&self, name: &[u8; crate::engine::ext::tee::IFNAMSIZ]) -> Result<u32, EngineError> {
        const NO_PRIV: EngineError = EngineError::NoMem(crate::engine::ext::tee::NO_PRIV);
        let (Some(sk), Some(tee)) = (self.base.sk, self.tee) else {
            return Err(NO_PRIV);
        };
        let mut oifs = self.tee_oifs.try_borrow_mut().map_err(|_| NO_PRIV)?;
        let slot = u32::try_from(oifs.len()).map_err(|_| NO_PRIV)?;
        // Room first, so that a tracker made is never dropped for want of a slot.
        oifs.reserve(1, GFP_KERNEL).map_err(|_| NO_PRIV)?;
        let u = tee.track(sk, name)?;
        oifs.push(u, GFP_KERNEL).map_err(|_| NO_PRIV)?;
        Ok(slot)
    }

    fn ip_set_get_byindex(&self, index: u16) -> u16 {
        const INVALID: u16 = crate::engine::ext::set::IPSET_INVALID_ID;
        let Some(sk) = self.base.sk else {
            return INVALID;
        };
        let Ok(mut sets) = self.sets.try_borrow_mut() else {
            return INVALID;
        };
        // Room first, so that a reference taken is never dropped for want of a slot; without
        // room the set reads as missing (`ENOENT`, where upstream's check cannot fail so).
        if sets.reserve(1, GFP_KERNEL).is_err() {
            return INVALID;
        }
        match crate::sys::ipset::IpSetRef::get(sk, index) {
            Some(r) => {
                let i = r.index();
                // Cannot fail: room was reserved (and were it to, the reference would be put
                // at once and the set read as missing).
                match sets.push(r, GFP_KERNEL) {
                    Ok(()) => i,
                    Err(_) => INVALID,
                }
            }
            None => INVALID,
        }
    }

    fn ct_template(&self, spec: &CtTemplateSpec) -> Result<u32, EngineError> {
        use crate::sys::conntrack::{CtStage, CtTemplate};
        let Some(sk) = self.base.sk else {
            // The initial tables have no rules.
            return Err(EngineError::NoMem(Reject::CtTemplate));
        };
        let mut held = self
            .ct_templates
            .try_borrow_mut()
            .map_err(|_| EngineError::NoMem(Reject::CtTemplate))?;
        let slot = u32::try_from(held.len()).map_err(|_| NO_MEMORY)?;
        // Room first, so that a template made is never dropped for want of a slot.
        held.reserve(1, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        let i = &spec.info;
        let t = CtTemplate::new(
            sk,
            i.zone,
            i.flags,
            (i.ct_events, i.exp_events),
            &i.helper,
            &i.timeout,
            spec.l4proto,
        )
        .map_err(|(stage, e)| {
            let r = match stage {
                CtStage::Alloc => Reject::CtTemplate,
                CtStage::Events => Reject::CtEvents,
                CtStage::HelperName => Reject::CtHelperName,
                CtStage::HelperProto => Reject::CtHelperProto,
                CtStage::Helper => Reject::CtHelper,
                CtStage::TimeoutName => Reject::CtTimeoutName,
                CtStage::TimeoutProto => Reject::CtTimeoutProto,
                CtStage::Timeout => Reject::CtTimeout,
            };
            errno_error(e, r)
        })?;
        held.push(t, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        Ok(slot)
    }
}

/// The engine's form of a kernel errno that a check passes on as is.
fn errno_error(e: Error, r: Reject) -> EngineError {
    match -e.to_errno() {
        22 => EngineError::Inval(r),
        2 => EngineError::NoEnt(r),
        36 => EngineError::NameTooLong(r),
        95 => EngineError::OpNotSupp(r),
        34 => EngineError::Range(r),
        17 => EngineError::Exist(r),
        7 => EngineError::TooBig(r),
        // ENOMEM, and anything unexpected.
        _ => EngineError::NoMem(r),
    }
}

/// A `connlimit` check without a replace call's namespace (the initial tables have no rules).
use crate::engine::ext::connlimit::CONNCOUNT_INIT;

const NO_NET: Reject = Reject::Check("connlimit: no namespace");

#[kernel::macros::kunit_tests(oxtables_recent)]
mod tests {
    use super::*;
    use crate::engine::ext::recent::{nstamp_mask, Addr};

    fn spec(name: &[u8], hit_count: u32) -> RecentSpec {
        let mut n = [0u8; XT_RECENT_NAME_LEN];
        if let Some(dst) = n.get_mut(..name.len()) {
            dst.copy_from_slice(name);
        }
        RecentSpec {
            name: n,
            mask: [0xff; 16],
            nstamp_mask: nstamp_mask(hit_count),
        }
    }

    /// A namespace's lists without `/proc/net/xt_recent`.
    fn lists() -> Result<Arc<Lists>> {
        Arc::pin_init(
            pin_init!(Lists {
                entries <- new_mutex!(KVec::new()),
                dir: None,
            }),
            GFP_KERNEL,
        )
    }

    fn count(l: &Lists) -> usize {
        l.entries.lock().len()
    }

    fn get(l: &Arc<Lists>, name: &[u8], hit_count: u32) -> Result<ListUse> {
        l.get(&spec(name, hit_count)).map_err(|_| ENOMEM)
    }

    #[test]
    fn lists_are_shared_and_go_with_their_last_hold() -> Result {
        let l = lists()?;
        let a = get(&l, b"a", 0)?;
        let b = get(&l, b"a", 3)?;
        assert!(Arc::ptr_eq(&a.list, &b.list));
        a.with(|t| t.apply(&ProcCmd::Add(Addr::v4([1, 2, 3, 4])), 1));
        assert_eq!(b.with(|t| t.len()), 1);
        // A rule needing larger rings flushes the list.
        let c = get(&l, b"a", 40)?;
        assert_eq!(c.with(|t| (t.len(), t.nstamps_max_mask())), (0, 63));
        let d = get(&l, b"b", 0)?;
        assert_eq!(count(&l), 2);
        drop(a);
        drop(b);
        assert_eq!(count(&l), 2);
        drop(c);
        assert_eq!(count(&l), 1);
        // The name is free again: a new list, empty.
        d.with(|t| t.apply(&ProcCmd::Add(Addr::v4([5, 6, 7, 8])), 1));
        let e = get(&l, b"a", 0)?;
        assert_eq!(e.with(|t| (t.len(), t.nstamps_max_mask())), (0, 31));
        drop(d);
        drop(e);
        assert_eq!(count(&l), 0);
        Ok(())
    }

    #[test]
    fn a_request_collects_its_holds_by_slot() -> Result {
        let l = lists()?;
        let h = crate::hashlimit::Htables::empty()?;
        let load = ReplaceLoad::new(&l, &h, crate::env::KernelLoad { sk: None });
        assert_eq!(load.recent_table(&spec(b"x", 0)), Ok(0));
        assert_eq!(load.recent_table(&spec(b"y", 0)), Ok(1));
        assert_eq!(load.recent_table(&spec(b"x", 2)), Ok(2));
        assert_eq!(count(&l), 2);
        let uses = load.into_held().recent;
        assert_eq!(uses.len(), 3);
        assert!(uses
            .first()
            .zip(uses.get(2))
            .is_some_and(|(u, v)| Arc::ptr_eq(&u.list, &v.list)));
        // A failed request drops its holds: its new lists go.
        drop(uses);
        assert_eq!(count(&l), 0);
        Ok(())
    }

    #[test]
    fn proc_writes() -> Result {
        let l = lists()?;
        let u = get(&l, b"w", 0)?;
        let list = &u.list;
        let mut pos = 0i64;
        assert_eq!(list.write(b"", &mut pos), Ok(0));
        assert_eq!(list.write(b"+10.0.0.1\n", &mut pos), Ok(10));
        assert_eq!(pos, 10);
        // Strict protocol: one command per open file.
        assert_eq!(list.write(b"+10.0.0.2", &mut pos), Err(ESPIPE));
        let mut pos = 0i64;
        assert_eq!(list.write(b"x", &mut pos), Err(EINVAL));
        assert_eq!(list.write(b"+1.2.3", &mut pos), Err(EINVAL));
        assert_eq!(list.write(b"+::1", &mut pos), Ok(4));
        assert!(list.has_record(1) && !list.has_record(2));
        let mut pos = 0i64;
        assert_eq!(list.write(b"/", &mut pos), Ok(1));
        assert_eq!(pos, 0);
        assert!(!list.has_record(0));
        Ok(())
    }
}
