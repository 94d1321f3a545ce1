// SPDX-License-Identifier: GPL-2.0
//! `ext`: every extension's `checkentry` (and, when it accepts, its match or target function)
//! on any payload, through the whole replace path (`oxtables_engine::fuzz::ext_target`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oxtables_engine::fuzz::ext_target(data));
