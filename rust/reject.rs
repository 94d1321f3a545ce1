// SPDX-License-Identifier: GPL-2.0

//! What `REJECT` sends back before it drops a packet: an ICMP destination-unreachable error
//! (`nf_send_unreach`) or a TCP reset (`nf_send_reset`), both from `nf_reject_ipv4`.

use crate::sys::{
    bindings,
    netfilter::{HookState, SkBuff},
};

impl SkBuff {
    /// Sends an ICMP destination-unreachable error with `code` for this packet from `state`'s
    /// hook (`nf_send_unreach`). The error leaves through the output path, which may walk the
    /// tables again (nested, see `OXT_WALK_NEST`).
    pub(crate) fn send_unreach(&self, state: &HookState, code: u8) {
        // SAFETY: The skb and the hook state are live for the hook call (type invariants);
        // `nf_send_unreach` only reads the packet, in softirq or process context with RCU held
        // by the hook's caller.
        unsafe { bindings::oxt_send_unreach(state.as_raw(), self.as_raw(), code) }
    }

    /// Sends a TCP reset for this packet from `state`'s hook (`nf_send_reset` with the hook's
    /// namespace and socket).
    pub(crate) fn send_reset(&self, state: &HookState) {
        // SAFETY: As for `send_unreach`; `state->sk` may be NULL, which `nf_send_reset` accepts.
        unsafe { bindings::oxt_send_reset(state.as_raw(), self.as_raw()) }
    }
}
