// SPDX-License-Identifier: GPL-2.0

//! oxtables' own bindgen output (`bindings_generated.rs`, a build product; see `Kbuild` and
//! `bindgen_parameters`), fenced in one module.

#![allow(
    clippy::all,
    clippy::as_underscore,
    clippy::cast_lossless,
    clippy::ptr_as_ptr,
    clippy::ref_as_ptr,
    clippy::undocumented_unsafe_blocks,
    dead_code,
    missing_docs,
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    improper_ctypes,
    unreachable_pub,
    unnecessary_transmutes,
    unsafe_op_in_unsafe_fn
)]

use kernel::ffi;
use pin_init::MaybeZeroable;

// Blocklisted by the kernel's parameters file, mapped by hand as the kernel does.
type __kernel_size_t = usize;
type __kernel_ssize_t = isize;
type __kernel_ptrdiff_t = isize;

include!("bindings_generated.rs");
