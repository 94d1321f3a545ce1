// SPDX-License-Identifier: GPL-2.0

//! The packet path: `ipt_do_table` over a validated [`Ruleset`]. It reads only typed data,
//! never allocates, and never recurses.

use super::abi::{ct_flags, ct_state, IptIcmp, XtConntrack, XtTcp, XtUdp, IFNAMSIZ};
use super::abi::{
    IPT_F_FRAG, IPT_ICMP_INV, IPT_INV_DSTIP, IPT_INV_FRAG, IPT_INV_PROTO, IPT_INV_SRCIP,
    IPT_INV_VIA_IN, IPT_INV_VIA_OUT, XT_TCP_INV_DSTPT, XT_TCP_INV_FLAGS, XT_TCP_INV_OPTION,
    XT_TCP_INV_SRCPT, XT_UDP_INV_DSTPT, XT_UDP_INV_SRCPT,
};
use super::ext::{ConntrackMatch, Match, TargetExt};
use super::parse::{IpMatch, JumpStack, Ruleset, Target};
use super::tables::{Hook, Verdict};

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

/// The conntrack entry of a packet, as the `conntrack` and `state` matches read it. Only
/// [`CtKind::Tracked`] gives the other fields a meaning.
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
}

/// What the caller of [`evaluate`] made of a [`TargetExt`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetVerdict {
    /// `XT_CONTINUE`: go on with the next rule.
    Continue,
    /// `NF_ACCEPT`: stop, accept.
    Accept,
    /// `NF_DROP`: stop, drop.
    Drop,
}

/// The parts of a packet the built-in matches look at; the kernel side fills it from the skb.
#[derive(Clone, Copy, Debug)]
pub struct Packet<'a> {
    /// Source address (host order, from the big-endian header field).
    pub saddr: u32,
    /// Destination address (host order).
    pub daddr: u32,
    /// IP protocol.
    pub protocol: u8,
    /// Fragment offset in 8-byte units (`ntohs(iph->frag_off) & IP_OFFSET`); non-zero for
    /// non-first fragments. The more-fragments bit plays no part in matching upstream.
    pub frag_off: u16,
    /// Input device name, NUL-padded (all zero when there is no input device).
    pub in_iface: [u8; IFNAMSIZ],
    /// Output device name, NUL-padded (all zero when there is no output device).
    pub out_iface: [u8; IFNAMSIZ],
    /// The transport header and what follows it, as far as the packet goes: at least
    /// `min(60, bytes available)` bytes so that TCP options can be read. Shorter than a
    /// header means a truncated packet, which the matches drop (hotdrop) like upstream.
    pub l4: &'a [u8],
    /// `skb->len`, for the byte counters.
    pub len: u32,
    /// The packet's conntrack entry. Only the `conntrack` and `state` matches read it; the
    /// default ([`CtKind::Invalid`]) will do when [`Ruleset::needs_ct_info`] is false.
    pub ct: CtInfo,
}

/// The result of running a table on a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `NF_ACCEPT`.
    Accept,
    /// `NF_DROP`.
    Drop,
    /// `NF_QUEUE` to queue 0.
    Queue,
}

impl Outcome {
    /// The hook verdict. oxtables registers no queue handler, and without one `nf_queue()`
    /// frees the packet (no bypass flag is set for the standard QUEUE verdict), so QUEUE drops.
    pub fn verdict(self) -> Verdict {
        match self {
            Outcome::Accept => Verdict::Accept,
            Outcome::Drop | Outcome::Queue => Verdict::Drop,
        }
    }
}

/// The result of one match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MatchResult {
    /// The match matched.
    Yes,
    /// The match did not match.
    No,
    /// The match cannot examine the packet: drop it (`par->hotdrop`).
    HotDrop,
}

/// `NF_INVF`: `cond` inverted if `flag` is set in `inv`.
fn invf(inv: u8, flag: u8, cond: bool) -> bool {
    cond ^ (inv & flag != 0)
}

/// `ifname_compare_aligned`: whether `dev` differs from `name` under `mask`.
fn ifname_differs(dev: &[u8; IFNAMSIZ], name: &[u8; IFNAMSIZ], mask: &[u8; IFNAMSIZ]) -> bool {
    dev.iter()
        .zip(name)
        .zip(mask)
        .any(|((d, n), m)| (d ^ n) & m != 0)
}

/// `ip_packet_match`.
pub fn ip_packet_match(ip: &IpMatch, pkt: &Packet<'_>) -> bool {
    let inv = ip.invflags;
    if invf(inv, IPT_INV_SRCIP, pkt.saddr & ip.smsk != ip.src)
        || invf(inv, IPT_INV_DSTIP, pkt.daddr & ip.dmsk != ip.dst)
    {
        return false;
    }
    if invf(
        inv,
        IPT_INV_VIA_IN,
        ifname_differs(&pkt.in_iface, &ip.iniface, &ip.iniface_mask),
    ) {
        return false;
    }
    if invf(
        inv,
        IPT_INV_VIA_OUT,
        ifname_differs(&pkt.out_iface, &ip.outiface, &ip.outiface_mask),
    ) {
        return false;
    }
    if ip.proto != 0 && invf(inv, IPT_INV_PROTO, u16::from(pkt.protocol) != ip.proto) {
        return false;
    }
    if invf(
        inv,
        IPT_INV_FRAG,
        ip.flags & IPT_F_FRAG != 0 && pkt.frag_off == 0,
    ) {
        return false;
    }
    true
}

/// A big-endian `u16` at `off` of `b`.
fn be16(b: &[u8], off: usize) -> Option<u16> {
    super::abi::read_array(b, off).map(u16::from_be_bytes)
}

/// `port_match`.
fn port_match(range: [u16; 2], port: u16, invert: bool) -> bool {
    (port >= range[0] && port <= range[1]) ^ invert
}

/// `tcp_find_option` over the option bytes (`None` when the options are truncated).
fn tcp_find_option(option: u8, opts: Option<&[u8]>, optlen: usize, invert: bool) -> MatchResult {
    if optlen == 0 {
        return yes(invert);
    }
    let Some(op) = opts else {
        return MatchResult::HotDrop;
    };
    let mut i = 0usize;
    while i < optlen {
        let Some(&kind) = op.get(i) else {
            return MatchResult::HotDrop;
        };
        if kind == option {
            return yes(!invert);
        }
        // NO-OVERFLOW: `i < optlen <= 40`.
        if kind < 2 || i == optlen - 1 {
            i += 1;
        } else {
            let len = op.get(i + 1).copied().unwrap_or(0);
            i += if len == 0 { 1 } else { usize::from(len) };
        }
    }
    yes(invert)
}

/// `tcp_mt`.
fn tcp_match(t: &XtTcp, pkt: &Packet<'_>) -> MatchResult {
    if pkt.frag_off != 0 {
        // A fragment at offset 8 bytes could overwrite the flags: drop it.
        return if pkt.frag_off == 1 {
            MatchResult::HotDrop
        } else {
            MatchResult::No
        };
    }
    let (Some(sport), Some(dport), Some(&flags), Some(&doff)) = (
        be16(pkt.l4, 0),
        be16(pkt.l4, 2),
        pkt.l4.get(13),
        pkt.l4.get(12),
    ) else {
        return MatchResult::HotDrop;
    };
    if pkt.l4.len() < 20 {
        return MatchResult::HotDrop;
    }
    if !port_match(t.spts, sport, t.invflags & XT_TCP_INV_SRCPT != 0)
        || !port_match(t.dpts, dport, t.invflags & XT_TCP_INV_DSTPT != 0)
    {
        return MatchResult::No;
    }
    if !invf(
        t.invflags,
        XT_TCP_INV_FLAGS,
        flags & t.flg_mask == t.flg_cmp,
    ) {
        return MatchResult::No;
    }
    if t.option != 0 {
        let hdr_len = usize::from(doff >> 4) * 4;
        if hdr_len < 20 {
            return MatchResult::HotDrop;
        }
        let optlen = hdr_len - 20;
        return tcp_find_option(
            t.option,
            pkt.l4.get(20..hdr_len),
            optlen,
            t.invflags & XT_TCP_INV_OPTION != 0,
        );
    }
    MatchResult::Yes
}

/// `udp_mt`.
fn udp_match(u: &XtUdp, pkt: &Packet<'_>) -> MatchResult {
    if pkt.frag_off != 0 {
        return MatchResult::No;
    }
    if pkt.l4.len() < 8 {
        return MatchResult::HotDrop;
    }
    let (Some(sport), Some(dport)) = (be16(pkt.l4, 0), be16(pkt.l4, 2)) else {
        return MatchResult::HotDrop;
    };
    if port_match(u.spts, sport, u.invflags & XT_UDP_INV_SRCPT != 0)
        && port_match(u.dpts, dport, u.invflags & XT_UDP_INV_DSTPT != 0)
    {
        MatchResult::Yes
    } else {
        MatchResult::No
    }
}

/// `icmp_match`.
fn icmp_match(i: &IptIcmp, pkt: &Packet<'_>) -> MatchResult {
    if pkt.frag_off != 0 {
        return MatchResult::No;
    }
    if pkt.l4.len() < 8 {
        return MatchResult::HotDrop;
    }
    let (Some(&ty), Some(&code)) = (pkt.l4.first(), pkt.l4.get(1)) else {
        return MatchResult::HotDrop;
    };
    let hit = i.icmp_type == 0xff || (ty == i.icmp_type && code >= i.code[0] && code <= i.code[1]);
    if hit ^ (i.invflags & IPT_ICMP_INV != 0) {
        MatchResult::Yes
    } else {
        MatchResult::No
    }
}

use super::abi::ct_state::STATE_UNTRACKED as XT_STATE_UNTRACKED;
/// `IPS_SRC_NAT` (`1 << IPS_SRC_NAT_BIT`).
const IPS_SRC_NAT: u32 = 1 << 4;
/// `IPS_DST_NAT` (`1 << IPS_DST_NAT_BIT`).
const IPS_DST_NAT: u32 = 1 << 5;

/// `state_mt`.
fn state_match(statemask: u32, ct: &CtInfo) -> bool {
    let statebit = match ct.kind {
        CtKind::Tracked { ctinfo } => ct_state::bit(ctinfo),
        CtKind::Untracked => XT_STATE_UNTRACKED,
        CtKind::Invalid => ct_state::INVALID,
    };
    statemask & statebit != 0
}

/// `conntrack_addrcmp` for IPv4: `addr` (big-endian bytes) under `mask` equals `have`.
fn addr_match(have: u32, addr: [u8; 4], mask: [u8; 4]) -> bool {
    (have ^ u32::from_be_bytes(addr)) & u32::from_be_bytes(mask) == 0
}

/// `conntrack_mt` (with `ct_proto_port_check` for revisions 1 and 2, `ct_proto_port_check_v3`
/// for revision 3).
fn conntrack_match(c: &ConntrackMatch, ct: &CtInfo) -> bool {
    let info = &c.info;
    let has = |flag: u16| info.match_flags & flag != 0;
    // Upstream's `if (flags & F && cond ^ !(invert & F)) return false`: the criterion holds
    // when `cond` differs from its inversion bit.
    let holds = |flag: u16, cond: bool| cond ^ (info.invert_flags & flag != 0);

    let mut statebit = match ct.kind {
        CtKind::Tracked { ctinfo } => ct_state::bit(ctinfo),
        CtKind::Untracked => ct_state::CT_UNTRACKED,
        CtKind::Invalid => ct_state::INVALID,
    };
    if has(ct_flags::STATE) {
        if let CtKind::Tracked { .. } = ct.kind {
            if ct.status & IPS_SRC_NAT != 0 {
                statebit |= ct_state::CT_SNAT;
            }
            if ct.status & IPS_DST_NAT != 0 {
                statebit |= ct_state::CT_DNAT;
            }
        }
        if !holds(ct_flags::STATE, u32::from(info.state_mask) & statebit != 0) {
            return false;
        }
    }
    let CtKind::Tracked { ctinfo } = ct.kind else {
        // No entry: only a state criterion can match.
        return has(ct_flags::STATE);
    };
    // `CTINFO2DIR`: original below `IP_CT_IS_REPLY`.
    let original = ctinfo < ct_state::IP_CT_IS_REPLY;
    if has(ct_flags::DIRECTION) && !holds(ct_flags::DIRECTION, original) {
        return false;
    }
    let addrs = [
        (
            ct_flags::ORIGSRC,
            ct.orig_src,
            info.origsrc_addr,
            info.origsrc_mask,
        ),
        (
            ct_flags::ORIGDST,
            ct.orig_dst,
            info.origdst_addr,
            info.origdst_mask,
        ),
        (
            ct_flags::REPLSRC,
            ct.repl_src,
            info.replsrc_addr,
            info.replsrc_mask,
        ),
        (
            ct_flags::REPLDST,
            ct.repl_dst,
            info.repldst_addr,
            info.repldst_mask,
        ),
    ];
    for (flag, have, addr, mask) in addrs {
        if has(flag) && !holds(flag, addr_match(have, addr, mask)) {
            return false;
        }
    }
    if has(ct_flags::PROTO) && !holds(ct_flags::PROTO, u16::from(ct.l4proto) == info.l4proto) {
        return false;
    }
    // Revisions 1 and 2 compare the raw big-endian port for equality, revision 3 takes a
    // host-order range: `port_range` makes both a range.
    let ports = [
        (
            ct_flags::ORIGSRC_PORT,
            ct.orig_sport,
            info.origsrc_port,
            info.origsrc_port_high,
        ),
        (
            ct_flags::ORIGDST_PORT,
            ct.orig_dport,
            info.origdst_port,
            info.origdst_port_high,
        ),
        (
            ct_flags::REPLSRC_PORT,
            ct.repl_sport,
            info.replsrc_port,
            info.replsrc_port_high,
        ),
        (
            ct_flags::REPLDST_PORT,
            ct.repl_dport,
            info.repldst_port,
            info.repldst_port_high,
        ),
    ];
    for (flag, have, port, high) in ports {
        let (lo, hi) = XtConntrack::port_range(c.revision, port, high);
        if has(flag) && !holds(flag, have >= lo && have <= hi) {
            return false;
        }
    }
    if has(ct_flags::STATUS)
        && !holds(
            ct_flags::STATUS,
            u32::from(info.status_mask) & ct.status != 0,
        )
    {
        return false;
    }
    if has(ct_flags::EXPIRES) {
        let e = ct.expires_secs;
        if !holds(
            ct_flags::EXPIRES,
            e >= info.expires_min && e <= info.expires_max,
        ) {
            return false;
        }
    }
    true
}

/// A boolean match result.
fn yes(b: bool) -> MatchResult {
    if b {
        MatchResult::Yes
    } else {
        MatchResult::No
    }
}

/// Runs one match on `pkt`.
fn run_match(m: &Match, pkt: &Packet<'_>) -> MatchResult {
    match m {
        Match::Tcp(t) => tcp_match(t, pkt),
        Match::Udp(u) => udp_match(u, pkt),
        Match::Icmp(i) => icmp_match(i, pkt),
        Match::Conntrack(c) => yes(conntrack_match(c, &pkt.ct)),
        Match::State(mask) => yes(state_match(*mask, &pkt.ct)),
    }
}

/// Runs the table `rs` on `pkt` at `hook`, as `ipt_do_table` does.
///
/// `on_match` is called with the index of every rule that matches, before its target runs
/// (that is where the caller bumps the rule's counters by one packet and `pkt.len` bytes).
/// `on_target` then carries out a [`Target::Ext`]: [`TargetVerdict::Continue`] goes on with
/// the next rule (`XT_CONTINUE`), `Accept` and `Drop` end the walk with that verdict.
/// `stack` holds the return points of jumps; a jump deeper than [`Ruleset::stack_size`] (or
/// than `stack` holds) drops the packet, like upstream. A hook the table is not attached to
/// accepts: the table has nothing to say there.
pub fn evaluate(
    rs: &Ruleset,
    hook: Hook,
    pkt: &Packet<'_>,
    stack: &mut JumpStack,
    mut on_match: impl FnMut(u32),
    mut on_target: impl FnMut(&TargetExt) -> TargetVerdict,
) -> Outcome {
    let Some(mut idx) = rs.hook_entry(hook) else {
        return Outcome::Accept;
    };
    let rules = rs.rules();
    let slots = stack.slots.as_mut_slice();
    let depth = slots.len().min(rs.stack_size() as usize);
    let mut sp = 0usize;
    loop {
        let Some(rule) = rules.get(idx as usize) else {
            // Unreachable for a validated ruleset: paths end in verdicts.
            return Outcome::Drop;
        };
        // A validated ruleset never falls through its last rule; `u32::MAX` is out of range.
        let next = idx.saturating_add(1);
        if !ip_packet_match(&rule.ip, pkt) {
            idx = next;
            continue;
        }
        let mut verdict = MatchResult::Yes;
        for m in rule.matches.iter() {
            verdict = run_match(m, pkt);
            if verdict != MatchResult::Yes {
                break;
            }
        }
        match verdict {
            MatchResult::Yes => {}
            MatchResult::No => {
                idx = next;
                continue;
            }
            MatchResult::HotDrop => return Outcome::Drop,
        }
        on_match(idx);
        match rule.target {
            Target::Accept => return Outcome::Accept,
            Target::Drop | Target::Error | Target::Unreachable => return Outcome::Drop,
            Target::Queue => return Outcome::Queue,
            Target::Return => {
                if sp == 0 {
                    match rs.underflow(hook) {
                        Some(u) => idx = u,
                        None => return Outcome::Drop,
                    }
                } else {
                    sp -= 1;
                    match slots.get(sp) {
                        Some(&from) => idx = from.saturating_add(1),
                        None => return Outcome::Drop,
                    }
                }
            }
            Target::Jump(to) => {
                if sp >= depth {
                    return Outcome::Drop;
                }
                match slots.get_mut(sp) {
                    Some(slot) => *slot = idx,
                    None => return Outcome::Drop,
                }
                sp += 1;
                idx = to;
            }
            Target::Goto(to) => idx = to,
            Target::Ext(ref t) => match on_target(t) {
                TargetVerdict::Continue => idx = next,
                TargetVerdict::Accept => return Outcome::Accept,
                TargetVerdict::Drop => return Outcome::Drop,
            },
        }
    }
}
