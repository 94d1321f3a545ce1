// SPDX-License-Identifier: GPL-2.0

//! Time as the extensions count it (`HZ` and `jiffies`), and the kernel's random numbers
//! (`statistic --mode random`).

use crate::sys::bindings;

/// `HZ`: jiffies per second (`CONFIG_HZ`; bindgen's `HZ` is the uapi `USER_HZ`).
pub(crate) const HZ: u32 = bindings::CONFIG_HZ;

/// `jiffies` now (`READ_ONCE(jiffies)`), widened to 64 bits.
pub(crate) fn jiffies() -> u64 {
    // SAFETY: `oxt_jiffies` only reads the kernel's global tick counter.
    let j = unsafe { bindings::oxt_jiffies() };
    // CAST: `unsigned long` is at most 64 bits wide.
    j as u64
}

/// `get_random_u32()`: a random number from the kernel's CRNG (callable from any context).
pub(crate) fn random_u32() -> u32 {
    // SAFETY: `get_random_u32` takes no arguments and may be called from any context.
    unsafe { bindings::get_random_u32() }
}
