//! The desk branch: the only place that writes git objects and moves the ref.
//!
//! Writers describe their change inside [`Desk::transact`]; the store turns it into blobs,
//! trees and one commit, then moves the branch with a compare-and-swap. When another
//! writer moved the branch first, the change is computed again on the new tip.

mod actor;
pub mod cache;
mod git;
mod leftovers;
mod pack;
mod push;
mod repository;
mod signing;
mod snapshot;
pub(crate) mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use git2::{ErrorCode, Oid, Repository, Signature, Time};

pub use actor::Actor;
pub use cache::{
    CacheFault, CacheFinding, KnownFile, Listing, Row, Seen, TicketCache, TicketFile, Visit,
};
pub use git::{BlobId, CommitId, GitError};
pub use leftovers::{Leftover, LeftoverKind};
pub use push::{ChangedFile, PushedCommit};
pub use snapshot::{Snapshot, TicketSet, TICKETS_DIR};

use crate::config::{CONFIG_PATH, DEFAULT_CONFIG};
use crate::error::DeskError;
use crate::model::{Action, Filing, IdSource, Ticket, TicketId};
// Subjects and trailers come partly from ticket titles and reasons: one plain line each.
use crate::text::one_line;

/// The branch used when neither `--branch` nor `desk.branch` says otherwise.
pub const DEFAULT_BRANCH: &str = "desk";

/// From this many files on, a commit's objects are written as one pack.
const PACK_THRESHOLD: usize = 500;

/// How many commits round robin looks back through for earlier assignments.
const ROUTING_LOOKBACK: usize = 20_000;

/// The largest tree libgit2 keeps parsed in its object cache.
const TREE_CACHE_LIMIT: usize = 1 << 20;

/// How often a writer re-reads and retries when other writers keep moving the branch.
const MAX_ATTEMPTS: u32 = 100;

/// A branch lock file this old was left by a killed process: git holds one for
/// milliseconds. A younger one belongs to a writer at work (slow on a loaded machine), and
/// is waited for until it is this old.
const STALE_LOCK_AGE: Duration = Duration::from_secs(5);

/// The longest a writer waits for the lock, also when it keeps being taken anew.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);

/// A desk: a repository and the branch its tickets live on.
pub struct Desk {
    repo: Repository,
    branch: String,
}

/// What a command's change amounts to, for the commit message.
#[derive(Debug, Clone)]
pub struct CommitMessage {
    /// The first line: `escalate 4f2a9c: L1 -> L2: VPN drops every 10 min`.
    pub subject: String,
    /// The `Desk-Action` trailer: `escalate`.
    pub action: String,
    /// `Desk-Tier` trailers: `1 -> 2`.
    pub tiers: Vec<String>,
    /// Other trailers, whole: `Desk-Routed: vendors victor@example.com`.
    pub trailers: Vec<String>,
}

impl CommitMessage {
    /// A commit message without tier trailers.
    pub fn new(subject: impl Into<String>, action: impl Into<String>) -> CommitMessage {
        CommitMessage {
            subject: subject.into(),
            action: action.into(),
            tiers: Vec::new(),
            trailers: Vec::new(),
        }
    }
}

/// What [`Desk::transact`] wrote: the commit (none for a dry run or an empty change) and
/// its message. A change's outcome for a renderer is [`crate::workflow::Outcome`].
#[derive(Debug)]
pub struct Written {
    /// The new commit; `None` for a dry run or a change that changed nothing.
    pub commit: Option<CommitId>,
    /// The commit message the change gave.
    pub message: CommitMessage,
}

/// A change being assembled against one snapshot. Only tickets it touches are read.
pub struct Transaction<'s, 'r> {
    snapshot: &'s Snapshot<'r>,
    actor: &'s Actor,
    now: DateTime<Utc>,
    ids: IdSource,
    tickets: BTreeMap<TicketId, Ticket>,
    changed: std::collections::BTreeSet<TicketId>,
    files: BTreeMap<String, Vec<u8>>,
    /// Files whose blobs are already in the object store: named, not held.
    blobs: BTreeMap<String, Oid>,
}

impl<'s, 'r> Transaction<'s, 'r> {
    /// The snapshot this change is computed against.
    pub fn snapshot(&self) -> &'s Snapshot<'r> {
        self.snapshot
    }

    /// Who is acting.
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// The time events are stamped with.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// A ticket as this transaction sees it (with its own changes applied).
    pub fn ticket(&mut self, id: &TicketId) -> Result<&Ticket, DeskError> {
        if !self.tickets.contains_key(id) {
            let t = self.snapshot.load(id)?;
            self.tickets.insert(id.clone(), t);
        }
        Ok(&self.tickets[id])
    }

    /// Records an event on a ticket, by the acting person, now.
    pub fn record(&mut self, id: &TicketId, action: Action) -> Result<(), DeskError> {
        let by = self.actor.email.clone();
        self.record_by(id, action, &by)
    }

    /// Records an event on a ticket now, by someone other than the acting person: the
    /// sender of a message the desk took in.
    pub fn record_by(&mut self, id: &TicketId, action: Action, by: &str) -> Result<(), DeskError> {
        self.ticket(id)?;
        let ticket = self.tickets.get_mut(id).expect("loaded above");
        if ticket.schema > crate::model::ticket::SCHEMA {
            return Err(DeskError::SchemaNewer {
                path: id.path(),
                found: ticket.schema,
                known: crate::model::ticket::SCHEMA,
            });
        }
        ticket.record_with(
            &mut self.ids,
            action,
            by,
            self.now,
            &self.snapshot.config.matrix,
        );
        self.changed.insert(id.clone());
        Ok(())
    }

    /// Files a new ticket and returns its id.
    pub fn create(&mut self, filing: Filing) -> Result<TicketId, DeskError> {
        let by = self.actor.email.clone();
        self.create_by(filing, &by)
    }

    /// Files a new ticket for someone other than the acting person (mail taken in).
    pub fn create_by(&mut self, filing: Filing, by: &str) -> Result<TicketId, DeskError> {
        let mut id = self.ids.ticket_id();
        while self.snapshot.contains(&id)? || self.tickets.contains_key(&id) {
            id = self.ids.ticket_id();
        }
        let ticket = Ticket::file_with(
            &mut self.ids,
            id.clone(),
            filing,
            by,
            self.now,
            &self.snapshot.config.matrix,
        );
        self.tickets.insert(id.clone(), ticket);
        self.changed.insert(id.clone());
        Ok(id)
    }

    /// Adds a ticket made elsewhere (an import), events and all. Its id must be free.
    pub fn insert(&mut self, ticket: Ticket) -> Result<(), DeskError> {
        if self.tickets.contains_key(&ticket.id) || self.snapshot.contains(&ticket.id)? {
            return Err(crate::error::Exists::Ticket(ticket.id.to_string()).into());
        }
        self.changed.insert(ticket.id.clone());
        self.tickets.insert(ticket.id.clone(), ticket);
        Ok(())
    }

    /// A file of the desk tree as this transaction sees it (its own writes first).
    pub fn file(&self, path: &str) -> Result<Option<Vec<u8>>, DeskError> {
        if let Some(bytes) = self.files.get(path) {
            return Ok(Some(bytes.clone()));
        }
        if let Some(oid) = self.blobs.get(path) {
            return Ok(Some(self.snapshot.blob(*oid)?));
        }
        self.snapshot.file(path)
    }

    /// Whether the desk tree as this transaction sees it has a file at `path`, without
    /// reading it.
    pub fn has_file(&self, path: &str) -> Result<bool, DeskError> {
        Ok(self.files.contains_key(path)
            || self.blobs.contains_key(path)
            || self.snapshot.has_file(path)?)
    }

    /// Puts a blob already in the object store (see [`Desk::write_blob`]) at `path`:
    /// the transaction names it and never holds its bytes.
    pub fn put_blob(&mut self, path: &str, blob: BlobId) {
        self.files.remove(path);
        self.blobs.insert(path.to_string(), blob.oid());
    }

    /// Writes a ticket's file again, as the canonical serialisation of the ticket given
    /// (read from its file, events unchanged): the repair of a file that is not canonical.
    pub fn rewrite(&mut self, ticket: Ticket) {
        self.changed.insert(ticket.id.clone());
        self.tickets.insert(ticket.id.clone(), ticket);
    }

    /// Writes any other file of the desk tree (`desk.toml`, `kb/...`).
    pub fn write_file(&mut self, path: &str, bytes: Vec<u8>) {
        self.blobs.remove(path);
        self.files.insert(path.to_string(), bytes);
    }

    /// The tickets changed so far.
    pub fn changed(&self) -> impl Iterator<Item = &Ticket> {
        self.changed.iter().map(|id| &self.tickets[id])
    }

    /// Hands over a ticket already read from this transaction's snapshot (as a listing
    /// decoded it), so that recording on it does not read its file again. A ticket the
    /// transaction holds already is kept as it is.
    pub fn know(&mut self, ticket: Ticket) {
        self.tickets.entry(ticket.id.clone()).or_insert(ticket);
    }
}

impl Desk {
    /// Opens the repository the way git would: from `GIT_DIR` or the current directory
    /// (after `-C`), bare or not. The branch comes from the argument, else
    /// `git config desk.branch`, else `desk`.
    pub fn open(branch: Option<&str>) -> Result<Desk, DeskError> {
        let repo = Repository::open_from_env()
            .map_err(|e| DeskError::NotARepository(e.message().to_string()))?;
        Desk::with_repo(repo, branch)
    }

    /// Opens the repository at a path (no discovery upwards).
    pub fn open_at(path: &Path, branch: Option<&str>) -> Result<Desk, DeskError> {
        let repo = Repository::open(path)
            .map_err(|e| DeskError::NotARepository(e.message().to_string()))?;
        Desk::with_repo(repo, branch)
    }

    fn with_repo(repo: Repository, branch: Option<&str>) -> Result<Desk, DeskError> {
        // Like git, trust the object database on read: re-hashing every blob of a large
        // desk costs more than parsing it. `git fsck` is the place to verify.
        static LIBGIT2_OPTIONS: std::sync::Once = std::sync::Once::new();
        LIBGIT2_OPTIONS.call_once(|| {
            git2::opts::strict_hash_verification(false);
            // libgit2 caches no tree above 4 KiB, but `tickets/` (1,024 shards) and each
            // shard of a large desk are bigger and are looked up once per ticket touched:
            // without this, a bulk change inflates them again for every ticket.
            // SAFETY: called once, before git-desk starts any thread.
            let _ = unsafe {
                git2::opts::set_cache_object_limit(git2::ObjectType::Tree, TREE_CACHE_LIMIT)
            };
        });
        let branch = match branch {
            Some(b) => b.to_string(),
            None => repo
                .config()
                .ok()
                .and_then(|c| c.get_string("desk.branch").ok())
                .filter(|b| !b.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_BRANCH.to_string()),
        };
        let refname = format!("refs/heads/{branch}");
        if !git2::Reference::is_valid_name(&refname) {
            return Err(crate::error::BadValue::BranchName(branch.to_string()).into());
        }
        Ok(Desk { repo, branch })
    }

    /// The underlying repository.
    pub(crate) fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The branch name.
    pub fn branch(&self) -> &str {
        &self.branch
    }

    /// The full ref name: `refs/heads/desk`.
    pub fn refname(&self) -> String {
        format!("refs/heads/{}", self.branch)
    }

    /// The acting person, from git's identity settings.
    pub fn actor(&self) -> Result<Actor, DeskError> {
        Actor::from_git(&self.repo)
    }

    /// The summary cache of this desk's branch.
    pub fn cache(&self) -> TicketCache {
        TicketCache::for_branch(self.repo.commondir(), &self.branch)
    }

    /// The branch tip, if the branch exists.
    pub fn tip(&self) -> Result<Option<CommitId>, DeskError> {
        Ok(self.tip_oid()?.map(CommitId::from))
    }

    fn tip_oid(&self) -> Result<Option<Oid>, DeskError> {
        let reference = match self.repo.find_reference(&self.refname()) {
            Ok(r) => r,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        match reference.peel_to_commit() {
            Ok(commit) => Ok(Some(commit.id())),
            Err(e) if e.code() == ErrorCode::NotFound => match reference.symbolic_target() {
                Some(target) => Err(DeskError::DanglingBranch {
                    refname: self.refname(),
                    target: target.to_string(),
                }),
                None => Err(e.into()),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// The desk at its current tip; `NoDesk` if the branch does not exist, `NotADesk` if
    /// it is some other branch (one without `desk.toml`).
    pub fn snapshot(&self) -> Result<Snapshot<'_>, DeskError> {
        let Some(tip) = self.tip_oid()? else {
            return Err(DeskError::NoDesk {
                branch: self.branch.clone(),
            });
        };
        let mut snapshot = Snapshot::at(&self.repo, Some(tip))?;
        snapshot.cache = Some(self.cache());
        let is_desk = snapshot
            .tree()
            .is_some_and(|t| t.get_name(CONFIG_PATH).is_some());
        if !is_desk {
            return Err(DeskError::NotADesk {
                branch: self.branch.clone(),
            });
        }
        Ok(snapshot)
    }

    /// Refuses to write a branch that is checked out in any worktree of the repository
    /// (as git refuses to): that worktree's index and files would no longer match it.
    fn ensure_not_checked_out(&self) -> Result<(), DeskError> {
        match self.checked_out_in()? {
            Some(worktree) => Err(DeskError::CheckedOut {
                branch: self.branch.clone(),
                worktree: worktree.display().to_string(),
            }),
            None => Ok(()),
        }
    }

    /// The worktree that has the desk branch checked out (or is rebasing it), if any:
    /// the main one unless the repository is bare, and every linked one.
    fn checked_out_in(&self) -> Result<Option<PathBuf>, DeskError> {
        let mut names = vec![self.refname()];
        let moved = self.moved_refname();
        if moved != names[0] {
            names.push(moved);
        }
        let on_branch = |admin: &Path| names.iter().any(|n| on_branch(admin, n));
        let common = self.repo.commondir();
        if on_branch(common) {
            if let Some(main) = self.main_worktree() {
                return Ok(Some(main));
            }
        }
        let linked = match std::fs::read_dir(common.join("worktrees")) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(DeskError::io("cannot list the repository's worktrees", e)),
        };
        for entry in linked.flatten() {
            let admin = entry.path();
            if on_branch(&admin) {
                // `gitdir` holds the path of the worktree's `.git` file.
                let worktree = std::fs::read_to_string(admin.join("gitdir"))
                    .ok()
                    .map(|g| PathBuf::from(g.trim_end_matches(['\n', '\r'])))
                    .and_then(|g| g.parent().map(Path::to_path_buf))
                    .unwrap_or(admin);
                return Ok(Some(worktree));
            }
        }
        Ok(None)
    }

    /// The main worktree's directory; `None` for a bare repository.
    fn main_worktree(&self) -> Option<PathBuf> {
        let common = self.repo.commondir();
        let main = if same_dir(self.repo.path(), common) {
            None
        } else {
            // Opened from a linked worktree: ask the main repository itself.
            Repository::open(common).ok()
        };
        let repo = main.as_ref().unwrap_or(&self.repo);
        repo.workdir()
            .map(|w| PathBuf::from(w.to_string_lossy().trim_end_matches('/')))
    }

    /// Creates the desk branch with the default `desk.toml`.
    pub fn init(&self, actor: &Actor, now: DateTime<Utc>) -> Result<CommitId, DeskError> {
        match self.snapshot() {
            Ok(_) => {
                return Err(DeskError::DeskExists {
                    branch: self.branch.clone(),
                })
            }
            Err(DeskError::NoDesk { .. }) => {}
            Err(DeskError::NotADesk { branch }) => {
                return Err(crate::error::Exists::Branch(branch.to_string()).into())
            }
            Err(e) => return Err(e),
        }
        self.ensure_not_checked_out()?;
        let blob = self.repo.blob(DEFAULT_CONFIG.as_bytes())?;
        let mut changes = BTreeMap::new();
        changes.insert(CONFIG_PATH.to_string(), Some(blob));
        let tree_id = tree::apply_changes(&self.repo, None, &changes)?;
        let commit =
            self.commit_tree(tree_id, &[], "init desk\n\nDesk-Action: init\n", actor, now)?;
        if self.swap_branch(None, commit, "init desk")? {
            Ok(commit.into())
        } else {
            Err(DeskError::DeskExists {
                branch: self.branch.clone(),
            })
        }
    }

    /// Writes a commit of `tree` with `parents` (no ref changes): the one way git-desk
    /// makes commits, so author, committer and time are always set alike.
    fn commit_tree(
        &self,
        tree: Oid,
        parents: &[Oid],
        message: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Oid, DeskError> {
        let tree = self.repo.find_tree(tree)?;
        let parents = parents
            .iter()
            .map(|p| self.repo.find_commit(*p))
            .collect::<Result<Vec<_>, _>>()?;
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        if self.signs_commits() {
            let ids: Vec<Oid> = parents.iter().map(|p| p.id()).collect();
            return self.commit_signed(tree.id(), &ids, message, actor, &actor.committer(), now);
        }
        let author = signature(actor, now)?;
        let committer = signature(&actor.committer(), now)?;
        Ok(self
            .repo
            .commit(None, &author, &committer, message, &tree, &parent_refs)?)
    }

    /// Moves the desk branch to `target` if it is still at `expected` (`None`: if it does
    /// not exist yet). `Ok(false)` when another writer moved it first: re-read and retry.
    fn move_branch(
        &self,
        expected: Option<Oid>,
        target: Oid,
        why: &str,
    ) -> Result<bool, DeskError> {
        self.ensure_not_checked_out()?;
        self.swap_branch(expected, target, why)
    }

    /// [`Desk::move_branch`] for a caller that has already run
    /// [`Desk::ensure_not_checked_out`] for this write, so the worktrees are not
    /// scanned twice.
    fn swap_branch(
        &self,
        expected: Option<Oid>,
        target: Oid,
        why: &str,
    ) -> Result<bool, DeskError> {
        let message = format!("git-desk: {}", one_line(why));
        // Through a symbolic ref, the branch it names moves (as with `git update-ref`).
        let refname = self.moved_refname();
        let deadline = Instant::now() + LOCK_PATIENCE;
        let mut pause = Duration::from_millis(1);
        loop {
            let result = match expected {
                Some(old) => self
                    .repo
                    .reference_matching(&refname, target, true, old, &message)
                    .map(|_| ()),
                None => self
                    .repo
                    .reference(&refname, target, false, &message)
                    .map(|_| ()),
            };
            match result {
                Ok(()) => return Ok(true),
                // The compare-and-swap lost: another writer moved the branch.
                Err(e) if matches!(e.code(), ErrorCode::Modified | ErrorCode::Exists) => {
                    return Ok(false)
                }
                // `refs/heads/desk.lock` exists: someone is moving the branch right now,
                // or was killed doing so. Wait a little for the first, not for the second.
                Err(e) if e.code() == ErrorCode::Locked => {
                    // libgit2 names the file; refs/heads/* live in the common dir.
                    let lock = locked_file(e.message()).unwrap_or_else(|| {
                        let path = self.repo.commondir().join(format!("{refname}.lock"));
                        path.display().to_string()
                    });
                    let stale = std::fs::metadata(&lock)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|at| at.elapsed().ok())
                        .is_some_and(|age| age >= STALE_LOCK_AGE);
                    if stale || Instant::now() >= deadline {
                        return Err(DeskError::BranchLocked { lock });
                    }
                    let jitter = rand::random::<u64>() % (pause.as_millis() as u64 + 1);
                    std::thread::sleep(pause + Duration::from_millis(jitter));
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The ref a write moves: the desk branch, or the ref it names when it is a symbolic
    /// ref (followed a few levels, as git does).
    fn moved_refname(&self) -> String {
        let mut name = self.refname();
        for _ in 0..5 {
            match self
                .repo
                .find_reference(&name)
                .ok()
                .and_then(|r| r.symbolic_target().map(str::to_string))
            {
                Some(target) => name = target,
                None => break,
            }
        }
        name
    }

    /// Runs `change` against the current tip and commits what it recorded as one commit.
    /// If another writer moves the branch in between, the change is computed again on
    /// the new tip (so its checks see the other writer's work) and retried.
    /// With `dry_run`, nothing is written and the [`Written`] shows what would be.
    pub fn transact<F>(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        dry_run: bool,
        mut change: F,
    ) -> Result<Written, DeskError>
    where
        F: FnMut(&mut Transaction<'_, '_>) -> Result<CommitMessage, DeskError>,
    {
        let seed = crate::time::id_seed()?;
        if !dry_run {
            // Fail before doing the work, not at the end (and once: the branch is
            // moved by `swap_branch`, which does not scan the worktrees again).
            self.ensure_not_checked_out()?;
            pack::remove_leftovers(&self.repo);
        }
        retrying(|| {
            let snapshot = self.snapshot()?;
            let parent = snapshot
                .commit
                .expect("snapshot() only returns existing desks");
            let ids = id_source(seed, &format!("{parent} {}", actor.email));
            let mut tx = Transaction {
                snapshot: &snapshot,
                actor,
                now,
                ids,
                tickets: BTreeMap::new(),
                changed: Default::default(),
                files: BTreeMap::new(),
                blobs: BTreeMap::new(),
            };
            let message = change(&mut tx)?;
            if dry_run || (tx.changed.is_empty() && tx.files.is_empty() && tx.blobs.is_empty()) {
                return Ok(Some(Written {
                    commit: None,
                    message,
                }));
            }
            let commit = self.write_commit(&snapshot, &tx, &message, actor, now)?;
            if !self.swap_branch(Some(parent), commit, &message.subject)? {
                return Ok(None);
            }
            self.refresh_cache(&snapshot, &tx, commit);
            Ok(Some(Written {
                commit: Some(commit.into()),
                message,
            }))
        })
    }

    /// Brings commit `theirs` (another clone's desk branch) into the desk branch: creates
    /// the branch there when it is missing, fast-forwards when it only lacks `theirs`'s
    /// commits, and otherwise commits what `merge` makes of the two sides, with both tips
    /// as parents. The branch moves by compare-and-swap; when a local writer moved it
    /// first, the merge is made again with that writer's work, as [`Desk::transact`] does.
    pub(crate) fn bring_in<R>(
        &self,
        theirs: CommitId,
        actor: &Actor,
        now: DateTime<Utc>,
        mut merge: impl FnMut(&MergeSides<'_>) -> Result<Merged<R>, DeskError>,
    ) -> Result<BroughtIn<R>, DeskError> {
        let theirs = theirs.oid();
        let repo = &self.repo;
        retrying(|| {
            let Some(ours) = self.tip_oid()? else {
                let created = self.move_branch(None, theirs, "from remote")?;
                return Ok(created.then_some(BroughtIn::Created));
            };
            if ours == theirs || repo.graph_descendant_of(ours, theirs)? {
                return Ok(Some(BroughtIn::UpToDate));
            }
            if repo.graph_descendant_of(theirs, ours)? {
                let moved = self.move_branch(Some(ours), theirs, "merge from remote")?;
                return Ok(moved.then_some(BroughtIn::FastForwarded));
            }
            let base = match repo.merge_base(ours, theirs) {
                Ok(b) => Some(repo.find_commit(b)?.tree()?),
                Err(e) if e.code() == ErrorCode::NotFound => None,
                Err(e) => return Err(e.into()),
            };
            let sides = MergeSides {
                repo,
                base,
                ours: Snapshot::at(repo, Some(ours))?,
                theirs: repo.find_commit(theirs)?.tree()?,
            };
            let merged = merge(&sides)?;
            let commit =
                self.commit_tree(merged.tree, &[ours, theirs], &merged.message, actor, now)?;
            if !self.move_branch(Some(ours), commit, "merge from remote")? {
                return Ok(None);
            }
            Ok(Some(BroughtIn::Merged(commit.into(), merged.report)))
        })
    }

    /// Ids for tickets made outside a transaction (an import's, before it is committed):
    /// random, or with `DESK_SEED` seeded from the tip and the person, apart from the ids
    /// a transaction on that tip draws.
    pub fn id_source(&self, actor: &Actor) -> Result<IdSource, DeskError> {
        let tip = self.tip()?.map(|t| t.to_string()).unwrap_or_default();
        Ok(id_source(
            crate::time::id_seed()?,
            &format!("{tip} {} prepared", actor.email),
        ))
    }

    /// Brings the summary cache's shards that `tx` touched up to date with `commit`, so
    /// the next reader finds them current. Best effort: a reader repairs what this misses.
    fn refresh_cache(&self, snapshot: &Snapshot<'_>, tx: &Transaction<'_, '_>, commit: Oid) {
        if tx.files.contains_key(CONFIG_PATH) {
            // The matrix may have changed: every ticket folds anew on the next read.
            return;
        }
        let mut shards: std::collections::BTreeSet<String> =
            tx.changed.iter().map(|id| id.shard().to_string()).collect();
        for path in tx.files.keys() {
            if let Some(shard) = path
                .strip_prefix(TICKETS_DIR)
                .and_then(|p| p.strip_prefix('/'))
                .and_then(|p| p.split_once('/'))
            {
                shards.insert(shard.0.to_string());
            }
        }
        if shards.is_empty() {
            return;
        }
        let tickets_tree = self
            .repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .ok()
            .and_then(|t| t.get_name(TICKETS_DIR).map(|e| e.id()));
        if let Some(tree) = tickets_tree {
            let _ = cache::refresh(
                &self.repo,
                tree,
                &snapshot.config.matrix,
                &self.cache(),
                &shards,
            );
        }
    }

    fn write_commit(
        &self,
        snapshot: &Snapshot<'_>,
        tx: &Transaction<'_, '_>,
        message: &CommitMessage,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Oid, DeskError> {
        let mut text = format!("{}\n\n", one_line(&message.subject));
        for ticket in tx.changed() {
            text.push_str(&format!("Desk-Ticket: {}\n", ticket.id));
        }
        text.push_str(&format!("Desk-Action: {}\n", message.action));
        for tier in &message.tiers {
            text.push_str(&format!("Desk-Tier: {tier}\n"));
        }
        for trailer in &message.trailers {
            text.push_str(&one_line(trailer));
            text.push('\n');
        }
        let parent = snapshot.commit.expect("an existing desk");
        let many = tx.changed.len() + tx.files.len() + tx.blobs.len() >= PACK_THRESHOLD;
        let committer = actor.committer();
        // fast-import cannot sign: a signed commit is written with its objects loose.
        if !many || !pack::can_write(actor, &committer) || self.signs_commits() {
            return self.write_objects(snapshot, tx, parent, &text, actor, now);
        }
        // Thousands of files (an import, a bulk change): one pack, not loose objects.
        let mut changes: BTreeMap<String, Option<Vec<u8>>> = tx
            .changed()
            .map(|t| (t.id.path(), Some(t.to_toml().into_bytes())))
            .collect();
        for (path, bytes) in &tx.files {
            changes.insert(path.clone(), Some(bytes.clone()));
        }
        pack::write_commit(
            &self.repo, parent, &changes, &tx.blobs, &text, actor, &committer, now,
        )
    }

    fn write_objects(
        &self,
        snapshot: &Snapshot<'_>,
        tx: &Transaction<'_, '_>,
        parent: Oid,
        message: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Oid, DeskError> {
        let mut changes: BTreeMap<String, Option<Oid>> = BTreeMap::new();
        for ticket in tx.changed() {
            let blob = self.repo.blob(ticket.to_toml().as_bytes())?;
            changes.insert(ticket.id.path(), Some(blob));
        }
        for (path, bytes) in &tx.files {
            changes.insert(path.clone(), Some(self.repo.blob(bytes)?));
        }
        for (path, oid) in &tx.blobs {
            changes.insert(path.clone(), Some(*oid));
        }
        let base = match snapshot.tree() {
            Some(t) => Some(self.repo.find_tree(t.id())?),
            None => None,
        };
        let tree = tree::apply_changes(&self.repo, base.as_ref(), &changes)?;
        if self.signs_commits() {
            return self.commit_signed(tree, &[parent], message, actor, &actor.committer(), now);
        }
        let tree = self.repo.find_tree(tree)?;
        let parent = self.repo.find_commit(parent)?;
        let author = signature(actor, now)?;
        let committer = signature(&actor.committer(), now)?;
        Ok(self
            .repo
            .commit(None, &author, &committer, message, &tree, &[&parent])?)
    }

    /// The member of `members` to route to next, from the desk's history: one never
    /// routed to yet (in the team's order), else the one routed to longest ago. Reads
    /// commit messages only (`Desk-Routed: TEAM EMAIL` trailers), newest first, so clones
    /// agree once synced and no counter can conflict.
    pub fn next_in_turn(
        &self,
        team: &str,
        members: &[String],
    ) -> Result<Option<String>, DeskError> {
        if members.is_empty() {
            return Ok(None);
        }
        let Some(tip) = self.tip_oid()? else {
            return Ok(members.first().cloned());
        };
        let prefix = format!("Desk-Routed: {team} ");
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        walk.push(tip)?;
        let mut recent: Vec<String> = Vec::new();
        for oid in walk.take(ROUTING_LOOKBACK) {
            let commit = self.repo.find_commit(oid?)?;
            for line in commit.message().unwrap_or_default().lines() {
                if let Some(member) = line.strip_prefix(&prefix) {
                    let member = member.trim().to_string();
                    if members.contains(&member) && !recent.contains(&member) {
                        recent.push(member);
                    }
                }
            }
            if recent.len() == members.len() {
                break;
            }
        }
        Ok(members
            .iter()
            .find(|m| !recent.contains(m))
            .or_else(|| recent.last())
            .cloned())
    }

    /// Writes `bytes` to the object store now, ahead of the commit that will name it
    /// ([`Transaction::put_blob`]): a large file goes to disk once, is not held in memory
    /// and is not written again when the transaction is retried. Unnamed, it is garbage
    /// for `git gc` to collect.
    pub fn write_blob(&self, bytes: &[u8]) -> Result<BlobId, DeskError> {
        Ok(self.repo.blob(bytes)?.into())
    }

    /// The id `bytes` would have as a blob, without writing them (for a dry run).
    pub fn blob_id(bytes: &[u8]) -> Result<BlobId, DeskError> {
        Ok(Oid::hash_object(git2::ObjectType::Blob, bytes)?.into())
    }

    /// The branch's commits, newest first, at most `limit`.
    pub fn history(&self, limit: usize) -> Result<Vec<CommitInfo>, DeskError> {
        let Some(tip) = self.tip_oid()? else {
            return Err(DeskError::NoDesk {
                branch: self.branch.clone(),
            });
        };
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        walk.push(tip)?;
        let mut out = Vec::new();
        for oid in walk.take(limit) {
            let c = self.repo.find_commit(oid?)?;
            let author = c.author();
            out.push(CommitInfo {
                id: c.id().into(),
                at: DateTime::from_timestamp(author.when().seconds(), 0).unwrap_or_default(),
                name: author.name().unwrap_or_default().to_string(),
                email: author.email().unwrap_or_default().to_string(),
                message: c.message().unwrap_or_default().to_string(),
            });
        }
        Ok(out)
    }
}

/// One commit of the desk branch.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// Its id.
    pub id: CommitId,
    /// Author time.
    pub at: DateTime<Utc>,
    /// Author name.
    pub name: String,
    /// Author email.
    pub email: String,
    /// The full message.
    pub message: String,
}

/// What [`Desk::bring_in`] did to the desk branch.
pub(crate) enum BroughtIn<R> {
    /// It already contained the other commit.
    UpToDate,
    /// It did not exist and now starts at the other commit.
    Created,
    /// It only lacked the other commit's history: moved forward to it.
    FastForwarded,
    /// Both had commits the other lacked: this merge commit unites them.
    Merged(CommitId, R),
}

/// The two sides of a merge of the desk branch with another line of its history, and
/// their common ancestor.
pub(crate) struct MergeSides<'r> {
    /// The repository the trees are in (and merged trees are written to).
    pub repo: &'r Repository,
    /// The common ancestor's tree; `None` when the two share no history.
    pub base: Option<git2::Tree<'r>>,
    /// The desk branch as it is now.
    pub ours: Snapshot<'r>,
    /// The other side's tree.
    pub theirs: git2::Tree<'r>,
}

/// What a merge made of [`MergeSides`]: the tree to commit, the commit message, and what
/// the merge has to say about it.
pub(crate) struct Merged<R> {
    /// The merged tree, written.
    pub tree: Oid,
    /// The whole commit message.
    pub message: String,
    /// The merge's own account.
    pub report: R,
}

/// Runs `attempt` until it lands (`Some`). `None` means another writer moved the branch
/// first: back off a little, then re-read and redo, at most [`MAX_ATTEMPTS`] times.
fn retrying<T>(mut attempt: impl FnMut() -> Result<Option<T>, DeskError>) -> Result<T, DeskError> {
    for n in 0..MAX_ATTEMPTS {
        if let Some(done) = attempt()? {
            return Ok(done);
        }
        let jitter = rand::random::<u64>() % (5 + u64::from(n) * 3);
        std::thread::sleep(Duration::from_millis(1 + jitter));
    }
    Err(DeskError::Contended {
        attempts: MAX_ATTEMPTS,
    })
}

pub(crate) fn signature(
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Signature<'static>, DeskError> {
    Ok(Signature::new(
        &actor.name,
        &actor.email,
        &Time::new(now.timestamp(), 0),
    )?)
}

/// Where a change's new ids come from: random, or with `DESK_SEED` seeded from the seed
/// and `context` (the tip and the person), so that each commit on top of another draws
/// new ids, and so does each retry on a new tip.
fn id_source(seed: Option<u64>, context: &str) -> IdSource {
    match seed {
        Some(seed) => IdSource::seeded(seed, context),
        None => IdSource::random(),
    }
}

/// True when the worktree whose administrative directory is `admin` (the repository's
/// own git directory for the main one) has `refname` checked out, or is rebasing it.
fn on_branch(admin: &Path, refname: &str) -> bool {
    let names = |file: &str| {
        std::fs::read_to_string(admin.join(file))
            .map(|text| {
                let text = text.trim();
                text.strip_prefix("ref:").unwrap_or(text).trim() == refname
            })
            .unwrap_or(false)
    };
    names("HEAD") || names("rebase-merge/head-name") || names("rebase-apply/head-name")
}

/// The lock file named in libgit2's "failed to lock file '...' for writing".
fn locked_file(message: &str) -> Option<String> {
    let start = message.find("lock file '")? + "lock file '".len();
    let len = message[start..].find("' for writing")?;
    Some(message[start..start + len].to_string())
}

/// True when two paths name the same directory.
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_comes_from_libgit2s_message() {
        assert_eq!(
            locked_file("failed to lock file '/r/.git/refs/heads/desk.lock' for writing")
                .as_deref(),
            Some("/r/.git/refs/heads/desk.lock")
        );
        assert_eq!(locked_file("something else"), None);
    }

    fn bare_desk(dir: &Path, branch: &str) -> Desk {
        if Repository::open(dir).is_err() {
            Repository::init_bare(dir).unwrap();
        }
        Desk::open_at(dir, Some(branch)).unwrap()
    }

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-03-02T{hour:02}:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Commits one file on the desk's branch.
    fn write(desk: &Desk, path: &str, hour: u32) -> CommitId {
        let actor = Actor::new("Ann", "ann@example.com");
        let outcome = desk
            .transact(&actor, at(hour), false, |tx| {
                tx.write_file(path, path.as_bytes().to_vec());
                Ok(CommitMessage::new(format!("write {path}"), "write"))
            })
            .unwrap();
        outcome.commit.unwrap()
    }

    /// A merge that keeps our tree, counting its calls.
    fn keep_ours(
        calls: &std::cell::Cell<u32>,
    ) -> impl FnMut(&MergeSides<'_>) -> Result<Merged<u32>, DeskError> + '_ {
        move |sides| {
            calls.set(calls.get() + 1);
            Ok(Merged {
                tree: sides.ours.tree().unwrap().id(),
                message: "merge them\n".to_string(),
                report: calls.get(),
            })
        }
    }

    #[test]
    fn bringing_in_creates_fast_forwards_or_merges() {
        let dir = tempfile::tempdir().unwrap();
        let ours = bare_desk(dir.path(), "desk");
        let theirs = bare_desk(dir.path(), "theirs");
        let actor = Actor::new("Ann", "ann@example.com");
        let start = ours.init(&actor, at(8)).unwrap();
        let calls = std::cell::Cell::new(0);

        let created = theirs.bring_in(start, &actor, at(9), keep_ours(&calls));
        assert!(matches!(created, Ok(BroughtIn::Created)));
        assert_eq!(theirs.tip().unwrap(), Some(start));
        let their_work = write(&theirs, "kb/theirs.md", 10);

        let forward = ours.bring_in(their_work, &actor, at(11), keep_ours(&calls));
        assert!(matches!(forward, Ok(BroughtIn::FastForwarded)));
        assert_eq!(ours.tip().unwrap(), Some(their_work));
        let same = ours.bring_in(start, &actor, at(11), keep_ours(&calls));
        assert!(matches!(same, Ok(BroughtIn::UpToDate)));

        let our_work = write(&ours, "kb/ours.md", 12);
        let their_work = write(&theirs, "kb/more.md", 12);
        let merged = ours
            .bring_in(their_work, &actor, at(13), keep_ours(&calls))
            .unwrap();
        let BroughtIn::Merged(commit, report) = merged else {
            panic!("two lines of work are merged");
        };
        assert_eq!((calls.get(), report), (1, 1));
        assert_eq!(ours.tip().unwrap(), Some(commit));
        let commit = ours.repo.find_commit(commit.oid()).unwrap();
        let parents: Vec<CommitId> = commit.parent_ids().map(CommitId::from).collect();
        assert_eq!(parents, vec![our_work, their_work]);
        assert_eq!(commit.message(), Some("merge them\n"));
        assert_eq!(commit.author().email(), Some("ann@example.com"));
    }

    #[test]
    fn a_merge_is_made_again_when_a_local_writer_moved_the_branch() {
        let dir = tempfile::tempdir().unwrap();
        let ours = bare_desk(dir.path(), "desk");
        let theirs = bare_desk(dir.path(), "theirs");
        let actor = Actor::new("Ann", "ann@example.com");
        let start = ours.init(&actor, at(8)).unwrap();
        theirs
            .bring_in::<()>(start, &actor, at(8), |_| unreachable!())
            .unwrap();
        let their_work = write(&theirs, "kb/theirs.md", 9);
        write(&ours, "kb/ours.md", 9);
        let mut seen = Vec::new();
        let merged = ours
            .bring_in(their_work, &actor, at(10), |sides| {
                seen.push(sides.ours.commit.unwrap());
                if seen.len() == 1 {
                    // Another command commits while the merge is being made.
                    write(&ours, "kb/meanwhile.md", 10);
                }
                Ok(Merged {
                    tree: sides.ours.tree().unwrap().id(),
                    message: "merge\n".to_string(),
                    report: (),
                })
            })
            .unwrap();
        let BroughtIn::Merged(commit, ()) = merged else {
            panic!("merged");
        };
        assert_eq!(seen.len(), 2, "the merge was made again");
        let meanwhile = seen[1];
        assert_ne!(seen[0], meanwhile);
        let commit = ours.repo.find_commit(commit.oid()).unwrap();
        assert_eq!(
            commit.parent_id(0).unwrap(),
            meanwhile,
            "the other work is kept"
        );
        assert!(commit
            .tree()
            .unwrap()
            .get_path(Path::new("kb/meanwhile.md"))
            .is_ok());
    }
}
