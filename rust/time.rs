// SPDX-License-Identifier: GPL-2.0

//! Time as the extensions count it: `HZ` and `jiffies`.

use crate::sys::bindings;

/// `HZ`: jiffies per second.
pub(crate) const HZ: u32 = bindings::HZ;
