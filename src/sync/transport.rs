//! The network half of sync: the `git` program fetches and pushes, so the user's ssh
//! agent, credential helpers, proxies and `insteadOf` rules all apply as they do for git.
//! Everything local (objects, refs, the merge) is libgit2's.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use git2::Oid;

use crate::error::DeskError;

/// The oldest git whose fetch and push git-desk relies on (`--force-with-lease=REF:OID`,
/// `push --porcelain`, `fetch --no-write-fetch-head`).
const MIN_GIT: (u32, u32) = (2, 29);

/// How to run git for one repository.
#[derive(Debug, Clone)]
pub struct GitProgram {
    git_dir: PathBuf,
    interactive: bool,
    progress: bool,
}

/// What a fetch found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetched {
    /// The remote's desk branch is at this commit (now also at the tracking ref).
    At(Oid),
    /// The remote has no such branch.
    NoBranch,
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The remote now holds the commit.
    Updated,
    /// The remote already held it.
    UpToDate,
    /// The remote moved since it was last seen: fetch, merge and try again.
    Stale,
}

impl GitProgram {
    /// git for the repository at `git_dir`. `interactive` allows git to ask for
    /// credentials on the terminal; `progress` lets it show its own progress.
    pub fn new(git_dir: PathBuf, interactive: bool, progress: bool) -> GitProgram {
        GitProgram {
            git_dir,
            interactive,
            progress,
        }
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new("git");
        cmd.arg("--git-dir").arg(&self.git_dir);
        // The desk's own refs decide; a user's fetch hooks and the like still run.
        cmd.env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
        if !self.interactive {
            cmd.env("GIT_TERMINAL_PROMPT", "0").stdin(Stdio::null());
        }
        cmd
    }

    /// Fails with a clear message when git is missing or older than git-desk needs.
    pub fn check_version(&self) -> Result<(), DeskError> {
        let out = Command::new("git").arg("--version").output().map_err(|e| {
            DeskError::GitProgram(format!(
                "cannot run git ({e}): sync needs git {}.{} or newer on PATH",
                MIN_GIT.0, MIN_GIT.1
            ))
        })?;
        let text = String::from_utf8_lossy(&out.stdout);
        let version = parse_version(&text).ok_or_else(|| {
            DeskError::GitProgram(format!(
                "cannot tell the git version from '{}'",
                text.trim()
            ))
        })?;
        if version < MIN_GIT {
            return Err(DeskError::GitProgram(format!(
                "sync needs git {}.{} or newer, and this is git {}.{}: upgrade git",
                MIN_GIT.0, MIN_GIT.1, version.0, version.1
            )));
        }
        Ok(())
    }

    /// Fetches `refs/heads/BRANCH` of `remote` into `tracking` (force-updated).
    pub fn fetch(&self, remote: &str, branch: &str, tracking: &str) -> Result<Fetched, DeskError> {
        let mut cmd = self.command();
        cmd.args(["fetch", "--no-tags", "--no-write-fetch-head"]);
        cmd.arg(if self.progress {
            "--progress"
        } else {
            "--quiet"
        });
        cmd.arg("--end-of-options")
            .arg(remote)
            .arg(format!("+refs/heads/{branch}:{tracking}"));
        let out = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| DeskError::GitProgram(format!("cannot run git fetch: {e}")))?;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if self.progress {
            eprint!("{stderr}");
        }
        if out.status.success() {
            let repo = git2::Repository::open(&self.git_dir)?;
            let oid = repo.refname_to_id(tracking)?;
            return Ok(Fetched::At(oid));
        }
        if stderr.contains("couldn't find remote ref") {
            return Ok(Fetched::NoBranch);
        }
        Err(classify(remote, "fetch from", &stderr))
    }

    /// Pushes `commit` to `refs/heads/BRANCH` of `remote`, only if the remote's branch is
    /// still at `expected` (`None`: only if it does not exist).
    pub fn push(
        &self,
        remote: &str,
        branch: &str,
        commit: Oid,
        expected: Option<Oid>,
    ) -> Result<Pushed, DeskError> {
        let target = format!("refs/heads/{branch}");
        let lease = match expected {
            Some(oid) => format!("--force-with-lease={target}:{oid}"),
            None => format!("--force-with-lease={target}:"),
        };
        let mut cmd = self.command();
        // Not --quiet: it also silences the porcelain line this reads.
        cmd.args(["push", "--porcelain"]);
        if self.progress {
            cmd.arg("--progress");
        }
        cmd.arg(lease)
            .arg("--end-of-options")
            .arg(remote)
            .arg(format!("{commit}:{target}"));
        let out = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| DeskError::GitProgram(format!("cannot run git push: {e}")))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // Porcelain: "<flag>\t<from>:<to>\t<summary>" for our ref.
        let line = stdout.lines().find(|l| {
            l.split('\t')
                .nth(1)
                .is_some_and(|r| r.ends_with(&format!(":{target}")))
        });
        match line.and_then(|l| l.chars().next()) {
            Some('=') => Ok(Pushed::UpToDate),
            Some(' ' | '+' | '*') => Ok(Pushed::Updated),
            Some('!') => {
                let summary = line.and_then(|l| l.split('\t').nth(2)).unwrap_or_default();
                // Lost a race: to the lease check, or on the server when several pushes
                // passed it at once ("failed to update ref", "cannot lock ref").
                let raced = [
                    "stale info",
                    "fetch first",
                    "non-fast-forward",
                    "already exists",
                    "failed to update ref",
                    "cannot lock ref",
                    "incorrect old value",
                ];
                if raced.iter().any(|r| summary.contains(r)) {
                    Ok(Pushed::Stale)
                } else {
                    // The server's own words (a hook's message) say why.
                    let said: Vec<&str> = stderr
                        .lines()
                        .filter_map(|l| l.strip_prefix("remote:"))
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    let why = if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", said.join(" / "))
                    };
                    Err(DeskError::Remote {
                        action: "push to",
                        remote: remote.to_string(),
                        reason: format!("the remote refused the push {}{why}", summary.trim()),
                    })
                }
            }
            _ => Err(classify(remote, "push to", &stderr)),
        }
    }
}

/// Turns git's failure into a typed error: a remote that does not exist is the user's
/// input (exit 2); anything else is a failed operation (exit 1) with git's reason.
fn classify(remote: &str, action: &'static str, stderr: &str) -> DeskError {
    let reason = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.strip_prefix("fatal: ").unwrap_or(l))
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect::<Vec<_>>();
    let first = reason
        .first()
        .copied()
        .unwrap_or("git failed without saying why");
    if stderr.contains("does not appear to be a git repository")
        || stderr.contains("not a git repository")
    {
        return DeskError::UnknownRemote {
            remote: remote.to_string(),
            reason: first.to_string(),
        };
    }
    DeskError::Remote {
        action,
        remote: remote.to_string(),
        reason: first.to_string(),
    }
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let version = text
        .split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
    let mut parts = version.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("git version 2.47.3\n"), Some((2, 47)));
        assert_eq!(
            parse_version("git version 2.39.2 (Apple Git-143)"),
            Some((2, 39))
        );
        assert_eq!(parse_version("nonsense"), None);
        assert!((2, 20) < MIN_GIT);
    }

    #[test]
    fn failures_are_classified() {
        let e = classify(
            "nope",
            "fetch from",
            "fatal: 'nope' does not appear to be a git repository\nfatal: Could not read from remote repository.\n",
        );
        assert!(e.is_bad_input(), "{e}");
        let e = classify(
            "origin",
            "fetch from",
            "fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused\n",
        );
        assert!(!e.is_bad_input());
        assert!(e.to_string().contains("unable to connect"), "{e}");
    }
}
