// SPDX-License-Identifier: GPL-2.0

//! The kernel's packet loggers as `LOG` uses them: a reference on the IPv4 `LOG`-type logger
//! (`nf_logger_find_get`), held while a table with `LOG` rules is loaded, and the log line
//! itself (`nf_log_packet`).

use crate::sys::{
    bindings,
    netfilter::{HookState, SkBuff},
};
use kernel::{error::to_result, prelude::*};

/// The length of `struct xt_log_info`'s `prefix`, NUL included.
const PREFIX_LEN: usize = 30;

/// A reference on the IPv4 `NF_LOG_TYPE_LOG` logger (`nf_logger_find_get`), which pins the
/// logger's module (`nf_log_syslog`) so that `nf_log_packet` finds it.
///
/// # Invariants
///
/// Holds one `nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG)` reference, put on drop.
pub(crate) struct LoggerUse(());

impl LoggerUse {
    /// Takes the reference as `log_tg_check` does: on failure, loads `nf_log_syslog` and tries
    /// once more. Process context (may sleep).
    pub(crate) fn get() -> Result<Self> {
        // SAFETY: Called from a sockopt handler, process context.
        to_result(unsafe { bindings::oxt_logger_get() })?;
        // INVARIANT: one reference taken.
        Ok(Self(()))
    }
}

impl Drop for LoggerUse {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we hold one reference; the logger stays registered
        // while it is held.
        unsafe { bindings::oxt_logger_put() };
    }
}

/// A reference on the IPv4 `NF_LOG_TYPE_ULOG` logger (`nf_logger_find_get`), which pins the
/// logger's module (`nfnetlink_log`) so that `NFLOG`'s `nf_log_packet` finds it.
///
/// # Invariants
///
/// Holds one `nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_ULOG)` reference, put on drop.
pub(crate) struct UloggerUse(());

impl UloggerUse {
    /// Takes the reference as `nflog_tg_check` does: on failure, loads `nfnetlink_log` and
    /// tries once more. Process context (may sleep).
    pub(crate) fn get() -> Result<Self> {
        // SAFETY: Called from a sockopt handler, process context.
        to_result(unsafe { bindings::oxt_ulogger_get() })?;
        // INVARIANT: one reference taken.
        Ok(Self(()))
    }
}

impl Drop for UloggerUse {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we hold one reference; the logger stays registered
        // while it is held.
        unsafe { bindings::oxt_ulogger_put() };
    }
}

/// The length of `struct xt_nflog_info`'s `prefix`, NUL included.
const NFLOG_PREFIX_LEN: usize = 64;

impl SkBuff {
    /// Hands this packet from `state`'s hook to the `ULOG` logger (`nfnetlink_log`) with the
    /// `NFLOG` rule's `group`, `copy_len`, `qthreshold`, `flags` (`NF_LOG_F_*`) and `prefix`
    /// (cut to 63 bytes), as `nflog_tg` does (`nf_log_packet`).
    pub(crate) fn nflog_packet(
        &self,
        state: &HookState,
        group: u16,
        copy_len: u32,
        qthreshold: u16,
        flags: u16,
        prefix: &[u8],
    ) {
        let mut p = [0u8; NFLOG_PREFIX_LEN];
        let n = prefix.len().min(NFLOG_PREFIX_LEN - 1);
        if let (Some(dst), Some(src)) = (p.get_mut(..n), prefix.get(..n)) {
            dst.copy_from_slice(src);
        }
        // SAFETY: The skb and the hook state are live for the hook call (type invariants); `p`
        // is NUL-terminated and outlives the call, which only reads it.
        unsafe {
            bindings::oxt_nflog_packet(
                state.as_raw(),
                self.as_raw(),
                group,
                copy_len,
                qthreshold,
                flags,
                p.as_ptr(),
            )
        }
    }

    /// Logs this packet from `state`'s hook through the `LOG` logger with `level`, `logflags`
    /// (`XT_LOG_*`) and `prefix` (cut to 29 bytes), as `log_tg` does (`nf_log_packet`).
    pub(crate) fn log_packet(&self, state: &HookState, level: u8, logflags: u8, prefix: &[u8]) {
        let mut p = [0u8; PREFIX_LEN];
        let n = prefix.len().min(PREFIX_LEN - 1);
        if let (Some(dst), Some(src)) = (p.get_mut(..n), prefix.get(..n)) {
            dst.copy_from_slice(src);
        }
        // SAFETY: The skb and the hook state are live for the hook call (type invariants); `p`
        // is NUL-terminated and outlives the call, which only reads it.
        unsafe {
            bindings::oxt_log_packet(state.as_raw(), self.as_raw(), level, logflags, p.as_ptr())
        }
    }
}
