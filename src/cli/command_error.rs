//! Every failure of a command as one value, as jj has it: what kind of failure it is
//! (which gives the exit code), the error, and the hints the CLI adds to the library's
//! words (which option or command fixes it). It still prints as one line when it can:
//! `git-desk: MESSAGE: HINT`.

use std::io;

use git_desk::DeskError;

use super::hints;

/// Whose fault a failure is, which the exit code tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The reader went away (a closed pipe): nothing left to say, not a failure.
    ClosedPipe,
    /// An operation failed (network, I/O, git): exit code 1.
    Failure,
    /// The input cannot be accepted: exit code 2.
    BadInput,
    /// Not now: the caller (a mail system) should try again later: exit code 75
    /// (EX_TEMPFAIL).
    RetryLater,
}

impl Kind {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::ClosedPipe => 0,
            Kind::Failure => 1,
            Kind::BadInput => 2,
            Kind::RetryLater => 75,
        }
    }
}

/// A command's failure: its kind, the error with its causes, and the CLI's hints.
#[derive(Debug)]
pub struct CommandError {
    /// Whose fault it is.
    pub kind: Kind,
    /// What went wrong, with its causes.
    pub error: anyhow::Error,
    /// What to do about it, in the CLI's words, after the message.
    pub hints: Vec<Hint>,
}

/// What to do about an error, and how it follows the message on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Follows with `: ` (the usual way).
    Then(String),
    /// Follows with `; `, after a message that ends in a clause of its own.
    Also(String),
    /// An aside in parentheses, following with a space.
    Aside(String),
}

impl Hint {
    /// The hint with what joins it to the text before.
    fn joined(&self) -> String {
        match self {
            Hint::Then(text) => format!(": {text}"),
            Hint::Also(text) => format!("; {text}"),
            Hint::Aside(text) => format!(" ({text})"),
        }
    }
}

/// A usage problem found by the CLI itself (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Marks a failure the caller should retry later (exit code 75): a mail system keeps the
/// message queued and delivers it again.
#[derive(Debug, thiserror::Error)]
#[error("the message stays with the mail system, to be delivered again")]
pub struct RetryLater;

/// Shorthand for a usage error.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

impl From<anyhow::Error> for CommandError {
    /// The kind comes from the first cause that tells (a closed pipe, a library error,
    /// a usage error); anything else is a failed operation.
    fn from(error: anyhow::Error) -> CommandError {
        let mut kind = Kind::Failure;
        let mut hints = Vec::new();
        let retry = error.downcast_ref::<RetryLater>().is_some();
        for cause in error.chain() {
            if io_error_kind(cause) == Some(io::ErrorKind::BrokenPipe) {
                kind = Kind::ClosedPipe;
                break;
            }
            if let Some(desk) = cause.downcast_ref::<DeskError>() {
                kind = if desk.is_bad_input() {
                    Kind::BadInput
                } else {
                    Kind::Failure
                };
                hints = hints::for_error(desk);
                break;
            }
            if cause.downcast_ref::<UsageError>().is_some() {
                kind = Kind::BadInput;
                break;
            }
        }
        if retry && kind != Kind::ClosedPipe {
            kind = Kind::RetryLater;
        }
        CommandError { kind, error, hints }
    }
}

impl CommandError {
    /// The error as one line: each cause in turn (as `{:#}` prints them), then the hints.
    pub fn line(&self) -> String {
        let mut line = hints::message(&self.error);
        for hint in &self.hints {
            line.push_str(&hint.joined());
        }
        line
    }
}

/// The kind of I/O failure behind an error, also where a serialiser wrapped it (serde_json
/// does not expose its I/O error as a source).
fn io_error_kind(cause: &(dyn std::error::Error + 'static)) -> Option<io::ErrorKind> {
    if let Some(io) = cause.downcast_ref::<io::Error>() {
        return Some(io.kind());
    }
    if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
        return json.io_error_kind();
    }
    if let Some(DeskError::Io { source, .. }) = cause.downcast_ref::<DeskError>() {
        return Some(source.kind());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;
    use git_desk::error::{BadValue, Exists, Named};

    fn of(error: impl Into<anyhow::Error>) -> CommandError {
        CommandError::from(error.into())
    }

    #[test]
    fn kinds_map_to_exit_codes() {
        assert_eq!(Kind::ClosedPipe.exit_code(), 0);
        assert_eq!(Kind::Failure.exit_code(), 1);
        assert_eq!(Kind::BadInput.exit_code(), 2);
        assert_eq!(Kind::RetryLater.exit_code(), 75);
        let later = of(anyhow::Error::from(DeskError::NoDesk {
            branch: "desk".into(),
        })
        .context(RetryLater));
        assert_eq!(later.kind, Kind::RetryLater);
        assert!(!later.hints.is_empty(), "the hints stay");
    }

    #[test]
    fn library_errors_say_whose_fault_they_are() {
        assert_eq!(of(DeskError::NoIdentity).kind, Kind::BadInput);
        assert_eq!(of(BadValue::Email("bob".into())).kind, Kind::Failure);
        assert_eq!(
            of(DeskError::from(BadValue::Email("bob".into()))).kind,
            Kind::BadInput
        );
        let contended = of(DeskError::Contended { attempts: 3 });
        assert_eq!(contended.kind, Kind::Failure);
        assert!(contended.hints.is_empty());
    }

    #[test]
    fn usage_errors_are_bad_input_and_others_fail() {
        assert_eq!(of(usage("no")).kind, Kind::BadInput);
        assert_eq!(of(anyhow::anyhow!("disk on fire")).kind, Kind::Failure);
        let wrapped = Err::<(), _>(usage("bad"))
            .context("while reading")
            .unwrap_err();
        assert_eq!(of(wrapped).kind, Kind::BadInput);
    }

    #[test]
    fn a_closed_pipe_is_no_failure_even_wrapped() {
        let pipe = io::Error::new(io::ErrorKind::BrokenPipe, "closed");
        assert_eq!(of(pipe).kind, Kind::ClosedPipe);
        let wrapped = Err::<(), _>(DeskError::io(
            "writing",
            io::Error::from(io::ErrorKind::BrokenPipe),
        ))
        .context("printing")
        .unwrap_err();
        assert_eq!(of(wrapped).kind, Kind::ClosedPipe);
    }

    #[test]
    fn hints_follow_the_message_on_one_line() {
        let err = of(DeskError::from(BadValue::BranchName("a..b".into())));
        assert_eq!(
            err.hints,
            vec![Hint::Then("pick another with --branch".to_string())]
        );
        assert_eq!(
            err.line(),
            "'a..b' is not a valid branch name: pick another with --branch"
        );
        let err = of(DeskError::from(BadValue::TicketPrefix("zz!".into())));
        assert_eq!(
            err.line(),
            "'zz!' is not a ticket id: ids use 0-9 and a-z without i, l, o, u (see `git desk ls`)"
        );
        let err = of(DeskError::from(Exists::Article {
            slug: "vpn".into(),
            path: "kb/vpn.md".into(),
        }));
        assert_eq!(
            err.line(),
            "a knowledge-base article 'vpn' already exists (kb/vpn.md): choose another slug with --slug, or change it with `git desk kb edit vpn`"
        );
        let err = of(DeskError::Unknown {
            what: Named::Article,
            name: "vpn".into(),
            known: Vec::new(),
        });
        assert_eq!(
            err.line(),
            "no knowledge-base article 'vpn': list them with `git desk kb ls`"
        );
    }

    #[test]
    fn hints_join_as_the_message_needs() {
        let err = of(DeskError::PushRaced {
            remote: "origin".into(),
            attempts: 5,
        });
        assert_eq!(
            err.line(),
            "the push to 'origin' was rejected 5 times because others kept pushing: your changes are merged locally; run `git desk sync origin` again"
        );
        let wrapped = Err::<(), _>(DeskError::NoDesk {
            branch: "desk".into(),
        })
        .context("cannot list")
        .unwrap_err();
        assert_eq!(
            of(wrapped).line(),
            "cannot list: no desk on branch 'desk': create it with `git desk init`, or fetch one with `git desk pull`"
        );
    }

    #[test]
    fn messages_without_hints_print_as_before() {
        let err = of(DeskError::Unknown {
            what: Named::Service,
            name: "mail".into(),
            known: vec!["email".into(), "vpn".into()],
        });
        assert!(err.hints.is_empty());
        assert_eq!(
            err.line(),
            "service 'mail' is not in the catalogue: use one of email, vpn (or add it to [services] in desk.toml)"
        );
    }
}
