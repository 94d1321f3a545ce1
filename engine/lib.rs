// SPDX-License-Identifier: GPL-2.0

//! Host build of the oxtables engine: the same files the kernel module compiles as
//! `crate::engine` (see `src/oxtables.rs`), as a `no_std` library for tests and fuzzers.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

#[cfg(any(test, feature = "fuzz"))]
extern crate std;

#[path = "src/mod.rs"]
mod engine;

pub use engine::*;
