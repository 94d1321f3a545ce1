// SPDX-License-Identifier: GPL-2.0

//! The `helper` match (`net/netfilter/xt_helper.c`, `struct xt_helper_info`), revision 0: the
//! packet belongs to a connection expected by a conntrack helper (`ct->master` has a helper)
//! whose name the rule's name starts with.
//!
//! `checkentry` switches conntrack on (`nf_ct_netns_get`) and NUL-terminates the name in the
//! payload, which `IPT_SO_GET_ENTRIES` shows (there is no `.usersize`).

use super::super::abi::{put, read_array, read_i32};
use super::super::env::{Env, NF_CT_HELPER_NAME_LEN};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Needs, Reg};

/// `sizeof(((struct xt_helper_info *)0)->name)`.
pub const XT_HELPER_NAME_LEN: usize = 30;
/// `sizeof(struct xt_helper_info)`: an `int` and 30 bytes, padded to 4.
pub const XT_HELPER_INFO_SIZE: usize = 36;
/// `offsetof(struct xt_helper_info, name)`.
const NAME_OFFSET: usize = 4;

/// `struct xt_helper_info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XtHelperInfo {
    /// Inverts the match (any nonzero value).
    pub invert: i32,
    /// The helper name (NUL-padded; upstream forces the last byte to NUL).
    pub name: [u8; XT_HELPER_NAME_LEN],
}

impl Default for XtHelperInfo {
    fn default() -> Self {
        XtHelperInfo {
            invert: 0,
            name: [0; XT_HELPER_NAME_LEN],
        }
    }
}

impl XtHelperInfo {
    /// Decodes the first 34 bytes of `b` (the 2 padding bytes are not read).
    pub fn decode(b: &[u8]) -> Option<Self> {
        Some(Self {
            invert: read_i32(b, 0)?,
            name: read_array(b, NAME_OFFSET)?,
        })
    }

    /// Encodes to the 36-byte wire form.
    pub fn encode(&self) -> [u8; XT_HELPER_INFO_SIZE] {
        let mut b = [0u8; XT_HELPER_INFO_SIZE];
        put(&mut b, 0, &self.invert.to_ne_bytes());
        put(&mut b, NAME_OFFSET, &self.name);
        b
    }
}

/// `helper_mt_reg`: `NFPROTO_UNSPEC`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    ..Reg::match_(ExtId::Helper, b"helper", XT_HELPER_INFO_SIZE)
}];

/// A validated `helper` match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Helper {
    /// `info->invert` as a `bool`.
    pub invert: bool,
    /// The name, its last byte NUL.
    pub name: [u8; XT_HELPER_NAME_LEN],
}

impl MatchDef for Helper {
    const REGS: &'static [Reg] = REGS;

    /// `helper_mt_check`: `nf_ct_netns_get` (see [`Helper::needs`]), then
    /// `info->name[sizeof(info->name) - 1] = '\0'`.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let i = XtHelperInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        let mut name = i.name;
        name[XT_HELPER_NAME_LEN - 1] = 0;
        Ok(Helper {
            invert: i.invert != 0,
            name,
        })
    }

    /// `helper_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let ret = self.invert;
        let Some(helper) = env.ct_master_helper() else {
            return MatchResult::from_bool(ret);
        };
        if self.name[0] == 0 {
            return MatchResult::from_bool(!ret);
        }
        // `!strncmp(helper->name, info->name, strlen(helper->name))`: the rule's name starts
        // with the helper's.
        let len = helper
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(NF_CT_HELPER_NAME_LEN);
        let same = helper.get(..len) == self.name.get(..len);
        MatchResult::from_bool(ret ^ same)
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }

    fn user_fixup(&self, payload: &mut [u8]) {
        if let Some(last) = payload.get_mut(NAME_OFFSET + XT_HELPER_NAME_LEN - 1) {
            *last = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::abi::c_name;
    use super::super::testutil::*;
    use super::super::{Match, Needs};
    use super::*;

    fn info(invert: i32, name: &[u8]) -> [u8; 40] {
        let mut b = [0u8; 40];
        b[..XT_HELPER_INFO_SIZE].copy_from_slice(
            &XtHelperInfo {
                invert,
                name: c_name(name).unwrap(),
            }
            .encode(),
        );
        b
    }

    fn load(p: &[u8]) -> Match {
        load_match(b"helper", 0, p, &filter_input()).unwrap().0
    }

    fn with_helper(name: Option<&[u8]>) -> FakeEnv {
        FakeEnv {
            master_helper: name.map(|n| c_name(n).unwrap()),
            ..FakeEnv::default()
        }
    }

    #[test]
    fn names_and_inversion() {
        let p = icmp_packet();
        let ftp = with_helper(Some(b"ftp"));
        let none = with_helper(None);
        let m = load(&info(0, b"ftp"));
        assert!(match_hits(&m, &ftp, &p));
        assert!(!match_hits(&m, &none, &p));
        assert!(!match_hits(&m, &with_helper(Some(b"tftp")), &p));
        // The rule's name only has to start with the helper's.
        assert!(match_hits(&load(&info(0, b"ftp-21")), &ftp, &p));
        assert!(!match_hits(&load(&info(0, b"ft")), &ftp, &p));
        // An empty name: any helper.
        let any = load(&info(0, b""));
        assert!(match_hits(&any, &with_helper(Some(b"sip")), &p));
        assert!(!match_hits(&any, &none, &p));
        // Inverted (any nonzero int): also true without an expected connection.
        let m = load(&info(-1, b"ftp"));
        assert!(!match_hits(&m, &ftp, &p));
        assert!(match_hits(&m, &none, &p));
        assert!(match_hits(&m, &with_helper(Some(b"irc")), &p));
        assert!(!match_hits(&load(&info(2, b"")), &ftp, &p));
        assert_eq!(m.needs(), Needs::CONNTRACK);
    }

    #[test]
    fn name_is_nul_terminated_and_shown_so() {
        let mut p = info(0, b"");
        p[4..34].fill(b'a');
        let (m, view) = load_match(b"helper", 0, &p, &filter_input()).unwrap();
        assert_eq!(view.used, XT_HELPER_INFO_SIZE);
        let mut want = [b'a'; 30];
        want[29] = 0;
        assert_eq!(
            m,
            Match::Helper(Helper {
                invert: false,
                name: want
            })
        );
        // In the table's copy, as IPT_SO_GET_ENTRIES returns it.
        let buf = filter(
            &[R {
                matches: one(ext(b"helper", 0, &p)),
                ..r(v(VERDICT_DROP))
            }],
            VERDICT_ACCEPT,
            &[],
        );
        let rs = parse(&buf).unwrap();
        let at = entry_at(&buf, 0) - IPT_REPLACE_SIZE + ipt_entry::ELEMS + xt_entry::DATA;
        assert_eq!(&rs.blob()[at + 4..at + 33], &[b'a'; 29]);
        assert_eq!(rs.blob()[at + 33], 0);
        assert!(rs.needs().conntrack);
        // The helper name is 15 characters at most: a full helper name still compares.
        let m = load(&info(0, b"abcdefghijklmnopq"));
        assert!(match_hits(
            &m,
            &with_helper(Some(b"abcdefghijklmno")),
            &icmp_packet()
        ));
    }

    #[test]
    fn checks() {
        assert_eq!(
            load_match(b"helper", 0, &[0; 36], &filter_input()),
            Err(Error::Inval(Reject::MatchPayloadSize))
        );
        assert_eq!(
            load_match(b"helper", 1, &[0; 40], &filter_input()),
            Err(Error::ProtoType(Reject::MatchRevision))
        );
    }
}
