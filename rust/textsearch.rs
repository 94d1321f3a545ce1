// SPDX-License-Identifier: GPL-2.0

//! The kernel's textsearch (`include/linux/textsearch.h`) as the `string` match uses it: a
//! search prepared by the rule's check (`textsearch_prepare`), owned by the rule and destroyed
//! with its table (`textsearch_destroy`), and run on a packet (`skb_find_text`).

use super::bindings;
use super::netfilter::SkBuff;
use core::ptr::NonNull;

/// A prepared search (`struct ts_config`), destroyed when dropped.
///
/// # Invariants
///
/// `conf` came from a successful `textsearch_prepare`, is destroyed exactly once (on drop), and
/// holds a reference on its algorithm's module (taken by `textsearch_prepare`, put by
/// `textsearch_destroy`), so its `ops` stay valid while this value lives.
pub(crate) struct TsConfig {
    conf: NonNull<bindings::ts_config>,
}

// SAFETY: A `ts_config` belongs to no thread; `textsearch_destroy` may run on any CPU.
unsafe impl Send for TsConfig {}
// SAFETY: Searches through `&TsConfig` may run on several CPUs at once, as `xt_string`'s do:
// `skb_find_text` writes only the `get_next_block`/`finish` pointers (each CPU the same
// values), keeps its position in the caller's `ts_state` and otherwise reads the prepared
// tables.
unsafe impl Sync for TsConfig {}

impl TsConfig {
    /// `textsearch_prepare(algo, pattern, pattern.len(), GFP_KERNEL, TS_AUTOLOAD | (icase ?
    /// TS_IGNORECASE : 0))`: `Err` is the errno of its `ERR_PTR` (negative). `algo` must hold
    /// a NUL. Process context: it may load the algorithm's module (`request_module`) and
    /// sleep.
    pub(crate) fn prepare(algo: &[u8], pattern: &[u8], icase: bool) -> Result<Self, i32> {
        if !algo.contains(&0) {
            return Err(-22);
        }
        let len = u32::try_from(pattern.len()).map_err(|_| -22)?;
        let mut err: core::ffi::c_int = 0;
        // SAFETY: `algo` is NUL-terminated (checked above) and `pattern` is `len` readable
        // bytes, both live for the call, which copies what it keeps. The callers are a
        // replace request's checks, in process context with no spinlock or RCU read lock
        // held (the table lock is taken after them), so it may sleep.
        let conf = unsafe {
            bindings::oxt_textsearch_prepare(
                algo.as_ptr().cast(),
                pattern.as_ptr().cast(),
                len,
                icase,
                &mut err,
            )
        };
        match NonNull::new(conf) {
            // INVARIANT: a successful `textsearch_prepare`.
            Some(conf) => Ok(Self { conf }),
            None => Err(if err < 0 { err } else { -12 }),
        }
    }
}

impl Drop for TsConfig {
    fn drop(&mut self) {
        // SAFETY: By the type invariant `conf` is a live prepared search, destroyed only here;
        // its holder (a table instance) is dropped only once no CPU walks it, so no search
        // runs on it any more.
        unsafe { bindings::oxt_textsearch_destroy(self.conf.as_ptr()) }
    }
}

impl SkBuff {
    /// `skb_find_text(skb, from, to, conf)`: the offset from `from` of the first occurrence of
    /// the pattern of `conf` in the packet (from `skb->data`, the IP header at the IPv4
    /// hooks), if it ends by `to`; `u32::MAX` if none.
    pub(crate) fn find_text(&self, from: u32, to: u32, conf: &TsConfig) -> u32 {
        // SAFETY: The skb is live for the hook (its type's invariant) and `conf` a live
        // prepared search (`TsConfig`'s). `skb_find_text` reads the packet through
        // `skb_seq_read` within its bounds (linear part, fragments and frag list) and only
        // reads the skb.
        unsafe { bindings::oxt_skb_find_text(self.as_raw(), from, to, conf.conf.as_ptr()) }
    }
}
