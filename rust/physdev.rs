// SPDX-License-Identifier: GPL-2.0

//! What the `physdev` match reads of a packet `br_netfilter` handed to the IPv4 hooks: its
//! bridge ports (`nf_bridge_info`), and the module request its check makes.

use super::bindings;
use super::netfilter::{HookState, SkBuff};
use crate::engine::abi::IFNAMSIZ;
use crate::engine::ext::physdev::PhysDevs;
use kernel::str::CStrExt;

/// `oxt_physdev`'s answer bits.
const EXISTS: i32 = 1;
const HAS_IN: i32 = 2;
const HAS_OUT: i32 = 4;

impl SkBuff {
    /// `nf_bridge_info_exists(skb)`, and the names (all `IFNAMSIZ` bytes) of
    /// `nf_bridge_get_physindev(skb, net)` and `nf_bridge_get_physoutdev(skb)` at the hook of
    /// `state`; `None` without bridge information.
    pub(crate) fn physdev(&self, state: &HookState) -> Option<PhysDevs> {
        let mut indev = [0u8; IFNAMSIZ];
        let mut outdev = [0u8; IFNAMSIZ];
        // SAFETY: The skb and hook state are live for the hook (their types' invariants), in
        // the hook's RCU read section, which `dev_get_by_index_rcu` needs; the helper writes
        // at most `IFNAMSIZ` bytes to each buffer.
        let r = unsafe {
            bindings::oxt_physdev(
                self.as_raw(),
                state.as_raw(),
                indev.as_mut_ptr().cast(),
                outdev.as_mut_ptr().cast(),
            )
        };
        if r & EXISTS == 0 {
            return None;
        }
        Some(PhysDevs {
            indev: (r & HAS_IN != 0).then_some(indev),
            outdev: (r & HAS_OUT != 0).then_some(outdev),
        })
    }
}

/// `request_module("%s", name)`. Process context (a replace request's check): it waits for
/// modprobe.
pub(crate) fn request_module(name: &'static core::ffi::CStr) {
    // SAFETY: `name` is a NUL-terminated static string; the callers are checks, in process
    // context with no spinlock or RCU read lock held.
    unsafe { bindings::oxt_request_module(name.as_char_ptr()) }
}
