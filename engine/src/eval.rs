// SPDX-License-Identifier: GPL-2.0

//! The packet path: `ipt_do_table` over a validated [`Ruleset`]. It reads only typed data,
//! never allocates, and never recurses.

use super::abi::IFNAMSIZ;
use super::abi::{
    IPT_F_FRAG, IPT_INV_DSTIP, IPT_INV_FRAG, IPT_INV_PROTO, IPT_INV_SRCIP, IPT_INV_VIA_IN,
    IPT_INV_VIA_OUT,
};
use super::env::{Env, TraceComment};
use super::ext::{MatchResult, TargetVerdict};
use super::parse::{IpMatch, JumpStack, Ruleset, Target};
use super::tables::{Hook, Verdict};

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
    /// `iph->tos`.
    pub tos: u8,
    /// `iph->ttl`.
    pub ttl: u8,
    /// `ntohs(iph->tot_len)`.
    pub tot_len: u16,
}

/// The result of running a table on a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `NF_ACCEPT`.
    Accept,
    /// `NF_DROP`.
    Drop,
    /// `NF_QUEUE` to queue 0 (the standard `QUEUE` verdict).
    Queue,
    /// `NF_QUEUE_NR(num)` from a target (`NFQUEUE`), with the bypass flag if `bypass`.
    QueueTo {
        /// The queue number.
        num: u16,
        /// `NF_VERDICT_FLAG_QUEUE_BYPASS`.
        bypass: bool,
    },
}

impl Outcome {
    /// The hook verdict. A queued packet goes to `nf_queue()`, which drops it unless a program
    /// listens on the queue (or the bypass flag says to accept it).
    pub fn verdict(self) -> Verdict {
        match self {
            Outcome::Accept => Verdict::Accept,
            Outcome::Drop => Verdict::Drop,
            Outcome::Queue => Verdict::Queue {
                num: 0,
                bypass: false,
            },
            Outcome::QueueTo { num, bypass } => Verdict::Queue { num, bypass },
        }
    }
}

/// `NF_INVF`: `cond` inverted if `flag` is set in `inv`.
fn invf(inv: u8, flag: u8, cond: bool) -> bool {
    cond ^ (inv & flag != 0)
}

/// `ifname_compare_aligned`: whether `dev` differs from `name` under `mask`, compared as whole
/// words like upstream (a byte loop, or a copy per word, costs a non-matching rule several times
/// more; a `u128` is two registers on x86-64).
#[inline(always)]
fn ifname_differs(dev: &[u8; IFNAMSIZ], name: &[u8; IFNAMSIZ], mask: &[u8; IFNAMSIZ]) -> bool {
    (u128::from_ne_bytes(*dev) ^ u128::from_ne_bytes(*name)) & u128::from_ne_bytes(*mask) != 0
}

/// `ip_packet_match`. Inlined into the walk: a call per rule costs as much as the checks.
#[inline(always)]
pub fn ip_packet_match(ip: &IpMatch, pkt: &Packet<'_>) -> bool {
    let inv = ip.invflags;
    if inv == 0 {
        // Most rules invert nothing: the same checks without the inversion arithmetic.
        return pkt.saddr & ip.smsk == ip.src
            && pkt.daddr & ip.dmsk == ip.dst
            && !(ip.ifaces & IpMatch::IN_IFACE != 0
                && ifname_differs(&pkt.in_iface, &ip.iniface, &ip.iniface_mask))
            && !(ip.ifaces & IpMatch::OUT_IFACE != 0
                && ifname_differs(&pkt.out_iface, &ip.outiface, &ip.outiface_mask))
            && (ip.proto == 0 || u16::from(pkt.protocol) == ip.proto)
            && !(ip.flags & IPT_F_FRAG != 0 && pkt.frag_off == 0);
    }
    if invf(inv, IPT_INV_SRCIP, pkt.saddr & ip.smsk != ip.src)
        || invf(inv, IPT_INV_DSTIP, pkt.daddr & ip.dmsk != ip.dst)
    {
        return false;
    }
    if invf(
        inv,
        IPT_INV_VIA_IN,
        ip.ifaces & IpMatch::IN_IFACE != 0
            && ifname_differs(&pkt.in_iface, &ip.iniface, &ip.iniface_mask),
    ) {
        return false;
    }
    if invf(
        inv,
        IPT_INV_VIA_OUT,
        ip.ifaces & IpMatch::OUT_IFACE != 0
            && ifname_differs(&pkt.out_iface, &ip.outiface, &ip.outiface_mask),
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

/// How many transport bytes a walk reads again after a target rewrote them
/// ([`TargetVerdict::ContinueL4Rewritten`]): a TCP header with every option, as the hooks fill
/// [`Packet::l4`].
pub const L4_BYTES: usize = 60;

impl Packet<'_> {
    /// This packet with `l4` as its transport bytes (every other field copied).
    pub fn with_l4<'b>(&self, l4: &'b [u8]) -> Packet<'b> {
        Packet {
            saddr: self.saddr,
            daddr: self.daddr,
            protocol: self.protocol,
            frag_off: self.frag_off,
            in_iface: self.in_iface,
            out_iface: self.out_iface,
            l4,
            len: self.len,
            tos: self.tos,
            ttl: self.ttl,
            tot_len: self.tot_len,
        }
    }
}

/// Runs the table `rs` on `pkt` at `hook`, as `ipt_do_table` does.
///
/// `on_match` is called with the index of every rule that matches, before its target runs
/// (that is where the caller bumps the rule's counters by one packet and `pkt.len` bytes).
/// Matches and targets reach the kernel through `env`. `stack` holds the return points of
/// jumps; a jump deeper than [`Ruleset::stack_size`] (or than `stack` holds) drops the packet,
/// like upstream. A hook the table is not attached to accepts: the table has nothing to say
/// there.
pub fn evaluate<E: Env>(
    rs: &Ruleset,
    hook: Hook,
    pkt: &Packet<'_>,
    stack: &mut JumpStack,
    env: &mut E,
    mut on_match: impl FnMut(u32),
) -> Outcome {
    evaluate_counting(rs, hook, pkt, stack, env, |i, _| on_match(i))
}

/// [`evaluate`], with `on_match` also given the packet's length at the time the rule matched
/// (`skb->len`, which `ipt_do_table` adds to the rule's byte counter): a target earlier in the
/// walk may have grown the packet (`TCPMSS` adds an option).
pub fn evaluate_counting<E: Env>(
    rs: &Ruleset,
    hook: Hook,
    pkt: &Packet<'_>,
    stack: &mut JumpStack,
    env: &mut E,
    mut on_match: impl FnMut(u32, u32),
) -> Outcome {
    let Some(idx) = rs.hook_entry(hook) else {
        return Outcome::Accept;
    };
    let slots = stack.slots.as_mut_slice();
    let depth = slots.len().min(rs.stack_size() as usize);
    let mut walk = Walk {
        idx,
        sp: 0,
        // `skb->nf_trace` changes only through a target.
        traced: env.nf_trace(),
        depth,
    };
    // Targets that rewrite header fields update this copy, so later matches see what they
    // wrote, as upstream's read the skb.
    let mut cur = *pkt;
    let mut step = walk.run(rs, hook, &mut cur, slots, env, &mut on_match);
    // A target rewrote the transport bytes: the walk goes on over a fresh copy of them (each
    // copy lives for one leg of the walk, so the next rewrite can refill the buffer).
    let mut l4 = [0u8; L4_BYTES];
    loop {
        match step {
            Step::Done(o) => return o,
            Step::Reread => {
                let n = env.l4_read(&mut l4).min(L4_BYTES);
                let mut p = cur.with_l4(l4.get(..n).unwrap_or(&[]));
                step = walk.run(rs, hook, &mut p, slots, env, &mut on_match);
                cur = p.with_l4(&[]);
            }
        }
    }
}

/// Where a walk is: the next rule, the jump stack's depth, whether the packet is traced.
struct Walk {
    /// The next rule to look at.
    idx: u32,
    /// How many return points are on the stack.
    sp: usize,
    /// `skb->nf_trace`, as last read.
    traced: bool,
    /// How many return points the stack may hold.
    depth: usize,
}

/// How a leg of a walk ended.
enum Step {
    /// With the table's verdict.
    Done(Outcome),
    /// A target rewrote the transport bytes: read them again and go on.
    Reread,
}

impl Walk {
    /// Walks the rules from `self.idx` until a verdict, or until a target rewrote the
    /// transport bytes (then `self` says where to go on).
    fn run<E: Env>(
        &mut self,
        rs: &Ruleset,
        hook: Hook,
        pkt: &mut Packet<'_>,
        slots: &mut [u32],
        env: &mut E,
        on_match: &mut impl FnMut(u32, u32),
    ) -> Step {
        let rules = rs.rules();
        loop {
            // The classifier skips the rules that cannot match (the same ones the linear walk
            // would pass over without a side effect).
            let idx = match rs.classifier() {
                Some(c) => c.next_candidate(self.idx, pkt),
                None => self.idx,
            };
            let Some(rule) = rules.get(idx as usize) else {
                // Unreachable for a validated ruleset: paths end in verdicts.
                return Step::Done(Outcome::Drop);
            };
            // A validated ruleset never falls through its last rule; `u32::MAX` is out of
            // range.
            let next = idx.saturating_add(1);
            if !ip_packet_match(&rule.ip, pkt) {
                self.idx = next;
                continue;
            }
            let mut verdict = MatchResult::Yes;
            for m in rule.matches.iter() {
                verdict = m.run(pkt, env);
                if verdict != MatchResult::Yes {
                    break;
                }
            }
            match verdict {
                MatchResult::Yes => {}
                MatchResult::No => {
                    self.idx = next;
                    continue;
                }
                MatchResult::HotDrop => return Step::Done(Outcome::Drop),
            }
            on_match(idx, pkt.len);
            if self.traced {
                trace_packet(rs, hook, idx, env);
            }
            match rule.target {
                Target::Accept => return Step::Done(Outcome::Accept),
                Target::Drop | Target::Error | Target::Unreachable => {
                    return Step::Done(Outcome::Drop)
                }
                Target::Queue => return Step::Done(Outcome::Queue),
                Target::Return => {
                    if self.sp == 0 {
                        match rs.underflow(hook) {
                            Some(u) => self.idx = u,
                            None => return Step::Done(Outcome::Drop),
                        }
                    } else {
                        self.sp -= 1;
                        match slots.get(self.sp) {
                            Some(&from) => self.idx = from.saturating_add(1),
                            None => return Step::Done(Outcome::Drop),
                        }
                    }
                }
                Target::Jump(to) => {
                    if self.sp >= self.depth {
                        return Step::Done(Outcome::Drop);
                    }
                    match slots.get_mut(self.sp) {
                        Some(slot) => *slot = idx,
                        None => return Step::Done(Outcome::Drop),
                    }
                    self.sp += 1;
                    self.idx = to;
                }
                Target::Goto(to) => self.idx = to,
                Target::Ext(ref t) => match t.run(pkt, env) {
                    TargetVerdict::Continue => {
                        self.traced = env.nf_trace();
                        self.idx = next;
                    }
                    TargetVerdict::ContinueL4Rewritten => {
                        self.traced = env.nf_trace();
                        self.idx = next;
                        return Step::Reread;
                    }
                    TargetVerdict::Accept => return Step::Done(Outcome::Accept),
                    TargetVerdict::Drop => return Step::Done(Outcome::Drop),
                    TargetVerdict::Queue { num, bypass } => {
                        return Step::Done(Outcome::QueueTo { num, bypass })
                    }
                },
            }
        }
    }
}

/// `trace_packet` (`ip_tables.c`): names rule `e` for the TRACE log line as upstream does. It
/// walks the entries in blob order from `hook`'s first rule: an ERROR entry (a user chain's head)
/// starts a chain and resets the count, any other entry counts one, and `e` ends the walk; an
/// unconditional standard verdict at `e` is the chain's policy (in the hook's own chain) or its
/// return. Upstream's walk runs to the end of the table if `e` lies before the hook's first rule;
/// so does this one.
fn trace_packet<E: Env>(rs: &Ruleset, hook: Hook, e: u32, env: &mut E) {
    let Some(root) = rs.hook_entry(hook) else {
        return;
    };
    let mut chain: &[u8] = hook.chain_name().as_bytes();
    let mut in_hook_chain = true;
    let mut comment = TraceComment::Rule;
    let mut rulenum = 0u32;
    let rules = rs.rules();
    // CAST: rule indices fit in `u32`.
    for (i, rule) in rules.iter().enumerate().skip(root as usize) {
        // CAST: as above.
        let i = i as u32;
        if rule.target == Target::Error {
            chain = rs.chain_at(i).unwrap_or(b"ERROR");
            in_hook_chain = false;
            rulenum = 0;
        } else if i == e {
            rulenum = rulenum.wrapping_add(1);
            let verdict = matches!(
                rule.target,
                Target::Accept | Target::Drop | Target::Queue | Target::Return
            );
            if rule.uncond && verdict {
                comment = if in_hook_chain {
                    TraceComment::Policy
                } else {
                    TraceComment::Return
                };
            }
            break;
        } else {
            rulenum = rulenum.wrapping_add(1);
        }
    }
    env.trace(rs.table_name(), chain, comment, rulenum);
}
