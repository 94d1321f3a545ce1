// SPDX-License-Identifier: GPL-2.0

//! Tables, hooks, priorities and verdicts: the fixed layout of the IPv4 xtables engine.

/// An IPv4 netfilter hook. The discriminants are the kernel's `enum nf_inet_hooks` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Hook {
    /// `NF_INET_PRE_ROUTING`: every packet arriving on an interface.
    PreRouting = 0,
    /// `NF_INET_LOCAL_IN`: packets delivered to a local socket.
    LocalIn = 1,
    /// `NF_INET_FORWARD`: packets routed through this host.
    Forward = 2,
    /// `NF_INET_LOCAL_OUT`: packets generated locally.
    LocalOut = 3,
    /// `NF_INET_POST_ROUTING`: every packet leaving on an interface.
    PostRouting = 4,
}

impl Hook {
    /// Every hook, in the kernel's numbering order.
    pub const ALL: [Hook; 5] = [
        Hook::PreRouting,
        Hook::LocalIn,
        Hook::Forward,
        Hook::LocalOut,
        Hook::PostRouting,
    ];

    /// The hook with kernel number `n`, if there is one.
    pub const fn from_index(n: u32) -> Option<Hook> {
        match n {
            0 => Some(Hook::PreRouting),
            1 => Some(Hook::LocalIn),
            2 => Some(Hook::Forward),
            3 => Some(Hook::LocalOut),
            4 => Some(Hook::PostRouting),
            _ => None,
        }
    }

    /// The kernel's number for this hook.
    pub const fn index(self) -> u32 {
        self as u32
    }

    /// The name of the built-in chain iptables attaches to this hook.
    pub const fn chain_name(self) -> &'static str {
        match self {
            Hook::PreRouting => "PREROUTING",
            Hook::LocalIn => "INPUT",
            Hook::Forward => "FORWARD",
            Hook::LocalOut => "OUTPUT",
            Hook::PostRouting => "POSTROUTING",
        }
    }
}

/// Hook priorities of the IPv4 tables (`enum nf_ip_hook_priorities`).
pub mod priority {
    /// `NF_IP_PRI_RAW`.
    pub const RAW: i32 = -300;
    /// `NF_IP_PRI_CONNTRACK`: conntrack runs between raw and mangle.
    pub const CONNTRACK: i32 = -200;
    /// `NF_IP_PRI_MANGLE`.
    pub const MANGLE: i32 = -150;
    /// `NF_IP_PRI_NAT_DST`: destination NAT, before routing.
    pub const NAT_DST: i32 = -100;
    /// `NF_IP_PRI_FILTER`.
    pub const FILTER: i32 = 0;
    /// `NF_IP_PRI_NAT_SRC`: source NAT, after filtering.
    pub const NAT_SRC: i32 = 100;
}

/// An xtables table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// `raw`: before conntrack; used for NOTRACK.
    Raw,
    /// `mangle`: packet alteration, at every hook.
    Mangle,
    /// `nat`: address translation, for the first packet of a connection.
    Nat,
    /// `filter`: the default table.
    Filter,
}

impl Table {
    /// Every table, in the order they are registered and listed.
    pub const ALL: [Table; 4] = [Table::Raw, Table::Mangle, Table::Nat, Table::Filter];

    /// The name iptables uses (`-t NAME`).
    pub const fn name(self) -> &'static str {
        match self {
            Table::Raw => "raw",
            Table::Mangle => "mangle",
            Table::Nat => "nat",
            Table::Filter => "filter",
        }
    }

    /// The table called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The hooks this table is attached to, in hook order.
    pub const fn hooks(self) -> &'static [Hook] {
        match self {
            Table::Raw => &[Hook::PreRouting, Hook::LocalOut],
            Table::Mangle => &Hook::ALL,
            Table::Nat => &[
                Hook::PreRouting,
                Hook::LocalIn,
                Hook::LocalOut,
                Hook::PostRouting,
            ],
            Table::Filter => &[Hook::LocalIn, Hook::Forward, Hook::LocalOut],
        }
    }

    /// The `valid_hooks` bit mask of `ipt_replace`/`ipt_getinfo` for this table.
    pub const fn valid_hooks(self) -> u32 {
        let hooks = self.hooks();
        let mut mask = 0;
        let mut i = 0;
        while i < hooks.len() {
            mask |= 1 << hooks[i].index();
            i += 1;
        }
        mask
    }

    /// The priority of this table at `hook`, or `None` if the table is not attached there.
    pub const fn priority(self, hook: Hook) -> Option<i32> {
        if self.valid_hooks() & (1 << hook.index()) == 0 {
            return None;
        }
        Some(match self {
            Table::Raw => priority::RAW,
            Table::Mangle => priority::MANGLE,
            Table::Nat => match hook {
                Hook::PreRouting | Hook::LocalOut => priority::NAT_DST,
                _ => priority::NAT_SRC,
            },
            Table::Filter => priority::FILTER,
        })
    }
}

/// One (table, hook) attachment point, with its priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookSlot {
    /// The table.
    pub table: Table,
    /// The hook it is attached to.
    pub hook: Hook,
    /// The priority of the attachment.
    pub priority: i32,
}

/// The number of (table, hook) attachment points.
pub const NUM_SLOTS: usize = 14;

/// Every (table, hook) attachment point, tables in [`Table::ALL`] order, hooks in hook order.
/// The index of a slot in this array is its stable identifier (see [`slot_index`]).
pub const SLOTS: [HookSlot; NUM_SLOTS] = {
    let mut slots = [HookSlot {
        table: Table::Raw,
        hook: Hook::PreRouting,
        priority: 0,
    }; NUM_SLOTS];
    let mut n = 0;
    let mut t = 0;
    while t < Table::ALL.len() {
        let table = Table::ALL[t];
        let hooks = table.hooks();
        let mut h = 0;
        while h < hooks.len() {
            let priority = match table.priority(hooks[h]) {
                Some(p) => p,
                None => panic!("table attached to a hook without a priority"),
            };
            slots[n] = HookSlot {
                table,
                hook: hooks[h],
                priority,
            };
            n += 1;
            h += 1;
        }
        t += 1;
    }
    assert!(n == NUM_SLOTS);
    slots
};

/// The index in [`SLOTS`] of (`table`, `hook`), or `None` if the table is not attached there.
pub fn slot_index(table: Table, hook: Hook) -> Option<usize> {
    SLOTS
        .iter()
        .position(|s| s.table == table && s.hook == hook)
}

/// What happens to a packet when a hook is done with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Let the packet continue (`NF_ACCEPT`).
    Accept,
    /// Drop the packet (`NF_DROP`).
    Drop,
    /// Hand the packet to `nf_queue()` (`NF_QUEUE_NR(num)`), which drops it when no program
    /// listens on the queue, or accepts it if `bypass` (`NF_VERDICT_FLAG_QUEUE_BYPASS`).
    Queue {
        /// The queue number.
        num: u16,
        /// Accept when nobody listens.
        bypass: bool,
    },
    /// Drop the packet and hand `errno` back to a local sender (`NF_DROP_ERR(-errno)`): mangle
    /// `OUTPUT` when the packet it changed cannot be routed again.
    DropErr {
        /// The positive errno (`EHOSTUNREACH`, ...).
        errno: u16,
    },
}

/// A packet and byte counter pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counter {
    /// Packets.
    pub packets: u64,
    /// Bytes (`skb->len`, the IP datagram).
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hook_numbers_round_trip() {
        for h in Hook::ALL {
            assert_eq!(Hook::from_index(h.index()), Some(h));
        }
        assert_eq!(Hook::from_index(5), None);
    }

    #[test]
    fn valid_hooks_match_ip_tables() {
        // The masks the kernel's iptable_*.c modules declare.
        assert_eq!(Table::Raw.valid_hooks(), 0b01001);
        assert_eq!(Table::Mangle.valid_hooks(), 0b11111);
        assert_eq!(Table::Nat.valid_hooks(), 0b11011);
        assert_eq!(Table::Filter.valid_hooks(), 0b01110);
    }

    #[test]
    fn priorities_are_the_standard_ones() {
        assert_eq!(Table::Raw.priority(Hook::PreRouting), Some(-300));
        assert_eq!(Table::Raw.priority(Hook::Forward), None);
        assert_eq!(Table::Mangle.priority(Hook::Forward), Some(-150));
        assert_eq!(Table::Nat.priority(Hook::PreRouting), Some(-100));
        assert_eq!(Table::Nat.priority(Hook::LocalOut), Some(-100));
        assert_eq!(Table::Nat.priority(Hook::LocalIn), Some(100));
        assert_eq!(Table::Nat.priority(Hook::PostRouting), Some(100));
        assert_eq!(Table::Nat.priority(Hook::Forward), None);
        assert_eq!(Table::Filter.priority(Hook::Forward), Some(0));
        assert_eq!(Table::Filter.priority(Hook::PreRouting), None);
    }

    #[test]
    fn slots_cover_every_attachment_once() {
        let mut seen = 0;
        for t in Table::ALL {
            for h in Hook::ALL {
                match (t.priority(h), slot_index(t, h)) {
                    (Some(p), Some(i)) => {
                        assert_eq!(SLOTS[i].priority, p);
                        seen += 1;
                    }
                    (None, None) => {}
                    other => panic!("{t:?} {h:?}: {other:?}"),
                }
            }
        }
        assert_eq!(seen, NUM_SLOTS);
    }

    #[test]
    fn table_names() {
        for t in Table::ALL {
            assert_eq!(Table::from_name(t.name()), Some(t));
        }
        assert_eq!(Table::from_name("security"), None);
    }
}
