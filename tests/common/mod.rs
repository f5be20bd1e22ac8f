//! The test environment: a throwaway git repository (HEAD on `main`), a throwaway HOME
//! whose `.gitconfig` says who is acting, and helpers that run `git-desk` and `git` there
//! with a fixed clock and nothing from the developer's own environment.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use tempfile::TempDir;

/// The time every command runs at unless a test says otherwise.
pub const NOW: &str = "2026-11-22T09:00:00Z";
/// The acting person's email (from the temp HOME's `.gitconfig`).
pub const ALICE: &str = "alice@example.com";

/// The seed every command's new ids follow from (`DESK_SEED`): the same commands in the
/// same order give the same ids, so output with ids in it can be compared as text.
pub const SEED: &str = "1";
/// The terminal width commands see (`COLUMNS`).
pub const COLUMNS: &str = "100";

/// Variables passed through from the developer's environment: how to find `git`, and
/// where coverage tools want their data. Everything else is cleared.
const KEPT_VARS: &[&str] = &["PATH", "LLVM_PROFILE_FILE"];

/// Clears the environment and sets only what the tests pin: the program search path,
/// HOME (whose `.gitconfig` is the only git config and says who is acting), the clock,
/// the id seed, no colour, the width, the locale and the time zone.
fn pin_environment(cmd: &mut StdCommand, home: &Path) {
    cmd.env_clear();
    for var in KEPT_VARS {
        if let Some(value) = std::env::var_os(var) {
            cmd.env(var, value);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("DESK_NOW", NOW)
        .env("DESK_SEED", SEED)
        .env("NO_COLOR", "1")
        .env("COLUMNS", COLUMNS)
        .env("LANG", "C")
        .env("LC_ALL", "C")
        // Times are shown in the reader's zone: the same on every machine.
        .env("TZ", "UTC");
}

/// The built binary.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("git-desk")
}

/// A ticket file's path in the desk tree: `tickets/<first two chars>/<id>.toml`.
pub fn ticket_path(id: &str) -> String {
    format!("tickets/{}/{id}.toml", &id[..2])
}

/// A git repository with (usually) a desk, and a HOME for the person acting.
pub struct TestDesk {
    /// Holds the repository (`repo/`) and scratch files that must stay outside it.
    root: TempDir,
    home: TempDir,
    repo: PathBuf,
}

impl TestDesk {
    /// A repository with `git desk init` already run.
    pub fn new() -> TestDesk {
        let desk = TestDesk::without_desk();
        desk.run_ok(&["init"]);
        desk
    }

    /// A fresh non-bare repository (`git init -q -b main`), no desk branch yet.
    pub fn without_desk() -> TestDesk {
        let root = TempDir::new().expect("temp dir");
        let home = TempDir::new().expect("temp home");
        fs::write(
            home.path().join(".gitconfig"),
            "[user]\n\tname = Alice Agent\n\temail = alice@example.com\n",
        )
        .expect("write .gitconfig");
        let repo = root.path().join("repo");
        fs::create_dir(&repo).expect("repo dir");
        let desk = TestDesk { root, home, repo };
        desk.git(&["init", "-q", "-b", "main"]);
        desk
    }

    /// The repository's working tree.
    pub fn path(&self) -> &Path {
        &self.repo
    }

    /// A directory outside the repository for scripts and other scratch files.
    pub fn scratch(&self) -> &Path {
        self.root.path()
    }

    /// The temp HOME's `.gitconfig`.
    pub fn gitconfig(&self) -> PathBuf {
        self.home.path().join(".gitconfig")
    }

    /// Applies the test environment to any command: a cleared environment with HOME,
    /// config, clock, seed, width and locale pinned, run in the repository.
    pub fn setup(&self, cmd: &mut StdCommand) {
        pin_environment(cmd, self.home.path());
        cmd.current_dir(&self.repo);
    }

    /// `git-desk ARGS` in the repository (override with `.env(...)` afterwards).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = StdCommand::new(bin());
        self.setup(&mut cmd);
        cmd.args(args);
        Command::from_std(cmd)
    }

    /// `git-desk ARGS` run by someone else (`GIT_AUTHOR_NAME` / `GIT_AUTHOR_EMAIL`).
    pub fn as_user(&self, name: &str, email: &str, args: &[&str]) -> Command {
        let mut cmd = self.cmd(args);
        cmd.env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email);
        cmd
    }

    /// Runs `git-desk ARGS`, asserts success, returns stdout.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let assert = self.cmd(args).assert().success();
        String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 stdout")
    }

    /// A `git ARGS` command in the repository.
    pub fn git_cmd(&self, args: &[&str]) -> StdCommand {
        let mut cmd = StdCommand::new("git");
        self.setup(&mut cmd);
        cmd.args(args);
        cmd
    }

    /// Runs `git ARGS`, asserts success, returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_cmd(args).output().expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 from git")
    }

    /// The desk branch tip, `None` when there is no desk branch.
    pub fn tip(&self) -> Option<String> {
        let out = self
            .git_cmd(&["rev-parse", "--verify", "-q", "refs/heads/desk"])
            .output()
            .expect("run git");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// How many commits the desk branch has.
    pub fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "desk"])
            .trim()
            .parse()
            .expect("a count")
    }

    /// The full message of the desk tip.
    pub fn last_message(&self) -> String {
        self.git(&["log", "-1", "--format=%B", "desk"])
    }

    /// Files a ticket and returns its full id (checked to be 16 characters).
    pub fn new_ticket(&self, title: &str, extra_args: &[&str]) -> String {
        let mut args = vec!["new", title];
        args.extend_from_slice(extra_args);
        let id = self.run_ok(&args).trim().to_string();
        assert_eq!(id.len(), 16, "`new` prints a 16-character id, got {id:?}");
        id
    }

    /// `git-desk show ID --json`, parsed.
    pub fn show_json(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.run_ok(&["show", id, "--json"])).expect("show --json is JSON")
    }

    /// The ticket file as it is on the desk branch.
    pub fn ticket_file(&self, id: &str) -> String {
        self.git(&["show", &format!("desk:{}", ticket_path(id))])
    }

    /// Writes an executable shell script into the scratch directory (for EDITOR).
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.scratch().join(name);
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    /// Runs a command that must be refused as bad input: exit 2, one line on stderr
    /// starting with `git-desk: ` and mentioning each of `mentions`, the desk tip
    /// unchanged. Returns stderr.
    pub fn refused(&self, cmd: &mut Command, mentions: &[&str]) -> String {
        let before = self.tip();
        let output = cmd.output().expect("run git-desk");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        let what = format!(
            "{:?} {:?}",
            cmd.get_program(),
            cmd.get_args().collect::<Vec<_>>()
        );
        assert_eq!(
            output.status.code(),
            Some(2),
            "{what}: exit code; stderr: {stderr}"
        );
        assert_eq!(
            stderr.lines().count(),
            1,
            "{what}: one line on stderr: {stderr}"
        );
        assert!(stderr.starts_with("git-desk: "), "{what}: prefix: {stderr}");
        for m in mentions {
            assert!(
                stderr.contains(m),
                "{what}: stderr should mention {m:?}: {stderr}"
            );
        }
        assert_eq!(self.tip(), before, "{what}: the desk must not move");
        stderr
    }

    /// Commits `contents` at `path` on the desk branch with plain git plumbing, the way
    /// a person or another tool might, without touching the user's index or work tree.
    pub fn commit_on_desk(&self, path: &str, contents: &str) {
        commit_by_hand(&|args| self.git_cmd(args), self.scratch(), path, contents);
    }
}

// ---------------------------------------------------------------------------------------
// Several clones of one bare remote, for sync tests.
// ---------------------------------------------------------------------------------------

/// Applies the same isolated environment as [`TestDesk::setup`] (minus the working
/// directory): nothing from the developer's environment, a HOME whose `.gitconfig` is the
/// only config, the fixed clock and seed, no colour.
pub fn isolate(cmd: &mut StdCommand, home: &Path) {
    pin_environment(cmd, home);
}

/// Runs a prepared command, asserts success, returns stdout.
fn output_ok(mut cmd: StdCommand, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("run {what}: {e}"));
    stdout_ok(out, what)
}

/// Asserts that `what` succeeded; returns its stdout.
pub fn stdout_ok(out: std::process::Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

/// Commits `contents` at `path` on the desk branch with git plumbing and a temporary
/// index in `scratch`, the way a person or another tool might: the user's index and work
/// tree are not touched.
fn commit_by_hand(
    git_cmd: &dyn Fn(&[&str]) -> StdCommand,
    scratch: &Path,
    path: &str,
    contents: &str,
) {
    let file = scratch.join("hand-made.toml");
    fs::write(&file, contents).expect("write the file");
    let index = scratch.join("desk.index");
    let git = |args: &[&str], own_index: bool| -> String {
        let mut cmd = git_cmd(args);
        if own_index {
            cmd.env("GIT_INDEX_FILE", &index);
        }
        output_ok(cmd, &format!("git {args:?}")).trim().to_string()
    };
    let blob = git(&["hash-object", "-w", file.to_str().unwrap()], false);
    let old = git(&["rev-parse", "refs/heads/desk"], false);
    git(&["read-tree", "desk"], true);
    let entry = format!("100644,{blob},{path}");
    git(&["update-index", "--add", "--cacheinfo", &entry], true);
    let tree = git(&["write-tree"], true);
    let commit = git(
        &["commit-tree", "-p", "desk", "-m", "edit by hand", &tree],
        true,
    );
    git(&["update-ref", "refs/heads/desk", &commit, &old], false);
    fs::remove_file(index).expect("remove the temporary index");
}

/// A bare remote (`remote.git`, HEAD on `main`) and any number of clones of it, all in
/// one temp dir and sharing one isolated HOME. Each clone acts as a different person.
pub struct Cluster {
    root: std::sync::Arc<TempDir>,
}

impl Cluster {
    /// An empty bare remote, no clones yet.
    pub fn new() -> Cluster {
        let root = TempDir::new().expect("temp dir");
        let home = root.path().join("home");
        fs::create_dir(&home).expect("home dir");
        fs::write(
            home.join(".gitconfig"),
            "[user]\n\tname = Alice Agent\n\temail = alice@example.com\n",
        )
        .expect("write .gitconfig");
        let cluster = Cluster {
            root: std::sync::Arc::new(root),
        };
        let mut init = cluster.git_in(cluster.root.path());
        init.args(["init", "--bare", "-q", "-b", "main", "remote.git"]);
        output_ok(init, "git init --bare");
        cluster
    }

    /// The temp dir holding the remote, the clones and HOME.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The shared HOME.
    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// The bare remote's path.
    pub fn remote(&self) -> PathBuf {
        self.root.path().join("remote.git")
    }

    /// A `git` command in `dir` with the isolated environment.
    pub fn git_in(&self, dir: &Path) -> StdCommand {
        let mut cmd = StdCommand::new("git");
        isolate(&mut cmd, &self.home());
        cmd.current_dir(dir);
        cmd
    }

    /// Runs `git --git-dir remote.git ARGS`, asserts success, returns stdout.
    pub fn remote_git(&self, args: &[&str]) -> String {
        let mut cmd = self.git_in(self.root.path());
        cmd.arg("--git-dir").arg(self.remote()).args(args);
        output_ok(cmd, &format!("git --git-dir remote.git {args:?}"))
    }

    /// The remote's desk tree id.
    pub fn remote_tree(&self) -> String {
        self.remote_git(&["rev-parse", "desk^{tree}"])
            .trim()
            .to_string()
    }

    /// `git clone -q remote.git NAME`: a clone acting as NAME (`NAME@example.com`).
    pub fn clone_named(&self, name: &str) -> DeskClone {
        let remote = self.remote();
        self.clone_url(name, remote.to_str().expect("UTF-8 path"))
    }

    /// `git clone -q URL NAME`: a clone acting as NAME (`NAME@example.com`).
    pub fn clone_url(&self, name: &str, url: &str) -> DeskClone {
        let mut cmd = self.git_in(self.root.path());
        cmd.args(["clone", "-q", url, name]);
        output_ok(cmd, &format!("git clone {url}"));
        DeskClone {
            root: self.root.clone(),
            dir: self.root.path().join(name),
            home: self.home(),
            name: name.to_string(),
            email: format!("{name}@example.com"),
        }
    }
}

/// One clone in a [`Cluster`], acting as its own person.
pub struct DeskClone {
    /// Keeps the cluster's temp dir alive as long as any clone is.
    #[allow(dead_code)]
    root: std::sync::Arc<TempDir>,
    dir: PathBuf,
    home: PathBuf,
    name: String,
    email: String,
}

impl DeskClone {
    /// The clone's working tree.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Who acts in this clone (the name given to `clone_named`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The email this clone's events are written by.
    pub fn email(&self) -> &str {
        &self.email
    }

    /// Applies the isolated environment, the clone's person and its directory.
    pub fn setup(&self, cmd: &mut StdCommand) {
        isolate(cmd, &self.home);
        cmd.current_dir(&self.dir)
            .env("GIT_AUTHOR_NAME", &self.name)
            .env("GIT_AUTHOR_EMAIL", &self.email)
            .env("GIT_COMMITTER_NAME", &self.name)
            .env("GIT_COMMITTER_EMAIL", &self.email);
    }

    /// `git-desk ARGS` in the clone.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = StdCommand::new(bin());
        self.setup(&mut cmd);
        cmd.args(args);
        Command::from_std(cmd)
    }

    /// `git-desk ARGS` as a plain std command (to spawn it).
    pub fn std_cmd(&self, args: &[&str]) -> StdCommand {
        let mut cmd = StdCommand::new(bin());
        self.setup(&mut cmd);
        cmd.args(args);
        cmd
    }

    /// Runs `git-desk ARGS`, asserts success, returns stdout.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let out = self.std_cmd(args).output().expect("run git-desk");
        assert!(
            out.status.success(),
            "{}: git-desk {args:?} failed ({}): {}",
            self.name,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    /// A `git ARGS` command in the clone.
    pub fn git_cmd(&self, args: &[&str]) -> StdCommand {
        let mut cmd = StdCommand::new("git");
        self.setup(&mut cmd);
        cmd.args(args);
        cmd
    }

    /// Runs `git ARGS`, asserts success, returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        output_ok(self.git_cmd(args), &format!("{}: git {args:?}", self.name))
    }

    /// The desk branch's tree id.
    pub fn desk_tree(&self) -> String {
        self.git(&["rev-parse", "desk^{tree}"]).trim().to_string()
    }

    /// The desk branch tip, `None` when there is no desk branch.
    pub fn tip(&self) -> Option<String> {
        let out = self
            .git_cmd(&["rev-parse", "--verify", "-q", "refs/heads/desk"])
            .output()
            .expect("run git");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Every ref with its value (`git for-each-ref`), to compare before and after.
    pub fn refs(&self) -> String {
        self.git(&["for-each-ref"])
    }

    /// Files a ticket and returns its full id.
    pub fn new_ticket(&self, title: &str) -> String {
        let id = self.run_ok(&["new", "-q", title]).trim().to_string();
        assert_eq!(id.len(), 16, "`new` prints a 16-character id, got {id:?}");
        id
    }

    /// `git-desk show ID --json`, parsed.
    pub fn show_json(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.run_ok(&["show", id, "--json"])).expect("show --json is JSON")
    }

    /// The ticket file as it is on the desk branch.
    pub fn ticket_file(&self, id: &str) -> String {
        self.git(&["show", &format!("desk:{}", ticket_path(id))])
    }

    /// Asserts `git fsck --strict` is clean.
    pub fn assert_fsck(&self) {
        let out = self
            .git_cmd(&["fsck", "--strict"])
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "{}: git fsck --strict: {}{}",
            self.name,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Commits `contents` at `path` on the desk branch with plain git plumbing (as
    /// [`TestDesk::commit_on_desk`] does), without touching index or work tree.
    pub fn commit_on_desk(&self, path: &str, contents: &str) {
        let scratch = self.dir.with_extension("scratch");
        fs::create_dir_all(&scratch).expect("scratch dir");
        commit_by_hand(&|args| self.git_cmd(args), &scratch, path, contents);
    }
}

/// Asserts `git fsck --strict` is clean in the cluster's bare remote.
pub fn assert_remote_fsck(cluster: &Cluster) {
    let mut cmd = cluster.git_in(cluster.root());
    cmd.arg("--git-dir")
        .arg(cluster.remote())
        .args(["fsck", "--strict"]);
    output_ok(cmd, "git fsck --strict in remote.git");
}

/// A command's stderr as text.
pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `text` to `name` in `dir` and returns the file's path, for commands that take
/// file names (the merge driver's base, ours and theirs).
pub fn scratch_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).expect("write a scratch file");
    path.to_str().expect("a UTF-8 path").to_string()
}

/// Starts `writers` shell loops at once, each running `body` (a shell snippet that may
/// use `$DESK`, the binary, `$N`, the writer number, and the variables of `env`), and
/// waits for all of them, asserting each succeeded.
pub fn run_writers(desk: &TestDesk, writers: usize, body: &str, env: &[(String, String)]) {
    use std::process::{Child, Stdio};
    let children: Vec<(usize, Child)> = (1..=writers)
        .map(|n| {
            let mut cmd = StdCommand::new("sh");
            desk.setup(&mut cmd);
            cmd.envs(env.iter().map(|(k, v)| (k, v)))
                .arg("-c")
                .arg(body)
                .env("DESK", bin())
                .env("N", n.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            (n, cmd.spawn().expect("spawn a writer"))
        })
        .collect();
    for (n, child) in children {
        let out = child.wait_with_output().expect("wait for a writer");
        assert!(
            out.status.success(),
            "writer {n} failed: {}",
            stderr_of(&out)
        );
    }
}

/// Runs `git-desk ARGS` like `git desk ARGS | head -c N`: reads `n` bytes of stdout, then
/// closes the pipe. Returns what was read and how the command ended.
pub fn read_then_close(
    desk: &TestDesk,
    args: &[&str],
    n: usize,
) -> (Vec<u8>, std::process::Output) {
    use std::io::Read;
    use std::process::Stdio;
    let mut cmd = StdCommand::new(bin());
    desk.setup(&mut cmd);
    let mut child = cmd
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run git-desk");
    let mut start = vec![0u8; n];
    {
        let mut stdout = child.stdout.take().expect("stdout");
        stdout.read_exact(&mut start).expect("read stdout");
    }
    (start, child.wait_with_output().expect("wait for git-desk"))
}

/// The report tests' clock: `2026-11-02T10:00Z` plus `hours` and `minutes`.
pub fn report_at(hours: i64, minutes: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-02T10:00:00Z").unwrap()
        + chrono::Duration::hours(hours)
        + chrono::Duration::minutes(minutes);
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The reporter in the report tests.
const CAROL: (&str, &str) = ("Carol", "carol@example.com");

/// Runs `git-desk ARGS` at `when` (as carol, the reporter, or as alice), asserts
/// success, returns stdout trimmed.
pub fn run_at(desk: &TestDesk, when: &str, as_carol: bool, args: &[&str]) -> String {
    let mut cmd = if as_carol {
        desk.as_user(CAROL.0, CAROL.1, args)
    } else {
        desk.cmd(args)
    };
    let out = cmd.env("DESK_NOW", when).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A ratio metric of `report --json` as (numerator, denominator).
pub fn ratio(metrics: &serde_json::Value, name: &str) -> (u64, u64) {
    let metric = &metrics[name];
    (
        metric["numerator"]
            .as_u64()
            .unwrap_or_else(|| panic!("{name}: {metric}")),
        metric["denominator"].as_u64().unwrap(),
    )
}

impl TestDesk {
    /// The desk's current desk.toml.
    pub fn desk_toml(&self) -> String {
        self.git(&["show", "desk:desk.toml"])
    }

    /// An `$EDITOR` that replaces the file with `contents`.
    pub fn editor_writing(&self, name: &str, contents: &str) -> String {
        let file = self.scratch().join(format!("{name}.toml"));
        fs::write(&file, contents).expect("write the editor's file");
        self.script(name, &format!("cp '{}' \"$1\"", file.display()))
            .display()
            .to_string()
    }
}

impl DeskClone {
    /// The clone's current desk.toml.
    pub fn desk_toml(&self) -> String {
        self.git(&["show", "desk:desk.toml"])
    }

    /// Runs a command that must fail with `code`: one line on stderr starting
    /// `git-desk: ` and mentioning each of `mentions`, and no ref of the clone changed.
    /// Returns stderr.
    pub fn fails(&self, args: &[&str], code: i32, mentions: &[&str]) -> String {
        let before = self.refs();
        let out = self.std_cmd(args).output().expect("run git-desk");
        let stderr = stderr_of(&out);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: exit code; stderr: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(
            stderr.starts_with("git-desk: "),
            "{args:?}: prefix: {stderr}"
        );
        for m in mentions {
            assert!(
                stderr.contains(m),
                "{args:?}: stderr should mention {m:?}: {stderr}"
            );
        }
        assert_eq!(self.refs(), before, "{args:?}: no ref may change");
        stderr
    }
}

/// The texts of a ticket's comments, as `show --json` gives them.
pub fn comment_texts(ticket: &serde_json::Value) -> Vec<String> {
    ticket["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "commented")
        .map(|e| e["text"].as_str().expect("text").to_string())
        .collect()
}

/// The default desk.toml with by_tier permissions: Alice serves L1, Sam L3.
pub fn guarded_config(desk: &TestDesk) -> String {
    desk.desk_toml()
        .replace("by_tier = false", "by_tier = true")
        .replace(
            "[teams.service-desk]\nmembers = []",
            "[teams.service-desk]\nmembers = [\"alice@example.com\"]",
        )
        .replace(
            "[teams.engineering]\nmembers = []",
            "[teams.engineering]\nmembers = [\"sam@example.com\"]",
        )
}
pub mod browser;
pub mod mta;
pub mod servers;
pub mod smtp;
pub mod terminal;
