// SPDX-License-Identifier: GPL-2.0

//! The `length` match (`net/netfilter/xt_length.c`, `struct xt_length_info`): the IPv4 total
//! length within an inclusive range.

use super::super::abi::{put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_length_info)`: two `u16`, the `u8`, one byte of padding.
pub const XT_LENGTH_INFO_SIZE: usize = 6;

/// `struct xt_length_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtLengthInfo {
    /// `min`.
    pub min: u16,
    /// `max`.
    pub max: u16,
    /// Inverts the result (a `u8` in C arithmetic, see [`Length::run`]).
    pub invert: u8,
}

impl XtLengthInfo {
    /// Decodes the first 6 bytes of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        b.get(..XT_LENGTH_INFO_SIZE)?;
        Some(Self {
            min: read_u16(b, 0)?,
            max: read_u16(b, 2)?,
            invert: *b.get(4)?,
        })
    }

    /// Encodes to the 6-byte wire form.
    pub fn encode(&self) -> [u8; XT_LENGTH_INFO_SIZE] {
        let mut b = [0u8; XT_LENGTH_INFO_SIZE];
        put(&mut b, 0, &self.min.to_ne_bytes());
        put(&mut b, 2, &self.max.to_ne_bytes());
        b[4] = self.invert;
        b
    }
}

/// `length_mt_reg`, the IPv4 entry.
const REGS: &[Reg] = &[Reg::match_(ExtId::Length, b"length", XT_LENGTH_INFO_SIZE)];

/// A validated `length` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Length(pub XtLengthInfo);

impl MatchDef for Length {
    const REGS: &'static [Reg] = REGS;

    /// No `checkentry` upstream.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        XtLengthInfo::decode(payload)
            .map(Length)
            .ok_or(Error::Inval(Reject::MatchPayloadSize))
    }

    /// `length_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let len = env.ip_totlen();
        let i = &self.0;
        let inside = u8::from(len >= u32::from(i.min) && len <= u32::from(i.max));
        // `(...) ^ info->invert`: an `int` read as a `bool`.
        MatchResult::from_bool(inside ^ i.invert != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::error::Error;
    use super::super::testutil::*;
    use super::*;

    fn load(min: u16, max: u16, invert: u8) -> Match {
        let mut p = [0u8; 8];
        p[..6].copy_from_slice(&XtLengthInfo { min, max, invert }.encode());
        load_match(b"length", 0, &p, &par(b"filter", OUT, 6))
            .unwrap()
            .0
    }

    fn len(n: u32) -> FakeEnv {
        FakeEnv {
            ip_totlen: n,
            ..FakeEnv::default()
        }
    }

    #[test]
    fn lengths() {
        let p = icmp_packet();
        let m = load(100, 200, 0);
        assert!(!match_hits(&m, &len(99), &p));
        assert!(match_hits(&m, &len(100), &p));
        assert!(match_hits(&m, &len(200), &p));
        assert!(!match_hits(&m, &len(201), &p));
        let m = load(100, 200, 1);
        assert!(match_hits(&m, &len(99), &p));
        assert!(!match_hits(&m, &len(150), &p));
        // `invert` is a byte in C arithmetic: 2 makes every packet match.
        assert!(match_hits(&load(100, 200, 2), &len(50), &p));
        assert!(match_hits(&load(100, 200, 2), &len(150), &p));
        // A reversed range never matches.
        assert!(!match_hits(&load(200, 100, 0), &len(150), &p));
        // A BIG TCP packet is longer than any range.
        assert!(!match_hits(&load(0, 65535, 0), &len(100_000), &p));
        assert!(match_hits(&load(0, 65535, 1), &len(100_000), &p));
    }

    #[test]
    fn layout_and_checks() {
        let b = XtLengthInfo {
            min: 0x0102,
            max: 0x0304,
            invert: 1,
        }
        .encode();
        assert_eq!(b, [2, 1, 4, 3, 1, 0]);
        let (m, view) = load_match(b"length", 0, &[0; 8], &filter_input()).unwrap();
        assert_eq!(m, Match::Length(Length(XtLengthInfo::default())));
        assert_eq!(view.used, 6);
        assert_eq!(
            load_match(b"length", 0, &[0; 16], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"length", 1, &[0; 8], &filter_input()),
            Err(Error::NoEnt(Reject::MatchRevision))
        );
    }
}
