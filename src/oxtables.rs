// SPDX-License-Identifier: GPL-2.0

//! oxtables: the iptables (xtables-legacy) engine for IPv4, in Rust.
//!
//! This file is the module's crate root. The module logic lives in `src/` and contains no
//! `unsafe`: it reaches the kernel only through the abstractions in `rust/` (mounted here as
//! `sys`). The kernel-independent core (`engine/`) is shared with the host crate so that its
//! tests exercise exactly the code the kernel runs.

use kernel::prelude::*;

// The engine's `pub` items are the host crate's API; not all of them are used in the module.
#[allow(dead_code, unreachable_pub)]
#[path = "../engine/src/mod.rs"]
mod engine;
#[path = "../rust/lib.rs"]
mod sys;

mod hooks;

module! {
    type: OxTables,
    name: "oxtables",
    authors: ["The oxtables developers"],
    description: "iptables-compatible IPv4 packet filtering engine in Rust",
    license: "GPL",
}

/// The module: one per-namespace registration that hooks every (table, hook) attachment point.
#[pin_data]
struct OxTables {
    #[pin]
    pernet: sys::pernet::Registration<hooks::NetState>,
}

impl kernel::InPlaceModule for OxTables {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        pr_info!(
            "loading: {} (table, hook) attachment points per network namespace\n",
            engine::tables::NUM_SLOTS
        );
        try_pin_init!(Self {
            pernet <- sys::pernet::Registration::register(),
        })
    }
}
