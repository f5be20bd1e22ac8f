//! The library's own names for what libgit2 hands back, so that no caller of the store
//! depends on libgit2's types: commit ids and libgit2's errors.

use std::fmt;

use git2::Oid;

use crate::error::DeskError;

/// The id of a commit (of the desk branch, a remote's, a merge).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitId(Oid);

impl CommitId {
    /// How many hex digits [`CommitId::short`] shows.
    pub const SHORT_LEN: usize = 10;

    /// The first [`CommitId::SHORT_LEN`] hex digits, as reports show a commit.
    pub fn short(&self) -> String {
        let mut hex = self.0.to_string();
        hex.truncate(Self::SHORT_LEN);
        hex
    }

    /// The commit id a full hex id names; `None` when it is not one.
    pub fn from_hex(hex: &str) -> Option<CommitId> {
        (hex.len() == 40)
            .then(|| Oid::from_str(hex).ok().map(CommitId))
            .flatten()
    }

    pub(crate) fn oid(self) -> Oid {
        self.0
    }
}

impl From<Oid> for CommitId {
    fn from(oid: Oid) -> CommitId {
        CommitId(oid)
    }
}

/// The full hex id.
impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommitId({})", self.0)
    }
}

/// The id of a blob written to the repository's object store ahead of its commit: a
/// large file (a mail message, an attachment) is written once and then only named.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(Oid);

impl BlobId {
    pub(crate) fn oid(self) -> Oid {
        self.0
    }

    /// The first 16 hex digits: a stable name for the bytes.
    pub fn short(&self) -> String {
        let mut hex = self.0.to_string();
        hex.truncate(16);
        hex
    }
}

impl From<Oid> for BlobId {
    fn from(oid: Oid) -> BlobId {
        BlobId(oid)
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobId({})", self.0)
    }
}

/// A failure inside libgit2, as its own words (kept whole: they say which object or file).
#[derive(Debug)]
pub struct GitError(git2::Error);

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for GitError {}

impl From<git2::Error> for DeskError {
    fn from(e: git2::Error) -> DeskError {
        DeskError::Git(GitError(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_id_shows_whole_or_short() {
        let hex = "0123456789abcdef0123456789abcdef01234567";
        let id = CommitId::from_hex(hex).unwrap();
        assert_eq!(id.to_string(), hex);
        assert_eq!(id.short(), "0123456789");
        assert_eq!(CommitId::from_hex("0123456"), None);
        assert_eq!(CommitId::from_hex(&"z".repeat(40)), None);
    }

    #[test]
    fn libgit2s_words_are_kept() {
        let e = git2::Error::from_str("object not found");
        let desk: DeskError = e.into();
        assert_eq!(desk.to_string(), "git: object not found");
    }
}
