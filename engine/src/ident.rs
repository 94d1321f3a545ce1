// SPDX-License-Identifier: GPL-2.0

//! How a client tells oxtables.ko from ip_tables.ko: the oxtables-only socket option
//! `OXT_SO_GET_IDENT` and the per-namespace file `/proc/net/oxtables`.
//!
//! oxtables.ko may serve the `IPT_SO_*` numbers at a base other than 64 (module parameter
//! `sockopt_base`), beside a loaded ip_tables.ko. A client that guessed the base wrong would edit
//! ip_tables.ko's tables instead, and nothing in the iptables ABI tells the two engines apart.
//! So oxtables answers one more get option, one past `IPT_SO_GET_REVISION_TARGET`, with a fixed
//! magic, the format's revision, its base and its version; ip_tables.ko answers that number with
//! `ENOPROTOOPT` (no `PF_INET` user owns 68, nor `base + 4` for the documented bases).
//! `/proc/net/oxtables` says where the base is: `sockopt_base N` and `version V` lines.
//!
//! The reply, [`SIZE`] bytes in native byte order:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic, `oxtables` (no NUL) |
//! | 8 | 4 | `u32` revision of this reply, [`ABI`] |
//! | 12 | 4 | `i32` the socket option base the module serves |
//! | 16 | 16 | the module's version, NUL-padded |
//!
//! The option takes exactly [`SIZE`] bytes (`EINVAL` otherwise) and, like every `IPT_SO_*`
//! option, `CAP_NET_ADMIN` (`EPERM`).

use super::abi::{put, read_i32, read_u32};
use core::fmt;

/// `OXT_SO_GET_IDENT`, relative to the base: one past `IPT_SO_GET_REVISION_TARGET` (base + 3).
pub const GET_IDENT: i32 = 4;

/// The size of the reply (the only length the option accepts).
pub const SIZE: usize = 32;

/// The reply's first bytes.
pub const MAGIC: [u8; 8] = *b"oxtables";

/// The revision of the reply's layout.
pub const ABI: u32 = 1;

/// The size of the version field.
pub const VERSION_LEN: usize = 16;

/// The version of oxtables (the module's and the tool's, `CARGO_PKG_VERSION` of the crates,
/// which the kernel build does not see).
pub const VERSION: &str = "0.1.0";

const _: () = assert!(VERSION.len() < VERSION_LEN);

/// The lowest base oxtables.ko accepts (and a client uses).
pub const BASE_MIN: i32 = 0;

/// The highest base: the end of the get range, `base + GET_IDENT + 1` (`nf_sockopt_ops` takes
/// half-open ranges), must fit in an `int`.
pub const BASE_MAX: i32 = i32::MAX - GET_IDENT - 1;

/// The reply of `OXT_SO_GET_IDENT`, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The layout revision.
    pub abi: u32,
    /// The socket option base of the module that answered.
    pub base: i32,
    /// Its version, NUL-padded.
    pub version: [u8; VERSION_LEN],
}

impl Ident {
    /// What this build of oxtables.ko answers when serving from `base`.
    pub fn ours(base: i32) -> Ident {
        let mut version = [0u8; VERSION_LEN];
        for (d, s) in version.iter_mut().zip(VERSION.as_bytes()) {
            *d = *s;
        }
        Ident {
            abi: ABI,
            base,
            version,
        }
    }

    /// The reply's bytes.
    pub fn encode(&self) -> [u8; SIZE] {
        let mut b = [0u8; SIZE];
        put(&mut b, 0, &MAGIC);
        put(&mut b, 8, &self.abi.to_ne_bytes());
        put(&mut b, 12, &self.base.to_ne_bytes());
        put(&mut b, 16, &self.version);
        b
    }

    /// A reply of exactly [`SIZE`] bytes starting with [`MAGIC`], or `None` (not oxtables).
    pub fn decode(buf: &[u8]) -> Option<Ident> {
        if buf.len() != SIZE || buf.get(..8)? != MAGIC {
            return None;
        }
        Some(Ident {
            abi: read_u32(buf, 8)?,
            base: read_i32(buf, 12)?,
            version: buf.get(16..)?.try_into().ok()?,
        })
    }

    /// The version up to its first NUL (`"?"` if it is not UTF-8).
    pub fn version_str(&self) -> &str {
        let end = self
            .version
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(VERSION_LEN);
        core::str::from_utf8(self.version.get(..end).unwrap_or(&[])).unwrap_or("?")
    }
}

/// The name of the file in every namespace's `/proc/net`.
pub const PROC_NAME: &str = "oxtables";

/// The text of `/proc/net/oxtables` for a module serving from `base`.
#[derive(Clone, Copy, Debug)]
pub struct ProcText {
    /// The module's socket option base.
    pub base: i32,
}

impl fmt::Display for ProcText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sockopt_base {}\nversion {}\n", self.base, VERSION)
    }
}

/// A socket option base as a client reads one (decimal, surrounding blanks allowed), if it is in
/// [`BASE_MIN`]..=[`BASE_MAX`].
pub fn parse_base(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<i32>()
        .ok()
        .filter(|b| (BASE_MIN..=BASE_MAX).contains(b))
}

/// The base in the text of `/proc/net/oxtables` (its `sockopt_base` line), if there is a valid
/// one.
pub fn parse_proc(text: &str) -> Option<i32> {
    text.lines().find_map(|l| {
        let mut words = l.split_ascii_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("sockopt_base"), Some(v), None) => parse_base(v),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn version_is_the_crates() {
        assert_eq!(VERSION, env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn reply_layout() {
        let b = Ident::ours(6400).encode();
        assert_eq!(&b[..8], b"oxtables");
        assert_eq!(b[8..12], 1u32.to_ne_bytes());
        assert_eq!(b[12..16], 6400i32.to_ne_bytes());
        assert_eq!(&b[16..21], b"0.1.0");
        assert!(b[21..].iter().all(|&c| c == 0));
    }

    #[test]
    fn reply_round_trip() {
        let id = Ident::ours(64);
        let d = Ident::decode(&id.encode()).unwrap();
        assert_eq!(d, id);
        assert_eq!(d.version_str(), "0.1.0");
        assert_eq!(d.base, 64);
        assert_eq!(d.abi, ABI);
    }

    #[test]
    fn foreign_replies_are_refused() {
        let b = Ident::ours(64).encode();
        assert_eq!(Ident::decode(&b[..SIZE - 1]), None);
        let mut long = [0u8; SIZE + 1];
        long[..SIZE].copy_from_slice(&b);
        assert_eq!(Ident::decode(&long), None);
        let mut bad = b;
        bad[0] = b'O';
        assert_eq!(Ident::decode(&bad), None);
        assert_eq!(Ident::decode(&[0u8; SIZE]), None);
        // A version field without a NUL or with bad UTF-8 still decodes.
        let mut full = b;
        full[16..].copy_from_slice(b"0123456789abcdef");
        assert_eq!(
            Ident::decode(&full).unwrap().version_str(),
            "0123456789abcdef"
        );
        full[16] = 0xff;
        assert_eq!(Ident::decode(&full).unwrap().version_str(), "?");
    }

    #[test]
    fn proc_text_round_trip() {
        let t = ProcText { base: 6400 }.to_string();
        assert_eq!(t, "sockopt_base 6400\nversion 0.1.0\n");
        assert_eq!(parse_proc(&t), Some(6400));
        assert_eq!(parse_proc(&ProcText { base: 64 }.to_string()), Some(64));
    }

    #[test]
    fn proc_parsing() {
        assert_eq!(parse_proc(""), None);
        assert_eq!(parse_proc("version 0.1.0\n"), None);
        assert_eq!(parse_proc("version 0.1.0\nsockopt_base  128 \n"), Some(128));
        assert_eq!(parse_proc("sockopt_base\n"), None);
        assert_eq!(parse_proc("sockopt_base 64 65\n"), None);
        assert_eq!(parse_proc("sockopt_base -1\n"), None);
        assert_eq!(parse_proc("sockopt_base 0x40\n"), None);
        assert_eq!(parse_proc("sockopt_bases 64\n"), None);
        // The first valid line wins; a bad one is skipped.
        assert_eq!(parse_proc("sockopt_base x\nsockopt_base 96\n"), Some(96));
    }

    #[test]
    fn base_range() {
        assert_eq!(parse_base("0"), Some(0));
        assert_eq!(parse_base(" 6400\n"), Some(6400));
        assert_eq!(parse_base("+64"), None);
        assert_eq!(parse_base(""), None);
        assert_eq!(parse_base("2147483642"), Some(BASE_MAX));
        assert_eq!(parse_base("2147483643"), None);
        assert_eq!(parse_base("99999999999"), None);
    }
}
