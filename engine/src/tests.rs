// SPDX-License-Identifier: GPL-2.0

//! Host tests of parsing, validation and evaluation, on tables built with the `abi` encoders.

use std::vec;
use std::vec::Vec;

use super::abi::*;
use super::error::{Error, Reject};
use super::eval::{evaluate, CtInfo, CtKind, Outcome, Packet, TargetVerdict};
use super::ext::{NatManip, TargetExt};
use super::parse::{check_header, parse_replace, Ruleset, Target};
use super::tables::{Hook, Table};

/// A test rule target: a raw target, or a jump/goto to a user chain by name.
#[derive(Clone, Copy)]
enum T<'a> {
    Raw(TargetSpec<'a>),
    Jump(&'a str),
    Goto(&'a str),
}

#[derive(Clone, Copy)]
struct R<'a> {
    ip: IptIp,
    matches: &'a [ExtSpec<'a>],
    t: T<'a>,
}

fn r(t: T<'_>) -> R<'_> {
    R {
        ip: IptIp::default(),
        matches: &[],
        t,
    }
}

fn v(verdict: i32) -> T<'static> {
    T::Raw(TargetSpec::Verdict(verdict))
}

/// The entries, hook entry indices and underflow indices of a table laid out as libiptc does:
/// built-in chains in hook order (rules, then the policy), user chains (ERROR head, rules,
/// RETURN), the final ERROR entry.
fn layout<'a>(
    builtin: &[(Hook, &[R<'a>], i32)],
    user: &[(&'a str, &[R<'a>])],
) -> (Vec<EntrySpec<'a>>, [Option<usize>; 5], [Option<usize>; 5]) {
    let mut starts = Vec::new();
    let mut n = 0;
    for (_, rules, _) in builtin {
        n += rules.len() + 1;
    }
    for (name, rules) in user {
        starts.push((*name, n + 1));
        n += rules.len() + 2;
    }
    let find = |name: &str| starts.iter().find(|(c, _)| *c == name).unwrap().1;
    let mut entries = Vec::new();
    let mut hooks = [None; 5];
    let mut uflow = [None; 5];
    let conv = |rule: &R<'a>| {
        let mut ip = rule.ip;
        let target = match rule.t {
            T::Raw(t) => t,
            T::Jump(c) => TargetSpec::JumpTo(find(c)),
            T::Goto(c) => {
                ip.flags |= IPT_F_GOTO;
                TargetSpec::JumpTo(find(c))
            }
        };
        EntrySpec {
            ip,
            matches: rule.matches,
            target,
        }
    };
    for (hook, rules, policy) in builtin {
        hooks[hook.index() as usize] = Some(entries.len());
        entries.extend(rules.iter().map(conv));
        uflow[hook.index() as usize] = Some(entries.len());
        entries.push(EntrySpec::verdict(*policy));
    }
    for (name, rules) in user {
        entries.push(EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Error(name.as_bytes()),
        });
        entries.extend(rules.iter().map(conv));
        entries.push(EntrySpec::verdict(XT_RETURN));
    }
    entries.push(EntrySpec {
        ip: IptIp::default(),
        matches: &[],
        target: TargetSpec::Error(b"ERROR"),
    });
    (entries, hooks, uflow)
}

fn build(table: Table, builtin: &[(Hook, &[R<'_>], i32)], user: &[(&str, &[R<'_>])]) -> Vec<u8> {
    let (entries, hooks, uflow) = layout(builtin, user);
    encode_replace(table, hooks, uflow, 1, &entries)
        .unwrap()
        .to_vec()
}

/// A filter table with the given INPUT rules and user chains; FORWARD and OUTPUT accept.
fn filter(input: &[R<'_>], policy: i32, user: &[(&str, &[R<'_>])]) -> Vec<u8> {
    build(
        Table::Filter,
        &[
            (Hook::LocalIn, input, policy),
            (Hook::Forward, &[], VERDICT_ACCEPT),
            (Hook::LocalOut, &[], VERDICT_ACCEPT),
        ],
        user,
    )
}

fn parse(buf: &[u8]) -> Result<Ruleset, Error> {
    parse_replace(Table::Filter, buf).map(|p| p.ruleset)
}

fn header(buf: &[u8]) -> ReplaceHeader {
    ReplaceHeader::decode(buf).unwrap()
}

fn set_header(buf: &mut [u8], f: impl FnOnce(&mut ReplaceHeader)) {
    let mut h = header(buf);
    f(&mut h);
    buf[..96].copy_from_slice(&h.encode());
}

/// Byte offset in `buf` (header included) of entry `i`.
fn entry_at(buf: &[u8], i: usize) -> usize {
    let mut off = IPT_REPLACE_SIZE;
    for _ in 0..i {
        off += read_u16(buf, off + ipt_entry::NEXT_OFFSET).unwrap() as usize;
    }
    off
}

fn put16(buf: &mut [u8], off: usize, v: u16) {
    buf[off..off + 2].copy_from_slice(&v.to_ne_bytes());
}

fn put32(buf: &mut [u8], off: usize, v: i32) {
    buf[off..off + 4].copy_from_slice(&v.to_ne_bytes());
}

fn rejects(buf: &[u8], e: Error) {
    assert_eq!(parse(buf).err(), Some(e));
}

fn inval(r: Reject) -> Error {
    Error::Inval(r)
}

fn tcp_ext(t: &XtTcp) -> [u8; 12] {
    t.encode()
}

// ---------------------------------------------------------------------------------------
// Accepted tables.

#[test]
fn initial_tables_parse() {
    for table in Table::ALL {
        let buf = encode_initial_table(table).unwrap().to_vec();
        let n = table.hooks().len();
        assert_eq!(buf.len(), 96 + n * 152 + 176);
        let p = parse_replace(table, &buf).unwrap();
        let rs = &p.ruleset;
        assert_eq!(rs.num_entries() as usize, n + 1);
        assert_eq!(rs.size() as usize, n * 152 + 176);
        assert_eq!(rs.stack_size(), 1);
        assert!(rs.chains().is_empty());
        for (i, h) in table.hooks().iter().enumerate() {
            assert_eq!(rs.hook_entry(*h), Some(i as u32));
            assert_eq!(rs.underflow(*h), Some(i as u32));
            assert_eq!(rs.rules()[i].target, Target::Accept);
            assert_eq!(rs.rules()[i].hooks, 1 << h.index());
        }
        assert_eq!(rs.rules()[n].target, Target::Error);
        let info = rs.get_info(table);
        assert_eq!(info.num_entries as usize, n + 1);
        for h in Hook::ALL {
            let want = table
                .hooks()
                .iter()
                .position(|x| *x == h)
                .map_or(u32::MAX, |i| (i * 152) as u32);
            assert_eq!(info.hook_entry[h.index() as usize], want);
            assert_eq!(info.underflow[h.index() as usize], want);
        }
        // The blob reads back as handed in, except for `comefrom` (the hook mask).
        let blob = rs.blob();
        for (i, h) in table.hooks().iter().enumerate() {
            assert_eq!(blob[i * 152 + ipt_entry::COMEFROM], 1 << h.index());
        }
        let mut expect = buf[96..].to_vec();
        for i in 0..n {
            expect[i * 152 + ipt_entry::COMEFROM] = blob[i * 152 + ipt_entry::COMEFROM];
        }
        assert_eq!(blob, &expect[..]);
        assert_eq!(p.num_counters as usize, n + 1);
    }
}

#[test]
fn user_chains_jumps_and_gotos_resolve() {
    let buf = filter(
        &[r(T::Jump("a")), r(T::Goto("b"))],
        VERDICT_DROP,
        &[("a", &[r(v(XT_RETURN))]), ("b", &[r(v(VERDICT_ACCEPT))])],
    );
    let rs = parse(&buf).unwrap();
    // 0 jump a, 1 goto b, 2 policy, 3 FORWARD, 4 OUTPUT, 5 head a, 6 return, 7 return,
    // 8 head b, 9 accept, 10 return, 11 ERROR.
    let t: Vec<_> = rs.rules().iter().map(|r| r.target).collect();
    assert_eq!(t[0], Target::Jump(6));
    assert_eq!(t[1], Target::Goto(9));
    assert_eq!(t[2], Target::Drop);
    assert_eq!(t[5], Target::Error);
    assert_eq!(t[6], Target::Return);
    assert_eq!(rs.stack_size(), 3);
    assert_eq!(rs.chains().len(), 2);
    assert_eq!(rs.chains()[0].name(), b"a");
    assert_eq!(rs.chains()[0].head, 5);
    assert_eq!(rs.chains()[1].name(), b"b");
    assert_eq!(rs.rules()[6].hooks, 1 << 1);
    // Nothing reaches the chain heads or b's RETURN.
    assert_eq!(rs.rules()[5].hooks, 0);
    assert_eq!(rs.rules()[10].hooks, 0);
}

#[test]
fn jump_to_next_rule_is_not_pushed() {
    let entries = [
        EntrySpec {
            target: TargetSpec::JumpTo(1),
            ..EntrySpec::verdict(0)
        },
        EntrySpec::verdict(VERDICT_ACCEPT),
        EntrySpec::verdict(VERDICT_ACCEPT),
        EntrySpec::verdict(VERDICT_ACCEPT),
        EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Error(b"ERROR"),
        },
    ];
    let buf = encode_replace(
        Table::Filter,
        [None, Some(0), Some(2), Some(3), None],
        [None, Some(1), Some(2), Some(3), None],
        1,
        &entries,
    )
    .unwrap();
    let rs = parse(&buf).unwrap();
    assert_eq!(rs.rules()[0].target, Target::Goto(1));
}

#[test]
fn names_are_normalized_in_the_blob() {
    let mut buf = filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[]);
    // Garbage after the NUL of the standard target's name.
    let t = entry_at(&buf, 0) + 112;
    buf[t + 2 + 5] = b'x';
    let rs = parse(&buf).unwrap();
    assert_eq!(rs.blob()[112 + 2 + 5], 0);
}

// ---------------------------------------------------------------------------------------
// Header checks.

#[test]
fn header_checks() {
    let buf = encode_initial_table(Table::Filter).unwrap().to_vec();
    rejects(&buf[..95], inval(Reject::HeaderTooShort));
    let mut b = buf.clone();
    set_header(&mut b, |h| h.num_counters = INT_MAX / 16);
    rejects(&b, Error::NoMem(Reject::TooManyCounters));
    set_header(&mut b, |h| h.num_counters = INT_MAX / 16 - 1);
    assert!(parse(&b).is_ok());
    set_header(&mut b, |h| h.num_counters = 0);
    rejects(&b, inval(Reject::NoCounters));
    rejects(&buf[..buf.len() - 1], inval(Reject::BlobTruncated));
    let mut b = buf.clone();
    set_header(&mut b, |h| h.size = u32::MAX);
    rejects(&b, inval(Reject::BlobTruncated));
    // The size cap, checked without allocating half a gigabyte.
    let mut h = header(&buf);
    h.size = (XT_MAX_TABLE_SIZE - XT_TABLE_INFO_SIZE) as u32;
    assert_eq!(
        check_header(&h, usize::MAX),
        Err(Error::NoMem(Reject::TableTooBig))
    );
    h.size -= 1;
    assert_eq!(check_header(&h, usize::MAX), Ok(()));
    // A longer buffer than needed is fine, as upstream.
    let mut long = buf.clone();
    long.extend_from_slice(&[0xaa; 24]);
    assert!(parse(&long).is_ok());
}

#[test]
fn table_name_and_hooks() {
    let buf = encode_initial_table(Table::Filter).unwrap().to_vec();
    assert_eq!(
        parse_replace(Table::Nat, &buf).err(),
        Some(Error::NoEnt(Reject::TableName))
    );
    let mut b = buf.clone();
    set_header(&mut b, |h| h.valid_hooks |= 1 << 7);
    rejects(&b, inval(Reject::ValidHooks));
    // The last byte of the name is forced to NUL.
    let mut b = buf.clone();
    b[31] = b'x';
    assert!(parse(&b).is_ok());
    b[6] = b'x';
    rejects(&b, Error::NoEnt(Reject::TableName));
    let mut b = buf.clone();
    set_header(&mut b, |h| h.num_entries += 1);
    rejects(&b, inval(Reject::EntryCountMismatch));
    set_header(&mut b, |h| {
        h.num_entries = (XT_MAX_TABLE_SIZE / 4 + 1) as u32
    });
    rejects(&b, Error::NoMem(Reject::TooManyEntries));
}

// ---------------------------------------------------------------------------------------
// Entry layout checks.

#[test]
fn entry_layout_checks() {
    let base = filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[]);
    let e0 = entry_at(&base, 0);
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = base.clone();
        f(&mut b);
        b
    };
    rejects(
        &with(&|b| put16(b, e0 + ipt_entry::NEXT_OFFSET, 136)),
        inval(Reject::NextOffsetTooSmall),
    );
    rejects(
        &with(&|b| put16(b, e0 + ipt_entry::NEXT_OFFSET, 0)),
        inval(Reject::NextOffsetTooSmall),
    );
    let last = entry_at(&base, 4);
    rejects(
        &with(&|b| put16(b, last + ipt_entry::NEXT_OFFSET, 184)),
        inval(Reject::EntryOverrunsBlob),
    );
    rejects(
        &with(&|b| b[e0 + ipt_ip::FLAGS] = 0x04),
        inval(Reject::UnknownFlags),
    );
    rejects(
        &with(&|b| b[e0 + ipt_ip::INVFLAGS] = 0x80),
        inval(Reject::UnknownInvFlags),
    );
    rejects(
        &with(&|b| put16(b, e0 + ipt_entry::TARGET_OFFSET, 104)),
        inval(Reject::TargetOffsetTooSmall),
    );
    rejects(
        &with(&|b| put16(b, e0 + ipt_entry::TARGET_OFFSET, 128)),
        inval(Reject::TargetHeaderOverrun),
    );
    rejects(
        &with(&|b| put16(b, e0 + 112, 16)),
        inval(Reject::TargetSizeTooSmall),
    );
    rejects(
        &with(&|b| put16(b, e0 + 112, 48)),
        inval(Reject::TargetOverrun),
    );
    for bad in [0, -3, -6, i32::MIN] {
        rejects(
            &with(&|b| put32(b, e0 + 112 + 32, bad)),
            inval(Reject::BadVerdict),
        );
    }
    // Trailing bytes too short for an entry header.
    let mut b = base.clone();
    b.extend_from_slice(&[0; 112]);
    set_header(&mut b, |h| h.size += 112);
    rejects(&b, inval(Reject::EntryHeaderTruncated));
}

#[test]
fn misaligned_entry() {
    // An ERROR entry 4 bytes longer than needed puts the next entry off alignment.
    let head = [EntrySpec {
        ip: IptIp::default(),
        matches: &[],
        target: TargetSpec::Error(b"x"),
    }];
    let mut blob = super::vec::OVec::new();
    encode_entries(&mut blob, &head).unwrap();
    let mut blob = blob.to_vec();
    put16(&mut blob, ipt_entry::NEXT_OFFSET, 180);
    blob.extend_from_slice(&[0; 4]);
    let init = encode_initial_table(Table::Filter).unwrap().to_vec();
    blob.extend_from_slice(&init[96..]);
    let mut h = header(&init);
    h.size = blob.len() as u32;
    h.num_entries += 1;
    for o in h.hook_entry.iter_mut().chain(h.underflow.iter_mut()) {
        *o += 180;
    }
    let mut b = h.encode().to_vec();
    b.extend_from_slice(&blob);
    rejects(&b, inval(Reject::EntryMisaligned));
}

#[test]
fn standard_and_error_target_sizes() {
    // A standard target with 16 bytes of payload: the entry is 8 bytes too long.
    let long = [ExtSpec {
        name: b"",
        revision: 0,
        payload: &[0xfe, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    }];
    let buf = filter(&[r(T::Raw(TargetSpec::Ext(long[0])))], VERDICT_ACCEPT, &[]);
    rejects(&buf, inval(Reject::StandardTargetSize));
    // A standard target of 36 bytes inside a 152-byte entry passes the offsets check and
    // fails the target size check.
    let mut buf = filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[]);
    let e0 = entry_at(&buf, 0);
    put16(&mut buf, e0 + 112, 36);
    rejects(&buf, inval(Reject::TargetPayloadSize));
    // ERROR targets: wrong size, unterminated name.
    let err = ExtSpec {
        name: b"ERROR",
        revision: 0,
        payload: &[b'a'; 40],
    };
    let buf = filter(&[], VERDICT_ACCEPT, &[]);
    rejects(
        &filter(&[r(T::Raw(TargetSpec::Ext(err)))], VERDICT_ACCEPT, &[]),
        inval(Reject::ErrorTarget),
    );
    let mut b = buf.clone();
    let last = entry_at(&b, 3);
    b[last + 112 + 32..last + 112 + 62].fill(b'a');
    rejects(&b, inval(Reject::ErrorTarget));
    // An ERROR target at revision 1, and a standard one.
    let mut b = buf.clone();
    b[last + 112 + xt_entry::REVISION] = 1;
    rejects(&b, Error::NoEnt(Reject::TargetRevision));
    let mut b = buf.clone();
    b[entry_at(&buf, 0) + 112 + xt_entry::REVISION] = 1;
    rejects(&b, Error::NoEnt(Reject::TargetRevision));
    // Unknown target, unterminated target name.
    let log = ExtSpec {
        name: b"LOG",
        revision: 0,
        payload: &[0; 32],
    };
    rejects(
        &filter(&[r(T::Raw(TargetSpec::Ext(log)))], VERDICT_ACCEPT, &[]),
        Error::NoEnt(Reject::UnknownTarget),
    );
    let mut b = filter(&[r(T::Raw(TargetSpec::Ext(log)))], VERDICT_ACCEPT, &[]);
    let t = entry_at(&b, 0) + 112;
    b[t + 2..t + 31].fill(b'L');
    rejects(&b, inval(Reject::ExtNameUnterminated));
}

/// An entry whose match area is `matches` verbatim (for malformed match layouts).
fn raw_match_entry(matches: &[u8]) -> Vec<u8> {
    let base = filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[]);
    let e0 = entry_at(&base, 0);
    let mut b = base[..e0 + 112].to_vec();
    b.extend_from_slice(matches);
    b.extend_from_slice(&base[e0 + 112..]);
    let delta = matches.len();
    put16(&mut b, e0 + ipt_entry::TARGET_OFFSET, (112 + delta) as u16);
    put16(&mut b, e0 + ipt_entry::NEXT_OFFSET, (152 + delta) as u16);
    set_header(&mut b, |h| {
        h.size += delta as u32;
        for o in h.hook_entry.iter_mut().chain(h.underflow.iter_mut()) {
            if *o > 0 {
                *o += delta as u32;
            }
        }
    });
    b
}

fn match_hdr(size: u16, name: &[u8]) -> Vec<u8> {
    let mut m = vec![0u8; 32];
    m[..2].copy_from_slice(&size.to_ne_bytes());
    m[2..2 + name.len()].copy_from_slice(name);
    m
}

#[test]
fn match_layout_checks() {
    // A well-formed raw entry first, to check the helper.
    let mut ok = match_hdr(48, b"tcp");
    ok.extend_from_slice(&[0; 16]);
    let mut ok_buf = raw_match_entry(&ok);
    let e0 = entry_at(&ok_buf, 0);
    ok_buf[e0 + ipt_ip::PROTO] = 6;
    assert!(parse(&ok_buf).is_ok());

    // Two 36-byte matches: the second one is misaligned.
    let mut m = match_hdr(36, b"tcp");
    m.extend_from_slice(&[0; 4]);
    m.extend_from_slice(&match_hdr(36, b"tcp"));
    m.extend_from_slice(&[0; 4]);
    rejects(&raw_match_entry(&m), inval(Reject::MatchMisaligned));
    // 16 bytes left after a 32-byte match.
    let mut m = match_hdr(32, b"tcp");
    m.extend_from_slice(&[0; 16]);
    rejects(&raw_match_entry(&m), inval(Reject::MatchTruncated));
    let mut m = match_hdr(16, b"tcp");
    m.extend_from_slice(&[0; 16]);
    rejects(&raw_match_entry(&m), inval(Reject::MatchSizeTooSmall));
    rejects(
        &raw_match_entry(&match_hdr(48, b"tcp")),
        inval(Reject::MatchOverrun),
    );
}

// ---------------------------------------------------------------------------------------
// Hook checks.

#[test]
fn hook_checks() {
    let base = encode_initial_table(Table::Filter).unwrap().to_vec();
    let with = |f: &dyn Fn(&mut ReplaceHeader)| {
        let mut b = base.clone();
        set_header(&mut b, |h| f(h));
        b
    };
    rejects(
        &with(&|h| h.hook_entry[1] = 8),
        inval(Reject::HookEntryMissing),
    );
    rejects(
        &with(&|h| h.underflow[2] = 8),
        inval(Reject::UnderflowMissing),
    );
    rejects(
        &with(&|h| h.underflow.swap(1, 3)),
        inval(Reject::UnsortedUnderflow),
    );
    rejects(
        &with(&|h| h.underflow[2] = h.underflow[1]),
        inval(Reject::DuplicateUnderflow),
    );
    rejects(
        &with(&|h| h.hook_entry.swap(1, 3)),
        inval(Reject::UnsortedEntry),
    );
    rejects(
        &with(&|h| h.hook_entry[2] = h.hook_entry[1]),
        inval(Reject::DuplicateEntry),
    );
    // Hooks the table is not attached to are ignored, whatever their offsets.
    assert!(parse(&with(&|h| h.hook_entry[0] = 12345)).is_ok());
}

#[test]
fn underflow_must_be_unconditional_accept_or_drop() {
    let ip = IptIp {
        proto: 6,
        ..IptIp::default()
    };
    let cond = [EntrySpec {
        ip,
        matches: &[],
        target: TargetSpec::Verdict(VERDICT_ACCEPT),
    }];
    for (policy, ok) in [
        (cond[0], false),
        (EntrySpec::verdict(XT_RETURN), false),
        (EntrySpec::verdict(VERDICT_QUEUE), false),
        (EntrySpec::verdict(VERDICT_DROP), true),
        (EntrySpec::verdict(VERDICT_ACCEPT), true),
    ] {
        let entries = [
            policy,
            EntrySpec::verdict(VERDICT_ACCEPT),
            EntrySpec::verdict(VERDICT_ACCEPT),
            EntrySpec {
                ip: IptIp::default(),
                matches: &[],
                target: TargetSpec::Error(b"ERROR"),
            },
        ];
        let buf = encode_replace(
            Table::Filter,
            [None, Some(0), Some(1), Some(2), None],
            [None, Some(0), Some(1), Some(2), None],
            1,
            &entries,
        )
        .unwrap();
        match parse(&buf) {
            Ok(_) => assert!(ok),
            Err(e) => {
                assert!(!ok);
                assert_eq!(e, inval(Reject::BadUnderflow));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Loop detection.

#[test]
fn loops_are_rejected() {
    let direct = filter(
        &[r(T::Jump("a"))],
        VERDICT_ACCEPT,
        &[("a", &[r(T::Jump("a"))])],
    );
    rejects(&direct, Error::Loop(Reject::Loop));
    let indirect = filter(
        &[r(T::Jump("a"))],
        VERDICT_ACCEPT,
        &[("a", &[r(T::Jump("b"))]), ("b", &[r(T::Jump("a"))])],
    );
    rejects(&indirect, Error::Loop(Reject::Loop));
    let gotos = filter(
        &[r(T::Goto("a"))],
        VERDICT_ACCEPT,
        &[("a", &[r(T::Goto("b"))]), ("b", &[r(T::Goto("a"))])],
    );
    rejects(&gotos, Error::Loop(Reject::Loop));
    // The same chains, unreachable: accepted, as upstream.
    let unreachable = filter(
        &[],
        VERDICT_ACCEPT,
        &[("a", &[r(T::Jump("b"))]), ("b", &[r(T::Jump("a"))])],
    );
    assert!(parse(&unreachable).is_ok());
    // A chain reached twice without a loop is fine (diamond).
    let diamond = filter(
        &[r(T::Jump("a")), r(T::Jump("b"))],
        VERDICT_ACCEPT,
        &[
            ("a", &[r(T::Jump("c"))]),
            ("b", &[r(T::Jump("c"))]),
            ("c", &[]),
        ],
    );
    assert!(parse(&diamond).is_ok());
    // A loop wins over a later extension error: the loop check runs first.
    let unknown = [ExtSpec {
        name: b"nope",
        revision: 0,
        payload: &[],
    }];
    let both = filter(
        &[r(T::Jump("a"))],
        VERDICT_ACCEPT,
        &[(
            "a",
            &[
                R {
                    ip: IptIp::default(),
                    matches: &unknown,
                    t: v(VERDICT_DROP),
                },
                r(T::Jump("a")),
            ],
        )],
    );
    rejects(&both, Error::Loop(Reject::Loop));
}

#[test]
fn bad_jumps_and_fall_through() {
    let mut b = filter(&[r(T::Jump("a"))], VERDICT_ACCEPT, &[("a", &[])]);
    let e0 = entry_at(&b, 0);
    put32(&mut b, e0 + 112 + 32, 8);
    rejects(&b, Error::Loop(Reject::BadJump));
    // Past the end of the blob.
    put32(&mut b, e0 + 112 + 32, 1 << 20);
    rejects(&b, Error::Loop(Reject::BadJump));
    // The same bad offset in an unreachable rule is accepted, as upstream.
    let mut b = filter(&[], VERDICT_ACCEPT, &[("a", &[r(v(VERDICT_DROP))])]);
    let e = entry_at(&b, 4);
    put32(&mut b, e + 112 + 32, 8);
    let rs = parse(&b).unwrap();
    assert_eq!(rs.rules()[4].target, Target::Unreachable);
    // A chain without its RETURN falls into the final ERROR entry and off the end.
    let (mut entries, hooks, uflow) = layout(
        &[
            (Hook::LocalIn, &[r(T::Jump("a"))], VERDICT_ACCEPT),
            (Hook::Forward, &[], VERDICT_ACCEPT),
            (Hook::LocalOut, &[], VERDICT_ACCEPT),
        ],
        &[("a", &[])],
    );
    let n = entries.len();
    entries.remove(n - 2);
    let b = encode_replace(Table::Filter, hooks, uflow, 1, &entries).unwrap();
    rejects(&b, Error::Loop(Reject::FallOffEnd));
}

// ---------------------------------------------------------------------------------------
// Extension checks.

#[test]
fn extension_checks() {
    let tcp = tcp_ext(&XtTcp {
        spts: [0, 65535],
        dpts: [0, 65535],
        ..XtTcp::default()
    });
    let m = |name: &'static [u8], revision, payload: &'static [u8]| ExtSpec {
        name,
        revision,
        payload,
    };
    let tcp: &'static [u8] = Vec::leak(tcp.to_vec());
    let rule = |ms: &'static [ExtSpec<'static>], proto: u16, inv: u8| R {
        ip: IptIp {
            proto,
            invflags: inv,
            ..IptIp::default()
        },
        matches: ms,
        t: v(VERDICT_DROP),
    };
    let leak = |e: ExtSpec<'static>| -> &'static [ExtSpec<'static>] { Vec::leak(vec![e]) };
    let ok = leak(m(b"tcp", 0, tcp));
    assert!(parse(&filter(&[rule(ok, 6, 0)], VERDICT_ACCEPT, &[])).is_ok());
    rejects(
        &filter(&[rule(ok, 17, 0)], VERDICT_ACCEPT, &[]),
        inval(Reject::MatchProto),
    );
    rejects(
        &filter(&[rule(ok, 6, IPT_INV_PROTO)], VERDICT_ACCEPT, &[]),
        inval(Reject::MatchProto),
    );
    rejects(
        &filter(&[rule(ok, 0, 0)], VERDICT_ACCEPT, &[]),
        inval(Reject::MatchProto),
    );
    rejects(
        &filter(&[rule(leak(m(b"tcp", 1, tcp)), 6, 0)], VERDICT_ACCEPT, &[]),
        Error::NoEnt(Reject::MatchRevision),
    );
    rejects(
        &filter(&[rule(leak(m(b"nope", 0, tcp)), 6, 0)], VERDICT_ACCEPT, &[]),
        Error::NoEnt(Reject::UnknownMatch),
    );
    rejects(
        &filter(
            &[rule(leak(m(b"tcp", 0, &[0; 20])), 6, 0)],
            VERDICT_ACCEPT,
            &[],
        ),
        inval(Reject::MatchPayloadSize),
    );
    rejects(
        &filter(
            &[rule(
                leak(m(b"udp", 0, &[0, 0, 0, 0, 0, 0, 0, 0, 4])),
                17,
                0,
            )],
            VERDICT_ACCEPT,
            &[],
        ),
        inval(Reject::MatchInvFlags),
    );
    rejects(
        &filter(
            &[rule(leak(m(b"icmp", 0, &[8, 0, 0, 2])), 1, 0)],
            VERDICT_ACCEPT,
            &[],
        ),
        inval(Reject::MatchInvFlags),
    );
    let mut b = filter(&[rule(ok, 6, 0)], VERDICT_ACCEPT, &[]);
    let at = entry_at(&b, 0) + 112;
    b[at + 2..at + 31].fill(b't');
    rejects(&b, inval(Reject::ExtNameUnterminated));
}

// ---------------------------------------------------------------------------------------
// Evaluation.

fn pkt(l4: &[u8]) -> Packet<'_> {
    Packet {
        saddr: u32::from_be_bytes([10, 0, 0, 1]),
        daddr: u32::from_be_bytes([192, 168, 1, 2]),
        protocol: 6,
        frag_off: 0,
        in_iface: iface(b"eth0"),
        out_iface: [0; 16],
        l4,
        len: 60,
        ct: CtInfo::default(),
    }
}

fn iface(n: &[u8]) -> [u8; 16] {
    c_name(n).unwrap()
}

/// A 20-byte TCP header (plus `opts`) from `sport` to `dport` with `flags`.
fn tcp_hdr(sport: u16, dport: u16, flags: u8, opts: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 20];
    h[..2].copy_from_slice(&sport.to_be_bytes());
    h[2..4].copy_from_slice(&dport.to_be_bytes());
    h[12] = (((20 + opts.len()) / 4) as u8) << 4;
    h[13] = flags;
    h.extend_from_slice(opts);
    h
}

fn run(rs: &Ruleset, hook: Hook, p: &Packet<'_>) -> (Outcome, Vec<u32>) {
    let mut stack = rs.new_jump_stack().unwrap();
    let mut hits = Vec::new();
    let o = evaluate(
        rs,
        hook,
        p,
        &mut stack,
        |i| hits.push(i),
        |t| panic!("{t:?}"),
    );
    (o, hits)
}

/// Whether a single INPUT rule with `ip` and `matches` (DROP, policy ACCEPT) matches `p`.
fn hits(ip: IptIp, matches: &[ExtSpec<'_>], p: &Packet<'_>) -> bool {
    let rule = [R {
        ip,
        matches,
        t: v(VERDICT_DROP),
    }];
    let rs = parse(&filter(&rule, VERDICT_ACCEPT, &[])).unwrap();
    match run(&rs, Hook::LocalIn, p) {
        (Outcome::Drop, h) => h == [0],
        (Outcome::Accept, h) => {
            assert_eq!(h, [1]);
            false
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_table_verdicts() {
    let rs = parse(&filter(&[], VERDICT_DROP, &[])).unwrap();
    let l4 = tcp_hdr(1, 2, 0, &[]);
    assert_eq!(run(&rs, Hook::LocalIn, &pkt(&l4)), (Outcome::Drop, vec![0]));
    assert_eq!(
        run(&rs, Hook::Forward, &pkt(&l4)),
        (Outcome::Accept, vec![1])
    );
    // Not attached to PREROUTING: no opinion.
    assert_eq!(
        run(&rs, Hook::PreRouting, &pkt(&l4)),
        (Outcome::Accept, vec![])
    );
    assert_eq!(Outcome::Queue.verdict(), super::tables::Verdict::Drop);
}

#[test]
fn address_matches() {
    let l4 = tcp_hdr(1, 2, 0, &[]);
    let p = pkt(&l4);
    let src = |a: [u8; 4], m: [u8; 4], inv: u8| IptIp {
        src: a,
        smsk: m,
        invflags: inv,
        ..IptIp::default()
    };
    assert!(hits(src([10, 0, 0, 0], [255, 0, 0, 0], 0), &[], &p));
    assert!(!hits(src([11, 0, 0, 0], [255, 0, 0, 0], 0), &[], &p));
    assert!(!hits(
        src([10, 0, 0, 0], [255, 0, 0, 0], IPT_INV_SRCIP),
        &[],
        &p
    ));
    assert!(hits(
        src([11, 0, 0, 0], [255, 0, 0, 0], IPT_INV_SRCIP),
        &[],
        &p
    ));
    assert!(hits(src([10, 0, 0, 1], [255; 4], 0), &[], &p));
    let dst = |a: [u8; 4], m: [u8; 4], inv: u8| IptIp {
        dst: a,
        dmsk: m,
        invflags: inv,
        ..IptIp::default()
    };
    assert!(hits(dst([192, 168, 1, 0], [255, 255, 255, 0], 0), &[], &p));
    assert!(!hits(dst([192, 168, 2, 0], [255, 255, 255, 0], 0), &[], &p));
    assert!(hits(
        dst([192, 168, 2, 0], [255, 255, 255, 0], IPT_INV_DSTIP),
        &[],
        &p
    ));
    assert!(!hits(
        dst([192, 168, 1, 2], [255; 4], IPT_INV_DSTIP),
        &[],
        &p
    ));
}

#[test]
fn interface_matches() {
    let l4 = tcp_hdr(1, 2, 0, &[]);
    let mut p = pkt(&l4);
    p.out_iface = iface(b"wlan0");
    let i = |n: &[u8]| IptIp::default().with_iniface(n).unwrap();
    let o = |n: &[u8]| IptIp::default().with_outiface(n).unwrap();
    assert!(hits(i(b"eth0"), &[], &p));
    assert!(!hits(i(b"eth"), &[], &p));
    assert!(!hits(i(b"eth00"), &[], &p));
    assert!(hits(i(b"eth+"), &[], &p));
    assert!(hits(i(b"+"), &[], &p));
    assert!(!hits(i(b"lo+"), &[], &p));
    let mut inv = i(b"eth+");
    inv.invflags = IPT_INV_VIA_IN;
    assert!(!hits(inv, &[], &p));
    let mut inv = i(b"lo");
    inv.invflags = IPT_INV_VIA_IN;
    assert!(hits(inv, &[], &p));
    assert!(hits(o(b"wlan0"), &[], &p));
    assert!(hits(o(b"wl+"), &[], &p));
    assert!(!hits(o(b"eth0"), &[], &p));
    let mut inv = o(b"wlan0");
    inv.invflags = IPT_INV_VIA_OUT;
    assert!(!hits(inv, &[], &p));
    // No output device: all-zero name; `-o eth0` cannot match, `! -o eth0` does.
    p.out_iface = [0; 16];
    assert!(!hits(o(b"eth0"), &[], &p));
    let mut inv = o(b"eth0");
    inv.invflags = IPT_INV_VIA_OUT;
    assert!(hits(inv, &[], &p));
}

#[test]
fn proto_and_fragment_matches() {
    let l4 = tcp_hdr(1, 2, 0, &[]);
    let mut p = pkt(&l4);
    let ip = |proto: u16, flags: u8, invflags: u8| IptIp {
        proto,
        flags,
        invflags,
        ..IptIp::default()
    };
    assert!(hits(ip(6, 0, 0), &[], &p));
    assert!(!hits(ip(17, 0, 0), &[], &p));
    assert!(hits(ip(17, 0, IPT_INV_PROTO), &[], &p));
    assert!(!hits(ip(6, 0, IPT_INV_PROTO), &[], &p));
    // A protocol above 255 never equals the packet's.
    assert!(!hits(ip(256 + 6, 0, 0), &[], &p));
    // `-f` matches only non-first fragments, `! -f` only the rest.
    assert!(!hits(ip(0, IPT_F_FRAG, 0), &[], &p));
    assert!(hits(ip(0, IPT_F_FRAG, IPT_INV_FRAG), &[], &p));
    p.frag_off = 5;
    assert!(hits(ip(0, IPT_F_FRAG, 0), &[], &p));
    assert!(!hits(ip(0, IPT_F_FRAG, IPT_INV_FRAG), &[], &p));
    // Upstream quirk: the inversion bit without the flag never matches.
    p.frag_off = 0;
    assert!(!hits(ip(0, 0, IPT_INV_FRAG), &[], &p));
}

fn tcp_rule_hits(t: XtTcp, p: &Packet<'_>) -> bool {
    let payload = t.encode();
    let m = [ExtSpec {
        name: b"tcp",
        revision: 0,
        payload: &payload,
    }];
    hits(
        IptIp {
            proto: 6,
            ..IptIp::default()
        },
        &m,
        p,
    )
}

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

/// The chains used by the traversal tests:
///
/// ```text
///  0 INPUT  -j a                 6 a (head)            11 b (head)
///  1 INPUT  -p udp -g b          7 a  -p icmp -j DROP  12 b  -d 1.2.3.4 -j ACCEPT
///  2 INPUT  -p tcp -j ACCEPT     8 a  -p udp -j RETURN 13 b  RETURN
///  3 INPUT  policy DROP          9 a  -j c             14 c (head)
///  4 FORWARD policy ACCEPT      10 a  RETURN           15 c  RETURN
///  5 OUTPUT policy ACCEPT                              16 ERROR
/// ```
fn chain_table() -> Vec<u8> {
    let p = |proto: u16| IptIp {
        proto,
        ..IptIp::default()
    };
    let input = [
        r(T::Jump("a")),
        R {
            ip: p(17),
            ..r(T::Goto("b"))
        },
        R {
            ip: p(6),
            ..r(v(VERDICT_ACCEPT))
        },
    ];
    let a = [
        R {
            ip: p(1),
            ..r(v(VERDICT_DROP))
        },
        R {
            ip: p(17),
            ..r(v(XT_RETURN))
        },
        r(T::Jump("c")),
    ];
    let b = [R {
        ip: IptIp {
            dst: [1, 2, 3, 4],
            dmsk: [255; 4],
            ..IptIp::default()
        },
        ..r(v(VERDICT_ACCEPT))
    }];
    filter(&input, VERDICT_DROP, &[("a", &a), ("b", &b), ("c", &[])])
}

#[test]
fn jump_goto_return_and_policy() {
    let rs = parse(&chain_table()).unwrap();
    let l4 = tcp_hdr(1, 2, 0, &[]);
    let mut p = pkt(&l4);
    // Into a, into c, back out of both, past the goto, accepted by rule 2.
    assert_eq!(
        run(&rs, Hook::LocalIn, &p),
        (Outcome::Accept, vec![0, 9, 15, 10, 2])
    );
    // RETURN from a, goto b, b's RETURN at the bottom of the stack goes to the policy.
    p.protocol = 17;
    assert_eq!(
        run(&rs, Hook::LocalIn, &p),
        (Outcome::Drop, vec![0, 8, 1, 13, 3])
    );
    p.daddr = u32::from_be_bytes([1, 2, 3, 4]);
    assert_eq!(
        run(&rs, Hook::LocalIn, &p),
        (Outcome::Accept, vec![0, 8, 1, 12])
    );
    p.protocol = 1;
    assert_eq!(run(&rs, Hook::LocalIn, &p), (Outcome::Drop, vec![0, 7]));
    p.protocol = 47;
    assert_eq!(
        run(&rs, Hook::LocalIn, &p),
        (Outcome::Drop, vec![0, 9, 15, 10, 3])
    );
    assert_eq!(run(&rs, Hook::LocalOut, &p), (Outcome::Accept, vec![5]));
}

#[test]
fn jump_stack_depth_is_bounded_like_upstream() {
    // INPUT jumps forward inside itself three times; with only the final ERROR entry the
    // stack holds one return point, so the second jump drops, as in `ipt_do_table`.
    let j = |i| EntrySpec {
        target: TargetSpec::JumpTo(i),
        ..EntrySpec::verdict(0)
    };
    let entries = [
        j(2),
        EntrySpec::verdict(VERDICT_DROP),
        j(4),
        EntrySpec::verdict(VERDICT_DROP),
        j(6),
        EntrySpec::verdict(VERDICT_DROP),
        EntrySpec::verdict(VERDICT_ACCEPT),
        EntrySpec::verdict(VERDICT_ACCEPT),
        EntrySpec::verdict(VERDICT_ACCEPT),
        EntrySpec {
            ip: IptIp::default(),
            matches: &[],
            target: TargetSpec::Error(b"ERROR"),
        },
    ];
    let buf = encode_replace(
        Table::Filter,
        [None, Some(0), Some(7), Some(8), None],
        [None, Some(6), Some(7), Some(8), None],
        1,
        &entries,
    )
    .unwrap();
    let rs = parse(&buf).unwrap();
    assert_eq!(rs.stack_size(), 1);
    let l4 = tcp_hdr(1, 2, 0, &[]);
    assert_eq!(
        run(&rs, Hook::LocalIn, &pkt(&l4)),
        (Outcome::Drop, vec![0, 2])
    );
    // A caller-provided stack that is too small (one slot here, two needed) drops at the
    // jump that does not fit.
    let rs = parse(&chain_table()).unwrap();
    let mut empty = parse(&filter(&[], VERDICT_ACCEPT, &[]))
        .unwrap()
        .new_jump_stack()
        .unwrap();
    let mut seen = Vec::new();
    let o = evaluate(
        &rs,
        Hook::LocalIn,
        &pkt(&l4),
        &mut empty,
        |i| seen.push(i),
        |_| TargetVerdict::Continue,
    );
    assert_eq!((o, seen), (Outcome::Drop, vec![0, 9]));
    let mut none = super::parse::JumpStack {
        slots: super::vec::OVec::new(),
    };
    let o = evaluate(
        &rs,
        Hook::LocalIn,
        &pkt(&l4),
        &mut none,
        |_| {},
        |_| TargetVerdict::Continue,
    );
    assert_eq!(o, Outcome::Drop);
}

#[test]
fn queue_verdict() {
    let rs = parse(&filter(&[r(v(VERDICT_QUEUE))], VERDICT_ACCEPT, &[])).unwrap();
    let l4 = tcp_hdr(1, 2, 0, &[]);
    assert_eq!(
        run(&rs, Hook::LocalIn, &pkt(&l4)),
        (Outcome::Queue, vec![0])
    );
}

/// A small deterministic PRNG (xorshift64*).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn match_table() -> Vec<u8> {
    let tcp = XtTcp {
        spts: [0, 1023],
        dpts: [22, 22],
        option: 2,
        flg_mask: 0x17,
        flg_cmp: 0x02,
        invflags: XT_TCP_INV_SRCPT,
    }
    .encode();
    let udp = XtUdp {
        spts: [53, 53],
        dpts: [0, 65535],
        invflags: 0,
    }
    .encode();
    let icmp = IptIcmp {
        icmp_type: 8,
        code: [0, 255],
        invflags: 0,
    }
    .encode();
    let m = |name: &'static [u8], payload: &[u8]| -> ExtSpec<'static> {
        ExtSpec {
            name,
            revision: 0,
            payload: Vec::leak(payload.to_vec()),
        }
    };
    let tm: &'static [ExtSpec<'static>] = Vec::leak(vec![m(b"tcp", &tcp)]);
    let um: &'static [ExtSpec<'static>] = Vec::leak(vec![m(b"udp", &udp)]);
    let im: &'static [ExtSpec<'static>] = Vec::leak(vec![m(b"icmp", &icmp)]);
    let ip = |proto: u16| {
        IptIp {
            proto,
            ..IptIp::default()
        }
        .with_iniface(b"eth+")
        .unwrap()
    };
    build(
        Table::Mangle,
        &[
            (
                Hook::PreRouting,
                &[
                    R {
                        ip: ip(6),
                        matches: tm,
                        t: T::Jump("x"),
                    },
                    R {
                        ip: ip(17),
                        matches: um,
                        t: v(VERDICT_DROP),
                    },
                ],
                VERDICT_ACCEPT,
            ),
            (Hook::LocalIn, &[], VERDICT_ACCEPT),
            (
                Hook::Forward,
                &[R {
                    ip: ip(1),
                    matches: im,
                    t: T::Goto("x"),
                }],
                VERDICT_DROP,
            ),
            (Hook::LocalOut, &[], VERDICT_ACCEPT),
            (Hook::PostRouting, &[r(T::Jump("x"))], VERDICT_ACCEPT),
        ],
        &[("x", &[r(v(VERDICT_ACCEPT))])],
    )
}

#[test]
fn mutated_blobs_never_panic() {
    let bases: Vec<(Table, Vec<u8>)> = vec![
        (
            Table::Filter,
            encode_initial_table(Table::Filter).unwrap().to_vec(),
        ),
        (
            Table::Nat,
            encode_initial_table(Table::Nat).unwrap().to_vec(),
        ),
        (Table::Filter, chain_table()),
        (Table::Mangle, match_table()),
        (Table::Nat, nat_ct_table()),
        (Table::Raw, raw_ct_table()),
    ];
    for (t, b) in &bases {
        assert!(parse_replace(*t, b).is_ok());
    }
    let syn = tcp_hdr(1000, 22, 0x02, &[2, 4, 5, 0xb4]);
    let packets = [
        pkt(&syn),
        Packet {
            protocol: 17,
            ..pkt(&syn[..8])
        },
        Packet {
            protocol: 1,
            ..pkt(&[8, 0, 0, 0, 0, 0, 0, 0])
        },
        Packet {
            frag_off: 1,
            ..pkt(&syn)
        },
        pkt(&syn[..3]),
        Packet {
            ct: tracked(2),
            ..pkt(&syn)
        },
        Packet {
            ct: CtInfo {
                kind: CtKind::Untracked,
                ..CtInfo::default()
            },
            ..pkt(&syn)
        },
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let (table, base) = &bases[rng.below(bases.len())];
        let mut b = base.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(b.len());
            match rng.below(5) {
                0 => b[at] ^= 1 << rng.below(8),
                1 => b[at] = rng.next() as u8,
                2 => b[at] = [0, 1, 0x7f, 0x80, 0xff][rng.below(5)],
                3 if at + 4 <= b.len() => {
                    let v = [0u32, 8, 144, 152, 176, u32::MAX, (-5i32) as u32][rng.below(7)];
                    b[at..at + 4].copy_from_slice(&v.to_ne_bytes());
                }
                _ => b.truncate(at.max(1)),
            }
        }
        if let Ok(p) = parse_replace(*table, &b) {
            accepted += 1;
            let rs = p.ruleset;
            assert!(rs.blob().len() <= b.len());
            let mut stack = rs.new_jump_stack().unwrap();
            for h in Hook::ALL {
                for pk in &packets {
                    let _ = evaluate(
                        &rs,
                        h,
                        pk,
                        &mut stack,
                        |i| assert!((i as usize) < rs.rules().len()),
                        |t| match t {
                            TargetExt::Notrack => TargetVerdict::Continue,
                            _ => TargetVerdict::Accept,
                        },
                    );
                }
            }
        }
    }
    // Some mutations hit bytes that do not matter (padding, counters, addresses).
    assert!(accepted > 100, "only {accepted} mutants accepted");
}

// ---------------------------------------------------------------------------------------
// Conntrack matches, NAT and raw targets.

/// Leaks `e` as a one-element list of extensions (tests only).
fn one(e: ExtSpec<'static>) -> &'static [ExtSpec<'static>] {
    Vec::leak(vec![e])
}

/// An extension with a leaked copy of `payload`.
fn ext(name: &'static [u8], revision: u8, payload: &[u8]) -> ExtSpec<'static> {
    ExtSpec {
        name,
        revision,
        payload: Vec::leak(payload.to_vec()),
    }
}

fn tgt(name: &'static [u8], revision: u8, payload: &[u8]) -> T<'static> {
    T::Raw(TargetSpec::Ext(ext(name, revision, payload)))
}

/// A nat table: PREROUTING, INPUT, OUTPUT and POSTROUTING rules (policies ACCEPT).
fn nat(
    pre: &[R<'_>],
    input: &[R<'_>],
    out: &[R<'_>],
    post: &[R<'_>],
    user: &[(&str, &[R<'_>])],
) -> Vec<u8> {
    build(
        Table::Nat,
        &[
            (Hook::PreRouting, pre, VERDICT_ACCEPT),
            (Hook::LocalIn, input, VERDICT_ACCEPT),
            (Hook::LocalOut, out, VERDICT_ACCEPT),
            (Hook::PostRouting, post, VERDICT_ACCEPT),
        ],
        user,
    )
}

/// A raw table: PREROUTING and OUTPUT rules (policies ACCEPT).
fn raw(pre: &[R<'_>], out: &[R<'_>]) -> Vec<u8> {
    build(
        Table::Raw,
        &[
            (Hook::PreRouting, pre, VERDICT_ACCEPT),
            (Hook::LocalOut, out, VERDICT_ACCEPT),
        ],
        &[],
    )
}

fn parse_as(table: Table, buf: &[u8]) -> Result<Ruleset, Error> {
    parse_replace(table, buf).map(|p| p.ruleset)
}

/// A compat NAT payload (`rangesize`, then `range[0]`).
fn compat(rangesize: u32, r: NatRange) -> Vec<u8> {
    let mut b = r.encode_compat().to_vec();
    b[..4].copy_from_slice(&rangesize.to_ne_bytes());
    b
}

fn range(flags: u32) -> NatRange {
    NatRange {
        flags,
        min_ip: [192, 0, 2, 1],
        max_ip: [192, 0, 2, 9],
        min_proto: 1024,
        max_proto: 2048,
        base_proto: 0,
    }
}

fn snat(revision: u8, r: NatRange) -> T<'static> {
    let payload = match revision {
        0 => compat(1, r),
        1 => r.encode_range2()[..NF_NAT_RANGE_SIZE].to_vec(),
        _ => r.encode_range2().to_vec(),
    };
    tgt(b"SNAT", revision, &payload)
}

fn dnat(revision: u8, r: NatRange) -> T<'static> {
    match snat(revision, r) {
        T::Raw(TargetSpec::Ext(e)) => T::Raw(TargetSpec::Ext(ExtSpec { name: b"DNAT", ..e })),
        _ => unreachable!(),
    }
}

fn ct_target(revision: u8, t: XtCtTarget) -> T<'static> {
    let (b, n) = t.encode(revision);
    tgt(b"CT", revision, &b[..n])
}

fn notrack_ct() -> XtCtTarget {
    XtCtTarget {
        flags: ct_target::NOTRACK,
        ..XtCtTarget::default()
    }
}

/// A `conntrack` match of revision `rev`.
fn conntrack(rev: u8, info: XtConntrack) -> ExtSpec<'static> {
    let (b, n) = info.encode(rev);
    ext(b"conntrack", rev, &b[..n])
}

fn state(mask: u32) -> ExtSpec<'static> {
    ext(b"state", 0, &mask.to_ne_bytes())
}

/// A rule with protocol `proto`.
fn rp(proto: u16, matches: &'static [ExtSpec<'static>], t: T<'static>) -> R<'static> {
    R {
        ip: IptIp {
            proto,
            ..IptIp::default()
        },
        matches,
        t,
    }
}

/// A tracked connection from 10.0.0.1:1000 to 192.168.1.2:22, replied to from
/// 192.168.1.2:22 to 10.0.0.1:1000, with `ctinfo`.
fn tracked(ctinfo: u8) -> CtInfo {
    CtInfo {
        kind: CtKind::Tracked { ctinfo },
        status: 0,
        l4proto: 6,
        orig_src: u32::from_be_bytes([10, 0, 0, 1]),
        orig_dst: u32::from_be_bytes([192, 168, 1, 2]),
        repl_src: u32::from_be_bytes([192, 168, 1, 2]),
        repl_dst: u32::from_be_bytes([10, 0, 0, 1]),
        orig_sport: 1000,
        orig_dport: 22,
        repl_sport: 22,
        repl_dport: 1000,
        expires_secs: 100,
    }
}

fn no_ct(kind: CtKind) -> CtInfo {
    CtInfo {
        kind,
        ..CtInfo::default()
    }
}

/// A nat table using every NAT target and revision, with a conntrack match (seed corpus).
fn nat_ct_table() -> Vec<u8> {
    let ct = one(conntrack(
        3,
        XtConntrack {
            match_flags: ct_flags::STATE | ct_flags::ORIGDST_PORT,
            state_mask: ct_state::NEW as u16,
            origdst_port: 80,
            origdst_port_high: 90,
            ..XtConntrack::default()
        },
    ));
    let ports = NatRange {
        flags: nat_flags::PROTO_SPECIFIED,
        min_proto: 8080,
        max_proto: 8080,
        ..NatRange::default()
    };
    nat(
        &[
            R {
                matches: ct,
                ..r(dnat(2, range(nat_flags::MAP_IPS)))
            },
            rp(6, &[], tgt(b"REDIRECT", 0, &compat(1, ports))),
        ],
        &[r(snat(1, range(nat_flags::MAP_IPS)))],
        &[r(dnat(0, range(nat_flags::MAP_IPS)))],
        &[r(T::Jump("x")), r(tgt(b"MASQUERADE", 0, &compat(1, ports)))],
        &[("x", &[r(snat(0, range(nat_flags::MAP_IPS)))])],
    )
}

/// A raw table with NOTRACK, CT and a state match (seed corpus).
fn raw_ct_table() -> Vec<u8> {
    raw(
        &[
            R {
                matches: one(state(ct_state::NEW | ct_state::INVALID)),
                ..r(tgt(b"NOTRACK", 0, &[]))
            },
            r(ct_target(2, notrack_ct())),
        ],
        &[r(ct_target(0, notrack_ct())), r(ct_target(1, notrack_ct()))],
    )
}

#[test]
fn nat_targets_load() {
    let rs = parse_as(Table::Nat, &nat_ct_table()).unwrap();
    assert!(rs.needs_conntrack());
    assert!(rs.needs_ct_info());
    let ts: Vec<_> = rs.rules().iter().map(|r| r.target).collect();
    let m = range(nat_flags::MAP_IPS);
    let ports = NatRange {
        flags: nat_flags::PROTO_SPECIFIED,
        min_proto: 8080,
        max_proto: 8080,
        ..NatRange::default()
    };
    let nat_t = |manip, range| Target::Ext(TargetExt::Nat { manip, range });
    // 0 DNAT/2, 1 REDIRECT, 2 policy, 3 SNAT/1, 4 policy, 5 DNAT/0, 6 policy, 7 jump x,
    // 8 MASQUERADE, 9 policy, 10 head x, 11 SNAT/0, 12 RETURN, 13 ERROR.
    assert_eq!(ts[0], nat_t(NatManip::Dst, m));
    assert_eq!(ts[1], Target::Ext(TargetExt::Redirect(ports)));
    assert_eq!(ts[3], nat_t(NatManip::Src, m));
    assert_eq!(ts[5], nat_t(NatManip::Dst, m));
    assert_eq!(ts[8], Target::Ext(TargetExt::Masquerade(ports)));
    assert_eq!(ts[11], nat_t(NatManip::Src, m));
    assert_eq!(rs.rules()[11].hooks, 1 << Hook::PostRouting.index());
    // Revision 2 keeps `base_proto`; revisions 0 and 1 zero it.
    let with_base = NatRange {
        base_proto: 7,
        flags: nat_flags::MAP_IPS | nat_flags::PROTO_OFFSET,
        ..m
    };
    for (rev, want) in [
        (2, with_base),
        (
            1,
            NatRange {
                base_proto: 0,
                ..with_base
            },
        ),
    ] {
        let rs = parse_as(
            Table::Nat,
            &nat(&[], &[], &[], &[r(snat(rev, with_base))], &[]),
        )
        .unwrap();
        assert_eq!(rs.rules()[3].target, nat_t(NatManip::Src, want));
        assert!(rs.needs_conntrack());
        assert!(!rs.needs_ct_info());
    }
    // The blob reads back as upstream's: canonical names, padding after the payload zero.
    let mut buf = nat(&[], &[], &[], &[r(snat(0, m))], &[]);
    let t = entry_at(&buf, 3) + 112;
    buf[t + 2 + 5] = b'z'; // After "SNAT\0".
    buf[t + 32 + 20..t + 56].fill(0xee); // XT_ALIGN(20) - 20 bytes of padding.
    let rs = parse_as(Table::Nat, &buf).unwrap();
    let clean = nat(&[], &[], &[], &[r(snat(0, m))], &[]);
    let b = rs.blob();
    let bt = t - 96;
    assert_eq!(&b[bt..bt + 56], &clean[t..t + 56]);
}

#[test]
fn nat_target_checks() {
    let m = range(nat_flags::MAP_IPS);
    let inval_t = |r| Error::Inval(r);
    // Table: NAT targets are only valid in "nat".
    let rules = [r(snat(0, m))];
    rejects(
        &filter(&rules, VERDICT_ACCEPT, &[]),
        inval_t(Reject::TargetTable),
    );
    let rules = [r(dnat(2, m))];
    assert_eq!(
        parse_as(
            Table::Mangle,
            &build(
                Table::Mangle,
                &[
                    (Hook::PreRouting, &rules, VERDICT_ACCEPT),
                    (Hook::LocalIn, &[], VERDICT_ACCEPT),
                    (Hook::Forward, &[], VERDICT_ACCEPT),
                    (Hook::LocalOut, &[], VERDICT_ACCEPT),
                    (Hook::PostRouting, &[], VERDICT_ACCEPT),
                ],
                &[],
            )
        )
        .err(),
        Some(inval_t(Reject::TargetTable))
    );
    // The header's name is what the extensions see (`repl->name`): a nat blob handed to
    // another table passes them and fails on the name afterwards, with ENOENT.
    let good = nat(&[], &[], &[], &[r(snat(0, m))], &[]);
    assert_eq!(
        parse_as(Table::Filter, &good).err(),
        Some(Error::NoEnt(Reject::TableName))
    );
    // Hooks, for every target; a user chain inherits its callers' hooks.
    for (t, bad) in [
        (snat(0, m), Hook::PreRouting),
        (snat(1, m), Hook::LocalOut),
        (snat(2, m), Hook::PreRouting),
        (dnat(0, m), Hook::PostRouting),
        (dnat(1, m), Hook::LocalIn),
        (dnat(2, m), Hook::PostRouting),
        (
            tgt(b"MASQUERADE", 0, &compat(1, NatRange::default())),
            Hook::LocalIn,
        ),
        (
            tgt(b"REDIRECT", 0, &compat(1, NatRange::default())),
            Hook::PostRouting,
        ),
    ] {
        let rule = [r(t)];
        let mut hooks: [&[R<'_>]; 4] = [&[], &[], &[], &[]];
        let at = Table::Nat.hooks().iter().position(|h| *h == bad).unwrap();
        hooks[at] = &rule;
        rejects_as(
            Table::Nat,
            &nat(hooks[0], hooks[1], hooks[2], hooks[3], &[]),
            inval_t(Reject::TargetHooks),
        );
        let jump = [r(T::Jump("x"))];
        hooks[at] = &jump;
        rejects_as(
            Table::Nat,
            &nat(hooks[0], hooks[1], hooks[2], hooks[3], &[("x", &rule)]),
            inval_t(Reject::TargetHooks),
        );
        // Unreachable: no hook, no restriction.
        assert!(parse_as(Table::Nat, &nat(&[], &[], &[], &[], &[("x", &rule)])).is_ok());
    }
    // SNAT in a chain called from both POSTROUTING and INPUT is fine; add PREROUTING and it
    // is not.
    let x: &[(&str, &[R<'_>])] = &[("x", &[r(snat(0, m))])];
    let j = [r(T::Jump("x"))];
    assert!(parse_as(Table::Nat, &nat(&[], &j, &[], &j, x)).is_ok());
    rejects_as(
        Table::Nat,
        &nat(&j, &j, &[], &j, x),
        inval_t(Reject::TargetHooks),
    );
    // Payload size per revision (`XT_ALIGN` of 20, 40, 44).
    let sized = |rev, len: usize| {
        let payload = vec![0u8; len];
        nat(&[], &[], &[], &[r(tgt(b"SNAT", rev, &payload))], &[])
    };
    for (rev, ok, bad) in [
        (0, 24, [20, 32, 40]),
        (1, 40, [24, 44, 48]),
        (2, 48, [24, 40, 44]),
    ] {
        for len in bad {
            // The encoder pads to 8: 20 and 44 encode as 24 and 48.
            if xt_align(len) == Some(ok) {
                continue;
            }
            rejects_as(
                Table::Nat,
                &sized(rev, len),
                inval_t(Reject::TargetPayloadSize),
            );
        }
        // Size before table: a wrong size in the filter table is a size error.
        let payload = vec![0u8; ok + 8];
        rejects(
            &filter(&[r(tgt(b"SNAT", rev, &payload))], VERDICT_ACCEPT, &[]),
            inval_t(Reject::TargetPayloadSize),
        );
    }
    // Table before hooks.
    rejects(
        &build(
            Table::Filter,
            &[
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[r(snat(0, m))], VERDICT_ACCEPT),
                (Hook::LocalOut, &[], VERDICT_ACCEPT),
            ],
            &[],
        ),
        inval_t(Reject::TargetTable),
    );
    // Hooks before `checkentry`.
    rejects_as(
        Table::Nat,
        &nat(&[r(tgt(b"SNAT", 0, &compat(2, m)))], &[], &[], &[], &[]),
        inval_t(Reject::TargetHooks),
    );
    // rangesize, revision 0 only.
    for n in [0, 2, u32::MAX] {
        rejects_as(
            Table::Nat,
            &nat(&[], &[], &[], &[r(tgt(b"SNAT", 0, &compat(n, m)))], &[]),
            inval_t(Reject::NatRangeSize),
        );
        rejects_as(
            Table::Nat,
            &nat(&[r(tgt(b"DNAT", 0, &compat(n, m)))], &[], &[], &[], &[]),
            inval_t(Reject::NatRangeSize),
        );
    }
    // MASQUERADE and REDIRECT: MAP_IPS, then rangesize.
    for (name, pre, post) in [
        (&b"MASQUERADE"[..], false, true),
        (b"REDIRECT", true, false),
    ] {
        let at = |t: T<'static>| {
            let rule = [r(t)];
            if pre {
                nat(&rule, &[], &[], &[], &[])
            } else {
                nat(&[], &[], &[], &rule, &[])
            }
        };
        assert!(post || pre);
        let name: &'static [u8] = name;
        rejects_as(
            Table::Nat,
            &at(tgt(name, 0, &compat(2, range(nat_flags::MAP_IPS)))),
            inval_t(Reject::NatMapIps),
        );
        rejects_as(
            Table::Nat,
            &at(tgt(name, 0, &compat(2, range(0)))),
            inval_t(Reject::NatRangeSize),
        );
        let rs = parse_as(
            Table::Nat,
            &at(tgt(name, 0, &compat(1, range(nat_flags::PERSISTENT)))),
        )
        .unwrap();
        let t = rs.rules().iter().find_map(|r| match r.target {
            Target::Ext(t) => Some(t),
            _ => None,
        });
        let ports_only = NatRange {
            flags: nat_flags::PERSISTENT,
            min_proto: 1024,
            max_proto: 2048,
            ..NatRange::default()
        };
        assert_eq!(
            t,
            Some(if pre {
                TargetExt::Redirect(ports_only)
            } else {
                TargetExt::Masquerade(ports_only)
            })
        );
        rejects_as(
            Table::Nat,
            &at(tgt(name, 1, &compat(1, range(0)))),
            Error::NoEnt(Reject::TargetRevision),
        );
    }
    // Unknown revisions: SNAT is also in the family-independent list (EPROTOTYPE).
    rejects_as(
        Table::Nat,
        &nat(&[], &[], &[], &[r(tgt(b"SNAT", 3, &[0; 44]))], &[]),
        Error::ProtoType(Reject::TargetRevision),
    );
    // Matches are checked before the target, entries in blob order.
    let bad_match = one(conntrack(2, XtConntrack::default()));
    let bad_match = one(ExtSpec {
        revision: 0,
        ..bad_match[0]
    });
    rejects_as(
        Table::Nat,
        &nat(
            &[R {
                matches: bad_match,
                ..r(snat(0, m))
            }],
            &[],
            &[],
            &[],
            &[],
        ),
        Error::ProtoType(Reject::MatchRevision),
    );
    rejects_as(
        Table::Nat,
        &nat(
            &[r(tgt(b"SNAT", 0, &compat(2, m)))],
            &[],
            &[],
            &[R {
                matches: bad_match,
                ..r(v(VERDICT_ACCEPT))
            }],
            &[],
        ),
        inval_t(Reject::TargetHooks),
    );
}

fn rejects_as(table: Table, buf: &[u8], e: Error) {
    assert_eq!(parse_as(table, buf).err(), Some(e));
}

#[test]
fn raw_targets() {
    let rs = parse_as(Table::Raw, &raw_ct_table()).unwrap();
    // CT --notrack takes no conntrack reference, NOTRACK has no checkentry; the state match
    // does.
    assert!(rs.needs_conntrack());
    assert!(rs.needs_ct_info());
    for i in [0, 1, 3, 4] {
        assert_eq!(rs.rules()[i].target, Target::Ext(TargetExt::Notrack));
    }
    let only = raw(
        &[r(tgt(b"NOTRACK", 0, &[]))],
        &[r(ct_target(2, notrack_ct()))],
    );
    let rs = parse_as(Table::Raw, &only).unwrap();
    assert!(!rs.needs_conntrack());
    assert!(!rs.needs_ct_info());
    // Only in raw.
    rejects(
        &filter(&[r(tgt(b"NOTRACK", 0, &[]))], VERDICT_ACCEPT, &[]),
        inval(Reject::TargetTable),
    );
    rejects_as(
        Table::Nat,
        &nat(&[r(ct_target(0, notrack_ct()))], &[], &[], &[], &[]),
        inval(Reject::TargetTable),
    );
    rejects_as(
        Table::Raw,
        &raw(&[r(tgt(b"NOTRACK", 0, &[0; 8]))], &[]),
        inval(Reject::TargetPayloadSize),
    );
    rejects_as(
        Table::Raw,
        &raw(&[r(tgt(b"NOTRACK", 1, &[]))], &[]),
        Error::NoEnt(Reject::TargetRevision),
    );
    rejects_as(
        Table::Raw,
        &raw(&[r(tgt(b"CT", 3, &[0; 72]))], &[]),
        Error::NoEnt(Reject::TargetRevision),
    );
    // Payload sizes: 40 for revision 0, 72 for 1 and 2.
    for (rev, len) in [(0, 72), (1, 40), (2, 40), (2, 80)] {
        let mut p = vec![0u8; len];
        p[0] = 1;
        rejects_as(
            Table::Raw,
            &raw(&[r(tgt(b"CT", rev, &p))], &[]),
            inval(Reject::TargetPayloadSize),
        );
    }
    // Flags per revision.
    let flags = |f| XtCtTarget {
        flags: f,
        ..XtCtTarget::default()
    };
    for (rev, f, want) in [
        (0, 3, Some(inval(Reject::CtFlags))),
        (1, 3, Some(inval(Reject::CtFlags))),
        (2, 3, None),
        (2, 0x21, Some(inval(Reject::CtFlags))),
        (1, ct_target::ZONE_MARK | 1, Some(inval(Reject::CtFlags))),
        (
            2,
            ct_target::ZONE_MARK,
            Some(Error::OpNotSupp(Reject::CtZone)),
        ),
        (2, 0, Some(Error::OpNotSupp(Reject::CtTemplate))),
    ] {
        assert_eq!(
            parse_as(Table::Raw, &raw(&[r(ct_target(rev, flags(f)))], &[])).err(),
            want,
            "rev {rev} flags {f:#x}"
        );
    }
    // Zones (no CONFIG_NF_CONNTRACK_ZONES), events, helpers, timeouts.
    let zone = XtCtTarget {
        zone: 5,
        ..XtCtTarget::default()
    };
    rejects_as(
        Table::Raw,
        &raw(&[], &[r(ct_target(0, zone))]),
        Error::OpNotSupp(Reject::CtZone),
    );
    let events = XtCtTarget {
        ct_events: 1,
        ..XtCtTarget::default()
    };
    rejects_as(
        Table::Raw,
        &raw(&[r(ct_target(1, events))], &[]),
        inval(Reject::CtEvents),
    );
    let helper = XtCtTarget {
        helper: c_name(b"ftp").unwrap(),
        ..XtCtTarget::default()
    };
    rejects_as(
        Table::Raw,
        &raw(&[r(ct_target(2, helper))], &[]),
        Error::NoEnt(Reject::CtHelperProto),
    );
    rejects_as(
        Table::Raw,
        &raw(&[rp(6, &[], ct_target(2, helper))], &[]),
        Error::NoEnt(Reject::CtHelper),
    );
    let long = XtCtTarget {
        helper: [b'a'; 16],
        ..XtCtTarget::default()
    };
    rejects_as(
        Table::Raw,
        &raw(&[rp(6, &[], ct_target(0, long))], &[]),
        Error::NameTooLong(Reject::CtHelperName),
    );
    let timeout = XtCtTarget {
        timeout: c_name(b"slow").unwrap(),
        ..XtCtTarget::default()
    };
    rejects_as(
        Table::Raw,
        &raw(&[r(ct_target(1, timeout))], &[]),
        Error::OpNotSupp(Reject::CtTimeout),
    );
    let timeout = XtCtTarget {
        timeout: [b't'; 32],
        ..XtCtTarget::default()
    };
    rejects_as(
        Table::Raw,
        &raw(&[r(ct_target(2, timeout))], &[]),
        Error::NameTooLong(Reject::CtTimeoutName),
    );
}

#[test]
fn ct_kernel_pointer_is_zeroed_in_the_blob() {
    for rev in 0..=2u8 {
        let info = XtCtTarget {
            flags: ct_target::NOTRACK,
            helper: c_name(b"x").unwrap(),
            ..XtCtTarget::default()
        };
        let mut buf = raw(&[r(ct_target(rev, info))], &[]);
        let clean = buf.clone();
        let t = entry_at(&buf, 0) + 112;
        let (n, user) = if rev == 0 {
            (XT_CT_TARGET_INFO_SIZE, XT_CT_TARGET_INFO_USERSIZE)
        } else {
            (XT_CT_TARGET_INFO_V1_SIZE, XT_CT_TARGET_INFO_V1_USERSIZE)
        };
        // What userspace put where the kernel keeps its `struct nf_conn *`.
        buf[t + 32 + user..t + 32 + n].fill(0xa5);
        buf[t + 2 + 3] = b'q'; // After "CT\0".
        let rs = parse_as(Table::Raw, &buf).unwrap();
        let bt = t - 96;
        assert_eq!(&rs.blob()[bt..bt + 32 + n], &clean[t..t + 32 + n]);
        // The whole blob reads back as handed in, but for `comefrom` (the hook masks).
        let mut expect = clean[96..].to_vec();
        let hooks = [
            1 << Hook::PreRouting.index(),
            1 << Hook::PreRouting.index(),
            1 << Hook::LocalOut.index(),
            0,
        ];
        for (i, h) in hooks.into_iter().enumerate() {
            expect[entry_at(&clean, i) - 96 + ipt_entry::COMEFROM] = h;
        }
        assert_eq!(rs.blob(), &expect[..]);
    }
}

#[test]
fn conntrack_matches_load() {
    let ok = |rev| {
        let m = one(conntrack(
            rev,
            XtConntrack {
                match_flags: ct_flags::STATE,
                state_mask: 0x0e,
                ..XtConntrack::default()
            },
        ));
        filter(
            &[R {
                matches: m,
                ..r(v(VERDICT_DROP))
            }],
            VERDICT_ACCEPT,
            &[],
        )
    };
    for rev in 1..=3 {
        let rs = parse(&ok(rev)).unwrap();
        assert!(rs.needs_conntrack());
        assert!(rs.needs_ct_info());
    }
    let rs = parse(&filter(
        &[R {
            matches: one(state(ct_state::ESTABLISHED)),
            ..r(v(VERDICT_ACCEPT))
        }],
        VERDICT_DROP,
        &[],
    ))
    .unwrap();
    assert!(rs.needs_conntrack() && rs.needs_ct_info());
    let rs = parse(&filter(&[r(v(VERDICT_DROP))], VERDICT_ACCEPT, &[])).unwrap();
    assert!(!rs.needs_conntrack() && !rs.needs_ct_info());
    // Family-independent: a wrong revision is EPROTOTYPE.
    for rev in [0, 4] {
        let mut b = ok(3);
        let at = entry_at(&b, 0) + 112;
        b[at + xt_entry::REVISION] = rev;
        rejects(&b, Error::ProtoType(Reject::MatchRevision));
    }
    rejects(
        &filter(
            &[R {
                matches: one(ext(b"state", 1, &[2, 0, 0, 0])),
                ..r(v(VERDICT_DROP))
            }],
            VERDICT_ACCEPT,
            &[],
        ),
        Error::ProtoType(Reject::MatchRevision),
    );
    // Payload size per revision (152, 160, 168 once aligned).
    for (rev, len) in [(1, 160), (2, 152), (2, 168), (3, 160)] {
        rejects(
            &filter(
                &[R {
                    matches: one(ext(b"conntrack", rev, &vec![0; len])),
                    ..r(v(VERDICT_DROP))
                }],
                VERDICT_ACCEPT,
                &[],
            ),
            inval(Reject::MatchPayloadSize),
        );
    }
    // Padding after the 156-byte revision 2 payload is zeroed in the blob, and the name is
    // canonical.
    let mut b = ok(2);
    let clean = b.clone();
    let at = entry_at(&b, 0) + 112;
    b[at + 32 + 156..at + 32 + 160].fill(0x77);
    b[at + 2 + 10..at + 2 + 20].fill(b'j');
    let rs = parse(&b).unwrap();
    let bt = at - 96;
    assert_eq!(&rs.blob()[bt..bt + 192], &clean[at..at + 192]);
    // State: 4 bytes, padded to 8.
    let mut b = filter(
        &[R {
            matches: one(state(2)),
            ..r(v(VERDICT_DROP))
        }],
        VERDICT_ACCEPT,
        &[],
    );
    let clean = b.clone();
    b[at + 32 + 4..at + 40].fill(0x77);
    let rs = parse(&b).unwrap();
    assert_eq!(&rs.blob()[bt..bt + 40], &clean[at..at + 40]);
}

/// Whether a single INPUT rule with `matches` matches a packet with conntrack entry `ct`.
fn ct_hits(matches: &[ExtSpec<'_>], ct: CtInfo) -> bool {
    let l4 = tcp_hdr(1000, 22, 0x10, &[]);
    hits(IptIp::default(), matches, &Packet { ct, ..pkt(&l4) })
}

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

/// A `conntrack` match with `match_flags`/`invert_flags` and other fields from `f`.
fn ctm(rev: u8, flags: u16, inv: u16, f: impl FnOnce(&mut XtConntrack)) -> ExtSpec<'static> {
    let mut info = XtConntrack {
        match_flags: flags,
        invert_flags: inv,
        ..XtConntrack::default()
    };
    f(&mut info);
    conntrack(rev, info)
}

#[test]
fn conntrack_state() {
    use ct_state::*;
    let st = |rev, mask: u32, inv| {
        ctm(
            rev,
            ct_flags::STATE,
            if inv { ct_flags::STATE } else { 0 },
            |i| i.state_mask = mask as u16,
        )
    };
    let want = [ESTABLISHED, RELATED, NEW, ESTABLISHED, RELATED];
    for rev in 1..=3 {
        for (ctinfo, bit) in want.into_iter().enumerate() {
            let ct = tracked(ctinfo as u8);
            assert!(ct_hits(&[st(rev, bit, false)], ct));
            assert!(!ct_hits(&[st(rev, 0xff & !bit, false)], ct));
            assert!(!ct_hits(&[st(rev, bit, true)], ct));
            assert!(ct_hits(&[st(rev, 0xff & !bit, true)], ct));
        }
        // SNAT/DNAT are virtual states from the status bits.
        let snat = CtInfo {
            status: 1 << 4,
            ..tracked(0)
        };
        let dnat = CtInfo {
            status: 1 << 5,
            ..tracked(3)
        };
        assert!(ct_hits(&[st(rev, CT_SNAT, false)], snat));
        assert!(!ct_hits(&[st(rev, CT_DNAT, false)], snat));
        assert!(ct_hits(&[st(rev, CT_DNAT, false)], dnat));
        assert!(!ct_hits(&[st(rev, CT_SNAT, true)], snat));
        assert!(!ct_hits(&[st(rev, CT_SNAT | CT_DNAT, false)], tracked(2)));
        // INVALID.
        assert!(ct_hits(&[st(rev, INVALID, false)], no_ct(CtKind::Invalid)));
        assert!(!ct_hits(&[st(rev, 0xfe, false)], no_ct(CtKind::Invalid)));
        assert!(ct_hits(&[st(rev, NEW, true)], no_ct(CtKind::Invalid)));
        // No entry: only a state criterion can match; the others are not even looked at.
        let other = ctm(rev, ct_flags::PROTO, ct_flags::PROTO, |i| i.l4proto = 17);
        assert!(!ct_hits(&[other], no_ct(CtKind::Invalid)));
        assert!(ct_hits(&[other], tracked(0)));
        let both = ctm(rev, ct_flags::STATE | ct_flags::PROTO, 0, |i| {
            i.state_mask = INVALID as u16;
            i.l4proto = 17;
        });
        assert!(ct_hits(&[both], no_ct(CtKind::Invalid)));
        assert!(!ct_hits(&[both], tracked(0)));
    }
    // UNTRACKED is 1 << 8: only revisions 2 and 3 can say it (revision 1 has a byte).
    for rev in 2..=3 {
        assert!(ct_hits(
            &[st(rev, CT_UNTRACKED, false)],
            no_ct(CtKind::Untracked)
        ));
        assert!(!ct_hits(&[st(rev, 0xff, false)], no_ct(CtKind::Untracked)));
        assert!(!ct_hits(
            &[st(rev, CT_UNTRACKED, false)],
            no_ct(CtKind::Invalid)
        ));
        assert!(!ct_hits(&[st(rev, CT_UNTRACKED, false)], tracked(0)));
    }
    assert!(!ct_hits(&[st(1, 0xff, false)], no_ct(CtKind::Untracked)));
    assert!(ct_hits(&[st(1, 0xff, true)], no_ct(CtKind::Untracked)));
}

#[test]
fn conntrack_direction_addresses_and_ports() {
    let dir = |inv| {
        ctm(
            3,
            ct_flags::DIRECTION,
            if inv { ct_flags::DIRECTION } else { 0 },
            |_| {},
        )
    };
    for ctinfo in 0..=4u8 {
        let original = ctinfo < 3;
        assert_eq!(ct_hits(&[dir(false)], tracked(ctinfo)), original);
        assert_eq!(ct_hits(&[dir(true)], tracked(ctinfo)), !original);
    }
    // Addresses under masks, each criterion on its own tuple.
    let net = |a: [u8; 4], m: [u8; 4]| (a, m);
    type Set = fn(&mut XtConntrack, ([u8; 4], [u8; 4]));
    let cases: [(u16, Set, [u8; 4]); 4] = [
        (
            ct_flags::ORIGSRC,
            |i, (a, m)| (i.origsrc_addr, i.origsrc_mask) = (a, m),
            [10, 0, 0, 1],
        ),
        (
            ct_flags::ORIGDST,
            |i, (a, m)| (i.origdst_addr, i.origdst_mask) = (a, m),
            [192, 168, 1, 2],
        ),
        (
            ct_flags::REPLSRC,
            |i, (a, m)| (i.replsrc_addr, i.replsrc_mask) = (a, m),
            [192, 168, 1, 2],
        ),
        (
            ct_flags::REPLDST,
            |i, (a, m)| (i.repldst_addr, i.repldst_mask) = (a, m),
            [10, 0, 0, 1],
        ),
    ];
    for (flag, set, addr) in cases {
        for rev in 1..=3 {
            let m = |a, mk, inv: bool| {
                ctm(rev, flag, if inv { flag } else { 0 }, |i| {
                    set(i, net(a, mk))
                })
            };
            let mut sub = addr;
            sub[3] ^= 0x80;
            assert!(ct_hits(&[m(addr, [255; 4], false)], tracked(0)));
            assert!(!ct_hits(&[m(addr, [255; 4], true)], tracked(0)));
            assert!(!ct_hits(&[m(sub, [255; 4], false)], tracked(0)));
            assert!(ct_hits(&[m(sub, [255, 255, 255, 0x7f], false)], tracked(0)));
            assert!(ct_hits(&[m(sub, [255, 255, 255, 0x80], true)], tracked(0)));
            // A zero mask matches anything.
            assert!(ct_hits(&[m([1, 2, 3, 4], [0; 4], false)], tracked(0)));
        }
    }
    // Ports: revisions 1 and 2 compare the raw big-endian value, revision 3 a host-order
    // range.
    type SetPort = fn(&mut XtConntrack, u16, u16);
    let ports: [(u16, SetPort, u16); 4] = [
        (
            ct_flags::ORIGSRC_PORT,
            |i, p, h| (i.origsrc_port, i.origsrc_port_high) = (p, h),
            1000,
        ),
        (
            ct_flags::ORIGDST_PORT,
            |i, p, h| (i.origdst_port, i.origdst_port_high) = (p, h),
            22,
        ),
        (
            ct_flags::REPLSRC_PORT,
            |i, p, h| (i.replsrc_port, i.replsrc_port_high) = (p, h),
            22,
        ),
        (
            ct_flags::REPLDST_PORT,
            |i, p, h| (i.repldst_port, i.repldst_port_high) = (p, h),
            1000,
        ),
    ];
    for (flag, set, port) in ports {
        let inv = |b: bool| if b { flag } else { 0 };
        for rev in 1..=2 {
            let m = |p: u16, i: bool| ctm(rev, flag, inv(i), |x| set(x, p.to_be(), 0));
            assert!(ct_hits(&[m(port, false)], tracked(0)));
            assert!(!ct_hits(&[m(port, true)], tracked(0)));
            assert!(!ct_hits(&[m(port + 1, false)], tracked(0)));
            assert!(ct_hits(&[m(port + 1, true)], tracked(0)));
            // The host-order value is not the port (unless it is a palindrome).
            let host = ctm(rev, flag, 0, |x| set(x, port, 0));
            assert!(!ct_hits(&[host], tracked(0)));
        }
        let m = |lo: u16, hi: u16, i: bool| ctm(3, flag, inv(i), |x| set(x, lo, hi));
        assert!(ct_hits(&[m(port, port, false)], tracked(0)));
        assert!(ct_hits(&[m(port - 1, port + 1, false)], tracked(0)));
        assert!(!ct_hits(&[m(port - 1, port + 1, true)], tracked(0)));
        assert!(!ct_hits(&[m(port + 1, port + 9, false)], tracked(0)));
        assert!(ct_hits(&[m(port + 1, port + 9, true)], tracked(0)));
        assert!(!ct_hits(&[m(port + 1, port - 1, false)], tracked(0)));
        // The raw big-endian value means another port in revision 3.
        assert!(!ct_hits(
            &[m(port.to_be(), port.to_be(), false)],
            tracked(0)
        ));
    }
}

#[test]
fn conntrack_proto_status_and_expires() {
    for rev in 1..=3 {
        let proto = |p, inv| {
            ctm(
                rev,
                ct_flags::PROTO,
                if inv { ct_flags::PROTO } else { 0 },
                |i| i.l4proto = p,
            )
        };
        assert!(ct_hits(&[proto(6, false)], tracked(0)));
        assert!(!ct_hits(&[proto(17, false)], tracked(0)));
        assert!(ct_hits(&[proto(17, true)], tracked(0)));
        assert!(!ct_hits(&[proto(6 + 256, false)], tracked(0)));
        let status = |mask, inv| {
            ctm(
                rev,
                ct_flags::STATUS,
                if inv { ct_flags::STATUS } else { 0 },
                |i| i.status_mask = mask,
            )
        };
        // IPS_SEEN_REPLY | IPS_ASSURED | IPS_CONFIRMED.
        let ct = CtInfo {
            status: 0b1110,
            ..tracked(0)
        };
        assert!(ct_hits(&[status(0b0100, false)], ct));
        assert!(ct_hits(&[status(0b0101, false)], ct));
        assert!(!ct_hits(&[status(0b0001, false)], ct));
        assert!(ct_hits(&[status(0b0001, true)], ct));
        assert!(!ct_hits(&[status(0b0010, true)], ct));
        let expires = |lo, hi, inv| {
            ctm(
                rev,
                ct_flags::EXPIRES,
                if inv { ct_flags::EXPIRES } else { 0 },
                |i| {
                    i.expires_min = lo;
                    i.expires_max = hi;
                },
            )
        };
        let ct = tracked(0); // 100 s left.
        assert!(ct_hits(&[expires(100, 100, false)], ct));
        assert!(ct_hits(&[expires(0, 100, false)], ct));
        assert!(!ct_hits(&[expires(101, 200, false)], ct));
        assert!(ct_hits(&[expires(101, 200, true)], ct));
        assert!(!ct_hits(&[expires(0, 200, true)], ct));
        // Several criteria: all must hold.
        let all = ctm(
            rev,
            ct_flags::PROTO | ct_flags::EXPIRES | ct_flags::STATE,
            0,
            |i| {
                i.l4proto = 6;
                i.expires_min = 50;
                i.expires_max = 150;
                i.state_mask = ct_state::ESTABLISHED as u16;
            },
        );
        assert!(ct_hits(&[all], tracked(3)));
        assert!(!ct_hits(&[all], tracked(2)));
        assert!(!ct_hits(
            &[all],
            CtInfo {
                l4proto: 17,
                ..tracked(3)
            }
        ));
    }
}

#[test]
fn nat_target_verdict_comes_from_the_caller() {
    let m = range(nat_flags::MAP_IPS);
    let rs = parse_as(
        Table::Nat,
        &nat(
            &[r(tgt(b"REDIRECT", 0, &compat(1, range(0)))), r(dnat(0, m))],
            &[],
            &[],
            &[],
            &[],
        ),
    )
    .unwrap();
    let l4 = tcp_hdr(1000, 22, 0x02, &[]);
    for verdict in [TargetVerdict::Accept, TargetVerdict::Drop] {
        let mut stack = rs.new_jump_stack().unwrap();
        let mut seen = Vec::new();
        let mut got = Vec::new();
        let o = evaluate(
            &rs,
            Hook::PreRouting,
            &pkt(&l4),
            &mut stack,
            |i| seen.push(i),
            |t| {
                got.push(*t);
                verdict
            },
        );
        // Terminal: the walk ends at the first target, whose counters were bumped first.
        let want = if verdict == TargetVerdict::Accept {
            Outcome::Accept
        } else {
            Outcome::Drop
        };
        assert_eq!(o, want);
        assert_eq!(seen, [0]);
        assert_eq!(
            got,
            [TargetExt::Redirect(NatRange {
                flags: 0,
                min_proto: 1024,
                max_proto: 2048,
                ..NatRange::default()
            })]
        );
    }
    // Continue goes on with the next rule.
    let mut stack = rs.new_jump_stack().unwrap();
    let mut seen = Vec::new();
    let mut got = Vec::new();
    let o = evaluate(
        &rs,
        Hook::PreRouting,
        &pkt(&l4),
        &mut stack,
        |i| seen.push(i),
        |t| {
            got.push(*t);
            if got.len() == 1 {
                TargetVerdict::Continue
            } else {
                TargetVerdict::Drop
            }
        },
    );
    assert_eq!(o, Outcome::Drop);
    assert_eq!(seen, [0, 1]);
    assert_eq!(
        got[1],
        TargetExt::Nat {
            manip: NatManip::Dst,
            range: m
        }
    );
}

#[test]
fn notrack_continues() {
    let rs = parse_as(
        Table::Raw,
        &raw(
            &[
                r(tgt(b"NOTRACK", 0, &[])),
                r(ct_target(1, notrack_ct())),
                r(v(VERDICT_DROP)),
            ],
            &[],
        ),
    )
    .unwrap();
    let l4 = tcp_hdr(1000, 22, 0x02, &[]);
    let mut stack = rs.new_jump_stack().unwrap();
    let mut seen = Vec::new();
    let mut got = 0;
    let o = evaluate(
        &rs,
        Hook::PreRouting,
        &pkt(&l4),
        &mut stack,
        |i| seen.push(i),
        |t| {
            assert_eq!(*t, TargetExt::Notrack);
            got += 1;
            TargetVerdict::Continue
        },
    );
    assert_eq!((o, seen, got), (Outcome::Drop, vec![0, 1, 2], 2));
}
