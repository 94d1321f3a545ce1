// SPDX-License-Identifier: GPL-2.0

//! The `string` match (`net/netfilter/xt_string.c`, `struct xt_string_info`), revision 1 (the
//! only one the kernel registers; revision 0's payload is the same but for `u.v0.invert`, and
//! the kernel refuses it as an unknown revision): whether the packet, from the IP header's
//! byte `from_offset` to `to_offset`, holds `pattern`, found by the kernel's textsearch
//! (`bm`, `kmp`, ...).
//!
//! The check prepares the search (`textsearch_prepare`, `LoadEnv::textsearch_prepare`): an
//! allocation of the rule's, freed with its table (`textsearch_destroy`). The match runs it on
//! the skb (`skb_find_text`, [`Env::skb_find_text`]).

use super::super::abi::{put, read_u16};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Reg};

/// `XT_STRING_MAX_PATTERN_SIZE`.
pub const XT_STRING_MAX_PATTERN_SIZE: usize = 128;
/// `XT_STRING_MAX_ALGO_NAME_SIZE`.
pub const XT_STRING_MAX_ALGO_NAME_SIZE: usize = 16;
/// `XT_STRING_FLAG_INVERT`.
pub const XT_STRING_FLAG_INVERT: u8 = 0x01;
/// `XT_STRING_FLAG_IGNORECASE`.
pub const XT_STRING_FLAG_IGNORECASE: u8 = 0x02;

/// `sizeof(struct xt_string_info)`: the user part, then the kernel's `config` pointer
/// (`aligned(8)`, at 152).
pub const XT_STRING_INFO_SIZE: usize = 160;
/// `offsetof(struct xt_string_info, config)`: `.usersize`.
pub const XT_STRING_INFO_USERSIZE: usize = 152;

/// Offsets in `struct xt_string_info`.
const ALGO: usize = 4;
const PATTERN: usize = ALGO + XT_STRING_MAX_ALGO_NAME_SIZE;
const PATLEN: usize = PATTERN + XT_STRING_MAX_PATTERN_SIZE;
const FLAGS: usize = PATLEN + 1;

/// `struct xt_string_info`, the user part (`u.v1.flags` is `u.v0.invert` in revision 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XtStringInfo {
    /// `from_offset`.
    pub from_offset: u16,
    /// `to_offset`.
    pub to_offset: u16,
    /// `algo`: the textsearch algorithm's name, NUL-terminated.
    pub algo: [u8; XT_STRING_MAX_ALGO_NAME_SIZE],
    /// `pattern`: `patlen` bytes of it are searched for.
    pub pattern: [u8; XT_STRING_MAX_PATTERN_SIZE],
    /// `patlen`.
    pub patlen: u8,
    /// `u.v1.flags` ([`XT_STRING_FLAG_INVERT`], [`XT_STRING_FLAG_IGNORECASE`]).
    pub flags: u8,
}

impl Default for XtStringInfo {
    fn default() -> Self {
        Self {
            from_offset: 0,
            to_offset: 0,
            algo: [0; XT_STRING_MAX_ALGO_NAME_SIZE],
            pattern: [0; XT_STRING_MAX_PATTERN_SIZE],
            patlen: 0,
            flags: 0,
        }
    }
}

impl XtStringInfo {
    /// Decodes the user part at the start of `b`.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let mut algo = [0u8; XT_STRING_MAX_ALGO_NAME_SIZE];
        algo.copy_from_slice(b.get(ALGO..PATTERN)?);
        let mut pattern = [0u8; XT_STRING_MAX_PATTERN_SIZE];
        pattern.copy_from_slice(b.get(PATTERN..PATLEN)?);
        Some(Self {
            from_offset: read_u16(b, 0)?,
            to_offset: read_u16(b, 2)?,
            algo,
            pattern,
            patlen: *b.get(PATLEN)?,
            flags: *b.get(FLAGS)?,
        })
    }

    /// Encodes to the 160-byte wire form (`config` zero).
    pub fn encode(&self) -> [u8; XT_STRING_INFO_SIZE] {
        let mut b = [0u8; XT_STRING_INFO_SIZE];
        put(&mut b, 0, &self.from_offset.to_ne_bytes());
        put(&mut b, 2, &self.to_offset.to_ne_bytes());
        put(&mut b, ALGO, &self.algo);
        put(&mut b, PATTERN, &self.pattern);
        put(&mut b, PATLEN, &[self.patlen, self.flags]);
        b
    }

    /// The `patlen` bytes searched for (all of `pattern` if `patlen` is larger).
    pub fn pattern(&self) -> &[u8] {
        self.pattern
            .get(..usize::from(self.patlen))
            .unwrap_or(&self.pattern)
    }
}

/// `xt_string_mt_reg`: revision 1, `NFPROTO_UNSPEC`, `.usersize` up to `config`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    revision: 1,
    usersize: XT_STRING_INFO_USERSIZE,
    ..Reg::match_(ExtId::String, b"string", XT_STRING_INFO_SIZE)
}];

/// `string_mt_check`: `from_offset > to_offset` (`EINVAL`).
pub const FROM_AFTER_TO: Reject = Reject::Check("string: from_offset > to_offset");
/// `string_mt_check`: `algo` without its NUL in the last byte (`EINVAL`).
pub const ALGO_UNTERMINATED: Reject = Reject::Check("string: algo not NUL-terminated");
/// `string_mt_check`: `patlen > XT_STRING_MAX_PATTERN_SIZE` (`EINVAL`).
pub const PATTERN_TOO_LONG: Reject = Reject::Check("string: patlen over 128");
/// `string_mt_check`: flags other than `INVERT` and `IGNORECASE` (`EINVAL`).
pub const BAD_FLAGS: Reject = Reject::Check("string: unknown flags");
/// `textsearch_prepare`: an empty pattern (`EINVAL`).
pub const TS_EMPTY: Reject = Reject::Check("string: textsearch_prepare: zero-length pattern");
/// `textsearch_prepare`: no algorithm of that name, even after `request_module("ts_%s")`
/// (`ENOENT`).
pub const TS_NO_ALGO: Reject = Reject::Check("string: textsearch_prepare: no such algorithm");
/// `textsearch_prepare`: the algorithm's `init` refused the pattern or flags (`EINVAL`;
/// `fsm`'s tokens, or `fsm` with `TS_IGNORECASE`).
pub const TS_BAD_PATTERN: Reject = Reject::Check("string: textsearch_prepare: pattern refused");
/// `textsearch_prepare`: the configuration could not be allocated (`ENOMEM`).
pub const TS_NO_MEMORY: Reject = Reject::Check("string: textsearch_prepare: no memory");

/// The engine error for the errno `textsearch_prepare` returned as an `ERR_PTR`: it returns
/// only `EINVAL` (an empty pattern, or the algorithm's `init` refusing it), `ENOENT` (no such
/// algorithm) and `ENOMEM`.
pub const fn prepare_error(errno: i32) -> Error {
    match errno {
        2 => Error::NoEnt(TS_NO_ALGO),
        12 => Error::NoMem(TS_NO_MEMORY),
        _ => Error::Inval(TS_BAD_PATTERN),
    }
}

/// `sizeof(struct ts_fsm_token)`.
const TS_FSM_TOKEN_SIZE: usize = 4;
/// `TS_FSM_TYPE_MAX`.
const TS_FSM_TYPE_MAX: u16 = 12;
/// `TS_FSM_RECUR_MAX`, also `TS_FSM_HEAD_IGNORE`.
const TS_FSM_RECUR_MAX: u8 = 4;

/// `textsearch_prepare` as far as it can fail, for load environments without the kernel's
/// textsearch (host validation, `LoadEnv::textsearch_prepare`'s default): an empty pattern
/// is `EINVAL`; `bm` and `kmp` (`lib/ts_bm.c`, `lib/ts_kmp.c`) take any other pattern;
/// `fsm` (`lib/ts_fsm.c`) takes whole tokens of known types and recurrences, a head-ignore
/// token only first and not alone, and no `TS_IGNORECASE`; any other name is `ENOENT`.
pub fn host_prepare(algo: &[u8], pattern: &[u8], icase: bool) -> Result<(), Error> {
    if pattern.is_empty() {
        return Err(Error::Inval(TS_EMPTY));
    }
    match super::super::abi::c_str(algo) {
        b"bm" | b"kmp" => Ok(()),
        b"fsm" => {
            let bad = Err(Error::Inval(TS_BAD_PATTERN));
            let n = pattern.len() / TS_FSM_TOKEN_SIZE;
            if !pattern.len().is_multiple_of(TS_FSM_TOKEN_SIZE) || icase {
                return bad;
            }
            for (i, t) in pattern.chunks_exact(TS_FSM_TOKEN_SIZE).enumerate() {
                let ty = read_u16(t, 0).unwrap_or(u16::MAX);
                let recur = t.get(2).copied().unwrap_or(u8::MAX);
                if ty > TS_FSM_TYPE_MAX || recur > TS_FSM_RECUR_MAX {
                    return bad;
                }
                if recur == TS_FSM_RECUR_MAX && (i != 0 || i + 1 == n) {
                    return bad;
                }
            }
            Ok(())
        }
        _ => Err(Error::NoEnt(TS_NO_ALGO)),
    }
}

/// A prepared search as the match runs it: the slot of its `ts_config` (what
/// `LoadEnv::textsearch_prepare` answered) and what was prepared, for environments that
/// search without the kernel's textsearch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSearch {
    /// The slot of the rule's `ts_config`.
    pub slot: u32,
    /// The pattern (the first `patlen` bytes).
    pub pattern: [u8; XT_STRING_MAX_PATTERN_SIZE],
    /// Its length, 1 to 128.
    pub patlen: u8,
    /// `TS_IGNORECASE`.
    pub icase: bool,
}

impl TextSearch {
    /// The pattern's bytes.
    pub fn pattern(&self) -> &[u8] {
        self.pattern
            .get(..usize::from(self.patlen))
            .unwrap_or(&self.pattern)
    }
}

/// The kernel's `toupper` (`lib/ctype.c`'s Latin-1 table: `islower` is `a`-`z`, 0xdf-0xf6 and
/// 0xf8-0xff, each 0x20 above its upper case), which `ts_bm` and `ts_kmp` apply to the pattern
/// and the text with `TS_IGNORECASE`.
pub const fn kernel_toupper(c: u8) -> u8 {
    match c {
        b'a'..=b'z' | 0xdf..=0xf6 | 0xf8..=0xff => c - 0x20,
        _ => c,
    }
}

/// `skb_find_text(skb, from, to, config)` on the linear packet `data` (from the IP header), as
/// a plain search: the offset from `from` of the first occurrence of the pattern in
/// `data[from..]`, if it ends by `to`, else `u32::MAX` (`UINT_MAX`).
pub fn find_text(data: &[u8], from: u32, to: u32, ts: &TextSearch) -> u32 {
    let pat = ts.pattern();
    let Some(text) = usize::try_from(from).ok().and_then(|f| data.get(f..)) else {
        return u32::MAX;
    };
    let eq = |a: u8, b: u8| {
        if ts.icase {
            kernel_toupper(a) == kernel_toupper(b)
        } else {
            a == b
        }
    };
    let found = text
        .windows(pat.len().max(1))
        .position(|w| w.iter().zip(pat).all(|(&a, &b)| eq(a, b)));
    match found.and_then(|p| u32::try_from(p).ok()) {
        Some(p) if u64::from(p) + pat.len() as u64 <= u64::from(to.saturating_sub(from)) => p,
        _ => u32::MAX,
    }
}

/// A validated `string` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StringMatch {
    /// `from_offset`.
    pub from: u16,
    /// `to_offset`.
    pub to: u16,
    /// `XT_STRING_FLAG_INVERT`.
    pub invert: bool,
    /// The prepared search.
    pub search: TextSearch,
}

impl MatchDef for StringMatch {
    const REGS: &'static [Reg] = REGS;

    /// `string_mt_check`, in upstream's order, then `textsearch_prepare(algo, pattern,
    /// patlen, GFP_KERNEL, TS_AUTOLOAD | (icase ? TS_IGNORECASE : 0))`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtStringInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if i.from_offset > i.to_offset {
            return Err(Error::Inval(FROM_AFTER_TO));
        }
        if i.algo[XT_STRING_MAX_ALGO_NAME_SIZE - 1] != 0 {
            return Err(Error::Inval(ALGO_UNTERMINATED));
        }
        if usize::from(i.patlen) > XT_STRING_MAX_PATTERN_SIZE {
            return Err(Error::Inval(PATTERN_TOO_LONG));
        }
        if i.flags & !(XT_STRING_FLAG_IGNORECASE | XT_STRING_FLAG_INVERT) != 0 {
            return Err(Error::Inval(BAD_FLAGS));
        }
        let icase = i.flags & XT_STRING_FLAG_IGNORECASE != 0;
        let slot = par.load.textsearch_prepare(&i.algo, i.pattern(), icase)?;
        Ok(StringMatch {
            from: i.from_offset,
            to: i.to_offset,
            invert: i.flags & XT_STRING_FLAG_INVERT != 0,
            search: TextSearch {
                slot,
                pattern: i.pattern,
                patlen: i.patlen,
                icase,
            },
        })
    }

    /// `string_mt`: `(skb_find_text(skb, from_offset, to_offset, config) != UINT_MAX) ^
    /// invert`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let at = env.skb_find_text(u32::from(self.from), u32::from(self.to), &self.search);
        MatchResult::from_bool((at != u32::MAX) ^ self.invert)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::super::Match;
    use super::*;
    use core::cell::RefCell;

    fn info(algo: &[u8], pat: &[u8], flags: u8) -> XtStringInfo {
        let mut i = XtStringInfo {
            to_offset: u16::MAX,
            flags,
            patlen: pat.len() as u8,
            ..XtStringInfo::default()
        };
        i.algo[..algo.len()].copy_from_slice(algo);
        i.pattern[..pat.len()].copy_from_slice(pat);
        i
    }

    fn load(i: &XtStringInfo) -> Result<Match, Error> {
        load_rev(1, i)
    }

    fn load_rev(rev: u8, i: &XtStringInfo) -> Result<Match, Error> {
        load_match(b"string", rev, &i.encode(), &filter_input()).map(|(m, _)| m)
    }

    /// A UDP datagram (IP header 20 bytes, UDP 8) carrying `payload`.
    fn env_with(payload: &[u8]) -> FakeEnv {
        let mut d = vec![
            0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        d.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 0, 0, 0]);
        d.extend_from_slice(payload);
        FakeEnv {
            skb: FakeSkb {
                data: d,
                ..FakeSkb::default()
            },
            ..FakeEnv::default()
        }
    }

    fn hits(m: &Match, payload: &[u8]) -> bool {
        match_hits(m, &env_with(payload), &icmp_packet())
    }

    #[test]
    fn layout() {
        let i = XtStringInfo {
            from_offset: 0x0102,
            to_offset: 0x0304,
            ..info(b"kmp", b"abc", XT_STRING_FLAG_IGNORECASE)
        };
        let e = i.encode();
        assert_eq!(&e[..4], &[0x02, 0x01, 0x04, 0x03]);
        assert_eq!(&e[4..8], b"kmp\0");
        assert_eq!(&e[20..23], b"abc");
        assert_eq!((e[148], e[149]), (3, 2));
        assert_eq!(&e[150..], &[0; 10]);
        assert_eq!(XtStringInfo::decode(&e), Some(i));
        assert_eq!(XtStringInfo::decode(&e[..149]), None);
        assert_eq!(REGS[0].user_size(), 152);
        assert_eq!(REGS[0].aligned_size(), 160);
    }

    #[test]
    fn checks_in_upstream_order() {
        let ok = info(b"bm", b"test", 0);
        assert!(load(&ok).is_ok());
        let mut i = XtStringInfo {
            from_offset: 10,
            to_offset: 9,
            ..ok
        };
        i.algo = [b'x'; 16];
        i.patlen = 200;
        i.flags = 0x80;
        assert_eq!(load(&i).err(), Some(Error::Inval(FROM_AFTER_TO)));
        i.to_offset = 10;
        assert_eq!(load(&i).err(), Some(Error::Inval(ALGO_UNTERMINATED)));
        i.algo[15] = 0;
        assert_eq!(load(&i).err(), Some(Error::Inval(PATTERN_TOO_LONG)));
        i.patlen = 128;
        assert_eq!(load(&i).err(), Some(Error::Inval(BAD_FLAGS)));
        i.flags = XT_STRING_FLAG_INVERT | XT_STRING_FLAG_IGNORECASE;
        // "xxxxxxxxxxxxxxx": no such algorithm.
        assert_eq!(load(&i).err(), Some(Error::NoEnt(TS_NO_ALGO)));
        i.algo = ok.algo;
        assert!(load(&i).is_ok());
        // An empty pattern: textsearch_prepare's EINVAL, before the algorithm is looked up.
        i.patlen = 0;
        i.algo = [0; 16];
        assert_eq!(load(&i).err(), Some(Error::Inval(TS_EMPTY)));
        // Revision 0 is not registered.
        assert_eq!(
            load_rev(0, &ok).err(),
            Some(Error::ProtoType(Reject::MatchRevision))
        );
        assert_eq!(
            load_match(b"string", 1, &[0; 152], &filter_input()).err(),
            Some(Error::Inval(Reject::MatchPayloadSize))
        );
    }

    #[test]
    fn host_prepare_as_the_algorithms_init() {
        assert_eq!(host_prepare(b"kmp\0", b"a", true), Ok(()));
        assert_eq!(host_prepare(b"bm", b"a", true), Ok(()));
        assert_eq!(
            host_prepare(b"bmx", b"a", false),
            Err(Error::NoEnt(TS_NO_ALGO))
        );
        assert_eq!(
            host_prepare(b"", b"a", false),
            Err(Error::NoEnt(TS_NO_ALGO))
        );
        let bad = Err(Error::Inval(TS_BAD_PATTERN));
        // fsm: (type, recur, value) tokens.
        let tok = |ty: u16, recur: u8| {
            let mut t = ty.to_ne_bytes().to_vec();
            t.extend_from_slice(&[recur, b'a']);
            t
        };
        assert_eq!(host_prepare(b"fsm", &tok(0, 0), false), Ok(()));
        assert_eq!(host_prepare(b"fsm", &tok(0, 0), true), bad);
        assert_eq!(host_prepare(b"fsm", b"abc", false), bad);
        assert_eq!(host_prepare(b"fsm", &tok(13, 0), false), bad);
        assert_eq!(host_prepare(b"fsm", &tok(12, 5), false), bad);
        assert_eq!(host_prepare(b"fsm", &tok(1, 4), false), bad);
        let head = [tok(1, 4), tok(0, 0)].concat();
        assert_eq!(host_prepare(b"fsm", &head, false), Ok(()));
        let late = [tok(0, 0), tok(1, 4)].concat();
        assert_eq!(host_prepare(b"fsm", &late, false), bad);
    }

    /// The kernel's answer goes through: its slot reaches the packet path, its errno the
    /// request.
    #[test]
    fn the_kernel_prepares() {
        /// Each call: algorithm, pattern, icase.
        type Calls = RefCell<Vec<(Vec<u8>, Vec<u8>, bool)>>;
        struct Ts(Calls, Result<u32, Error>);
        impl LoadEnv for Ts {
            fn hz(&self) -> u32 {
                250
            }
            fn jiffies(&self) -> u64 {
                0
            }
            fn textsearch_prepare(
                &self,
                algo: &[u8; XT_STRING_MAX_ALGO_NAME_SIZE],
                pattern: &[u8],
                icase: bool,
            ) -> Result<u32, Error> {
                self.0
                    .borrow_mut()
                    .push((algo.to_vec(), pattern.to_vec(), icase));
                self.1
            }
        }
        let ts = Ts(RefCell::new(Vec::new()), Ok(7));
        let par = CheckParam {
            load: &ts,
            ..filter_input()
        };
        let i = info(b"kmp", b"Hello", XT_STRING_FLAG_IGNORECASE);
        let (m, _) = load_match(b"string", 1, &i.encode(), &par).unwrap();
        let Match::String(s) = m else { panic!() };
        assert_eq!(s.search.slot, 7);
        assert!(s.search.icase && !s.invert);
        assert_eq!(ts.0.borrow()[0].1, b"Hello");
        assert_eq!(&ts.0.borrow()[0].0[..4], b"kmp\0");
        let ts = Ts(RefCell::new(Vec::new()), Err(prepare_error(12)));
        let par = CheckParam {
            load: &ts,
            ..filter_input()
        };
        assert_eq!(
            load_match(b"string", 1, &i.encode(), &par).err(),
            Some(Error::NoMem(TS_NO_MEMORY))
        );
        assert_eq!(prepare_error(2), Error::NoEnt(TS_NO_ALGO));
        assert_eq!(prepare_error(22), Error::Inval(TS_BAD_PATTERN));
    }

    #[test]
    fn search_window_inversion_and_case() {
        let m = load(&info(b"bm", b"GET /", 0)).unwrap();
        assert!(hits(&m, b"GET / HTTP/1.0"));
        assert!(hits(&m, b"xxGET /"));
        assert!(!hits(&m, b"get /"));
        assert!(!hits(&m, b"GET"));
        let inv = load(&info(b"kmp", b"GET /", XT_STRING_FLAG_INVERT)).unwrap();
        assert!(!hits(&inv, b"GET / HTTP/1.0"));
        assert!(hits(&inv, b"get /"));
        let ic = load(&info(b"kmp", b"get /", XT_STRING_FLAG_IGNORECASE)).unwrap();
        assert!(hits(&ic, b"GeT /"));
        assert!(!hits(&ic, b"GeT_/"));
        // The offsets count from the IP header: the payload starts at 28.
        let win = |from: u16, to: u16| {
            load(&XtStringInfo {
                from_offset: from,
                to_offset: to,
                ..info(b"bm", b"abc", 0)
            })
            .unwrap()
        };
        let p = b"..abc..";
        // "abc" is at 30..33.
        assert!(hits(&win(30, 33), p));
        assert!(hits(&win(0, 33), p));
        assert!(!hits(&win(0, 32), p));
        assert!(!hits(&win(31, 100), p));
        assert!(hits(&win(30, 30 + 3), p));
        assert!(!hits(&win(40, 100), p));
        assert!(!hits(&win(1000, 2000), p));
        // The first occurrence decides, as the kernel's search stops at it.
        let q = b"abc abc";
        assert!(hits(&win(28, 31), q));
    }

    #[test]
    fn find_text_offsets_and_kernel_case() {
        let ts = TextSearch {
            slot: 0,
            pattern: {
                let mut p = [0u8; 128];
                p[..2].copy_from_slice(b"bc");
                p
            },
            patlen: 2,
            icase: false,
        };
        assert_eq!(find_text(b"abcbc", 0, 5, &ts), 1);
        assert_eq!(find_text(b"abcbc", 2, 5, &ts), 1);
        assert_eq!(find_text(b"abcbc", 0, 2, &ts), u32::MAX);
        assert_eq!(find_text(b"abcbc", 5, 5, &ts), u32::MAX);
        assert_eq!(find_text(b"abcbc", 6, 9, &ts), u32::MAX);
        let ic = TextSearch { icase: true, ..ts };
        assert_eq!(find_text(b"aBC", 0, 65535, &ic), 1);
        assert_eq!(kernel_toupper(b'a'), b'A');
        assert_eq!(kernel_toupper(0xe9), 0xc9);
        assert_eq!(kernel_toupper(0xf7), 0xf7);
        assert_eq!(kernel_toupper(0xdf), 0xbf);
        assert_eq!(kernel_toupper(b'{'), b'{');
    }
}
