// SPDX-License-Identifier: GPL-2.0

//! The `SNAT` and `DNAT` targets (`net/netfilter/xt_nat.c`), revisions 0 to 2, and the NAT
//! range layouts they (and `MASQUERADE`/`REDIRECT`) carry.

use super::super::abi::{put, read_array, read_u32};
use super::super::env::Env;
use super::super::error::{Error, Reject};
use super::super::eval::Packet;
use super::super::tables::{Hook, Verdict};
use super::{hook_bit, CheckParam, ExtId, Family, Needs, Reg, TargetDef, TargetVerdict};

/// `NF_NAT_RANGE_*` flags (`enum nf_nat_range_flags`).
pub mod nat_flags {
    /// `NF_NAT_RANGE_MAP_IPS`: the range has addresses.
    pub const MAP_IPS: u32 = 1 << 0;
    /// `NF_NAT_RANGE_PROTO_SPECIFIED`: the range has ports.
    pub const PROTO_SPECIFIED: u32 = 1 << 1;
    /// `NF_NAT_RANGE_PROTO_RANDOM` (`--random`).
    pub const PROTO_RANDOM: u32 = 1 << 2;
    /// `NF_NAT_RANGE_PERSISTENT` (`--persistent`).
    pub const PERSISTENT: u32 = 1 << 3;
    /// `NF_NAT_RANGE_PROTO_RANDOM_FULLY` (`--random-fully`).
    pub const PROTO_RANDOM_FULLY: u32 = 1 << 4;
    /// `NF_NAT_RANGE_PROTO_OFFSET` (rev 2: `base_proto` is meaningful).
    pub const PROTO_OFFSET: u32 = 1 << 5;
    /// `NF_NAT_RANGE_NETMAP`.
    pub const NETMAP: u32 = 1 << 6;
    /// `NF_NAT_RANGE_MASK`: every flag the kernel knows.
    pub const MASK: u32 = 0x7f;
}

/// `sizeof(struct nf_nat_ipv4_multi_range_compat)` (SNAT/DNAT rev 0, MASQUERADE, REDIRECT).
pub const NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE: usize = 20;
/// `sizeof(struct nf_nat_range)` (SNAT/DNAT rev 1).
pub const NF_NAT_RANGE_SIZE: usize = 40;
/// `sizeof(struct nf_nat_range2)` (SNAT/DNAT rev 2).
pub const NF_NAT_RANGE2_SIZE: usize = 44;

/// An IPv4 NAT range as `struct nf_nat_range2` carries it; every payload revision decodes to it
/// (the kernel's `xt_nat_convert_range`). Addresses are the big-endian bytes of the `.ip` member;
/// ports (`union nf_conntrack_man_proto`) are in host order here and big-endian on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NatRange {
    /// `NF_NAT_RANGE_*` bits ([`nat_flags`]).
    pub flags: u32,
    /// Lowest address of the range.
    pub min_ip: [u8; 4],
    /// Highest address of the range.
    pub max_ip: [u8; 4],
    /// Lowest port (or ICMP id).
    pub min_proto: u16,
    /// Highest port.
    pub max_proto: u16,
    /// Rev 2 only: the port the offset mapping starts from (0 in older revisions).
    pub base_proto: u16,
}

impl NatRange {
    /// Decodes `struct nf_nat_ipv4_multi_range_compat`: `(rangesize, range[0])`.
    pub fn decode_compat(b: &[u8]) -> Option<(u32, Self)> {
        let rangesize = read_u32(b, 0)?;
        Some((
            rangesize,
            Self {
                flags: read_u32(b, 4)?,
                min_ip: read_array(b, 8)?,
                max_ip: read_array(b, 12)?,
                min_proto: u16::from_be_bytes(read_array(b, 16)?),
                max_proto: u16::from_be_bytes(read_array(b, 18)?),
                base_proto: 0,
            },
        ))
    }

    /// Encodes as `struct nf_nat_ipv4_multi_range_compat` with `rangesize` 1.
    pub fn encode_compat(&self) -> [u8; NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE] {
        let mut b = [0u8; NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE];
        put(&mut b, 0, &1u32.to_ne_bytes());
        put(&mut b, 4, &self.flags.to_ne_bytes());
        put(&mut b, 8, &self.min_ip);
        put(&mut b, 12, &self.max_ip);
        put(&mut b, 16, &self.min_proto.to_be_bytes());
        put(&mut b, 18, &self.max_proto.to_be_bytes());
        b
    }

    /// Decodes `struct nf_nat_range` (rev 1) or, with `rev2`, `struct nf_nat_range2`.
    pub fn decode_range(b: &[u8], rev2: bool) -> Option<Self> {
        Some(Self {
            flags: read_u32(b, 0)?,
            min_ip: read_array(b, 4)?,
            max_ip: read_array(b, 20)?,
            min_proto: u16::from_be_bytes(read_array(b, 36)?),
            max_proto: u16::from_be_bytes(read_array(b, 38)?),
            base_proto: if rev2 {
                u16::from_be_bytes(read_array(b, 40)?)
            } else {
                0
            },
        })
    }

    /// Encodes as `struct nf_nat_range2` (the first [`NF_NAT_RANGE_SIZE`] bytes are rev 1's
    /// `struct nf_nat_range`).
    pub fn encode_range2(&self) -> [u8; NF_NAT_RANGE2_SIZE] {
        let mut b = [0u8; NF_NAT_RANGE2_SIZE];
        put(&mut b, 0, &self.flags.to_ne_bytes());
        put(&mut b, 4, &self.min_ip);
        put(&mut b, 20, &self.max_ip);
        put(&mut b, 36, &self.min_proto.to_be_bytes());
        put(&mut b, 38, &self.max_proto.to_be_bytes());
        put(&mut b, 40, &self.base_proto.to_be_bytes());
        b
    }
}

/// `SNAT`'s `.hooks`.
const SNAT_HOOKS: u8 = hook_bit(Hook::PostRouting) | hook_bit(Hook::LocalIn);
/// `DNAT`'s (and `REDIRECT`'s) `.hooks`.
pub(super) const DNAT_HOOKS: u8 = hook_bit(Hook::PreRouting) | hook_bit(Hook::LocalOut);

/// A NAT registration of `xt_nat_target_reg`.
const fn nat_reg(name: &'static [u8], revision: u8, size: usize, hooks: u8) -> Reg {
    Reg {
        // Revision 0 is `NFPROTO_IPV4`, revisions 1 and 2 leave `.family` unset
        // (`NFPROTO_UNSPEC`).
        family: if revision == 0 {
            Family::Ipv4
        } else {
            Family::Unspec
        },
        revision,
        table: Some(b"nat"),
        hooks,
        ..Reg::target(ExtId::Nat, name, size)
    }
}

/// `xt_nat_target_reg`.
const REGS: &[Reg] = &[
    nat_reg(b"SNAT", 0, NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE, SNAT_HOOKS),
    nat_reg(b"DNAT", 0, NF_NAT_IPV4_MULTI_RANGE_COMPAT_SIZE, DNAT_HOOKS),
    nat_reg(b"SNAT", 1, NF_NAT_RANGE_SIZE, SNAT_HOOKS),
    nat_reg(b"DNAT", 1, NF_NAT_RANGE_SIZE, DNAT_HOOKS),
    nat_reg(b"SNAT", 2, NF_NAT_RANGE2_SIZE, SNAT_HOOKS),
    nat_reg(b"DNAT", 2, NF_NAT_RANGE2_SIZE, DNAT_HOOKS),
];

/// Which way a NAT target rewrites (`enum nf_nat_manip_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NatManip {
    /// `NF_NAT_MANIP_SRC` (`SNAT`).
    Src,
    /// `NF_NAT_MANIP_DST` (`DNAT`).
    Dst,
}

/// A validated `SNAT` (`Src`) / `DNAT` (`Dst`) target, any revision, the range as
/// `nf_nat_range2` (`xt_nat_convert_range` for revision 0; revision 1 is copied with
/// `base_proto` 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nat {
    /// Source or destination.
    pub manip: NatManip,
    /// The range to map to.
    pub range: NatRange,
}

/// `xt_nat_convert_range` of the compat payload's `range[0]` with `rangesize` checked
/// (`xt_nat_checkentry_v0`), or with `MAP_IPS` refused first and then `rangesize` checked
/// (`masquerade_tg_check`, `redirect_tg4_check`). The latter keep flags and ports only.
pub(super) fn compat_range(payload: &[u8], ports_only: bool) -> Result<NatRange, Error> {
    let (rangesize, range) =
        NatRange::decode_compat(payload).ok_or(Error::Inval(Reject::TargetPayloadSize))?;
    if ports_only && range.flags & nat_flags::MAP_IPS != 0 {
        return Err(Error::Inval(Reject::NatMapIps));
    }
    if rangesize != 1 {
        return Err(Error::Inval(Reject::NatRangeSize));
    }
    Ok(if ports_only {
        NatRange {
            flags: range.flags,
            min_proto: range.min_proto,
            max_proto: range.max_proto,
            ..NatRange::default()
        }
    } else {
        range
    })
}

impl TargetDef for Nat {
    const REGS: &'static [Reg] = REGS;

    /// `xt_nat_checkentry_v0` / `xt_nat_checkentry`.
    fn check(reg: &Reg, payload: &[u8], _par: &CheckParam<'_>) -> Result<Self, Error> {
        let bad = Error::Inval(Reject::TargetPayloadSize);
        let range = match reg.revision {
            0 => compat_range(payload, false)?,
            // `xt_nat_checkentry` checks only the family, which is IPv4 here.
            1 => NatRange::decode_range(payload, false).ok_or(bad)?,
            _ => NatRange::decode_range(payload, true).ok_or(bad)?,
        };
        let manip = if reg.name == b"SNAT" {
            NatManip::Src
        } else {
            NatManip::Dst
        };
        Ok(Nat { manip, range })
    }

    /// `xt_snat_target_v*` / `xt_dnat_target_v*`: `nf_nat_setup_info`, whose verdict ends the
    /// walk.
    fn run<E: Env>(&self, _pkt: &mut Packet<'_>, env: &mut E) -> TargetVerdict {
        end(env.nat_setup(self.manip, &self.range))
    }

    fn needs(&self) -> Needs {
        Needs::CONNTRACK
    }
}

/// The walk's end for a NAT function's verdict.
pub(super) fn end(v: Verdict) -> TargetVerdict {
    match v {
        Verdict::Accept => TargetVerdict::Accept,
        _ => TargetVerdict::Drop,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn nat_targets_load() {
        let rs = parse_as(Table::Nat, &nat_ct_table()).unwrap();
        assert!(rs.needs_conntrack());
        let ts: Vec<_> = rs.rules().iter().map(|r| &r.target).collect();
        let m = range(nat_flags::MAP_IPS);
        let ports = NatRange {
            flags: nat_flags::PROTO_SPECIFIED,
            min_proto: 8080,
            max_proto: 8080,
            ..NatRange::default()
        };
        let nat_t = |manip, range| Target::Ext(TargetExt::Nat(Nat { manip, range }));
        // 0 DNAT/2, 1 REDIRECT, 2 policy, 3 SNAT/1, 4 policy, 5 DNAT/0, 6 policy, 7 jump x,
        // 8 MASQUERADE, 9 policy, 10 head x, 11 SNAT/0, 12 RETURN, 13 ERROR.
        assert_eq!(*ts[0], nat_t(NatManip::Dst, m));
        assert_eq!(*ts[1], Target::Ext(TargetExt::Redirect(Redirect(ports))));
        assert_eq!(*ts[3], nat_t(NatManip::Src, m));
        assert_eq!(*ts[5], nat_t(NatManip::Dst, m));
        assert_eq!(
            *ts[8],
            Target::Ext(TargetExt::Masquerade(Masquerade(ports)))
        );
        assert_eq!(*ts[11], nat_t(NatManip::Src, m));
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
            let t = rs.rules().iter().find_map(|r| match &r.target {
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
                Some(&if pre {
                    TargetExt::Redirect(Redirect(ports_only))
                } else {
                    TargetExt::Masquerade(Masquerade(ports_only))
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

    #[test]
    fn nat_target_verdict_comes_from_the_kernel() {
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
        for verdict in [Verdict::Accept, Verdict::Drop] {
            let mut env = FakeEnv {
                nat_verdict: verdict,
                ..FakeEnv::default()
            };
            let (o, seen) = run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
            // Terminal: the walk ends at the first target, whose counters were bumped first.
            let want = if verdict == Verdict::Accept {
                Outcome::Accept
            } else {
                Outcome::Drop
            };
            assert_eq!(o, want);
            assert_eq!(seen, [0]);
            assert_eq!(
                env.actions,
                [Action::Redirect(NatRange {
                    flags: 0,
                    min_proto: 1024,
                    max_proto: 2048,
                    ..NatRange::default()
                })]
            );
        }
        // DNAT calls `nf_nat_setup_info` with its range.
        let rs = parse_as(Table::Nat, &nat(&[r(dnat(0, m))], &[], &[], &[], &[])).unwrap();
        let mut env = FakeEnv::default();
        let (o, seen) = run_env(&rs, Hook::PreRouting, &pkt(&l4), &mut env);
        assert_eq!((o, seen), (Outcome::Accept, vec![0]));
        assert_eq!(env.actions, [Action::Nat(NatManip::Dst, m)]);
    }

    #[test]
    fn nat_targets() {
        let post = par(b"nat", POST, 0);
        let pre = par(b"nat", PRE, 0);
        let c = compat_flags(1, nat_flags::MAP_IPS);
        let range = NatRange::decode_compat(&c).unwrap().1;
        assert_eq!(
            ext_of(check_target(&name(b"SNAT"), 0, &c, &post)),
            Ok(TargetExt::Nat(Nat {
                manip: NatManip::Src,
                range
            }))
        );
        assert_eq!(
            ext_of(check_target(&name(b"DNAT"), 0, &c, &pre)),
            Ok(TargetExt::Nat(Nat {
                manip: NatManip::Dst,
                range
            }))
        );
        // Checks in x_tables' order: size, table, hooks, then `checkentry`.
        assert_eq!(
            check_target(
                &name(b"SNAT"),
                0,
                &compat_flags(2, 0)[..20],
                &par(b"filter", FWD, 0)
            ),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(
                &name(b"SNAT"),
                0,
                &compat_flags(2, 0),
                &par(b"filter", FWD, 0)
            ),
            Err(Error::Inval(Reject::TargetTable))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat_flags(2, 0), &par(b"nat", FWD, 0)),
            Err(Error::Inval(Reject::TargetHooks))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat_flags(2, 0), &post),
            Err(Error::Inval(Reject::NatRangeSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &compat_flags(0, 0), &par(b"nat", IN, 0)),
            Err(Error::Inval(Reject::NatRangeSize))
        );
        // Hook masks: SNAT from POSTROUTING/INPUT, DNAT from PREROUTING/OUTPUT; an
        // unreachable rule (mask 0) passes.
        for (n, ok, bad) in [
            (
                &b"SNAT"[..],
                [POST, IN, POST | IN, 0],
                [PRE, OUT, POST | PRE, FWD],
            ),
            (b"DNAT", [PRE, OUT, PRE | OUT, 0], [POST, IN, PRE | IN, FWD]),
        ] {
            for h in ok {
                assert!(check_target(&name(n), 0, &c, &par(b"nat", h, 0)).is_ok());
            }
            for h in bad {
                assert_eq!(
                    check_target(&name(n), 0, &c, &par(b"nat", h, 0)),
                    Err(Error::Inval(Reject::TargetHooks))
                );
            }
        }
        // Revision 1 and 2: no rangesize, any flags; the size per revision.
        let r2 = NatRange {
            flags: 0x7f,
            base_proto: 5,
            ..range
        };
        let b2 = r2.encode_range2();
        let mut p2 = [0u8; 48];
        p2[..NF_NAT_RANGE2_SIZE].copy_from_slice(&b2);
        assert_eq!(
            ext_of(check_target(&name(b"DNAT"), 2, &p2, &pre)),
            Ok(TargetExt::Nat(Nat {
                manip: NatManip::Dst,
                range: r2
            }))
        );
        assert_eq!(
            ext_of(check_target(&name(b"DNAT"), 1, &p2[..40], &pre)),
            Ok(TargetExt::Nat(Nat {
                manip: NatManip::Dst,
                range: NatRange {
                    base_proto: 0,
                    ..r2
                }
            }))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 2, &p2[..40], &post),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 1, &p2, &post),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"SNAT"), 0, &p2[..40], &post),
            Err(Error::Inval(Reject::TargetPayloadSize))
        );
        assert_eq!(
            check_target(&name(b"DNAT"), 2, &p2, &par(b"mangle", PRE, 0)),
            Err(Error::Inval(Reject::TargetTable))
        );
        let (_, view) = check_target(&name(b"SNAT"), 2, &p2, &post).unwrap();
        assert_eq!(
            view,
            UserView {
                name: b"SNAT",
                used: 44
            }
        );
    }

    #[test]
    fn masquerade_and_redirect() {
        let post = par(b"nat", POST, 0);
        let out = par(b"nat", OUT, 6);
        let ports = NatRange {
            flags: nat_flags::PROTO_SPECIFIED,
            min_proto: 1000,
            max_proto: 2000,
            ..NatRange::default()
        };
        let c = compat_flags(1, nat_flags::PROTO_SPECIFIED);
        assert_eq!(
            ext_of(check_target(&name(b"MASQUERADE"), 0, &c, &post)),
            Ok(TargetExt::Masquerade(Masquerade(ports)))
        );
        assert_eq!(
            ext_of(check_target(&name(b"REDIRECT"), 0, &c, &out)),
            Ok(TargetExt::Redirect(Redirect(ports)))
        );
        // MAP_IPS before rangesize.
        for (n, p) in [(&b"MASQUERADE"[..], post), (b"REDIRECT", out)] {
            assert_eq!(
                check_target(&name(n), 0, &compat_flags(3, nat_flags::MAP_IPS), &p),
                Err(Error::Inval(Reject::NatMapIps))
            );
            assert_eq!(
                check_target(&name(n), 0, &compat_flags(3, 0), &p),
                Err(Error::Inval(Reject::NatRangeSize))
            );
            assert_eq!(
                check_target(
                    &name(n),
                    0,
                    &compat_flags(3, nat_flags::MAP_IPS),
                    &par(b"raw", 0, 0)
                ),
                Err(Error::Inval(Reject::TargetTable))
            );
            assert_eq!(
                check_target(&name(n), 0, &c[..16], &par(b"raw", 0, 0)),
                Err(Error::Inval(Reject::TargetPayloadSize))
            );
        }
        assert_eq!(
            check_target(&name(b"MASQUERADE"), 0, &c, &par(b"nat", PRE, 0)),
            Err(Error::Inval(Reject::TargetHooks))
        );
        assert_eq!(
            check_target(&name(b"REDIRECT"), 0, &c, &par(b"nat", POST, 0)),
            Err(Error::Inval(Reject::TargetHooks))
        );
    }
}
