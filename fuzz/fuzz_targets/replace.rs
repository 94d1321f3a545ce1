// SPDX-License-Identifier: GPL-2.0
//! `replace`: any bytes as an `IPT_SO_SET_REPLACE` buffer (`oxtables_engine::fuzz::
//! replace_target`), mutated by libFuzzer and, half the time, by the engine's structure-aware
//! mutator (sizes and offsets that matter to the entry layout).
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use oxtables_engine::fuzz::{mutate, replace_target, Rng};

fuzz_target!(|data: &[u8]| {
    // The first 84 * 8 bytes after the replace header's declared end describe packets; the
    // blob is taken whole, so a packet suffix is just trailing bytes the validator must ignore.
    let split = data.len().saturating_sub(84 * 2);
    replace_target(data, &data[split..]);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    if seed & 1 == 0 {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    let mut v = data[..size].to_vec();
    mutate(&mut v, &mut Rng::new(u64::from(seed)));
    let n = v.len().min(max_size);
    data[..n].copy_from_slice(&v[..n]);
    n
});
