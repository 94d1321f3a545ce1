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

mod env;
mod hashlimit;
mod hooks;
mod recent;
mod table;
mod tee;
mod xt;

module! {
    type: OxTables,
    name: "oxtables",
    authors: ["The oxtables developers"],
    description: "iptables-compatible IPv4 packet filtering engine in Rust",
    license: "GPL",
    params: {
        sockopt_base: i32 {
            default: 64,
            description: "First socket option number (64 = IPT_BASE_CTL, as ip_tables; \
                          another value lets ip_tables.ko be loaded at the same time)",
        },
        classifier: i32 {
            default: 1,
            description: "Whether replaced tables get the rule classifier (1, default) or are \
                          walked rule by rule like ip_tables (0)",
        },
    },
}

/// The first socket option number in use (module parameter `sockopt_base`).
pub(crate) fn sockopt_base() -> i32 {
    *module_parameters::sockopt_base.value()
}

/// Whether a replaced table gets the classifier (module parameter `classifier`, non-zero).
pub(crate) fn classifier_enabled() -> bool {
    *module_parameters::classifier.value() != 0
}

/// The module. Fields drop in declaration order: the socket options go first (no new caller
/// can reach the tables), then every namespace is unhooked and its state freed, then
/// MASQUERADE's notifiers go.
#[pin_data]
struct OxTables {
    #[pin]
    sockopt: sys::sockopt::Registration<hooks::NetState>,
    #[pin]
    pernet: sys::pernet::Registration<hooks::NetState>,
    masquerade: sys::conntrack::MasqueradeNotifiers,
}

impl kernel::InPlaceModule for OxTables {
    fn init(module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let base = sockopt_base();
        pr_info!(
            "{} (table, hook) attachment points per network namespace, sockopts from {}\n",
            engine::tables::NUM_SLOTS,
            base
        );
        let ranges = xt::ranges(base);
        // The per-namespace state must exist before the socket options can reach it.
        try_pin_init!(Self {
            masquerade: sys::conntrack::MasqueradeNotifiers::register()?,
            pernet <- sys::pernet::Registration::register(),
            sockopt <- {
                let (set, get) = ranges?;
                sys::sockopt::Registration::register(module, set, get)
            },
        })
    }
}
