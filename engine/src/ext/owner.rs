// SPDX-License-Identifier: GPL-2.0

//! The `owner` match (`net/netfilter/xt_owner.c`, `struct xt_owner_match_info`), revision 1:
//! the socket a locally generated packet belongs to, and the fsuid, fsgid and supplementary
//! groups of the credentials of the socket's file.
//!
//! The kernel registers revision 1 only (`NFPROTO_IPV4` for IPv4), valid from OUTPUT and
//! POSTROUTING. `checkentry` maps the uid and gid ranges through the user namespace of the
//! table's network namespace (`make_kuid(net->user_ns, ...)`); since a namespace's id map is
//! written once and the check refuses unmapped ids, the kernel ids computed at load time are the
//! ones upstream's match function computes again for every packet.

use super::super::abi::{put, read_u32};
use super::super::env::{Env, SockOwner, INVALID_ID};
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::Hook;
use super::{hook_bit, CheckParam, ExtId, MatchDef, MatchResult, Reg};

/// `sizeof(struct xt_owner_match_info)`: four `__u32`, two `__u8`, padded to 20.
pub const XT_OWNER_MATCH_INFO_SIZE: usize = 20;

/// The `XT_OWNER_*` bits of `match` and `invert`.
pub mod flags {
    /// `XT_OWNER_UID`: `--uid-owner`.
    pub const UID: u8 = 1 << 0;
    /// `XT_OWNER_GID`: `--gid-owner`.
    pub const GID: u8 = 1 << 1;
    /// `XT_OWNER_SOCKET`: `--socket-exists`.
    pub const SOCKET: u8 = 1 << 2;
    /// `XT_OWNER_SUPPL_GROUPS`: `--suppl-groups`.
    pub const SUPPL_GROUPS: u8 = 1 << 3;
    /// `XT_OWNER_MASK`.
    pub const MASK: u8 = UID | GID | SOCKET | SUPPL_GROUPS;
}

/// `struct xt_owner_match_info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XtOwnerMatchInfo {
    /// Lowest uid matched (in the namespace's user namespace).
    pub uid_min: u32,
    /// Highest uid matched.
    pub uid_max: u32,
    /// Lowest gid matched.
    pub gid_min: u32,
    /// Highest gid matched.
    pub gid_max: u32,
    /// The tests asked for ([`flags`]).
    pub match_: u8,
    /// The tests inverted ([`flags`]).
    pub invert: u8,
}

impl XtOwnerMatchInfo {
    /// Decodes the first 20 bytes of `b` (the padding is not read).
    pub fn decode(b: &[u8]) -> Option<Self> {
        if b.len() < XT_OWNER_MATCH_INFO_SIZE {
            return None;
        }
        Some(Self {
            uid_min: read_u32(b, 0)?,
            uid_max: read_u32(b, 4)?,
            gid_min: read_u32(b, 8)?,
            gid_max: read_u32(b, 12)?,
            match_: *b.get(16)?,
            invert: *b.get(17)?,
        })
    }

    /// Encodes to the 20-byte wire form, padding zeroed.
    pub fn encode(&self) -> [u8; XT_OWNER_MATCH_INFO_SIZE] {
        let mut b = [0u8; XT_OWNER_MATCH_INFO_SIZE];
        put(&mut b, 0, &self.uid_min.to_ne_bytes());
        put(&mut b, 4, &self.uid_max.to_ne_bytes());
        put(&mut b, 8, &self.gid_min.to_ne_bytes());
        put(&mut b, 12, &self.gid_max.to_ne_bytes());
        put(&mut b, 16, &[self.match_, self.invert]);
        b
    }
}

/// `owner_mt_reg`, the IPv4 entry: OUTPUT and POSTROUTING only.
const REGS: &[Reg] = &[Reg {
    revision: 1,
    hooks: hook_bit(Hook::LocalOut) | hook_bit(Hook::PostRouting),
    ..Reg::match_(ExtId::Owner, b"owner", XT_OWNER_MATCH_INFO_SIZE)
}];

/// `owner_check`: bits outside `XT_OWNER_MASK` in `match` (`EINVAL`).
pub const UNKNOWN_FLAGS: Reject = Reject::Check("owner: unknown match flags");
/// `owner_check`: a uid or gid test written from another user namespace than the one owning
/// the network namespace (`EINVAL`).
pub const OTHER_USER_NS: Reject = Reject::Check("owner: writer in another user namespace");
/// `owner_check`: an unmapped uid, or `uid_max` below `uid_min` (`EINVAL`).
pub const BAD_UID: Reject = Reject::Check("owner: invalid uid range");
/// `owner_check`: an unmapped gid, or `gid_max` below `gid_min` (`EINVAL`).
pub const BAD_GID: Reject = Reject::Check("owner: invalid gid range");

/// A validated `owner` match: the payload, and its ranges as kernel ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    /// The payload as given.
    pub info: XtOwnerMatchInfo,
    /// `make_kuid(net->user_ns, uid_min)` and `uid_max` (meaningful with `XT_OWNER_UID`).
    pub kuid: (u32, u32),
    /// `make_kgid(net->user_ns, gid_min)` and `gid_max` (meaningful with `XT_OWNER_GID`).
    pub kgid: (u32, u32),
}

/// `owner_check`'s test of one range: both ends mapped, in order before and after mapping.
fn range_ok(min: u32, max: u32, kmin: u32, kmax: u32) -> bool {
    kmin != INVALID_ID && kmax != INVALID_ID && max >= min && kmax >= kmin
}

impl MatchDef for Owner {
    const REGS: &'static [Reg] = REGS;

    /// `owner_check`.
    fn check(_reg: &Reg, payload: &[u8], par: &CheckParam<'_>) -> Result<Self, Error> {
        let info =
            XtOwnerMatchInfo::decode(payload).ok_or(Error::Inval(Reject::MatchPayloadSize))?;
        if info.match_ & !flags::MASK != 0 {
            return Err(Error::Inval(UNKNOWN_FLAGS));
        }
        if info.match_ & (flags::UID | flags::GID) != 0 && !par.load.writer_in_net_user_ns() {
            return Err(Error::Inval(OTHER_USER_NS));
        }
        let mut kuid = (0, 0);
        if info.match_ & flags::UID != 0 {
            kuid = (
                par.load.make_kuid(info.uid_min),
                par.load.make_kuid(info.uid_max),
            );
            if !range_ok(info.uid_min, info.uid_max, kuid.0, kuid.1) {
                return Err(Error::Inval(BAD_UID));
            }
        }
        let mut kgid = (0, 0);
        if info.match_ & flags::GID != 0 {
            kgid = (
                par.load.make_kgid(info.gid_min),
                par.load.make_kgid(info.gid_max),
            );
            if !range_ok(info.gid_min, info.gid_max, kgid.0, kgid.1) {
                return Err(Error::Inval(BAD_GID));
            }
        }
        Ok(Owner { info, kuid, kgid })
    }

    /// `owner_mt`.
    fn run<E: Env>(&self, _pkt: &Packet<'_>, env: &mut E) -> MatchResult {
        let (m, inv) = (self.info.match_, self.info.invert);
        let suppl = (m & flags::GID != 0 && m & flags::SUPPL_GROUPS != 0).then_some(self.kgid);
        let sock = env.sock_owner(suppl);
        let (fsuid, fsgid, in_suppl) = match sock {
            SockOwner::None => return MatchResult::from_bool(m ^ inv == 0),
            // A socket, and the rule said `! --socket-exists` (single ampersands intended).
            _ if m & inv & flags::SOCKET != 0 => return MatchResult::No,
            SockOwner::NoFile => {
                return MatchResult::from_bool((m ^ inv) & (flags::UID | flags::GID) == 0)
            }
            SockOwner::File {
                fsuid,
                fsgid,
                suppl,
            } => (fsuid, fsgid, suppl),
        };
        if m & flags::UID != 0 {
            let inside = fsuid >= self.kuid.0 && fsuid <= self.kuid.1;
            if inside ^ (inv & flags::UID == 0) {
                return MatchResult::No;
            }
        }
        if m & flags::GID != 0 {
            let inside = (fsgid >= self.kgid.0 && fsgid <= self.kgid.1)
                || (m & flags::SUPPL_GROUPS != 0 && in_suppl);
            if inside ^ (inv & flags::GID == 0) {
                return MatchResult::No;
            }
        }
        MatchResult::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::env::LoadEnv;
    use super::super::testutil::*;
    use super::flags::*;
    use super::*;

    fn info(match_: u8, invert: u8) -> XtOwnerMatchInfo {
        XtOwnerMatchInfo {
            uid_min: 1000,
            uid_max: 1000,
            gid_min: 100,
            gid_max: 200,
            match_,
            invert,
        }
    }

    fn payload(i: &XtOwnerMatchInfo) -> [u8; 24] {
        let mut b = [0u8; 24];
        b[..20].copy_from_slice(&i.encode());
        b
    }

    fn out() -> CheckParam<'static> {
        par(b"filter", OUT, 0)
    }

    fn load(i: &XtOwnerMatchInfo) -> Match {
        load_match(b"owner", 1, &payload(i), &out()).unwrap().0
    }

    fn sock(s: SockOwner, groups: &[u32]) -> FakeEnv {
        FakeEnv {
            sock: s,
            groups: groups.to_vec(),
            ..FakeEnv::default()
        }
    }

    fn file(fsuid: u32, fsgid: u32) -> SockOwner {
        SockOwner::File {
            fsuid,
            fsgid,
            suppl: false,
        }
    }

    fn hit(i: &XtOwnerMatchInfo, env: &FakeEnv) -> bool {
        match_hits(&load(i), env, &icmp_packet())
    }

    /// A user namespace mapping uids and gids 0-999 to 100000-100999, the writer in it or not.
    struct Userns {
        writer_inside: bool,
    }

    impl LoadEnv for Userns {
        fn hz(&self) -> u32 {
            250
        }
        fn jiffies(&self) -> u64 {
            0
        }
        fn make_kuid(&self, uid: u32) -> u32 {
            if uid < 1000 {
                uid + 100_000
            } else {
                INVALID_ID
            }
        }
        fn make_kgid(&self, gid: u32) -> u32 {
            self.make_kuid(gid)
        }
        fn writer_in_net_user_ns(&self) -> bool {
            self.writer_inside
        }
    }

    #[test]
    fn layout() {
        let i = info(UID | GID, GID);
        let b = i.encode();
        assert_eq!(&b[..4], &1000u32.to_ne_bytes());
        assert_eq!(&b[8..12], &100u32.to_ne_bytes());
        assert_eq!(b[16..], [3, 2, 0, 0]);
        assert_eq!(XtOwnerMatchInfo::decode(&b), Some(i));
        assert_eq!(XtOwnerMatchInfo::decode(&b[..19]), None);
    }

    #[test]
    fn registration_and_hooks() {
        let p = payload(&info(UID, 0));
        for hooks in [OUT, POST, OUT | POST, 0] {
            for t in [&b"filter"[..], b"mangle", b"nat", b"raw"] {
                assert!(load_match(b"owner", 1, &p, &par(t, hooks, 0)).is_ok());
            }
        }
        for hooks in [PRE, IN, FWD, IN | OUT, FWD | POST] {
            assert_eq!(
                load_match(b"owner", 1, &p, &par(b"mangle", hooks, 0)),
                Err(Error::Inval(Reject::MatchHooks))
            );
        }
        // Revision 1 in the IPv4 list only: revision 0 (ipt_owner) is gone, ENOENT.
        for rev in [0, 2] {
            assert_eq!(
                load_match(b"owner", rev, &p, &out()),
                Err(Error::NoEnt(Reject::MatchRevision))
            );
        }
        assert_eq!(find_revision(ExtKind::Match, &name(b"owner"), 1), Ok(1));
        assert_eq!(
            find_revision(ExtKind::Match, &name(b"owner"), 0),
            Err(Error::ProtoNoSupport(Reject::Revision))
        );
        for len in [16, 20, 32] {
            assert_eq!(
                load_match(b"owner", 1, &vec![0; len], &out()),
                Err(Error::Inval(Reject::MatchPayloadSize))
            );
        }
        let (m, view) = load_match(b"owner", 1, &p, &out()).unwrap();
        assert_eq!(view.used, XT_OWNER_MATCH_INFO_SIZE);
        assert_eq!(
            m,
            Match::Owner(Owner {
                info: info(UID, 0),
                kuid: (1000, 1000),
                kgid: (0, 0),
            })
        );
    }

    #[test]
    fn checks() {
        let chk = |i: XtOwnerMatchInfo| load_match(b"owner", 1, &payload(&i), &out()).map(|_| ());
        for bad in [0x10, 0x80, 0xf0 | UID] {
            assert_eq!(chk(info(bad, 0)), Err(Error::Inval(UNKNOWN_FLAGS)));
        }
        // The invert byte is not checked, nor are the ranges of tests not asked for.
        assert_eq!(chk(info(SOCKET, 0xff)), Ok(()));
        assert_eq!(chk(info(0, 0)), Ok(()));
        let mut i = info(SOCKET, 0);
        i.uid_min = 5;
        i.uid_max = 1;
        i.gid_min = u32::MAX;
        assert_eq!(chk(i), Ok(()));
        // Ranges.
        let mut i = info(UID, 0);
        i.uid_min = 10;
        i.uid_max = 9;
        assert_eq!(chk(i), Err(Error::Inval(BAD_UID)));
        i.uid_max = 10;
        assert_eq!(chk(i), Ok(()));
        i.uid_max = u32::MAX;
        assert_eq!(chk(i), Err(Error::Inval(BAD_UID)));
        i.uid_max = u32::MAX - 1;
        assert_eq!(chk(i), Ok(()));
        i.uid_min = u32::MAX;
        assert_eq!(chk(i), Err(Error::Inval(BAD_UID)));
        let mut i = info(GID, 0);
        i.gid_min = 7;
        i.gid_max = 6;
        assert_eq!(chk(i), Err(Error::Inval(BAD_GID)));
        i.gid_max = u32::MAX;
        assert_eq!(chk(i), Err(Error::Inval(BAD_GID)));
        // The uid range is checked before the gid range.
        let mut i = info(UID | GID, 0);
        i.uid_max = 0;
        i.gid_max = 0;
        assert_eq!(chk(i), Err(Error::Inval(BAD_UID)));
        // --suppl-groups without --gid-owner passes the kernel (libxt_owner refuses it).
        assert_eq!(chk(info(SUPPL_GROUPS, 0)), Ok(()));
    }

    #[test]
    fn user_namespaces() {
        let chk = |i: XtOwnerMatchInfo, writer_inside: bool| {
            let load = Userns { writer_inside };
            let p = CheckParam {
                load: &load,
                ..out()
            };
            load_match(b"owner", 1, &payload(&i), &p).map(|m| m.0)
        };
        let mut i = info(UID | GID, 0);
        i.uid_min = 0;
        i.uid_max = 999;
        i.gid_min = 10;
        i.gid_max = 20;
        let m = chk(i, true).unwrap();
        assert_eq!(
            m,
            Match::Owner(Owner {
                info: i,
                kuid: (100_000, 100_999),
                kgid: (100_010, 100_020),
            })
        );
        // The match compares kernel ids.
        let p = icmp_packet();
        assert!(match_hits(&m, &sock(file(100_000, 100_015), &[]), &p));
        assert!(!match_hits(&m, &sock(file(0, 100_015), &[]), &p));
        assert!(!match_hits(&m, &sock(file(100_000, 15), &[]), &p));
        // A writer in another user namespace may not use uids or gids...
        assert_eq!(chk(i, false), Err(Error::Inval(OTHER_USER_NS)));
        assert_eq!(chk(info(GID, 0), false), Err(Error::Inval(OTHER_USER_NS)));
        // ... but may use --socket-exists (and bits that fail the mask check first).
        assert!(chk(info(SOCKET, SOCKET), false).is_ok());
        assert_eq!(
            chk(info(0x10 | UID, 0), false),
            Err(Error::Inval(UNKNOWN_FLAGS))
        );
        // Unmapped ids.
        i.uid_max = 1000;
        assert_eq!(chk(i, true), Err(Error::Inval(BAD_UID)));
        i.uid_max = 999;
        i.gid_max = 5000;
        assert_eq!(chk(i, true), Err(Error::Inval(BAD_GID)));
    }

    #[test]
    fn no_socket() {
        let none = sock(SockOwner::None, &[]);
        // (match ^ invert) == 0: only fully inverted rules match a packet without a socket.
        assert!(!hit(&info(SOCKET, 0), &none));
        assert!(hit(&info(SOCKET, SOCKET), &none));
        assert!(!hit(&info(UID, 0), &none));
        assert!(hit(&info(UID, UID), &none));
        assert!(!hit(&info(UID | GID, UID), &none));
        assert!(hit(&info(UID | GID | SOCKET, UID | GID | SOCKET), &none));
        assert!(hit(&info(0, 0), &none));
        // Invert bits of tests not asked for count too.
        assert!(!hit(&info(0, UID), &none));
    }

    #[test]
    fn socket_without_file() {
        let nofile = sock(SockOwner::NoFile, &[]);
        assert!(hit(&info(SOCKET, 0), &nofile));
        assert!(!hit(&info(SOCKET, SOCKET), &nofile));
        // `((match ^ invert) & (UID | GID)) == 0`.
        assert!(!hit(&info(UID, 0), &nofile));
        assert!(hit(&info(UID, UID), &nofile));
        assert!(!hit(&info(GID | SOCKET, 0), &nofile));
        assert!(hit(&info(GID | SOCKET, GID), &nofile));
        assert!(!hit(&info(GID | SOCKET, GID | SOCKET), &nofile));
        assert!(!hit(&info(0, UID), &nofile));
        assert!(hit(&info(0, SUPPL_GROUPS), &nofile));
    }

    #[test]
    fn credentials() {
        let f = |uid, gid| sock(file(uid, gid), &[]);
        // Any socket with a file.
        assert!(hit(&info(SOCKET, 0), &f(0, 0)));
        assert!(!hit(&info(SOCKET, SOCKET), &f(0, 0)));
        assert!(hit(&info(0, 0), &f(0, 0)));
        // --uid-owner 1000.
        assert!(hit(&info(UID, 0), &f(1000, 0)));
        assert!(!hit(&info(UID, 0), &f(1001, 0)));
        assert!(!hit(&info(UID, UID), &f(1000, 0)));
        assert!(hit(&info(UID, UID), &f(0, 0)));
        // A range.
        let mut i = info(UID, 0);
        i.uid_min = 0;
        i.uid_max = 10;
        assert!(hit(&i, &f(0, 0)));
        assert!(hit(&i, &f(10, 0)));
        assert!(!hit(&i, &f(11, 0)));
        // --gid-owner 100-200.
        assert!(hit(&info(GID, 0), &f(0, 100)));
        assert!(hit(&info(GID, 0), &f(0, 200)));
        assert!(!hit(&info(GID, 0), &f(0, 99)));
        assert!(hit(&info(GID, GID), &f(0, 99)));
        // Both must hold.
        assert!(hit(&info(UID | GID, 0), &f(1000, 150)));
        assert!(!hit(&info(UID | GID, 0), &f(1000, 50)));
        assert!(hit(&info(UID | GID, GID), &f(1000, 50)));
        // `! --socket-exists` with a socket is false before any other test.
        assert!(!hit(&info(UID | SOCKET, SOCKET), &f(1000, 0)));
        // An invert bit without its test means nothing once there is a file.
        assert!(hit(&info(SOCKET, UID | GID), &f(5, 5)));
    }

    #[test]
    fn supplementary_groups() {
        let env = |gid, groups: &[u32]| sock(file(0, gid), groups);
        // Without --suppl-groups, the supplementary groups are not asked for.
        assert!(!hit(&info(GID, 0), &env(0, &[150])));
        let i = info(GID | SUPPL_GROUPS, 0);
        assert!(hit(&i, &env(0, &[150])));
        assert!(hit(&i, &env(0, &[1, 2, 200])));
        assert!(!hit(&i, &env(0, &[1, 99, 201])));
        assert!(!hit(&i, &env(0, &[])));
        // The fsgid still counts.
        assert!(hit(&i, &env(100, &[])));
        // Inverted: in no group of the range.
        let i = info(GID | SUPPL_GROUPS, GID);
        assert!(!hit(&i, &env(0, &[150])));
        assert!(hit(&i, &env(0, &[300])));
        // --suppl-groups without --gid-owner does nothing (the kernel takes it).
        assert!(hit(&info(SUPPL_GROUPS, 0), &env(0, &[])));
        // The range asked for is the one in kernel ids.
        let m = load(&info(GID | SUPPL_GROUPS, 0));
        let mut e = env(0, &[150]);
        assert_eq!(m.run(&icmp_packet(), &mut e), MatchResult::Yes);
        assert_eq!(e.sock_asked.get(), Some(Some((100, 200))));
        let m = load(&info(GID, 0));
        let mut e = env(0, &[150]);
        assert_eq!(m.run(&icmp_packet(), &mut e), MatchResult::No);
        assert_eq!(e.sock_asked.get(), Some(None));
    }

    /// An owner rule in OUTPUT of a whole table, reached through a user chain.
    #[test]
    fn in_a_table() {
        let m = one(ext(b"owner", 1, &payload(&info(UID, 0))));
        let rules = [r(T::Jump("o"))];
        let chain = [R {
            matches: m,
            ..r(v(VERDICT_DROP))
        }];
        let buf = build(
            Table::Filter,
            &[
                (Hook::LocalIn, &[], VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &rules, VERDICT_ACCEPT),
            ],
            &[("o", &chain)],
        );
        let rs = parse(&buf).unwrap();
        let p = icmp_packet();
        let mut e = sock(file(1000, 0), &[]);
        assert_eq!(run_env(&rs, Hook::LocalOut, &p, &mut e).0, Outcome::Drop);
        let mut e = sock(file(0, 0), &[]);
        assert_eq!(run_env(&rs, Hook::LocalOut, &p, &mut e).0, Outcome::Accept);
        // The same chain also reached from INPUT: refused.
        let buf = build(
            Table::Filter,
            &[
                (Hook::LocalIn, &rules, VERDICT_ACCEPT),
                (Hook::Forward, &[], VERDICT_ACCEPT),
                (Hook::LocalOut, &rules, VERDICT_ACCEPT),
            ],
            &[("o", &chain)],
        );
        assert_eq!(parse(&buf).err(), Some(Error::Inval(Reject::MatchHooks)));
    }
}
