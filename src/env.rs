// SPDX-License-Identifier: GPL-2.0

//! The engine's view of the kernel at packet time ([`Env`]), over the hook's `sk_buff` and
//! `nf_hook_state`: every read and action of a match or target goes through here to the safe
//! abstractions in `rust/`.

use crate::engine::{
    env::{CtInfo, DevSel, Env, LoadEnv, TraceComment, NF_CT_HELPER_NAME_LEN},
    error::{Error as EngineError, Reject},
    ext::nat::{NatManip, NatRange},
    ext::recent::{RecentSpec, RecentTable},
    tables::Verdict,
};
use crate::recent::ListUse;
use crate::sys::netfilter::{HookState, SkBuff};

/// The packet being walked and the hook it is at.
pub(crate) struct KernelEnv<'a> {
    /// The packet.
    pub(crate) skb: &'a SkBuff,
    /// The hook state (namespace, devices, hook number).
    pub(crate) state: &'a HookState,
    /// The `recent` lists the walked table's rules hold, by slot.
    pub(crate) recent: &'a [ListUse],
}

impl Env for KernelEnv<'_> {
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

    fn nf_trace(&self) -> bool {
        self.skb.nf_trace()
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

    fn log(&mut self, level: u8, logflags: u8, prefix: &[u8]) {
        self.skb.log_packet(self.state, level, logflags, prefix);
    }

    fn out_without_own_sk(&self) -> bool {
        self.skb.out_without_own_sk(self.state)
    }

    fn with_recent<R>(&mut self, slot: u32, f: impl FnOnce(&mut RecentTable) -> R) -> Option<R> {
        let u = self.recent.get(usize::try_from(slot).ok()?)?;
        Some(u.with(f))
    }
}

/// What the extensions' load-time checks ask of the kernel.
pub(crate) struct KernelLoad;

impl LoadEnv for KernelLoad {
    fn hz(&self) -> u32 {
        crate::sys::time::HZ
    }

    fn jiffies(&self) -> u64 {
        crate::sys::time::jiffies()
    }

    /// The built-in tables have no rules; the lists of a replace request's namespace are
    /// [`crate::recent::ReplaceLoad`]'s.
    fn recent_table(&self, _spec: &RecentSpec) -> Result<u32, EngineError> {
        Err(EngineError::NoEnt(NO_LISTS))
    }
}

/// A `recent` check without a namespace to keep its list in (`ENOENT`).
const NO_LISTS: Reject = Reject::Check("recent: no namespace lists");
