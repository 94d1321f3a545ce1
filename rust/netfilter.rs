// SPDX-License-Identifier: GPL-2.0

//! Netfilter hooks: typed hook specifications and verdicts, and the packet handed to a hook.

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
    }
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

    /// The length of the packet in bytes (`skb->len`), the figure ip_tables counts.
    pub(crate) fn len(&self) -> u32 {
        // SAFETY: By the type invariant `self.0` is a live `sk_buff`.
        unsafe { bindings::oxt_skb_len(self.0.get()) }
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
    }
}
