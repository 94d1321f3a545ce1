// SPDX-License-Identifier: GPL-2.0

//! Host tests of parsing, validation and evaluation that no single extension owns, on tables
//! built with the `abi` encoders. Each extension's tests sit in its own file.

use super::testutil::*;

// ---------------------------------------------------------------------------------------
// Accepted tables.

#[test]
fn initial_tables_parse() {
    for table in Table::ALL {
        let buf = encode_initial_table(table).unwrap().to_vec();
        let n = table.hooks().len();
        assert_eq!(buf.len(), 96 + n * 152 + 176);
        let p = parse_replace(table, &buf, &HostLoad).unwrap();
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
    let t: Vec<_> = rs.rules().iter().map(|r| &r.target).collect();
    assert_eq!(*t[0], Target::Jump(6));
    assert_eq!(*t[1], Target::Goto(9));
    assert_eq!(*t[2], Target::Drop);
    assert_eq!(*t[5], Target::Error);
    assert_eq!(*t[6], Target::Return);
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
        parse_replace(Table::Nat, &buf, &HostLoad).err(),
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
        name: b"NOSUCH",
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
    // QUEUE hands the packet to `nf_queue()` (queue 0, no bypass), which drops it unless a
    // program listens there.
    assert_eq!(
        Outcome::Queue.verdict(),
        Verdict::Queue {
            num: 0,
            bypass: false
        }
    );
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
        &mut FakeEnv::default(),
        |i| seen.push(i),
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
        &mut FakeEnv::default(),
        |_| {},
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
        assert!(parse_replace(*t, b, &HostLoad).is_ok());
    }
    let mut rng = super::fuzz::Rng::new(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let (table, base) = &bases[rng.below(bases.len())];
        let mut b = base.clone();
        super::fuzz::mutate(&mut b, &mut rng);
        if let Ok(p) = parse_replace(*table, &b, &HostLoad) {
            accepted += 1;
            assert!(p.ruleset.blob().len() <= b.len());
            super::fuzz::exercise(&p.ruleset);
        }
    }
    // Some mutations hit bytes that do not matter (padding, counters, addresses).
    assert!(accepted > 100, "only {accepted} mutants accepted");
}

/// The fuzz targets of `fuzz/` (`make fuzz`), run here over a fixed-seed corpus: the six bases
/// and their mutants through `replace` (with the GET_ENTRIES round trip on every accepted
/// table), and every registration through `ext` with zero, random and wrongly sized payloads.
#[test]
fn fuzz_targets_fixed_seed() {
    use super::fuzz::{ext_target, mutate, replace_target, Rng};
    let bases = [
        encode_initial_table(Table::Filter).unwrap().to_vec(),
        encode_initial_table(Table::Nat).unwrap().to_vec(),
        chain_table(),
        match_table(),
        nat_ct_table(),
        raw_ct_table(),
    ];
    let mut rng = Rng::new(0x0f0f_2026_1203);
    let mut packets = vec![0u8; 84 * 8];
    let shuffle = |rng: &mut Rng, v: &mut Vec<u8>| {
        for b in v.iter_mut() {
            *b = rng.below(256) as u8;
        }
    };
    for (i, b) in bases.iter().enumerate() {
        shuffle(&mut rng, &mut packets);
        replace_target(b, &packets);
        // The fuzzer's seed corpus (`make fuzz`), when asked for.
        if let Some(dir) = std::env::var_os("OXT_FUZZ_CORPUS") {
            std::fs::write(
                std::path::Path::new(&dir).join(std::format!("engine_{i}")),
                b,
            )
            .unwrap();
        }
    }
    for _ in 0..5_000 {
        let mut b = bases[rng.below(bases.len())].clone();
        mutate(&mut b, &mut rng);
        shuffle(&mut rng, &mut packets);
        replace_target(&b, &packets);
    }
    let regs = super::ext::registrations().count();
    let mut data = Vec::new();
    for i in 0..regs {
        for round in 0..40usize {
            let len = 5 + rng.below(300);
            data.resize(len, 0);
            shuffle(&mut rng, &mut data);
            if round == 0 {
                data.iter_mut().for_each(|b| *b = 0);
            }
            data[..2].copy_from_slice(&(i as u16).to_le_bytes());
            ext_target(&data);
        }
    }
}

#[test]
fn traced_packets_log_every_matched_rule() {
    let rs = parse(&chain_table()).unwrap();
    let l4 = tcp_hdr(1, 2, 0, &[]);
    let mut env = FakeEnv {
        nf_trace: true,
        ..FakeEnv::default()
    };
    let (o, hits) = run_env(&rs, Hook::LocalIn, &pkt(&l4), &mut env);
    assert_eq!((o, hits), (Outcome::Accept, vec![0, 9, 15, 10, 2]));
    let t = |chain: &str, c, n| Action::Trace(b"filter".to_vec(), chain.as_bytes().to_vec(), c, n);
    // Numbers count from the last chain head before the rule, in blob order from the hook's
    // first rule; a chain's unconditional tail is its return (or the built-in chain's policy).
    assert_eq!(
        env.actions,
        [
            t("INPUT", TraceComment::Rule, 1),
            t("a", TraceComment::Rule, 3),
            t("c", TraceComment::Return, 1),
            t("a", TraceComment::Return, 4),
            t("INPUT", TraceComment::Rule, 3),
        ]
    );
    // An ICMP packet meets `a`'s DROP; a UDP one returns from `a` and ends at `b`'s RETURN,
    // then INPUT's policy.
    let mut env = FakeEnv {
        nf_trace: true,
        ..FakeEnv::default()
    };
    let udp = Packet {
        protocol: 17,
        ..pkt(&l4)
    };
    let (o, _) = run_env(&rs, Hook::LocalIn, &udp, &mut env);
    assert_eq!(o, Outcome::Drop);
    assert_eq!(
        env.actions,
        [
            t("INPUT", TraceComment::Rule, 1),
            t("a", TraceComment::Rule, 2),
            t("INPUT", TraceComment::Rule, 2),
            t("b", TraceComment::Return, 2),
            t("INPUT", TraceComment::Policy, 4),
        ]
    );
    // Untraced packets log nothing.
    let mut env = FakeEnv::default();
    run_env(&rs, Hook::LocalIn, &pkt(&l4), &mut env);
    assert!(env.actions.is_empty());
}

/// Host microbenchmark of the linear walk: ns per non-matching rule for rules that fail at the
/// source address (the `make bench` shape) and for rules that get as far as the protocol (both
/// interface names compared). `cargo test --release -p oxtables-engine walk_cost -- --ignored
/// --nocapture`.
#[test]
#[ignore]
fn walk_cost() {
    let n: usize = std::env::var("WALK_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let mut src_rules = Vec::new();
    let mut proto_rules = Vec::new();
    for i in 0..n {
        let ip = IptIp {
            src: [192, 0, 2, (i % 250) as u8],
            smsk: [255; 4],
            proto: 17,
            ..IptIp::default()
        };
        src_rules.push(R {
            ip,
            matches: &[],
            t: v(VERDICT_DROP),
        });
        let ip = IptIp {
            iniface: iface(b"eth"),
            iniface_mask: [0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            proto: 17,
            ..IptIp::default()
        };
        proto_rules.push(R {
            ip,
            matches: &[],
            t: v(VERDICT_DROP),
        });
    }
    let hdr = tcp_hdr(1, 2, 0x02, &[]);
    let p = pkt(&hdr);
    let only = std::env::var("WALK_SHAPE").ok();
    for (label, rules) in [("src", &src_rules), ("proto", &proto_rules)] {
        if only.as_deref().is_some_and(|o| o != label) {
            continue;
        }
        let rs = parse(&filter(rules, VERDICT_ACCEPT, &[])).unwrap();
        let reps: u32 = std::env::var("WALK_REPS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(200);
        let mut stack = rs.new_jump_stack().unwrap();
        let mut env = FakeEnv::default();
        let t = std::time::Instant::now();
        for _ in 0..reps {
            let o = evaluate(&rs, Hook::LocalIn, &p, &mut stack, &mut env, |_| {});
            assert_eq!(o, Outcome::Accept);
        }
        let ns = t.elapsed().as_nanos() as f64 / f64::from(reps) / n as f64;
        std::println!("walk_cost {label}: {ns:.2} ns per rule");
    }
}
