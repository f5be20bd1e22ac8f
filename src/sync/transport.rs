//! The network half of sync: the `git` program fetches and pushes, so the user's ssh
//! agent, credential helpers, proxies and `insteadOf` rules all apply as they do for git.
//! Everything local (objects, refs, the merge) is libgit2's.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use git2::{Direction, Oid, Repository};

use crate::error::DeskError;
use crate::store::CommitId;

/// The oldest git whose fetch and push git-desk relies on (`--force-with-lease=REF:OID`,
/// `push --porcelain`, `fetch --no-write-fetch-head`).
const MIN_GIT: (u32, u32) = (2, 29);

/// How long one fetch, push or look at the remote may take before it is given up.
/// (A slow HTTP transfer is also given up after as long without a byte.)
pub const NETWORK_TIMEOUT: Duration = Duration::from_secs(300);

/// Where each fetch lands first: a ref of its own, so that fetches running at once (two
/// syncs, an editor's `git fetch`) never fight over the lock of the tracking ref.
/// Named `<unix seconds>-<pid>-<random>`, so that one left by a killed process is known.
const FETCH_REFS: &str = "refs/desk/fetch/";

/// A fetch ref older than this was left by a process that died mid-fetch.
const STALE_FETCH_REF: Duration = Duration::from_secs(24 * 3600);

/// How to run git for one repository.
#[derive(Debug, Clone)]
pub struct GitProgram {
    git_dir: PathBuf,
    interactive: bool,
    progress: bool,
    timeout: Duration,
}

/// What a fetch found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetched {
    /// The remote's desk branch is at this commit (also recorded at the tracking ref,
    /// unless another process held that ref at the moment).
    At(CommitId),
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
    /// credentials on the terminal; `progress` lets it show its own progress. Each
    /// network operation is given up after [`NETWORK_TIMEOUT`] unless told otherwise.
    pub fn new(git_dir: PathBuf, interactive: bool, progress: bool) -> GitProgram {
        GitProgram {
            git_dir,
            interactive,
            progress,
            timeout: NETWORK_TIMEOUT,
        }
    }

    /// The same, giving up each network operation after `limit`.
    pub fn with_timeout(self, limit: Duration) -> GitProgram {
        GitProgram {
            timeout: limit,
            ..self
        }
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new("git");
        // A stalled HTTP transfer ends by itself; other transports by `run`'s limit.
        cmd.arg("-c")
            .arg("http.lowSpeedLimit=1")
            .arg("-c")
            .arg(format!(
                "http.lowSpeedTime={}",
                self.timeout.as_secs().max(1)
            ));
        cmd.arg("--git-dir").arg(&self.git_dir);
        // The desk's own refs decide; a user's fetch hooks and the like still run.
        cmd.env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
        if !self.interactive {
            cmd.env("GIT_TERMINAL_PROMPT", "0").stdin(Stdio::null());
        }
        cmd
    }

    /// Runs a git command that talks to `remote`, killing it when it outlasts the timeout
    /// (a server that accepts the connection and never answers).
    fn run(
        &self,
        mut cmd: Command,
        remote: &str,
        action: &'static str,
    ) -> Result<Output, DeskError> {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| {
            DeskError::GitProgram(format!("cannot run git to {action} '{remote}': {e}"))
        })?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        // A limit too far to represent is no limit.
        let deadline = Instant::now().checked_add(self.timeout);
        let mut pause = Duration::from_millis(1);
        let status = loop {
            let exited = child
                .try_wait()
                .map_err(|e| DeskError::GitProgram(format!("cannot wait for git: {e}")))?;
            if let Some(status) = exited {
                break status;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(DeskError::Remote {
                    action,
                    remote: remote.to_string(),
                    reason: format!(
                        "no answer within {} s, so it was given up (raise the limit with `git config desk.timeout SECONDS` or DESK_NETWORK_TIMEOUT)",
                        self.timeout.as_secs()
                    ),
                });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
        };
        // git's own helpers (ssh, a remote helper) may hold the pipes a little longer;
        // what they have not said by the deadline is not waited for.
        let rest = deadline
            .map_or(Duration::MAX, |d| {
                d.saturating_duration_since(Instant::now())
            })
            .max(Duration::from_secs(1));
        Ok(Output {
            status,
            stdout: stdout.recv_timeout(rest).unwrap_or_default(),
            stderr: stderr.recv_timeout(rest).unwrap_or_default(),
        })
    }

    fn repo(&self) -> Result<Repository, DeskError> {
        Ok(Repository::open(&self.git_dir)?)
    }

    fn is_configured(&self, remote: &str) -> bool {
        self.repo()
            .map(|r| r.find_remote(remote).is_ok())
            .unwrap_or(false)
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

    /// Where `refs/heads/BRANCH` of `remote` is now, asking the remote itself.
    pub fn remote_tip(&self, remote: &str, branch: &str) -> Result<Option<CommitId>, DeskError> {
        let target = format!("refs/heads/{branch}");
        let mut cmd = self.command();
        cmd.args(["ls-remote", "--end-of-options"])
            .arg(remote)
            .arg(&target);
        let out = self.run(cmd, remote, "reach")?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(classify(
                remote,
                self.is_configured(remote),
                "reach",
                &stderr,
            ));
        }
        // "<oid>\t<ref>" lines; the pattern also matches refs that merely end the same.
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some((oid, name)) = line.split_once('\t') {
                if name == target {
                    return Ok(Some(Oid::from_str(oid)?.into()));
                }
            }
        }
        Ok(None)
    }

    /// Fetches `refs/heads/BRANCH` of `remote` and records it at `tracking`.
    ///
    /// The fetch lands in a ref of its own and touches no other ref: not the tracking
    /// ref (another fetch may hold its lock), and not what the remote's configured
    /// refspecs would update (a mirror clone maps the remote's desk branch onto the local
    /// one, and must not lose local work to it).
    pub fn fetch(&self, remote: &str, branch: &str, tracking: &str) -> Result<Fetched, DeskError> {
        let repo = self.repo()?;
        clear_stale_fetch_refs(&repo, STALE_FETCH_REF.max(self.timeout.saturating_mul(2)));
        let landing = format!(
            "{FETCH_REFS}{}-{}-{:08x}",
            unix_seconds(),
            std::process::id(),
            rand::random::<u32>()
        );
        let mut cmd = self.command();
        cmd.args([
            "fetch",
            "--no-tags",
            "--no-write-fetch-head",
            "--no-prune",
            "--no-recurse-submodules",
            "--refmap=",
        ]);
        cmd.arg(if self.progress {
            "--progress"
        } else {
            "--quiet"
        });
        cmd.arg("--end-of-options")
            .arg(remote)
            .arg(format!("+refs/heads/{branch}:{landing}"));
        let result = self.run(cmd, remote, "fetch from");
        let landed = repo.refname_to_id(&landing).ok();
        if let Some(oid) = landed {
            remember(&repo, tracking, oid);
        }
        drop_ref(&repo, &landing);
        let out = result?;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if self.progress {
            // git's own progress, passed on; a closed stderr is no reason to fail a fetch.
            let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), stderr.as_bytes());
        }
        if out.status.success() {
            let oid = landed.ok_or_else(|| {
                DeskError::GitProgram(format!(
                    "git fetch from '{remote}' succeeded but left no commit in {landing}"
                ))
            })?;
            return Ok(Fetched::At(oid.into()));
        }
        if stderr.contains("couldn't find remote ref") {
            return Ok(Fetched::NoBranch);
        }
        Err(classify(
            remote,
            self.is_configured(remote),
            "fetch from",
            &stderr,
        ))
    }

    /// Where to push: the remote's name, unless its configured fetch refspecs map the
    /// desk branch onto something other than `tracking` (a mirror clone maps it onto the
    /// local branch itself), since git then moves that ref too, without checking what it
    /// held; then its push URL.
    fn push_destination(&self, remote: &str, branch: &str, tracking: &str) -> String {
        let Ok(repo) = self.repo() else {
            return remote.to_string();
        };
        let Ok(configured) = repo.find_remote(remote) else {
            return remote.to_string();
        };
        let source = format!("refs/heads/{branch}");
        let foreign = configured.refspecs().any(|spec| {
            spec.direction() == Direction::Fetch
                && spec.src_matches(&source)
                && spec
                    .transform(&source)
                    .ok()
                    .and_then(|dst| dst.as_str().map(|d| d != tracking))
                    .unwrap_or(true)
        });
        if !foreign {
            return remote.to_string();
        }
        let mut cmd = self.command();
        cmd.args(["remote", "get-url", "--push", "--end-of-options", remote]);
        let urls = cmd
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let urls: Vec<&str> = urls.lines().filter(|l| !l.is_empty()).collect();
        match urls.as_slice() {
            [url] => url.to_string(),
            // Several push URLs: git pushes to each, which only the name can say.
            _ => remote.to_string(),
        }
    }

    /// Pushes `commit` to `refs/heads/BRANCH` of `remote`, only if the remote's branch is
    /// still at `expected` (`None`: only if it does not exist). `tracking` is where the
    /// remote's branch is recorded locally.
    pub fn push(
        &self,
        remote: &str,
        branch: &str,
        tracking: &str,
        commit: CommitId,
        expected: Option<CommitId>,
    ) -> Result<Pushed, DeskError> {
        let target = format!("refs/heads/{branch}");
        let lease = match expected {
            Some(oid) => format!("--force-with-lease={target}:{oid}"),
            None => format!("--force-with-lease={target}:"),
        };
        let destination = self.push_destination(remote, branch, tracking);
        let mut cmd = self.command();
        if self.is_configured(remote) {
            // A mirror remote refuses a push of one ref; this push is of the desk only.
            add_config(&mut cmd, &format!("remote.{remote}.mirror"), "false");
        }
        // Not --quiet: it also silences the porcelain line this reads.
        cmd.args([
            "push",
            "--porcelain",
            "--no-follow-tags",
            "--recurse-submodules=no",
        ]);
        if self.progress {
            cmd.arg("--progress");
        }
        cmd.arg(lease)
            .arg("--end-of-options")
            .arg(&destination)
            .arg(format!("{commit}:{target}"));
        let out = self.run(cmd, remote, "push to")?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // Porcelain: "<flag>\t<from>:<to>\t<detail>" for our ref.
        let line = stdout.lines().find(|l| {
            l.split('\t')
                .nth(1)
                .is_some_and(|r| r.ends_with(&format!(":{target}")))
        });
        match line.and_then(|l| l.chars().next()) {
            Some('=') => Ok(Pushed::UpToDate),
            Some(' ' | '+' | '*') => Ok(Pushed::Updated),
            Some('!') => {
                let detail = line.and_then(|l| l.split('\t').nth(2)).unwrap_or_default();
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
                if raced.iter().any(|r| detail.contains(r)) {
                    Ok(Pushed::Stale)
                } else {
                    // The server's own words (a hook's message) say why.
                    let said: Vec<String> = stderr
                        .lines()
                        .filter_map(|l| l.strip_prefix("remote:"))
                        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end().to_string())
                        .filter(|l| !l.trim().is_empty())
                        .collect();
                    Err(DeskError::PushRefused {
                        remote: remote.to_string(),
                        detail: detail.trim().to_string(),
                        said,
                    })
                }
            }
            _ => Err(classify(
                remote,
                self.is_configured(remote),
                "push to",
                &stderr,
            )),
        }
    }
}

/// Turns git's failure into a typed error. A remote the user named that is neither
/// configured nor a repository is their input (exit 2); anything else, a configured remote
/// whose URL leads nowhere included, is a failed operation (exit 1) with git's reason.
fn classify(remote: &str, configured: bool, action: &'static str, stderr: &str) -> DeskError {
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
    let not_a_repository = stderr.contains("does not appear to be a git repository")
        || stderr.contains("not a git repository");
    if not_a_repository && !configured {
        return DeskError::UnknownRemote {
            remote: remote.to_string(),
            reason: first.to_string(),
        };
    }
    let reason = if not_a_repository {
        format!("{first} (check its URL with `git remote get-url {remote}`)")
    } else {
        first.to_string()
    };
    DeskError::Remote {
        action,
        remote: remote.to_string(),
        reason,
    }
}

/// Gives one git command a config setting through the environment, after any the user
/// gave there: unlike `-c KEY=VALUE`, a key holding `=` (a remote's name may) is not split.
fn add_config(cmd: &mut Command, key: &str, value: &str) {
    let count = std::env::var("GIT_CONFIG_COUNT")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    cmd.env("GIT_CONFIG_COUNT", (count + 1).to_string())
        .env(format!("GIT_CONFIG_KEY_{count}"), key)
        .env(format!("GIT_CONFIG_VALUE_{count}"), value);
}

/// Reads a child's pipe to its end on a thread of its own; the bytes arrive on the channel.
fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    match pipe {
        Some(mut pipe) => {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                let _ = sender.send(bytes);
            });
        }
        None => {
            let _ = sender.send(Vec::new());
        }
    }
    receiver
}

/// Records `oid` as the remote's tip at `tracking`, by compare-and-swap, retrying a few
/// times when another process holds the ref. It is a memory for the user (`git log
/// origin/desk`) that nothing in sync decides on, so losing the race is no failure.
pub(crate) fn remember(repo: &Repository, tracking: &str, oid: Oid) {
    for attempt in 0..5u32 {
        let current = repo.refname_to_id(tracking).ok();
        if current == Some(oid) {
            return;
        }
        let written = match current {
            Some(old) => repo.reference_matching(tracking, oid, true, old, "git-desk: fetched"),
            None => repo.reference(tracking, oid, false, "git-desk: fetched"),
        };
        if written.is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(5 << attempt));
    }
}

/// Deletes a ref git-desk made for itself; one left behind is cleared by a later fetch.
fn drop_ref(repo: &Repository, name: &str) {
    for attempt in 0..5u32 {
        match repo.find_reference(name) {
            Err(_) => return,
            Ok(mut r) => {
                if r.delete().is_ok() {
                    return;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5 << attempt));
    }
}

/// Deletes the fetch refs that processes killed mid-fetch left behind: those older than
/// `age` (no fetch lives that long: each is killed at the timeout).
fn clear_stale_fetch_refs(repo: &Repository, age: Duration) {
    for name in stale_fetch_refs(repo, age) {
        drop_ref(repo, &name);
    }
}

/// The fetch refs older than `age`, by name.
fn stale_fetch_refs(repo: &Repository, age: Duration) -> Vec<String> {
    let now = unix_seconds();
    let Ok(refs) = repo.references_glob(&format!("{FETCH_REFS}*")) else {
        return Vec::new();
    };
    refs.flatten()
        .filter_map(|r| r.name().map(str::to_string))
        .filter(|name| {
            fetch_ref_born(name).is_some_and(|born| now.saturating_sub(born) > age.as_secs())
        })
        .collect()
}

/// The fetch refs that no fetch with this network timeout can still be using (those
/// such a fetch clears before it starts), by name.
pub(crate) fn leftover_fetch_refs(repo: &Repository, timeout: Duration) -> Vec<String> {
    stale_fetch_refs(repo, STALE_FETCH_REF.max(timeout.saturating_mul(2)))
}

/// Deletes one fetch ref that [`leftover_fetch_refs`] named.
pub(crate) fn remove_fetch_ref(repo: &Repository, name: &str) -> Result<(), DeskError> {
    match repo.find_reference(name) {
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(()),
        Err(e) => Err(e.into()),
        Ok(mut r) => Ok(r.delete()?),
    }
}

/// When a fetch ref was made, from its name (`<seconds>-<pid>-<random>`).
fn fetch_ref_born(name: &str) -> Option<u64> {
    name.strip_prefix(FETCH_REFS)?
        .split('-')
        .next()?
        .parse()
        .ok()
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
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
            false,
            "fetch from",
            "fatal: 'nope' does not appear to be a git repository\nfatal: Could not read from remote repository.\n",
        );
        assert!(e.is_bad_input(), "{e}");
        let e = classify(
            "origin",
            true,
            "fetch from",
            "fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused\n",
        );
        assert!(!e.is_bad_input());
        assert!(e.to_string().contains("unable to connect"), "{e}");
        // A configured remote whose path is gone is a failed operation, not a typo.
        let e = classify(
            "origin",
            true,
            "push to",
            "fatal: '/srv/gone.git' does not appear to be a git repository\n",
        );
        assert!(!e.is_bad_input(), "{e}");
        assert!(e.to_string().contains("git remote get-url origin"), "{e}");
    }

    #[test]
    fn fetch_refs_tell_their_age() {
        assert_eq!(
            fetch_ref_born("refs/desk/fetch/1764460000-4242-0badf00d"),
            Some(1_764_460_000)
        );
        assert_eq!(fetch_ref_born("refs/desk/fetch/garbage"), None);
        assert_eq!(fetch_ref_born("refs/heads/desk"), None);
    }
}
