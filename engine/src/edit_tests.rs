// SPDX-License-Identifier: GPL-2.0

//! Host tests of `OXT_SO_SET_EDIT` ([`super::edit`]): every edit gives exactly the table a
//! replace of the edited blob gives (the blob is the oracle, built independently from a model of
//! the chains), old rules map to where they went, and every malformed request has its errno.

use super::edit::*;
use super::tables::Counter;
use super::testutil::*;

const NAMES: [&str; 4] = ["c0", "c1", "c2", "c3"];

/// A rule of the model: a unique source address and a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MT {
    Verdict(i32),
    Jump(usize),
    Goto(usize),
    /// An extension target (`MARK`-free: `CLASSIFY` has a fixed payload and no hook limits
    /// that matter here).
    Ext,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct MRule {
    id: u32,
    t: MT,
}

/// A filter table: INPUT, FORWARD, OUTPUT, then user chains `NAMES[..user.len()]`.
#[derive(Clone, Debug)]
struct Model {
    builtin: [Vec<MRule>; 3],
    user: Vec<Vec<MRule>>,
}

const HOOKS: [Hook; 3] = [Hook::LocalIn, Hook::Forward, Hook::LocalOut];
const CLASSIFY: [u8; 4] = [1, 0, 1, 0];

fn ip_of(id: u32) -> IptIp {
    IptIp {
        src: id.to_be_bytes(),
        smsk: [255; 4],
        ..IptIp::default()
    }
}

fn classify() -> ExtSpec<'static> {
    ExtSpec {
        name: b"CLASSIFY",
        revision: 0,
        payload: &CLASSIFY,
    }
}

fn to_r(m: &MRule) -> R<'static> {
    let t = match m.t {
        MT::Verdict(x) => v(x),
        MT::Jump(c) => T::Jump(NAMES[c]),
        MT::Goto(c) => T::Goto(NAMES[c]),
        MT::Ext => T::Raw(TargetSpec::Ext(classify())),
    };
    R {
        ip: ip_of(m.id),
        matches: &[],
        t,
    }
}

impl Model {
    fn blob(&self) -> Vec<u8> {
        let b: Vec<Vec<R<'static>>> = self
            .builtin
            .iter()
            .map(|c| c.iter().map(to_r).collect())
            .collect();
        let u: Vec<Vec<R<'static>>> = self
            .user
            .iter()
            .map(|c| c.iter().map(to_r).collect())
            .collect();
        let builtin: Vec<(Hook, &[R<'_>], i32)> = HOOKS
            .iter()
            .zip(&b)
            .map(|(h, rules)| (*h, rules.as_slice(), VERDICT_ACCEPT))
            .collect();
        let user: Vec<(&str, &[R<'_>])> = u
            .iter()
            .enumerate()
            .map(|(i, rules)| (NAMES[i], rules.as_slice()))
            .collect();
        build(Table::Filter, &builtin, &user)
    }

    fn chain(&mut self, c: usize) -> &mut Vec<MRule> {
        if c < 3 {
            &mut self.builtin[c]
        } else {
            &mut self.user[c - 3]
        }
    }

    fn chain_name(c: usize) -> &'static str {
        match c {
            0 => "INPUT",
            1 => "FORWARD",
            2 => "OUTPUT",
            n => NAMES[n - 3],
        }
    }

    /// The rule ids in blob order (`None` for policies, heads, RETURNs, the last ERROR).
    fn ids(&self) -> Vec<Option<u32>> {
        let mut out = Vec::new();
        for c in &self.builtin {
            out.extend(c.iter().map(|r| Some(r.id)));
            out.push(None);
        }
        for c in &self.user {
            out.push(None);
            out.extend(c.iter().map(|r| Some(r.id)));
            out.push(None);
        }
        out.push(None);
        out
    }
}

/// The request's entry for `m`: a jump or goto names its chain with `OXT_CHAIN`.
fn entry(m: &MRule, counter: Counter) -> Vec<u8> {
    let mut name = [0u8; 32];
    let mut ip = ip_of(m.id);
    let target = match m.t {
        MT::Verdict(x) => TargetSpec::Verdict(x),
        MT::Ext => TargetSpec::Ext(classify()),
        MT::Jump(c) | MT::Goto(c) => {
            if matches!(m.t, MT::Goto(_)) {
                ip.flags |= IPT_F_GOTO;
            }
            name[..NAMES[c].len()].copy_from_slice(NAMES[c].as_bytes());
            TargetSpec::Ext(ExtSpec {
                name: CHAIN_TARGET,
                revision: 0,
                payload: &name,
            })
        }
    };
    raw_entry(ip, target, counter)
}

fn raw_entry(ip: IptIp, target: TargetSpec<'_>, counter: Counter) -> Vec<u8> {
    let mut out = super::vec::OVec::new();
    encode_entries(
        &mut out,
        &[EntrySpec {
            ip,
            matches: &[],
            target,
        }],
    )
    .unwrap();
    let mut e = out.to_vec();
    e[ipt_entry::PCNT..ipt_entry::PCNT + 8].copy_from_slice(&counter.packets.to_ne_bytes());
    e[ipt_entry::BCNT..ipt_entry::BCNT + 8].copy_from_slice(&counter.bytes.to_ne_bytes());
    e
}

fn request(chain: &str, op: u32, rulenum: u32, num_entries: u32, rule: &[u8]) -> Vec<u8> {
    let h = EditHeader {
        table: abi::c_name(b"filter").unwrap(),
        chain: abi::c_name(chain.as_bytes()).unwrap(),
        op,
        rulenum,
        num_entries,
        size: rule.len() as u32,
    };
    let mut b = h.encode().to_vec();
    b.extend_from_slice(rule);
    b
}

fn edit(live: &Ruleset, req: &[u8]) -> Result<super::edit::ParsedEdit, Error> {
    parse_edit(Table::Filter, live, req, &HostLoad)
}

/// Applies `req` to `before` and checks the result against a replace of `after`'s blob.
fn check_edit(before: &Model, req: &[u8], after: &Model) -> Splice {
    let live = parse(&before.blob()).unwrap();
    let got = edit(&live, req);
    let want = parse(&after.blob());
    let got = match (got, want) {
        (Ok(g), Ok(w)) => {
            assert_eq!(g.ruleset.blob(), w.blob(), "blob");
            assert_eq!(
                g.ruleset.get_info(Table::Filter),
                w.get_info(Table::Filter),
                "info"
            );
            let gt: Vec<_> = g.ruleset.rules().iter().map(|r| &r.target).collect();
            let wt: Vec<_> = w.rules().iter().map(|r| &r.target).collect();
            assert_eq!(gt, wt);
            g
        }
        (Err(g), Err(w)) => {
            assert_eq!(g.errno(), w.errno());
            assert_eq!(g, w);
            return Splice {
                at: 0,
                removed: 0,
                inserted: 0,
                counter: Counter::default(),
            };
        }
        (g, w) => panic!("edit {:?} vs replace {:?}", g.map(|_| ()), w.map(|_| ())),
    };
    // Every old rule goes to the new rule with its id.
    let (old, new) = (before.ids(), after.ids());
    for (i, id) in old.iter().enumerate() {
        match got.splice.new_index(i as u32) {
            Some(j) => assert_eq!(new[j as usize], *id, "rule {i} -> {j}"),
            None => assert!(id.is_some() && !new.contains(id), "rule {i} removed"),
        }
    }
    if let Some(j) = got.splice.inserted_index() {
        assert!(new[j as usize].is_some() && !old.contains(&new[j as usize]));
    }
    got.splice
}

fn base() -> Model {
    let m = |id, t| MRule { id, t };
    Model {
        builtin: [
            vec![
                m(1, MT::Jump(0)),
                m(2, MT::Verdict(VERDICT_DROP)),
                m(3, MT::Goto(1)),
            ],
            vec![],
            vec![m(4, MT::Ext)],
        ],
        user: vec![
            vec![m(5, MT::Verdict(XT_RETURN)), m(6, MT::Jump(2))],
            vec![m(7, MT::Verdict(VERDICT_ACCEPT))],
            vec![],
        ],
    }
}

const NEW: MRule = MRule {
    id: 1_000_000,
    t: MT::Verdict(VERDICT_ACCEPT),
};

#[test]
fn append_insert_delete_replace_match_a_replace() {
    let b = base();
    let any = ANY_ENTRIES;
    let none = Counter::default();
    for c in 0..6 {
        let name = Model::chain_name(c);
        let len = b.clone().chain(c).len();
        // Append.
        let mut a = b.clone();
        a.chain(c).push(NEW);
        check_edit(
            &b,
            &request(name, OP_APPEND, 0, any, &entry(&NEW, none)),
            &a,
        );
        // Insert at every position, one past the end included.
        for n in 1..=len + 1 {
            let mut a = b.clone();
            a.chain(c).insert(n - 1, NEW);
            let s = check_edit(
                &b,
                &request(name, OP_INSERT, n as u32, any, &entry(&NEW, none)),
                &a,
            );
            assert_eq!((s.removed, s.inserted), (0, 1));
        }
        for n in 1..=len {
            let mut a = b.clone();
            a.chain(c).remove(n - 1);
            let s = check_edit(&b, &request(name, OP_DELETE, n as u32, any, &[]), &a);
            assert_eq!((s.removed, s.inserted), (1, 0));
            let mut a = b.clone();
            a.chain(c)[n - 1] = NEW;
            check_edit(
                &b,
                &request(name, OP_REPLACE, n as u32, any, &entry(&NEW, none)),
                &a,
            );
        }
    }
}

#[test]
fn jumps_and_gotos_by_chain_name() {
    let b = base();
    for t in [MT::Jump(0), MT::Goto(1), MT::Jump(2), MT::Goto(2)] {
        for c in 0..6 {
            let rule = MRule { id: 100, t };
            let mut a = b.clone();
            a.chain(c).push(rule);
            let req = request(
                Model::chain_name(c),
                OP_APPEND,
                0,
                ANY_ENTRIES,
                &entry(&rule, Counter::default()),
            );
            // Loops (c0 -> c2 -> c0 ...) are refused with ELOOP, as a replace refuses them.
            check_edit(&b, &req, &a);
            let mut a = b.clone();
            a.chain(c).insert(0, rule);
            let req = request(
                Model::chain_name(c),
                OP_INSERT,
                1,
                ANY_ENTRIES,
                &entry(&rule, Counter::default()),
            );
            check_edit(&b, &req, &a);
        }
    }
    // A jump into a chain that jumps back loops.
    let live = parse(&b.blob()).unwrap();
    let back = MRule {
        id: 100,
        t: MT::Jump(0),
    };
    let req = request(
        "c2",
        OP_APPEND,
        0,
        ANY_ENTRIES,
        &entry(&back, Counter::default()),
    );
    let err = edit(&live, &req).unwrap_err();
    assert_eq!(err.errno(), 40);
}

#[test]
fn a_rule_without_target_falls_through() {
    // `OXT_CHAIN` with an empty name: the standard target jumping to the next entry, which is
    // what libiptc writes for a rule without `-j`.
    let b = base();
    let live = parse(&b.blob()).unwrap();
    let name = [0u8; 32];
    let rule = raw_entry(
        ip_of(100),
        TargetSpec::Ext(ExtSpec {
            name: CHAIN_TARGET,
            revision: 0,
            payload: &name,
        }),
        Counter::default(),
    );
    let got = edit(&live, &request("INPUT", OP_INSERT, 2, ANY_ENTRIES, &rule)).unwrap();
    // The oracle: INPUT = 1, new (jump to index 2), 2, 3, policy.
    let mut a = b.clone();
    a.builtin[0].insert(
        1,
        MRule {
            id: 100,
            t: MT::Ext,
        },
    );
    let mut want = a.blob();
    let off2 = entry_at(&want, 2) - IPT_REPLACE_SIZE;
    // Rewrite entry 1 of the oracle: a standard target with verdict `off2`.
    let e1 = entry_at(&want, 1);
    let std = raw_entry(
        ip_of(100),
        TargetSpec::Verdict(off2 as i32),
        Counter::default(),
    );
    let old_len = read_u16(&want, e1 + ipt_entry::NEXT_OFFSET).unwrap() as usize;
    want.splice(e1..e1 + old_len, std.iter().copied());
    // Shift what CLASSIFY's size difference moved (CLASSIFY 40 bytes, standard 40 bytes: none).
    assert_eq!(old_len, std.len());
    let w = parse(&want).unwrap();
    assert_eq!(got.ruleset.blob(), w.blob());
    assert_eq!(got.ruleset.rules()[1].target, Target::Goto(2));
}

#[test]
fn counters_of_the_new_rule_come_with_it() {
    let b = base();
    let c = Counter {
        packets: 7,
        bytes: 700,
    };
    let mut a = b.clone();
    a.builtin[1].push(NEW);
    let s = check_edit(
        &b,
        &request("FORWARD", OP_APPEND, 0, ANY_ENTRIES, &entry(&NEW, c)),
        &a,
    );
    assert_eq!(s.counter, c);
    // INPUT's 3 rules and policy, then FORWARD's policy moves by one.
    assert_eq!(s.inserted_index(), Some(4));
    assert_eq!(s.new_index(3), Some(3));
    assert_eq!(s.new_index(4), Some(5));
    // Counters carry over for rules and policies, not for chain heads, their RETURNs and the
    // last ERROR entry (libiptc's counter map leaves them out).
    let live = parse(&b.blob()).unwrap();
    let carried: Vec<(u32, u32)> = s.carried(&live).collect();
    // 0-2 INPUT, 3 policy, 4 FORWARD policy, 5 OUTPUT rule, 6 policy, 7 c0 head, 8-9 rules,
    // 10 RETURN, 11 c1 head, 12 rule, 13 RETURN, 14 c2 head, 15 RETURN, 16 ERROR.
    let want: Vec<(u32, u32)> = [0, 1, 2, 3, 4, 5, 6, 8, 9, 12]
        .iter()
        .map(|&i| (i, if i < 4 { i } else { i + 1 }))
        .collect();
    assert_eq!(carried, want);
}

#[test]
fn random_edits_match_a_replace() {
    let mut rng = XorShift(0x5eed_0ed1);
    let mut next_id = 1000;
    for _round in 0..300 {
        let mut m = Model {
            builtin: [vec![], vec![], vec![]],
            user: vec![vec![]; rng.below(4)],
        };
        let nuser = m.user.len();
        let target = |rng: &mut XorShift| match rng.below(if nuser > 0 { 6 } else { 3 }) {
            0 => MT::Verdict(VERDICT_ACCEPT),
            1 => MT::Verdict(XT_RETURN),
            2 => MT::Ext,
            3 | 4 => MT::Jump(rng.below(nuser)),
            _ => MT::Goto(rng.below(nuser)),
        };
        for c in 0..3 + nuser {
            for _ in 0..rng.below(4) {
                next_id += 1;
                let t = target(&mut rng);
                m.chain(c).push(MRule { id: next_id, t });
            }
        }
        // Only tables a replace takes are live.
        if parse(&m.blob()).is_err() {
            continue;
        }
        let c = rng.below(3 + nuser);
        let name = Model::chain_name(c);
        let len = m.chain(c).len();
        next_id += 1;
        let rule = MRule {
            id: next_id,
            t: target(&mut rng),
        };
        let e = entry(&rule, Counter::default());
        let mut a = m.clone();
        let req = match rng.below(4) {
            0 => {
                a.chain(c).push(rule);
                request(name, OP_APPEND, 0, ANY_ENTRIES, &e)
            }
            1 => {
                let n = rng.below(len + 1);
                a.chain(c).insert(n, rule);
                request(name, OP_INSERT, n as u32 + 1, ANY_ENTRIES, &e)
            }
            2 if len > 0 => {
                let n = rng.below(len);
                a.chain(c).remove(n);
                request(name, OP_DELETE, n as u32 + 1, ANY_ENTRIES, &[])
            }
            _ if len > 0 => {
                let n = rng.below(len);
                a.chain(c)[n] = rule;
                request(name, OP_REPLACE, n as u32 + 1, ANY_ENTRIES, &e)
            }
            _ => continue,
        };
        check_edit(&m, &req, &a);
    }
}

fn errno_of(live: &Ruleset, req: &[u8]) -> i32 {
    edit(live, req).unwrap_err().errno()
}

#[test]
fn malformed_requests_have_their_errno() {
    let b = base();
    let live = parse(&b.blob()).unwrap();
    let n = live.num_entries();
    let e = entry(&NEW, Counter::default());
    let ok = request("INPUT", OP_APPEND, 0, n, &e);
    assert!(edit(&live, &ok).is_ok());
    // Header: too short, length not header + size.
    assert_eq!(errno_of(&live, &ok[..HEADER_SIZE - 1]), 22);
    assert_eq!(errno_of(&live, &ok[..ok.len() - 8]), 22);
    let mut long = ok.clone();
    long.extend_from_slice(&[0; 8]);
    assert_eq!(errno_of(&live, &long), 22);
    // Stale: the caller read another table.
    assert_eq!(
        errno_of(&live, &request("INPUT", OP_APPEND, 0, n + 1, &e)),
        11
    );
    assert_eq!(
        edit(&live, &request("INPUT", OP_APPEND, 0, n - 1, &e)).unwrap_err(),
        Error::Again(Reject::EditStale)
    );
    // Operations.
    for (op, num) in [
        (0, 0),
        (5, 1),
        (OP_APPEND, 1),
        (OP_INSERT, 0),
        (OP_DELETE, 0),
    ] {
        let body: &[u8] = if op == OP_DELETE { &[] } else { &e };
        assert_eq!(
            edit(&live, &request("INPUT", op, num, n, body)).unwrap_err(),
            Error::Inval(Reject::EditOp),
            "op {op} rulenum {num}"
        );
    }
    // Chains: unknown (a built-in chain of another table too), numbers past the end.
    for chain in ["nope", "PREROUTING", ""] {
        assert_eq!(
            edit(&live, &request(chain, OP_APPEND, 0, n, &e)).unwrap_err(),
            Error::NoEnt(Reject::EditChain)
        );
    }
    for (chain, len) in [("INPUT", 3), ("FORWARD", 0), ("c0", 2), ("c2", 0)] {
        let too_big = Error::TooBig(Reject::EditRuleNum);
        assert_eq!(
            edit(&live, &request(chain, OP_INSERT, len + 2, n, &e)).unwrap_err(),
            too_big
        );
        assert_eq!(
            edit(&live, &request(chain, OP_DELETE, len + 1, n, &[])).unwrap_err(),
            too_big
        );
        assert_eq!(
            edit(&live, &request(chain, OP_REPLACE, len + 1, n, &e)).unwrap_err(),
            too_big
        );
        assert_eq!(
            errno_of(&live, &request(chain, OP_DELETE, u32::MAX, n, &[])),
            7
        );
    }
    // A delete carries no rule.
    assert_eq!(
        edit(&live, &request("INPUT", OP_DELETE, 1, n, &e)).unwrap_err(),
        Error::Inval(Reject::EditEntry)
    );
    // The rule: too short, misaligned, next_offset or target_offset off, target not last.
    let bad = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut x = e.clone();
        f(&mut x);
        edit(&live, &request("INPUT", OP_APPEND, 0, n, &x)).unwrap_err()
    };
    let inval_entry = Error::Inval(Reject::EditEntry);
    assert_eq!(bad(&|x| x.truncate(ipt_entry::SIZE)), inval_entry);
    assert_eq!(bad(&|x| x.extend_from_slice(&[0; 4])), inval_entry);
    assert_eq!(bad(&|x| x.extend_from_slice(&[0; 8])), inval_entry);
    assert_eq!(
        bad(&|x| x[ipt_entry::NEXT_OFFSET..][..2].copy_from_slice(&160u16.to_ne_bytes())),
        inval_entry
    );
    for to in [0u16, 104, 120, 152, 0xffff] {
        assert_eq!(
            bad(&|x| x[ipt_entry::TARGET_OFFSET..][..2].copy_from_slice(&to.to_ne_bytes())),
            inval_entry,
            "target_offset {to}"
        );
    }
    assert_eq!(
        bad(&|x| x[112..114].copy_from_slice(&32u16.to_ne_bytes())),
        inval_entry
    );
    // A standard target with an offset.
    let off = raw_entry(ip_of(100), TargetSpec::Verdict(0), Counter::default());
    assert_eq!(
        edit(&live, &request("INPUT", OP_APPEND, 0, n, &off)).unwrap_err(),
        Error::Inval(Reject::EditOffsetVerdict)
    );
    // OXT_CHAIN: unknown chain, a built-in chain, wrong size or revision.
    let chain_to = |name: &[u8], rev: u8, pad: usize| {
        let mut p = vec![0u8; 32 + pad];
        p[..name.len()].copy_from_slice(name);
        raw_entry(
            ip_of(100),
            TargetSpec::Ext(ExtSpec {
                name: CHAIN_TARGET,
                revision: rev,
                payload: &p,
            }),
            Counter::default(),
        )
    };
    for name in [&b"nope"[..], b"INPUT", b"ERROR"] {
        assert_eq!(
            edit(
                &live,
                &request("INPUT", OP_APPEND, 0, n, &chain_to(name, 0, 0))
            )
            .unwrap_err(),
            Error::NoEnt(Reject::EditJumpChain)
        );
    }
    assert_eq!(
        edit(
            &live,
            &request("INPUT", OP_APPEND, 0, n, &chain_to(b"c0", 1, 0))
        )
        .unwrap_err(),
        inval_entry
    );
    assert_eq!(
        edit(
            &live,
            &request("INPUT", OP_APPEND, 0, n, &chain_to(b"c0", 0, 8))
        )
        .unwrap_err(),
        inval_entry
    );
    // The replace's own checks, with the replace's errnos: an unknown target, a bad verdict,
    // a bad match.
    let unknown = raw_entry(
        ip_of(100),
        TargetSpec::Ext(ExtSpec {
            name: b"NOPE",
            revision: 0,
            payload: &[0; 8],
        }),
        Counter::default(),
    );
    assert_eq!(
        errno_of(&live, &request("INPUT", OP_APPEND, 0, n, &unknown)),
        2
    );
    let verdict = raw_entry(ip_of(100), TargetSpec::Verdict(-7), Counter::default());
    assert_eq!(
        edit(&live, &request("INPUT", OP_APPEND, 0, n, &verdict)).unwrap_err(),
        Error::Inval(Reject::BadVerdict)
    );
    let mut flags = ip_of(100);
    flags.flags = 0x80;
    let flags = raw_entry(flags, TargetSpec::Verdict(-1), Counter::default());
    assert_eq!(
        edit(&live, &request("INPUT", OP_APPEND, 0, n, &flags)).unwrap_err(),
        Error::Inval(Reject::UnknownFlags)
    );
}

#[test]
fn mutated_requests_never_panic() {
    let b = base();
    let live = parse(&b.blob()).unwrap();
    let e = entry(
        &MRule {
            id: 9,
            t: MT::Jump(1),
        },
        Counter::default(),
    );
    let req = request("c0", OP_INSERT, 2, ANY_ENTRIES, &e);
    let mut rng = XorShift(77);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let mut x = req.clone();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(x.len());
            x[i] = rng.next() as u8;
        }
        if rng.below(8) == 0 {
            x.truncate(rng.below(x.len() + 1));
        }
        if let Ok(p) = edit(&live, &x) {
            accepted += 1;
            // Whatever went in is a table a replace takes.
            let mut again = p.ruleset.blob().to_vec();
            let info = p.ruleset.get_info(Table::Filter);
            let mut h = ReplaceHeader::decode(&filter(&[], VERDICT_ACCEPT, &[])).unwrap();
            h.num_entries = info.num_entries;
            h.size = info.size;
            h.hook_entry = info.hook_entry;
            h.underflow = info.underflow;
            let mut buf = h.encode().to_vec();
            buf.append(&mut again);
            assert_eq!(parse(&buf).unwrap().blob(), p.ruleset.blob());
        }
    }
    assert!(accepted > 0);
}

#[test]
fn edits_of_big_tables() {
    // 2,000 INPUT rules: append, insert in the middle, delete, and the jumps into a user chain
    // after them keep their targets.
    let mut m = Model {
        builtin: [vec![], vec![], vec![]],
        user: vec![vec![MRule {
            id: 1,
            t: MT::Verdict(VERDICT_ACCEPT),
        }]],
    };
    for i in 0..2000 {
        let t = if i % 100 == 0 {
            MT::Jump(0)
        } else {
            MT::Verdict(VERDICT_DROP)
        };
        m.builtin[0].push(MRule { id: 10 + i, t });
    }
    let mut a = m.clone();
    a.builtin[0].insert(1000, NEW);
    check_edit(
        &m,
        &request(
            "INPUT",
            OP_INSERT,
            1001,
            ANY_ENTRIES,
            &entry(&NEW, Counter::default()),
        ),
        &a,
    );
    let mut a = m.clone();
    a.builtin[0].remove(0);
    check_edit(&m, &request("INPUT", OP_DELETE, 1, ANY_ENTRIES, &[]), &a);
}
