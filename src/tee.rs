// SPDX-License-Identifier: GPL-2.0

//! The namespace side of `TEE --oif` (`struct tee_net` in `xt_TEE.c`): every `--oif` rule of a
//! namespace has a tracker of its device name on the namespace's list, and the netdevice
//! notifier updates them as `tee_netdev_event` does: a device of that name registering (or
//! being renamed to it) sets the tracker to its ifindex; the tracked device unregistering (or
//! being renamed to another name) sets it to -1.
//!
//! A tracker is made by the rule's check (`tee_tg_check`: its device looked up by name, then
//! put on the list; here the lookup is made under the list's mutex, so no event falls between
//! the two) and lives in the table [`crate::table::Instance`] that runs the rule; the packet
//! path reads its ifindex (one atomic load, as upstream's plain `int` read). Its drop takes it
//! off the list (`tee_tg_destroy`).

use crate::engine::{
    error::Error as EngineError,
    ext::tee::{IFNAMSIZ, NO_PRIV},
};
use crate::sys::{
    pernet::{NetdevEvent, NetdevKind},
    sockopt::Sock,
};
use core::sync::atomic::{AtomicI32, Ordering};
use kernel::{alloc::KVec, new_mutex, prelude::*, sync::Arc, sync::Mutex};

/// One rule's `struct xt_tee_priv`: the device name it wants and the ifindex it found.
struct Tracker {
    /// `tginfo->oif` (NUL within its 16 bytes: the check made sure).
    name: [u8; IFNAMSIZ],
    /// `priv->oif`: the device's ifindex, or -1.
    oif: AtomicI32,
}

impl Tracker {
    /// `!strcmp(dev->name, priv->tginfo->oif)`: both NUL-padded names compared up to their NUL.
    fn names(&self, name: &[u8; IFNAMSIZ]) -> bool {
        crate::engine::abi::c_str(&self.name) == crate::engine::abi::c_str(name)
    }
}

/// The trackers of one namespace (`tee_net`: `priv_list` under `lock`).
#[pin_data]
pub(crate) struct TeeDevs {
    #[pin]
    list: Mutex<KVec<Arc<Tracker>>>,
}

impl TeeDevs {
    /// The (empty) list of a namespace being set up (`tee_net_init`).
    pub(crate) fn new() -> Result<Arc<TeeDevs>> {
        Arc::pin_init(
            pin_init!(TeeDevs {
                list <- new_mutex!(KVec::new()),
            }),
            GFP_KERNEL,
        )
    }

    /// `tee_tg_check` with an oif: a tracker of `name` in `sk`'s namespace, starting at the
    /// device's ifindex (-1 if there is none), on the list until the returned use is dropped.
    pub(crate) fn track(
        self: &Arc<Self>,
        sk: &Sock,
        name: &[u8; IFNAMSIZ],
    ) -> Result<OifUse, EngineError> {
        const NO_MEMORY: EngineError = EngineError::NoMem(NO_PRIV);
        let t = Arc::new(
            Tracker {
                name: *name,
                oif: AtomicI32::new(-1),
            },
            GFP_KERNEL,
        )
        .map_err(|_| NO_MEMORY)?;
        let mut list = self.list.lock();
        list.reserve(1, GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        t.oif.store(sk.dev_ifindex_by_name(name), Ordering::Relaxed);
        list.push(t.clone(), GFP_KERNEL).map_err(|_| NO_MEMORY)?;
        Ok(OifUse {
            devs: self.clone(),
            t,
        })
    }

    /// `tee_netdev_event`, for every tracker of the namespace.
    pub(crate) fn event(&self, ev: &NetdevEvent) {
        let list = self.list.lock();
        for t in list.iter() {
            match ev.kind {
                NetdevKind::Register => {
                    if t.names(&ev.name) {
                        t.oif.store(ev.ifindex, Ordering::Relaxed);
                    }
                }
                NetdevKind::Unregister => {
                    if t.oif.load(Ordering::Relaxed) == ev.ifindex {
                        t.oif.store(-1, Ordering::Relaxed);
                    }
                }
                NetdevKind::ChangeName => {
                    if t.names(&ev.name) {
                        t.oif.store(ev.ifindex, Ordering::Relaxed);
                    } else if t.oif.load(Ordering::Relaxed) == ev.ifindex {
                        t.oif.store(-1, Ordering::Relaxed);
                    }
                }
            }
        }
    }

    /// `tee_tg_destroy`: `t` off the list.
    fn release(&self, t: &Arc<Tracker>) {
        let mut list = self.list.lock();
        if let Some(i) = list.iter().position(|x| Arc::ptr_eq(x, t)) {
            let gone = list.remove(i);
            drop(gone);
        }
    }
}

/// A `TEE --oif` rule's tracker, from its check to its table's end.
pub(crate) struct OifUse {
    devs: Arc<TeeDevs>,
    t: Arc<Tracker>,
}

impl OifUse {
    /// `priv->oif` now.
    pub(crate) fn oif(&self) -> i32 {
        self.t.oif.load(Ordering::Relaxed)
    }
}

impl Drop for OifUse {
    fn drop(&mut self) {
        self.devs.release(&self.t);
    }
}
