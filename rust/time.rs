// SPDX-License-Identifier: GPL-2.0

//! Time as the extensions count it (`HZ` and `jiffies`, the wall clock and the kernel's
//! timezone), and the kernel's random numbers (`statistic --mode random`).

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

/// `totalram_pages()`: the pages of RAM the kernel manages (`hashlimit`'s default size).
pub(crate) fn totalram_pages() -> u64 {
    // SAFETY: `oxt_totalram_pages` only reads a global counter (any context).
    let n = unsafe { bindings::oxt_totalram_pages() };
    // CAST: `unsigned long` is at most 64 bits wide.
    n as u64
}

/// `get_random_u32()`: a random number from the kernel's CRNG (callable from any context).
pub(crate) fn random_u32() -> u32 {
    // SAFETY: `get_random_u32` takes no arguments and may be called from any context.
    unsafe { bindings::get_random_u32() }
}

/// `raw_smp_processor_id()`: the CPU running the caller (a hint: the caller may move).
pub(crate) fn cpu_id() -> u32 {
    // SAFETY: `oxt_raw_smp_processor_id` only reads the current CPU's number (any context).
    unsafe { bindings::oxt_raw_smp_processor_id() }
}

/// `ktime_get_real_seconds()`: the wall clock, in seconds since the epoch (any context).
pub(crate) fn real_seconds() -> i64 {
    // SAFETY: `oxt_real_seconds` only reads the timekeeper (lockless, any context).
    unsafe { bindings::oxt_real_seconds() }
}

/// `sys_tz.tz_minuteswest`: the kernel's timezone, minutes west of UTC.
pub(crate) fn tz_minuteswest() -> i32 {
    // SAFETY: `oxt_tz_minuteswest` only reads the global `sys_tz`.
    unsafe { bindings::oxt_tz_minuteswest() }
}
