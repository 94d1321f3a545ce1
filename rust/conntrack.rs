// SPDX-License-Identifier: GPL-2.0

//! The kernel's connection tracking and NAT, as the nat table and the conntrack-aware extensions
//! use them: switching conntrack on in a namespace, the NAT targets' rewrites (done by nf_nat),
//! marking a packet untracked, the conntrack entry as the matches see it, and MASQUERADE's
//! device notifiers.

use crate::engine::{
    env::{CtInfo, CtKind, NF_CT_HELPER_NAME_LEN},
    ext::nat::{NatManip, NatRange},
    tables::Verdict,
};
use crate::sys::{
    bindings,
    netfilter::{HookState, SkBuff},
    sockopt::Sock,
};
use kernel::{error::to_result, prelude::*};

/// A reference on IPv4 connection tracking in one network namespace (`nf_ct_netns_get`), what
/// every conntrack-using extension's `checkentry` takes upstream. Conntrack runs in the namespace
/// (its hooks are registered) while at least one reference exists.
///
/// # Invariants
///
/// `net` is a namespace on which this object holds one `nf_ct_netns_get(net, NFPROTO_IPV4)`
/// reference, released on drop. The owner drops it before the namespace's pernet `exit` returns:
/// oxtables keeps these only inside per-namespace table state, which `pernet::Registration`
/// drops in `exit` at the latest.
pub(crate) struct ConntrackUse {
    net: *mut bindings::net,
}

// SAFETY: The reference is not tied to a CPU or task: `nf_ct_netns_put` may run anywhere in
// process context, and `drop` is the only method.
unsafe impl Send for ConntrackUse {}
// SAFETY: `&ConntrackUse` gives access to nothing.
unsafe impl Sync for ConntrackUse {}

impl ConntrackUse {
    /// Takes a conntrack reference in the namespace of `sk`, the socket of a replace call: the
    /// resulting object belongs in that namespace's table state.
    pub(crate) fn get(sk: &Sock) -> Result<Self> {
        let net = sk.net_ptr();
        // SAFETY: `net` is the live namespace of a socket that is inside a sockopt callback;
        // process context (may sleep, takes the conntrack mutex).
        to_result(unsafe { bindings::oxt_ct_netns_get(net) })?;
        // INVARIANT: one reference taken on `net`.
        Ok(Self { net })
    }
}

/// What a `CT` template check failed at (`enum oxt_ct_stage`), with the errno.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CtStage {
    /// `nf_ct_tmpl_alloc`.
    Alloc,
    /// `nf_ct_ecache_ext_add`.
    Events,
    /// The helper name has no NUL.
    HelperName,
    /// A helper without a (non-inverted) layer-4 protocol.
    HelperProto,
    /// `nf_conntrack_helper_try_module_get` or `nf_ct_helper_ext_add`.
    Helper,
    /// The timeout policy name has no NUL.
    TimeoutName,
    /// A timeout policy without a (non-inverted) layer-4 protocol.
    TimeoutProto,
    /// `nf_ct_set_timeout`.
    Timeout,
}

/// The conntrack template of one `CT` rule (`xt_ct_tg_check`'s `info->ct`): zone, event masks,
/// helper and timeout policy, attached to the packets the rule sees before conntrack does.
///
/// # Invariants
///
/// `ct` is a template from `nf_ct_tmpl_alloc` (confirmed, never in the hash table) on which this
/// object holds the reference `nf_ct_tmpl_alloc` gave, with the helper module reference and
/// timeout policy reference the check took; all are put on drop.
pub(crate) struct CtTemplate {
    ct: core::ptr::NonNull<bindings::nf_conn>,
}

// SAFETY: The references are not tied to a CPU or task; attaching (a refcount increment) may run
// on any CPU concurrently, and the drop in any process context.
unsafe impl Send for CtTemplate {}
// SAFETY: `attach` only increments the template's atomic refcount and writes the packet.
unsafe impl Sync for CtTemplate {}

impl CtTemplate {
    /// `xt_ct_tg_check` in the namespace of `sk` from `nf_ct_tmpl_alloc` on: `helper` and
    /// `timeout` as the rule has them, `l4proto` as `xt_ct_find_proto` answers.
    pub(crate) fn new(
        sk: &Sock,
        zone: u16,
        flags: u16,
        events: (u32, u32),
        helper: &[u8; 16],
        timeout: &[u8; 32],
        l4proto: u8,
    ) -> core::result::Result<Self, (CtStage, Error)> {
        let mut err: i32 = 0;
        let mut stage: i32 = 0;
        // SAFETY: `net` is the live namespace of the replace call's socket; process context
        // (allocations, module autoload of the helper); `helper` and `timeout` are readable for
        // 16 and 32 bytes, the lengths the helper reads at most; `err` and `stage` are writable.
        let ct = unsafe {
            bindings::oxt_ct_tmpl_create(
                sk.net_ptr(),
                zone,
                flags,
                events.0,
                events.1,
                helper.as_ptr().cast(),
                timeout.as_ptr().cast(),
                l4proto,
                &mut err,
                &mut stage,
            )
        };
        match core::ptr::NonNull::new(ct) {
            // INVARIANT: a confirmed template with the check's references, now ours.
            Some(ct) => Ok(Self { ct }),
            None => {
                // CAST: the enum's values as the C header numbers them.
                let stage = match stage as u32 {
                    bindings::oxt_ct_stage_OXT_CT_STAGE_EVENTS => CtStage::Events,
                    bindings::oxt_ct_stage_OXT_CT_STAGE_HELPER_NAME => CtStage::HelperName,
                    bindings::oxt_ct_stage_OXT_CT_STAGE_HELPER_PROTO => CtStage::HelperProto,
                    bindings::oxt_ct_stage_OXT_CT_STAGE_HELPER => CtStage::Helper,
                    bindings::oxt_ct_stage_OXT_CT_STAGE_TIMEOUT_NAME => CtStage::TimeoutName,
                    bindings::oxt_ct_stage_OXT_CT_STAGE_TIMEOUT_PROTO => CtStage::TimeoutProto,
                    bindings::oxt_ct_stage_OXT_CT_STAGE_TIMEOUT => CtStage::Timeout,
                    _ => CtStage::Alloc,
                };
                Err((stage, Error::from_errno(err)))
            }
        }
    }

    /// `xt_ct_target`: the packet gets the template (`IP_CT_NEW`) unless it already has
    /// conntrack state.
    pub(crate) fn attach(&self, skb: &SkBuff) {
        // SAFETY: The skb is live and owned by the hook for the call; by the type invariant the
        // template is live (the table that owns this object outlives every walk of it).
        unsafe { bindings::oxt_ct_tmpl_attach(skb.as_raw(), self.ct.as_ptr()) }
    }
}

impl Drop for CtTemplate {
    fn drop(&mut self) {
        // SAFETY: By the type invariant the template and its references are ours; the table
        // that held it is dropped after a grace period, in process context, so no packet still
        // attaches it (packets it was attached to hold their own references).
        unsafe { bindings::oxt_ct_tmpl_destroy(self.ct.as_ptr()) }
    }
}

/// A `connlimit` rule's connection counter (`nf_conncount_init`), freed with the rule
/// (`nf_conncount_destroy`). nf_conncount is not linked: the C helpers load it
/// (`request_module`) and reach its functions through `symbol_get`, each counter holding them.
///
/// # Invariants
///
/// `data` is the live answer of `oxt_conncount_init(net, ..)` (nf_conncount's data and its
/// functions' references), owned by this object and destroyed on drop; `net` is live while this object is (it lives in the namespace's table
/// state, dropped in process context after a grace period, before the namespace goes).
pub(crate) struct Conncount {
    net: *mut bindings::net,
    data: core::ptr::NonNull<bindings::oxt_conncount>,
}

// SAFETY: nf_conncount's data has its own locks (per-root spinlocks, RCU); counting may run on
// any CPU concurrently, and `nf_conncount_destroy` in any process context.
unsafe impl Send for Conncount {}
// SAFETY: `count` is safe to call concurrently (it is what every CPU's packet path calls
// upstream on one rule's data).
unsafe impl Sync for Conncount {}

impl Conncount {
    /// `nf_conncount_init(net of sk, keylen)`; its error as is (`EINVAL`, `ENOMEM`), `ENOENT`
    /// when nf_conncount cannot be loaded.
    pub(crate) fn new(sk: &Sock, keylen: u32) -> Result<Self> {
        let net = sk.net_ptr();
        let mut err: i32 = 0;
        // SAFETY: `net` is the live namespace of the replace call's socket; process context
        // (`request_module`, `kvzalloc`); `err` is writable.
        let data = unsafe { bindings::oxt_conncount_init(net, keylen, &mut err) };
        match core::ptr::NonNull::new(data) {
            // INVARIANT: `data` is nf_conncount_init's live answer, now ours.
            Some(data) => Ok(Self { net, data }),
            None => Err(Error::from_errno(err)),
        }
    }

    /// `connlimit_mt`'s count for the IPv4 key `{ addr, zone->id }` (`addr` in host order):
    /// `nf_conncount_count_skb`, 0 on error.
    pub(crate) fn count(&self, skb: &SkBuff, addr: u32) -> u32 {
        let be = u32::from_ne_bytes(addr.to_be_bytes());
        // SAFETY: By the type invariant `net` and `data` are live; the skb is live for the hook
        // call, which runs under the RCU read lock nf_conncount needs.
        unsafe { bindings::oxt_connlimit_count(self.net, skb.as_raw(), self.data.as_ptr(), be) }
    }
}

impl Drop for Conncount {
    fn drop(&mut self) {
        // SAFETY: By the type invariant `data` is ours and live, `net` live; process context.
        unsafe { bindings::oxt_conncount_destroy(self.net, self.data.as_ptr()) };
    }
}

impl Drop for ConntrackUse {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we hold one reference on `net`, which is still live;
        // drops happen in process context (table replacement or namespace exit).
        unsafe { bindings::oxt_ct_netns_put(self.net) };
    }
}

/// The kernel's form of `r`.
fn raw_range(r: &NatRange) -> bindings::oxt_nat_range {
    bindings::oxt_nat_range {
        flags: r.flags,
        min_ip: u32::from_ne_bytes(r.min_ip),
        max_ip: u32::from_ne_bytes(r.max_ip),
        min_proto: r.min_proto,
        max_proto: r.max_proto,
        base_proto: r.base_proto,
        pad: 0,
    }
}

/// The verdict of an nf_nat function (`NF_ACCEPT` or `NF_DROP`).
fn verdict(raw: u32) -> Verdict {
    if raw == bindings::NF_ACCEPT {
        Verdict::Accept
    } else {
        Verdict::Drop
    }
}

impl SkBuff {
    /// SNAT or DNAT of this packet's new connection to `range` (`nf_nat_setup_info`). Only
    /// meaningful from a nat table hook, which the NAT core calls with a new conntrack entry.
    pub(crate) fn nat_setup(&self, range: &NatRange, manip: NatManip) -> Verdict {
        let r = raw_range(range);
        // SAFETY: The skb is live for the hook call (type invariant); `r` is a valid range.
        verdict(unsafe { bindings::oxt_nat_setup(self.as_raw(), &r, manip == NatManip::Dst) })
    }

    /// MASQUERADE: SNAT to the primary address of the output device (`nf_nat_masquerade_ipv4`).
    pub(crate) fn masquerade(&self, state: &HookState, range: &NatRange) -> Verdict {
        let r = raw_range(range);
        // SAFETY: The skb and the hook state are live for the hook call; `r` is valid.
        verdict(unsafe { bindings::oxt_nat_masquerade(self.as_raw(), state.as_raw(), &r) })
    }

    /// REDIRECT to the local machine (`nf_nat_redirect_ipv4`).
    pub(crate) fn redirect(&self, state: &HookState, range: &NatRange) -> Verdict {
        let r = raw_range(range);
        // SAFETY: The skb and the hook state are live for the hook call; `r` is valid.
        verdict(unsafe { bindings::oxt_nat_redirect(self.as_raw(), state.as_raw(), &r) })
    }

    /// Marks the packet as not to be tracked, unless it already has conntrack state.
    pub(crate) fn notrack(&self) {
        // SAFETY: The skb is live and owned by the hook for the call.
        unsafe { bindings::oxt_ct_notrack(self.as_raw()) }
    }

    /// Sets the mark of the packet's conntrack entry to `mark` (with an `IPCT_MARK` event) if
    /// it has one and its mark differs; nothing otherwise.
    pub(crate) fn set_ct_mark(&self, mark: u32) {
        // SAFETY: The skb is live for the hook call; its conntrack entry, if any, is held by the
        // skb's reference; the mark is written with `WRITE_ONCE` as upstream does.
        unsafe { bindings::oxt_ct_set_mark(self.as_raw(), mark) }
    }

    /// The name of the helper of the master of the packet's conntrack entry (`xt_helper`), if
    /// the packet has an entry with a master that has a helper.
    pub(crate) fn ct_master_helper(&self) -> Option<[u8; NF_CT_HELPER_NAME_LEN]> {
        let mut name = [0u8; NF_CT_HELPER_NAME_LEN];
        // SAFETY: The skb is live for the hook call (which holds the RCU read lock the helper
        // pointer needs); `name` is writable for `NF_CT_HELPER_NAME_LEN` bytes.
        let found = unsafe { bindings::oxt_ct_master_helper(self.as_raw(), name.as_mut_ptr()) };
        found.then_some(name)
    }

    /// The packet's conntrack entry as the conntrack and state matches see it.
    pub(crate) fn ct_info(&self) -> CtInfo {
        let mut c = bindings::oxt_ct::default();
        // SAFETY: The skb is live for the hook call; `c` is valid for writing.
        unsafe { bindings::oxt_ct_fill(self.as_raw(), &mut c) };
        let kind = match u32::from(c.kind) {
            bindings::OXT_CT_TRACKED => CtKind::Tracked { ctinfo: c.ctinfo },
            bindings::OXT_CT_UNTRACKED => CtKind::Untracked,
            _ => CtKind::Invalid,
        };
        CtInfo {
            kind,
            status: c.status,
            l4proto: c.l4proto,
            orig_src: u32::from_be(c.orig_src),
            orig_dst: u32::from_be(c.orig_dst),
            repl_src: u32::from_be(c.repl_src),
            repl_dst: u32::from_be(c.repl_dst),
            orig_sport: u16::from_be(c.orig_sport),
            orig_dport: u16::from_be(c.orig_dport),
            repl_sport: u16::from_be(c.repl_sport),
            repl_dport: u16::from_be(c.repl_dport),
            expires_secs: c.expires_secs,
            mark: c.mark,
        }
    }
}

/// MASQUERADE's notifiers: when a device goes down or an address goes away, the NAT core drops
/// the conntrack entries masqueraded through it. Registered once for the module (as
/// xt_MASQUERADE does at load), unregistered on drop.
///
/// # Invariants
///
/// Holds one registration of `nf_nat_masquerade_inet_register_notifiers`.
pub(crate) struct MasqueradeNotifiers(());

impl MasqueradeNotifiers {
    /// Registers the notifiers (refcounted by the NAT core, shared with nftables' masquerade).
    pub(crate) fn register() -> Result<Self> {
        // SAFETY: Module init, process context.
        to_result(unsafe { bindings::oxt_masq_notifiers_register() })?;
        // INVARIANT: registered.
        Ok(Self(()))
    }
}

impl Drop for MasqueradeNotifiers {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we hold one registration; module exit, process context.
        unsafe { bindings::oxt_masq_notifiers_unregister() };
    }
}
