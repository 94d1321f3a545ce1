// SPDX-License-Identifier: GPL-2.0

//! Safe abstractions over oxtables' own bindgen output and C helpers.
//!
//! This is the only part of the module that contains `unsafe`: `src/` reaches the kernel through
//! the types here. Every raw pointer is owned by a type that states its invariants, and every
//! registration unregisters when it is dropped.

pub(crate) mod bhlock;
pub(crate) mod bindings;
pub(crate) mod conntrack;
pub(crate) mod ipset;
pub(crate) mod live;
pub(crate) mod logger;
pub(crate) mod mangle;
pub(crate) mod netfilter;
pub(crate) mod percpu;
pub(crate) mod pernet;
pub(crate) mod physdev;
pub(crate) mod procfs;
pub(crate) mod reject;
pub(crate) mod sockopt;
pub(crate) mod tcp_mangle;
pub(crate) mod tee;
pub(crate) mod textsearch;
pub(crate) mod time;
