// SPDX-License-Identifier: GPL-2.0

//! The kernel's ipset API (`include/linux/netfilter/ipset/ip_set.h`) as the `set` match uses
//! it: a reference on a set by index, held by the rule that named it, and the lookup of a
//! packet in it.

use super::bindings;
use super::netfilter::{HookState, SkBuff};
use super::sockopt::Sock;
use crate::engine::env::IpSetAdtOpt;
use core::ptr::NonNull;

/// `IPSET_INVALID_ID`.
const IPSET_INVALID_ID: u16 = 65535;

/// One reference on the set of `index` in a network namespace (`ip_set_nfnl_get_byindex`),
/// put back with `ip_set_nfnl_put` when dropped.
///
/// # Invariants
///
/// `net` is a namespace whose set `index` this value holds one reference on. The holder (a
/// table instance of that namespace) is dropped before the namespace's ipset state goes
/// (oxtables' pernet exit runs before that of the built-in ipset core, registered earlier).
pub(crate) struct IpSetRef {
    net: NonNull<bindings::net>,
    index: u16,
}

// SAFETY: The reference is a count in the set list of the namespace; `ip_set_nfnl_put` may be
// called from any context that may sleep, on any CPU.
unsafe impl Send for IpSetRef {}
// SAFETY: `&IpSetRef` gives no access to anything.
unsafe impl Sync for IpSetRef {}

impl IpSetRef {
    /// `ip_set_nfnl_get_byindex(sock_net(sk), index)`: a reference on the set of `index` in
    /// the namespace of `sk`, `None` when there is no such set.
    pub(crate) fn get(sk: &Sock, index: u16) -> Option<Self> {
        let net = NonNull::new(sk.net_ptr())?;
        // SAFETY: The socket's namespace is live for the sockopt callback (`Sock`'s
        // invariant); the function takes the ipset mutex and may sleep, as sockopt callbacks
        // may.
        let got = unsafe { bindings::oxt_ip_set_get_byindex(net.as_ptr(), index) };
        if got == IPSET_INVALID_ID {
            None
        } else {
            Some(Self { net, index })
        }
    }

    /// The set's index.
    pub(crate) fn index(&self) -> u16 {
        self.index
    }
}

impl Drop for IpSetRef {
    fn drop(&mut self) {
        // SAFETY: By the type invariant the namespace and its ipset state are live and this
        // value holds one reference on the set, given back exactly once here.
        unsafe { bindings::oxt_ip_set_put(self.net.as_ptr(), self.index) }
    }
}

impl SkBuff {
    /// `ip_set_test(index, skb, par, opt)` at the hook of `state`, with `opt` as `xt_set`
    /// builds it. `index` must be a set a loaded rule of the namespace holds.
    pub(crate) fn ip_set_test(&self, state: &HookState, index: u16, opt: &IpSetAdtOpt) -> i32 {
        let o = bindings::oxt_ip_set_opt {
            family: opt.family,
            dim: opt.dim,
            flags: opt.flags,
            cmdflags: opt.cmdflags,
            timeout: opt.timeout,
            packets: opt.packets,
            bytes: opt.bytes,
            packets_op: opt.packets_op,
            bytes_op: opt.bytes_op,
        };
        // SAFETY: The skb and hook state are live for the hook (their types' invariants);
        // `ip_set_test` checks `index` against the namespace's list under RCU (a held set
        // is present), reads the packet with bounds checks and only updates the set's own
        // entries under the set's lock.
        unsafe { bindings::oxt_ip_set_test(self.as_raw(), state.as_raw(), index, &o) }
    }
}
