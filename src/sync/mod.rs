//! Sharing a desk: fetch the remote's desk branch, merge it in, push the result.
//!
//! Network through the `git` program ([`transport`]); the merge is git-desk's own
//! ([`merge`]), so event logs are united rather than conflicted. Nothing is lost: the
//! local branch moves only by compare-and-swap to a commit that contains both sides,
//! and the remote only by a push that names the commit it expects to replace.

pub mod merge;
pub mod transport;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::CONFIG_PATH;
use crate::error::DeskError;
use crate::store::{Actor, BroughtIn, CommitId, Desk, MergeSides, Merged, Snapshot};
pub use merge::MergeReport;
pub use transport::{Fetched, GitProgram, Pushed, NETWORK_TIMEOUT};

/// How often a push rejected because the remote moved is tried (fetch, merge, push).
/// With the backoff below, a dozen clones syncing at the same moment all get through.
pub const PUSH_ATTEMPTS: u32 = 16;

/// The first wait after a rejected push; each further one doubles, up to [`BACKOFF_CAP`].
const BACKOFF_BASE: Duration = Duration::from_millis(25);
/// The longest wait between two push attempts.
const BACKOFF_CAP: Duration = Duration::from_millis(1600);

/// The wait before push attempt `retry` (1 for the first retry): exponential, bounded,
/// and randomised so that clones that collided once do not collide again in step.
pub fn backoff(retry: u32) -> Duration {
    let ceiling = BACKOFF_BASE
        .saturating_mul(1 << retry.saturating_sub(1).min(16))
        .min(BACKOFF_CAP);
    let half = ceiling / 2;
    half + half.mul_f64(rand::random::<f64>())
}

/// What happened to the local desk branch when the remote's was brought in.
#[derive(Debug, Clone)]
pub enum Integrated {
    /// Both were the same, or the local one already contained the remote's.
    UpToDate,
    /// The local branch did not exist and now starts at the remote's.
    Created(CommitId),
    /// The local branch only lacked the remote's commits: moved forward.
    FastForwarded(CommitId),
    /// Both had commits the other lacked: a merge commit with both tips as parents.
    Merged(CommitId, MergeReport),
}

/// What a pull, push or sync did, for the report.
#[derive(Debug, Clone, Default)]
pub struct SyncReport {
    /// The remote's tip as fetched (`None`: not fetched, or no desk there).
    pub fetched: Option<CommitId>,
    /// What integrating the remote's branch did, each time it was needed.
    pub integrated: Vec<Integrated>,
    /// The push result, if a push was made.
    pub pushed: Option<Pushed>,
    /// The commit the remote was left at by the push.
    pub remote_tip: Option<CommitId>,
    /// Pushes rejected (and retried) because the remote moved.
    pub retries: u32,
}

/// A desk and the remote it syncs with.
pub struct Remote<'d> {
    desk: &'d Desk,
    git: GitProgram,
    name: String,
    tracking: String,
}

impl<'d> Remote<'d> {
    /// The remote `name` (a configured remote, a path or a URL) of `desk`.
    pub fn new(desk: &'d Desk, name: &str, git: GitProgram) -> Result<Remote<'d>, DeskError> {
        let name = name.trim();
        if name.is_empty() || name.starts_with('-') {
            return Err(crate::error::BadValue::RemoteName(name.to_string()).into());
        }
        git.check_version()?;
        let is_configured = desk.repo().find_remote(name).is_ok();
        let tracking = if is_configured {
            format!("refs/remotes/{name}/{}", desk.branch())
        } else {
            // A path or URL: a private tracking ref, named so that it is a valid ref.
            let safe: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("refs/desk/remotes/{safe}/{}", desk.branch())
        };
        Ok(Remote {
            desk,
            git,
            name: name.to_string(),
            tracking,
        })
    }

    /// The remote's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Fetches the remote's desk branch.
    pub fn fetch(&self) -> Result<Fetched, DeskError> {
        self.git
            .fetch(&self.name, self.desk.branch(), &self.tracking)
    }

    /// Fetch and merge (`git desk pull`).
    pub fn pull(&self, actor: &Actor, now: DateTime<Utc>) -> Result<SyncReport, DeskError> {
        let mut report = SyncReport::default();
        match self.fetch()? {
            Fetched::NoBranch => {
                return Err(DeskError::RemoteHasNoDesk {
                    remote: self.name.clone(),
                    branch: self.desk.branch().to_string(),
                })
            }
            Fetched::At(tip) => {
                report.fetched = Some(tip);
                report.integrated.push(self.integrate(tip, actor, now)?);
            }
        }
        Ok(report)
    }

    /// Push; when the remote moved, fetch, merge and push again (`git desk push`).
    ///
    /// Where the remote stands is asked of the remote, never taken from the tracking ref:
    /// a remote replaced or rewound behind the desk's back must still get the desk.
    pub fn push(&self, actor: &Actor, now: DateTime<Utc>) -> Result<SyncReport, DeskError> {
        let mut report = SyncReport::default();
        let expected = match self.git.remote_tip(&self.name, self.desk.branch())? {
            None => None,
            Some(tip) if self.holds(tip)? => Some(tip),
            // The remote has work the local branch lacks: bring it in before pushing.
            Some(_) => self.bring_in(actor, now, &mut report)?,
        };
        self.push_loop(expected, actor, now, &mut report)?;
        Ok(report)
    }

    /// Fetch, merge, push (`git desk sync`).
    pub fn sync(&self, actor: &Actor, now: DateTime<Utc>) -> Result<SyncReport, DeskError> {
        let mut report = SyncReport::default();
        let expected = self.bring_in(actor, now, &mut report)?;
        self.push_loop(expected, actor, now, &mut report)?;
        Ok(report)
    }

    /// Fetches the remote's desk branch and merges it in, without pushing; returns where
    /// the remote was (`None`: it has no desk branch yet). For callers that push with
    /// [`Remote::push_once`] and must look at what the remote held before pushing again.
    pub fn fetch_and_merge(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<CommitId>, DeskError> {
        self.bring_in(actor, now, &mut SyncReport::default())
    }

    /// One push of the local desk branch, on condition that the remote's is still at
    /// `expected` (`None`: that it has none): [`Pushed::Stale`] when it moved meanwhile,
    /// and nothing is pushed then.
    pub fn push_once(&self, expected: Option<CommitId>) -> Result<Pushed, DeskError> {
        self.push_tip(expected).map(|(pushed, _)| pushed)
    }

    /// Pushes the local tip on the lease `expected` and remembers it as the remote's when
    /// it landed; returns what happened and the tip pushed.
    fn push_tip(&self, expected: Option<CommitId>) -> Result<(Pushed, CommitId), DeskError> {
        let local = self.desk.tip()?.ok_or_else(|| DeskError::NoDesk {
            branch: self.desk.branch().to_string(),
        })?;
        if expected == Some(local) {
            return Ok((Pushed::UpToDate, local));
        }
        let outcome = self.git.push(
            &self.name,
            self.desk.branch(),
            &self.tracking,
            local,
            expected,
        )?;
        if matches!(outcome, Pushed::Updated | Pushed::UpToDate) {
            transport::remember(self.desk.repo(), &self.tracking, local.oid());
        }
        Ok((outcome, local))
    }

    /// Fetches the remote's branch and merges it in; returns where the remote was.
    fn bring_in(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> Result<Option<CommitId>, DeskError> {
        Ok(match self.fetch()? {
            Fetched::NoBranch => None,
            Fetched::At(tip) => {
                report.fetched = Some(tip);
                report.integrated.push(self.integrate(tip, actor, now)?);
                Some(tip)
            }
        })
    }

    /// Whether the local desk branch already contains commit `oid`.
    fn holds(&self, commit: CommitId) -> Result<bool, DeskError> {
        let repo = self.desk.repo();
        let Some(local) = self.desk.tip()? else {
            return Ok(false);
        };
        if repo.find_commit(commit.oid()).is_err() {
            return Ok(false);
        }
        Ok(local == commit || repo.graph_descendant_of(local.oid(), commit.oid())?)
    }

    fn push_loop(
        &self,
        mut expected: Option<CommitId>,
        actor: &Actor,
        now: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> Result<(), DeskError> {
        for _ in 0..PUSH_ATTEMPTS {
            let (outcome, local) = self.push_tip(expected)?;
            match outcome {
                Pushed::Updated | Pushed::UpToDate => {
                    report.pushed = Some(outcome);
                    report.remote_tip = Some(local);
                    return Ok(());
                }
                Pushed::Stale => {
                    report.retries += 1;
                    // Others pushed at the same moment: let them finish before looking.
                    std::thread::sleep(backoff(report.retries));
                    expected = self.bring_in(actor, now, report)?;
                }
            }
        }
        Err(DeskError::PushRaced {
            remote: self.name.clone(),
            attempts: PUSH_ATTEMPTS,
        })
    }

    /// Brings the remote tip `theirs` into the local desk branch: create, fast-forward or
    /// merge, moving the branch by compare-and-swap through the store's writer (which
    /// redoes the merge if a local writer moved it meanwhile).
    pub fn integrate(
        &self,
        theirs: CommitId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Integrated, DeskError> {
        let their_snapshot = Snapshot::at(self.desk.repo(), Some(theirs.oid()))?;
        if their_snapshot.file(CONFIG_PATH)?.is_none() {
            return Err(DeskError::RemoteNotADesk {
                remote: self.name.clone(),
                branch: self.desk.branch().to_string(),
            });
        }
        let tag = theirs.to_string()[..8].to_string();
        let brought = self
            .desk
            .bring_in(theirs, actor, now, |sides| self.merge(sides, &tag))?;
        Ok(match brought {
            BroughtIn::UpToDate => Integrated::UpToDate,
            BroughtIn::Created => Integrated::Created(theirs),
            BroughtIn::FastForwarded => Integrated::FastForwarded(theirs),
            BroughtIn::Merged(commit, report) => Integrated::Merged(commit, report),
        })
    }

    /// Unites the two sides' trees and says so in the merge commit's message; `tag` marks
    /// the copies of files kept side by side.
    fn merge(&self, sides: &MergeSides<'_>, tag: &str) -> Result<Merged<MergeReport>, DeskError> {
        let our_tree = sides
            .ours
            .tree()
            .expect("bring_in merges only an existing branch");
        let (tree, report) = merge::merge_trees(
            sides.repo,
            sides.base.as_ref(),
            our_tree,
            &sides.theirs,
            &sides.ours.config.matrix,
            tag,
        )?;
        let mut message = format!(
            "merge {}/{}: {} ticket(s) changed on both sides{}\n\n",
            self.name,
            self.desk.branch(),
            report.united.len(),
            if report.conflicts.is_empty() {
                String::new()
            } else {
                format!(", {} conflict(s) kept side by side", report.conflicts.len())
            }
        );
        for id in &report.united {
            message.push_str(&format!("Desk-Ticket: {id}\n"));
        }
        message.push_str("Desk-Action: merge\n");
        for (path, other) in &report.conflicts {
            message.push_str(&format!("Desk-Conflict: {path} -> {other}\n"));
        }
        Ok(Merged {
            tree,
            message,
            report,
        })
    }
}

/// The landing refs of fetches that processes killed mid-fetch left behind, which no
/// fetch with this network timeout can still be using (the next sync clears them too).
pub fn leftover_fetch_refs(desk: &Desk, timeout: Duration) -> Vec<crate::store::Leftover> {
    transport::leftover_fetch_refs(desk.repo(), timeout)
        .into_iter()
        .map(|name| crate::store::Leftover {
            kind: crate::store::LeftoverKind::FetchRef,
            name,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_random_and_bounded() {
        for retry in 1..=PUSH_ATTEMPTS {
            let ceiling = BACKOFF_BASE
                .saturating_mul(1 << (retry - 1).min(16))
                .min(BACKOFF_CAP);
            let waits: Vec<Duration> = (0..20).map(|_| backoff(retry)).collect();
            for w in &waits {
                assert!(*w >= ceiling / 2 && *w <= ceiling, "retry {retry}: {w:?}");
            }
            assert!(
                waits.iter().any(|w| *w != waits[0]),
                "retry {retry}: randomised"
            );
        }
        assert!(backoff(1) <= BACKOFF_BASE);
        assert!(backoff(40) <= BACKOFF_CAP);
        assert!(
            backoff(7) >= BACKOFF_CAP / 2,
            "the cap is reached by the 7th retry"
        );
    }
}
