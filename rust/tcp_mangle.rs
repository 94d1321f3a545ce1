// SPDX-License-Identifier: GPL-2.0

//! What `TCPMSS` does to a packet: make it writable, grow it, write its transport bytes, update
//! its TCP and IP checksums and length; and the MTUs of its route and of the route back to its
//! source.

use crate::sys::{
    bindings,
    netfilter::{HookState, SkBuff},
};

impl SkBuff {
    /// `skb_ensure_writable(skb, skb->len)`: false when it fails (no memory).
    pub(crate) fn make_writable(&self) -> bool {
        // SAFETY: By the type invariant `self` is a live `sk_buff` the hook owns for the call;
        // `Opaque` allows the kernel to change it through a shared reference, and no Rust code
        // holds a pointer into its data across the call.
        unsafe { bindings::oxt_skb_make_writable(self.as_raw()) == 0 }
    }

    /// `skb->len - ip_hdrlen(skb)`, `None` when negative.
    pub(crate) fn l4_len(&self) -> Option<u32> {
        // SAFETY: By the type invariant `self` is a live `sk_buff` with an IPv4 header (the hooks
        // are IPv4 hooks).
        let n = unsafe { bindings::oxt_skb_l4_len(self.as_raw()) };
        u32::try_from(n).ok()
    }

    /// Copies up to `buf.len()` bytes from the transport header on into `buf` (none for a
    /// non-first fragment); returns the count.
    pub(crate) fn l4_copy(&self, buf: &mut [u8]) -> usize {
        let cap = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        // SAFETY: The skb is live (type invariant) with an IPv4 header; `buf` is valid for
        // writing `cap` bytes, at most what the helper writes.
        let n = unsafe { bindings::oxt_skb_l4_copy(self.as_raw(), buf.as_mut_ptr(), cap) };
        // CAST: `n <= cap <= buf.len()`.
        (n as usize).min(buf.len())
    }

    /// Writes `bytes` at `offset` from the transport header; false, nothing written, when they
    /// are not all inside the packet or it cannot be made writable.
    pub(crate) fn l4_write(&self, offset: u32, bytes: &[u8]) -> bool {
        let Ok(n) = u32::try_from(bytes.len()) else {
            return false;
        };
        // SAFETY: The skb is live and ours for the hook call (type invariant, see
        // `make_writable`); `bytes` is valid for reading `n` bytes; the helper checks that the
        // destination lies inside the packet and makes it writable before it copies.
        unsafe { bindings::oxt_skb_l4_write(self.as_raw(), offset, bytes.as_ptr(), n) }
    }

    /// Grows the (linear) packet by `len` bytes at its tail, expanding its head first if the
    /// tailroom is short; false when that fails or the packet is not linear.
    pub(crate) fn grow_tail(&self, len: u32) -> bool {
        // SAFETY: As for `make_writable`; the helper refuses a non-linear packet, and the new
        // bytes are only read after they are written.
        unsafe { bindings::oxt_skb_grow_tail(self.as_raw(), len) == 0 }
    }

    /// `inet_proto_csum_replace2` on the TCP checksum; `from` and `to` as they lie in the
    /// packet. False, nothing done, when the TCP header is not inside the packet or cannot be
    /// made writable.
    pub(crate) fn tcp_csum_replace2(&self, from: [u8; 2], to: [u8; 2], pseudohdr: bool) -> bool {
        // SAFETY: As for `make_writable`; the helper checks the TCP header lies inside the
        // packet and makes it writable. `__be16` values are the packet's bytes in memory order.
        unsafe {
            bindings::oxt_tcp_csum_replace2(
                self.as_raw(),
                u16::from_ne_bytes(from),
                u16::from_ne_bytes(to),
                pseudohdr,
            )
        }
    }

    /// `inet_proto_csum_replace4` on the TCP checksum, as `tcp_csum_replace2`.
    pub(crate) fn tcp_csum_replace4(&self, from: [u8; 4], to: [u8; 4], pseudohdr: bool) -> bool {
        // SAFETY: As for `tcp_csum_replace2`.
        unsafe {
            bindings::oxt_tcp_csum_replace4(
                self.as_raw(),
                u32::from_ne_bytes(from),
                u32::from_ne_bytes(to),
                pseudohdr,
            )
        }
    }

    /// Adds `add` to the IP total length, updating the header checksum; false, nothing done,
    /// when the IP header cannot be made writable.
    pub(crate) fn ip_add_tot_len(&self, add: u16) -> bool {
        // SAFETY: As for `make_writable`; the helper makes the IP header writable first.
        unsafe { bindings::oxt_ip_add_tot_len(self.as_raw(), add) }
    }

    /// `dst_mtu(skb_dst(skb))`, 0 without a route.
    pub(crate) fn dst_mtu(&self) -> u32 {
        // SAFETY: The skb is live (type invariant); its route, if any, is held for the hook
        // call and read under the RCU lock the hook's caller holds.
        unsafe { bindings::oxt_skb_dst_mtu(self.as_raw()) }
    }
}

impl HookState {
    /// `tcpmss_reverse_mtu`: the MTU of the route to the host-order address `daddr` in the
    /// hook's namespace, `u32::MAX` without one.
    pub(crate) fn route_mtu(&self, daddr: u32) -> u32 {
        // SAFETY: The hook state and its namespace are live for the hook call (type invariant);
        // the route lookup takes and puts back its own reference, in softirq or process context.
        unsafe { bindings::oxt_route_mtu(self.as_raw(), daddr.to_be()) }
    }
}

/// Logs (rate-limited) that `TCPMSS --clamp-mss-to-pmtu` found no usable path MTU.
pub(crate) fn log_invalid_pmtu(mtu: u32) {
    // SAFETY: The helper only formats `mtu` into the kernel log.
    unsafe { bindings::oxt_log_invalid_pmtu(mtu) }
}
