// SPDX-License-Identifier: GPL-2.0

//! What the rules ask of the kernel while a packet walks them: [`Env`]. The module implements it
//! over the hook's `sk_buff` and `nf_hook_state` (`src/hooks.rs`); host tests implement it with
//! a fake that answers from fields and records every action (`ext::testutil::FakeEnv`). The
//! engine never reaches the kernel any other way, so every match and target runs on the host
//! exactly as in the kernel.
//!
//! Every method reads the packet's state *now*: a target earlier in the walk may have changed it
//! (`MARK` then `-m mark`, `NOTRACK` then `--ctstate UNTRACKED`), as upstream's matches see it.

use super::error::Error;
use super::ext::hashlimit::{HashlimitSpec, HashlimitTable};
use super::ext::nat::NatManip;
use super::ext::nat::NatRange;
use super::ext::recent::{RecentSpec, RecentTable};
use super::tables::Verdict;

/// What `nf_ct_get` says about a packet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CtKind {
    /// No conntrack entry, and not marked untracked (`nf_ct_get` returns NULL with any other
    /// `ctinfo`): the `INVALID` state.
    #[default]
    Invalid,
    /// No conntrack entry, `ctinfo == IP_CT_UNTRACKED` (NOTRACK): the `UNTRACKED` state.
    Untracked,
    /// A conntrack entry, with its `enum ip_conntrack_info` (0 to 4; values from
    /// `IP_CT_IS_REPLY` (3) on are the reply direction).
    Tracked {
        /// `ctinfo`.
        ctinfo: u8,
    },
}

/// The conntrack entry of a packet, as the `conntrack`, `state` and `connmark` matches read it.
/// Only [`CtKind::Tracked`] gives the other fields a meaning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CtInfo {
    /// Whether there is an entry, and the packet's `ctinfo`.
    pub kind: CtKind,
    /// `ct->status` (`IPS_*`, low 32 bits).
    pub status: u32,
    /// `nf_ct_protonum(ct)`.
    pub l4proto: u8,
    /// Original-direction source address (host order).
    pub orig_src: u32,
    /// Original-direction destination address (host order).
    pub orig_dst: u32,
    /// Reply-direction source address (host order).
    pub repl_src: u32,
    /// Reply-direction destination address (host order).
    pub repl_dst: u32,
    /// Original-direction source port or id, `ntohs(tuple.src.u.all)`.
    pub orig_sport: u16,
    /// Original-direction destination port, `ntohs(tuple.dst.u.all)`.
    pub orig_dport: u16,
    /// Reply-direction source port.
    pub repl_sport: u16,
    /// Reply-direction destination port.
    pub repl_dport: u16,
    /// `nf_ct_expires(ct) / HZ`, saturated to `u32`.
    pub expires_secs: u32,
    /// `ct->mark` (`READ_ONCE`), 0 without `CONFIG_NF_CONNTRACK_MARK`.
    pub mark: u32,
}

/// `NF_CT_HELPER_NAME_LEN`: a conntrack helper's name field, NUL included.
pub const NF_CT_HELPER_NAME_LEN: usize = 16;

/// Which device a route-type lookup is limited to (`addrtype --limit-iface-in/out`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DevSel {
    /// No device: `inet_dev_addr_type(net, NULL, addr)`.
    Any,
    /// The packet's input device (`xt_in(par)`, which may be none).
    In,
    /// The packet's output device (`xt_out(par)`, which may be none).
    Out,
}

/// How a TRACE line names the rule a traced packet matched (`enum nf_ip_trace_comments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceComment {
    /// `"rule"`: an ordinary rule.
    Rule,
    /// `"return"`: the unconditional standard verdict that ends a user chain.
    Return,
    /// `"policy"`: the policy of a built-in chain.
    Policy,
}

impl TraceComment {
    /// The word in the log line.
    pub const fn as_str(self) -> &'static str {
        match self {
            TraceComment::Rule => "rule",
            TraceComment::Return => "return",
            TraceComment::Policy => "policy",
        }
    }
}

/// What `checkentry` may ask of the kernel while a table is loaded (process context, the
/// writer's namespace). The module implements it in `src/xt.rs`; host tests use [`HostLoad`].
pub trait LoadEnv {
    /// `HZ`: jiffies per second, which rates (`limit`) are converted to at load time.
    fn hz(&self) -> u32;

    /// `jiffies` now (`limit`'s bucket starts at the jiffy its rule is loaded).
    fn jiffies(&self) -> u64;

    /// `__kuid_val(make_kuid(net->user_ns, uid))` in the writer's namespace (`xt_owner`):
    /// [`INVALID_ID`] when `uid` is not mapped. By default the initial user namespace's identity
    /// map, where only `(uid_t)-1` itself is invalid.
    fn make_kuid(&self, uid: u32) -> u32 {
        uid
    }

    /// `__kgid_val(make_kgid(net->user_ns, gid))`, as [`LoadEnv::make_kuid`] for groups.
    fn make_kgid(&self, gid: u32) -> u32 {
        gid
    }

    /// `current_user_ns() == net->user_ns`: the writer lives in the user namespace that owns the
    /// namespace of the table (`xt_owner` refuses uid and gid rules otherwise). By default true,
    /// as for a writer in the initial namespaces.
    fn writer_in_net_user_ns(&self) -> bool {
        true
    }

    /// `pr_warn_once(...)` in a check: logs `once`'s message as a warning the first time
    /// `once` is passed, never again (each `pr_warn_once` call site upstream has its own flag,
    /// each [`WarnOnce`] static here). A load environment without a kernel log (the host's)
    /// prints nothing.
    fn warn_once(&self, _once: &'static WarnOnce) {}

    /// Whether the new ruleset gets the rule classifier (the module parameter `classifier`):
    /// when not, the replace does not build it at all. By default it does.
    fn classifier(&self) -> bool {
        true
    }

    /// `pr_info_ratelimited(...)` in a check: logs `msg` (without its newline) at info level
    /// under the kernel's default rate limit. A load environment without a kernel log (the
    /// host's) prints nothing.
    fn info_ratelimited(&self, _msg: core::fmt::Arguments<'_>) {}

    /// `recent_mt_check`'s lookup of the namespace's `recent` list named `spec.name`: the list
    /// is found (and, if `spec` needs larger stamp rings than it has, flushed and given them)
    /// or created with `spec`'s mask and rings, and one more rule holds it. The answer is the
    /// slot [`Env::with_recent`] reaches it by at packet time; the hold is released with the
    /// rule (or with the whole request if a later check fails). `ENOMEM` if the list or its
    /// rings cannot be allocated.
    ///
    /// The default is for environments that only validate rules (the host's [`HostLoad`], test
    /// clocks): they keep no lists, and every rule gets slot 0.
    fn recent_table(&self, _spec: &RecentSpec) -> Result<u32, Error> {
        Ok(0)
    }

    /// `hashlimit_mt_check_common`'s `htable_find_get`/`htable_create` under
    /// `hashlimit_mutex`: the namespace's table named `spec.name` is found (`EINVAL` if its
    /// rate-match setting is not `spec`'s) or created with `spec`'s config and its
    /// `/proc/net/ipt_hashlimit/NAME`, and one more rule holds it. The answer is the slot
    /// [`Env::with_hashlimit`] reaches it by; the hold is released with the rule (or with the
    /// whole request if a later check fails). `ENOMEM` if the table cannot be allocated.
    ///
    /// The default (host validation) keeps nothing and answers 0.
    fn hashlimit_table(&self, _spec: &HashlimitSpec) -> Result<u32, Error> {
        Ok(0)
    }

    /// `connlimit_mt_check`'s `nf_conncount_init(par->net, keylen)`: a connection counter owned
    /// by the rule, freed with it (`nf_conncount_destroy`). The answer is the slot
    /// [`Env::conncount`] reaches it by; the error is `nf_conncount_init`'s (`ENOMEM`, ...).
    /// The default (host validation) keeps nothing and answers 0.
    fn conncount_init(&self, _keylen: u32) -> Result<u32, Error> {
        Ok(0)
    }

    /// `ip_set_nfnl_get_byindex(net, index)` (`xt_set`'s checks): `index` with one more
    /// reference on the namespace's set of that index, which the rule holds until it is freed
    /// (`ip_set_nfnl_put`; with the whole request if a later check fails), or
    /// `IPSET_INVALID_ID` (65535) when there is no such set.
    ///
    /// The default is for environments that only validate rules (the host's [`HostLoad`]):
    /// every index names a set, and nothing is held.
    fn ip_set_get_byindex(&self, index: u16) -> u16 {
        index
    }

    /// `xt_ct_tg_check`'s conntrack template (`nf_ct_tmpl_alloc` with the zone, the event
    /// masks, the helper, the timeout policy, each checked where upstream checks it): the slot
    /// [`Env::ct_template`] attaches it by, owned by the rule until it is freed. The error is
    /// upstream's for the step that failed.
    ///
    /// The default is for environments that only validate rules: the checks that need no
    /// kernel ([`super::ext::ct::ct_template_checks`]), nothing made, slot 0.
    fn ct_template(&self, spec: &super::ext::ct::CtTemplateSpec) -> Result<u32, Error> {
        super::ext::ct::ct_template_checks(spec).map(|()| 0)
    }

    /// `textsearch_prepare(algo, pattern, len, GFP_KERNEL, TS_AUTOLOAD | (icase ?
    /// TS_IGNORECASE : 0))` (`xt_string`'s check; `algo` is NUL-terminated): the slot
    /// [`Env::skb_find_text`] reaches the prepared search by, which the rule owns until it is
    /// freed (`textsearch_destroy`; with the whole request if a later check fails), or the
    /// errno of the `ERR_PTR` (`ext::string::prepare_error`).
    ///
    /// The default is for environments that only validate rules (the host's [`HostLoad`]): the
    /// kernel's refusals as far as the algorithms `bm`, `kmp` and `fsm` decide them
    /// (`ext::string::host_prepare`), nothing kept, and slot 0.
    fn textsearch_prepare(
        &self,
        algo: &[u8; super::ext::string::XT_STRING_MAX_ALGO_NAME_SIZE],
        pattern: &[u8],
        icase: bool,
    ) -> Result<u32, Error> {
        super::ext::string::host_prepare(algo, pattern, icase).map(|()| 0)
    }

    /// `request_module("%s", name)` (`xt_physdev`'s check asks for `br_netfilter` once).
    /// Nothing by default.
    fn request_module(&self, _name: &'static core::ffi::CStr) {}

    /// `get_random_u32()` (`NFQUEUE`'s `init_hashrandom`). The default, for environments that
    /// only validate rules, is a fixed nonzero value.
    fn random_u32(&self) -> u32 {
        0x5eed_0001
    }

    /// `tee_tg_check` with an `oif`: the rule's tracker of the device named `name` (NUL within
    /// its 16 bytes) in the rule's namespace (`struct xt_tee_priv` on the namespace's
    /// `priv_list`), starting at that device's ifindex or -1 (`dev_get_by_name`), then kept up
    /// to date as devices of the namespace register, unregister and change names
    /// (`tee_netdev_event`), until the rule is freed (`tee_tg_destroy`; with the whole request
    /// if a later check fails). The answer is the slot [`Env::tee_oif`] reads it by; `ENOMEM`
    /// if it cannot be made.
    ///
    /// The default is for environments that only validate rules: nothing kept, slot 0.
    fn tee_oif(&self, _name: &[u8; super::ext::tee::IFNAMSIZ]) -> Result<u32, Error> {
        Ok(0)
    }
}

/// `struct ip_set_adt_opt` as `xt_set`'s `ADT_OPT` fills it: what a lookup, add or delete of
/// the packet in a set is told.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IpSetAdtOpt {
    /// `family` (`NFPROTO_IPV4`).
    pub family: u8,
    /// `dim`: how many dimensions are taken from the packet.
    pub dim: u8,
    /// `flags`: `enum ip_set_kopt` (which dimensions are the source, inversion).
    pub flags: u8,
    /// `cmdflags`: `enum ipset_cmd_flags`.
    pub cmdflags: u32,
    /// `ext.timeout`.
    pub timeout: u32,
    /// `ext.packets`.
    pub packets: u64,
    /// `ext.bytes`.
    pub bytes: u64,
    /// `ext.packets_op`.
    pub packets_op: u8,
    /// `ext.bytes_op`.
    pub bytes_op: u8,
}

/// The message of a `pr_warn_once` call site and whether it was printed (`DO_ONCE_LITE`'s
/// flag): a `static` next to the check that prints it.
#[derive(Debug)]
pub struct WarnOnce {
    /// The line, without its newline.
    msg: &'static str,
    /// Set once it was printed.
    done: core::sync::atomic::AtomicBool,
}

impl WarnOnce {
    /// A message not printed yet.
    pub const fn new(msg: &'static str) -> Self {
        Self {
            msg,
            done: core::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The message.
    pub const fn msg(&self) -> &'static str {
        self.msg
    }

    /// Whether this is the first use: `true` once, then `false` (the flag is set atomically,
    /// so concurrent loads print it once).
    pub fn first(&self) -> bool {
        !self.done.swap(true, core::sync::atomic::Ordering::Relaxed)
    }
}

/// `INITIAL_JIFFIES` at `HZ` 250 on a 64-bit kernel, `(unsigned long)(unsigned int)(-300*HZ)`:
/// what the host's clock reads.
pub const HOST_JIFFIES: u64 = (1 << 32) - 300 * 250;

/// The host's answers to [`LoadEnv`]: the pinned kernel's `HZ` (250), and its clock at boot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostLoad;

impl LoadEnv for HostLoad {
    fn hz(&self) -> u32 {
        250
    }

    fn jiffies(&self) -> u64 {
        HOST_JIFFIES
    }
}

/// The kernel, as the rules see it while a packet walks them.
pub trait Env {
    /// `nf_ct_get(skb)` with the entry's fields, now.
    fn ct(&self) -> CtInfo;

    /// `skb->mark`.
    fn mark(&self) -> u32;

    /// `skb->mark = mark` (`MARK`, `CONNMARK --restore-mark`): later matches of the same walk
    /// see the new value through [`Env::mark`].
    fn set_mark(&mut self, mark: u32);

    /// `CONNMARK`'s store of the connection mark: if the packet has a conntrack entry
    /// (`nf_ct_get`) whose `READ_ONCE(ct->mark)` differs from `mark`, `WRITE_ONCE(ct->mark,
    /// mark)` and `nf_conntrack_event_cache(IPCT_MARK, ct)`, as `connmark_tg_shift` does.
    /// Nothing without an entry.
    fn set_ct_mark(&mut self, mark: u32);
    /// `jiffies` (`READ_ONCE`; `unsigned long`, 64 bits here: `limit` computes in `u32`
    /// from differences, which come out the same on 32-bit kernels).
    fn jiffies(&self) -> u64;

    /// `get_random_u32()` (`statistic --mode random`).
    fn random_u32(&mut self) -> u32;

    /// `raw_smp_processor_id()` (`NFQUEUE --queue-cpu-fanout`).
    fn cpu_id(&self) -> u32;

    /// The name of the helper of the master connection of the packet's conntrack entry
    /// (`rcu_dereference(nfct_help(ct->master)->helper)->name`, NUL-padded), `None` when there
    /// is no entry, no master, no helper extension or no helper (`xt_helper`).
    fn ct_master_helper(&self) -> Option<[u8; NF_CT_HELPER_NAME_LEN]>;

    /// `inet_dev_addr_type(net, dev, addr)`: the route type (`RTN_*`, 0 to 11) of the
    /// host-order address `addr` in the packet's namespace, looked up in `dev`'s table (the
    /// local table when `dev` is none).
    fn addr_type(&self, addr: u32, dev: DevSel) -> u8;

    /// `skb->pkt_type`: `PACKET_HOST` (0), `PACKET_BROADCAST` (1), `PACKET_MULTICAST` (2),
    /// `PACKET_OTHERHOST` (3), `PACKET_OUTGOING` (4), `PACKET_LOOPBACK` (5), ...
    fn pkt_type(&self) -> u8;

    /// The Ethernet source address as `xt_mac`'s `mac_mt` reads it: `eth_hdr(skb)->h_source`
    /// if `skb->dev` is set and of type `ARPHRD_ETHER` and the MAC header was set
    /// (`skb_mac_header_was_set`) with at least `ETH_HLEN` bytes before the network header
    /// (`skb_mac_header_len`); `None` otherwise.
    fn mac_source(&self) -> Option<[u8; 6]>;

    /// `skb_ip_totlen(skb)`: `ntohs(iph->tot_len)`, or for a GSO TCP packet whose `tot_len` is 0
    /// (BIG TCP) `skb->len - skb_network_offset(skb)`.
    fn ip_totlen(&self) -> u32;

    /// `SNAT`/`DNAT`: `nf_nat_setup_info` with `range`; its verdict ends the walk.
    fn nat_setup(&mut self, manip: NatManip, range: &NatRange) -> Verdict;

    /// `MASQUERADE`: `nf_nat_masquerade_ipv4` with the ports of `range`.
    fn masquerade(&mut self, range: &NatRange) -> Verdict;

    /// `REDIRECT`: `nf_nat_redirect_ipv4` with the ports of `range`.
    fn redirect(&mut self, range: &NatRange) -> Verdict;

    /// `NOTRACK`/`CT --notrack`: `nf_ct_set(skb, NULL, IP_CT_UNTRACKED)` unless the packet
    /// already has a conntrack entry or is untracked.
    fn notrack(&mut self);

    /// `CT` with a template: `xt_ct_target`'s `nf_ct_set(skb, tmpl, IP_CT_NEW)` with a new
    /// reference on the template of `slot` ([`LoadEnv::ct_template`]), unless the packet already
    /// has conntrack state.
    fn ct_template(&mut self, slot: u32);

    /// `skb->nf_trace`: the packet is traced (the `TRACE` target set it).
    fn nf_trace(&self) -> bool;

    /// `TRACE`: `skb->nf_trace = 1`.
    fn set_nf_trace(&mut self);

    /// `trace_packet` in `ipt_do_table`: `nf_log_trace(net, AF_INET, hook, skb, in, out,
    /// &trace_loginfo, "TRACE: %s:%s:%s:%u ", table, chain, comment, rulenum)`, with
    /// `trace_loginfo` a LOG-type logger at level 4 and every `NF_LOG_*` flag.
    fn trace(&mut self, table: &[u8], chain: &[u8], comment: TraceComment, rulenum: u32);

    /// `REJECT`: `nf_send_unreach(skb, code, hook)`, an ICMP destination-unreachable error with
    /// `code` (`ICMP_PORT_UNREACH`, ...) sent back to the packet's source.
    fn send_unreach(&mut self, code: u8);

    /// `TEE --oif`: the current `priv->oif` of the tracker the rule's check got as `slot`
    /// ([`LoadEnv::tee_oif`]): the device's ifindex, or -1 while there is none of that name.
    fn tee_oif(&self, slot: u32) -> i32;

    /// `TEE`: `nf_dup_ipv4(net, skb, hook, &gw, oif)`: a copy of the packet, untracked, with
    /// `IP_DF` set (and its TTL one less at PREROUTING and INPUT), routed to the gateway `gw`
    /// (through `oif` unless it is 0 or -1) and sent with `ip_local_out` before this returns;
    /// nothing when the packet is itself such a copy (`current->in_nf_duplicate`) or no route
    /// is found.
    fn dup_ipv4(&mut self, gw: [u8; 4], oif: i32);

    /// `REJECT --reject-with tcp-reset`: `nf_send_reset(net, state->sk, skb, hook)`, a TCP
    /// reset sent back to the packet's source.
    fn send_reset(&mut self);

    /// `LOG`: `nf_log_packet(net, NFPROTO_IPV4, hook, skb, in, out, &li, "%s", prefix)` with
    /// `li` a `NF_LOG_TYPE_LOG` logger at `level` with `logflags` (`XT_LOG_*`). `prefix` is
    /// the rule's prefix without its NUL (at most 29 bytes).
    fn log(&mut self, level: u8, logflags: u8, prefix: &[u8]);

    /// `NFLOG`: `nf_log_packet(net, NFPROTO_IPV4, hook, skb, in, out, &li, "%s", prefix)` with
    /// `li` a `NF_LOG_TYPE_ULOG` logger: `group`, `copy_len`, `qthreshold` and `flags`
    /// (`NF_LOG_F_COPY_LEN` or 0). `prefix` is the rule's prefix without its NUL (at most 63
    /// bytes).
    fn nflog(&mut self, group: u16, copy_len: u32, qthreshold: u16, flags: u16, prefix: &[u8]);

    /// What `xt_owner`'s `owner_mt` sees of the packet's socket, in one read under RCU:
    /// `skb_to_full_sk(skb)`, its `sk_socket` (`READ_ONCE`) and the socket's namespace against
    /// the hook's, then `READ_ONCE(sock->file)` and the file's `f_cred`. With `suppl` a range of
    /// kernel gids, [`SockOwner::File::suppl`] says whether one of the credentials'
    /// supplementary groups (`f_cred->group_info`) lies in it (`--suppl-groups`).
    fn sock_owner(&self, suppl: Option<(u32, u32)>) -> SockOwner;

    /// `ktime_get_real_seconds()`: the wall clock, in seconds since the epoch (`xt_time`).
    fn real_seconds(&self) -> i64;

    /// `sys_tz.tz_minuteswest`: the kernel's timezone, minutes west of UTC (`xt_time
    /// --kerneltz`).
    fn tz_minuteswest(&self) -> i32;

    /// `dev->group` of the packet's input ([`DevSel::In`], `xt_in(par)`) or output
    /// ([`DevSel::Out`], `xt_out(par)`) device (`xt_devgroup`); `None` when the hook has no such
    /// device, and for [`DevSel::Any`].
    fn dev_group(&self, dev: DevSel) -> Option<u32>;

    /// `skb_dst(skb)->tclassid`: the routing realms of the packet's route (`xt_realm`), source
    /// realm in the upper 16 bits; `None` when the packet has no route.
    fn dst_tclassid(&self) -> Option<u32>;

    /// `skb_ensure_writable(skb, skb->len)`: the whole packet linear and ours to write;
    /// false when that fails (no memory). `TCPMSS` asks this before it reads or writes.
    fn make_writable(&mut self) -> bool;

    /// `skb->len - ip_hdrlen(skb)`: how many bytes the transport header and what follows
    /// it take, `None` when the IP header claims more than the packet holds.
    fn l4_len(&self) -> Option<u32>;

    /// What the hook copies into [`Packet::l4`](super::eval::Packet::l4), now: up to
    /// `buf.len()` bytes from the transport header (`ip_hdrlen(skb)` on) into `buf`, none for a
    /// non-first fragment. Returns how many it copied.
    fn l4_read(&self, buf: &mut [u8]) -> usize;

    /// Writes `bytes` into the writable packet at `offset` from the transport header. False
    /// (and nothing written) when they do not all lie inside the packet's linear data.
    fn l4_write(&mut self, offset: u32, bytes: &[u8]) -> bool;

    /// Grows the packet by `len` bytes at its tail, as `tcpmss_mangle_packet` does: if
    /// `skb_tailroom(skb) < len`, `pskb_expand_head(skb, 0, len - skb_tailroom(skb),
    /// GFP_ATOMIC)` (false when that fails), then `skb_put(skb, len)`. The new bytes are
    /// undefined until written.
    fn l4_extend(&mut self, len: u32) -> bool;

    /// `inet_proto_csum_replace2(&tcp_hdr->check, skb, from, to, pseudohdr)` on the TCP header
    /// at `ip_hdrlen(skb)`: `from` and `to` are the 16 bits as they lie in the packet. The
    /// update depends on `skb->ip_summed` (a `CHECKSUM_PARTIAL` packet only takes
    /// pseudo-header changes; `CHECKSUM_COMPLETE` also updates `skb->csum`). False, nothing
    /// done, when the TCP header is not inside the packet or cannot be made writable.
    fn tcp_csum_replace2(&mut self, from: [u8; 2], to: [u8; 2], pseudohdr: bool) -> bool;

    /// `inet_proto_csum_replace4(&tcp_hdr->check, skb, from, to, pseudohdr)`, as
    /// [`Env::tcp_csum_replace2`] with 32 bits.
    fn tcp_csum_replace4(&mut self, from: [u8; 4], to: [u8; 4], pseudohdr: bool) -> bool;

    /// `tcpmss_tg4`'s length update: `newlen = htons(ntohs(iph->tot_len) + add);
    /// csum_replace2(&iph->check, iph->tot_len, newlen); iph->tot_len = newlen`. False,
    /// nothing done, when the IP header cannot be made writable.
    fn ip_add_tot_len(&mut self, add: u16) -> bool;

    /// `dst_mtu(skb_dst(skb))`: the MTU of the packet's route (0 for a packet without one,
    /// which the hooks `TCPMSS --clamp-mss-to-pmtu` may run at never see).
    fn dst_mtu(&self) -> u32;

    /// `tcpmss_reverse_mtu`: `nf_route(net, &rt, &fl, false, NFPROTO_IPV4)` for a flow to the
    /// host-order address `daddr` (every other flow field zero), the route's `dst_mtu`
    /// (then `dst_release`), `u32::MAX` when there is no route.
    fn route_mtu(&self, daddr: u32) -> u32;

    /// `TCPMSS --clamp-mss-to-pmtu` drops the packet: `net_err_ratelimited("unknown or invalid
    /// path-MTU (%u)\n", mtu)`.
    fn log_invalid_pmtu(&mut self, mtu: u32);

    /// `DSCP`, `TOS`: `skb_ensure_writable(skb, sizeof(struct iphdr))`, then
    /// `ipv4_change_dsfield(ip_hdr(skb), mask, value)`: the TOS byte becomes `(tos & mask) |
    /// value` and the header checksum is updated incrementally for it. `false`, nothing
    /// written, when the header cannot be made writable (the target then drops the packet).
    fn change_dsfield(&mut self, mask: u8, value: u8) -> bool;

    /// `TTL`: `skb_ensure_writable(skb, sizeof(struct iphdr))`, then, if `ttl` differs from
    /// `iph->ttl`, `csum_replace2(&iph->check, htons(iph->ttl << 8), htons(ttl << 8))` and
    /// `iph->ttl = ttl`. `false`, nothing written, when the header cannot be made writable
    /// (the target then drops the packet).
    fn set_ttl(&mut self, ttl: u8) -> bool;

    /// `CLASSIFY`: `skb->priority = priority` (the qdisc class, `TC_H_MAKE(major, minor)`).
    fn set_priority(&mut self, priority: u32);

    /// `CHECKSUM`: whether the transport checksum is left to the device (`skb->ip_summed ==
    /// CHECKSUM_PARTIAL`) on a packet that is not GSO (`!skb_is_gso(skb)`).
    fn checksum_partial(&self) -> bool;

    /// `CHECKSUM --checksum-fill` on such a packet: `ip_check_csum_start(skb)`, then, if the
    /// checksum starts at or after the end of the IP header, `skb_checksum_help(skb)` (the
    /// checksum computed in software; its result is ignored, as upstream ignores it). `false`,
    /// nothing done, when it starts inside the IP header (the target then drops the packet).
    fn checksum_help(&mut self) -> bool;

    /// `xt_out(par) != NULL && (!skb->sk || !net_eq(xt_net(par), sock_net(skb->sk)))`: the
    /// packet leaves through a device and does not come from a socket of this namespace
    /// (`recent` then counts its TTL as it was before forwarding, one more).
    fn out_without_own_sk(&self) -> bool;

    /// `recent_mt`'s `spin_lock_bh(&recent_lock)` and `recent_table_lookup`: runs `f` on the
    /// `recent` list of `slot` ([`LoadEnv::recent_table`]'s answer for the rule) with the list
    /// locked. `None` if there is no such list.
    fn with_recent<R>(&mut self, slot: u32, f: impl FnOnce(&mut RecentTable) -> R) -> Option<R>;

    /// `hashlimit_mt_common`'s `local_bh_disable` and the table's locks: runs `f` on the
    /// `hashlimit` table of `slot` ([`LoadEnv::hashlimit_table`]'s answer for the rule) with
    /// the table locked. `None` if there is no such table.
    fn with_hashlimit<R>(
        &mut self,
        slot: u32,
        f: impl FnOnce(&mut HashlimitTable) -> R,
    ) -> Option<R>;

    /// `connlimit_mt`'s zone (`nf_ct_zone` of the packet's conntrack entry, else the default
    /// zone) completing the IPv4 key `{ addr, zone->id }`, and `nf_conncount_count_skb(net,
    /// skb, NFPROTO_IPV4, data, key)` on the counter of `slot` ([`LoadEnv::conncount_init`]):
    /// the number of connections with that key, this packet's included; 0 on error.
    /// `addr` is the masked address in host order (the kernel keys it in network order).
    fn conncount(&mut self, slot: u32, addr: u32) -> u32;

    /// `ip_set_test(index, skb, par, opt)`: whether the packet's fields that `opt` names are in
    /// the set of `index` (a set the rule holds): positive when found, 0 when not, negative for
    /// a `nomatch` entry with `IPSET_FLAG_RETURN_NOMATCH`. Counters are updated as `opt`'s
    /// command flags say.
    fn ip_set_test(&mut self, index: u16, opt: &IpSetAdtOpt) -> i32;

    /// `ip_set_add(index, skb, par, opt)` (`SET --add-set`): the packet's fields that `opt`
    /// names added to the set of `index` (a set the rule holds), with `opt`'s timeout and
    /// command flags (`IPSET_FLAG_EXIST`). The answer (0 or a negative errno) is ignored by
    /// the target, as upstream ignores it.
    fn ip_set_add(&mut self, index: u16, opt: &IpSetAdtOpt) -> i32;

    /// `ip_set_del(index, skb, par, opt)` (`SET --del-set`).
    fn ip_set_del(&mut self, index: u16, opt: &IpSetAdtOpt) -> i32;

    /// `ip_set_test(index, skb, par, &opt)` as `SET --map-set` calls it: the answer, and
    /// `opt.ext.skbinfo` afterwards (what the lookup copied from a matching entry of a set
    /// with the `skbinfo` extension; zeros otherwise).
    fn ip_set_test_skbinfo(&mut self, index: u16, opt: &IpSetAdtOpt) -> (i32, IpSetSkbInfo);

    /// `skb->dev->real_num_tx_queues`, `None` when the packet has no device (`skb->dev`).
    fn real_num_tx_queues(&self) -> Option<u32>;

    /// `skb_set_queue_mapping(skb, queue)` (`SET --map-queue`).
    fn set_queue_mapping(&mut self, queue: u16);

    /// `skb_find_text(skb, from, to, config)` with the `ts_config` of `ts.slot` (a search the
    /// rule owns, [`LoadEnv::textsearch_prepare`]): the offset from `from` (bytes from the IP
    /// header) of the first occurrence of the pattern, if it ends by `to`, else `u32::MAX`
    /// (`UINT_MAX`). Environments without the kernel's textsearch search `ts.pattern` plainly
    /// (`ext::string::find_text`).
    fn skb_find_text(&mut self, from: u32, to: u32, ts: &super::ext::string::TextSearch) -> u32;

    /// `nf_bridge_info_exists(skb)`, and then the names of `nf_bridge_get_physindev(skb, net)`
    /// and `nf_bridge_get_physoutdev(skb)` (`xt_physdev`): `None` for a packet `br_netfilter`
    /// has not seen.
    fn physdev(&self) -> Option<super::ext::physdev::PhysDevs>;
}

/// `struct ip_set_skbinfo`: the `skbinfo` extension of an ipset entry (`skbmark`,
/// `skbprio`, `skbqueue`), which `SET --map-set` copies into the packet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IpSetSkbInfo {
    /// `skbmark`.
    pub skbmark: u32,
    /// `skbmarkmask`.
    pub skbmarkmask: u32,
    /// `skbprio`.
    pub skbprio: u32,
    /// `skbqueue`.
    pub skbqueue: u16,
}

/// `INVALID_UID`/`INVALID_GID`: what `make_kuid`/`make_kgid` give for an unmapped id.
pub const INVALID_ID: u32 = u32::MAX;

/// The socket of a packet as `xt_owner` sees it ([`Env::sock_owner`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SockOwner {
    /// No full socket, a socket without `sk_socket`, or one of another network namespace.
    #[default]
    None,
    /// A socket whose `sk_socket->file` is gone (closed) or never was (a kernel socket).
    NoFile,
    /// A socket with a file: the file's credentials, as kernel ids.
    File {
        /// `__kuid_val(f_cred->fsuid)`.
        fsuid: u32,
        /// `__kgid_val(f_cred->fsgid)`.
        fsgid: u32,
        /// Whether a supplementary group lies in the range asked for (false when none was).
        suppl: bool,
    },
}
