//! The library's typed errors. Each says what went wrong and what to do about it; the
//! CLI maps them to exit codes through [`DeskError::is_bad_input`].

use thiserror::Error;

/// Everything the desk library can fail with.
#[derive(Debug, Error)]
pub enum DeskError {
    /// The caller gave something that cannot be accepted; the message names it and the fix.
    #[error("{0}")]
    Invalid(String),

    /// No ticket id starts with the given prefix.
    #[error("no ticket matches '{prefix}': list ticket ids with `git desk ls --all`")]
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
    #[error("not a git repository ({0}): run inside one, or pass -C PATH")]
    NotARepository(String),

    /// The desk branch does not exist yet.
    #[error("no desk on branch '{branch}': create it with `git desk init`, or fetch one with `git desk pull`")]
    NoDesk {
        /// The branch that was looked for.
        branch: String,
    },

    /// The branch exists but holds no desk (no `desk.toml` at its root).
    #[error("branch '{branch}' is not a desk (it has no desk.toml): name the desk's branch with --branch, or create a desk on a new branch with `git desk init --branch NAME`")]
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
    #[error(
        "a desk already exists on branch '{branch}': nothing to do (use --branch NAME for another)"
    )]
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
    #[error("remote '{remote}' has no '{branch}' branch yet: publish this desk there with `git desk push {remote}`")]
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
    #[error("the push to '{remote}' was rejected {attempts} times because others kept pushing: your changes are merged locally; run `git desk sync {remote}` again")]
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
        )
    }
}

/// Shorthand for the library's results.
pub type Result<T, E = DeskError> = std::result::Result<T, E>;
