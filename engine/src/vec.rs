// SPDX-License-Identifier: GPL-2.0

//! The engine's only allocation seam: a growable array whose every allocation is fallible.
//!
//! On the host (`cargo test`, fuzzers, the userspace tool) it is backed by `alloc::vec::Vec`
//! with `try_reserve`; inside the kernel module (`CONFIG_RUST`) by `kernel::alloc::KVVec`, which
//! falls back from `kmalloc` to `vmalloc` for large tables. Nothing else in the engine allocates.

use core::fmt;
use core::ops::{Deref, DerefMut};

#[cfg(CONFIG_RUST)]
use kernel::alloc::flags::{GFP_ATOMIC, GFP_KERNEL_ACCOUNT};

/// An allocation failed (maps to `ENOMEM`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllocError;

#[cfg(not(CONFIG_RUST))]
type Inner<T> = ::alloc::vec::Vec<T>;

#[cfg(CONFIG_RUST)]
type Inner<T> = kernel::alloc::KVVec<T>;

/// A growable array with fallible allocation only.
///
/// Kernel allocations are charged to the caller's memory cgroup (`GFP_KERNEL_ACCOUNT`), as
/// upstream does for tables handed in by userspace.
pub struct OVec<T> {
    inner: Inner<T>,
}

impl<T> OVec<T> {
    /// An empty array; does not allocate.
    pub const fn new() -> Self {
        Self {
            inner: Inner::new(),
        }
    }

    /// An empty array with room for `n` elements.
    pub fn try_with_capacity(n: usize) -> Result<Self, AllocError> {
        #[cfg(not(CONFIG_RUST))]
        {
            let mut inner = Inner::new();
            inner.try_reserve_exact(n).map_err(|_| AllocError)?;
            Ok(Self { inner })
        }
        #[cfg(CONFIG_RUST)]
        {
            Inner::with_capacity(n, GFP_KERNEL_ACCOUNT)
                .map(|inner| Self { inner })
                .map_err(|_| AllocError)
        }
    }

    /// Appends `v`, growing the array if needed.
    pub fn try_push(&mut self, v: T) -> Result<(), AllocError> {
        #[cfg(not(CONFIG_RUST))]
        {
            self.inner.try_reserve(1).map_err(|_| AllocError)?;
            self.inner.push(v);
            Ok(())
        }
        #[cfg(CONFIG_RUST)]
        {
            self.inner
                .push(v, GFP_KERNEL_ACCOUNT)
                .map_err(|_| AllocError)
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.inner.len() == 0
    }

    /// The elements as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.inner
    }

    /// The elements as a mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.inner
    }

    /// An iterator over the elements.
    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.as_slice().iter()
    }
}

impl<T: Clone> OVec<T> {
    /// An array of `n` copies of `v`, allocated at once (a table's preallocated storage).
    pub fn try_filled(v: T, n: usize) -> Result<Self, AllocError> {
        #[cfg(not(CONFIG_RUST))]
        {
            let mut inner = Inner::new();
            inner.try_reserve_exact(n).map_err(|_| AllocError)?;
            inner.resize(n, v);
            Ok(Self { inner })
        }
        #[cfg(CONFIG_RUST)]
        {
            Inner::from_elem(v, n, GFP_KERNEL_ACCOUNT)
                .map(|inner| Self { inner })
                .map_err(|_| AllocError)
        }
    }

    /// [`OVec::try_filled`] from a context that cannot sleep (the packet path, with a spinlock
    /// held): `GFP_ATOMIC`, which may fail where a sleeping allocation would not. Only for
    /// storage upstream allocates per packet too (`hashlimit`'s entries, `kmem_cache_alloc(...,
    /// GFP_ATOMIC)` upstream), in small pieces.
    pub fn try_filled_atomic(v: T, n: usize) -> Result<Self, AllocError> {
        #[cfg(not(CONFIG_RUST))]
        {
            Self::try_filled(v, n)
        }
        #[cfg(CONFIG_RUST)]
        {
            Inner::from_elem(v, n, GFP_ATOMIC)
                .map(|inner| Self { inner })
                .map_err(|_| AllocError)
        }
    }

    /// Appends a copy of every element of `s`.
    pub fn try_extend_from_slice(&mut self, s: &[T]) -> Result<(), AllocError> {
        #[cfg(not(CONFIG_RUST))]
        {
            self.inner.try_reserve(s.len()).map_err(|_| AllocError)?;
            self.inner.extend_from_slice(s);
            Ok(())
        }
        #[cfg(CONFIG_RUST)]
        {
            self.inner
                .extend_from_slice(s, GFP_KERNEL_ACCOUNT)
                .map_err(|_| AllocError)
        }
    }
}

impl<T> Default for OVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for OVec<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for OVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for OVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for OVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for OVec<T> {}

impl<'a, T> IntoIterator for &'a OVec<T> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_and_read_back() {
        let mut v = OVec::try_with_capacity(2).unwrap();
        assert!(v.is_empty());
        v.try_push(1u32).unwrap();
        v.try_push(2).unwrap();
        v.try_push(3).unwrap();
        v.try_extend_from_slice(&[4, 5]).unwrap();
        assert_eq!(v.len(), 5);
        assert_eq!(v.as_slice(), &[1, 2, 3, 4, 5]);
        v.as_mut_slice()[0] = 9;
        assert_eq!(v.iter().copied().sum::<u32>(), 23);
    }

    #[test]
    fn huge_capacity_fails_cleanly() {
        assert_eq!(
            OVec::<u64>::try_with_capacity(usize::MAX / 4).err(),
            Some(AllocError)
        );
    }
}
