// SPDX-License-Identifier: GPL-2.0

//! The `TCPMSS` target (`net/netfilter/xt_TCPMSS.c`, its IPv4 half; `struct xt_tcpmss_info`):
//! lowers the MSS option of a TCP SYN to a value, or to the path MTU less 40 bytes, and adds
//! the option when the segment has none and room for it.
//!
//! What changes is decided here ([`plan`]: which bytes, to what, whether to insert); the
//! packet is made writable, grown, written and its checksums updated through [`Env`], in the
//! order `tcpmss_mangle_packet` and `tcpmss_tg4` do it.

use super::super::abi::{proto, put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::tcpmss::{TCPOLEN_MSS, TCPOPT_MSS, TCP_HDR_LEN};
use super::tcpudp::XT_TCP_INV_FLAGS;
use super::{hook_bit, CheckParam, ExtId, Match, Reg, TargetDef, TargetVerdict};

/// `sizeof(struct xt_tcpmss_info)`.
pub const XT_TCPMSS_INFO_SIZE: usize = 2;
/// `XT_TCPMSS_CLAMP_PMTU`: the `mss` of `--clamp-mss-to-pmtu`.
pub const XT_TCPMSS_CLAMP_PMTU: u16 = 0xffff;
/// `TCPHDR_SYN`.
pub const TCPHDR_SYN: u8 = 0x02;
/// `sizeof(struct iphdr) + sizeof(struct tcphdr)`: what `--clamp-mss-to-pmtu` takes off the
/// MTU (`minlen`).
pub const MINLEN: u32 = 40;
/// RFC 1122's default send MSS, the most an added option says.
pub const DEFAULT_MSS: u16 = 536;
/// The longest TCP header (`doff` is 4 bits).
pub const TCP_MAX_HDR_LEN: usize = 15 * 4;
/// `tcph->doff += TCPOLEN_MSS / 4` on the byte that holds `doff` in its high 4 bits.
const DOFF_STEP: u8 = (TCPOLEN_MSS / 4) << 4;

/// `struct xt_tcpmss_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTcpmssInfo {
    /// The MSS to set, or [`XT_TCPMSS_CLAMP_PMTU`].
    pub mss: u16,
}

impl XtTcpmssInfo {
    /// Decodes the first 2 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            mss: read_u16(b, 0)?,
        })
    }

    /// Encodes to the 2-byte wire form.
    pub fn encode(&self) -> [u8; XT_TCPMSS_INFO_SIZE] {
        let mut b = [0u8; XT_TCPMSS_INFO_SIZE];
        put(&mut b, 0, &self.mss.to_ne_bytes());
        b
    }
}

/// `tcpmss_tg_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    proto: proto::TCP,
    ..Reg::target(ExtId::TcpmssTarget, b"TCPMSS", XT_TCPMSS_INFO_SIZE)
}];

/// The hooks `--clamp-mss-to-pmtu` may be reached from (where the packet has a route).
const CLAMP_HOOKS: u8 =
    hook_bit(Hook::Forward) | hook_bit(Hook::LocalOut) | hook_bit(Hook::PostRouting);

/// `tcpmss_tg4_check_hooks`: `--clamp-mss-to-pmtu` reached from PREROUTING or INPUT.
pub const CLAMP_HOOK: Reject = Reject::Check(
    "TCPMSS: path-MTU clamping only supported in FORWARD, OUTPUT and POSTROUTING hooks",
);
/// `tcpmss_tg4_check`: the rule has no `tcp` match that requires SYN (not inverted).
pub const NOT_SYN: Reject = Reject::Check("TCPMSS: Only works on TCP SYN packets");

/// A validated `TCPMSS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpmssTarget {
    /// `--set-mss`: at most this MSS.
    Set(u16),
    /// `--clamp-mss-to-pmtu`: at most the smaller MTU of the route and of the route back to
    /// the source, less 40.
    ClampPmtu,
}

/// `find_syn_match`: a `tcp` match whose flags must compare to a value with SYN set, not
/// inverted.
fn find_syn_match(m: &Match) -> bool {
    match m {
        Match::Tcp(t) => t.0.flg_cmp & TCPHDR_SYN != 0 && t.0.invflags & XT_TCP_INV_FLAGS == 0,
        _ => false,
    }
}

/// What `tcpmss_mangle_packet` does to a segment, once it knows the MSS it wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rewrite {
    /// Nothing: the option says no more than `newmss` already, or there is no option and no
    /// room to add one (data after the header, or a header of 60 bytes).
    Keep,
    /// The MSS option whose kind byte is at `at` (from the start of the TCP header) says `old`;
    /// it is to say `new`.
    Lower {
        /// Offset of the option's kind byte in the TCP header.
        at: usize,
        /// The option's value.
        old: u16,
        /// The value it gets.
        new: u16,
    },
    /// No MSS option: add one saying `mss` right after the fixed header, moving the other
    /// options on by 4 bytes.
    Insert {
        /// The value of the added option (at most [`DEFAULT_MSS`]).
        mss: u16,
    },
}

/// `xt_TCPMSS.c`'s `optlen`: the step from the option at `i` (a kind of 0 or 1, or a zero
/// length, steps one byte).
fn optlen(opt: &[u8], i: usize) -> usize {
    let kind = opt.get(i).copied().unwrap_or(0);
    let len = opt.get(i.saturating_add(1)).copied().unwrap_or(0);
    if kind <= 1 || len == 0 {
        1
    } else {
        usize::from(len)
    }
}

/// The length of the TCP header at the start of `l4` (`tcph->doff * 4`) if `len` transport
/// bytes hold a whole, well-formed one; `None` means `tcpmss_mangle_packet` returns -1 (the
/// packet is dropped).
pub fn tcp_hdrlen(l4: &[u8], len: u32) -> Option<usize> {
    let len = usize::try_from(len).ok()?;
    if len < TCP_HDR_LEN {
        return None;
    }
    let hdrlen = usize::from(l4.get(12)? >> 4) * 4;
    if len < hdrlen || hdrlen < TCP_HDR_LEN {
        return None;
    }
    Some(hdrlen)
}

/// `tcpmss_mangle_packet`'s decision for a segment whose TCP header (`hdrlen` bytes, from
/// [`tcp_hdrlen`]) is at the start of `l4`, `len` transport bytes long, when it wants the MSS
/// to be at most `newmss`.
pub fn plan(l4: &[u8], len: u32, hdrlen: usize, newmss: u16) -> Rewrite {
    let opt = l4;
    // `i <= tcp_hdrlen - TCPOLEN_MSS`: `hdrlen >= 20`, so no wrap.
    let last = hdrlen.saturating_sub(usize::from(TCPOLEN_MSS));
    let mut i = TCP_HDR_LEN;
    while i <= last {
        if opt.get(i) == Some(&TCPOPT_MSS) && opt.get(i + 1) == Some(&TCPOLEN_MSS) {
            let old = u16::from_be_bytes([
                opt.get(i + 2).copied().unwrap_or(0),
                opt.get(i + 3).copied().unwrap_or(0),
            ]);
            // Never increase the MSS, even when setting it.
            if old <= newmss {
                return Rewrite::Keep;
            }
            return Rewrite::Lower {
                at: i,
                old,
                new: newmss,
            };
        }
        // NO-OVERFLOW: `i <= 56` and a step is at most 255.
        i += optlen(opt, i);
    }
    // Data after the header: the option cannot be added without moving it.
    if usize::try_from(len).map_or(true, |len| len > hdrlen) {
        return Rewrite::Keep;
    }
    // `doff` would wrap to 0.
    if hdrlen >= TCP_MAX_HDR_LEN {
        return Rewrite::Keep;
    }
    Rewrite::Insert {
        mss: newmss.min(DEFAULT_MSS),
    }
}

impl TcpmssTarget {
    /// The MSS the segment may say at most, or `None` when the path MTU is unknown or too
    /// small (the packet is dropped).
    fn newmss<E: Env>(&self, pkt: &Packet<'_>, env: &mut E) -> Option<u16> {
        match *self {
            TcpmssTarget::Set(mss) => Some(mss),
            TcpmssTarget::ClampPmtu => {
                let in_mtu = env.route_mtu(pkt.saddr);
                let min_mtu = env.dst_mtu().min(in_mtu);
                if min_mtu <= MINLEN {
                    env.log_invalid_pmtu(min_mtu);
                    return None;
                }
                // CAST: `newmss = min_mtu - minlen` into a `u16`, as upstream.
                Some((min_mtu - MINLEN) as u16)
            }
        }
    }

    /// `tcpmss_mangle_packet` and `tcpmss_tg4`: `None` to drop the packet, else whether the
    /// transport bytes changed.
    fn mangle<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> Option<bool> {
        // A fragment: no TCP header.
        if pkt.frag_off != 0 {
            return Some(false);
        }
        if !env.make_writable() {
            return None;
        }
        let len = env.l4_len()?;
        let hdrlen = tcp_hdrlen(pkt.l4, len)?;
        let newmss = self.newmss(pkt, env)?;
        match plan(pkt.l4, len, hdrlen, newmss) {
            Rewrite::Keep => Some(false),
            Rewrite::Lower { at, old, new } => {
                // CAST: `at <= 56`.
                if !env.l4_write(at as u32 + 2, &new.to_be_bytes()) {
                    return None;
                }
                if !env.tcp_csum_replace2(old.to_be_bytes(), new.to_be_bytes(), false) {
                    return None;
                }
                Some(true)
            }
            Rewrite::Insert { mss } => {
                let grow = u32::from(TCPOLEN_MSS);
                if !env.l4_extend(grow) {
                    return None;
                }
                // The options move on by 4 bytes and the new one goes first.
                let opt = [TCPOPT_MSS, TCPOLEN_MSS, (mss >> 8) as u8, mss as u8];
                let mut opts = [0u8; TCP_MAX_HDR_LEN - TCP_HDR_LEN];
                let old = pkt.l4.get(TCP_HDR_LEN..hdrlen)?;
                // NO-OVERFLOW: `hdrlen < 60`, so the old options are at most 36 bytes.
                let n = old.len() + opt.len();
                opts.get_mut(..opt.len())?.copy_from_slice(&opt);
                opts.get_mut(opt.len()..n)?.copy_from_slice(old);
                // CAST: `TCP_HDR_LEN` is 20.
                if !env.l4_write(TCP_HDR_LEN as u32, opts.get(..n)?) {
                    return None;
                }
                // CAST: `len == hdrlen < 60` here.
                let len16 = len as u16;
                let ok =
                    env.tcp_csum_replace2(len16.to_be_bytes(), (len16 + 4).to_be_bytes(), true)
                        && env.tcp_csum_replace4([0; 4], opt, false);
                let doff_flags = [*pkt.l4.get(12)?, *pkt.l4.get(13)?];
                // NO-OVERFLOW: `doff < 15`, so one more fits its 4 bits.
                let grown = [doff_flags[0] + DOFF_STEP, doff_flags[1]];
                // `tcpmss_tg4`: then the IP header's total length and checksum.
                let ok = ok
                    && env.l4_write(12, &grown[..1])
                    && env.tcp_csum_replace2(doff_flags, grown, false)
                    && env.ip_add_tot_len(4);
                if !ok {
                    return None;
                }
                pkt.tot_len = pkt.tot_len.wrapping_add(4);
                pkt.len = pkt.len.saturating_add(grow);
                Some(true)
            }
        }
    }
}

impl TargetDef for TcpmssTarget {
    const REGS: &'static [Reg] = REGS;

    /// `tcpmss_tg4_check_hooks`, then `tcpmss_tg4_check`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info = XtTcpmssInfo::decode(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
        if info.mss == XT_TCPMSS_CLAMP_PMTU && par.hook_mask & !CLAMP_HOOKS != 0 {
            return Err(Error::Inval(CLAMP_HOOK));
        }
        if !par.matches.iter().any(find_syn_match) {
            return Err(Error::Inval(NOT_SYN));
        }
        Ok(match info.mss {
            XT_TCPMSS_CLAMP_PMTU => TcpmssTarget::ClampPmtu,
            mss => TcpmssTarget::Set(mss),
        })
    }

    /// `tcpmss_tg4`: `NF_DROP` when the packet cannot be handled, else `XT_CONTINUE`. The
    /// walk reads the transport bytes again after a rewrite; the length fields of `pkt` are
    /// updated here.
    fn run<E: Env>(&self, pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        match self.mangle(pkt, env) {
            None => TargetVerdict::Drop,
            Some(false) => TargetVerdict::Continue,
            Some(true) => TargetVerdict::ContinueL4Rewritten,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tcpmss::XtTcpmssMatchInfo;
    use super::super::testutil::*;
    use super::*;
    use crate::eval::evaluate_counting;

    fn payload(mss: u16) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..2].copy_from_slice(&XtTcpmssInfo { mss }.encode());
        p
    }

    /// `--tcp-flags mask cmp` (inverted if `inv`).
    fn flags(mask: u8, cmp: u8, inv: bool) -> XtTcp {
        XtTcp {
            spts: [0, 65535],
            dpts: [0, 65535],
            flg_mask: mask,
            flg_cmp: cmp,
            invflags: if inv { XT_TCP_INV_FLAGS } else { 0 },
            ..XtTcp::default()
        }
    }

    /// `--syn`: `--tcp-flags FIN,SYN,RST,ACK SYN`.
    fn syn() -> XtTcp {
        flags(0x17, 0x02, false)
    }

    fn tcp_m(t: XtTcp) -> Match {
        let mut b = [0u8; 16];
        b[..12].copy_from_slice(&t.encode());
        load_match(b"tcp", 0, &b, &par(b"mangle", FWD, 6))
            .unwrap()
            .0
    }

    fn check_with(mss: u16, hooks: u8, matches: &[Match]) -> Result<TargetExt, Error> {
        let p = CheckParam {
            matches,
            ..par(b"mangle", hooks, 6)
        };
        ext_of(load_target(b"TCPMSS", 0, &payload(mss), &p))
    }

    #[test]
    fn layout() {
        let i = XtTcpmssInfo { mss: 1400 };
        assert_eq!(i.encode(), 1400u16.to_ne_bytes());
        assert_eq!(XtTcpmssInfo::decode(&i.encode()), Some(i));
        assert_eq!(XtTcpmssInfo::decode(&[1]), None);
        let r = super::super::find(ExtKind::Target, b"TCPMSS", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (2, 8, 2));
        assert_eq!(
            (r.family, r.proto, r.hooks),
            (super::super::Family::Ipv4, 6, 0)
        );
        assert_eq!(r.table, None);
        assert_eq!(find_revision(ExtKind::Target, &name(b"TCPMSS"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"TCPMSS"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        // The match and the target are different names to the kernel.
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"TCPMSS"), 0),
            Err(Error::NoEnt(Reject::UnknownMatch))
        );
        assert_eq!(
            find_revision(ExtKind::Target, &name(b"tcpmss"), 0),
            Err(Error::NoEnt(Reject::UnknownTarget))
        );
    }

    #[test]
    fn needs_a_syn_match() {
        let ok = Ok(TargetExt::TcpmssTarget(TcpmssTarget::Set(1400)));
        assert_eq!(check_with(1400, FWD, &[tcp_m(syn())]), ok);
        // `--tcp-flags SYN,RST SYN`, `ALL SYN,ACK` (SYN/ACK), `NONE SYN`: `flg_cmp` has SYN.
        for (mask, cmp) in [(0x06, 0x02), (0x3f, 0x12), (0, 0x02), (0xff, 0xff)] {
            assert_eq!(check_with(1400, FWD, &[tcp_m(flags(mask, cmp, false))]), ok);
        }
        // SYN only in the mask, or flags inverted (`! --syn`), or no flags at all.
        for t in [
            flags(0x12, 0x10, false),
            syn_inv(),
            XtTcp::default(),
            flags(0x02, 0, false),
        ] {
            assert_eq!(
                check_with(1400, FWD, &[tcp_m(t)]),
                Err(Error::Inval(NOT_SYN))
            );
        }
        assert_eq!(check_with(1400, FWD, &[]), Err(Error::Inval(NOT_SYN)));
        // Any one of the matches will do, wherever it is; other inversions are fine.
        let dport_inv = XtTcp {
            dpts: [22, 22],
            invflags: XT_TCP_INV_DSTPT | XT_TCP_INV_OPTION,
            ..syn()
        };
        assert_eq!(check_with(1400, FWD, &[tcpmss_m(), tcp_m(dport_inv)]), ok);
        assert_eq!(check_with(1400, FWD, &[tcp_m(syn_inv()), tcp_m(syn())]), ok);
        assert_eq!(
            check_with(1400, FWD, &[tcpmss_m()]),
            Err(Error::Inval(NOT_SYN))
        );
    }

    fn syn_inv() -> XtTcp {
        flags(0x17, 0x02, true)
    }

    /// `-m tcpmss --mss 0:0`.
    fn tcpmss_m() -> Match {
        let mut b = [0u8; 8];
        b[..6].copy_from_slice(&XtTcpmssMatchInfo::default().encode());
        load_match(b"tcpmss", 0, &b, &par(b"mangle", FWD, 6))
            .unwrap()
            .0
    }

    #[test]
    fn clamp_hooks() {
        let s = [tcp_m(syn())];
        let clamp = Ok(TargetExt::TcpmssTarget(TcpmssTarget::ClampPmtu));
        for h in [FWD, OUT, POST, FWD | OUT | POST, 0] {
            assert_eq!(check_with(XT_TCPMSS_CLAMP_PMTU, h, &s), clamp);
        }
        for h in [PRE, IN, PRE | FWD, IN | POST] {
            assert_eq!(
                check_with(XT_TCPMSS_CLAMP_PMTU, h, &s),
                Err(Error::Inval(CLAMP_HOOK))
            );
            // `--set-mss` may be anywhere; 65534 is a value like any other.
            assert!(check_with(1400, h, &s).is_ok());
            assert!(check_with(0xfffe, h, &s).is_ok());
        }
        // `check_hooks` runs before `checkentry`.
        assert_eq!(
            check_with(XT_TCPMSS_CLAMP_PMTU, PRE, &[]),
            Err(Error::Inval(CLAMP_HOOK))
        );
    }

    #[test]
    fn x_tables_checks_first() {
        let s = [tcp_m(syn())];
        // Not `-p tcp` (or inverted): the protocol check, before the hooks and SYN checks.
        for (proto, inv) in [(0, false), (17, false), (6, true)] {
            let p = CheckParam {
                proto,
                inv_proto: inv,
                matches: &[],
                ..par(b"mangle", PRE, 6)
            };
            assert_eq!(
                load_target(b"TCPMSS", 0, &payload(XT_TCPMSS_CLAMP_PMTU), &p).err(),
                Some(Error::Inval(Reject::TargetProto))
            );
        }
        let p = CheckParam {
            matches: &s,
            ..par(b"mangle", FWD, 6)
        };
        for bad in [&[0u8; 2][..], &[0; 16], &[]] {
            assert_eq!(
                load_target(b"TCPMSS", 0, bad, &p).err(),
                Some(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        assert_eq!(
            load_target(b"TCPMSS", 1, &payload(1), &p).err(),
            Some(Error::NoEnt(Reject::TargetRevision))
        );
        // Every table.
        for t in [&b"filter"[..], b"raw", b"nat", b"mangle"] {
            let p = CheckParam {
                matches: &s,
                ..par(t, OUT, 6)
            };
            let (t, view) = load_target(b"TCPMSS", 0, &payload(1), &p).unwrap();
            assert_eq!(
                t,
                CheckedTarget::Ext(TargetExt::TcpmssTarget(TcpmssTarget::Set(1)))
            );
            assert_eq!(view.used, 2);
        }
    }

    fn mangle_table(fwd: &[R<'_>], pre: &[R<'_>], user: &[(&str, &[R<'_>])]) -> Vec<u8> {
        build(
            Table::Mangle,
            &[
                (Hook::PreRouting, pre, VERDICT_ACCEPT),
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, fwd, VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
                (Hook::PostRouting, &[], VERDICT_ACCEPT),
            ],
            user,
        )
    }

    fn tcpmss_rule(mss: u16, tcp: Option<XtTcp>) -> R<'static> {
        let m: &'static [ExtSpec<'static>] = match tcp {
            Some(t) => one(ext(b"tcp", 0, &t.encode())),
            None => &[],
        };
        rp(6, m, tgt(b"TCPMSS", 0, &payload(mss)))
    }

    /// `-p tcp -m tcpmss --mss min:max` without a target: a jump to entry `next`, the one
    /// after it, as libiptc encodes it.
    fn mss_count(min: u16, max: u16, next: usize) -> R<'static> {
        let mut b = [0u8; 8];
        b[..6].copy_from_slice(
            &XtTcpmssMatchInfo {
                mss_min: min,
                mss_max: max,
                invert: 0,
            }
            .encode(),
        );
        rp(
            6,
            one(ext(b"tcpmss", 0, &b)),
            T::Raw(TargetSpec::JumpTo(next)),
        )
    }

    #[test]
    fn through_a_table() {
        // The whole table goes through `translate_table`: the target sees its entry's
        // matches.
        let t = mangle_table(&[tcpmss_rule(1400, Some(syn()))], &[], &[]);
        assert!(parse_as(Table::Mangle, &t).is_ok());
        let t = mangle_table(&[tcpmss_rule(1400, Some(syn_inv()))], &[], &[]);
        rejects_as(Table::Mangle, &t, Error::Inval(NOT_SYN));
        let t = mangle_table(&[tcpmss_rule(1400, None)], &[], &[]);
        rejects_as(Table::Mangle, &t, Error::Inval(NOT_SYN));
        // A clamping rule in a chain PREROUTING reaches.
        let chain = [tcpmss_rule(XT_TCPMSS_CLAMP_PMTU, Some(syn()))];
        let t = mangle_table(&[r(T::Jump("c"))], &[r(T::Jump("c"))], &[("c", &chain)]);
        rejects_as(Table::Mangle, &t, Error::Inval(CLAMP_HOOK));
        let t = mangle_table(&[r(T::Jump("c"))], &[], &[("c", &chain)]);
        assert!(parse_as(Table::Mangle, &t).is_ok());
        // An unreachable clamping rule passes the hook check.
        let t = mangle_table(&[], &[], &[("c", &chain)]);
        assert!(parse_as(Table::Mangle, &t).is_ok());
    }

    const MSS_1460: [u8; 4] = [2, 4, 0x05, 0xb4];

    /// A SYN from 1000 to 80 with `opts`.
    fn syn_seg(opts: &[u8]) -> Vec<u8> {
        tcp_hdr(1000, 80, 0x02, opts)
    }

    #[test]
    fn header_lengths() {
        let h = syn_seg(&MSS_1460);
        assert_eq!(tcp_hdrlen(&h, 24), Some(24));
        assert_eq!(tcp_hdrlen(&h, 100), Some(24));
        // Fewer transport bytes than a TCP header, or than its `doff` says.
        assert_eq!(tcp_hdrlen(&h, 19), None);
        assert_eq!(tcp_hdrlen(&h, 23), None);
        let mut bad = h.clone();
        bad[12] = 4 << 4;
        assert_eq!(tcp_hdrlen(&bad, 24), None);
        bad[12] = 0;
        assert_eq!(tcp_hdrlen(&bad, 24), None);
        bad[12] = 15 << 4;
        assert_eq!(tcp_hdrlen(&bad, 59), None);
        assert_eq!(tcp_hdrlen(&bad, 60), Some(60));
        assert_eq!(tcp_hdrlen(&[0; 12], 40), None);
    }

    #[test]
    fn plans() {
        let p = |opts: &[u8], data: usize, mss: u16| {
            let h = syn_seg(opts);
            let len = (h.len() + data) as u32;
            plan(&h, len, h.len(), mss)
        };
        assert_eq!(
            p(&MSS_1460, 0, 1200),
            Rewrite::Lower {
                at: 20,
                old: 1460,
                new: 1200
            }
        );
        // Never raised, even by --set-mss; an equal value is left alone.
        assert_eq!(p(&MSS_1460, 0, 1461), Rewrite::Keep);
        assert_eq!(p(&MSS_1460, 0, 1460), Rewrite::Keep);
        assert_eq!(
            p(&MSS_1460, 0, 0),
            Rewrite::Lower {
                at: 20,
                old: 1460,
                new: 0
            }
        );
        // With data after the header the option is still lowered.
        assert_eq!(
            p(&MSS_1460, 100, 536),
            Rewrite::Lower {
                at: 20,
                old: 1460,
                new: 536
            }
        );
        // Linux's SYN: MSS, SACK permitted, timestamps, NOP, window scale.
        let linux = [
            2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
        ];
        assert_eq!(
            p(&linux, 0, 1000),
            Rewrite::Lower {
                at: 20,
                old: 1460,
                new: 1000
            }
        );
        // The MSS after other options, NOPs, an end-of-options byte and a zero length.
        let late = [1, 1, 0, 8, 0, 3, 3, 7, 2, 4, 0x05, 0xb4];
        assert_eq!(
            p(&late, 0, 1000),
            Rewrite::Lower {
                at: 28,
                old: 1460,
                new: 1000
            }
        );
        // The last 4 bytes of a 60-byte header.
        let mut full = [1u8; 40];
        full[36..].copy_from_slice(&MSS_1460);
        assert_eq!(
            p(&full, 0, 1000),
            Rewrite::Lower {
                at: 56,
                old: 1460,
                new: 1000
            }
        );
        // An MSS kind with another length is stepped over; one whose length byte is the last
        // but two is never looked at.
        assert_eq!(p(&[2, 3, 0, 1, 1, 1, 1, 1], 100, 1000), Rewrite::Keep);
        assert_eq!(p(&[1, 1, 1, 1, 1, 2, 4, 5], 100, 1000), Rewrite::Keep);
        // A length running past the header ends the walk.
        assert_eq!(p(&[7, 200, 2, 4, 5, 0, 0, 0], 100, 1000), Rewrite::Keep);
        // No option: added, at most 536, if there is no data and room in the header.
        assert_eq!(p(&[], 0, 1400), Rewrite::Insert { mss: 536 });
        assert_eq!(p(&[], 0, 500), Rewrite::Insert { mss: 500 });
        assert_eq!(
            p(&[1, 1, 3, 3, 7, 0, 0, 0], 0, 9000),
            Rewrite::Insert { mss: 536 }
        );
        assert_eq!(p(&[1u8; 36], 0, 1000), Rewrite::Insert { mss: 536 });
        assert_eq!(p(&[], 1, 1400), Rewrite::Keep);
        assert_eq!(p(&[1u8; 40], 0, 1400), Rewrite::Keep);
    }

    /// Runs `t` on `skb` as a hook would: the packet made of its bytes, then what the target
    /// did, and the packet as it then is.
    fn run_on(t: TcpmssTarget, env: &mut FakeEnv) -> (TargetVerdict, u32, u16) {
        let l4: Vec<u8> = env.skb.data[20..].iter().take(60).copied().collect();
        let mut p = packet_of(&env.skb, &l4);
        let v = t.run(&mut p, env);
        (v, p.len, p.tot_len)
    }

    fn env_with(skb: FakeSkb) -> FakeEnv {
        FakeEnv {
            skb,
            ..FakeEnv::default()
        }
    }

    /// The MSS options of the TCP segment in `d`, in order (by `tcpmss_mt`'s walk, repeated).
    fn mss_of(d: &[u8]) -> super::super::tcpmss::MssOption {
        super::super::tcpmss::mss_option(&d[20..])
    }

    #[test]
    fn lowers_in_place() {
        use super::super::tcpmss::MssOption;
        for summed in [Summed::None, Summed::Complete, Summed::Partial] {
            let skb = ipv4_tcp(&syn_seg(&MSS_1460), summed);
            let before = skb.data.clone();
            let mut env = env_with(skb);
            assert_eq!(
                run_on(TcpmssTarget::Set(1200), &mut env),
                (TargetVerdict::ContinueL4Rewritten, 44, 44)
            );
            let d = &env.skb.data;
            assert_eq!(mss_of(d), MssOption::Mss(1200));
            assert_eq!(d.len(), 44);
            assert_eq!(env.skb.csum, 0);
            assert_eq!(
                env.actions,
                vec![
                    Action::MakeWritable,
                    Action::L4Write(22, vec![0x04, 0xb0]),
                    Action::TcpCsum2([0x05, 0xb4], [0x04, 0xb0], false),
                ]
            );
            match summed {
                // The full checksum is updated (RFC 1624).
                Summed::None | Summed::Complete => assert_eq!(checksums_ok(d), (true, true)),
                // The pseudo-header sum does not cover the option: left alone.
                Summed::Partial => assert_eq!(d[36..38], before[36..38]),
            }
            // Only the two bytes of the value (and the checksum) changed.
            let changed: Vec<usize> = (0..44).filter(|&i| d[i] != before[i]).collect();
            assert!(
                changed.iter().all(|i| [42, 43, 36, 37].contains(i)),
                "{changed:?}"
            );
        }
    }

    #[test]
    fn inserts() {
        use super::super::tcpmss::MssOption;
        // No options, and Linux's options without the MSS (SACK perm, timestamps, NOP, WS).
        let rest = [4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];
        for opts in [&[][..], &rest[..]] {
            for summed in [Summed::None, Summed::Complete, Summed::Partial] {
                for tailroom in [0, 4, 100] {
                    let seg = syn_seg(opts);
                    let n = 40 + opts.len();
                    let mut skb = ipv4_tcp(&seg, summed);
                    skb.tailroom = tailroom;
                    let mut env = env_with(skb);
                    // n + 4 bytes now, in the packet's length fields too.
                    assert_eq!(
                        run_on(TcpmssTarget::Set(1400), &mut env),
                        (
                            TargetVerdict::ContinueL4Rewritten,
                            n as u32 + 4,
                            n as u16 + 4
                        )
                    );
                    let d = env.skb.data.clone();
                    assert_eq!(d.len(), n + 4);
                    assert_eq!(u16::from_be_bytes([d[2], d[3]]) as usize, n + 4);
                    assert_eq!(d[32] >> 4, (24 + opts.len() as u8) / 4);
                    // RFC 1122's 536 at most, then the old options, moved on.
                    assert_eq!(d[40..44], [2, 4, 0x02, 0x18]);
                    assert_eq!(d[44..], opts[..]);
                    assert_eq!(mss_of(&d), MssOption::Mss(536));
                    // The rest of the header is as it was.
                    assert_eq!(d[20..32], seg[..12]);
                    assert_eq!(d[33..36], seg[13..16]);
                    let (ip_ok, tcp_ok) = checksums_ok(&d);
                    assert!(ip_ok);
                    match summed {
                        Summed::None | Summed::Complete => assert!(tcp_ok),
                        // The pseudo-header sum now covers the new length.
                        Summed::Partial => assert_eq!(
                            u16::from_be_bytes([d[36], d[37]]),
                            ones_sum(&pseudo_header(&d, n - 20 + 4))
                        ),
                    }
                    // `skb->csum` follows the pseudo-header change only.
                    assert_eq!(env.skb.csum != 0, summed == Summed::Complete);
                    let len = (n - 20) as u16;
                    let mut moved = vec![2, 4, 0x02, 0x18];
                    moved.extend_from_slice(opts);
                    let doff = seg[12];
                    assert_eq!(
                        env.actions,
                        vec![
                            Action::MakeWritable,
                            Action::L4Extend(4, tailroom < 4),
                            Action::L4Write(20, moved),
                            Action::TcpCsum2(len.to_be_bytes(), (len + 4).to_be_bytes(), true),
                            Action::TcpCsum4([0; 4], [2, 4, 0x02, 0x18], false),
                            Action::L4Write(12, vec![doff + 0x10]),
                            Action::TcpCsum2([doff, 0x02], [doff + 0x10, 0x02], false),
                            Action::IpAddTotLen(4),
                        ]
                    );
                }
            }
        }
        // A lower MSS than 536 is what is added.
        let mut env = env_with(ipv4_tcp(&syn_seg(&[]), Summed::None));
        run_on(TcpmssTarget::Set(100), &mut env);
        assert_eq!(env.skb.data[40..44], [2, 4, 0, 100]);
        assert_eq!(checksums_ok(&env.skb.data), (true, true));
        // 36 bytes of options: one more fits (doff 15).
        let mut env = env_with(ipv4_tcp(&syn_seg(&[1; 36]), Summed::None));
        run_on(TcpmssTarget::Set(1000), &mut env);
        assert_eq!(env.skb.data.len(), 80);
        assert_eq!(env.skb.data[32] >> 4, 15);
        assert_eq!(checksums_ok(&env.skb.data), (true, true));
    }

    #[test]
    fn leaves_alone() {
        // Already low enough; data after an optionless header; a full header; a fragment.
        let mut data = syn_seg(&[]);
        data.extend_from_slice(b"hello");
        let mut full = syn_seg(&[1; 40]);
        full.extend_from_slice(b"x");
        for (seg, writable) in [
            (syn_seg(&MSS_1460), true),
            (data, true),
            (full, true),
            (syn_seg(&[1; 40]), true),
        ] {
            let skb = ipv4_tcp(&seg, Summed::None);
            let before = skb.data.clone();
            let mut env = env_with(skb);
            let (v, len, _) = run_on(TcpmssTarget::Set(1460), &mut env);
            assert_eq!((v, len as usize), (TargetVerdict::Continue, before.len()));
            assert_eq!(env.skb.data, before);
            assert_eq!(
                env.actions,
                vec![Action::MakeWritable][..usize::from(writable)]
            );
        }
        let mut skb = ipv4_tcp(&syn_seg(&MSS_1460), Summed::None);
        skb.data[6] = 0x20;
        skb.data[7] = 0x10;
        let mut env = env_with(skb);
        let l4 = [0u8; 0];
        let mut p = packet_of(&env.skb, &l4);
        assert_eq!(p.frag_off, 16);
        assert_eq!(
            TcpmssTarget::Set(100).run(&mut p, &mut env),
            TargetVerdict::Continue
        );
        assert_eq!(env.actions, vec![]);
    }

    #[test]
    fn drops() {
        let go = |skb: FakeSkb, t: TcpmssTarget| {
            let before = skb.data.clone();
            let mut env = env_with(skb);
            let (v, _, _) = run_on(t, &mut env);
            if v == TargetVerdict::Drop {
                assert_eq!(env.skb.data, before);
            }
            (v, env.actions)
        };
        let drop_after = |a: Vec<Action>| (TargetVerdict::Drop, a);
        // skb_ensure_writable fails.
        let mut skb = ipv4_tcp(&syn_seg(&MSS_1460), Summed::None);
        skb.unwritable = true;
        assert_eq!(
            go(skb, TcpmssTarget::Set(1)),
            drop_after(vec![Action::MakeWritable])
        );
        // pskb_expand_head fails: nothing written.
        let mut skb = ipv4_tcp(&syn_seg(&[]), Summed::None);
        skb.no_memory = true;
        assert_eq!(
            go(skb.clone(), TcpmssTarget::Set(1)),
            drop_after(vec![Action::MakeWritable, Action::L4Extend(4, true)])
        );
        // With enough tailroom there is no expansion to fail.
        skb.tailroom = 4;
        assert_eq!(
            go(skb, TcpmssTarget::Set(1)).0,
            TargetVerdict::ContinueL4Rewritten
        );
        // Truncated: fewer than 20 transport bytes, `doff` below 5 or beyond the packet.
        let mut skb = ipv4_tcp(&syn_seg(&[]), Summed::None);
        skb.data.truncate(39);
        assert_eq!(
            go(skb, TcpmssTarget::Set(1)),
            drop_after(vec![Action::MakeWritable])
        );
        for doff in [0u8, 4, 6, 15] {
            let mut skb = ipv4_tcp(&syn_seg(&[]), Summed::None);
            skb.data[32] = doff << 4;
            assert_eq!(
                go(skb, TcpmssTarget::Set(1)),
                drop_after(vec![Action::MakeWritable])
            );
        }
        // An IP header longer than the packet.
        let mut skb = ipv4_tcp(&syn_seg(&[]), Summed::None);
        skb.data.truncate(20);
        skb.data[0] = 0x4f;
        assert_eq!(
            go(skb, TcpmssTarget::Set(1)),
            drop_after(vec![Action::MakeWritable])
        );
    }

    #[test]
    fn clamps_to_the_path_mtu() {
        use super::super::tcpmss::MssOption;
        let src = u32::from_be_bytes([10, 0, 0, 1]);
        let clamp = |dst_mtu: u32, routes: Vec<(u32, u32)>, opts: &[u8]| {
            let mut skb = ipv4_tcp(&syn_seg(opts), Summed::None);
            skb.dst_mtu = dst_mtu;
            skb.routes = routes;
            let mut env = env_with(skb);
            let (v, _, _) = run_on(TcpmssTarget::ClampPmtu, &mut env);
            (v, mss_of(&env.skb.data), env.actions)
        };
        // The smaller of the route's MTU and the route back's, less 40.
        let (v, mss, _) = clamp(1500, vec![(src, 1400)], &MSS_1460);
        assert_eq!(
            (v, mss),
            (TargetVerdict::ContinueL4Rewritten, MssOption::Mss(1360))
        );
        let (v, mss, _) = clamp(1300, vec![(src, 1400)], &MSS_1460);
        assert_eq!(
            (v, mss),
            (TargetVerdict::ContinueL4Rewritten, MssOption::Mss(1260))
        );
        // No route back: the forward route alone (1460 is no change).
        let (v, mss, _) = clamp(1500, vec![(src + 1, 100)], &MSS_1460);
        assert_eq!((v, mss), (TargetVerdict::Continue, MssOption::Mss(1460)));
        // A jumbo MSS is clamped; a missing one is added, at most 536.
        let (v, mss, _) = clamp(9000, vec![], &[2, 4, 0x40, 0x00]);
        assert_eq!(
            (v, mss),
            (TargetVerdict::ContinueL4Rewritten, MssOption::Mss(8960))
        );
        let (_, mss, _) = clamp(1500, vec![(src, 1500)], &[]);
        assert_eq!(mss, MssOption::Mss(536));
        // `min_mtu - 40` is stored in 16 bits.
        let (_, mss, _) = clamp(65536 + 40 + 1000, vec![], &[2, 4, 0xff, 0xff]);
        assert_eq!(mss, MssOption::Mss(1000));
        // Unknown or too small: logged and dropped, after the header checks.
        for (dst, routes, logged) in [
            (40, vec![], 40),
            (1500, vec![(src, 40)], 40),
            (0, vec![(src, 1500)], 0),
            (1500, vec![(src, 12)], 12),
        ] {
            let (v, mss, actions) = clamp(dst, routes, &MSS_1460);
            assert_eq!((v, mss), (TargetVerdict::Drop, MssOption::Mss(1460)));
            assert_eq!(
                actions,
                vec![Action::MakeWritable, Action::InvalidPmtu(logged)]
            );
        }
        let (v, _, _) = clamp(41, vec![], &[2, 4, 0, 2]);
        assert_eq!(v, TargetVerdict::ContinueL4Rewritten);
    }

    /// Entry index of FORWARD rule `i` in [`mangle_table`] (PREROUTING's and INPUT's
    /// policies come first).
    const fn fwd(i: usize) -> usize {
        2 + i
    }

    #[test]
    fn later_rules_see_the_rewrite() {
        // FORWARD: TCPMSS 1200; count 536; TCPMSS 500; count 500; count any; then the policy.
        let rules = [
            tcpmss_rule(1200, Some(syn())),
            mss_count(536, 536, fwd(2)),
            tcpmss_rule(500, Some(syn())),
            mss_count(500, 500, fwd(4)),
            mss_count(0, 65535, fwd(5)),
        ];
        let rs = parse_as(Table::Mangle, &mangle_table(&rules, &[], &[])).unwrap();
        let walk = |seg: &[u8]| {
            let mut env = env_with(ipv4_tcp(seg, Summed::None));
            let l4: Vec<u8> = env.skb.data[20..].iter().take(60).copied().collect();
            let p = packet_of(&env.skb, &l4);
            let mut stack = rs.new_jump_stack().unwrap();
            let mut hits = Vec::new();
            let o = evaluate_counting(&rs, Hook::Forward, &p, &mut stack, &mut env, |i, len| {
                hits.push((i as usize, len))
            });
            assert_eq!(o, Outcome::Accept);
            (hits, env.skb.data)
        };
        // No MSS: the first TCPMSS adds 536 (4 more bytes counted from then on), the second
        // lowers that option (it sees it: the walk read the new header) instead of adding
        // another.
        let (hits, d) = walk(&syn_seg(&[]));
        assert_eq!(
            hits,
            vec![
                (fwd(0), 40),
                (fwd(1), 44),
                (fwd(2), 44),
                (fwd(3), 44),
                (fwd(4), 44),
                (7, 44)
            ]
        );
        assert_eq!(d.len(), 44);
        assert_eq!(d[40..44], [2, 4, 0x01, 0xf4]);
        assert_eq!(checksums_ok(&d), (true, true));
        // MSS 1460: lowered to 1200 then to 500, in place.
        let (hits, d) = walk(&syn_seg(&MSS_1460));
        assert_eq!(
            hits,
            vec![
                (fwd(0), 44),
                (fwd(2), 44),
                (fwd(3), 44),
                (fwd(4), 44),
                (7, 44)
            ]
        );
        assert_eq!(d[40..44], [2, 4, 0x01, 0xf4]);
        assert_eq!(checksums_ok(&d), (true, true));
        // Not a SYN: the rules' tcp match skips the targets.
        let ack = tcp_hdr(1000, 80, 0x10, &MSS_1460);
        let (hits, d) = walk(&ack);
        assert_eq!(hits, vec![(fwd(4), 44), (7, 44)]);
        assert_eq!(d[40..44], MSS_1460);
    }
}
