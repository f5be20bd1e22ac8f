//! The rules a server holds for pushes to the desk branch (SPEC 12): what `git desk
//! verify` checks in a pre-receive hook.
//!
//! Files are judged by the net change of the push (the old tip's tree against the new
//! tip's): only the files that differ are read, so a push of one event to a large desk
//! reads one ticket file. Events that were on the server before are never judged again,
//! so a merge of other people's events the server already holds passes. Signatures are
//! judged per commit, since each commit carries its own.
//!
//! The rules in force are the old tip's desk.toml and `keys/allowed_signers`: a push
//! cannot grant itself the rights it uses. A push that creates the branch brings its own.

mod rules;

use std::fmt;

use crate::config::{DeskConfig, IdentitySource};
use crate::error::DeskError;
use crate::store::{CommitId, Desk};

pub use rules::{verbs_for, Rule};

/// Where the allowed-signers list lives on the branch.
pub const ALLOWED_SIGNERS_PATH: &str = "keys/allowed_signers";

/// One update of a ref, as a pre-receive hook reads it: `OLD NEW REF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    /// The ref's value before; `None` when the push creates it.
    pub old: Option<String>,
    /// The ref's value after; `None` when the push deletes it.
    pub new: Option<String>,
    /// The full ref name.
    pub refname: String,
}

impl RefUpdate {
    /// Reads `OLD NEW [REF]` (hex ids; all zeros for none). `REF` defaults to `default_ref`.
    pub fn parse(line: &str, default_ref: &str) -> Result<RefUpdate, DeskError> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (old, new, refname) = match words.as_slice() {
            [old, new] => (*old, *new, default_ref),
            [old, new, refname] => (*old, *new, *refname),
            _ => {
                return Err(DeskError::invalid(format!(
                    "'{line}' is not an update: give OLD NEW REF (object ids and a ref name), as git hands a pre-receive hook"
                )))
            }
        };
        let id = |hex: &str| -> Result<Option<String>, DeskError> {
            let valid = matches!(hex.len(), 40 | 64) && hex.bytes().all(|b| b.is_ascii_hexdigit());
            if !valid {
                return Err(DeskError::invalid(format!(
                    "'{hex}' is not an object id: give full hex ids (all zeros for none)"
                )));
            }
            Ok((!hex.bytes().all(|b| b == b'0')).then(|| hex.to_lowercase()))
        };
        Ok(RefUpdate {
            old: id(old)?,
            new: id(new)?,
            refname: refname.to_string(),
        })
    }
}

/// One broken rule: the commit, the file, the rule, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The commit (short id) that brought it.
    pub commit: String,
    /// The file it is about; `None` for the update as a whole.
    pub path: Option<String>,
    /// The rule.
    pub rule: Rule,
    /// What is wrong and what to do, one line.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "commit {}", self.commit)?;
        if let Some(path) = &self.path {
            write!(f, " {path}")?;
        }
        write!(f, ": {}: {}", self.rule.name(), self.message)
    }
}

/// Who pushes: the server account and the email it acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pusher {
    /// The account as the server named it.
    pub account: String,
    /// Where it was read.
    pub source: IdentitySource,
    /// The email its events are written by.
    pub email: String,
}

impl Pusher {
    /// The pusher as messages name them: the email, and the account when it differs.
    pub fn named(&self) -> String {
        if self.account.eq_ignore_ascii_case(&self.email) {
            self.email.clone()
        } else {
            format!("{} ({})", self.email, self.account)
        }
    }
}

/// The pusher, read from the first source of `[server] identity` that is set (through
/// `lookup`, the hook's environment); `Err` with the reason and the fix when none is or
/// the account maps to no email.
pub fn identify(
    config: &DeskConfig,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Pusher, String> {
    let sources = config.server.identity_sources();
    let found = sources.iter().find_map(|source| match source {
        IdentitySource::Env(var) => lookup(var)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map(|v| (source.clone(), v)),
    });
    let Some((source, account)) = found else {
        let names: Vec<String> = sources.iter().map(ToString::to_string).collect();
        return Err(format!(
            "the server did not say who pushes ({} unset): set [server] identity = \"env:NAME\" in desk.toml to the variable your server sets for the authenticated user",
            names.join(", ")
        ));
    };
    match config.account_email(&account) {
        Some(email) => Ok(Pusher {
            account,
            source,
            email,
        }),
        None => Err(format!(
            "account '{account}' ({source}) has no email: map it under [accounts] in desk.toml ({account} = \"name@example.com\")"
        )),
    }
}

/// What a signature check found for one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// A good signature by this principal (an email of the allowed-signers list).
    Good(String),
    /// None, or not a good one: git's words.
    Bad(String),
}

/// Runs git's own verification of a commit's signature against an allowed-signers list.
pub type SignatureChecker<'a> = &'a dyn Fn(CommitId, &[u8]) -> Result<SignatureCheck, DeskError>;

/// Checks one update of the desk branch `refname` against every rule, reading only
/// objects. Returns the violations (none: accept). `check_signature` runs git's own
/// verification of a commit against an allowed-signers list.
pub fn verify_update(
    desk: &Desk,
    update: &RefUpdate,
    lookup: &dyn Fn(&str) -> Option<String>,
    check_signature: SignatureChecker<'_>,
) -> Result<Vec<Violation>, DeskError> {
    rules::check(desk, update, lookup, check_signature)
}

#[cfg(test)]
mod tests;
