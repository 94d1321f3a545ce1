// SPDX-License-Identifier: GPL-2.0

//! One table's live ruleset: the validated rules, their per-CPU counters and the per-CPU jump
//! stacks, and the walk the packet path makes over them.

use crate::engine::{
    abi::{ipt_entry, XT_COUNTERS_SIZE},
    env::Env,
    error::Error as EngineError,
    eval::{self, Packet},
    parse::{self, JumpStack, Ruleset},
    tables::{Counter, Hook, Table, Verdict},
};
use crate::recent::{Held, ListUse};
use crate::sys::{
    conntrack::ConntrackUse,
    live::PerCpu,
    logger::{LoggerUse, UloggerUse},
    percpu::PerCpuCounters,
};
use kernel::{alloc::KVVec, prelude::*};

/// The kernel error for an engine error: the errno upstream returns for the same check.
pub(crate) fn engine_err(e: EngineError) -> Error {
    Error::from_errno(-e.errno())
}

/// A table as the packet path runs it.
pub(crate) struct Instance {
    /// The validated rules (and the blob `IPT_SO_GET_ENTRIES` returns).
    pub(crate) ruleset: Ruleset,
    /// Packets and bytes per rule, indexed like `ruleset.rules()`.
    counters: PerCpuCounters,
    /// The jump stack of each CPU.
    stacks: PerCpu<JumpStack>,
    /// The kernel objects the rules' checks took (`recent` lists, ipsets, conntrack
    /// templates, `string` searches, `connlimit` counters), by the slots the checks got;
    /// released with the table, as upstream's `destroy`s release them. Before `_conntrack`:
    /// dropped first (`connlimit_mt_destroy` destroys its counter before `nf_ct_netns_put`).
    held: Held,
    /// Conntrack switched on in the namespace, held while the rules need it (upstream: one
    /// `nf_ct_netns_get` per conntrack-using extension, put when the rule is destroyed).
    _conntrack: Option<ConntrackUse>,
    /// The `LOG` logger, held while the rules have a `LOG` target (upstream: one
    /// `nf_logger_find_get` per `LOG` rule, put in `log_tg_destroy`).
    _logger: Option<LoggerUse>,
    /// The `ULOG` logger, held while the rules have an `NFLOG` target (upstream: one
    /// `nf_logger_find_get` per `NFLOG` rule, put in `nflog_tg_destroy`).
    _ulogger: Option<UloggerUse>,
}

impl Instance {
    /// Builds the runnable form of `ruleset`, with zeroed counters. `conntrack` must be `Some`
    /// when the ruleset needs conntrack ([`Ruleset::needs_conntrack`]), `logger` when it needs
    /// the `LOG` logger (`Ruleset::needs().log`), `ulogger` the `ULOG` one (`needs().ulog`); `held` is what its checks took.
    pub(crate) fn new(
        ruleset: Ruleset,
        conntrack: Option<ConntrackUse>,
        logger: Option<LoggerUse>,
        ulogger: Option<UloggerUse>,
        held: Held,
    ) -> Result<KBox<Self>> {
        let counters = PerCpuCounters::new(ruleset.num_entries())?;
        let stacks = PerCpu::new(|| ruleset.new_jump_stack().map_err(|_| ENOMEM))?;
        Ok(KBox::new(
            Self {
                ruleset,
                counters,
                stacks,
                _conntrack: conntrack,
                _logger: logger,
                _ulogger: ulogger,
                held,
            },
            GFP_KERNEL,
        )?)
    }

    /// The table as the kernel creates it: a policy of ACCEPT at each of its hooks.
    pub(crate) fn initial(table: Table) -> Result<KBox<Self>> {
        let buf = crate::engine::abi::encode_initial_table(table).map_err(|_| ENOMEM)?;
        let parsed = parse::parse_replace(table, &buf, &crate::env::KernelLoad { sk: None })
            .map_err(engine_err)?;
        Self::new(parsed.ruleset, None, None, None, Held::default())
    }

    /// Runs the packet through the rules at `hook`, counting every rule that matches. `stack` is
    /// the CPU's jump stack for the walk's depth, `None` for a walk nested deeper than
    /// `live::WALK_NEST` (which then drops the packet).
    /// `env` is the kernel as the matches and targets see it.
    pub(crate) fn run<E: Env>(
        &self,
        hook: Hook,
        pkt: &Packet<'_>,
        stack: Option<&mut JumpStack>,
        env: &mut E,
    ) -> Verdict {
        let Some(stack) = stack else {
            return Verdict::Drop;
        };
        // Each rule counts the packet's length when it matches (a target may have grown it).
        eval::evaluate_counting(&self.ruleset, hook, pkt, stack, env, |i, len| {
            self.counters.add(i, u64::from(len))
        })
        .verdict()
    }

    /// The `recent` lists the rules hold, by slot.
    pub(crate) fn recent(&self) -> &[ListUse] {
        &self.held.recent
    }

    /// The `hashlimit` tables the rules hold, by slot.
    pub(crate) fn hashlimit(&self) -> &[crate::hashlimit::HtableUse] {
        &self.held.hashlimit
    }

    /// The `CT` templates the rules own, by slot.
    pub(crate) fn ct_templates(&self) -> &[crate::sys::conntrack::CtTemplate] {
        &self.held.ct_templates
    }

    /// The `string` rules' searches, by slot.
    pub(crate) fn searches(&self) -> &[crate::sys::textsearch::TsConfig] {
        &self.held.searches
    }

    /// The `connlimit` counters the rules own, by slot.
    pub(crate) fn conncount(&self) -> &[crate::sys::conntrack::Conncount] {
        &self.held.conncount
    }

    /// The `TEE --oif` trackers, by slot.
    pub(crate) fn tee_oifs(&self) -> &[crate::tee::OifUse] {
        &self.held.tee_oifs
    }

    /// The per-CPU stacks, for [`crate::sys::live::Live::read`]'s caller.
    pub(crate) fn stacks(&self) -> &PerCpu<JumpStack> {
        &self.stacks
    }

    /// The counters of rule `i`, summed over every CPU.
    pub(crate) fn counter(&self, i: u32) -> Counter {
        self.counters.sum(i)
    }

    /// Adds `c` to rule `i`'s counters (`IPT_SO_SET_ADD_COUNTERS`).
    pub(crate) fn add_counter(&self, i: u32, c: Counter) {
        self.counters.add_n(i, c.packets, c.bytes);
    }

    /// Every rule's counters as an array of `struct xt_counters`.
    pub(crate) fn counters_blob(&self) -> Result<KVVec<u8>> {
        let n = usize::try_from(self.ruleset.num_entries())?;
        let len = n.checked_mul(XT_COUNTERS_SIZE).ok_or(ENOMEM)?;
        let mut out = KVVec::with_capacity(len, GFP_KERNEL_ACCOUNT)?;
        for i in 0..self.ruleset.num_entries() {
            let c = self.counter(i);
            out.extend_from_slice(&c.packets.to_ne_bytes(), GFP_KERNEL_ACCOUNT)?;
            out.extend_from_slice(&c.bytes.to_ne_bytes(), GFP_KERNEL_ACCOUNT)?;
        }
        Ok(out)
    }

    /// The entries as `IPT_SO_GET_ENTRIES` returns them: the validated blob with every rule's
    /// current counters filled in.
    pub(crate) fn entries_blob(&self) -> Result<KVVec<u8>> {
        let blob = self.ruleset.blob();
        let mut out = KVVec::with_capacity(blob.len(), GFP_KERNEL_ACCOUNT)?;
        out.extend_from_slice(blob, GFP_KERNEL_ACCOUNT)?;
        for (i, rule) in self.ruleset.rules().iter().enumerate() {
            let c = self.counter(u32::try_from(i)?);
            let at = usize::try_from(rule.offset)?
                .checked_add(ipt_entry::PCNT)
                .ok_or(EINVAL)?;
            let dst = out
                .get_mut(at..at.checked_add(XT_COUNTERS_SIZE).ok_or(EINVAL)?)
                .ok_or(EINVAL)?;
            let (p, b) = dst.split_at_mut(8);
            p.copy_from_slice(&c.packets.to_ne_bytes());
            b.copy_from_slice(&c.bytes.to_ne_bytes());
        }
        Ok(out)
    }
}
