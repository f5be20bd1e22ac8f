//! The library's typed errors. Each says what went wrong and what to do about it; the
//! CLI maps them to exit codes through [`DeskError::is_bad_input`].

use thiserror::Error;

/// Everything the desk library can fail with.
#[derive(Debug, Error)]
pub enum DeskError {
    /// Free-form validation text for input no caller tells apart from other bad input;
    /// the message names it and the fix. Cases a caller branches on have their own
    /// variants below.
    #[error("{0}")]
    Invalid(String),

    /// No ticket id starts with the given prefix.
    #[error("no ticket matches '{prefix}'")]
    UnknownTicket {
        /// What the user typed.
        prefix: String,
    },

    /// Several tickets start with the given prefix.
    #[error("ticket id '{prefix}' is ambiguous: it matches {}; type more characters", candidates.join(", "))]
    AmbiguousId {
        /// What the user typed.
        prefix: String,
        /// The ids it matches (at most a handful are listed).
        candidates: Vec<String>,
    },

    /// A query could not be parsed.
    #[error("bad query: {0}")]
    BadQuery(String),

    /// Git has no name or email for the person acting.
    #[error("no git identity: set one with `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`")]
    NoIdentity,

    /// The current directory is not inside a git repository.
    #[error("not a git repository ({0})")]
    NotARepository(String),

    /// The desk branch does not exist yet.
    #[error("no desk on branch '{branch}'")]
    NoDesk {
        /// The branch that was looked for.
        branch: String,
    },

    /// The branch exists but holds no desk (no `desk.toml` at its root).
    #[error("branch '{branch}' is not a desk (it has no desk.toml)")]
    NotADesk {
        /// The branch.
        branch: String,
    },

    /// The desk branch is checked out in one of this repository's worktrees.
    #[error("the desk branch '{branch}' is checked out in the worktree {worktree}, and writing it would put that worktree out of step: switch it to another branch first (`git -C {worktree} switch -`)")]
    CheckedOut {
        /// The branch.
        branch: String,
        /// The worktree that has it checked out.
        worktree: String,
    },

    /// `init` on a repository that already has the desk branch.
    #[error("a desk already exists on branch '{branch}'")]
    DeskExists {
        /// The existing branch.
        branch: String,
    },

    /// A ticket file on the branch cannot be read (hand-edited, truncated, newer schema...).
    #[error("{path} is broken: {reason}; repair it with plain git (git show desk:{path}) or restore an earlier version")]
    BrokenTicket {
        /// Its path in the desk tree.
        path: String,
        /// Why it could not be read.
        reason: String,
    },

    /// Other writers kept moving the branch while this one tried to commit.
    #[error("the desk branch kept moving under this command ({attempts} attempts): nothing was written; run it again")]
    Contended {
        /// How many times it tried.
        attempts: u32,
    },

    /// A remote that git cannot find: not a configured remote, not a repository.
    #[error("remote '{remote}' is not a git repository or a configured remote ({reason}): check `git remote -v`, or give a path or URL")]
    UnknownRemote {
        /// The remote as given.
        remote: String,
        /// What git said.
        reason: String,
    },

    /// The remote exists but has no desk branch.
    #[error("remote '{remote}' has no '{branch}' branch yet")]
    RemoteHasNoDesk {
        /// The remote.
        remote: String,
        /// The branch looked for.
        branch: String,
    },

    /// Talking to the remote failed (network, authentication, the server refused).
    #[error(
        "cannot {action} '{remote}': {reason}; nothing is lost: the local desk keeps all its work"
    )]
    Remote {
        /// `fetch from` or `push to`.
        action: &'static str,
        /// The remote.
        remote: String,
        /// git's own words.
        reason: String,
    },

    /// Pushes kept being rejected because others kept pushing.
    #[error("the push to '{remote}' was rejected {attempts} times because others kept pushing: your changes are merged locally")]
    PushRaced {
        /// The remote.
        remote: String,
        /// How many attempts.
        attempts: u32,
    },

    /// The `git` program is missing or too old for sync.
    #[error("{0}")]
    GitProgram(String),

    /// libgit2 failed.
    #[error("git: {0}")]
    Git(#[from] crate::store::GitError),

    /// The file system failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The desk branch's lock file stayed in place while this command waited for it.
    #[error("the desk branch is locked by {lock}: another git command is updating it, or one was killed and left the file behind; nothing was written: if no other git process is running on this repository, remove {lock} and run the command again")]
    BranchLocked {
        /// The lock file's full path.
        lock: String,
    },

    /// The desk branch is a symbolic ref to a ref that does not exist.
    #[error("{refname} is a symbolic ref to {target}, which does not exist: point it at an existing branch (`git symbolic-ref {refname} refs/heads/BRANCH`) or remove it (`git symbolic-ref --delete {refname}`)")]
    DanglingBranch {
        /// The desk branch's full ref name.
        refname: String,
        /// What it points to.
        target: String,
    },

    /// desk.toml cannot be used, so the rules it holds (permissions, routing,
    /// escalation) are unknown and a write they would check is refused.
    #[error("desk.toml is broken ({reason}): writes that its rules check are refused until it is fixed; fix it with `git desk config edit`")]
    BrokenConfig {
        /// Why it is broken, naming the line.
        reason: String,
    },

    /// The workflow rules refuse the change; the message names no command or option.
    #[error(transparent)]
    Refused(#[from] crate::workflow::Refusal),

    /// A name that is none of the known ones: a service, a field, a sort key...
    #[error("{}", unknown_message(*what, name, known))]
    Unknown {
        /// What kind of name it should have been.
        what: Named,
        /// The name as given.
        name: String,
        /// The names that are known (empty where they are too many to list).
        known: Vec<String>,
    },

    /// A value not of the form its field takes.
    #[error(transparent)]
    BadValue(#[from] BadValue),

    /// Something by that name exists already.
    #[error(transparent)]
    Exists(#[from] Exists),

    /// A ticket file written by a newer git-desk, which this one must not rewrite.
    #[error("{path} uses file schema {found}, newer than this git-desk understands ({known}): upgrade git-desk to change it")]
    SchemaNewer {
        /// The ticket's path in the desk tree.
        path: String,
        /// The file's schema.
        found: i64,
        /// The newest schema this build understands.
        known: i64,
    },

    /// desk.toml's permissions do not let this person do this.
    #[error("permission denied: {0}")]
    PermissionDenied(String),

    /// A file to import cannot be imported; nothing was.
    #[error(transparent)]
    Import(#[from] ImportError),

    /// The remote's branch exists but holds no desk (no `desk.toml` at its root).
    #[error("the '{branch}' branch of remote '{remote}' is not a desk (it has no desk.toml)")]
    RemoteNotADesk {
        /// The remote.
        remote: String,
        /// The branch.
        branch: String,
    },

    /// The server refused the push itself (a pre-receive hook such as `git desk
    /// verify`), saying why in `remote:` lines, which the caller shows as they are.
    #[error("the server refused the push to '{remote}' ({detail}){}; nothing is lost: the local desk keeps all its work", if said.is_empty() { "" } else { ", for the reasons it gave above" })]
    PushRefused {
        /// The remote.
        remote: String,
        /// git's word for the refusal (`pre-receive hook declined`).
        detail: String,
        /// The server's lines, without their `remote: ` prefix.
        said: Vec<String>,
    },

    /// One ticket of a change to several was refused; nothing was written. The reason
    /// names the ticket by its short id.
    #[error("{reason}")]
    RefusedInBulk {
        /// The refused ticket's short id.
        ticket: String,
        /// How many tickets the change named.
        targets: usize,
        /// The change's verb (`escalate`).
        verb: &'static str,
        /// Why the ticket was refused.
        reason: Box<DeskError>,
    },
}

/// What kind of name a [`DeskError::Unknown`] should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A value of one of the ticket's named enums (`status`, `impact`...).
    Value(&'static str),
    /// A service of the catalogue.
    Service,
    /// An import format.
    ImportFormat,
    /// A sort key.
    SortKey,
    /// A field `set` can change.
    SettableField,
    /// A field `edit` can change.
    EditableField,
    /// A knowledge-base article's slug.
    Article,
    /// A site of `[sites]`.
    Site,
}

fn unknown_message(what: Named, name: &str, known: &[String]) -> String {
    let known = known.join(", ");
    match what {
        Named::Value(what) => format!("{what} '{name}' is not known: use one of {known}"),
        Named::Service => format!(
            "service '{name}' is not in the catalogue: use one of {known} (or add it to [services] in desk.toml)"
        ),
        Named::ImportFormat => format!("unknown import format '{name}': use one of {known}"),
        Named::SortKey => {
            format!("cannot sort by '{name}': use one of {known} (prefix - to reverse)")
        }
        Named::SettableField => format!("cannot set '{name}': settable fields are {known}"),
        Named::EditableField => format!(
            "'{name}' cannot be edited here: editable fields are {known}; nothing was changed"
        ),
        Named::Article => format!("no knowledge-base article '{name}'"),
        Named::Site if known.is_empty() => format!(
            "site '{name}' is not defined: this desk has no sites; add [sites.{name}] with its calendar to desk.toml"
        ),
        Named::Site => format!(
            "site '{name}' is not defined: use one of {known} (or add [sites.{name}] to desk.toml)"
        ),
    }
}

/// A value not of the form its field takes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BadValue {
    /// Not a whole ticket id.
    #[error("'{0}' is not a ticket id: ids are {len} characters of 0-9 and a-z without i, l, o, u", len = crate::model::id::TICKET_ID_LEN)]
    TicketId(String),
    /// Not even the start of a ticket id.
    #[error("'{0}' is not a ticket id: ids use 0-9 and a-z without i, l, o, u")]
    TicketPrefix(String),
    /// Not a tier.
    #[error("tier '{0}' is not a tier: use 0, 1, 2, 3 or 4")]
    Tier(String),
    /// Not a priority.
    #[error("priority '{0}' is not a priority: use P1, P2, P3, P4 or P5")]
    Priority(String),
    /// Not an email address where a person is named.
    #[error("'{0}' is not an email address: people are named by email (or `me`)")]
    Email(String),
    /// Not true or false.
    #[error("{field}={value}: {field} is true or false")]
    Flag {
        /// The field.
        field: String,
        /// The value given.
        value: String,
    },
    /// A rating outside 1-5.
    #[error("a rating is 1 (very unhappy) to 5 (very happy), not {0}")]
    Rating(i64),
    /// A label with spaces or control characters.
    #[error("label '{0}' has spaces or control characters: use-dashes-instead")]
    Label(String),
    /// Not a valid article slug.
    #[error("'{0}' is not a valid article slug: use lower-case letters, digits and single dashes, at most {max} characters (e.g. vpn-rekey)", max = crate::kb::MAX_SLUG_LEN)]
    Slug(String),
    /// Not a valid git branch name.
    #[error("'{0}' is not a valid branch name")]
    BranchName(String),
    /// Not a remote name git would take.
    #[error("'{0}' is not a remote: name a configured remote, a path or a URL")]
    RemoteName(String),
    /// DESK_SEED is not a number.
    #[error("DESK_SEED='{0}' is not a whole number from 0 to {max}: use e.g. DESK_SEED=1, or unset it", max = u64::MAX)]
    Seed(String),
    /// DESK_NOW is not a time.
    #[error("DESK_NOW='{0}' is not an RFC 3339 time: use e.g. 2026-11-22T09:00:00Z, or unset it")]
    Now(String),
}

/// Something by that name exists already.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Exists {
    /// A knowledge-base article has the slug.
    #[error("a knowledge-base article '{slug}' already exists ({path})")]
    Article {
        /// The slug.
        slug: String,
        /// Its path in the desk tree.
        path: String,
    },
    /// A ticket being imported has the id of one on the desk.
    #[error("ticket {0} exists already: import it with a new id, or leave it out")]
    Ticket(String),
    /// The branch a desk would be created on holds something else.
    #[error("branch '{0}' already exists and is not a desk")]
    Branch(String),
}

/// A file to import that cannot be imported; nothing was.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// One record has a bad field.
    #[error("{row}: {field}: {reason}; nothing was imported (fix the row and import again)")]
    Record {
        /// The record: `row 3` or `element 2 (line 14)`.
        row: String,
        /// The field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file is not JSON.
    #[error("the file is not JSON (line {line}: {reason}): nothing was imported")]
    NotJson {
        /// The line the parser stopped at.
        line: usize,
        /// The parser's words.
        reason: String,
    },
    /// The JSON is not the array `git desk export` writes.
    #[error(
        "the JSON is not an array of tickets (as `git desk export` writes): nothing was imported"
    )]
    NotTickets,
    /// The JSON is not the array `gh issue list --json ...` writes.
    #[error("expected the array of `gh issue list --json number,title,body,labels,state,createdAt,closedAt,author,comments`: nothing was imported")]
    NotGithubIssues,
}

impl DeskError {
    /// A bad-input error with the given message.
    pub fn invalid(message: impl Into<String>) -> DeskError {
        DeskError::Invalid(message.into())
    }

    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> DeskError {
        DeskError::Io {
            context: context.into(),
            source,
        }
    }

    /// True when the error is the caller's input (exit code 2) rather than a failed
    /// operation (exit code 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            DeskError::Invalid(_)
                | DeskError::UnknownTicket { .. }
                | DeskError::AmbiguousId { .. }
                | DeskError::BadQuery(_)
                | DeskError::NoIdentity
                | DeskError::NotARepository(_)
                | DeskError::NoDesk { .. }
                | DeskError::DeskExists { .. }
                | DeskError::NotADesk { .. }
                | DeskError::CheckedOut { .. }
                | DeskError::UnknownRemote { .. }
                | DeskError::RemoteHasNoDesk { .. }
                | DeskError::BrokenConfig { .. }
                | DeskError::Refused(_)
                | DeskError::Unknown { .. }
                | DeskError::BadValue(_)
                | DeskError::Exists(_)
                | DeskError::SchemaNewer { .. }
                | DeskError::PermissionDenied(_)
                | DeskError::Import(_)
                | DeskError::RemoteNotADesk { .. }
        ) || matches!(self, DeskError::RefusedInBulk { reason, .. } if reason.is_bad_input())
    }
}

/// Shorthand for the library's results.
pub type Result<T, E = DeskError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Priority, Status, TicketId, TicketState, Tier};

    #[test]
    fn bad_names_and_values_come_back_typed() {
        let err = "shelved".parse::<Status>().unwrap_err();
        let DeskError::Unknown { what, name, known } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(*what, Named::Value("status"));
        assert_eq!(name, "shelved");
        assert!(known.iter().any(|k| k == "in-progress"), "{known:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "status 'shelved' is not known: use one of {}",
                Status::names()
            )
        );
        assert!(matches!(
            "9".parse::<Tier>(),
            Err(DeskError::BadValue(BadValue::Tier(t))) if t == "9"
        ));
        assert!(matches!(
            "P9".parse::<Priority>(),
            Err(DeskError::BadValue(BadValue::Priority(p))) if p == "P9"
        ));
        assert!(matches!(
            TicketId::parse("short"),
            Err(DeskError::BadValue(BadValue::TicketId(s))) if s == "short"
        ));
        let mut none: Vec<TicketState> = Vec::new();
        assert!(matches!(
            crate::query::sort_tickets(&mut none, "colour"),
            Err(DeskError::Unknown { what: Named::SortKey, name, .. }) if name == "colour"
        ));
    }

    #[test]
    fn typed_errors_are_bad_input_and_read_as_before() {
        let cases: Vec<(DeskError, &str)> = vec![
            (
                BadValue::Email("bob".into()).into(),
                "'bob' is not an email address: people are named by email (or `me`)",
            ),
            (
                BadValue::Flag {
                    field: "major".into(),
                    value: "maybe".into(),
                }
                .into(),
                "major=maybe: major is true or false",
            ),
            (
                BadValue::Rating(7).into(),
                "a rating is 1 (very unhappy) to 5 (very happy), not 7",
            ),
            (
                Exists::Ticket("0123456789abcdef".into()).into(),
                "ticket 0123456789abcdef exists already: import it with a new id, or leave it out",
            ),
            (
                DeskError::SchemaNewer {
                    path: "tickets/01/x.toml".into(),
                    found: 9,
                    known: 1,
                },
                "tickets/01/x.toml uses file schema 9, newer than this git-desk understands (1): upgrade git-desk to change it",
            ),
            (
                ImportError::Record {
                    row: "row 3".into(),
                    field: "status".into(),
                    reason: "no".into(),
                }
                .into(),
                "row 3: status: no; nothing was imported (fix the row and import again)",
            ),
            (
                DeskError::Unknown {
                    what: Named::ImportFormat,
                    name: "xml".into(),
                    known: vec!["json".into(), "csv".into()],
                },
                "unknown import format 'xml': use one of json, csv",
            ),
            (
                DeskError::PermissionDenied("ann@example.com may not rca".into()),
                "permission denied: ann@example.com may not rca",
            ),
        ];
        for (err, text) in cases {
            assert!(err.is_bad_input(), "{err:?}");
            assert_eq!(err.to_string(), text);
        }
    }
}
