// SPDX-License-Identifier: GPL-2.0

//! The part of oxtables that needs no kernel: plain `core` Rust, compiled into the module (as
//! `crate::engine`) and into the host crate `oxtables-engine` (as its root module), so that
//! `cargo test` and fuzzers exercise exactly the code the kernel runs.

pub mod abi;
pub mod classifier;
pub mod edit;
pub mod env;
pub mod error;
pub mod eval;
pub mod ext;
pub mod ident;
pub mod parse;
pub mod tables;
pub mod vec;

#[cfg(test)]
mod classifier_tests;
#[cfg(test)]
mod edit_tests;
#[cfg(any(test, feature = "fuzz"))]
pub mod fuzz;
#[cfg(test)]
mod tests;
#[cfg(any(test, feature = "fuzz"))]
pub(crate) mod testutil;
