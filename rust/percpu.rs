// SPDX-License-Identifier: GPL-2.0

//! Per-CPU packet and byte counters.

use crate::engine::tables::Counter;
use crate::sys::bindings;
use core::ptr::NonNull;
use kernel::{alloc::KVec, prelude::*};

/// Counter pairs per per-CPU block: 4 KiB of counters per CPU, like x_tables'
/// `XT_PCPU_BLOCK_SIZE`. The per-CPU allocator refuses (and warns about) single allocations
/// larger than its unit size, so a 10,000-rule table cannot have one block for all its rules.
const BLOCK: u32 = 256;

/// An array of packet/byte counter pairs with one copy per CPU: adding touches only the local
/// CPU's copy (no lock, no shared cache line), reading sums every CPU's copy.
///
/// # Invariants
///
/// `blocks[b]` is a live per-CPU allocation of `min(BLOCK, len - b * BLOCK)` zero-initialised
/// `oxt_counter`s, owned by this object and freed when it is dropped; together they hold `len`.
pub(crate) struct PerCpuCounters {
    blocks: KVec<NonNull<bindings::oxt_counter>>,
    len: u32,
}

// SAFETY: The allocations are owned; `add` and `sum` use per-CPU operations that are safe to run
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
        let n = usize::try_from(len.div_ceil(BLOCK))?;
        let mut this = Self {
            blocks: KVec::with_capacity(n, GFP_KERNEL)?,
            len: 0,
        };
        let mut left = len;
        while left > 0 {
            let k = left.min(BLOCK);
            // SAFETY: The helper may be called with any count (it checks the multiplication).
            let ptr = unsafe { bindings::oxt_counters_alloc(k) };
            // On failure `this` frees the blocks made so far.
            let block = NonNull::new(ptr).ok_or(ENOMEM)?;
            this.blocks.push(block, GFP_KERNEL)?;
            left -= k;
            // INVARIANT: the block holds `k` zeroed pairs; `len` counts what the blocks hold.
            this.len += k;
        }
        Ok(this)
    }

    /// The block holding pair `idx` and the index inside it, if `idx < len`.
    fn locate(&self, idx: u32) -> Option<(*mut bindings::oxt_counter, u32)> {
        if idx >= self.len {
            return None;
        }
        let block = self.blocks.get(usize::try_from(idx / BLOCK).ok()?)?;
        Some((block.as_ptr(), idx % BLOCK))
    }

    /// Counts one packet of `bytes` bytes in pair `idx` on the local CPU. Out-of-range indices
    /// are ignored.
    pub(crate) fn add(&self, idx: u32, bytes: u64) {
        if let Some((block, i)) = self.locate(idx) {
            // SAFETY: By the type invariant the block holds more than `i` pairs (`idx < len`).
            unsafe { bindings::oxt_counter_add(block, i, bytes) }
        }
    }

    /// Adds `packets` and `bytes` to pair `idx` on the local CPU. Out-of-range indices are
    /// ignored.
    pub(crate) fn add_n(&self, idx: u32, packets: u64, bytes: u64) {
        if let Some((block, i)) = self.locate(idx) {
            // SAFETY: By the type invariant the block holds more than `i` pairs.
            unsafe { bindings::oxt_counter_add_n(block, i, packets, bytes) }
        }
    }

    /// The sum of pair `idx` over every CPU (zero for an out-of-range index).
    pub(crate) fn sum(&self, idx: u32) -> Counter {
        let mut out = bindings::oxt_counter::default();
        if let Some((block, i)) = self.locate(idx) {
            // SAFETY: By the type invariant the block holds more than `i` pairs; `out` is a valid
            // place to write.
            unsafe { bindings::oxt_counter_sum(block, i, &mut out) }
        }
        Counter {
            packets: out.pcnt,
            bytes: out.bcnt,
        }
    }
}

impl Drop for PerCpuCounters {
    fn drop(&mut self) {
        for block in self.blocks.iter() {
            // SAFETY: By the type invariant each block is a live per-CPU allocation owned by
            // `self`, freed only here.
            unsafe { bindings::free_percpu(block.as_ptr().cast()) }
        }
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
    fn large_arrays_span_blocks() -> Result {
        // More than the per-CPU allocator's unit size in one piece.
        let n = 10 * BLOCK + 3;
        let c = PerCpuCounters::new(n)?;
        for i in [0, BLOCK - 1, BLOCK, 5 * BLOCK + 7, n - 1] {
            c.add(i, u64::from(i) + 1);
            assert_eq!(c.sum(i).packets, 1);
            assert_eq!(c.sum(i).bytes, u64::from(i) + 1);
        }
        assert_eq!(c.sum(1).packets, 0);
        c.add(n, 1);
        assert_eq!(c.sum(n), Counter::default());
        Ok(())
    }

    #[test]
    fn empty_is_rejected() {
        assert!(PerCpuCounters::new(0).is_err());
    }
}
