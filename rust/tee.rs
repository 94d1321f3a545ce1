// SPDX-License-Identifier: GPL-2.0

//! What `TEE` needs of the kernel: the packet's duplication (`nf_dup_ipv4`, built in) and the
//! lookup of a device by name in a namespace (`tee_tg_check`'s `dev_get_by_name`). The
//! notifier that keeps `--oif` up to date is [`crate::sys::pernet::NetState::netdev_event`]'s.

use crate::sys::{
    bindings,
    netfilter::{HookState, SkBuff},
    sockopt::Sock,
};

impl SkBuff {
    /// `nf_dup_ipv4(state->net, skb, state->hook, &gw, oif)`: a copy of this packet, untracked,
    /// routed to `gw` (through `oif` unless it is 0 or -1) and sent with `ip_local_out` before
    /// this returns, so its walk of OUTPUT and POSTROUTING nests in the current one (see
    /// `OXT_WALK_NEST`); nothing for a packet that is itself a copy.
    pub(crate) fn dup_ipv4(&self, state: &HookState, gw: [u8; 4], oif: i32) {
        // SAFETY: The skb and the hook state are live for the hook call (type invariants);
        // `nf_dup_ipv4` only reads the packet (it copies it with `pskb_copy`), and may be
        // called from any hook with BHs disabled or not (it disables them itself).
        unsafe {
            bindings::oxt_dup_ipv4(state.as_raw(), self.as_raw(), u32::from_ne_bytes(gw), oif)
        }
    }
}

impl Sock {
    /// The ifindex of the device named `name` (up to its first NUL) in the socket's namespace,
    /// or -1 when there is none (or `name` has no NUL).
    pub(crate) fn dev_ifindex_by_name(&self, name: &[u8; 16]) -> i32 {
        if !name.contains(&0) {
            return -1;
        }
        // SAFETY: The socket's namespace is live for the callback (type invariant); `name` is
        // NUL-terminated within its 16 bytes; the lookup holds RCU itself.
        unsafe { bindings::oxt_dev_ifindex_by_name(self.net_ptr(), name.as_ptr().cast()) }
    }
}
