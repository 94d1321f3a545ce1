// SPDX-License-Identifier: GPL-2.0

//! The `state` match (`net/netfilter/xt_state.c`, `struct xt_state_info`).

use super::super::abi::read_u32;
use super::super::env::{CtKind, Env};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::conntrack::ct_state;
use super::{CheckParam, ExtId, Family, MatchDef, MatchResult, Needs, Reg};

/// `sizeof(struct xt_state_info)` (`unsigned int statemask`).
pub const XT_STATE_INFO_SIZE: usize = 4;

/// `state_mt_reg`: `NFPROTO_UNSPEC`.
const REGS: &[Reg] = &[Reg {
    family: Family::Unspec,
    ..Reg::match_(ExtId::State, b"state", XT_STATE_INFO_SIZE)
}];

/// A validated `state` match: `xt_state_info.statemask`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State(pub u32);

impl MatchDef for State {
    const REGS: &'static [Reg] = REGS;

    /// `state_mt_check` only takes the conntrack reference.
    fn check(_reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        Ok(State(
            read_u32(payload, 0).ok_or(Error::Inval(Reject::MatchPayloadSize))?,
        ))
    }

    /// `state_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let statebit = match env.ct().kind {
            CtKind::Tracked { ctinfo } => ct_state::bit(ctinfo),
            CtKind::Untracked => ct_state::STATE_UNTRACKED,
            CtKind::Invalid => ct_state::INVALID,
        };
        MatchResult::from_bool(self.0 & statebit != 0)
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn state_match() {
        use ct_state::*;
        // ctinfo: ESTABLISHED, RELATED, NEW, ESTABLISHED_REPLY, RELATED_REPLY.
        let want = [ESTABLISHED, RELATED, NEW, ESTABLISHED, RELATED];
        for (ctinfo, bit) in want.into_iter().enumerate() {
            let ct = tracked(ctinfo as u8);
            assert!(ct_hits(&[state(bit)], ct), "ctinfo {ctinfo}");
            assert!(!ct_hits(&[state(0x7f & !bit)], ct), "ctinfo {ctinfo}");
        }
        // XT_STATE_UNTRACKED is 1 << (IP_CT_NUMBER + 1) = 64.
        assert!(ct_hits(&[state(64)], no_ct(CtKind::Untracked)));
        assert!(!ct_hits(&[state(0xffff_ffbf)], no_ct(CtKind::Untracked)));
        assert!(ct_hits(&[state(INVALID)], no_ct(CtKind::Invalid)));
        assert!(!ct_hits(&[state(!INVALID)], no_ct(CtKind::Invalid)));
        // A NAT'd connection has no extra state bits for `-m state`.
        let natted = CtInfo {
            status: 0x30,
            ..tracked(0)
        };
        assert!(!ct_hits(&[state(CT_SNAT | CT_DNAT)], natted));
    }
}
