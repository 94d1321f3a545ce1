// SPDX-License-Identifier: GPL-2.0

//! The `comment` match (`net/netfilter/xt_comment.c`, `struct xt_comment_info`): a text for
//! people, which always matches. The 256 bytes stay in the blob `IPT_SO_GET_ENTRIES` returns;
//! the rule keeps nothing of them.

use super::super::env::Env;
use super::super::error::Error;
use super::super::eval::Packet;
use super::{CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `XT_MAX_COMMENT_LEN`: `sizeof(struct xt_comment_info)`.
pub const XT_MAX_COMMENT_LEN: usize = 256;

/// `comment_mt_reg`: `NFPROTO_UNSPEC`, no `checkentry`.
const REGS: &[Reg] = &[Reg {
    family: super::Family::Unspec,
    ..Reg::match_(ExtId::Comment, b"comment", XT_MAX_COMMENT_LEN)
}];

/// A validated `comment` match: nothing to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment;

impl MatchDef for Comment {
    const REGS: &'static [Reg] = REGS;

    fn check(_reg: &Reg, _payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        Ok(Comment)
    }

    fn run<E: Env>(&self, _pkt: &Packet<'_>, _env: &mut E) -> MatchResult {
        MatchResult::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn any_text_loads_and_matches() {
        let mut text = [0u8; XT_MAX_COMMENT_LEN];
        // Upstream does not even require a NUL.
        text.fill(b'x');
        let m = load_match(b"comment", 0, &text, &filter_input()).unwrap();
        assert_eq!(m.0, super::super::Match::Comment(Comment));
        assert_eq!(m.1.used, 256);
        assert!(match_hits(&m.0, &FakeEnv::default(), &icmp_packet()));
        assert_eq!(
            load_match(b"comment", 0, &text[..128], &filter_input()),
            Err(Error::Inval(
                super::super::super::error::Reject::MatchPayloadSize
            ))
        );
    }
}
