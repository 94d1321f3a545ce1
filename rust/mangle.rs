// SPDX-License-Identifier: GPL-2.0

//! What the header-rewriting mangle targets do to a packet: the TOS byte (`DSCP`, `TOS`) and
//! the TTL (`TTL`) rewritten in a writable IP header with its checksum fixed, the qdisc class
//! (`CLASSIFY`), a software transport checksum (`CHECKSUM`); and the rate limit of the
//! `pr_info_ratelimited` lines of their load-time checks; and mangle `OUTPUT`'s new route for a
//! packet whose addresses, mark or TOS changed (`ipt_mangle_out`).

use crate::sys::{
    bindings,
    netfilter::{HookState, SkBuff},
};

/// What a packet's route depends on, as `ipt_mangle_out` compares it around the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RouteKey {
    /// `iph->saddr`.
    saddr: u32,
    /// `iph->daddr`.
    daddr: u32,
    /// `skb->mark`.
    mark: u32,
    /// `iph->tos`.
    tos: u8,
}

impl SkBuff {
    /// `skb_ensure_writable(skb, sizeof(struct iphdr))`, then `ipv4_change_dsfield(ip_hdr(skb),
    /// mask, value)`: the TOS byte becomes `(tos & mask) | value`, the checksum follows. `false`,
    /// nothing written, if the header cannot be made writable.
    pub(crate) fn change_dsfield(&self, mask: u8, value: u8) -> bool {
        // SAFETY: By the type invariant `self` is a live `sk_buff` the hook owns for the call,
        // with an IPv4 network header (IPv4 hooks only); `skb_ensure_writable` may reallocate
        // its head (we keep no pointer into it) and the header is written only once writable.
        unsafe { bindings::oxt_ip_change_dsfield(self.as_raw(), mask, value) }
    }

    /// `skb_ensure_writable(skb, sizeof(struct iphdr))`, then the TTL set to `ttl` with
    /// `csum_replace2` of the checksum if it differs. `false`, nothing written, if the header
    /// cannot be made writable.
    pub(crate) fn set_ttl(&self, ttl: u8) -> bool {
        // SAFETY: As for `change_dsfield`.
        unsafe { bindings::oxt_ip_set_ttl(self.as_raw(), ttl) }
    }

    /// `skb->priority = priority`.
    pub(crate) fn set_priority(&self, priority: u32) {
        // SAFETY: By the type invariant `self` is a live `sk_buff` the hook owns for the call;
        // `Opaque` allows the write through a shared reference, and nothing else writes this
        // packet's priority while its hook runs.
        unsafe { bindings::oxt_skb_set_priority(self.as_raw(), priority) }
    }

    /// `skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb)`.
    pub(crate) fn checksum_partial(&self) -> bool {
        // SAFETY: By the type invariant `self` is a live `sk_buff`; the helper only reads it
        // and its shared info.
        unsafe { bindings::oxt_skb_csum_partial(self.as_raw()) }
    }

    /// The packet's route keys now.
    pub(crate) fn route_key(&self) -> RouteKey {
        let mut k = bindings::oxt_route_key::default();
        // SAFETY: By the type invariant `self` is a live `sk_buff` with an IPv4 network header;
        // `k` is valid for writing.
        unsafe { bindings::oxt_skb_route_key(self.as_raw(), &mut k) };
        RouteKey {
            saddr: k.saddr,
            daddr: k.daddr,
            mark: k.mark,
            tos: k.tos,
        }
    }

    /// `ip_route_me_harder(net, sk, skb, RTN_UNSPEC)` with `state`'s namespace and socket: the
    /// packet gets a new route, or the positive errno of why it has none.
    pub(crate) fn route_me_harder(&self, state: &HookState) -> Result<(), u16> {
        // SAFETY: The skb (type invariant) and the hook state are live for the hook call, at
        // `LOCAL_OUT` where `ip_route_me_harder` is meant to be called; `state->sk` may be NULL.
        let r = unsafe { bindings::oxt_route_me_harder(state.as_raw(), self.as_raw()) };
        if r >= 0 {
            return Ok(());
        }
        // CAST: errnos are below 4096; anything else reads as EINVAL.
        Err(u16::try_from(r.unsigned_abs()).unwrap_or(22))
    }

    /// `ip_check_csum_start(skb)`, then `skb_checksum_help(skb)`: `false`, nothing done, if the
    /// checksum would start inside the IP header.
    pub(crate) fn checksum_help(&self) -> bool {
        // SAFETY: By the type invariant `self` is a live `sk_buff` the hook owns for the call,
        // with an IPv4 network header; `skb_checksum_help` may unclone and write its data, as
        // it does for `xt_CHECKSUM` at the same hooks.
        unsafe { bindings::oxt_skb_checksum_help(self.as_raw()) }
    }
}

/// Whether a `pr_info_ratelimited` line may be printed now (`__ratelimit` on the module's one
/// rate-limit state, the kernel's default interval and burst).
pub(crate) fn info_ratelimit() -> bool {
    // SAFETY: `oxt_ratelimit_info` only updates its own static rate-limit state, under that
    // state's lock; callable from any context.
    unsafe { bindings::oxt_ratelimit_info() }
}
