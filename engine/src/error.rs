// SPDX-License-Identifier: GPL-2.0

//! Why a table or a request was rejected: the errno upstream returns, and which check fired.

use super::vec::AllocError;

/// Which check rejected the input. Each variant names one upstream check (the comment says
/// where it lives); [`Error`] pairs it with the errno upstream returns for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reject {
    /// `do_replace`: the buffer is shorter than `struct ipt_replace`.
    HeaderTooShort,
    /// `do_replace`: `num_counters >= INT_MAX / sizeof(struct xt_counters)`.
    TooManyCounters,
    /// `do_replace`: `num_counters == 0`.
    NoCounters,
    /// `do_replace`: the buffer is shorter than the header plus `size`.
    BlobTruncated,
    /// `xt_alloc_table_info`: the table reaches `XT_MAX_TABLE_SIZE`.
    TableTooBig,
    /// `xt_alloc_entry_offsets`: `num_entries` is too large to hold offsets for.
    TooManyEntries,
    /// `check_entry_size_and_hooks`: the entry is not 8-byte aligned.
    EntryMisaligned,
    /// `check_entry_size_and_hooks`: the entry header does not end before the blob does.
    EntryHeaderTruncated,
    /// `check_entry_size_and_hooks`: `next_offset` runs past the blob.
    EntryOverrunsBlob,
    /// `check_entry_size_and_hooks`: `next_offset` is below `ipt_entry` plus a target header.
    NextOffsetTooSmall,
    /// `ip_checkentry`: unknown bits in `ip.flags`.
    UnknownFlags,
    /// `ip_checkentry`: unknown bits in `ip.invflags`.
    UnknownInvFlags,
    /// `xt_check_entry_offsets`: `target_offset` points inside the entry header.
    TargetOffsetTooSmall,
    /// `xt_check_entry_offsets`: the target header does not fit before `next_offset`.
    TargetHeaderOverrun,
    /// `xt_check_entry_offsets`: `target_size` is below the target header.
    TargetSizeTooSmall,
    /// `xt_check_entry_offsets`: the target runs past `next_offset`.
    TargetOverrun,
    /// `xt_check_entry_offsets`: a standard target entry is not exactly
    /// `XT_ALIGN(target_offset + sizeof(struct xt_standard_target))` long.
    StandardTargetSize,
    /// `verdict_ok`: a standard verdict that is 0 or an unknown negative value.
    BadVerdict,
    /// `error_tg_ok`: an ERROR target of the wrong size or with an unterminated name.
    ErrorTarget,
    /// `xt_check_entry_match`: a match is not aligned.
    MatchMisaligned,
    /// `xt_check_entry_match`: fewer bytes than a match header remain before the target.
    MatchTruncated,
    /// `xt_check_entry_match`: `match_size` is below the match header.
    MatchSizeTooSmall,
    /// `xt_check_entry_match`: a match runs past the target (sizes do not sum up).
    MatchOverrun,
    /// `check_underflow`: a policy entry is not an unconditional standard ACCEPT or DROP.
    BadUnderflow,
    /// `translate_table`: the entry count differs from `num_entries`.
    EntryCountMismatch,
    /// `xt_check_table_hooks`: a valid hook has no entry point on an entry start.
    HookEntryMissing,
    /// `xt_check_table_hooks`: a valid hook has no underflow on an entry start.
    UnderflowMissing,
    /// `xt_check_table_hooks`: underflows are not in hook order.
    UnsortedUnderflow,
    /// `xt_check_table_hooks`: two hooks share an underflow.
    DuplicateUnderflow,
    /// `xt_check_table_hooks`: entry points are not in hook order.
    UnsortedEntry,
    /// `xt_check_table_hooks`: two hooks share an entry point.
    DuplicateEntry,
    /// `mark_source_chains`: a rule can reach itself.
    Loop,
    /// `mark_source_chains`: a jump does not land on an entry start.
    BadJump,
    /// `mark_source_chains`: a path falls through past the last entry.
    FallOffEnd,
    /// `xt_find_match`/`xt_find_target`: the extension name has no NUL.
    ExtNameUnterminated,
    /// `xt_find_match`: no match of that name.
    UnknownMatch,
    /// `xt_find_target`: no target of that name.
    UnknownTarget,
    /// `xt_find_match`: the match exists, but not at that revision.
    MatchRevision,
    /// `xt_find_target`: the target exists, but not at that revision.
    TargetRevision,
    /// `xt_check_match`: the payload size is not `XT_ALIGN` of the match's size.
    MatchPayloadSize,
    /// `xt_check_target`: the payload size is not `XT_ALIGN` of the target's size.
    TargetPayloadSize,
    /// `xt_check_match`: the match needs a protocol the rule does not (or inverts).
    MatchProto,
    /// The match's `checkentry`: unknown inversion bits in its payload.
    MatchInvFlags,
    /// `__do_replace`: the header names a different table.
    TableName,
    /// `__do_replace`: `valid_hooks` differs from the table's.
    ValidHooks,
    /// `xt_find_revision`: the extension exists, but not at the asked revision.
    Revision,
    /// `xt_check_match`: the match is only valid in another table (`.table`).
    MatchTable,
    /// `xt_check_match`: the rule is reachable from a hook the match does not allow (`.hooks`).
    MatchHooks,
    /// `xt_check_target`: the target is only valid in another table (`.table`).
    TargetTable,
    /// `xt_check_target`: the rule is reachable from a hook the target does not allow
    /// (`.hooks`).
    TargetHooks,
    /// `xt_check_target`: the target needs a protocol the rule does not (or inverts).
    TargetProto,
    /// `xt_nat_checkentry_v0`, `masquerade_tg_check`, `redirect_tg4_check`: `rangesize != 1`.
    NatRangeSize,
    /// `masquerade_tg_check`, `redirect_tg4_check`: `NF_NAT_RANGE_MAP_IPS` in the range.
    NatMapIps,
    /// `xt_ct_tg_check_v0`/`_v1`/`_v2`: flag bits the revision does not know.
    CtFlags,
    /// `xt_ct_tg_check`: `nf_ct_tmpl_alloc` failed.
    CtTemplate,
    /// `xt_ct_tg_check`: `nf_ct_ecache_ext_add` failed for the event masks.
    CtEvents,
    /// `xt_ct_tg_check`: the helper name fills its field without a NUL.
    CtHelperName,
    /// `xt_ct_set_helper`: a helper without a (non-inverted) layer-4 protocol in the rule.
    CtHelperProto,
    /// `xt_ct_set_helper`: no such conntrack helper for the protocol, or no room for it.
    CtHelper,
    /// `xt_ct_tg_check`: the timeout policy name fills its field without a NUL.
    CtTimeoutName,
    /// `xt_ct_set_timeout`: a timeout policy without a (non-inverted) layer-4 protocol.
    CtTimeoutProto,
    /// `nf_ct_set_timeout`: no such policy, or one for another protocol.
    CtTimeout,
    /// An extension's own `checkentry` (or `check_hooks`) refused a field of its payload. The
    /// text names the extension and the upstream check, e.g. `"addrtype: --limit-iface-in and
    /// --limit-iface-out"`. Extensions define these as constants in their own file.
    Check(&'static str),
    /// An allocation failed.
    Alloc,
    /// `OXT_SO_SET_EDIT`: the request is shorter than its header, or its length is not the
    /// header plus the `size` it announces.
    EditHeader,
    /// `OXT_SO_SET_EDIT`: an unknown operation, or a `rulenum` the operation does not take.
    EditOp,
    /// `OXT_SO_SET_EDIT`: the table has no chain of that name.
    EditChain,
    /// `OXT_SO_SET_EDIT`: the chain's layout is not one the edit can splice into (no
    /// unconditional `RETURN` ending a user chain, a chain crossing another).
    EditLayout,
    /// `OXT_SO_SET_EDIT`: the rule number is beyond the chain's end.
    EditRuleNum,
    /// `OXT_SO_SET_EDIT`: the table's entry count is not the one the caller read.
    EditStale,
    /// `OXT_SO_SET_EDIT`: the rule does not fill `size` with one entry ending with its target
    /// (or a delete carries one).
    EditEntry,
    /// `OXT_SO_SET_EDIT`: the `OXT_CHAIN` target names no user chain of the table.
    EditJumpChain,
    /// `OXT_SO_SET_EDIT`: a standard target with a byte offset, which an edit cannot know.
    EditOffsetVerdict,
}

/// A rejection: the errno class and the check that fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// `EINVAL`.
    Inval(Reject),
    /// `ELOOP`.
    Loop(Reject),
    /// `ENOENT`.
    NoEnt(Reject),
    /// `ENOMEM`.
    NoMem(Reject),
    /// `EPROTOTYPE`: the extension exists, but not at the revision asked for (only for
    /// names in the family-independent list; see `ext::lookup`).
    ProtoType(Reject),
    /// `EPROTONOSUPPORT`: `IPT_SO_GET_REVISION_*` for a revision newer than known.
    ProtoNoSupport(Reject),
    /// `ENAMETOOLONG`: a name field of an extension payload has no NUL.
    NameTooLong(Reject),
    /// `EOPNOTSUPP`: a feature this kernel (or oxtables) does not have.
    OpNotSupp(Reject),
    /// `ERANGE`: a value outside what the extension can represent (`limit`'s rates).
    Range(Reject),
    /// `EEXIST`: a named object exists with other settings (`hashlimit`'s tables).
    Exist(Reject),
    /// `E2BIG`: a value too large (`recent`'s hit count, `string`'s pattern).
    TooBig(Reject),
    /// `EDOM`: a value outside its field's domain (`dscp`'s codepoint).
    Dom(Reject),
    /// `EAGAIN`: the table changed since the caller read it (`OXT_SO_SET_EDIT`).
    Again(Reject),
}

impl Error {
    /// The positive errno (negate it for the kernel's return value).
    pub const fn errno(self) -> i32 {
        match self {
            Error::Inval(_) => 22,
            Error::Loop(_) => 40,
            Error::NoEnt(_) => 2,
            Error::NoMem(_) => 12,
            Error::ProtoType(_) => 91,
            Error::ProtoNoSupport(_) => 93,
            Error::NameTooLong(_) => 36,
            Error::OpNotSupp(_) => 95,
            Error::Range(_) => 34,
            Error::Exist(_) => 17,
            Error::TooBig(_) => 7,
            Error::Dom(_) => 33,
            Error::Again(_) => 11,
        }
    }

    /// The check that fired.
    pub const fn reject(self) -> Reject {
        match self {
            Error::Inval(r)
            | Error::Loop(r)
            | Error::NoEnt(r)
            | Error::NoMem(r)
            | Error::ProtoType(r)
            | Error::ProtoNoSupport(r)
            | Error::NameTooLong(r)
            | Error::OpNotSupp(r)
            | Error::Range(r)
            | Error::Exist(r)
            | Error::TooBig(r)
            | Error::Dom(r)
            | Error::Again(r) => r,
        }
    }
}

impl From<AllocError> for Error {
    fn from(_: AllocError) -> Self {
        Error::NoMem(Reject::Alloc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errnos() {
        assert_eq!(Error::Inval(Reject::BadVerdict).errno(), 22);
        assert_eq!(Error::Loop(Reject::Loop).errno(), 40);
        assert_eq!(Error::NoEnt(Reject::UnknownMatch).errno(), 2);
        assert_eq!(Error::NoMem(Reject::Alloc).errno(), 12);
        assert_eq!(Error::ProtoType(Reject::MatchRevision).errno(), 91);
        assert_eq!(Error::ProtoNoSupport(Reject::Revision).errno(), 93);
        assert_eq!(Error::NameTooLong(Reject::CtHelperName).errno(), 36);
        assert_eq!(Error::OpNotSupp(Reject::CtTimeout).errno(), 95);
        assert_eq!(
            Error::OpNotSupp(Reject::CtTimeout).reject(),
            Reject::CtTimeout
        );
        assert_eq!(Error::from(AllocError), Error::NoMem(Reject::Alloc));
        assert_eq!(Error::Loop(Reject::BadJump).reject(), Reject::BadJump);
    }
}
