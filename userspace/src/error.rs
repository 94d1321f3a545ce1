// SPDX-License-Identifier: GPL-2.0

//! Errors with iptables' exit codes and message styles.

use std::fmt;

/// Exit code: other problem.
pub const OTHER_PROBLEM: i32 = 1;
/// Exit code: parameter problem.
pub const PARAMETER_PROBLEM: i32 = 2;
/// Exit code: version problem (table missing).
pub const VERSION_PROBLEM: i32 = 3;
/// Exit code: resource problem (lock, EAGAIN).
pub const RESOURCE_PROBLEM: i32 = 4;

/// How an error is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `prog vVERSION (legacy): msg` then the "Try ..." hint (`xtables_error(PARAMETER_PROBLEM)`).
    Param,
    /// `prog vVERSION (legacy): msg` without hint (other `xtables_error` calls).
    Versioned,
    /// `prog: msg.` (libiptc errors, `iptc_strerror`).
    Iptc,
    /// The message verbatim.
    Raw,
    /// The message verbatim, then the restore line and the "Try ..." hint (`exit_tryhelp`,
    /// after the `fprintf` of "Bad argument").
    Hint,
}

/// An error to report and exit with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Exit status.
    pub code: i32,
    /// Message (without the program prefix).
    pub msg: String,
    /// How to print it.
    pub style: Style,
    /// What the command had printed on stdout before failing (the `-v` echo of the rule): C
    /// stdio writes it at exit, so after the message when stdout is not a terminal.
    pub stdout: String,
}

impl Error {
    /// A parameter problem (exit 2, with the "Try" hint).
    pub fn param(msg: impl Into<String>) -> Self {
        Error {
            code: PARAMETER_PROBLEM,
            msg: msg.into(),
            style: Style::Param,
            stdout: String::new(),
        }
    }

    /// A libiptc-style error (exit 1): `prog: msg.`.
    pub fn iptc(msg: impl Into<String>) -> Self {
        Error {
            code: OTHER_PROBLEM,
            msg: msg.into(),
            style: Style::Iptc,
            stdout: String::new(),
        }
    }

    /// A versioned message with a given exit code and no hint.
    pub fn versioned(code: i32, msg: impl Into<String>) -> Self {
        Error {
            code,
            msg: msg.into(),
            style: Style::Versioned,
            stdout: String::new(),
        }
    }

    /// A verbatim message followed by `exit_tryhelp`'s hint.
    pub fn hint(code: i32, msg: impl Into<String>) -> Self {
        Error {
            code,
            msg: msg.into(),
            style: Style::Hint,
            stdout: String::new(),
        }
    }

    /// A verbatim message.
    pub fn raw(code: i32, msg: impl Into<String>) -> Self {
        Error {
            code,
            msg: msg.into(),
            style: Style::Raw,
            stdout: String::new(),
        }
    }

    /// The libiptc message for an errno, as `iptables` prints it for a failed command.
    pub fn from_errno(errno: i32, ctx: ErrCtx) -> Self {
        let specific = match (ctx, errno) {
            (ErrCtx::Delete, ENOENT) => {
                Some("Bad rule (does a matching rule exist in that chain?)")
            }
            (ErrCtx::CreateChain, EEXIST) => Some("Chain already exists"),
            (ErrCtx::Insert, E2BIG) => Some("Index of insertion too big"),
            (ErrCtx::Replace, E2BIG) => Some("Index of replacement too big"),
            (ErrCtx::DeleteNum, E2BIG) => Some("Index of deletion too big"),
            (ErrCtx::Zero, E2BIG) => Some("Index of counter too big"),
            (ErrCtx::Policy, ENOENT) => Some("Bad built-in chain name"),
            (ErrCtx::Policy, EINVAL) => Some("Bad policy name"),
            _ => None,
        };
        let generic = match errno {
            ENOPROTOOPT => Some("iptables who? (do you need to insmod?)"),
            ENOMEM => Some("Memory allocation problem"),
            ENOENT => Some("No chain/target/match by that name"),
            _ => None,
        };
        let mut msg = match specific.or(generic) {
            Some(m) => m.to_string(),
            None => strerror(errno),
        };
        msg.push('.');
        if errno == EINVAL {
            msg.push_str(" Run `dmesg' for more information.");
        }
        Error {
            code: if errno == EAGAIN {
                RESOURCE_PROBLEM
            } else {
                OTHER_PROBLEM
            },
            msg,
            style: Style::Iptc,
            stdout: String::new(),
        }
    }

    /// The error, with what the command had printed on stdout before it.
    pub fn with_stdout(mut self, out: String) -> Self {
        self.stdout = out;
        self
    }

    /// Prints the error the way iptables does for program `prog` (`iptables`, `iptables-restore`).
    /// `line` is the restore input line, if any.
    pub fn render(&self, prog: &str, line: Option<usize>) -> String {
        match self.style {
            Style::Param => {
                let mut s = format!("{prog} v{} (legacy): {}\n", crate::VERSION, self.msg);
                if let Some(l) = line {
                    s.push_str(&format!("Error occurred at line: {l}\n"));
                }
                s.push_str(&format!(
                    "Try `{prog} -h' or '{prog} --help' for more information.\n"
                ));
                s
            }
            Style::Versioned => format!("{prog} v{} (legacy): {}\n", crate::VERSION, self.msg),
            Style::Iptc => format!("{prog}: {}\n", self.msg),
            Style::Raw => self.msg.clone(),
            Style::Hint => {
                let mut s = self.msg.clone();
                if let Some(l) = line {
                    s.push_str(&format!("Error occurred at line: {l}\n"));
                }
                s.push_str(&format!(
                    "Try `{prog} -h' or '{prog} --help' for more information.\n"
                ));
                s
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

/// Which libiptc operation failed (selects `iptc_strerror`'s specific messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrCtx {
    /// Anything without a specific message.
    Generic,
    /// `-D rule`, `-C rule`.
    Delete,
    /// `-N`.
    CreateChain,
    /// `-I n`.
    Insert,
    /// `-R n`.
    Replace,
    /// `-D n`.
    DeleteNum,
    /// `-Z chain n`.
    Zero,
    /// `-P`.
    Policy,
}

/// errno values used here.
pub const ENOENT: i32 = 2;
/// `E2BIG`.
pub const E2BIG: i32 = 7;
/// `EAGAIN`.
pub const EAGAIN: i32 = 11;
/// `ENOMEM`.
pub const ENOMEM: i32 = 12;
/// `EPERM`.
pub const EPERM: i32 = 1;
/// `EEXIST`.
pub const EEXIST: i32 = 17;
/// `EINVAL`.
pub const EINVAL: i32 = 22;
/// `EMLINK`.
pub const EMLINK: i32 = 31;
/// `ELOOP`.
pub const ELOOP: i32 = 40;
/// `ENOTEMPTY`.
pub const ENOTEMPTY: i32 = 39;
/// `ENOPROTOOPT`.
pub const ENOPROTOOPT: i32 = 92;

/// `strerror(errno)` without the " (os error N)" suffix std adds.
pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_argument_has_the_hint() {
        let e = Error::hint(2, "Bad argument `1400'\n");
        assert_eq!(
            e.render("iptables", None),
            "Bad argument `1400'\nTry `iptables -h' or 'iptables --help' for more information.\n"
        );
        assert_eq!(
            e.render("iptables-restore", Some(3)),
            "Bad argument `1400'\nError occurred at line: 3\n\
             Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n"
        );
    }
}
