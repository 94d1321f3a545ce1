// SPDX-License-Identifier: GPL-2.0

//! The xtables-legacy socket options, with ip_tables' semantics (`do_ipt_set_ctl`,
//! `do_ipt_get_ctl` in `net/ipv4/netfilter/ip_tables.c`).
//!
//! Option numbers are relative to a base: `IPT_BASE_CTL` (64) by default, so that the
//! distribution's `iptables-legacy` drives oxtables; another base (module parameter
//! `sockopt_base`) lets oxtables and a loaded ip_tables.ko live side by side.

use crate::engine::{
    abi::{
        c_str, GetRevision, NameAndCount, ReplaceHeader, IPT_GETINFO_SIZE, IPT_GET_ENTRIES_SIZE,
        IPT_REPLACE_SIZE, XT_COUNTERS_SIZE, XT_GET_REVISION_SIZE, XT_TABLE_MAXNAMELEN,
    },
    edit::{self, EditHeader},
    ext::{self, ExtKind},
    ident::{self, Ident, ProcText},
    parse::{self, Ruleset},
    tables::{Counter, Table},
};
use crate::hooks::NetState;
use crate::recent::{Held, ReplaceLoad};
use crate::sys::{
    conntrack::ConntrackUse,
    logger::{LoggerUse, UloggerUse},
    sockopt::{self, GetArg, NetSockopt, SetArg, Sock},
};
use crate::table::{engine_err, Instance};
use core::ops::Range;
use kernel::{alloc::KVVec, prelude::*, seq_file::SeqFile};

/// `IPT_SO_SET_REPLACE`, relative to the base.
const SET_REPLACE: i32 = 0;
/// `IPT_SO_SET_ADD_COUNTERS`, relative to the base.
const SET_ADD_COUNTERS: i32 = 1;
/// `OXT_SO_SET_EDIT`, relative to the base: oxtables' own, one past the iptables options.
const SET_EDIT: i32 = edit::SET_EDIT;
/// `IPT_SO_GET_INFO`, relative to the base.
const GET_INFO: i32 = 0;
/// `IPT_SO_GET_ENTRIES`, relative to the base.
const GET_ENTRIES: i32 = 1;
/// `IPT_SO_GET_REVISION_MATCH`, relative to the base.
const GET_REVISION_MATCH: i32 = 2;
/// `IPT_SO_GET_REVISION_TARGET`, relative to the base.
const GET_REVISION_TARGET: i32 = 3;
/// `OXT_SO_GET_IDENT`, relative to the base: oxtables' own, one past the iptables options.
const GET_IDENT: i32 = ident::GET_IDENT;

/// The set and get option ranges (half-open, as `nf_sockopt_ops` takes them) for `base`;
/// `EINVAL` for a base outside `ident::BASE_MIN..=ident::BASE_MAX` (which clients would refuse).
pub(crate) fn ranges(base: i32) -> Result<(Range<i32>, Range<i32>)> {
    if !(ident::BASE_MIN..=ident::BASE_MAX).contains(&base) {
        return Err(EINVAL);
    }
    let set_end = base.checked_add(SET_EDIT + 1).ok_or(EINVAL)?;
    let get_end = base.checked_add(GET_IDENT + 1).ok_or(EINVAL)?;
    Ok((base..set_end, base..get_end))
}

/// `OXT_SO_GET_IDENT`: oxtables' magic, the reply's revision, the base and the version, so that
/// a client can tell oxtables from ip_tables.ko (which has no such option: `ENOPROTOOPT`).
fn get_ident(arg: &GetArg, len: i32) -> Result<i32> {
    if usize::try_from(len).ok() != Some(ident::SIZE) {
        return Err(EINVAL);
    }
    let reply = Ident::ours(crate::sockopt_base()).encode();
    arg.slice(ident::SIZE).writer().write_slice(&reply)?;
    Ok(0)
}

/// The table called by the NUL-terminated name in `field` (upstream forces the last byte to NUL).
fn table_named(field: &[u8]) -> Result<Table> {
    let name = c_str(field.get(..XT_TABLE_MAXNAMELEN - 1).unwrap_or(&[]));
    core::str::from_utf8(name)
        .ok()
        .and_then(Table::from_name)
        .ok_or(ENOENT)
}

/// A zeroed kernel buffer of `len` bytes, charged to the caller's memory cgroup.
fn buffer(len: usize) -> Result<KVVec<u8>> {
    Ok(KVVec::from_elem(0u8, len, GFP_KERNEL_ACCOUNT)?)
}

/// Common checks of every call: no 32-bit compat layout, `CAP_NET_ADMIN`.
fn check_caller(sk: &Sock) -> Result {
    if sockopt::in_compat_syscall() {
        return Err(sockopt::eopnotsupp());
    }
    if !sk.net_admin() {
        return Err(EPERM);
    }
    Ok(())
}

/// The runnable form of a validated `ruleset` whose checks took `held`, with the kernel
/// references it needs taken first.
fn instance(sk: &Sock, ruleset: Ruleset, held: Held) -> Result<KBox<Instance>> {
    // The new rules' conntrack reference is taken before the old rules' goes, so conntrack
    // stays on across a replace that keeps needing it.
    let conntrack = if ruleset.needs_conntrack() {
        Some(ConntrackUse::get(sk)?)
    } else {
        None
    };
    // Likewise the LOG logger (`log_tg_check`'s `nf_logger_find_get`).
    let logger = if ruleset.needs().log {
        Some(LoggerUse::get()?)
    } else {
        None
    };
    // And NFLOG's (`nflog_tg_check`'s `nf_logger_find_get` of the ULOG logger).
    let ulogger = if ruleset.needs().ulog {
        Some(UloggerUse::get()?)
    } else {
        None
    };
    Instance::new(ruleset, conntrack, logger, ulogger, held)
}

impl NetState {
    /// `/proc/net/oxtables`: the socket option base and the version (the same in every
    /// namespace).
    pub(crate) fn show_ident(&self, m: &SeqFile) {
        // The engine's text is `core::fmt::Display`, which `seq_print!` does not take.
        m.call_printf(format_args!(
            "{}",
            ProcText {
                base: crate::sockopt_base()
            }
        ));
    }

    /// `IPT_SO_SET_REPLACE` (`do_replace`, `__do_replace`).
    fn replace(&self, sk: &Sock, arg: &SetArg) -> Result<i32> {
        let mut head = [0u8; IPT_REPLACE_SIZE];
        if arg.len() < IPT_REPLACE_SIZE {
            return Err(EINVAL);
        }
        arg.read(0, &mut head)?;
        let h = ReplaceHeader::decode(&head).ok_or(EINVAL)?;
        parse::check_header(&h, arg.len()).map_err(engine_err)?;
        // NO-OVERFLOW: `check_header` bounds `size` well below `usize::MAX`.
        let total = IPT_REPLACE_SIZE + usize::try_from(h.size)?;
        let mut buf = buffer(total)?;
        arg.read(0, &mut buf)?;

        // An unknown name fails with ENOENT after the blob's own checks, as upstream (the
        // filter table's name does not match it, so `parse_replace` reports ENOENT last).
        let table = table_named(&h.name).unwrap_or(Table::Filter);
        // The `recent` checks take their lists' holds here, before the old rules drop theirs.
        let load = ReplaceLoad::new(
            &self.recent,
            &self.hashlimit,
            crate::env::KernelLoad { sk: Some(sk) },
        )
        .with_tee(&self.tee);
        // With the module parameter `classifier=0` the classifier is not built at all.
        let parsed = parse::parse_replace(table, &buf, &load).map_err(engine_err)?;
        let held = load.into_held();
        drop(buf);
        let new = instance(sk, parsed.ruleset, held)?;

        let mut live = self.table(table).lock();
        if live.current().ruleset.num_entries() != parsed.num_counters {
            return Err(EAGAIN);
        }
        let old = live.replace(new);
        drop(live);

        // The old counters go back to the caller, who adds them to the new rules with
        // ADD_COUNTERS. The new table is in place: like upstream, a fault here is not an error.
        let counters = old.counters_blob()?;
        drop(old);
        let copied = sockopt::user_slice(parsed.counters, counters.len())
            .and_then(|s| s.writer().write_slice(&counters));
        if copied.is_err() {
            pr_warn!("counters copy to user failed while replacing table\n");
        }
        Ok(0)
    }

    /// `OXT_SO_SET_EDIT`: one rule appended, inserted, deleted or replaced in one chain
    /// (`engine::edit`). The edited table is validated and built as a replace of the edited blob
    /// would be, published the same way, and every rule that stays keeps its counters: they are
    /// added to the new table's once no CPU runs the old one, so packets counted in between are
    /// neither lost nor counted twice. The table's lock is held from the read of the live table
    /// to the last counter, so no other writer or reader of the counters sees a half-edit.
    fn edit(&self, sk: &Sock, arg: &SetArg) -> Result<i32> {
        let mut head = [0u8; edit::HEADER_SIZE];
        if arg.len() < edit::HEADER_SIZE {
            return Err(EINVAL);
        }
        arg.read(0, &mut head)?;
        let h = EditHeader::decode(&head).ok_or(EINVAL)?;
        edit::check_len(&h, arg.len()).map_err(engine_err)?;
        let table = h.table().ok_or(ENOENT)?;
        let mut buf = buffer(arg.len())?;
        arg.read(0, &mut buf)?;

        let load = ReplaceLoad::new(
            &self.recent,
            &self.hashlimit,
            crate::env::KernelLoad { sk: Some(sk) },
        )
        .with_tee(&self.tee);
        let mut live = self.table(table).lock();
        let parsed =
            edit::parse_edit(table, &live.current().ruleset, &buf, &load).map_err(engine_err)?;
        let held = load.into_held();
        drop(buf);
        let new = instance(sk, parsed.ruleset, held)?;
        let old = live.replace(new);
        let cur = live.current();
        let splice = parsed.splice;
        for (i, j) in splice.carried(&old.ruleset) {
            cur.add_counter(j, old.counter(i));
        }
        if let Some(j) = splice.inserted_index() {
            cur.add_counter(j, splice.counter);
        }
        drop(live);
        drop(old);
        Ok(0)
    }

    /// `IPT_SO_SET_ADD_COUNTERS` (`xt_copy_counters`, `do_add_counters`).
    fn add_counters(&self, arg: &SetArg) -> Result<i32> {
        let mut head = [0u8; IPT_GET_ENTRIES_SIZE];
        if arg.len() <= IPT_GET_ENTRIES_SIZE {
            return Err(EINVAL);
        }
        arg.read(0, &mut head)?;
        let h = NameAndCount::decode(&head).ok_or(EINVAL)?;
        let len = arg.len() - IPT_GET_ENTRIES_SIZE;
        // NO-OVERFLOW: in `u64`, as upstream.
        if u64::from(h.count) * XT_COUNTERS_SIZE as u64 != len as u64 {
            return Err(EINVAL);
        }
        let mut buf = buffer(len)?;
        arg.read(IPT_GET_ENTRIES_SIZE, &mut buf)?;
        let table = table_named(&h.name)?;

        let live = self.table(table).lock();
        let cur = live.current();
        if cur.ruleset.num_entries() != h.count {
            return Err(EINVAL);
        }
        for (i, c) in buf.chunks_exact(XT_COUNTERS_SIZE).enumerate() {
            let (p, b) = c.split_at(8);
            let mut pw = [0u8; 8];
            let mut bw = [0u8; 8];
            pw.copy_from_slice(p);
            bw.copy_from_slice(b);
            cur.add_counter(
                u32::try_from(i)?,
                Counter {
                    packets: u64::from_ne_bytes(pw),
                    bytes: u64::from_ne_bytes(bw),
                },
            );
        }
        Ok(0)
    }

    /// `IPT_SO_GET_INFO` (`get_info`).
    fn get_info(&self, arg: &GetArg, len: i32) -> Result<i32> {
        if usize::try_from(len).ok() != Some(IPT_GETINFO_SIZE) {
            return Err(EINVAL);
        }
        let mut name = [0u8; XT_TABLE_MAXNAMELEN];
        arg.slice(XT_TABLE_MAXNAMELEN)
            .reader()
            .read_slice(&mut name)?;
        let table = table_named(&name)?;
        let info = self.table(table).lock().current().ruleset.get_info(table);
        arg.slice(IPT_GETINFO_SIZE)
            .writer()
            .write_slice(&info.encode())?;
        Ok(0)
    }

    /// `IPT_SO_GET_ENTRIES` (`get_entries`).
    fn get_entries(&self, arg: &GetArg, len: i32) -> Result<i32> {
        let len = usize::try_from(len).map_err(|_| EINVAL)?;
        if len < IPT_GET_ENTRIES_SIZE {
            return Err(EINVAL);
        }
        let mut head = [0u8; IPT_GET_ENTRIES_SIZE];
        arg.slice(IPT_GET_ENTRIES_SIZE)
            .reader()
            .read_slice(&mut head)?;
        let h = NameAndCount::decode(&head).ok_or(EINVAL)?;
        let size = usize::try_from(h.count)?;
        if Some(len) != IPT_GET_ENTRIES_SIZE.checked_add(size) {
            return Err(EINVAL);
        }
        let table = table_named(&h.name)?;
        let blob = {
            let live = self.table(table).lock();
            let cur = live.current();
            if cur.ruleset.size() != h.count {
                return Err(EAGAIN);
            }
            cur.entries_blob()?
        };
        arg.slice_at(IPT_GET_ENTRIES_SIZE, size)
            .writer()
            .write_slice(&blob)?;
        Ok(0)
    }

    /// `IPT_SO_GET_REVISION_MATCH` / `_TARGET` (`xt_find_revision`): the best revision known.
    fn get_revision(&self, arg: &GetArg, len: i32, kind: ExtKind) -> Result<i32> {
        if usize::try_from(len).ok() != Some(XT_GET_REVISION_SIZE) {
            return Err(EINVAL);
        }
        let mut raw = [0u8; XT_GET_REVISION_SIZE];
        arg.slice(XT_GET_REVISION_SIZE)
            .reader()
            .read_slice(&mut raw)?;
        let rev = GetRevision::decode(&raw).ok_or(EINVAL)?;
        let best = ext::find_revision(kind, &rev.name, rev.revision).map_err(engine_err)?;
        Ok(i32::from(best))
    }
}

impl NetSockopt for NetState {
    fn set(&self, sk: &Sock, opt: i32, arg: &SetArg) -> Result<i32> {
        check_caller(sk)?;
        match opt.checked_sub(crate::sockopt_base()).ok_or(EINVAL)? {
            SET_REPLACE => self.replace(sk, arg),
            SET_ADD_COUNTERS => self.add_counters(arg),
            SET_EDIT => self.edit(sk, arg),
            _ => Err(EINVAL),
        }
    }

    fn get(&self, sk: &Sock, opt: i32, arg: &GetArg, len: &mut i32) -> Result<i32> {
        check_caller(sk)?;
        match opt.checked_sub(crate::sockopt_base()).ok_or(EINVAL)? {
            GET_INFO => self.get_info(arg, *len),
            GET_ENTRIES => self.get_entries(arg, *len),
            GET_REVISION_MATCH => self.get_revision(arg, *len, ExtKind::Match),
            GET_REVISION_TARGET => self.get_revision(arg, *len, ExtKind::Target),
            GET_IDENT => get_ident(arg, *len),
            _ => Err(EINVAL),
        }
    }
}

#[kernel::macros::kunit_tests(oxtables_xt)]
mod tests {
    use super::*;

    #[test]
    fn option_ranges() -> Result {
        // ip_tables' numbers, plus OXT_SO_SET_EDIT (66) in the set range and
        // OXT_SO_GET_IDENT (68) in the get range.
        assert_eq!(ranges(64)?, (64..67, 64..69));
        assert_eq!(ranges(6400)?, (6400..6403, 6400..6405));
        assert_eq!(
            ranges(ident::BASE_MAX)?,
            (ident::BASE_MAX..i32::MAX - 2, ident::BASE_MAX..i32::MAX)
        );
        assert!(ranges(ident::BASE_MAX + 1).is_err());
        assert!(ranges(-1).is_err());
        Ok(())
    }
}
