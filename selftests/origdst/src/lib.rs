// SPDX-License-Identifier: GPL-2.0

//! Shared by the `origdst` and `natprobe` test programs of the oxtables NAT selftests.

pub mod sys;
