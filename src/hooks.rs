// SPDX-License-Identifier: GPL-2.0

//! The per-namespace state: one hook per (table, hook) attachment point at the standard
//! priority, each accepting every packet and counting it, readable in `/proc/net/oxtables_hooks`.

use crate::engine::tables::{Hook, Verdict, NUM_SLOTS, SLOTS};
use crate::sys::{
    netfilter::{HookSpec, SkBuff},
    percpu::PerCpuCounters,
    pernet::{self, PernetId},
};
use kernel::{prelude::*, seq_file::SeqFile, seq_print};

/// One hook registration per entry of [`SLOTS`], tagged with the slot's index.
const HOOKS: [HookSpec; NUM_SLOTS] = {
    let mut specs = [HookSpec {
        hook: Hook::PreRouting,
        priority: 0,
        tag: 0,
    }; NUM_SLOTS];
    let mut i = 0;
    while i < NUM_SLOTS {
        specs[i] = HookSpec {
            hook: SLOTS[i].hook,
            priority: SLOTS[i].priority,
            // CAST: `i < NUM_SLOTS`, a small constant.
            tag: i as u32,
        };
        i += 1;
    }
    specs
};

/// The namespace-storage identifier of [`NetState`].
static NET_ID: PernetId = PernetId::new();

/// What oxtables keeps in each network namespace.
pub(crate) struct NetState {
    /// Packets and bytes seen per (table, hook), indexed like [`SLOTS`].
    counters: PerCpuCounters,
}

impl pernet::NetState for NetState {
    const HOOKS: &'static [HookSpec] = &HOOKS;
    const PROC_NAME: &'static CStr = c"oxtables_hooks";

    fn id() -> &'static PernetId {
        &NET_ID
    }

    fn new() -> Result<Self> {
        // CAST: `NUM_SLOTS` is a small constant.
        Ok(Self {
            counters: PerCpuCounters::new(NUM_SLOTS as u32)?,
        })
    }

    fn hook(&self, tag: u32, _hook: Hook, skb: &SkBuff) -> Verdict {
        self.counters.add(tag, u64::from(skb.len()));
        Verdict::Accept
    }

    fn show(&self, m: &SeqFile) {
        seq_print!(
            m,
            "{:<8} {:<12} {:>5} {:>20} {:>20}\n",
            "table",
            "chain",
            "prio",
            "packets",
            "bytes"
        );
        for (i, slot) in SLOTS.iter().enumerate() {
            // CAST: `i < NUM_SLOTS`, a small constant.
            let c = self.counters.sum(i as u32);
            seq_print!(
                m,
                "{:<8} {:<12} {:>5} {:>20} {:>20}\n",
                slot.table.name(),
                slot.hook.chain_name(),
                slot.priority,
                c.packets,
                c.bytes
            );
        }
    }
}

#[kernel::macros::kunit_tests(oxtables_hooks)]
mod tests {
    use super::*;
    use crate::engine::tables::{slot_index, Table};

    #[test]
    fn one_hook_per_attachment_point() {
        assert_eq!(HOOKS.len(), NUM_SLOTS);
        for (i, spec) in HOOKS.iter().enumerate() {
            let slot = SLOTS[spec.tag as usize];
            assert_eq!(spec.tag as usize, i);
            assert_eq!(spec.hook, slot.hook);
            assert_eq!(spec.priority, slot.priority);
        }
    }

    #[test]
    fn filter_is_at_priority_zero_on_three_hooks() {
        let filter: usize = HOOKS
            .iter()
            .filter(|s| SLOTS[s.tag as usize].table == Table::Filter)
            .inspect(|s| assert_eq!(s.priority, 0))
            .count();
        assert_eq!(filter, 3);
        assert!(slot_index(Table::Filter, Hook::PreRouting).is_none());
    }

    #[test]
    fn state_counts_per_slot() -> Result {
        let state = <NetState as pernet::NetState>::new()?;
        state.counters.add(2, 84);
        assert_eq!(state.counters.sum(2).packets, 1);
        assert_eq!(state.counters.sum(2).bytes, 84);
        assert_eq!(state.counters.sum(3).packets, 0);
        Ok(())
    }
}
