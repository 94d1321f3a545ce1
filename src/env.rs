// SPDX-License-Identifier: GPL-2.0

//! The engine's view of the kernel at packet time ([`Env`]), over the hook's `sk_buff` and
//! `nf_hook_state`: every read and action of a match or target goes through here to the safe
//! abstractions in `rust/`.

use crate::engine::{
    env::{
        CtInfo, DevSel, Env, IpSetAdtOpt, IpSetSkbInfo, LoadEnv, SockOwner, TraceComment, WarnOnce,
        INVALID_ID, NF_CT_HELPER_NAME_LEN,
    },
    error::{Error as EngineError, Reject},
    ext::nat::{NatManip, NatRange},
    ext::recent::{RecentSpec, RecentTable},
    ext::string::TextSearch,
    tables::Verdict,
};
use crate::recent::ListUse;
use crate::sys::ipset::IpSetCmd;
use crate::sys::netfilter::{HookState, SkBuff};
use crate::sys::sockopt::Sock;
use kernel::prelude::*;

/// The packet being walked and the hook it is at.
pub(crate) struct KernelEnv<'a> {
    /// The packet.
    pub(crate) skb: &'a SkBuff,
    /// The hook state (namespace, devices, hook number).
    pub(crate) state: &'a HookState,
    /// The `recent` lists the walked table's rules hold, by slot.
    pub(crate) recent: &'a [ListUse],
    /// The `hashlimit` tables the walked table's rules hold, by slot.
    pub(crate) hashlimit: &'a [crate::hashlimit::HtableUse],
    /// The `CT` templates the walked table's rules own, by slot.
    pub(crate) ct_templates: &'a [crate::sys::conntrack::CtTemplate],
    /// The searches the walked table's `string` rules prepared, by slot.
    pub(crate) searches: &'a [crate::sys::textsearch::TsConfig],
    /// The `connlimit` counters the walked table's rules own, by slot.
    pub(crate) conncount: &'a [crate::sys::conntrack::Conncount],
    /// The `TEE --oif` trackers of the walked table's rules, by slot.
    pub(crate) tee_oifs: &'a [crate::tee::OifUse],
}

impl Env for KernelEnv<'_> {
    fn ip_set_test(&mut self, index: u16, opt: &IpSetAdtOpt) -> i32 {
        self.skb.ip_set_test(self.state, index, opt)
    }

    fn ip_set_add(&mut self, index: u16, opt: &IpSetAdtOpt) -> i32 {
        self.skb.ip_set_adt(self.state, IpSetCmd::Add, index, opt).0
    }

    fn ip_set_del(&mut self, index: u16, opt: &IpSetAdtOpt) -> i32 {
        self.skb.ip_set_adt(self.state, IpSetCmd::Del, index, opt).0
    }

    fn ip_set_test_skbinfo(&mut self, index: u16, opt: &IpSetAdtOpt) -> (i32, IpSetSkbInfo) {
        self.skb.ip_set_adt(self.state, IpSetCmd::Test, index, opt)
    }

    fn real_num_tx_queues(&self) -> Option<u32> {
        self.skb.real_num_tx_queues()
    }

    fn set_queue_mapping(&mut self, queue: u16) {
        self.skb.set_queue_mapping(queue);
    }

    fn ct(&self) -> CtInfo {
        self.skb.ct_info()
    }

    fn mark(&self) -> u32 {
        self.skb.mark()
    }

    fn set_mark(&mut self, mark: u32) {
        self.skb.set_mark(mark);
    }

    fn set_ct_mark(&mut self, mark: u32) {
        self.skb.set_ct_mark(mark);
    }

    fn jiffies(&self) -> u64 {
        crate::sys::time::jiffies()
    }

    fn random_u32(&mut self) -> u32 {
        crate::sys::time::random_u32()
    }

    fn cpu_id(&self) -> u32 {
        crate::sys::time::cpu_id()
    }

    fn ct_master_helper(&self) -> Option<[u8; NF_CT_HELPER_NAME_LEN]> {
        self.skb.ct_master_helper()
    }

    fn addr_type(&self, addr: u32, dev: DevSel) -> u8 {
        self.skb.addr_type(self.state, addr, dev)
    }

    fn pkt_type(&self) -> u8 {
        self.skb.pkt_type()
    }

    fn mac_source(&self) -> Option<[u8; 6]> {
        self.skb.mac_source()
    }

    fn ip_totlen(&self) -> u32 {
        self.skb.ip_totlen()
    }

    fn nat_setup(&mut self, manip: NatManip, range: &NatRange) -> Verdict {
        self.skb.nat_setup(range, manip)
    }

    fn masquerade(&mut self, range: &NatRange) -> Verdict {
        self.skb.masquerade(self.state, range)
    }

    fn redirect(&mut self, range: &NatRange) -> Verdict {
        self.skb.redirect(self.state, range)
    }

    fn notrack(&mut self) {
        self.skb.notrack();
    }

    fn ct_template(&mut self, slot: u32) {
        if let Some(t) = usize::try_from(slot)
            .ok()
            .and_then(|i| self.ct_templates.get(i))
        {
            t.attach(self.skb);
        }
        // Never otherwise: every template rule's check made its slot.
    }

    fn nf_trace(&self) -> bool {
        self.skb.nf_trace()
    }

    fn set_nf_trace(&mut self) {
        self.skb.set_nf_trace();
    }

    fn trace(&mut self, table: &[u8], chain: &[u8], comment: TraceComment, rulenum: u32) {
        self.skb
            .log_trace(self.state, table, chain, comment.as_str(), rulenum);
    }

    fn send_unreach(&mut self, code: u8) {
        self.skb.send_unreach(self.state, code);
    }

    fn send_reset(&mut self) {
        self.skb.send_reset(self.state);
    }

    fn tee_oif(&self, slot: u32) -> i32 {
        // Every `TEE --oif` rule's check made its slot; were one missing, no interface (-1).
        usize::try_from(slot)
            .ok()
            .and_then(|i| self.tee_oifs.get(i))
            .map_or(-1, |u| u.oif())
    }

    fn dup_ipv4(&mut self, gw: [u8; 4], oif: i32) {
        self.skb.dup_ipv4(self.state, gw, oif);
    }

    fn log(&mut self, level: u8, logflags: u8, prefix: &[u8]) {
        self.skb.log_packet(self.state, level, logflags, prefix);
    }

    fn nflog(&mut self, group: u16, copy_len: u32, qthreshold: u16, flags: u16, prefix: &[u8]) {
        self.skb
            .nflog_packet(self.state, group, copy_len, qthreshold, flags, prefix);
    }

    fn sock_owner(&self, suppl: Option<(u32, u32)>) -> SockOwner {
        self.skb.sock_owner(self.state, suppl)
    }

    fn real_seconds(&self) -> i64 {
        crate::sys::time::real_seconds()
    }

    fn tz_minuteswest(&self) -> i32 {
        crate::sys::time::tz_minuteswest()
    }

    fn dev_group(&self, dev: DevSel) -> Option<u32> {
        self.state.dev_group(dev)
    }

    fn dst_tclassid(&self) -> Option<u32> {
        self.skb.dst_tclassid()
    }

    fn make_writable(&mut self) -> bool {
        self.skb.make_writable()
    }

    fn l4_len(&self) -> Option<u32> {
        self.skb.l4_len()
    }

    fn l4_read(&self, buf: &mut [u8]) -> usize {
        self.skb.l4_copy(buf)
    }

    fn l4_write(&mut self, offset: u32, bytes: &[u8]) -> bool {
        self.skb.l4_write(offset, bytes)
    }

    fn l4_extend(&mut self, len: u32) -> bool {
        self.skb.grow_tail(len)
    }

    fn tcp_csum_replace2(&mut self, from: [u8; 2], to: [u8; 2], pseudohdr: bool) -> bool {
        self.skb.tcp_csum_replace2(from, to, pseudohdr)
    }

    fn tcp_csum_replace4(&mut self, from: [u8; 4], to: [u8; 4], pseudohdr: bool) -> bool {
        self.skb.tcp_csum_replace4(from, to, pseudohdr)
    }

    fn ip_add_tot_len(&mut self, add: u16) -> bool {
        self.skb.ip_add_tot_len(add)
    }

    fn dst_mtu(&self) -> u32 {
        self.skb.dst_mtu()
    }

    fn route_mtu(&self, daddr: u32) -> u32 {
        self.state.route_mtu(daddr)
    }

    fn log_invalid_pmtu(&mut self, mtu: u32) {
        crate::sys::tcp_mangle::log_invalid_pmtu(mtu);
    }

    fn change_dsfield(&mut self, mask: u8, value: u8) -> bool {
        self.skb.change_dsfield(mask, value)
    }

    fn set_ttl(&mut self, ttl: u8) -> bool {
        self.skb.set_ttl(ttl)
    }

    fn set_priority(&mut self, priority: u32) {
        self.skb.set_priority(priority);
    }

    fn checksum_partial(&self) -> bool {
        self.skb.checksum_partial()
    }

    fn checksum_help(&mut self) -> bool {
        self.skb.checksum_help()
    }

    fn out_without_own_sk(&self) -> bool {
        self.skb.out_without_own_sk(self.state)
    }

    fn with_recent<R>(&mut self, slot: u32, f: impl FnOnce(&mut RecentTable) -> R) -> Option<R> {
        let u = self.recent.get(usize::try_from(slot).ok()?)?;
        Some(u.with(f))
    }

    fn with_hashlimit<R>(
        &mut self,
        slot: u32,
        f: impl FnOnce(&mut crate::engine::ext::hashlimit::HashlimitTable) -> R,
    ) -> Option<R> {
        let u = self.hashlimit.get(usize::try_from(slot).ok()?)?;
        Some(u.with(f))
    }

    fn physdev(&self) -> Option<crate::engine::ext::physdev::PhysDevs> {
        self.skb.physdev(self.state)
    }

    fn skb_find_text(&mut self, from: u32, to: u32, ts: &TextSearch) -> u32 {
        // Every checked `string` rule has its slot; were one missing, nothing is found.
        match usize::try_from(ts.slot)
            .ok()
            .and_then(|i| self.searches.get(i))
        {
            Some(conf) => self.skb.find_text(from, to, conf),
            None => u32::MAX,
        }
    }

    fn conncount(&mut self, slot: u32, addr: u32) -> u32 {
        match usize::try_from(slot)
            .ok()
            .and_then(|i| self.conncount.get(i))
        {
            Some(c) => c.count(self.skb, addr),
            // Never: every connlimit rule's check allocated its slot.
            None => 0,
        }
    }
}

/// What the extensions' load-time checks ask of the kernel: the replace call's socket, whose
/// namespace the table belongs to, in the writer's process context.
pub(crate) struct KernelLoad<'a> {
    /// The socket of the `IPT_SO_SET_REPLACE` call; `None` for the tables a namespace starts
    /// with, which hold no extension (what would need one is refused).
    pub(crate) sk: Option<&'a Sock>,
}

impl LoadEnv for KernelLoad<'_> {
    fn hz(&self) -> u32 {
        crate::sys::time::HZ
    }

    fn random_u32(&self) -> u32 {
        crate::sys::time::random_u32()
    }

    fn classifier(&self) -> bool {
        crate::classifier_enabled()
    }

    fn jiffies(&self) -> u64 {
        crate::sys::time::jiffies()
    }

    fn make_kuid(&self, uid: u32) -> u32 {
        self.sk.map_or(INVALID_ID, |sk| sk.make_kuid(uid))
    }

    fn make_kgid(&self, gid: u32) -> u32 {
        self.sk.map_or(INVALID_ID, |sk| sk.make_kgid(gid))
    }

    fn writer_in_net_user_ns(&self) -> bool {
        self.sk.is_some_and(|sk| sk.caller_in_net_user_ns())
    }

    fn warn_once(&self, once: &'static WarnOnce) {
        if once.first() {
            pr_warn!("{}\n", once.msg());
        }
    }

    fn info_ratelimited(&self, msg: core::fmt::Arguments<'_>) {
        if crate::sys::mangle::info_ratelimit() {
            pr_info!("{}\n", msg);
        }
    }

    /// The built-in tables have no rules; the lists of a replace request's namespace are
    /// [`crate::recent::ReplaceLoad`]'s.
    fn recent_table(&self, _spec: &RecentSpec) -> Result<u32, EngineError> {
        Err(EngineError::NoEnt(NO_LISTS))
    }

    fn request_module(&self, name: &'static core::ffi::CStr) {
        crate::sys::physdev::request_module(name);
    }

    /// Likewise the `TEE --oif` trackers are [`crate::recent::ReplaceLoad`]'s.
    fn tee_oif(&self, _name: &[u8; crate::engine::ext::tee::IFNAMSIZ]) -> Result<u32, EngineError> {
        Err(EngineError::NoMem(crate::engine::ext::tee::NO_PRIV))
    }

    /// Likewise the tables of `hashlimit` rules are [`crate::recent::ReplaceLoad`]'s.
    fn hashlimit_table(
        &self,
        _spec: &crate::engine::ext::hashlimit::HashlimitSpec,
    ) -> Result<u32, EngineError> {
        Err(EngineError::NoEnt(crate::hashlimit::NO_TABLES))
    }

    /// Likewise the searches of `string` rules are [`crate::recent::ReplaceLoad`]'s.
    fn textsearch_prepare(
        &self,
        _algo: &[u8; crate::engine::ext::string::XT_STRING_MAX_ALGO_NAME_SIZE],
        _pattern: &[u8],
        _icase: bool,
    ) -> Result<u32, EngineError> {
        Err(EngineError::NoEnt(NO_SEARCHES))
    }
}

/// A `string` check without a request to keep its search in (`ENOENT`).
const NO_SEARCHES: Reject = Reject::Check("string: no request to keep the search");

/// A `recent` check without a namespace to keep its list in (`ENOENT`).
const NO_LISTS: Reject = Reject::Check("recent: no namespace lists");
