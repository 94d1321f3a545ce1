// SPDX-License-Identifier: GPL-2.0

//! A spinlock that the packet path and process context share: taken with bottom halves off
//! (`spin_lock_bh`), so a softirq on the same CPU can never find it held by the task it
//! interrupted. The packet path already runs with bottom halves off (a table walk), where
//! disabling them again only nests.

use crate::sys::bindings;
use kernel::{new_spinlock, prelude::*, sync::SpinLock};

/// Bottom halves off on this CPU for as long as the value lives.
///
/// # Invariants
///
/// Exists between an `oxt_local_bh_disable` and the matching `oxt_local_bh_enable` in `drop`,
/// on one task (which cannot migrate meanwhile).
struct BhOff(());

impl BhOff {
    fn new() -> Self {
        // SAFETY: Paired with `oxt_local_bh_enable` in `drop`; callable in process and softirq
        // context (not from a hard interrupt, where none of our code runs).
        unsafe { bindings::oxt_local_bh_disable() };
        // INVARIANT: bottom halves were just disabled.
        BhOff(())
    }
}

impl Drop for BhOff {
    fn drop(&mut self) {
        // SAFETY: By the type invariant bottom halves were disabled by `new` on this task.
        unsafe { bindings::oxt_local_bh_enable() };
    }
}

/// A `T` behind a spinlock taken with bottom halves off.
#[pin_data]
pub(crate) struct BhLock<T> {
    #[pin]
    inner: SpinLock<T>,
}

impl<T> BhLock<T> {
    /// `value` behind a new lock.
    pub(crate) fn new(value: T) -> impl PinInit<Self> {
        pin_init!(Self {
            inner <- new_spinlock!(value, "oxtables_bh_lock"),
        })
    }

    /// Runs `f` with the lock held and bottom halves off (`spin_lock_bh` ... `spin_unlock_bh`).
    /// `f` must not sleep.
    pub(crate) fn lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R
    where
        T: Unpin,
    {
        let _bh = BhOff::new();
        // Dropped before `_bh`: unlock, then bottom halves back on.
        let mut guard = self.inner.lock();
        f(&mut guard)
    }
}
