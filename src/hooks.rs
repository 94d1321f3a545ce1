// SPDX-License-Identifier: GPL-2.0

//! The per-namespace state: the four tables, one hook per (table, hook) attachment point at the
//! standard priority, the per-(table, hook) counters of `/proc/net/oxtables_hooks`, and
//! `/proc/net/oxtables` (the socket option base, `crate::xt`).

use crate::engine::{
    eval::Packet,
    tables::{Hook, Table, Verdict, NUM_SLOTS, SLOTS},
};
use crate::env::KernelEnv;
use crate::recent::Lists;
use crate::sys::{
    live::Live,
    netfilter::{HookSpec, HookState, SkBuff},
    percpu::PerCpuCounters,
    pernet::{self, NetInit, PernetId, ProcFile},
};
use crate::table::Instance;
use kernel::{prelude::*, seq_file::SeqFile, seq_print, sync::Arc};

/// One hook registration per entry of [`SLOTS`], tagged with the slot's index. The nat table's
/// go to the NAT core, which runs them for the first packet of each connection only.
const HOOKS: [HookSpec; NUM_SLOTS] = {
    let mut specs = [HookSpec {
        hook: Hook::PreRouting,
        priority: 0,
        tag: 0,
        nat: false,
    }; NUM_SLOTS];
    let mut i = 0;
    while i < NUM_SLOTS {
        specs[i] = HookSpec {
            hook: SLOTS[i].hook,
            priority: SLOTS[i].priority,
            // CAST: `i < NUM_SLOTS`, a small constant.
            tag: i as u32,
            nat: matches!(SLOTS[i].table, Table::Nat),
        };
        i += 1;
    }
    specs
};

/// How many bytes from the transport header on the matches may look at (a TCP header with
/// every option).
const L4_BYTES: usize = 60;

/// The namespace-storage identifier of [`NetState`].
static NET_ID: PernetId = PernetId::new();

/// What oxtables keeps in each network namespace.
#[pin_data]
pub(crate) struct NetState {
    /// Packets and bytes seen per (table, hook), indexed like [`SLOTS`].
    counters: PerCpuCounters,
    #[pin]
    raw: Live<Instance>,
    #[pin]
    mangle: Live<Instance>,
    #[pin]
    nat: Live<Instance>,
    #[pin]
    filter: Live<Instance>,
    /// The `recent` lists and `/proc/net/xt_recent`, after the tables: their rules' holds go
    /// first.
    pub(crate) recent: Arc<Lists>,
    /// The `TEE --oif` trackers, after the tables too.
    pub(crate) tee: Arc<crate::tee::TeeDevs>,
    /// The `hashlimit` tables and `/proc/net/ipt_hashlimit`, likewise after the tables.
    pub(crate) hashlimit: Arc<crate::hashlimit::Htables>,
}

impl NetState {
    /// The live ruleset of `table`.
    pub(crate) fn table(&self, table: Table) -> &Live<Instance> {
        match table {
            Table::Raw => &self.raw,
            Table::Mangle => &self.mangle,
            Table::Nat => &self.nat,
            Table::Filter => &self.filter,
        }
    }

    fn show_hooks(&self, m: &SeqFile) {
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

    /// `/proc/net/ip_tables_names`: the tables of this namespace, one per line, as iptables-save
    /// reads them.
    fn show_names(&self, m: &SeqFile) {
        for t in Table::ALL {
            seq_print!(m, "{}\n", t.name());
        }
    }
}

impl pernet::NetState for NetState {
    const HOOKS: &'static [HookSpec] = &HOOKS;
    const PROC_FILES: &'static [ProcFile<Self>] = &[
        ProcFile {
            name: c"oxtables_hooks",
            show: Self::show_hooks,
            enabled: || true,
            required: true,
        },
        // Which socket options oxtables serves, for clients choosing between it and ip_tables.ko.
        ProcFile {
            name: c"oxtables",
            show: Self::show_ident,
            enabled: || true,
            required: true,
        },
        // iptables-legacy's list of tables, only when we serve its socket options. While x_tables
        // is loaded the name is taken: then the file is x_tables' and we go without.
        ProcFile {
            name: c"ip_tables_names",
            show: Self::show_names,
            enabled: || crate::sockopt_base() == crate::engine::abi::sockopt::SET_REPLACE,
            required: false,
        },
    ];

    fn id() -> &'static PernetId {
        &NET_ID
    }

    fn new(net: NetInit) -> impl PinInit<Self, Error> {
        try_pin_init!(Self {
            // CAST: `NUM_SLOTS` is a small constant.
            counters: PerCpuCounters::new(NUM_SLOTS as u32)?,
            raw <- Live::new(Instance::initial(Table::Raw)?),
            mangle <- Live::new(Instance::initial(Table::Mangle)?),
            nat <- Live::new(Instance::initial(Table::Nat)?),
            filter <- Live::new(Instance::initial(Table::Filter)?),
            recent: Lists::new(net)?,
            tee: crate::tee::TeeDevs::new()?,
            hashlimit: crate::hashlimit::Htables::new(net)?,
        }? Error)
    }

    fn netdev_event(&self, event: &crate::sys::pernet::NetdevEvent) {
        self.tee.event(event);
    }

    fn hook(&self, tag: u32, hook: Hook, skb: &SkBuff, state: &HookState) -> Verdict {
        self.counters.add(tag, u64::from(skb.len()));
        let Some(slot) = usize::try_from(tag).ok().and_then(|i| SLOTS.get(i)) else {
            return Verdict::Accept;
        };
        let mut l4 = [0u8; L4_BYTES];
        let (info, n) = skb.ipv4_info(state, &mut l4);
        // mangle OUTPUT routes a packet again when the walk changed its addresses, mark or TOS
        // (`ipt_mangle_out`).
        let reroute =
            (slot.table == Table::Mangle && hook == Hook::LocalOut).then(|| skb.route_key());
        let verdict = self.table(slot.table).read(|t, walk| {
            let pkt = Packet {
                saddr: info.saddr,
                daddr: info.daddr,
                protocol: info.protocol,
                frag_off: info.frag_off,
                in_iface: info.in_iface,
                out_iface: info.out_iface,
                l4: l4.get(..n).unwrap_or(&[]),
                len: info.len,
                tos: info.tos,
                ttl: info.ttl,
                tot_len: info.tot_len,
            };
            let mut env = KernelEnv {
                skb,
                state,
                recent: t.recent(),
                hashlimit: t.hashlimit(),
                ct_templates: t.ct_templates(),
                searches: t.searches(),
                conncount: t.conncount(),
                tee_oifs: t.tee_oifs(),
            };
            t.run(hook, &pkt, t.stacks().get_mut(walk), &mut env)
        });
        match reroute {
            Some(before) if verdict != Verdict::Drop && skb.route_key() != before => {
                match skb.route_me_harder(state) {
                    Ok(()) => verdict,
                    Err(errno) => Verdict::DropErr { errno },
                }
            }
            _ => verdict,
        }
    }
}

#[kernel::macros::kunit_tests(oxtables_hooks)]
mod tests {
    use super::*;
    use crate::engine::{
        env::{CtInfo, DevSel, Env, SockOwner, TraceComment, NF_CT_HELPER_NAME_LEN},
        ext::nat::{NatManip, NatRange},
        tables::slot_index,
    };

    /// A kernel that has nothing to say: the initial tables ask it nothing.
    struct NoKernel;

    impl Env for NoKernel {
        fn ct(&self) -> CtInfo {
            CtInfo::default()
        }
        fn mark(&self) -> u32 {
            0
        }
        fn set_mark(&mut self, _mark: u32) {}
        fn set_ct_mark(&mut self, _mark: u32) {}
        fn jiffies(&self) -> u64 {
            0
        }
        fn random_u32(&mut self) -> u32 {
            0
        }
        fn ct_master_helper(&self) -> Option<[u8; NF_CT_HELPER_NAME_LEN]> {
            None
        }
        fn addr_type(&self, _addr: u32, _dev: DevSel) -> u8 {
            0
        }
        fn pkt_type(&self) -> u8 {
            0
        }
        fn mac_source(&self) -> Option<[u8; 6]> {
            None
        }
        fn ip_totlen(&self) -> u32 {
            0
        }
        fn nat_setup(&mut self, _manip: NatManip, _range: &NatRange) -> Verdict {
            Verdict::Drop
        }
        fn masquerade(&mut self, _range: &NatRange) -> Verdict {
            Verdict::Drop
        }
        fn redirect(&mut self, _range: &NatRange) -> Verdict {
            Verdict::Drop
        }
        fn notrack(&mut self) {}
        fn ct_template(&mut self, _slot: u32) {}
        fn nf_trace(&self) -> bool {
            false
        }
        fn set_nf_trace(&mut self) {}
        fn cpu_id(&self) -> u32 {
            0
        }
        fn trace(&mut self, _: &[u8], _: &[u8], _: TraceComment, _: u32) {}
        fn send_unreach(&mut self, _code: u8) {}
        fn send_reset(&mut self) {}
        fn tee_oif(&self, _slot: u32) -> i32 {
            -1
        }
        fn dup_ipv4(&mut self, _gw: [u8; 4], _oif: i32) {}
        fn log(&mut self, _level: u8, _logflags: u8, _prefix: &[u8]) {}
        fn nflog(&mut self, _g: u16, _len: u32, _qt: u16, _flags: u16, _prefix: &[u8]) {}
        fn sock_owner(&self, _suppl: Option<(u32, u32)>) -> SockOwner {
            SockOwner::None
        }
        fn real_seconds(&self) -> i64 {
            0
        }
        fn tz_minuteswest(&self) -> i32 {
            0
        }
        fn dev_group(&self, _dev: DevSel) -> Option<u32> {
            None
        }
        fn dst_tclassid(&self) -> Option<u32> {
            None
        }
        fn make_writable(&mut self) -> bool {
            false
        }
        fn l4_len(&self) -> Option<u32> {
            None
        }
        fn l4_read(&self, _buf: &mut [u8]) -> usize {
            0
        }
        fn l4_write(&mut self, _offset: u32, _bytes: &[u8]) -> bool {
            false
        }
        fn l4_extend(&mut self, _len: u32) -> bool {
            false
        }
        fn tcp_csum_replace2(&mut self, _: [u8; 2], _: [u8; 2], _: bool) -> bool {
            false
        }
        fn tcp_csum_replace4(&mut self, _: [u8; 4], _: [u8; 4], _: bool) -> bool {
            false
        }
        fn ip_add_tot_len(&mut self, _add: u16) -> bool {
            false
        }
        fn dst_mtu(&self) -> u32 {
            0
        }
        fn route_mtu(&self, _daddr: u32) -> u32 {
            u32::MAX
        }
        fn log_invalid_pmtu(&mut self, _mtu: u32) {}
        fn change_dsfield(&mut self, _mask: u8, _value: u8) -> bool {
            false
        }
        fn set_ttl(&mut self, _ttl: u8) -> bool {
            false
        }
        fn set_priority(&mut self, _priority: u32) {}
        fn checksum_partial(&self) -> bool {
            false
        }
        fn checksum_help(&mut self) -> bool {
            false
        }
        fn out_without_own_sk(&self) -> bool {
            false
        }
        fn with_recent<R>(
            &mut self,
            _slot: u32,
            _f: impl FnOnce(&mut crate::engine::ext::recent::RecentTable) -> R,
        ) -> Option<R> {
            None
        }
        fn with_hashlimit<R>(
            &mut self,
            _slot: u32,
            _f: impl FnOnce(&mut crate::engine::ext::hashlimit::HashlimitTable) -> R,
        ) -> Option<R> {
            None
        }
        fn conncount(&mut self, _slot: u32, _addr: u32) -> u32 {
            0
        }
        fn ip_set_test(&mut self, _index: u16, _opt: &crate::engine::env::IpSetAdtOpt) -> i32 {
            0
        }
        fn ip_set_add(&mut self, _index: u16, _opt: &crate::engine::env::IpSetAdtOpt) -> i32 {
            0
        }
        fn ip_set_del(&mut self, _index: u16, _opt: &crate::engine::env::IpSetAdtOpt) -> i32 {
            0
        }
        fn ip_set_test_skbinfo(
            &mut self,
            _index: u16,
            _opt: &crate::engine::env::IpSetAdtOpt,
        ) -> (i32, crate::engine::env::IpSetSkbInfo) {
            (0, crate::engine::env::IpSetSkbInfo::default())
        }
        fn real_num_tx_queues(&self) -> Option<u32> {
            None
        }
        fn set_queue_mapping(&mut self, _queue: u16) {}
        fn skb_find_text(
            &mut self,
            _from: u32,
            _to: u32,
            _ts: &crate::engine::ext::string::TextSearch,
        ) -> u32 {
            u32::MAX
        }
        fn physdev(&self) -> Option<crate::engine::ext::physdev::PhysDevs> {
            None
        }
    }

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
    fn initial_tables_accept_everything() -> Result {
        for t in Table::ALL {
            let inst = Instance::initial(t)?;
            let pkt = Packet {
                saddr: 0x0a00_0001,
                daddr: 0x0a00_0002,
                protocol: 1,
                frag_off: 0,
                in_iface: [0; 16],
                out_iface: [0; 16],
                l4: &[8, 0, 0, 0, 0, 0, 0, 0],
                len: 84,
                tos: 0,
                ttl: 64,
                tot_len: 84,
            };
            let mut stack = inst.ruleset.new_jump_stack().map_err(|_| ENOMEM)?;
            for &h in t.hooks() {
                assert_eq!(
                    inst.run(h, &pkt, Some(&mut stack), &mut NoKernel),
                    Verdict::Accept
                );
            }
            // The policy rule of the first hook counted the packet.
            let first = inst.ruleset.underflow(t.hooks()[0]).ok_or(EINVAL)?;
            assert_eq!(inst.counter(first).packets, 1);
            assert_eq!(inst.counter(first).bytes, 84);
        }
        Ok(())
    }
}
