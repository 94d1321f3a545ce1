// SPDX-License-Identifier: GPL-2.0

//! `PF_INET` socket options (`nf_register_sockopt`) served by a per-namespace [`NetState`].
//!
//! The handlers are found through the calling socket's namespace, so the same registration
//! serves every namespace, each with its own state.

use crate::sys::{
    bindings,
    pernet::{self, NetState},
};
use core::{marker::PhantomData, ops::Range};
use kernel::{
    error::to_result,
    ffi::{c_int, c_uint, c_void},
    prelude::*,
    types::Opaque,
    uaccess::{UserPtr, UserSlice},
};

/// A socket (`struct sock`) that made a socket-option call.
///
/// # Invariants
///
/// Only made from a pointer to a live socket for the duration of a sockopt callback.
#[repr(transparent)]
pub(crate) struct Sock(Opaque<bindings::sock>);

impl Sock {
    /// Whether the caller has `CAP_NET_ADMIN` in the user namespace that owns the socket's
    /// network namespace (what ip_tables requires for every command).
    pub(crate) fn net_admin(&self) -> bool {
        // SAFETY: By the type invariant the socket is live.
        unsafe { bindings::oxt_sock_net_admin(self.0.get()) }
    }

    /// The socket's network namespace, live for the duration of the callback.
    pub(super) fn net_ptr(&self) -> *mut bindings::net {
        // SAFETY: By the type invariant the socket is live.
        unsafe { bindings::oxt_sock_net(self.0.get()) }
    }

    /// `__kuid_val(make_kuid(net->user_ns, uid))` in the socket's namespace: `u32::MAX`
    /// (`INVALID_UID`) when `uid` is unmapped.
    pub(crate) fn make_kuid(&self, uid: u32) -> u32 {
        // SAFETY: The socket's namespace is live for the callback (type invariant), and with it
        // its user namespace.
        unsafe { bindings::oxt_make_kuid(self.net_ptr(), uid) }
    }

    /// `__kgid_val(make_kgid(net->user_ns, gid))` in the socket's namespace.
    pub(crate) fn make_kgid(&self, gid: u32) -> u32 {
        // SAFETY: As `make_kuid`.
        unsafe { bindings::oxt_make_kgid(self.net_ptr(), gid) }
    }

    /// Whether the calling task's user namespace owns the socket's network namespace
    /// (`current_user_ns() == net->user_ns`).
    pub(crate) fn caller_in_net_user_ns(&self) -> bool {
        // SAFETY: The namespace is live (type invariant); the callback runs in the calling task's
        // process context, whose credentials `current_user_ns()` reads.
        unsafe { bindings::oxt_current_user_ns_is(self.net_ptr()) }
    }
}

/// Whether the current system call comes from a 32-bit task on a 64-bit kernel.
pub(crate) fn in_compat_syscall() -> bool {
    // SAFETY: Only reads the current task's state.
    unsafe { bindings::oxt_in_compat_syscall() }
}

/// `EOPNOTSUPP`, which the kernel crate does not name: what a 32-bit compat caller gets.
pub(crate) fn eopnotsupp() -> Error {
    // CAST: a small positive errno constant.
    Error::from_errno(-(bindings::EOPNOTSUPP as i32))
}

/// The argument of a `setsockopt` call: `len` bytes at a user (or kernel) address.
pub(crate) struct SetArg {
    arg: bindings::sockptr_t,
    len: usize,
}

impl SetArg {
    /// The length the caller passed.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Copies `out.len()` bytes starting at `offset` of the argument into `out`. Fails with
    /// `EINVAL` if that is beyond the length the caller passed, `EFAULT` if the copy faults.
    pub(crate) fn read(&self, offset: usize, out: &mut [u8]) -> Result {
        let end = offset.checked_add(out.len()).ok_or(EINVAL)?;
        if end > self.len {
            return Err(EINVAL);
        }
        // SAFETY: `out` is valid for writing `out.len()` bytes; the helper checks the user range
        // (access_ok) and faults are reported, not taken.
        to_result(unsafe {
            bindings::oxt_copy_from_sockptr(out.as_mut_ptr().cast(), self.arg, offset, out.len())
        })
    }
}

/// The buffer of a `getsockopt` call.
pub(crate) struct GetArg {
    user: *mut c_void,
}

impl GetArg {
    /// A reader/writer for `len` bytes of the caller's buffer.
    pub(crate) fn slice(&self, len: usize) -> UserSlice {
        UserSlice::new(UserPtr::from_ptr(self.user), len)
    }

    /// A reader/writer for `len` bytes of the caller's buffer, from `offset` on.
    pub(crate) fn slice_at(&self, offset: usize, len: usize) -> UserSlice {
        UserSlice::new(UserPtr::from_ptr(self.user).wrapping_byte_add(offset), len)
    }
}

/// A user address outside the sockopt buffer (e.g. the old-counters pointer of `ipt_replace`).
pub(crate) fn user_slice(addr: u64, len: usize) -> Result<UserSlice> {
    let addr = usize::try_from(addr).map_err(|_| EFAULT)?;
    Ok(UserSlice::new(UserPtr::from_addr(addr), len))
}

/// Socket options handled by a per-namespace state.
pub(crate) trait NetSockopt: NetState {
    /// `setsockopt(PF_INET, opt, ...)` for `opt` in the registered set range.
    fn set(&self, sk: &Sock, opt: i32, arg: &SetArg) -> Result<i32>;

    /// `getsockopt(PF_INET, opt, ...)` for `opt` in the registered get range; `len` is the
    /// caller's buffer length (written back to the caller). A non-negative `Ok` is the
    /// system call's return value.
    fn get(&self, sk: &Sock, opt: i32, arg: &GetArg, len: &mut i32) -> Result<i32>;
}

/// # Safety
///
/// Called by netfilter's sockopt core with a live socket whose namespace has our state.
unsafe extern "C" fn set_cb<T: NetSockopt>(
    sk: *mut bindings::sock,
    opt: c_int,
    arg: bindings::sockptr_t,
    len: c_uint,
) -> c_int {
    // SAFETY: `sk` is live for the call, and it holds a reference on its namespace.
    let net = unsafe { bindings::oxt_sock_net(sk) };
    // SAFETY: The sockopt registration is dropped before the pernet registration (field order
    // of the module), and the sockopt core holds a module reference during the call, so the
    // pernet registration exists; the namespace is live (the socket holds it).
    let state = unsafe { pernet::state_of::<T>(net) };
    // SAFETY: `Sock` is a transparent wrapper; the socket is live for the call.
    let sk = unsafe { &*sk.cast::<Sock>() };
    let arg = SetArg {
        arg,
        // CAST: `c_uint` fits in `usize` on every Linux target.
        len: len as usize,
    };
    match state.set(sk, opt, &arg) {
        Ok(v) => v,
        Err(e) => e.to_errno(),
    }
}

/// # Safety
///
/// Called by netfilter's sockopt core with a live socket, a user buffer and a kernel pointer to
/// its length.
unsafe extern "C" fn get_cb<T: NetSockopt>(
    sk: *mut bindings::sock,
    opt: c_int,
    user: *mut c_void,
    len: *mut c_int,
) -> c_int {
    // SAFETY: As in `set_cb`.
    let net = unsafe { bindings::oxt_sock_net(sk) };
    // SAFETY: As in `set_cb`.
    let state = unsafe { pernet::state_of::<T>(net) };
    // SAFETY: As in `set_cb`.
    let sk = unsafe { &*sk.cast::<Sock>() };
    // SAFETY: `len` is a valid kernel pointer for the duration of the call (nf_getsockopt).
    let len = unsafe { &mut *len };
    match state.get(sk, opt, &GetArg { user }, len) {
        Ok(v) => v,
        Err(e) => e.to_errno(),
    }
}

/// A registered `nf_sockopt_ops` for `PF_INET`.
///
/// # Invariants
///
/// `ops` is registered for the lifetime of this object.
#[pin_data(PinnedDrop)]
pub(crate) struct Registration<T: NetSockopt> {
    #[pin]
    ops: Opaque<bindings::nf_sockopt_ops>,
    _t: PhantomData<T>,
}

// SAFETY: Only the sockopt core touches `ops`, under its own lock.
unsafe impl<T: NetSockopt> Send for Registration<T> {}
// SAFETY: As above; `&Registration` gives access to nothing.
unsafe impl<T: NetSockopt> Sync for Registration<T> {}

impl<T: NetSockopt> Registration<T> {
    /// Registers `set` and `get` option ranges (half-open). Fails with `EBUSY` if another
    /// registrant (e.g. ip_tables) overlaps them.
    pub(crate) fn register(
        module: &'static ThisModule,
        set: Range<i32>,
        get: Range<i32>,
    ) -> impl PinInit<Self, Error> {
        try_pin_init!(Self {
            ops <- Opaque::try_ffi_init(move |slot: *mut bindings::nf_sockopt_ops| {
                let ops = bindings::nf_sockopt_ops {
                    // CAST: `PF_INET` is 2.
                    pf: bindings::PF_INET as u8,
                    set_optmin: set.start,
                    set_optmax: set.end,
                    set: Some(set_cb::<T>),
                    get_optmin: get.start,
                    get_optmax: get.end,
                    get: Some(get_cb::<T>),
                    owner: module.as_ptr().cast(),
                    ..Default::default()
                };
                // SAFETY: `slot` is valid for writing.
                unsafe { slot.write(ops) };
                // SAFETY: `slot` is pinned until `drop`, which unregisters it.
                // INVARIANT: registered if this returns `Ok`.
                to_result(unsafe { bindings::nf_register_sockopt(slot) })
            }),
            _t: PhantomData,
        })
    }
}

#[pinned_drop]
impl<T: NetSockopt> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: By the type invariant `ops` is registered.
        unsafe { bindings::nf_unregister_sockopt(self.ops.get()) };
    }
}
