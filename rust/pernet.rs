// SPDX-License-Identifier: GPL-2.0

//! Per-network-namespace state with netfilter hooks and a `/proc/net` file in every namespace.
//!
//! A [`Registration<T>`] registers a `pernet_operations` whose storage (`net_generic`) holds, for
//! each namespace, one `T` plus the `nf_hook_ops` pointing at it. In every namespace, existing
//! or created later, it:
//!
//! 1. builds `T` with [`NetState::new`] in place (it never moves afterwards),
//! 2. creates its `/proc/net` files ([`NetState::PROC_FILES`]),
//! 3. registers [`NetState::HOOKS`], each calling [`NetState::hook`] with its tag.
//!
//! Teardown is the mirror image, split the way the kernel asks (`pre_exit` / `exit`, with an RCU
//! grace period between them guaranteed by the namespace core): `pre_exit` unhooks and removes
//! the proc file (which waits for its readers), `exit` drops `T` once no packet can still be
//! inside a hook function. This runs when a namespace goes away and, for every namespace, when
//! the registration is dropped (module unload).

use crate::engine::tables::Hook;
use crate::engine::tables::Verdict;
use crate::sys::{
    bindings,
    netfilter::{hook_to_raw, verdict_to_raw, HookSpec, HookState, SkBuff},
};
use core::{ffi::c_void, marker::PhantomData, mem, ptr};
use kernel::{
    error::to_result, ffi::c_int, ffi::c_uint, prelude::*, seq_file::SeqFile, str::CStr,
    types::Opaque,
};

/// The most hooks one [`NetState`] may register.
pub(crate) const MAX_HOOKS: usize = 16;

/// The namespace-storage identifier the kernel assigns to a pernet registration.
///
/// Each [`NetState`] type owns one, in a `static` (see [`NetState::id`]); the kernel writes it
/// when the registration is made.
pub(crate) struct PernetId(Opaque<c_uint>);

// SAFETY: The kernel writes the id once, in `register_pernet_subsys`, before any callback that
// reads it can run (the write and the reads are ordered by `pernet_ops_rwsem`); afterwards it is
// only read.
unsafe impl Sync for PernetId {}

impl PernetId {
    /// A not-yet-assigned identifier.
    pub(crate) const fn new() -> Self {
        Self(Opaque::zeroed())
    }

    fn get(&self) -> c_uint {
        // SAFETY: The cell is always initialised (zeroed, then written by the kernel before any
        // reader runs; see the `Sync` impl).
        unsafe { *self.0.get() }
    }
}

impl Default for PernetId {
    fn default() -> Self {
        Self::new()
    }
}

/// State kept in every network namespace, with the netfilter hooks that use it.
pub(crate) trait NetState: Sized + Send + Sync + 'static {
    /// The hooks registered in every namespace.
    const HOOKS: &'static [HookSpec];

    /// The files created in every namespace's `/proc/net` (at most [`MAX_PROC`]).
    const PROC_FILES: &'static [ProcFile<Self>];

    /// This type's namespace-storage identifier (one `static` per type).
    fn id() -> &'static PernetId;

    /// Builds the state of the namespace `net` (being set up), in place.
    fn new(net: NetInit) -> impl PinInit<Self, Error>;

    /// Decides the fate of `skb` at `hook`, for the hook registered with `tag`.
    fn hook(&self, tag: u32, hook: Hook, skb: &SkBuff, state: &HookState) -> Verdict;

    /// A device of the namespace registered, unregistered or changed its name (the netdevice
    /// notifier, under RTNL, in process context). Nothing by default.
    fn netdev_event(&self, _event: &NetdevEvent) {}
}

/// What happened to a device, as [`NetState::netdev_event`] is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NetdevKind {
    /// `NETDEV_REGISTER` (also for every existing device when the notifier is registered, and
    /// for a device moved into the namespace).
    Register,
    /// `NETDEV_UNREGISTER` (also for a device moved out of the namespace).
    Unregister,
    /// `NETDEV_CHANGENAME`: `name` is the new name.
    ChangeName,
}

/// One netdevice notifier event of a namespace's device.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NetdevEvent {
    /// What happened.
    pub(crate) kind: NetdevKind,
    /// `dev->ifindex`.
    pub(crate) ifindex: i32,
    /// `dev->name`, NUL-padded.
    pub(crate) name: [u8; 16],
}

/// A namespace being set up, as [`NetState::new`] sees it: what its state may register in it.
///
/// # Invariants
///
/// `net` is a namespace inside its pernet `init`, which outlives the value (it is only handed to
/// [`NetState::new`], whose initialiser runs inside `init`).
#[derive(Clone, Copy)]
pub(crate) struct NetInit {
    net: *mut bindings::net,
}

impl NetInit {
    /// The namespace's `/proc/net` directory.
    pub(super) fn proc_dir(&self) -> *mut bindings::proc_dir_entry {
        // SAFETY: By the type invariant the namespace is live (being set up).
        unsafe { bindings::oxt_net_proc_dir(self.net) }
    }
}

/// The most `/proc/net` files one [`NetState`] may create.
pub(crate) const MAX_PROC: usize = 4;

/// A read-only file in every namespace's `/proc/net`.
pub(crate) struct ProcFile<T> {
    /// The file name.
    pub(crate) name: &'static CStr,
    /// Writes the file's contents.
    pub(crate) show: fn(&T, &SeqFile),
    /// Whether to create it at all (read when a namespace is set up).
    pub(crate) enabled: fn() -> bool,
    /// Whether failing to create it fails the namespace. An optional file whose name is taken
    /// (e.g. `ip_tables_names` while x_tables is loaded) is skipped.
    pub(crate) required: bool,
}

/// What a hook's `priv` points at: the namespace's state and the hook's tag.
struct OpCtx<T> {
    state: *const T,
    tag: u32,
}

/// The per-namespace storage: `data` and the hook registrations that point into it.
///
/// # Invariants
///
/// Between `init_cb` returning success and `exit_cb`, `data` is initialised, the first
/// `T::HOOKS.len()` `ops` are registered with `priv` pointing at the matching `ctx`, and each
/// `ctx.state` points at `data`.
struct Slot<T> {
    data: T,
    ops: [bindings::nf_hook_ops; MAX_HOOKS],
    ctx: [OpCtx<T>; MAX_HOOKS],
    /// Which of `T::PROC_FILES` were created (and so must be removed).
    proc_made: [bool; MAX_PROC],
}

impl<T: NetState> Slot<T> {
    const CHECKS: () = {
        assert!(T::HOOKS.len() <= MAX_HOOKS, "too many hooks");
        assert!(T::PROC_FILES.len() <= MAX_PROC, "too many proc files");
        // `net_generic` storage comes from kzalloc, aligned to at least 8.
        assert!(
            mem::align_of::<Slot<T>>() <= 8,
            "state needs more alignment than kzalloc's"
        );
    };

    /// The slot of namespace `net`.
    ///
    /// # Safety
    ///
    /// `net` must be a live namespace and a [`Registration<T>`] must be registered.
    unsafe fn of(net: *const bindings::net) -> *mut Slot<T> {
        // SAFETY: Per the caller, the registration (and so the storage id) exists and `net` is
        // live.
        unsafe { bindings::oxt_net_generic(net, T::id().get()) }.cast()
    }
}

/// # Safety
///
/// Called by the namespace core with a namespace being set up; `Slot<T>` storage is zeroed.
unsafe extern "C" fn init_cb<T: NetState>(net: *mut bindings::net) -> c_int {
    let () = Slot::<T>::CHECKS;
    // SAFETY: Our registration exists (the core is calling it) and `net` is being set up.
    let slot = unsafe { Slot::<T>::of(net) };
    // INVARIANT: `net` is being set up, and the initialiser runs now, inside `init`.
    let init = T::new(NetInit { net });
    // SAFETY: `slot` is this namespace's storage, sized and aligned for `Slot<T>` (checked
    // above), not yet initialised, and it never moves: `data` is pinned there until `exit_cb`.
    if let Err(e) = unsafe { init.__pinned_init(&raw mut (*slot).data) } {
        return e.to_errno();
    }

    for (i, file) in T::PROC_FILES.iter().enumerate() {
        if !(file.enabled)() {
            continue;
        }
        // SAFETY: The name is a NUL-terminated string; the proc directory belongs to `net`;
        // `show_cb::<T, i>` finds `T` through the namespace of the open file.
        let pde = unsafe {
            bindings::proc_create_net_single(
                file.name.as_char_ptr(),
                0o444,
                bindings::oxt_net_proc_dir(net),
                show_fn::<T>(i),
                ptr::null_mut(),
            )
        };
        // SAFETY: `i < MAX_PROC` (checked above); the storage is ours.
        unsafe { (*slot).proc_made[i] = !pde.is_null() };
        if pde.is_null() && file.required {
            // SAFETY: Removes what was created so far (waiting for readers), then nothing
            // refers to `data`.
            unsafe {
                remove_proc_files::<T>(net, slot);
                ptr::drop_in_place(&raw mut (*slot).data);
            }
            return ENOMEM.to_errno();
        }
    }

    for (i, spec) in T::HOOKS.iter().enumerate() {
        // SAFETY: `i < MAX_HOOKS` (checked above); the storage is ours and zeroed, which is a
        // valid `nf_hook_ops` to fill in.
        unsafe {
            let ctx = &raw mut (*slot).ctx[i];
            ctx.write(OpCtx {
                state: &raw const (*slot).data,
                tag: spec.tag,
            });
            let ops = &raw mut (*slot).ops[i];
            (*ops).hook = Some(hook_cb::<T>);
            (*ops).pf = bindings::NFPROTO_IPV4 as u8;
            (*ops).hooknum = hook_to_raw(spec.hook);
            (*ops).priority = spec.priority;
            (*ops).priv_ = ctx.cast::<c_void>();
        }
    }
    for i in 0..T::HOOKS.len() {
        // SAFETY: Op `i` is filled in and lives as long as the namespace's storage, which
        // outlives its registration (unregistered in `pre_exit_cb` or just below).
        let ret = unsafe { register_op::<T>(net, slot, i) };
        if ret != 0 {
            // SAFETY: Ops `0..i` are registered; unregistering them and removing the proc
            // entries (waiting for their readers) leaves nothing referring to `data`, and the
            // namespace core waits for a grace period before freeing the storage.
            unsafe {
                for j in (0..i).rev() {
                    unregister_op::<T>(net, slot, j);
                }
                remove_proc_files::<T>(net, slot);
                bindings::oxt_synchronize_net();
                ptr::drop_in_place(&raw mut (*slot).data);
            }
            return ret;
        }
    }
    // INVARIANT: `data` initialised, hooks registered pointing at it.
    0
}

/// # Safety
///
/// Called by the namespace core for a namespace whose `init_cb` succeeded.
unsafe extern "C" fn pre_exit_cb<T: NetState>(net: *mut bindings::net) {
    // SAFETY: The registration exists and `net` is live (it is being dismantled).
    let slot = unsafe { Slot::<T>::of(net) };
    // SAFETY: By the invariant of `Slot`, the first `T::HOOKS.len()` ops and the proc entries
    // are registered. After this no new packet enters our hooks and no reader has a proc file
    // open.
    unsafe {
        remove_proc_files::<T>(net, slot);
        for i in (0..T::HOOKS.len()).rev() {
            unregister_op::<T>(net, slot, i);
        }
    }
}

/// Registers op `i` of `slot`: with the NAT core for a nat hook, as a plain hook otherwise.
///
/// # Safety
///
/// `slot` is `net`'s storage with op `i < T::HOOKS.len()` filled in by `init_cb`, not yet
/// registered; it stays in place until unregistered with [`unregister_op`].
unsafe fn register_op<T: NetState>(net: *mut bindings::net, slot: *mut Slot<T>, i: usize) -> c_int {
    let nat = T::HOOKS.get(i).is_some_and(|h| h.nat);
    // SAFETY: Per the caller, `i < MAX_HOOKS` and the op is filled in.
    let ops = unsafe { &raw const (*slot).ops[i] };
    if nat {
        // SAFETY: `ops` is a filled-in IPv4 op at a NAT hook, valid until unregistered.
        unsafe { bindings::oxt_nat_register_fn(net, ops) }
    } else {
        // SAFETY: As above, a plain hook.
        unsafe { bindings::oxt_register_hook(net, ops) }
    }
}

/// Unregisters op `i` of `slot`, registered by [`register_op`].
///
/// # Safety
///
/// Op `i` of `net`'s `slot` is registered.
unsafe fn unregister_op<T: NetState>(net: *mut bindings::net, slot: *mut Slot<T>, i: usize) {
    let nat = T::HOOKS.get(i).is_some_and(|h| h.nat);
    // SAFETY: Per the caller, `i < MAX_HOOKS` and the op is registered.
    let ops = unsafe { &raw const (*slot).ops[i] };
    if nat {
        // SAFETY: Registered with the NAT core by `register_op`.
        unsafe { bindings::oxt_nat_unregister_fn(net, ops) }
    } else {
        // SAFETY: Registered as a plain hook by `register_op`.
        unsafe { bindings::oxt_unregister_hook(net, ops) }
    }
}

/// # Safety
///
/// Called by the namespace core after `pre_exit_cb` and an RCU grace period.
unsafe extern "C" fn exit_cb<T: NetState>(net: *mut bindings::net) {
    // SAFETY: The registration exists and `net` is live until its storage is freed after us.
    let slot = unsafe { Slot::<T>::of(net) };
    // SAFETY: `data` is initialised (invariant of `Slot`); the hooks were unregistered in
    // `pre_exit_cb` and a grace period has passed, so no hook function still runs with a
    // pointer to it, and the proc file is gone. The kernel frees the storage after this.
    unsafe { ptr::drop_in_place(&raw mut (*slot).data) };
}

/// # Safety
///
/// Called by netfilter with the `priv` of one of our registered ops, a live packet and state.
unsafe extern "C" fn hook_cb<T: NetState>(
    priv_: *mut c_void,
    skb: *mut bindings::sk_buff,
    state: *const bindings::nf_hook_state,
) -> c_uint {
    // SAFETY: `priv_` is the `ctx` entry set in `init_cb`; the storage outlives every call of the
    // hook function (unregistered in `pre_exit_cb`, freed after a grace period).
    let ctx = unsafe { &*priv_.cast::<OpCtx<T>>() };
    // SAFETY: `ctx.state` points at the initialised `data` (invariant of `Slot`), which is only
    // dropped after a grace period following unregistration.
    let data = unsafe { &*ctx.state };
    // SAFETY: Netfilter passes a valid hook state for the duration of the call.
    let hooknum = unsafe { (*state).hook };
    let Some(hook) = Hook::from_index(c_uint::from(hooknum)) else {
        return bindings::NF_ACCEPT;
    };
    // SAFETY: Netfilter hands us a live `sk_buff` for the duration of the call.
    let skb = unsafe { SkBuff::from_raw(skb) };
    // SAFETY: Netfilter passes a valid hook state for the duration of the call.
    let state = unsafe { HookState::from_raw(state) };
    verdict_to_raw(data.hook(ctx.tag, hook, skb, state))
}

/// Removes the `/proc/net` files of `T` that `init_cb` created in `net`.
///
/// # Safety
///
/// `slot` is `net`'s storage with `proc_made` filled in by `init_cb`. Waits for readers.
unsafe fn remove_proc_files<T: NetState>(net: *mut bindings::net, slot: *mut Slot<T>) {
    for (i, file) in T::PROC_FILES.iter().enumerate() {
        // SAFETY: `i < MAX_PROC`; per the caller `proc_made` says what exists.
        if unsafe { (*slot).proc_made[i] } {
            // SAFETY: The entry exists in this namespace's proc directory under this name.
            unsafe {
                bindings::remove_proc_entry(
                    file.name.as_char_ptr(),
                    bindings::oxt_net_proc_dir(net),
                );
                (*slot).proc_made[i] = false;
            }
        }
    }
}

/// The `show` callback for file `i` of `T::PROC_FILES`.
fn show_fn<T: NetState>(
    i: usize,
) -> Option<unsafe extern "C" fn(*mut bindings::seq_file, *mut c_void) -> c_int> {
    match i {
        0 => Some(show_cb::<T, 0>),
        1 => Some(show_cb::<T, 1>),
        2 => Some(show_cb::<T, 2>),
        3 => Some(show_cb::<T, 3>),
        _ => None,
    }
}

/// # Safety
///
/// Called by the proc core for file `I` created in `init_cb`, with its `seq_file`.
unsafe extern "C" fn show_cb<T: NetState, const I: usize>(
    m: *mut bindings::seq_file,
    _v: *mut c_void,
) -> c_int {
    // SAFETY: The file was made by `proc_create_net_single`, so the seq_file's private data is the
    // namespace, which the open file holds a reference to.
    let net = unsafe { bindings::oxt_seq_file_single_net(m) };
    // SAFETY: The proc entry exists only while `data` is initialised: it is removed (waiting for
    // readers such as this one) before `data` is dropped.
    let data = unsafe { &(*Slot::<T>::of(net)).data };
    // SAFETY: `m` is a valid seq_file for the duration of the call; the types are the same C
    // struct seen through two bindgen runs.
    let seq = unsafe { SeqFile::from_raw(m.cast()) };
    if let Some(file) = T::PROC_FILES.get(I) {
        (file.show)(data, seq);
    }
    0
}

/// The state of namespace `net`.
///
/// # Safety
///
/// A [`Registration<T>`] must exist and stay registered, and `net` must stay live and past its
/// `init_cb`, for `'a`. Callbacks that the registration's teardown waits for (sockopt handlers
/// holding a module reference and a socket in `net`) satisfy this.
pub(crate) unsafe fn state_of<'a, T: NetState>(net: *const bindings::net) -> &'a T {
    // SAFETY: Per the caller, the storage exists and `data` is initialised for `'a`.
    unsafe { &(*Slot::<T>::of(net)).data }
}

/// A registered `pernet_operations` for [`NetState`] `T`, and a netdevice notifier that passes
/// the events of each namespace's devices to its `T` ([`NetState::netdev_event`]). Dropping it
/// unregisters the notifier, then tears `T` down in every namespace.
///
/// # Invariants
///
/// `ops` is registered with the namespace core, and then `nb` as a netdevice notifier, for the
/// lifetime of this object.
#[pin_data(PinnedDrop)]
pub(crate) struct Registration<T: NetState> {
    #[pin]
    ops: Opaque<bindings::pernet_operations>,
    #[pin]
    nb: Opaque<bindings::notifier_block>,
    _t: PhantomData<T>,
}

// SAFETY: The registration is only touched by the namespace core and the notifier chain, which
// serialise their use; `T` itself is `Send + Sync`.
unsafe impl<T: NetState> Send for Registration<T> {}
// SAFETY: As above; `&Registration` gives access to nothing.
unsafe impl<T: NetState> Sync for Registration<T> {}

impl<T: NetState> Registration<T> {
    /// Registers `T` in every current and future network namespace, then the notifier.
    pub(crate) fn register() -> impl PinInit<Self, Error> {
        let init = move |this: *mut Self| -> Result {
            // SAFETY: `this` points at storage for `Self` that stays pinned (never moved until
            // `drop`, which unregisters both); the fields are written before they are
            // registered.
            unsafe {
                let ops = Opaque::cast_into(&raw const (*this).ops);
                ops.write(bindings::pernet_operations {
                    init: Some(init_cb::<T>),
                    pre_exit: Some(pre_exit_cb::<T>),
                    exit: Some(exit_cb::<T>),
                    id: T::id().0.get(),
                    size: mem::size_of::<Slot<T>>(),
                    ..Default::default()
                });
                // `T::id()` is a `'static` cell for the kernel to write.
                to_result(bindings::register_pernet_subsys(ops))?;
                let nb = Opaque::cast_into(&raw const (*this).nb);
                nb.write(bindings::notifier_block {
                    notifier_call: Some(netdev_cb::<T>),
                    ..Default::default()
                });
                // After the namespaces' state exists: the registration replays
                // `NETDEV_REGISTER` for every device of every namespace.
                if let Err(e) = to_result(bindings::oxt_register_netdevice_notifier(nb)) {
                    bindings::unregister_pernet_subsys(ops);
                    return Err(e);
                }
                (&raw mut (*this)._t).write(PhantomData);
            }
            // INVARIANT: both registered.
            Ok(())
        };
        // SAFETY: On `Ok` every field is initialised (written above); on `Err` nothing is left
        // registered and the storage may be reused.
        unsafe { pin_init::pin_init_from_closure(init) }
    }
}

#[pinned_drop]
impl<T: NetState> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: By the type invariant both are registered. The notifier goes first (waiting
        // for running calls, under RTNL), so no event reaches a `T` being dropped; then
        // `pre_exit_cb` and `exit_cb` run for every namespace before this returns.
        unsafe {
            bindings::oxt_unregister_netdevice_notifier(self.nb.get());
            bindings::unregister_pernet_subsys(self.ops.get());
        }
    }
}

/// `NOTIFY_DONE`.
const NOTIFY_DONE: c_int = 0;

/// # Safety
///
/// Called by the netdevice notifier chain (under RTNL) with an event and its
/// `netdev_notifier_info`, for the notifier of a live [`Registration<T>`].
unsafe extern "C" fn netdev_cb<T: NetState>(
    _nb: *mut bindings::notifier_block,
    event: kernel::ffi::c_ulong,
    ptr: *mut c_void,
) -> c_int {
    let mut net: *mut bindings::net = ptr::null_mut();
    let mut ifindex: c_int = 0;
    let mut name = [0u8; 16];
    // SAFETY: `ptr` is the chain's `netdev_notifier_info` for `event`; the outputs are valid for
    // writing (`name` has `IFNAMSIZ` bytes).
    let kind = unsafe {
        bindings::oxt_netdev_event_info(
            event,
            ptr,
            &mut net,
            &mut ifindex,
            name.as_mut_ptr().cast(),
        )
    };
    let kind = match kind {
        bindings::OXT_NETDEV_REGISTER => NetdevKind::Register,
        bindings::OXT_NETDEV_UNREGISTER => NetdevKind::Unregister,
        bindings::OXT_NETDEV_CHANGENAME => NetdevKind::ChangeName,
        _ => return NOTIFY_DONE,
    };
    // SAFETY: The registration is live (its drop unregisters the notifier first, waiting for
    // this call). The device belongs to `net`, which its registration keeps alive; a device
    // exists in a namespace only between that namespace's `init_cb` and `exit_cb`: subsystem
    // `init`s (ours) run before the device ones that register devices, device `exit`s
    // (unregistering or moving every device) before ours, and at module load the notifier is
    // registered only after every existing namespace's `init_cb` ran.
    let state = unsafe { state_of::<T>(net) };
    state.netdev_event(&NetdevEvent {
        kind,
        ifindex,
        name,
    });
    NOTIFY_DONE
}
