// SPDX-License-Identifier: GPL-2.0

//! The `multiport` match (`net/netfilter/xt_multiport.c`), revision 1 (`struct
//! xt_multiport_v1`, the only revision the kernel registers for IPv4): up to 15 source,
//! destination or either-side ports and port ranges of a TCP, UDP, UDP-Lite, SCTP or DCCP
//! packet.

use super::super::abi::{proto, put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::tcpudp::be16;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_multiport_v1)`.
pub const XT_MULTIPORT_V1_SIZE: usize = 48;
/// `XT_MULTI_PORTS`.
pub const XT_MULTI_PORTS: usize = 15;

/// `enum xt_multiport_flags`.
pub mod mp_flags {
    /// `XT_MULTIPORT_SOURCE`.
    pub const SOURCE: u8 = 0;
    /// `XT_MULTIPORT_DESTINATION`.
    pub const DESTINATION: u8 = 1;
    /// `XT_MULTIPORT_EITHER`.
    pub const EITHER: u8 = 2;
}

/// `IPPROTO_UDPLITE`.
pub const IPPROTO_UDPLITE: u16 = 136;
/// `IPPROTO_SCTP`.
pub const IPPROTO_SCTP: u16 = 132;
/// `IPPROTO_DCCP`.
pub const IPPROTO_DCCP: u16 = 33;

/// Offset of `pflags` in `struct xt_multiport_v1`.
const PFLAGS: usize = 32;
/// Offset of `invert`.
const INVERT: usize = 47;

/// `struct xt_multiport_v1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtMultiportV1 {
    /// Which ports are compared ([`mp_flags`]).
    pub flags: u8,
    /// The number of `ports` in use (a range takes two).
    pub count: u8,
    /// Ports, host order; a range is `ports[i]` (with `pflags[i]` set) to `ports[i + 1]`.
    pub ports: [u16; XT_MULTI_PORTS],
    /// Non-zero where a range starts.
    pub pflags: [u8; XT_MULTI_PORTS],
    /// Inverts the result (as a `u8` in C arithmetic, see [`Multiport::run`]).
    pub invert: u8,
}

impl XtMultiportV1 {
    /// Decodes the first 48 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let mut m = XtMultiportV1 {
            flags: *b.first()?,
            count: *b.get(1)?,
            invert: *b.get(INVERT)?,
            ..XtMultiportV1::default()
        };
        for i in 0..XT_MULTI_PORTS {
            // NO-OVERFLOW: i < 15.
            m.ports[i] = read_u16(b, 2 + 2 * i)?;
            m.pflags[i] = *b.get(PFLAGS + i)?;
        }
        Some(m)
    }

    /// Encodes to the 48-byte wire form.
    pub fn encode(&self) -> [u8; XT_MULTIPORT_V1_SIZE] {
        let mut b = [0u8; XT_MULTIPORT_V1_SIZE];
        b[0] = self.flags;
        b[1] = self.count;
        for i in 0..XT_MULTI_PORTS {
            put(&mut b, 2 + 2 * i, &self.ports[i].to_ne_bytes());
            b[PFLAGS + i] = self.pflags[i];
        }
        b[INVERT] = self.invert;
        b
    }
}

/// `multiport_mt_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg {
    revision: 1,
    ..Reg::match_(ExtId::Multiport, b"multiport", XT_MULTIPORT_V1_SIZE)
}];

/// `check`: the rule's protocol is not one with ports, or is inverted.
pub const BAD_PROTO: Reject = Reject::Check("multiport: protocol not TCP/UDP/UDP-Lite/SCTP/DCCP");
/// `check`: unknown `flags`.
pub const BAD_FLAGS: Reject = Reject::Check("multiport: bad flags");
/// `check`: `count` above `XT_MULTI_PORTS`.
pub const BAD_COUNT: Reject = Reject::Check("multiport: too many ports");
/// `multiport_valid_ranges`: a range without an end, a range ending in a range, or a range
/// whose start is above its end.
pub const BAD_RANGE: Reject = Reject::Check("multiport: invalid range");

/// A validated `multiport` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Multiport(pub XtMultiportV1);

/// `multiport_valid_ranges`.
fn valid_ranges(m: &XtMultiportV1) -> bool {
    let count = usize::from(m.count);
    let mut i = 0usize;
    while i < count {
        if m.pflags.get(i).copied().unwrap_or(0) != 0 {
            // NO-OVERFLOW: i < count <= 15.
            i += 1;
            if i >= count {
                return false;
            }
            if m.pflags.get(i).copied().unwrap_or(0) != 0 {
                return false;
            }
            let (Some(&lo), Some(&hi)) = (m.ports.get(i - 1), m.ports.get(i)) else {
                return false;
            };
            if lo > hi {
                return false;
            }
        }
        i += 1;
    }
    true
}

impl Multiport {
    /// `ports_match_v1`.
    fn ports_match(&self, src: u16, dst: u16) -> bool {
        let m = &self.0;
        // `true ^ minfo->invert` and `return minfo->invert`, with `invert` a `u8` promoted to
        // `int` and the result read as a `bool`.
        let hit = (1 ^ m.invert) != 0;
        let count = usize::from(m.count);
        let mut i = 0usize;
        while i < count {
            let Some(&s) = m.ports.get(i) else {
                break;
            };
            let (lo, hi) = if m.pflags.get(i).copied().unwrap_or(0) != 0 {
                // NO-OVERFLOW: i < 15; `check` made sure a range has its end.
                i += 1;
                (s, m.ports.get(i).copied().unwrap_or(0))
            } else {
                (s, s)
            };
            let in_range = |p: u16| p >= lo && p <= hi;
            let found = match m.flags {
                mp_flags::SOURCE => in_range(src),
                mp_flags::DESTINATION => in_range(dst),
                mp_flags::EITHER => in_range(dst) || in_range(src),
                _ => false,
            };
            if found {
                return hit;
            }
            i += 1;
        }
        m.invert != 0
    }
}

impl MatchDef for Multiport {
    const REGS: &'static [Reg] = REGS;

    /// `multiport_mt_check`: `check` (protocol, inversion, flags, count), then
    /// `multiport_valid_ranges`, all `EINVAL`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let m = XtMultiportV1::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let ported = matches!(
            par.proto,
            proto::TCP | proto::UDP | IPPROTO_UDPLITE | IPPROTO_SCTP | IPPROTO_DCCP
        );
        if !ported || par.inv_proto {
            return Err(Error::Inval(BAD_PROTO));
        }
        if !matches!(
            m.flags,
            mp_flags::SOURCE | mp_flags::DESTINATION | mp_flags::EITHER
        ) {
            return Err(Error::Inval(BAD_FLAGS));
        }
        if usize::from(m.count) > XT_MULTI_PORTS {
            return Err(Error::Inval(BAD_COUNT));
        }
        if !valid_ranges(&m) {
            return Err(Error::Inval(BAD_RANGE));
        }
        Ok(Multiport(m))
    }

    /// `multiport_mt`.
    fn run<E: Env>(&self, pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        if pkt.frag_off != 0 {
            return MatchResult::No;
        }
        let (Some(src), Some(dst)) = (be16(pkt.l4, 0), be16(pkt.l4, 2)) else {
            // "Dropping evil offset=0 tinygram."
            return MatchResult::HotDrop;
        };
        MatchResult::from_bool(self.ports_match(src, dst))
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::*;

    fn info(flags: u8, ports: &[(u16, Option<u16>)], invert: u8) -> XtMultiportV1 {
        let mut m = XtMultiportV1 {
            flags,
            invert,
            ..XtMultiportV1::default()
        };
        let mut i = 0;
        for &(lo, hi) in ports {
            m.ports[i] = lo;
            if let Some(hi) = hi {
                m.pflags[i] = 1;
                i += 1;
                m.ports[i] = hi;
            }
            i += 1;
        }
        m.count = i as u8;
        m
    }

    fn load(m: &XtMultiportV1, proto: u16) -> Result<Match, Error> {
        load_match(b"multiport", 1, &m.encode(), &par(b"filter", IN, proto)).map(|m| m.0)
    }

    fn tcp(sport: u16, dport: u16) -> Vec<u8> {
        tcp_hdr(sport, dport, 0x02, &[])
    }

    #[test]
    fn layout() {
        let m = info(mp_flags::EITHER, &[(22, None), (1000, Some(2000))], 1);
        let b = m.encode();
        assert_eq!(b.len(), XT_MULTIPORT_V1_SIZE);
        assert_eq!(&b[..8], &[2, 3, 22, 0, 0xe8, 3, 0xd0, 7]);
        assert_eq!(b[PFLAGS + 1], 1);
        assert_eq!(b[47], 1);
        assert_eq!(XtMultiportV1::decode(&b), Some(m));
        assert_eq!(XtMultiportV1::decode(&b[..47]), None);
    }

    #[test]
    fn ports_ranges_and_directions() {
        let m = load(
            &info(mp_flags::DESTINATION, &[(22, None), (1000, Some(2000))], 0),
            6,
        )
        .unwrap();
        let env = FakeEnv::default();
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 22))));
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 1000))));
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 2000))));
        assert!(!match_hits(&m, &env, &pkt(&tcp(5, 2001))));
        assert!(!match_hits(&m, &env, &pkt(&tcp(22, 23))));
        let m = load(&info(mp_flags::SOURCE, &[(22, None)], 0), 6).unwrap();
        assert!(match_hits(&m, &env, &pkt(&tcp(22, 5))));
        assert!(!match_hits(&m, &env, &pkt(&tcp(5, 22))));
        let m = load(&info(mp_flags::EITHER, &[(80, Some(90))], 0), 17).unwrap();
        assert!(match_hits(&m, &env, &pkt(&tcp(85, 5))));
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 85))));
        assert!(!match_hits(&m, &env, &pkt(&tcp(5, 95))));
        // Inverted.
        let m = load(&info(mp_flags::DESTINATION, &[(22, None)], 1), 6).unwrap();
        assert!(!match_hits(&m, &env, &pkt(&tcp(5, 22))));
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 23))));
        // `invert` is a byte in C arithmetic: 2 makes both answers true.
        let m = load(&info(mp_flags::DESTINATION, &[(22, None)], 2), 6).unwrap();
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 22))));
        assert!(match_hits(&m, &env, &pkt(&tcp(5, 23))));
        // No ports: the inversion alone.
        assert!(!match_hits(
            &load(&info(mp_flags::SOURCE, &[], 0), 6).unwrap(),
            &env,
            &pkt(&tcp(1, 2))
        ));
        assert!(match_hits(
            &load(&info(mp_flags::SOURCE, &[], 1), 6).unwrap(),
            &env,
            &pkt(&tcp(1, 2))
        ));
        // Fifteen ports, the last one hit.
        let many: Vec<(u16, Option<u16>)> = (1..=15).map(|p| (p, None)).collect();
        let m = load(&info(mp_flags::DESTINATION, &many, 0), 6).unwrap();
        assert!(match_hits(&m, &env, &pkt(&tcp(100, 15))));
        assert!(!match_hits(&m, &env, &pkt(&tcp(100, 16))));
    }

    #[test]
    fn fragments_and_tinygrams() {
        let payload = info(mp_flags::DESTINATION, &[(22, None)], 1).encode();
        let m = [ExtSpec {
            name: b"multiport",
            revision: 1,
            payload: &payload,
        }];
        let rs = parse(&filter(
            &[R {
                ip: IptIp {
                    proto: 6,
                    ..IptIp::default()
                },
                matches: &m,
                t: v(VERDICT_ACCEPT),
            }],
            VERDICT_ACCEPT,
            &[],
        ))
        .unwrap();
        let seg = tcp(5, 80);
        // A non-first fragment never matches, even inverted.
        let mut f = pkt(&seg);
        f.frag_off = 3;
        assert_eq!(run(&rs, Hook::LocalIn, &f), (Outcome::Accept, vec![1]));
        assert_eq!(
            run(&rs, Hook::LocalIn, &pkt(&seg)),
            (Outcome::Accept, vec![0])
        );
        // Fewer than 4 transport bytes: hotdrop.
        assert_eq!(
            run(&rs, Hook::LocalIn, &pkt(&seg[..3])),
            (Outcome::Drop, vec![])
        );
        assert_eq!(
            run(&rs, Hook::LocalIn, &pkt(&seg[..4])),
            (Outcome::Accept, vec![0])
        );
    }

    #[test]
    fn checks() {
        let ok = info(mp_flags::DESTINATION, &[(22, None), (1000, Some(2000))], 0);
        for p in [6, 17, 136, 132, 33] {
            assert!(load(&ok, p).is_ok(), "proto {p}");
        }
        for p in [0, 1, 47] {
            assert_eq!(load(&ok, p), Err(Error::Inval(BAD_PROTO)));
        }
        let inv = CheckParam {
            inv_proto: true,
            ..par(b"filter", IN, 6)
        };
        assert_eq!(
            load_match(b"multiport", 1, &ok.encode(), &inv).map(|m| m.0),
            Err(Error::Inval(BAD_PROTO))
        );
        assert_eq!(
            load(&XtMultiportV1 { flags: 3, ..ok }, 6),
            Err(Error::Inval(BAD_FLAGS))
        );
        assert_eq!(
            load(&XtMultiportV1 { count: 16, ..ok }, 6),
            Err(Error::Inval(BAD_COUNT))
        );
        // The protocol is checked first.
        assert_eq!(
            load(&XtMultiportV1 { count: 16, ..ok }, 1),
            Err(Error::Inval(BAD_PROTO))
        );
        // Ranges: start above end, no end, a range ending in a range flag.
        let mut r = ok;
        r.ports[1] = 2001;
        assert_eq!(load(&r, 6), Err(Error::Inval(BAD_RANGE)));
        r.ports[1] = 2000;
        assert!(load(&r, 6).is_ok());
        let mut r = ok;
        r.count = 2;
        assert_eq!(load(&r, 6), Err(Error::Inval(BAD_RANGE)));
        let mut r = ok;
        r.pflags[2] = 1;
        assert_eq!(load(&r, 6), Err(Error::Inval(BAD_RANGE)));
        // An equal start and end is valid for the kernel (the tool refuses it).
        let mut r = ok;
        r.ports[2] = 1000;
        assert!(load(&r, 6).is_ok());
        // Range flags past `count` are not looked at.
        let mut r = ok;
        r.pflags[14] = 1;
        assert!(load(&r, 6).is_ok());
        // The last port starting a range.
        let mut r = info(mp_flags::SOURCE, &[], 0);
        r.count = 15;
        r.pflags[14] = 1;
        assert_eq!(load(&r, 6), Err(Error::Inval(BAD_RANGE)));
        // Revision 0 is not registered by this kernel.
        assert_eq!(
            load_match(b"multiport", 0, &[0; 16], &par(b"filter", IN, 6)),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"multiport", 1, &[0; 40], &par(b"filter", IN, 6)),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(find_revision(ExtKind::Match, &name(b"multiport"), 1), Ok(1));
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"multiport"), 0),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
    }
}
