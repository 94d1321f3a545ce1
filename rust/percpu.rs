// SPDX-License-Identifier: GPL-2.0

//! Per-CPU packet and byte counters.

use crate::engine::tables::Counter;
use crate::sys::bindings;
use core::ptr::NonNull;
use kernel::prelude::*;

/// An array of packet/byte counter pairs with one copy per CPU: adding touches only the local
/// CPU's copy (no lock, no shared cache line), reading sums every CPU's copy.
///
/// # Invariants
///
/// `base` is a live per-CPU allocation of `len` zero-initialised `oxt_counter`s, owned by this
/// object and freed when it is dropped.
pub(crate) struct PerCpuCounters {
    base: NonNull<bindings::oxt_counter>,
    len: u32,
}

// SAFETY: The allocation is owned; `add` and `sum` use per-CPU operations that are safe to run
// concurrently from any CPU (each CPU writes only its own copy with `this_cpu_add`).
unsafe impl Send for PerCpuCounters {}
// SAFETY: As above: every method takes `&self` and is safe to call concurrently.
unsafe impl Sync for PerCpuCounters {}

impl PerCpuCounters {
    /// Allocates `len` zeroed counter pairs per CPU.
    pub(crate) fn new(len: u32) -> Result<Self> {
        if len == 0 {
            return Err(EINVAL);
        }
        // SAFETY: The helper may be called with any count (it checks the multiplication).
        let ptr = unsafe { bindings::oxt_counters_alloc(len) };
        // INVARIANT: per-CPU allocations are zeroed; `len` entries were requested.
        Ok(Self {
            base: NonNull::new(ptr.cast()).ok_or(ENOMEM)?,
            len,
        })
    }

    /// Counts one packet of `bytes` bytes in pair `idx` on the local CPU. Out-of-range indices
    /// are ignored.
    pub(crate) fn add(&self, idx: u32, bytes: u64) {
        if idx < self.len {
            // SAFETY: By the type invariant `base` holds `len` pairs and `idx < len`.
            unsafe { bindings::oxt_counter_add(self.base.as_ptr(), idx, bytes) }
        }
    }

    /// Adds `packets` and `bytes` to pair `idx` on the local CPU. Out-of-range indices are
    /// ignored.
    pub(crate) fn add_n(&self, idx: u32, packets: u64, bytes: u64) {
        if idx < self.len {
            // SAFETY: By the type invariant `base` holds `len` pairs and `idx < len`.
            unsafe { bindings::oxt_counter_add_n(self.base.as_ptr(), idx, packets, bytes) }
        }
    }

    /// The sum of pair `idx` over every CPU (zero for an out-of-range index).
    pub(crate) fn sum(&self, idx: u32) -> Counter {
        let mut out = bindings::oxt_counter::default();
        if idx < self.len {
            // SAFETY: By the type invariant `base` holds `len` pairs and `idx < len`; `out` is a
            // valid place to write.
            unsafe { bindings::oxt_counter_sum(self.base.as_ptr(), idx, &mut out) }
        }
        Counter {
            packets: out.pcnt,
            bytes: out.bcnt,
        }
    }
}

impl Drop for PerCpuCounters {
    fn drop(&mut self) {
        // SAFETY: By the type invariant `base` is a live per-CPU allocation owned by `self`.
        unsafe { bindings::free_percpu(self.base.as_ptr().cast()) }
    }
}

#[kernel::macros::kunit_tests(oxtables_percpu)]
mod tests {
    use super::*;

    #[test]
    fn add_and_sum() -> Result {
        let c = PerCpuCounters::new(3)?;
        assert_eq!(c.sum(1), Counter::default());
        c.add(1, 100);
        c.add(1, 60);
        c.add(2, 7);
        // Out of range: ignored, not a memory error.
        c.add(3, 1);
        assert_eq!(
            c.sum(1),
            Counter {
                packets: 2,
                bytes: 160
            }
        );
        assert_eq!(
            c.sum(2),
            Counter {
                packets: 1,
                bytes: 7
            }
        );
        assert_eq!(c.sum(0), Counter::default());
        assert_eq!(c.sum(3), Counter::default());
        Ok(())
    }

    #[test]
    fn empty_is_rejected() {
        assert!(PerCpuCounters::new(0).is_err());
    }
}
