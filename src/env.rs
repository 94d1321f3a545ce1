// SPDX-License-Identifier: GPL-2.0

//! The engine's view of the kernel at packet time ([`Env`]), over the hook's `sk_buff` and
//! `nf_hook_state`: every read and action of a match or target goes through here to the safe
//! abstractions in `rust/`.

use crate::engine::{
    env::{CtInfo, DevSel, Env, LoadEnv, TraceComment, WarnOnce, NF_CT_HELPER_NAME_LEN},
    ext::nat::{NatManip, NatRange},
    tables::Verdict,
};
use crate::sys::netfilter::{HookState, SkBuff};
use kernel::prelude::*;

/// The packet being walked and the hook it is at.
pub(crate) struct KernelEnv<'a> {
    /// The packet.
    pub(crate) skb: &'a SkBuff,
    /// The hook state (namespace, devices, hook number).
    pub(crate) state: &'a HookState,
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
}
