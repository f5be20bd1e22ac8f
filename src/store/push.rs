//! Reading an update of the desk branch as a server receives it (old tip, new tip): is
//! it a fast-forward, which files changed, which commits are new. Only objects are read
//! (they may still be in the pre-receive quarantine, which libgit2 sees through the
//! environment git sets for the hook); nothing is written, not even the summary cache.

use git2::{Delta, DiffOptions, ObjectType, Oid, Sort};

use super::{CommitId, Desk, Snapshot};
use crate::error::DeskError;

/// A file whose content differs between two commits of the branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// Its path in the desk tree.
    pub path: String,
    /// Its bytes before; `None` when it is new.
    pub old: Option<Vec<u8>>,
    /// Its bytes after; `None` when it was deleted.
    pub new: Option<Vec<u8>>,
}

/// One commit an update brings.
#[derive(Debug, Clone)]
pub struct PushedCommit {
    /// Its id.
    pub id: CommitId,
    /// Its author's email.
    pub author_email: String,
    /// The first line of its message.
    pub subject: String,
}

impl Desk {
    /// The commit a full hex id names, peeled from a tag; `None` when the object is
    /// missing or is no commit.
    pub fn find_commit(&self, hex: &str) -> Result<Option<CommitId>, DeskError> {
        let Ok(oid) = Oid::from_str(hex) else {
            return Ok(None);
        };
        match self.repo.find_object(oid, None) {
            Ok(object) => Ok(object.peel_to_commit().ok().map(|c| c.id().into())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether `new` contains `old` in its history (moving from `old` to `new` is a
    /// fast-forward).
    pub fn descends_from(&self, new: CommitId, old: CommitId) -> Result<bool, DeskError> {
        Ok(new == old || self.repo.graph_descendant_of(new.oid(), old.oid())?)
    }

    /// The desk as of `commit`, read from objects only (no summary cache).
    pub fn snapshot_at(&self, commit: CommitId) -> Result<Snapshot<'_>, DeskError> {
        Snapshot::at(&self.repo, Some(commit.oid()))
    }

    /// The files that differ between `old`'s tree (none: the empty tree) and `new`'s,
    /// in path order, with their bytes. Subtrees equal on both sides are skipped by id,
    /// so the cost follows the size of the change, not of the desk.
    pub fn changed_files(
        &self,
        old: Option<CommitId>,
        new: CommitId,
    ) -> Result<Vec<ChangedFile>, DeskError> {
        let old_tree = match old {
            Some(c) => Some(self.repo.find_commit(c.oid())?.tree()?),
            None => None,
        };
        let new_tree = self.repo.find_commit(new.oid())?.tree()?;
        let mut options = DiffOptions::new();
        options.ignore_submodules(true);
        let diff =
            self.repo
                .diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(&mut options))?;
        let blob = |oid: Oid| -> Result<Option<Vec<u8>>, DeskError> {
            if oid.is_zero() {
                return Ok(None);
            }
            match self.repo.find_object(oid, None)? {
                o if o.kind() == Some(ObjectType::Blob) => {
                    Ok(Some(o.into_blob().expect("a blob").content().to_vec()))
                }
                _ => Ok(None),
            }
        };
        let mut files = Vec::new();
        for delta in diff.deltas() {
            let (old_file, new_file) = (delta.old_file(), delta.new_file());
            let path = new_file
                .path()
                .or_else(|| old_file.path())
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (old_id, new_id) = match delta.status() {
                Delta::Added => (Oid::zero(), new_file.id()),
                Delta::Deleted => (old_file.id(), Oid::zero()),
                _ => (old_file.id(), new_file.id()),
            };
            files.push(ChangedFile {
                path,
                old: blob(old_id)?,
                new: blob(new_id)?,
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// The commits reachable from `new` and not from `old` (all of `new`'s history when
    /// `old` is `None`), oldest first.
    pub fn commits_between(
        &self,
        old: Option<CommitId>,
        new: CommitId,
    ) -> Result<Vec<PushedCommit>, DeskError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        walk.push(new.oid())?;
        if let Some(old) = old {
            walk.hide(old.oid())?;
        }
        let mut commits = Vec::new();
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            commits.push(PushedCommit {
                id: commit.id().into(),
                author_email: commit.author().email().unwrap_or_default().to_lowercase(),
                subject: commit.summary().unwrap_or_default().to_string(),
            });
        }
        Ok(commits)
    }

    /// The first of `commits` (oldest first) whose file at `path` is as `tip` has it
    /// (both absent counts): the commit that brought the file's final state.
    pub fn first_commit_leaving(
        &self,
        commits: &[PushedCommit],
        path: &str,
        tip: CommitId,
    ) -> Result<Option<CommitId>, DeskError> {
        let entry_at = |commit: CommitId| -> Result<Option<Oid>, DeskError> {
            let tree = self.repo.find_commit(commit.oid())?.tree()?;
            match tree.get_path(std::path::Path::new(path)) {
                Ok(entry) => Ok(Some(entry.id())),
                Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            }
        };
        let last = entry_at(tip)?;
        for commit in commits {
            if entry_at(commit.id)? == last {
                return Ok(Some(commit.id));
            }
        }
        Ok(None)
    }

    /// Checks `commit`'s signature with git's own `git verify-commit`, against
    /// `allowed_signers` (ssh signatures: `gpg.ssh.allowedSignersFile` pointed at a
    /// temporary copy; openpgp ones go to gpg's keyring as git configures it). Runs in
    /// this process's environment, so a pre-receive hook's quarantined objects are seen.
    pub fn check_signature(
        &self,
        commit: CommitId,
        allowed_signers: &[u8],
    ) -> Result<crate::verify::SignatureCheck, DeskError> {
        use crate::verify::SignatureCheck;
        let mut file = tempfile::NamedTempFile::new()
            .map_err(|e| DeskError::io("cannot write a temporary allowed-signers file", e))?;
        std::io::Write::write_all(&mut file, allowed_signers)
            .map_err(|e| DeskError::io("cannot write a temporary allowed-signers file", e))?;
        let out = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(self.repo.path())
            .arg("-c")
            .arg(format!(
                "gpg.ssh.allowedSignersFile={}",
                file.path().display()
            ))
            .arg("verify-commit")
            .arg(commit.to_string())
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| DeskError::io("cannot run git verify-commit", e))?;
        let said = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            // ssh: `Good "git" signature for EMAIL with ...`; gpg: `Good signature from "NAME <EMAIL>"`.
            let principal = said.lines().find_map(|l| {
                let rest = l.split_once("Good \"git\" signature for ")?.1;
                Some(rest.split(" with ").next()?.trim().to_string())
            });
            let principal = principal.or_else(|| {
                said.lines().find_map(|l| {
                    let rest = l.split_once("Good signature from \"")?.1;
                    let email = rest.split_once('<')?.1.split_once('>')?.0;
                    Some(email.to_string())
                })
            });
            if let Some(p) = principal {
                return Ok(SignatureCheck::Good(p));
            }
        }
        let lines: Vec<&str> = said
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let reason = if said.contains("No principal matched") {
            "it is signed by a key the allowed-signers list does not hold".to_string()
        } else if let Some(l) = lines.iter().find(|l| {
            let l = l.to_lowercase();
            !l.starts_with("good")
                && (l.contains("bad")
                    || l.contains("error")
                    || l.contains("could not")
                    || l.contains("can't"))
        }) {
            format!("its signature does not verify ({l})")
        } else {
            "it carries no signature".to_string()
        };
        Ok(SignatureCheck::Bad(reason))
    }
}
