// SPDX-License-Identifier: GPL-2.0

//! The live ruleset of a table: read by the packet path without locks, replaced atomically by
//! writers, and freed only once no CPU can still be reading it — without waiting for an RCU grace
//! period per replace.
//!
//! This is x_tables' protocol (`xt_replace_table`): a reader marks its CPU as inside a walk with
//! a per-CPU sequence (odd while inside), then loads the table pointer; a writer publishes the
//! new pointer, then waits, CPU by CPU, until every sequence that was odd has moved on. After
//! that no reader can hold the old pointer, and the writer owns it again.

use crate::sys::bindings;
use core::{
    cell::UnsafeCell,
    sync::atomic::{AtomicPtr, Ordering},
};
use kernel::{alloc::KVec, new_mutex, prelude::*, sync::Mutex};

/// How deep walks may nest on one CPU (`OXT_WALK_NEST`): a target that emits a packet (REJECT's
/// reset or ICMP error) sends it through OUTPUT and POSTROUTING, whose walks begin on the same CPU
/// before the walk that emitted it has returned. A walk nested deeper gets no scratch state.
pub(crate) const WALK_NEST: u32 = bindings::OXT_WALK_NEST;

/// The reader's side of a walk: proof that BHs are off and this CPU is marked as inside a walk.
///
/// # Invariants
///
/// Exists only between `oxt_recseq_begin` and `oxt_recseq_end` on the CPU `cpu`; `depth` is the
/// number of walks the CPU was already inside when this one began. Walks on a CPU nest (a nested
/// walk begins and ends inside a synchronous call made by the walk around it), so at most one
/// live walk has a given depth on a given CPU.
pub(crate) struct Walk {
    cpu: u32,
    depth: u32,
}

/// An owned value that the packet path reads and writers replace (see the module docs).
///
/// # Invariants
///
/// `ptr` always points to a live `T` obtained from `KBox::into_raw` and owned by this object.
/// It is only replaced while `lock` is held.
#[pin_data(PinnedDrop)]
pub(crate) struct Live<T> {
    ptr: AtomicPtr<T>,
    #[pin]
    lock: Mutex<()>,
}

// SAFETY: `Live<T>` owns a `T` and hands out `&T` to several threads; it moves `T` between threads
// only as a `KBox<T>` returned from `replace`.
unsafe impl<T: Send + Sync> Send for Live<T> {}
// SAFETY: Concurrent readers only get `&T` (so `T: Sync`); replacement is serialised by `lock`.
unsafe impl<T: Send + Sync> Sync for Live<T> {}

impl<T: Send + Sync> Live<T> {
    /// A live value, initially `value`.
    pub(crate) fn new(value: KBox<T>) -> impl PinInit<Self> {
        pin_init!(Self {
            // INVARIANT: from `KBox::into_raw`.
            ptr: AtomicPtr::new(KBox::into_raw(value)),
            lock <- new_mutex!(()),
        })
    }

    /// The packet path: runs `f` on the current value with BHs off and this CPU marked as
    /// inside a walk. A writer that replaces the value meanwhile waits for `f` to return before
    /// taking the old value back.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&T, &mut Walk) -> R) -> R {
        let mut depth = 0u32;
        // SAFETY: Paired with `oxt_recseq_end` below on the same CPU (BHs are off in between, so
        // the task cannot migrate); `depth` is valid for writing.
        let addend = unsafe { bindings::oxt_recseq_begin(&mut depth) };
        // INVARIANT: between begin and end, on this CPU, at the depth the CPU's counter gave.
        let mut walk = Walk {
            // SAFETY: BHs are off: the CPU cannot change.
            cpu: unsafe { bindings::oxt_smp_processor_id() },
            depth,
        };
        // The acquire load pairs with the release store in `replace`: the value is fully
        // initialised when we see its pointer.
        let ptr = self.ptr.load(Ordering::Acquire);
        // SAFETY: By the type invariant `ptr` is live; it cannot be freed before we end the walk
        // (a writer waits for this CPU's sequence to move on after publishing a replacement).
        let r = f(unsafe { &*ptr }, &mut walk);
        // SAFETY: Ends the walk begun above, on the same CPU.
        unsafe { bindings::oxt_recseq_end(addend) };
        r
    }

    /// Takes the writers' lock.
    pub(crate) fn lock(&self) -> LiveGuard<'_, T> {
        LiveGuard {
            live: self,
            _guard: self.lock.lock(),
        }
    }
}

#[pinned_drop]
impl<T> PinnedDrop for Live<T> {
    fn drop(self: Pin<&mut Self>) {
        let ptr = self.ptr.load(Ordering::Acquire);
        // SAFETY: By the type invariant `ptr` came from `KBox::into_raw` and is owned by us; with
        // `&mut self` no reader can be inside `read`.
        drop(unsafe { KBox::from_raw(ptr) });
    }
}

/// The writers' view of a [`Live`] value, holding its lock.
pub(crate) struct LiveGuard<'a, T> {
    live: &'a Live<T>,
    _guard: kernel::sync::lock::Guard<'a, (), kernel::sync::lock::mutex::MutexBackend>,
}

impl<T: Send + Sync> LiveGuard<'_, T> {
    /// The current value. It cannot be replaced while the guard is held.
    pub(crate) fn current(&self) -> &T {
        let ptr = self.live.ptr.load(Ordering::Acquire);
        // SAFETY: By the invariant of `Live`, `ptr` is live; only lock holders replace it, and we
        // hold the lock for as long as the returned borrow (tied to `&self`) lives.
        unsafe { &*ptr }
    }

    /// Publishes `new` atomically (a packet sees the old value or the new one, never a mix) and
    /// returns the old value once no CPU can still be reading it.
    pub(crate) fn replace(&mut self, new: KBox<T>) -> KBox<T> {
        // The release store makes `new` visible before its pointer.
        // INVARIANT: `new` comes from `KBox::into_raw`; we hold the lock.
        let old = self.live.ptr.swap(KBox::into_raw(new), Ordering::AcqRel);
        // SAFETY: Only waits; callable from process context, which holding a mutex implies.
        unsafe { bindings::oxt_recseq_wait() };
        // SAFETY: `old` came from `KBox::into_raw` and was owned by `Live`; it is no longer
        // published, and every CPU that could have loaded it has ended its walk.
        unsafe { KBox::from_raw(old) }
    }
}

/// One `T` per possible CPU and walk depth, for scratch state of the packet path (such as the
/// jump stack), reached through a [`Walk`].
///
/// # Invariants
///
/// `items` has [`WALK_NEST`] entries per possible CPU id (`nr_cpu_ids`): the entry of CPU `c` at
/// depth `d` is at `c * WALK_NEST + d`.
pub(crate) struct PerCpu<T> {
    items: KVec<UnsafeCell<T>>,
}

// SAFETY: Each walk only touches the entry of its CPU and depth (see `get_mut`); entries may be
// created on one thread and used on others.
unsafe impl<T: Send> Send for PerCpu<T> {}
// SAFETY: Shared access only hands out the entry of the current CPU at the current walk's depth,
// with BHs off, and at most one live walk has that depth on that CPU, so no two `&mut T` to one
// entry exist at once.
unsafe impl<T: Send> Sync for PerCpu<T> {}

impl<T> PerCpu<T> {
    /// One value per possible CPU and walk depth, made by `make`.
    pub(crate) fn new(mut make: impl FnMut() -> Result<T>) -> Result<Self> {
        // SAFETY: Reads a boot-time constant.
        let cpus = unsafe { bindings::oxt_nr_cpu_ids() };
        let n = usize::try_from(cpus.checked_mul(WALK_NEST).ok_or(ENOMEM)?)?;
        let mut items = KVec::with_capacity(n, GFP_KERNEL)?;
        for _ in 0..n {
            items.push(UnsafeCell::new(make()?), GFP_KERNEL)?;
        }
        // INVARIANT: `WALK_NEST` entries per CPU.
        Ok(Self { items })
    }

    /// The value of the current CPU at the walk's depth, or `None` for a walk nested deeper
    /// than [`WALK_NEST`].
    pub(crate) fn get_mut<'a>(&'a self, walk: &'a mut Walk) -> Option<&'a mut T> {
        if walk.depth >= WALK_NEST {
            return None;
        }
        // NO-OVERFLOW: `cpu < nr_cpu_ids` and `cpu * WALK_NEST + depth` is below the length,
        // which `new` computed with a checked multiplication.
        let at = walk.cpu.checked_mul(WALK_NEST)?.checked_add(walk.depth)?;
        let cell = self.items.get(usize::try_from(at).ok()?)?;
        // SAFETY: BHs are off and this is the only live walk at this depth on this CPU (walks
        // nest, see `Walk`): any other walk using this `PerCpu` on this CPU has another depth and
        // thus another entry. `walk` is borrowed mutably for as long as the result lives, so this
        // walk cannot take a second reference.
        Some(unsafe { &mut *cell.get() })
    }
}
