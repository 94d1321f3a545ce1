// SPDX-License-Identifier: GPL-2.0

//! The `tcp` and `udp` matches (`net/netfilter/xt_tcpudp.c`, `struct xt_tcp`, `struct xt_udp`).

use super::super::abi::{proto, put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{invf, CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `XT_TCP_INV_SRCPT`.
pub const XT_TCP_INV_SRCPT: u8 = 0x01;
/// `XT_TCP_INV_DSTPT`.
pub const XT_TCP_INV_DSTPT: u8 = 0x02;
/// `XT_TCP_INV_FLAGS`.
pub const XT_TCP_INV_FLAGS: u8 = 0x04;
/// `XT_TCP_INV_OPTION`.
pub const XT_TCP_INV_OPTION: u8 = 0x08;
/// `XT_TCP_INV_MASK`.
pub const XT_TCP_INV_MASK: u8 = 0x0f;
/// `XT_UDP_INV_SRCPT`.
pub const XT_UDP_INV_SRCPT: u8 = 0x01;
/// `XT_UDP_INV_DSTPT`.
pub const XT_UDP_INV_DSTPT: u8 = 0x02;
/// `XT_UDP_INV_MASK`.
pub const XT_UDP_INV_MASK: u8 = 0x03;
/// `sizeof(struct xt_tcp)`.
pub const XT_TCP_SIZE: usize = 12;
/// `sizeof(struct xt_udp)`.
pub const XT_UDP_SIZE: usize = 10;

/// `struct xt_tcp`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtTcp {
    /// Source port range (inclusive, host order).
    pub spts: [u16; 2],
    /// Destination port range (inclusive, host order).
    pub dpts: [u16; 2],
    /// TCP option kind to look for, 0 for none.
    pub option: u8,
    /// Mask applied to the TCP flags byte.
    pub flg_mask: u8,
    /// Value the masked flags must equal.
    pub flg_cmp: u8,
    /// `XT_TCP_INV_*` bits.
    pub invflags: u8,
}

impl XtTcp {
    /// Decodes the first 12 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            spts: [read_u16(b, 0)?, read_u16(b, 2)?],
            dpts: [read_u16(b, 4)?, read_u16(b, 6)?],
            option: *b.get(8)?,
            flg_mask: *b.get(9)?,
            flg_cmp: *b.get(10)?,
            invflags: *b.get(11)?,
        })
    }

    /// Encodes to the 12-byte wire form.
    pub fn encode(&self) -> [u8; XT_TCP_SIZE] {
        let mut b = [0u8; XT_TCP_SIZE];
        put(&mut b, 0, &self.spts[0].to_ne_bytes());
        put(&mut b, 2, &self.spts[1].to_ne_bytes());
        put(&mut b, 4, &self.dpts[0].to_ne_bytes());
        put(&mut b, 6, &self.dpts[1].to_ne_bytes());
        put(
            &mut b,
            8,
            &[self.option, self.flg_mask, self.flg_cmp, self.invflags],
        );
        b
    }
}

/// `struct xt_udp`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtUdp {
    /// Source port range (inclusive, host order).
    pub spts: [u16; 2],
    /// Destination port range (inclusive, host order).
    pub dpts: [u16; 2],
    /// `XT_UDP_INV_*` bits.
    pub invflags: u8,
}

impl XtUdp {
    /// Decodes the first 10 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            spts: [read_u16(b, 0)?, read_u16(b, 2)?],
            dpts: [read_u16(b, 4)?, read_u16(b, 6)?],
            invflags: *b.get(8)?,
        })
    }

    /// Encodes to the 10-byte wire form.
    pub fn encode(&self) -> [u8; XT_UDP_SIZE] {
        let mut b = [0u8; XT_UDP_SIZE];
        put(&mut b, 0, &self.spts[0].to_ne_bytes());
        put(&mut b, 2, &self.spts[1].to_ne_bytes());
        put(&mut b, 4, &self.dpts[0].to_ne_bytes());
        put(&mut b, 6, &self.dpts[1].to_ne_bytes());
        put(&mut b, 8, &[self.invflags]);
        b
    }
}

/// `tcpudp_mt_reg`, the IPv4 entries.
const TCP_REGS: &[Reg] = &[Reg {
    proto: proto::TCP,
    ..Reg::match_(ExtId::Tcp, b"tcp", XT_TCP_SIZE)
}];

/// `tcpudp_mt_reg`, the IPv4 entries.
const UDP_REGS: &[Reg] = &[Reg {
    proto: proto::UDP,
    ..Reg::match_(ExtId::Udp, b"udp", XT_UDP_SIZE)
}];

/// A validated `tcp` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tcp(pub XtTcp);

/// A validated `udp` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Udp(pub XtUdp);

/// A big-endian `u16` at `off` of `b`.
pub fn be16(b: &[u8], off: usize) -> Option<u16> {
    super::super::abi::read_array(b, off).map(u16::from_be_bytes)
}

/// `port_match`.
fn port_match(range: [u16; 2], port: u16, invert: bool) -> bool {
    (port >= range[0] && port <= range[1]) ^ invert
}

/// `tcp_find_option` over the option bytes (`None` when the options are truncated).
fn tcp_find_option(option: u8, opts: Option<&[u8]>, optlen: usize, invert: bool) -> MatchResult {
    if optlen == 0 {
        return MatchResult::from_bool(invert);
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
            return MatchResult::from_bool(!invert);
        }
        // NO-OVERFLOW: `i < optlen <= 40`.
        if kind < 2 || i == optlen - 1 {
            i += 1;
        } else {
            let len = op.get(i + 1).copied().unwrap_or(0);
            i += if len == 0 { 1 } else { usize::from(len) };
        }
    }
    MatchResult::from_bool(invert)
}

impl MatchDef for Tcp {
    const REGS: &'static [Reg] = TCP_REGS;

    /// `tcp_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let t = XtTcp::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if t.invflags & !XT_TCP_INV_MASK != 0 {
            return Err(Error::Inval(Reject::MatchInvFlags));
        }
        Ok(Tcp(t))
    }

    /// `tcp_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let t = &self.0;
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
}

impl MatchDef for Udp {
    const REGS: &'static [Reg] = UDP_REGS;

    /// `udp_mt_check`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let u = XtUdp::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if u.invflags & !XT_UDP_INV_MASK != 0 {
            return Err(Error::Inval(Reject::MatchInvFlags));
        }
        Ok(Udp(u))
    }

    /// `udp_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        let u = &self.0;
        if pkt.frag_off != 0 {
            return MatchResult::No;
        }
        if pkt.l4.len() < 8 {
            return MatchResult::HotDrop;
        }
        let (Some(sport), Some(dport)) = (be16(pkt.l4, 0), be16(pkt.l4, 2)) else {
            return MatchResult::HotDrop;
        };
        MatchResult::from_bool(
            port_match(u.spts, sport, u.invflags & XT_UDP_INV_SRCPT != 0)
                && port_match(u.dpts, dport, u.invflags & XT_UDP_INV_DSTPT != 0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn tcp_match() {
        let any = XtTcp {
            spts: [0, 65535],
            dpts: [0, 65535],
            ..XtTcp::default()
        };
        let syn = tcp_hdr(1024, 22, 0x02, &[]);
        let p = pkt(&syn);
        assert!(tcp_rule_hits(any, &p));
        assert!(tcp_rule_hits(
            XtTcp {
                dpts: [22, 22],
                ..any
            },
            &p
        ));
        assert!(!tcp_rule_hits(
            XtTcp {
                dpts: [23, 80],
                ..any
            },
            &p
        ));
        assert!(tcp_rule_hits(
            XtTcp {
                dpts: [23, 80],
                invflags: XT_TCP_INV_DSTPT,
                ..any
            },
            &p
        ));
        assert!(tcp_rule_hits(
            XtTcp {
                spts: [1024, 65535],
                ..any
            },
            &p
        ));
        assert!(!tcp_rule_hits(
            XtTcp {
                spts: [1024, 65535],
                invflags: XT_TCP_INV_SRCPT,
                ..any
            },
            &p
        ));
        // `--syn`: SYN set, ACK/RST/FIN clear.
        let syn_only = XtTcp {
            flg_mask: 0x17,
            flg_cmp: 0x02,
            ..any
        };
        assert!(tcp_rule_hits(syn_only, &p));
        let synack = tcp_hdr(1024, 22, 0x12, &[]);
        assert!(!tcp_rule_hits(syn_only, &pkt(&synack)));
        assert!(tcp_rule_hits(
            XtTcp {
                invflags: XT_TCP_INV_FLAGS,
                ..syn_only
            },
            &pkt(&synack)
        ));
        // `--tcp-option 2` (MSS), after a NOP.
        let opts = tcp_hdr(1, 2, 0x02, &[1, 2, 4, 5, 0xb4, 0, 0, 0]);
        let mss = XtTcp { option: 2, ..any };
        assert!(tcp_rule_hits(mss, &pkt(&opts)));
        assert!(!tcp_rule_hits(XtTcp { option: 8, ..any }, &pkt(&opts)));
        assert!(tcp_rule_hits(
            XtTcp {
                option: 8,
                invflags: XT_TCP_INV_OPTION,
                ..any
            },
            &pkt(&opts)
        ));
        // No options at all: the option cannot be present.
        assert!(!tcp_rule_hits(mss, &p));
        // Options announced but not in the packet: hotdrop (DROP without counting).
        let mut cut = opts.clone();
        cut.truncate(24);
        let rs = {
            let payload = mss.encode();
            let m = [ExtSpec {
                name: b"tcp",
                revision: 0,
                payload: &payload,
            }];
            let rule = [R {
                ip: IptIp {
                    proto: 6,
                    ..IptIp::default()
                },
                matches: &m,
                t: v(VERDICT_ACCEPT),
            }];
            parse(&filter(&rule, VERDICT_ACCEPT, &[])).unwrap()
        };
        assert_eq!(run(&rs, Hook::LocalIn, &pkt(&cut)), (Outcome::Drop, vec![]));
        // A data offset below 5 with an option test: hotdrop.
        let mut bad = syn.clone();
        bad[12] = 4 << 4;
        assert_eq!(run(&rs, Hook::LocalIn, &pkt(&bad)), (Outcome::Drop, vec![]));
        // Truncated header: hotdrop.
        assert_eq!(
            run(&rs, Hook::LocalIn, &pkt(&syn[..19])),
            (Outcome::Drop, vec![])
        );
        // Fragments: offset 1 is dropped, later ones just do not match.
        let mut f = pkt(&syn);
        f.frag_off = 1;
        assert_eq!(run(&rs, Hook::LocalIn, &f), (Outcome::Drop, vec![]));
        f.frag_off = 2;
        assert_eq!(run(&rs, Hook::LocalIn, &f), (Outcome::Accept, vec![1]));
    }

    #[test]
    fn udp_and_icmp_matches() {
        let u = |x: XtUdp| {
            let rule_ip = IptIp {
                proto: 17,
                ..IptIp::default()
            };
            move |p: &Packet<'_>| {
                let payload = x.encode();
                let m = [ExtSpec {
                    name: b"udp",
                    revision: 0,
                    payload: &payload,
                }];
                hits(rule_ip, &m, p)
            }
        };
        let dgram = tcp_hdr(53, 5353, 0, &[])[..8].to_vec();
        let mut p = pkt(&dgram);
        p.protocol = 17;
        let any = XtUdp {
            spts: [0, 65535],
            dpts: [0, 65535],
            invflags: 0,
        };
        assert!(u(any)(&p));
        assert!(u(XtUdp {
            spts: [53, 53],
            ..any
        })(&p));
        assert!(!u(XtUdp {
            dpts: [53, 53],
            ..any
        })(&p));
        assert!(u(XtUdp {
            dpts: [53, 53],
            invflags: XT_UDP_INV_DSTPT,
            ..any
        })(&p));
        assert!(!u(XtUdp {
            spts: [53, 53],
            invflags: XT_UDP_INV_SRCPT,
            ..any
        })(&p));
        let mut f = p;
        f.frag_off = 1;
        assert!(!u(any)(&f));
        // Truncated: hotdrop, which `hits` sees as a DROP without the counter.
        let short = pkt(&dgram[..7]);
        let rs = parse(&filter(
            &[R {
                ip: IptIp {
                    proto: 17,
                    ..IptIp::default()
                },
                matches: &[ExtSpec {
                    name: b"udp",
                    revision: 0,
                    payload: &any.encode(),
                }],
                t: v(VERDICT_ACCEPT),
            }],
            VERDICT_ACCEPT,
            &[],
        ))
        .unwrap();
        let mut sp = short;
        sp.protocol = 17;
        assert_eq!(run(&rs, Hook::LocalIn, &sp), (Outcome::Drop, vec![]));

        let echo = [8u8, 0, 0, 0, 0, 0, 0, 0];
        let mut p = pkt(&echo);
        p.protocol = 1;
        let ih = |x: IptIcmp, p: &Packet<'_>| {
            let payload = x.encode();
            let m = [ExtSpec {
                name: b"icmp",
                revision: 0,
                payload: &payload,
            }];
            hits(
                IptIp {
                    proto: 1,
                    ..IptIp::default()
                },
                &m,
                p,
            )
        };
        let t = |ty: u8, lo: u8, hi: u8, inv: u8| IptIcmp {
            icmp_type: ty,
            code: [lo, hi],
            invflags: inv,
        };
        assert!(ih(t(8, 0, 255, 0), &p));
        assert!(!ih(t(0, 0, 255, 0), &p));
        assert!(ih(t(0, 0, 255, IPT_ICMP_INV), &p));
        assert!(ih(t(0xff, 0, 0, 0), &p));
        assert!(!ih(t(0xff, 0, 0, IPT_ICMP_INV), &p));
        assert!(!ih(t(8, 1, 3, 0), &p));
        let mut f = p;
        f.frag_off = 3;
        assert!(!ih(t(0xff, 0, 0, 0), &f));
        assert!(!ih(t(0xff, 0, 0, 0), &{
            let mut s = pkt(&echo[..7]);
            s.protocol = 1;
            s
        }));
    }

    #[test]
    fn match_checks() {
        let filter = par(b"filter", IN, 6);
        let tcp = XtTcp::default().encode();
        let mut payload = [0u8; 16];
        payload[..12].copy_from_slice(&tcp);
        assert!(parse_match(&name(b"tcp"), 0, &payload, &filter).is_ok());
        let inv = CheckParam {
            inv_proto: true,
            ..filter
        };
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, &inv),
            Err(Error::Inval(Reject::MatchProto))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, &par(b"filter", IN, 17)),
            Err(Error::Inval(Reject::MatchProto))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload[..12], &filter),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            parse_match(&name(b"tcp"), 1, &payload, &filter),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            parse_match(&[b'a'; 29], 0, &payload, &filter),
            Err(Error::Inval(Reject::ExtNameUnterminated))
        );
        payload[11] = 0x10;
        assert_eq!(
            parse_match(&name(b"tcp"), 0, &payload, &filter),
            Err(Error::Inval(Reject::MatchInvFlags))
        );

        // conntrack: any table, hook and protocol; the payload size per revision.
        for rev in 1..=3u8 {
            let info = XtConntrack {
                match_flags: ct_flags::STATE,
                state_mask: 0x0e,
                ..XtConntrack::default()
            };
            let (buf, n) = info.encode(rev);
            let aligned = abi::xt_align(n).unwrap();
            let mut p = [0u8; 176];
            p[..n].copy_from_slice(&buf[..n]);
            let (m, view) = parse_match(
                &name(b"conntrack"),
                rev,
                &p[..aligned],
                &par(b"nat", 0x1f, 0),
            )
            .unwrap();
            assert_eq!(
                m,
                Match::Conntrack(ConntrackMatch {
                    revision: rev,
                    info
                })
            );
            assert!(m.needs().conntrack);
            assert_eq!(
                view,
                UserView {
                    name: b"conntrack",
                    used: n
                }
            );
            for wrong in [aligned - 8, aligned + 8, n] {
                if wrong == aligned {
                    continue;
                }
                assert_eq!(
                    parse_match(&name(b"conntrack"), rev, &p[..wrong], &filter),
                    Err(Error::Inval(Reject::MatchPayloadSize)),
                    "rev {rev} size {wrong}"
                );
            }
        }
        let (m, view) = parse_match(
            &name(b"state"),
            0,
            &[6, 0, 0, 0, 0xaa, 0, 0, 0],
            &par(b"raw", PRE | OUT, 0),
        )
        .unwrap();
        assert_eq!(m, Match::State(State(6)));
        assert_eq!(view.used, 4);
        assert_eq!(
            parse_match(&name(b"state"), 0, &[6, 0, 0, 0], &filter),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
    }
}
