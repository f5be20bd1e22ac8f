//! Signed commits: when git's `commit.gpgsign` is set, git-desk's commits are signed as
//! git's own are, by `git commit-tree -S` (which honours `gpg.format` openpgp or ssh,
//! `user.signingkey` and the signing programs git is configured with), so that a server
//! requiring signatures (`[server] signed`) takes them.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use git2::Oid;

use super::{Actor, Desk};
use crate::error::DeskError;

impl Desk {
    /// Whether git's config asks for signed commits (`commit.gpgsign`).
    pub(crate) fn signs_commits(&self) -> bool {
        self.repo
            .config()
            .and_then(|c| c.get_bool("commit.gpgsign"))
            .unwrap_or(false)
    }

    /// Writes a signed commit of `tree` with `parents` through `git commit-tree -S`.
    pub(crate) fn commit_signed(
        &self,
        tree: Oid,
        parents: &[Oid],
        message: &str,
        author: &Actor,
        committer: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Oid, DeskError> {
        let failed = |e: std::io::Error| {
            DeskError::io(
                "cannot run git commit-tree to sign the commit (commit.gpgsign is set)",
                e,
            )
        };
        let date = format!("@{} +0000", now.timestamp());
        let mut cmd = Command::new("git");
        cmd.arg("--git-dir")
            .arg(self.repo.path())
            .args(["commit-tree", "-S"])
            .arg(tree.to_string());
        for p in parents {
            cmd.arg("-p").arg(p.to_string());
        }
        let mut child = cmd
            .env("GIT_AUTHOR_NAME", &author.name)
            .env("GIT_AUTHOR_EMAIL", &author.email)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_NAME", &committer.name)
            .env("GIT_COMMITTER_EMAIL", &committer.email)
            .env("GIT_COMMITTER_DATE", &date)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(failed)?;
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(message.as_bytes())
            .map_err(failed)?;
        let out = child.wait_with_output().map_err(failed)?;
        let said = String::from_utf8_lossy(&out.stderr)
            .trim()
            .replace('\n', " / ");
        if !out.status.success() {
            return Err(DeskError::io(
                "cannot sign the commit (git config commit.gpgsign is set)",
                std::io::Error::other(format!(
                    "{said}: check user.signingkey and gpg.format, or unset commit.gpgsign"
                )),
            ));
        }
        let hex = String::from_utf8_lossy(&out.stdout);
        Oid::from_str(hex.trim()).map_err(|e| e.into())
    }
}
