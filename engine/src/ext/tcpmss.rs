// SPDX-License-Identifier: GPL-2.0

//! The `tcpmss` match (`net/netfilter/xt_tcpmss.c`, its IPv4 registration; `struct
//! xt_tcpmss_match_info`): the value of the MSS option of a TCP segment against a range.
//!
//! The `TCPMSS` target (`tcpmss_tg.rs`) walks the options its own way (`xt_TCPMSS.c`'s
//! `optlen`), which differs from this match's walk in how it steps over the last bytes.

use super::super::abi::{proto, put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_tcpmss_match_info)`: two `__u16` and a `__u8`, padded to 6.
pub const XT_TCPMSS_MATCH_INFO_SIZE: usize = 6;
/// `TCPOPT_MSS`.
pub const TCPOPT_MSS: u8 = 2;
/// `TCPOLEN_MSS`.
pub const TCPOLEN_MSS: u8 = 4;
/// `sizeof(struct tcphdr)`.
pub const TCP_HDR_LEN: usize = 20;

/// `struct xt_tcpmss_match_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTcpmssMatchInfo {
    /// The lowest MSS that matches.
    pub mss_min: u16,
    /// The highest MSS that matches.
    pub mss_max: u16,
    /// Inverts: upstream XORs the range test with the whole byte and returns the result as a
    /// `bool`, so 1 inverts and any other non-zero value matches every segment.
    pub invert: u8,
}

impl XtTcpmssMatchInfo {
    /// Decodes the first 6 bytes of `b` (the padding byte is not read).
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            mss_min: read_u16(b, 0)?,
            mss_max: read_u16(b, 2)?,
            invert: *b.get(4)?,
        })
    }

    /// Encodes to the 6-byte wire form.
    pub fn encode(&self) -> [u8; XT_TCPMSS_MATCH_INFO_SIZE] {
        let mut b = [0u8; XT_TCPMSS_MATCH_INFO_SIZE];
        put(&mut b, 0, &self.mss_min.to_ne_bytes());
        put(&mut b, 2, &self.mss_max.to_ne_bytes());
        put(&mut b, 4, &[self.invert]);
        b
    }
}

/// `tcpmss_mt_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    proto: proto::TCP,
    ..Reg::match_(ExtId::Tcpmss, b"tcpmss", XT_TCPMSS_MATCH_INFO_SIZE)
}];

/// A validated `tcpmss` match (upstream has no `checkentry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tcpmss(pub XtTcpmssMatchInfo);

/// What `tcpmss_mt` finds in a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MssOption {
    /// The value of the first well-formed MSS option.
    Mss(u16),
    /// No MSS option (or no options at all).
    Absent,
    /// The header is truncated or malformed (`doff` below 5), or the options are cut short:
    /// upstream drops the packet.
    Malformed,
}

/// `tcpmss_mt`'s walk over the TCP header at the start of `l4`: the MSS option of the segment.
pub fn mss_option(l4: &[u8]) -> MssOption {
    let Some(&doff) = l4.get(12) else {
        return MssOption::Malformed;
    };
    if l4.len() < TCP_HDR_LEN {
        return MssOption::Malformed;
    }
    let hdrlen = usize::from(doff >> 4) * 4;
    if hdrlen < TCP_HDR_LEN {
        return MssOption::Malformed;
    }
    let optlen = hdrlen - TCP_HDR_LEN;
    if optlen == 0 {
        return MssOption::Absent;
    }
    // `skb_header_pointer` of the options: all of them or the packet is dropped.
    let Some(op) = l4.get(TCP_HDR_LEN..hdrlen) else {
        return MssOption::Malformed;
    };
    let mut i = 0usize;
    while i < optlen {
        let kind = op.get(i).copied().unwrap_or(0);
        // NO-OVERFLOW: `i < optlen <= 40` throughout.
        if kind == TCPOPT_MSS
            && optlen - i >= usize::from(TCPOLEN_MSS)
            && op.get(i + 1) == Some(&TCPOLEN_MSS)
        {
            let hi = op.get(i + 2).copied().unwrap_or(0);
            let lo = op.get(i + 3).copied().unwrap_or(0);
            return MssOption::Mss(u16::from_be_bytes([hi, lo]));
        }
        if kind < 2 || i == optlen - 1 {
            i += 1;
        } else {
            let len = op.get(i + 1).copied().unwrap_or(0);
            i += if len == 0 { 1 } else { usize::from(len) };
        }
    }
    MssOption::Absent
}

impl MatchDef for Tcpmss {
    const REGS: &'static [Reg] = REGS;

    /// No `checkentry` upstream: x_tables' size and `-p tcp` checks are all.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtTcpmssMatchInfo::decode(payload)
            .map(Tcpmss)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `tcpmss_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let i = &self.0;
        if pkt.frag_off != 0 {
            return MatchResult::No;
        }
        match mss_option(pkt.l4) {
            MssOption::Mss(mss) => {
                let inside = mss >= i.mss_min && mss <= i.mss_max;
                MatchResult::from_bool(u8::from(inside) ^ i.invert != 0)
            }
            MssOption::Absent => MatchResult::from_bool(i.invert != 0),
            MssOption::Malformed => MatchResult::HotDrop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    fn payload(min: u16, max: u16, invert: u8) -> [u8; 8] {
        let mut p = [0u8; 8];
        p[..6].copy_from_slice(
            &XtTcpmssMatchInfo {
                mss_min: min,
                mss_max: max,
                invert,
            }
            .encode(),
        );
        p
    }

    fn tcp_par() -> CheckParam<'static> {
        par(b"filter", IN, 6)
    }

    fn m(min: u16, max: u16, invert: u8) -> Match {
        load_match(b"tcpmss", 0, &payload(min, max, invert), &tcp_par())
            .unwrap()
            .0
    }

    fn run_on(m: &Match, l4: &[u8]) -> MatchResult {
        m.run(&pkt(l4), &mut FakeEnv::default())
    }

    const MSS_1460: [u8; 4] = [2, 4, 0x05, 0xb4];

    #[test]
    fn layout() {
        let i = XtTcpmssMatchInfo {
            mss_min: 536,
            mss_max: 1460,
            invert: 1,
        };
        let mut want = [0u8; 6];
        want[..2].copy_from_slice(&536u16.to_ne_bytes());
        want[2..4].copy_from_slice(&1460u16.to_ne_bytes());
        want[4] = 1;
        assert_eq!(i.encode(), want);
        assert_eq!(XtTcpmssMatchInfo::decode(&want), Some(i));
        assert_eq!(XtTcpmssMatchInfo::decode(&want[..4]), None);
        let r = super::super::find(ExtKind::Match, b"tcpmss", 0).unwrap();
        assert_eq!((r.size, r.aligned_size(), r.user_size()), (6, 8, 6));
        assert_eq!(r.family, super::super::Family::Ipv4);
        assert_eq!(find_revision(ExtKind::Match, &name(b"tcpmss"), 0), Ok(0));
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"tcpmss"), 1),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
    }

    #[test]
    fn checks() {
        assert!(load_match(b"tcpmss", 0, &payload(1, 2, 0), &tcp_par()).is_ok());
        // Anything in the payload is fine: no `checkentry`.
        assert!(load_match(b"tcpmss", 0, &payload(9, 2, 7), &tcp_par()).is_ok());
        // x_tables: `-p tcp`, not inverted, and the size.
        for p in [par(b"filter", IN, 0), par(b"filter", IN, 17)] {
            assert_eq!(
                load_match(b"tcpmss", 0, &payload(1, 2, 0), &p).err(),
                Some(Error::Inval(Reject::MatchProto))
            );
        }
        let inv = CheckParam {
            inv_proto: true,
            ..tcp_par()
        };
        assert_eq!(
            load_match(b"tcpmss", 0, &payload(1, 2, 0), &inv).err(),
            Some(Error::Inval(Reject::MatchProto))
        );
        for bad in [&[0u8; 6][..], &[0; 16], &[]] {
            assert_eq!(
                load_match(b"tcpmss", 0, bad, &tcp_par()).err(),
                Some(Error::Inval(Reject::MatchPayloadSize))
            );
        }
        assert_eq!(
            load_match(b"tcpmss", 1, &payload(1, 2, 0), &tcp_par()).err(),
            Some(Error::NoEnt(Reject::MatchRevision))
        );
        // Any table, any hook.
        for (t, h) in [(&b"mangle"[..], PRE | POST), (b"raw", OUT), (b"nat", IN)] {
            assert!(load_match(b"tcpmss", 0, &payload(1, 2, 0), &par(t, h, 6)).is_ok());
        }
    }

    #[test]
    fn ranges() {
        let syn = tcp_hdr(1000, 80, 0x02, &MSS_1460);
        assert_eq!(run_on(&m(1460, 1460, 0), &syn), MatchResult::Yes);
        assert_eq!(run_on(&m(0, 1459, 0), &syn), MatchResult::No);
        assert_eq!(run_on(&m(1461, 65535, 0), &syn), MatchResult::No);
        assert_eq!(run_on(&m(536, 1500, 0), &syn), MatchResult::Yes);
        assert_eq!(run_on(&m(536, 1500, 1), &syn), MatchResult::No);
        assert_eq!(run_on(&m(0, 100, 1), &syn), MatchResult::Yes);
        // `(bool) ^ info->invert` as a `bool`: an `invert` other than 0 and 1 matches always.
        for inv in [2, 3, 255] {
            assert_eq!(run_on(&m(0, 100, inv), &syn), MatchResult::Yes);
            assert_eq!(run_on(&m(1460, 1460, inv), &syn), MatchResult::Yes);
            assert_eq!(
                run_on(&m(1460, 1460, inv), &tcp_hdr(1, 2, 2, &[])),
                MatchResult::Yes
            );
        }
        // An inverted, empty range (min > max) matches every MSS.
        assert_eq!(run_on(&m(2000, 1000, 1), &syn), MatchResult::Yes);
        assert_eq!(run_on(&m(2000, 1000, 0), &syn), MatchResult::No);
    }

    #[test]
    fn option_walk() {
        let yes = m(1460, 1460, 0);
        let inv = m(1460, 1460, 1);
        // No options: the answer is `invert`.
        let bare = tcp_hdr(1, 2, 0x02, &[]);
        assert_eq!(run_on(&yes, &bare), MatchResult::No);
        assert_eq!(run_on(&inv, &bare), MatchResult::Yes);
        // NOPs, then window scale, then MSS.
        let opts = [1, 1, 3, 3, 7, 0, 2, 4, 0x05, 0xb4, 0, 0];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Mss(1460));
        // The end-of-options kind is stepped over like a NOP (the walk goes on).
        let opts = [0, 0, 0, 0, 2, 4, 0x02, 0x18];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Mss(536));
        // A zero length steps one byte.
        let opts = [8, 0, 2, 4, 0x02, 0x18, 0, 0];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Mss(536));
        // An MSS kind with the wrong length is stepped over by its length.
        let opts = [2, 3, 0, 2, 4, 1, 0, 0];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Mss(256));
        let opts = [2, 8, 0, 0, 2, 4, 1, 0];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Absent);
        // An MSS option cut by the end of the header is not one.
        let opts = [1, 1, 1, 1, 1, 2, 4, 5];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Absent);
        // A length running past the header ends the walk.
        let opts = [5, 40, 2, 4, 1, 0, 0, 0];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Absent);
        // The first MSS option counts.
        let opts = [2, 4, 0, 100, 2, 4, 0x05, 0xb4];
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Mss(100));
        // Data after the header is not read as options.
        let mut seg = tcp_hdr(1, 2, 2, &[]);
        seg.extend_from_slice(&MSS_1460);
        assert_eq!(mss_option(&seg), MssOption::Absent);
        // 40 bytes of options (doff 15), the MSS last.
        let mut opts = [1u8; 40];
        opts[36..].copy_from_slice(&MSS_1460);
        assert_eq!(mss_option(&tcp_hdr(1, 2, 2, &opts)), MssOption::Mss(1460));
    }

    #[test]
    fn malformed_is_dropped() {
        let yes = m(0, 65535, 0);
        // Shorter than a TCP header.
        assert_eq!(run_on(&yes, &[0; 19]), MatchResult::HotDrop);
        assert_eq!(run_on(&yes, &[]), MatchResult::HotDrop);
        // doff below 5.
        let mut h = tcp_hdr(1, 2, 2, &[]);
        h[12] = 4 << 4;
        assert_eq!(run_on(&yes, &h), MatchResult::HotDrop);
        // Options cut short by the end of the packet.
        let mut h = tcp_hdr(1, 2, 2, &MSS_1460);
        h.truncate(22);
        assert_eq!(run_on(&yes, &h), MatchResult::HotDrop);
        // Inverted or not.
        assert_eq!(run_on(&m(0, 1, 1), &h), MatchResult::HotDrop);
        // A non-first fragment never matches, and is not dropped.
        let frag = Packet {
            frag_off: 1,
            ..pkt(&[])
        };
        let mut env = FakeEnv::default();
        assert_eq!(yes.run(&frag, &mut env), MatchResult::No);
        assert_eq!(m(0, 1, 1).run(&frag, &mut env), MatchResult::No);
    }
}
