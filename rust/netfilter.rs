// SPDX-License-Identifier: GPL-2.0

//! Netfilter hooks: typed hook specifications and verdicts, and the packet handed to a hook.

use crate::engine::env::{DevSel, SockOwner};
use crate::engine::tables::{Hook, Verdict};
use crate::sys::bindings;
use kernel::types::Opaque;

/// One netfilter hook to register: where, at which priority, and the tag handed back to the
/// hook function so that one handler can serve several (table, hook) attachment points.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HookSpec {
    /// The IPv4 hook.
    pub(crate) hook: Hook,
    /// The priority (lower runs first).
    pub(crate) priority: i32,
    /// Passed back to the handler with every packet seen at this hook.
    pub(crate) tag: u32,
    /// A nat table hook: registered with the NAT core (`nf_nat_ipv4_register_fn`), which calls
    /// it only for the first packet of a connection, instead of as a plain netfilter hook.
    pub(crate) nat: bool,
}

/// The kernel's value for `hook` (`enum nf_inet_hooks`).
pub(crate) fn hook_to_raw(hook: Hook) -> u32 {
    // The engine's discriminants are the kernel's numbers; the KUnit suite checks them against
    // bindgen's constants.
    hook.index()
}

/// The kernel's value for `verdict` (`NF_ACCEPT`, `NF_DROP`).
pub(crate) fn verdict_to_raw(verdict: Verdict) -> u32 {
    match verdict {
        Verdict::Accept => bindings::NF_ACCEPT,
        Verdict::Drop => bindings::NF_DROP,
        // `NF_QUEUE_NR(num)`, plus the bypass flag.
        Verdict::Queue { num, bypass } => {
            let flag = if bypass {
                bindings::NF_VERDICT_FLAG_QUEUE_BYPASS
            } else {
                0
            };
            (u32::from(num) << bindings::NF_VERDICT_QBITS) | bindings::NF_QUEUE | flag
        }
        // `NF_DROP_ERR(-errno)`: the errno above the verdict bits.
        Verdict::DropErr { errno } => (u32::from(errno) << 16) | bindings::NF_DROP,
    }
}

/// `s` as a NUL-terminated C string in `N` bytes (cut to `N - 1` bytes).
fn c_buf<const N: usize>(s: &[u8]) -> [u8; N] {
    let mut b = [0u8; N];
    let n = s.len().min(N.saturating_sub(1));
    if let (Some(dst), Some(src)) = (b.get_mut(..n), s.get(..n)) {
        dst.copy_from_slice(src);
    }
    b
}

/// A packet (`struct sk_buff`) as seen by a hook.
///
/// # Invariants
///
/// A `&SkBuff` is only made from a pointer to a live `sk_buff` that the hook owns for the
/// duration of the call.
#[repr(transparent)]
pub(crate) struct SkBuff(Opaque<bindings::sk_buff>);

impl SkBuff {
    /// Borrows the `sk_buff` at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a live `sk_buff` that stays valid and is not freed for `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::sk_buff) -> &'a SkBuff {
        // SAFETY: `SkBuff` is a transparent wrapper of `Opaque<sk_buff>`, which has the layout of
        // `sk_buff`; the caller guarantees the pointer is valid for `'a`.
        unsafe { &*ptr.cast::<SkBuff>() }
    }

    /// The raw `sk_buff`, for the other abstractions of this crate.
    pub(super) fn as_raw(&self) -> *mut bindings::sk_buff {
        self.0.get()
    }

    /// The length of the packet in bytes (`skb->len`), the figure ip_tables counts.
    pub(crate) fn len(&self) -> u32 {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`.
        unsafe { bindings::oxt_skb_len(self.0.get()) }
    }

    /// `skb->nf_trace`: the packet is traced.
    pub(crate) fn nf_trace(&self) -> bool {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`.
        unsafe { bindings::oxt_skb_nf_trace(self.0.get()) }
    }

    /// `skb->nf_trace = 1` (`TRACE`).
    pub(crate) fn set_nf_trace(&self) {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`, which the hook owns.
        unsafe { bindings::oxt_skb_set_nf_trace(self.0.get()) }
    }

    /// Logs a TRACE line for this packet at `state`'s hook: `"TRACE: table:chain:comment:rulenum "`
    /// through `nf_log_trace`. Names longer than their buffers are cut.
    pub(crate) fn log_trace(
        &self,
        state: &HookState,
        table: &[u8],
        chain: &[u8],
        comment: &str,
        rulenum: u32,
    ) {
        let (t, c, k) = (
            c_buf::<32>(table),
            c_buf::<32>(chain),
            c_buf::<8>(comment.as_bytes()),
        );
        // SAFETY: The skb and the hook state are live for the hook call; the three buffers are
        // NUL-terminated (`c_buf`) and live across the call.
        unsafe {
            bindings::oxt_log_trace(
                state.0.get(),
                self.0.get(),
                t.as_ptr(),
                c.as_ptr(),
                k.as_ptr(),
                rulenum,
            )
        }
    }

    /// `skb->mark`.
    pub(crate) fn mark(&self) -> u32 {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`.
        unsafe { bindings::oxt_skb_mark(self.0.get()) }
    }

    /// `skb_dst(skb)->tclassid`, `None` without a route.
    pub(crate) fn dst_tclassid(&self) -> Option<u32> {
        let mut t = 0u32;
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`, its route with it while
        // the hook runs (RCU read side); `t` is valid for writing.
        let ok = unsafe { bindings::oxt_skb_dst_tclassid(self.0.get(), &mut t) };
        ok.then_some(t)
    }

    /// `skb->mark = mark`.
    pub(crate) fn set_mark(&self, mark: u32) {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff` the hook owns for the call;
        // `Opaque` allows writing through a shared reference, and nothing else writes the mark
        // of this packet while its hook runs.
        unsafe { bindings::oxt_skb_set_mark(self.0.get(), mark) }
    }

    /// `skb->pkt_type` (`PACKET_*`).
    pub(crate) fn pkt_type(&self) -> u8 {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`.
        unsafe { bindings::oxt_skb_pkt_type(self.0.get()) }
    }

    /// The Ethernet source address as `xt_mac` reads it: `eth_hdr(skb)->h_source` if the
    /// packet's device is an Ethernet device (`ARPHRD_ETHER`) and its MAC header was set and is
    /// at least `ETH_HLEN` bytes long; `None` otherwise.
    pub(crate) fn mac_source(&self) -> Option<[u8; 6]> {
        let mut src = [0u8; 6];
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`; `src` is `ETH_ALEN`
        // writable bytes, all the helper writes.
        let ok = unsafe { bindings::oxt_skb_mac_source(self.0.get(), src.as_mut_ptr()) };
        ok.then_some(src)
    }

    /// `skb_ip_totlen(skb)`: the IPv4 total length.
    pub(crate) fn ip_totlen(&self) -> u32 {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff` with an IPv4 header (the
        // hooks are IPv4 hooks).
        unsafe { bindings::oxt_skb_ip_totlen(self.0.get()) }
    }

    /// The route type (`RTN_*`) of the big-endian address `addr` in the hook's namespace
    /// (`inet_dev_addr_type`), looked up in the table of the device `dev` selects.
    pub(crate) fn addr_type(&self, state: &HookState, addr: u32, dev: DevSel) -> u8 {
        let which = match dev {
            DevSel::Any => bindings::OXT_DEV_ANY,
            DevSel::In => bindings::OXT_DEV_IN,
            DevSel::Out => bindings::OXT_DEV_OUT,
        };
        // SAFETY: The hook state is live for the hook call (type invariant of `HookState`),
        // its namespace and devices with it; RCU is held by the hook's caller.
        let t = unsafe { bindings::oxt_addr_type(state.0.get(), addr.to_be(), which) };
        // CAST: route types are below `__RTN_MAX` (12); anything else reads as no type.
        u8::try_from(t).unwrap_or(u8::MAX)
    }

    /// What the IPv4 matches look at, as `ipt_do_table` sees it at a hook: the IP header fields
    /// and devices in `info`, and up to `l4.len()` bytes from the transport header on (none for
    /// a non-first fragment), whose count is returned.
    pub(crate) fn ipv4_info(&self, state: &HookState, l4: &mut [u8]) -> (PacketInfo, usize) {
        let mut p = bindings::oxt_pkt::default();
        let cap = u32::try_from(l4.len()).unwrap_or(u32::MAX);
        // SAFETY: The skb (type invariant) and the hook state are live for the hook call; it is an
        // IPv4 packet (we only register IPv4 hooks, where the network header is set); `p` and
        // `l4` are valid for writing, `l4` for `cap` bytes.
        let n = unsafe {
            bindings::oxt_pkt_fill(self.0.get(), state.0.get(), &mut p, l4.as_mut_ptr(), cap)
        };
        let info = PacketInfo {
            saddr: u32::from_be(p.saddr),
            daddr: u32::from_be(p.daddr),
            protocol: p.protocol,
            frag_off: p.frag_off,
            len: p.len,
            tos: p.tos,
            ttl: p.ttl,
            tot_len: p.tot_len,
            // The kernel's `c_char` is `u8` on every architecture.
            in_iface: p.in_,
            out_iface: p.out,
        };
        // CAST: `n <= cap <= l4.len()`.
        (info, (n as usize).min(l4.len()))
    }
}

impl SkBuff {
    /// Whether the packet leaves through a device (`state->out`) and has no socket of the
    /// hook's namespace (`!skb->sk || !net_eq(state->net, sock_net(skb->sk))`).
    pub(crate) fn out_without_own_sk(&self, state: &HookState) -> bool {
        // SAFETY: The skb (type invariant) and the hook state are live for the hook call, and so
        // are the socket and namespaces they point at.
        unsafe { bindings::oxt_out_without_own_sk(self.0.get(), state.0.get()) }
    }
}

/// The IPv4 header fields and devices of a packet at a hook.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PacketInfo {
    /// Source address (host order).
    pub(crate) saddr: u32,
    /// Destination address (host order).
    pub(crate) daddr: u32,
    /// IP protocol.
    pub(crate) protocol: u8,
    /// Fragment offset (non-zero for non-first fragments).
    pub(crate) frag_off: u16,
    /// `skb->len`.
    pub(crate) len: u32,
    /// `iph->tos`.
    pub(crate) tos: u8,
    /// `iph->ttl`.
    pub(crate) ttl: u8,
    /// `ntohs(iph->tot_len)`.
    pub(crate) tot_len: u16,
    /// Input device name, NUL-padded (all zero if none).
    pub(crate) in_iface: [u8; 16],
    /// Output device name, NUL-padded (all zero if none).
    pub(crate) out_iface: [u8; 16],
}

/// The state netfilter passes to a hook (`struct nf_hook_state`).
///
/// # Invariants
///
/// Only made from a pointer to a live hook state, for the duration of the hook call.
#[repr(transparent)]
pub(crate) struct HookState(Opaque<bindings::nf_hook_state>);

impl HookState {
    /// Borrows the hook state at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a live `nf_hook_state` for `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *const bindings::nf_hook_state) -> &'a HookState {
        // SAFETY: Transparent wrapper; the caller guarantees validity for `'a`.
        unsafe { &*ptr.cast::<HookState>() }
    }

    /// The raw `nf_hook_state`, for the other abstractions of this crate.
    pub(super) fn as_raw(&self) -> *mut bindings::nf_hook_state {
        self.0.get()
    }
}

/// The raw selector of the device `dev` names (`OXT_DEV_*`).
fn dev_sel_raw(dev: DevSel) -> u32 {
    match dev {
        DevSel::Any => bindings::OXT_DEV_ANY,
        DevSel::In => bindings::OXT_DEV_IN,
        DevSel::Out => bindings::OXT_DEV_OUT,
    }
}

impl SkBuff {
    /// What `xt_owner` sees of the packet's socket at `state`'s hook: none, one without a file,
    /// or the file's fsuid and fsgid (kernel ids), with, if `suppl` gives a range of kernel
    /// gids, whether a supplementary group lies in it.
    pub(crate) fn sock_owner(&self, state: &HookState, suppl: Option<(u32, u32)>) -> SockOwner {
        let mut out = bindings::oxt_sock_owner::default();
        let (want, lo, hi) = match suppl {
            Some((lo, hi)) => (true, lo, hi),
            None => (false, 0, 0),
        };
        // SAFETY: The skb (type invariant) and the hook state are live for the hook call, which
        // runs under `rcu_read_lock` (what keeps the socket's file and credentials alive while
        // the helper reads them); `out` is valid for writing.
        unsafe { bindings::oxt_sock_owner(self.0.get(), state.0.get(), want, lo, hi, &mut out) };
        let kind = u32::from(out.kind);
        if kind == bindings::OXT_SOCK_FILE {
            SockOwner::File {
                fsuid: out.fsuid,
                fsgid: out.fsgid,
                suppl: out.suppl != 0,
            }
        } else if kind == bindings::OXT_SOCK_NOFILE {
            SockOwner::NoFile
        } else {
            SockOwner::None
        }
    }
}

impl HookState {
    /// `dev->group` of the hook's input or output device, `None` without one (and for
    /// [`DevSel::Any`]).
    pub(crate) fn dev_group(&self, dev: DevSel) -> Option<u32> {
        let mut group = 0u32;
        // SAFETY: The hook state is live for the hook call (type invariant), its devices with
        // it; `group` is valid for writing.
        let ok = unsafe { bindings::oxt_dev_group(self.0.get(), dev_sel_raw(dev), &mut group) };
        ok.then_some(group)
    }
}

#[kernel::macros::kunit_tests(oxtables_netfilter)]
mod tests {
    use super::*;
    use crate::engine::tables::{priority, Hook};

    #[test]
    fn hook_numbers_match_the_kernel() {
        assert_eq!(
            hook_to_raw(Hook::PreRouting),
            bindings::nf_inet_hooks_NF_INET_PRE_ROUTING
        );
        assert_eq!(
            hook_to_raw(Hook::LocalIn),
            bindings::nf_inet_hooks_NF_INET_LOCAL_IN
        );
        assert_eq!(
            hook_to_raw(Hook::Forward),
            bindings::nf_inet_hooks_NF_INET_FORWARD
        );
        assert_eq!(
            hook_to_raw(Hook::LocalOut),
            bindings::nf_inet_hooks_NF_INET_LOCAL_OUT
        );
        assert_eq!(
            hook_to_raw(Hook::PostRouting),
            bindings::nf_inet_hooks_NF_INET_POST_ROUTING
        );
    }

    #[test]
    fn priorities_match_the_kernel() {
        assert_eq!(priority::RAW, bindings::nf_ip_hook_priorities_NF_IP_PRI_RAW);
        assert_eq!(
            priority::CONNTRACK,
            bindings::nf_ip_hook_priorities_NF_IP_PRI_CONNTRACK
        );
        assert_eq!(
            priority::MANGLE,
            bindings::nf_ip_hook_priorities_NF_IP_PRI_MANGLE
        );
        assert_eq!(
            priority::NAT_DST,
            bindings::nf_ip_hook_priorities_NF_IP_PRI_NAT_DST
        );
        assert_eq!(
            priority::FILTER,
            bindings::nf_ip_hook_priorities_NF_IP_PRI_FILTER
        );
        assert_eq!(
            priority::NAT_SRC,
            bindings::nf_ip_hook_priorities_NF_IP_PRI_NAT_SRC
        );
    }

    #[test]
    fn verdicts_match_the_kernel() {
        assert_eq!(verdict_to_raw(Verdict::Accept), 1);
        assert_eq!(verdict_to_raw(Verdict::Drop), 0);
        assert_eq!(
            verdict_to_raw(Verdict::Queue {
                num: 0,
                bypass: false
            }),
            3
        );
        assert_eq!(
            verdict_to_raw(Verdict::Queue {
                num: 7,
                bypass: true
            }),
            (7 << 16) | 0x8000 | 3
        );
        assert_eq!(
            verdict_to_raw(Verdict::DropErr { errno: 113 }),
            (113 << 16) | bindings::NF_DROP
        );
    }
}
