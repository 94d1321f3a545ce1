// SPDX-License-Identifier: GPL-2.0

//! The in-memory table libiptc-style: chains of rules decoded from a `GET_ENTRIES` blob, edited,
//! and compiled back into an `IPT_SO_SET_REPLACE` blob, with the counter map that carries the
//! counters of unchanged rules over the replace.

use crate::error::{ErrCtx, Error, Result, EEXIST, EINVAL, EMLINK, ENOENT, ENOTEMPTY};
use oxtables_engine::abi::{self, ipt_entry, xt_entry, EntrySpec, ExtSpec, IptIp, TargetSpec};
use oxtables_engine::tables::Hook;

/// A match (or target extension) instance: name, revision, payload padded to `XT_ALIGN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtData {
    /// Extension name.
    pub name: String,
    /// Revision.
    pub revision: u8,
    /// Payload (aligned size).
    pub data: Vec<u8>,
}

/// A rule's target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// No target: fall through to the next rule.
    Fallthrough,
    /// A standard verdict (ACCEPT, DROP, QUEUE, RETURN).
    Verdict(i32),
    /// Jump (or goto, with `IPT_F_GOTO` in the base match) to a user chain.
    Jump(String),
    /// A target extension.
    Ext(ExtData),
}

/// How a rule's counters are set after a replace (libiptc's `counter_map`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterMap {
    /// New rule: zero.
    NoMap,
    /// Unchanged rule at this index of the old table: its current counters.
    Normal(usize),
    /// Zeroed rule: current counters minus those read (so nothing counted meanwhile is lost).
    Zeroed(usize),
    /// Explicitly set (`-c`, restore counters).
    Set,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Base match.
    pub ip: IptIp,
    /// Matches in order.
    pub matches: Vec<ExtData>,
    /// Target.
    pub target: Target,
    /// Counters (as read, or as set).
    pub counters: [u64; 2],
    /// Counter map.
    pub map: CounterMap,
}

impl Rule {
    /// Whether this rule is the same as `other`, a rule from the command line, for `-D`/`-C`
    /// (libiptc `is_same` under iptables' `make_delete_mask`): everything but counters, each
    /// match compared by name and size, and its payload only over the `userspacesize` of
    /// `other`'s extension (`helper`'s is 0, `statistic` leaves out its counter start).
    pub fn same(&self, other: &Rule) -> bool {
        self.ip == other.ip
            && self.matches.len() == other.matches.len()
            && self
                .matches
                .iter()
                .zip(&other.matches)
                .all(|(a, b)| same_match(a, b))
            && self.target == other.target
    }

    /// The name shown in `-L`'s target column (`iptc_get_target`).
    pub fn target_name(&self) -> String {
        match &self.target {
            Target::Fallthrough => String::new(),
            Target::Verdict(v) => verdict_name(*v).to_string(),
            Target::Jump(c) => c.clone(),
            Target::Ext(e) => e.name.clone(),
        }
    }
}

/// libiptc's `match_different`, negated: name and size, then the payload under the mask of
/// `cmd`'s extension (`userspacesize` bytes; a match the tool does not know compares whole).
fn same_match(have: &ExtData, cmd: &ExtData) -> bool {
    if have.name != cmd.name || have.data.len() != cmd.data.len() {
        return false;
    }
    let n = crate::ext::find_match(&cmd.name)
        .map_or(cmd.data.len(), |e| e.userspace_size())
        .min(cmd.data.len());
    have.data[..n] == cmd.data[..n]
}

/// The label of a standard verdict.
pub fn verdict_name(v: i32) -> &'static str {
    match v {
        abi::VERDICT_ACCEPT => "ACCEPT",
        abi::VERDICT_DROP => "DROP",
        abi::VERDICT_QUEUE => "QUEUE",
        abi::XT_RETURN => "RETURN",
        _ => "UNKNOWN",
    }
}

/// The verdict of a standard label.
pub fn verdict_of(name: &str) -> Option<i32> {
    match name {
        "ACCEPT" => Some(abi::VERDICT_ACCEPT),
        "DROP" => Some(abi::VERDICT_DROP),
        "QUEUE" => Some(abi::VERDICT_QUEUE),
        "RETURN" => Some(abi::XT_RETURN),
        _ => None,
    }
}

/// A chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Name.
    pub name: String,
    /// The hook of a built-in chain.
    pub hook: Option<u32>,
    /// Policy verdict of a built-in chain.
    pub policy: i32,
    /// Policy counters.
    pub counters: [u64; 2],
    /// Policy counter map.
    pub map: CounterMap,
    /// Rules.
    pub rules: Vec<Rule>,
}

impl Chain {
    /// Whether it is a built-in chain.
    pub fn builtin(&self) -> bool {
        self.hook.is_some()
    }
}

/// The counter map and counters of one compiled entry.
pub type CounterSlot = (CounterMap, [u64; 2]);

/// A table being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableState {
    /// Table name.
    pub name: String,
    /// `valid_hooks`.
    pub valid_hooks: u32,
    /// Chains: built-ins first (hook order), then user chains.
    pub chains: Vec<Chain>,
    /// Entry count of the table as read (the `num_counters` of the replace).
    pub old_entries: u32,
    /// Whether anything changed.
    pub changed: bool,
}

struct RawEntry {
    off: usize,
    ip: IptIp,
    matches: Vec<ExtData>,
    tname: String,
    trev: u8,
    tdata: Vec<u8>,
    counters: [u64; 2],
}

fn c_string(b: &[u8]) -> String {
    String::from_utf8_lossy(abi::c_str(b)).into_owned()
}

fn decode_ext(b: &[u8]) -> Option<(ExtData, usize)> {
    let size = abi::read_u16(b, xt_entry::SIZE_FIELD)? as usize;
    if size < xt_entry::SIZE || size > b.len() {
        return None;
    }
    let name = c_string(b.get(xt_entry::NAME..xt_entry::NAME + abi::XT_EXTENSION_MAXNAMELEN - 1)?);
    let revision = *b.get(xt_entry::REVISION)?;
    let data = b.get(xt_entry::DATA..size)?.to_vec();
    Some((
        ExtData {
            name,
            revision,
            data,
        },
        size,
    ))
}

fn bad_blob() -> Error {
    Error::iptc("Incompatible with this kernel")
}

impl TableState {
    /// Decodes a table from `GET_INFO` and the `GET_ENTRIES` blob.
    pub fn decode(info: &abi::GetInfo, blob: &[u8]) -> Result<TableState> {
        let name = c_string(&info.name);
        let mut raw = Vec::new();
        let mut off = 0usize;
        while off < blob.len() {
            let e = blob.get(off..).ok_or_else(bad_blob)?;
            let ip = IptIp::decode(e).ok_or_else(bad_blob)?;
            let toff = abi::read_u16(e, ipt_entry::TARGET_OFFSET).ok_or_else(bad_blob)? as usize;
            let next = abi::read_u16(e, ipt_entry::NEXT_OFFSET).ok_or_else(bad_blob)? as usize;
            if next < ipt_entry::SIZE || toff < ipt_entry::SIZE || toff > next || next > e.len() {
                return Err(bad_blob());
            }
            let mut matches = Vec::new();
            let mut m = ipt_entry::ELEMS;
            while m < toff {
                let (x, size) =
                    decode_ext(e.get(m..toff).ok_or_else(bad_blob)?).ok_or_else(bad_blob)?;
                matches.push(x);
                m += size;
            }
            let (t, _) =
                decode_ext(e.get(toff..next).ok_or_else(bad_blob)?).ok_or_else(bad_blob)?;
            raw.push(RawEntry {
                off,
                ip,
                matches,
                tname: t.name,
                trev: t.revision,
                tdata: t.data,
                counters: [
                    abi::read_u64(e, ipt_entry::PCNT).unwrap_or(0),
                    abi::read_u64(e, ipt_entry::BCNT).unwrap_or(0),
                ],
            });
            off += next;
        }
        // Chain starts: user chain heads (ERROR entries) and built-in hook entries.
        let mut chains: Vec<Chain> = Vec::new();
        // (chain index, first rule offset) for jump resolution.
        let mut chain_at: Vec<(usize, String)> = Vec::new();
        let mut pending: Vec<(usize, usize, usize)> = Vec::new(); // (chain, rule, verdict offset)
        let mut cur: Option<usize> = None;
        let n = raw.len();
        for (i, e) in raw.iter().enumerate() {
            for h in 0..abi::NF_IP_NUMHOOKS {
                if info.valid_hooks & (1 << h) != 0 && info.hook_entry[h] as usize == e.off {
                    let name = Hook::from_index(h as u32)
                        .map(|h| h.chain_name().to_string())
                        .unwrap_or_default();
                    chains.push(Chain {
                        name,
                        hook: Some(h as u32),
                        policy: abi::VERDICT_ACCEPT,
                        counters: [0; 2],
                        map: CounterMap::NoMap,
                        rules: Vec::new(),
                    });
                    cur = Some(chains.len() - 1);
                }
            }
            if e.tname == "ERROR" {
                if i + 1 == n {
                    break;
                }
                let cname = c_string(&e.tdata);
                chains.push(Chain {
                    name: cname.clone(),
                    hook: None,
                    policy: 0,
                    counters: [0; 2],
                    map: CounterMap::NoMap,
                    rules: Vec::new(),
                });
                cur = Some(chains.len() - 1);
                if let Some(next) = raw.get(i + 1) {
                    chain_at.push((next.off, cname));
                }
                continue;
            }
            let ci = cur.ok_or_else(bad_blob)?;
            let chain = &mut chains[ci];
            let verdict = if e.tname.is_empty() {
                abi::read_i32(&e.tdata, 0)
            } else {
                None
            };
            // Built-in policy (underflow) entry.
            if let Some(h) = chain.hook {
                if info.underflow[h as usize] as usize == e.off {
                    chain.policy = verdict.unwrap_or(abi::VERDICT_ACCEPT);
                    chain.counters = e.counters;
                    chain.map = CounterMap::Normal(i);
                    continue;
                }
            }
            // User chain foot: the entry before the next ERROR.
            if !chain.builtin() && raw.get(i + 1).is_some_and(|x| x.tname == "ERROR") {
                continue;
            }
            let target = match verdict {
                Some(v) if v < 0 => Target::Verdict(v),
                Some(v) if v as usize == e.off + next_off(&raw, i) => Target::Fallthrough,
                Some(v) => {
                    pending.push((ci, chain.rules.len(), v as usize));
                    Target::Jump(String::new())
                }
                None => Target::Ext(ExtData {
                    name: e.tname.clone(),
                    revision: e.trev,
                    data: e.tdata.clone(),
                }),
            };
            chain.rules.push(Rule {
                ip: e.ip,
                matches: e.matches.clone(),
                target,
                counters: e.counters,
                map: CounterMap::Normal(i),
            });
        }
        for (ci, ri, off) in pending {
            let name = chain_at
                .iter()
                .find(|(o, _)| *o == off)
                .map(|(_, n)| n.clone())
                .ok_or_else(bad_blob)?;
            chains[ci].rules[ri].target = Target::Jump(name);
        }
        Ok(TableState {
            name,
            valid_hooks: info.valid_hooks,
            chains,
            old_entries: info.num_entries,
            changed: false,
        })
    }

    /// The chain called `name`.
    pub fn chain(&self, name: &str) -> Option<&Chain> {
        self.chains.iter().find(|c| c.name == name)
    }

    /// The chain called `name`, mutably, or ENOENT.
    pub fn chain_mut(&mut self, name: &str) -> Result<&mut Chain> {
        self.chains
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))
    }

    /// Whether `name` is a chain.
    pub fn is_chain(&self, name: &str) -> bool {
        self.chain(name).is_some()
    }

    /// How many rules jump or go to `name`.
    pub fn references(&self, name: &str) -> usize {
        self.chains
            .iter()
            .flat_map(|c| c.rules.iter())
            .filter(|r| matches!(&r.target, Target::Jump(t) if t == name))
            .count()
    }

    fn check_target(&self, r: &Rule) -> Result<()> {
        if let Target::Jump(t) = &r.target {
            match self.chain(t) {
                Some(c) if !c.builtin() => {}
                _ => return Err(Error::from_errno(ENOENT, ErrCtx::Generic)),
            }
        }
        Ok(())
    }

    /// `iptc_append_entry`.
    pub fn append(&mut self, chain: &str, r: Rule) -> Result<()> {
        self.check_target(&r)?;
        self.chain_mut(chain)?.rules.push(r);
        self.changed = true;
        Ok(())
    }

    /// `iptc_insert_entry` (`num` is 1-based).
    pub fn insert(&mut self, chain: &str, num: usize, r: Rule) -> Result<()> {
        let c = self
            .chain(chain)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))?;
        if num == 0 || num > c.rules.len() + 1 {
            return Err(Error::from_errno(crate::error::E2BIG, ErrCtx::Insert));
        }
        self.check_target(&r)?;
        self.chain_mut(chain)?.rules.insert(num - 1, r);
        self.changed = true;
        Ok(())
    }

    /// `iptc_replace_entry`.
    pub fn replace(&mut self, chain: &str, num: usize, r: Rule) -> Result<()> {
        let c = self
            .chain(chain)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))?;
        if num == 0 || num > c.rules.len() {
            return Err(Error::from_errno(crate::error::E2BIG, ErrCtx::Replace));
        }
        self.check_target(&r)?;
        self.chain_mut(chain)?.rules[num - 1] = r;
        self.changed = true;
        Ok(())
    }

    /// `iptc_delete_num_entry`.
    pub fn delete_num(&mut self, chain: &str, num: usize) -> Result<()> {
        let c = self.chain_mut(chain)?;
        if num == 0 || num > c.rules.len() {
            return Err(Error::from_errno(crate::error::E2BIG, ErrCtx::DeleteNum));
        }
        c.rules.remove(num - 1);
        self.changed = true;
        Ok(())
    }

    /// `iptc_delete_entry` (first rule equal to `r`).
    pub fn delete(&mut self, chain: &str, r: &Rule) -> Result<()> {
        let ctx = not_found_ctx(r);
        let c = self.chain_mut(chain)?;
        let i = c
            .rules
            .iter()
            .position(|x| x.same(r))
            .ok_or_else(|| Error::from_errno(ENOENT, ctx))?;
        c.rules.remove(i);
        self.changed = true;
        Ok(())
    }

    /// `iptc_check_entry`.
    pub fn check(&self, chain: &str, r: &Rule) -> Result<()> {
        let c = self
            .chain(chain)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))?;
        if c.rules.iter().any(|x| x.same(r)) {
            Ok(())
        } else {
            Err(Error::from_errno(ENOENT, not_found_ctx(r)))
        }
    }

    /// `iptc_flush_entries`.
    pub fn flush(&mut self, chain: &str) -> Result<()> {
        self.chain_mut(chain)?.rules.clear();
        self.changed = true;
        Ok(())
    }

    /// `iptc_zero_entries` (rules and policy counters).
    pub fn zero(&mut self, chain: &str) -> Result<()> {
        let c = self.chain_mut(chain)?;
        if let CounterMap::Normal(i) = c.map {
            c.map = CounterMap::Zeroed(i);
        }
        for r in &mut c.rules {
            zero_rule(r);
        }
        self.changed = true;
        Ok(())
    }

    /// `iptc_zero_counter` (1-based rule number).
    pub fn zero_num(&mut self, chain: &str, num: usize) -> Result<()> {
        let c = self.chain_mut(chain)?;
        let r = c
            .rules
            .get_mut(num.wrapping_sub(1))
            .ok_or_else(|| Error::from_errno(crate::error::E2BIG, ErrCtx::Zero))?;
        zero_rule(r);
        self.changed = true;
        Ok(())
    }

    /// `iptc_create_chain`: user chains are kept sorted by name.
    pub fn create_chain(&mut self, name: &str) -> Result<()> {
        if self.is_chain(name) || crate::model::verdict_of(name).is_some() {
            return Err(Error::from_errno(EEXIST, ErrCtx::CreateChain));
        }
        if name.len() >= abi::XT_EXTENSION_MAXNAMELEN {
            return Err(Error::from_errno(EINVAL, ErrCtx::CreateChain));
        }
        let chain = Chain {
            name: name.to_string(),
            hook: None,
            policy: 0,
            counters: [0; 2],
            map: CounterMap::NoMap,
            rules: Vec::new(),
        };
        let pos = self
            .chains
            .iter()
            .position(|c| !c.builtin() && c.name.as_str() > name)
            .unwrap_or(self.chains.len());
        self.chains.insert(pos, chain);
        self.changed = true;
        Ok(())
    }

    /// `iptc_delete_chain`.
    pub fn delete_chain(&mut self, name: &str) -> Result<()> {
        let c = self
            .chain(name)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))?;
        if c.builtin() {
            return Err(Error::from_errno(EINVAL, ErrCtx::Generic));
        }
        if self.references(name) > 0 {
            return Err(Error::from_errno(EMLINK, ErrCtx::Generic));
        }
        if !self.chain(name).is_some_and(|c| c.rules.is_empty()) {
            return Err(Error::from_errno(ENOTEMPTY, ErrCtx::Generic));
        }
        self.chains.retain(|c| c.name != name);
        self.changed = true;
        Ok(())
    }

    /// `iptc_rename_chain`.
    pub fn rename_chain(&mut self, old: &str, new: &str) -> Result<()> {
        if self.is_chain(new) || verdict_of(new).is_some() {
            return Err(Error::from_errno(EEXIST, ErrCtx::Generic));
        }
        let c = self
            .chain(old)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))?;
        if c.builtin() {
            return Err(Error::from_errno(EINVAL, ErrCtx::Generic));
        }
        let i = self.chains.iter().position(|c| c.name == old).unwrap_or(0);
        let mut c = self.chains.remove(i);
        c.name = new.to_string();
        for r in self.chains.iter_mut().flat_map(|c| c.rules.iter_mut()) {
            if let Target::Jump(t) = &mut r.target {
                if t == old {
                    *t = new.to_string();
                }
            }
        }
        let pos = self
            .chains
            .iter()
            .position(|x| !x.builtin() && x.name.as_str() > new)
            .unwrap_or(self.chains.len());
        self.chains.insert(pos, c);
        self.changed = true;
        Ok(())
    }

    /// `iptc_set_policy` (with counters: `COUNTER_MAP_SET`).
    pub fn set_policy(
        &mut self,
        chain: &str,
        policy: &str,
        counters: Option<[u64; 2]>,
    ) -> Result<()> {
        let c = self
            .chains
            .iter_mut()
            .find(|c| c.name == chain)
            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Policy))?;
        if !c.builtin() {
            return Err(Error::from_errno(ENOENT, ErrCtx::Policy));
        }
        c.policy = match policy {
            "ACCEPT" => abi::VERDICT_ACCEPT,
            "DROP" => abi::VERDICT_DROP,
            _ => return Err(Error::from_errno(EINVAL, ErrCtx::Policy)),
        };
        if let Some(ctr) = counters {
            c.counters = ctr;
            c.map = CounterMap::Set;
        }
        self.changed = true;
        Ok(())
    }

    /// Compiles the table: the `SET_REPLACE` buffer (header + entries, `counters` pointer zero)
    /// and, per new entry, the counter map to apply after the replace.
    pub fn compile(&self) -> Result<(Vec<u8>, Vec<CounterSlot>)> {
        let inval = || Error::from_errno(EINVAL, ErrCtx::Generic);
        // First pass: entry index of each user chain's first rule.
        let mut idx = 0usize;
        let mut first_rule: Vec<(&str, usize)> = Vec::new();
        for c in &self.chains {
            if !c.builtin() {
                first_rule.push((&c.name, idx + 1));
                idx += 1;
            }
            idx += c.rules.len() + 1;
        }
        // Owned extension specs, kept alive while encoding.
        let mut specs: Vec<(IptIp, Vec<ExtSpec<'_>>, TargetSpec<'_>)> = Vec::new();
        let mut maps = Vec::new();
        let mut hook_entry = [None; abi::NF_IP_NUMHOOKS];
        let mut underflow = [None; abi::NF_IP_NUMHOOKS];
        for c in &self.chains {
            if let Some(h) = c.hook {
                hook_entry[h as usize] = Some(specs.len());
            } else {
                specs.push((
                    IptIp::default(),
                    Vec::new(),
                    TargetSpec::Error(c.name.as_bytes()),
                ));
                maps.push((CounterMap::NoMap, [0; 2]));
            }
            for r in &c.rules {
                let m: Vec<ExtSpec<'_>> = r
                    .matches
                    .iter()
                    .map(|m| ExtSpec {
                        name: m.name.as_bytes(),
                        revision: m.revision,
                        payload: &m.data,
                    })
                    .collect();
                let t = match &r.target {
                    Target::Fallthrough => TargetSpec::JumpTo(specs.len() + 1),
                    Target::Verdict(v) => TargetSpec::Verdict(*v),
                    Target::Jump(name) => TargetSpec::JumpTo(
                        first_rule
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, i)| *i)
                            .ok_or_else(|| Error::from_errno(ENOENT, ErrCtx::Generic))?,
                    ),
                    Target::Ext(e) => TargetSpec::Ext(ExtSpec {
                        name: e.name.as_bytes(),
                        revision: e.revision,
                        payload: &e.data,
                    }),
                };
                specs.push((r.ip, m, t));
                maps.push((r.map, r.counters));
            }
            if let Some(h) = c.hook {
                underflow[h as usize] = Some(specs.len());
                specs.push((IptIp::default(), Vec::new(), TargetSpec::Verdict(c.policy)));
                maps.push((c.map, c.counters));
            } else {
                specs.push((
                    IptIp::default(),
                    Vec::new(),
                    TargetSpec::Verdict(abi::XT_RETURN),
                ));
                maps.push((CounterMap::NoMap, [0; 2]));
            }
        }
        specs.push((
            IptIp::default(),
            Vec::new(),
            TargetSpec::Error(abi::XT_ERROR_TARGET),
        ));
        maps.push((CounterMap::NoMap, [0; 2]));
        let entries: Vec<EntrySpec<'_>> = specs
            .iter()
            .map(|(ip, m, t)| EntrySpec {
                ip: *ip,
                matches: m,
                target: *t,
            })
            .collect();
        let offsets = abi::entry_offsets(&entries).map_err(|_| inval())?;
        let size = *offsets.last().ok_or_else(inval)?;
        let resolve = |v: [Option<usize>; abi::NF_IP_NUMHOOKS]| {
            let mut out = [0u32; abi::NF_IP_NUMHOOKS];
            for (o, i) in out.iter_mut().zip(v) {
                if let Some(i) = i {
                    *o = offsets.get(i).copied().unwrap_or(0);
                }
            }
            out
        };
        let header = abi::ReplaceHeader {
            name: abi::c_name(self.name.as_bytes()).ok_or_else(inval)?,
            valid_hooks: self.valid_hooks,
            num_entries: entries.len() as u32,
            size,
            hook_entry: resolve(hook_entry),
            underflow: resolve(underflow),
            num_counters: self.old_entries,
            counters: 0,
        };
        let mut out = oxtables_engine::vec::OVec::new();
        out.try_extend_from_slice(&header.encode())
            .map_err(|_| inval())?;
        abi::encode_entries(&mut out, &entries).map_err(|_| inval())?;
        Ok((out.to_vec(), maps))
    }
}

/// `r` as the rule of an `OXT_SO_SET_EDIT` request: its entry with its counters, a jump or goto
/// naming its chain with the `OXT_CHAIN` pseudo target, and a rule without target as
/// `OXT_CHAIN` with no name (the kernel points it at the next rule, as libiptc does).
pub fn edit_entry(r: &Rule) -> Result<Vec<u8>> {
    use oxtables_engine::edit::CHAIN_TARGET;
    let inval = || Error::from_errno(EINVAL, ErrCtx::Generic);
    let mut name = [0u8; abi::XT_ERROR_TARGET_SIZE - xt_entry::SIZE];
    fn chain_target(name: &[u8]) -> ExtSpec<'_> {
        ExtSpec {
            name: CHAIN_TARGET,
            revision: 0,
            payload: name,
        }
    }
    let m: Vec<ExtSpec<'_>> = r
        .matches
        .iter()
        .map(|m| ExtSpec {
            name: m.name.as_bytes(),
            revision: m.revision,
            payload: &m.data,
        })
        .collect();
    let target = match &r.target {
        Target::Fallthrough => TargetSpec::Ext(chain_target(&name)),
        Target::Verdict(v) => TargetSpec::Verdict(*v),
        Target::Jump(c) => {
            // The name and its NUL fit in the error target's field (`XT_FUNCTION_MAXNAMELEN`).
            if c.len() >= abi::XT_FUNCTION_MAXNAMELEN {
                return Err(inval());
            }
            name[..c.len()].copy_from_slice(c.as_bytes());
            TargetSpec::Ext(chain_target(&name))
        }
        Target::Ext(e) => TargetSpec::Ext(ExtSpec {
            name: e.name.as_bytes(),
            revision: e.revision,
            payload: &e.data,
        }),
    };
    let mut out = oxtables_engine::vec::OVec::new();
    abi::encode_entries(
        &mut out,
        &[EntrySpec {
            ip: r.ip,
            matches: &m,
            target,
        }],
    )
    .map_err(|_| inval())?;
    let mut e = out.to_vec();
    e[ipt_entry::PCNT..ipt_entry::PCNT + 8].copy_from_slice(&r.counters[0].to_ne_bytes());
    e[ipt_entry::BCNT..ipt_entry::BCNT + 8].copy_from_slice(&r.counters[1].to_ne_bytes());
    Ok(e)
}

/// The message context of a rule not found by `-D`/`-C`: libiptc's `delete_entry` maps a
/// target that is neither empty nor a standard verdict through `TC_BUILTIN`, which becomes the
/// current function, so ENOENT then reads "No chain/target/match by that name".
fn not_found_ctx(r: &Rule) -> ErrCtx {
    match r.target {
        Target::Fallthrough | Target::Verdict(_) => ErrCtx::Delete,
        Target::Jump(_) | Target::Ext(_) => ErrCtx::Generic,
    }
}

fn next_off(raw: &[RawEntry], i: usize) -> usize {
    match (raw.get(i), raw.get(i + 1)) {
        (Some(a), Some(b)) => b.off - a.off,
        _ => usize::MAX / 2,
    }
}

fn zero_rule(r: &mut Rule) {
    match r.map {
        CounterMap::Normal(i) => r.map = CounterMap::Zeroed(i),
        CounterMap::Set => r.counters = [0; 2],
        _ => {}
    }
}

/// libiptc's counter mapping: the counters to add to each new entry after the replace, given
/// the old table's counters as the replace returned them.
pub fn map_counters(maps: &[CounterSlot], old: &[[u64; 2]]) -> Vec<[u64; 2]> {
    maps.iter()
        .map(|(m, c)| match m {
            CounterMap::NoMap => [0, 0],
            CounterMap::Normal(i) => old.get(*i).copied().unwrap_or([0, 0]),
            CounterMap::Zeroed(i) => {
                let o = old.get(*i).copied().unwrap_or([0, 0]);
                [o[0].saturating_sub(c[0]), o[1].saturating_sub(c[1])]
            }
            CounterMap::Set => *c,
        })
        .collect()
}
