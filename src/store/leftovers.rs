//! What killed writers leave behind in a repository, found and removed only when no
//! process can still be using it: the branch lock, temporary refs, and the worktree
//! question (is the desk branch checked out anywhere).

use std::path::PathBuf;

use super::{pack, Desk, STALE_LOCK_AGE};
use crate::error::DeskError;

/// What kind of thing a [`Leftover`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftoverKind {
    /// The branch's lock file (`refs/heads/desk.lock`), older than any writer holds it.
    BranchLock,
    /// A temporary ref of a commit writer that is no longer running
    /// (`refs/git-desk/pack-<pid>-...`).
    PackRef,
    /// A fetch's landing ref older than any fetch lives (`refs/desk/fetch/...`).
    FetchRef,
}

/// Something a killed process left behind that no process is using.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// What it is.
    pub kind: LeftoverKind,
    /// The lock file's path, or the ref's full name.
    pub name: String,
}

impl Desk {
    /// The worktree that has the desk branch checked out (or is rebasing it), if any:
    /// writes are refused while one does.
    pub fn checked_out_worktree(&self) -> Result<Option<PathBuf>, DeskError> {
        self.checked_out_in()
    }

    /// The branch lock, if one is there that no writer holds (one older than a writer
    /// ever holds it, as writers judge it).
    fn stale_branch_lock(&self) -> Option<PathBuf> {
        let lock = self
            .repo
            .commondir()
            .join(format!("{}.lock", self.moved_refname()));
        let age = std::fs::metadata(&lock)
            .and_then(|m| m.modified())
            .ok()?
            .elapsed()
            .unwrap_or_default();
        (age >= STALE_LOCK_AGE).then_some(lock)
    }

    /// The leftovers of killed writers in this repository: the stale branch lock and
    /// the temporary refs of commit writers no longer running. (A sync's fetch refs are
    /// [`crate::sync`]'s to judge.)
    pub fn leftovers(&self) -> Vec<Leftover> {
        let mut found = Vec::new();
        if let Some(lock) = self.stale_branch_lock() {
            found.push(Leftover {
                kind: LeftoverKind::BranchLock,
                name: lock.display().to_string(),
            });
        }
        found.extend(
            pack::leftovers(&self.repo)
                .into_iter()
                .map(|name| Leftover {
                    kind: LeftoverKind::PackRef,
                    name,
                }),
        );
        found
    }

    /// Removes a leftover, after checking again that it still is one (a lock that a new
    /// writer took meanwhile is young, and kept).
    pub fn remove_leftover(&self, leftover: &Leftover) -> Result<(), DeskError> {
        match leftover.kind {
            LeftoverKind::BranchLock => match self.stale_branch_lock() {
                Some(lock) if lock.display().to_string() == leftover.name => {
                    std::fs::remove_file(&lock).or_else(|e| match e.kind() {
                        std::io::ErrorKind::NotFound => Ok(()),
                        _ => Err(DeskError::io("cannot remove the stale branch lock", e)),
                    })
                }
                _ => Ok(()),
            },
            LeftoverKind::PackRef => {
                if pack::leftovers(&self.repo).contains(&leftover.name) {
                    self.delete_ref(&leftover.name)?;
                }
                Ok(())
            }
            LeftoverKind::FetchRef => {
                crate::sync::transport::remove_fetch_ref(&self.repo, &leftover.name)
            }
        }
    }

    fn delete_ref(&self, name: &str) -> Result<(), DeskError> {
        match self.repo.find_reference(name) {
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(()),
            Err(e) => Err(e.into()),
            Ok(mut r) => Ok(r.delete()?),
        }
    }
}
