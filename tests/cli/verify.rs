//! `git desk verify` as a server's pre-receive hook, installed by `git desk server
//! install`, reached over a local path, git daemon, ssh (two keys, two identities) and
//! gitolite: every rule rejects a push breaking it, with its reason shown to the pusher
//! and the server's branch unchanged, and honest pushes, merges and syncs pass.

use std::path::Path;
use std::process::Output;

use crate::common::servers::{Daemon, Gitolite, SshKey, Sshd, PUSHER_VAR};
use crate::common::{bin, stderr_of, ticket_path, Cluster, DeskClone};

const ZERO: &str = "0000000000000000000000000000000000000000";

/// desk.toml for the tests: Alice (admins, L1) may change the configuration and relay,
/// Bob serves L1 only, Carol engineering (L3); permissions by tier. `server` is added.
fn desk_toml(server: &str) -> String {
    let base = git_desk::config::DEFAULT_CONFIG
        .replace(
            "[teams.service-desk]\nmembers = []",
            "[teams.service-desk]\nmembers = [\"alice@example.com\", \"bob@example.com\"]",
        )
        .replace(
            "[teams.engineering]\nmembers = []",
            "[teams.engineering]\nmembers = [\"carol@example.com\"]",
        )
        .replace(
            "by_tier = false",
            "by_tier = true\nconfig = [\"admins\"]\nrelay = [\"admins\"]",
        );
    format!("{base}\n[teams.admins]\nmembers = [\"alice@example.com\"]\n\n{server}")
}

/// The desk branch of a bare repository, `None` when it has none.
fn server_tip(cluster: &Cluster, git_dir: &Path) -> Option<String> {
    let out = cluster
        .git_in(cluster.root())
        .arg("--git-dir")
        .arg(git_dir)
        .args(["rev-parse", "--verify", "-q", "refs/heads/desk"])
        .output()
        .expect("run git rev-parse");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `git desk server install GIT_DIR` through the binary.
fn install(cluster: &Cluster, git_dir: &Path, extra: &[&str]) -> Output {
    let mut cmd = cluster.git_in(cluster.root());
    let mut std = std::process::Command::new(bin());
    std.envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
    std.current_dir(cluster.root());
    std.args(["server", "install"]).arg(git_dir).args(extra);
    let _ = &mut cmd;
    std.output().expect("run git-desk server install")
}

/// Alice's desk: `desk.toml` (with `server` added), one ticket at L1 and one at L3;
/// returns the two tickets' ids. Nothing is pushed.
fn alices_desk(alice: &DeskClone, server: &str) -> (String, String) {
    alice.run_ok(&["init", "-q"]);
    alice.commit_on_desk("desk.toml", &desk_toml(server));
    let l1 = alice.new_ticket("VPN drops every 10 min");
    let l3 = alice
        .run_ok(&["new", "-q", "Database deadlocks", "--tier", "3"])
        .trim()
        .to_string();
    (l1, l3)
}

/// A remote holding Alice's desk ([`alices_desk`]), pushed before the hook is
/// installed; then the hook. Returns Alice's clone and the two tickets' ids.
fn guarded_remote(git_dir: &Path, cluster: &Cluster, server: &str) -> (DeskClone, String, String) {
    let alice = cluster.clone_named("alice");
    let (l1, l3) = alices_desk(&alice, server);
    alice.git(&["push", "-q", git_dir.to_str().unwrap(), "desk"]);
    let out = install(cluster, git_dir, &[]);
    assert!(out.status.success(), "server install: {}", stderr_of(&out));
    (alice, l1, l3)
}

/// `git desk push` in the clone as `pusher` (the identity a local push hands the hook).
fn push_as(clone: &DeskClone, pusher: &str) -> Output {
    clone
        .cmd(&["push"])
        .env(PUSHER_VAR, pusher)
        .output()
        .expect("run git desk push")
}

/// Asserts the push was refused by verify: exit 1, each of `mentions` on a `remote:`
/// line of git-desk verify, the server's branch unchanged and the clone's work kept.
fn assert_refused(
    cluster: &Cluster,
    git_dir: &Path,
    clone: &DeskClone,
    out: &Output,
    before: &Option<String>,
    mentions: &[&str],
) {
    let stderr = stderr_of(out);
    let local = clone.tip();
    assert_eq!(out.status.code(), Some(1), "refused push exits 1: {stderr}");
    assert!(
        stderr.contains("remote: git-desk verify: commit "),
        "the server's reasons reach the pusher as they are: {stderr}"
    );
    for m in mentions {
        assert!(stderr.contains(m), "{m:?} in: {stderr}");
    }
    assert_eq!(
        &server_tip(cluster, git_dir),
        before,
        "the server's branch is unchanged"
    );
    assert_eq!(clone.tip(), local, "the clone's work is kept");
    assert_ne!(
        clone.tip(),
        *before,
        "the clone still holds its unpushed commit"
    );
}

fn assert_passed(out: &Output) {
    assert!(out.status.success(), "the push passes: {}", stderr_of(out));
}

/// Puts the clone's desk branch back on the server's tip.
fn reset_to(clone: &DeskClone, tip: &Option<String>) {
    clone.git(&["update-ref", "refs/heads/desk", tip.as_deref().unwrap()]);
}

#[test]
fn honest_pushes_merges_and_syncs_from_several_clones_pass_over_a_local_path() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let (alice, l1, _) = guarded_remote(&remote, &cluster, "");
    alice.run_ok(&["pull", "-q"]);
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    bob.run_ok(&["comment", "-q", &l1, "-m", "happens on wifi too"]);
    assert_passed(&push_as(&bob, "bob@example.com"));
    // Alice works without syncing, then syncs: the merge carries Bob's events, which
    // the server already has, and her own.
    alice.run_ok(&["comment", "-q", &l1, "-m", "checking the IKE logs"]);
    let out = alice
        .cmd(&["sync"])
        .env(PUSHER_VAR, "alice@example.com")
        .output()
        .unwrap();
    assert_passed(&out);
    bob.run_ok(&["take", "-q", &l1]);
    let out = bob
        .cmd(&["sync"])
        .env(PUSHER_VAR, "bob@example.com")
        .output()
        .unwrap();
    assert_passed(&out);
    assert_eq!(server_tip(&cluster, &remote), bob.tip());
    alice
        .cmd(&["sync"])
        .env(PUSHER_VAR, "alice@example.com")
        .assert()
        .success();
    assert_eq!(alice.desk_tree(), bob.desk_tree(), "the clones converge");
    assert!(
        !remote.join("desk").exists(),
        "verify writes nothing on the server, not even the summary cache"
    );
}

#[test]
fn events_by_someone_else_are_refused_unless_the_pusher_may_relay() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let (_alice, l1, _) = guarded_remote(&remote, &cluster, "");
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    let before = server_tip(&cluster, &remote);
    bob.cmd(&["comment", "-q", &l1, "-m", "forged: Alice says close it"])
        .env("GIT_AUTHOR_EMAIL", "alice@example.com")
        .env("GIT_AUTHOR_NAME", "Alice")
        .assert()
        .success();
    let out = push_as(&bob, "bob@example.com");
    assert_refused(
        &cluster,
        &remote,
        &bob,
        &out,
        &before,
        &[
            "events by the pusher",
            "is by alice@example.com",
            &ticket_path(&l1),
        ],
    );
    // Alice may relay: the same commit passes when she pushes it.
    assert_passed(&push_as(&bob, "alice@example.com"));
}

#[test]
fn rewritten_deleted_events_deleted_tickets_broken_files_and_force_pushes_are_refused() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let (alice, l1, _) = guarded_remote(&remote, &cluster, "");
    alice.run_ok(&["pull", "-q"]);
    alice.run_ok(&["comment", "-q", &l1, "-m", "first look: IKE rekey"]);
    assert_passed(&push_as(&alice, "alice@example.com"));
    let before = server_tip(&cluster, &remote);
    let file = alice.ticket_file(&l1);
    let path = ticket_path(&l1);

    let rewritten = file.replace("first look: IKE rekey", "nothing to see");
    alice.commit_on_desk(&path, &rewritten);
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &["append-only", "was changed"],
    );
    reset_to(&alice, &before);

    // The comment event dropped: everything from its [[events]] to the next.
    let start = file.rfind("[[events]]").unwrap();
    let deleted = file[..start].to_string();
    alice.commit_on_desk(&path, &deleted);
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &["append-only", "is missing"],
    );
    reset_to(&alice, &before);

    alice.git(&["update-ref", "refs/heads/desk", &delete_file(&alice, &path)]);
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &["no ticket deleted", &path],
    );
    reset_to(&alice, &before);

    alice.commit_on_desk(&path, &format!("{file}\n[[events]\n"));
    let out = push_as(&alice, "alice@example.com");
    assert_refused(&cluster, &remote, &alice, &out, &before, &["parses", &path]);
    reset_to(&alice, &before);

    alice.commit_on_desk("tickets/zz/notaticket.toml", "id = 'x'\n");
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &["id matches path"],
    );
    reset_to(&alice, &before);

    alice.commit_on_desk(&path, &file.replacen("schema = 1", "schema = 9", 1));
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &["schema 9 is newer"],
    );

    // A stale force push: the server's last commit would be dropped.
    let stale = format!("{}~1:refs/heads/desk", before.as_deref().unwrap());
    let out = alice
        .git_cmd(&["push", "-f", remote.to_str().unwrap(), &stale])
        .env(PUSHER_VAR, "alice@example.com")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("fast-forward only"),
        "{}",
        stderr_of(&out)
    );
    let out = alice
        .git_cmd(&["push", remote.to_str().unwrap(), ":refs/heads/desk"])
        .env(PUSHER_VAR, "alice@example.com")
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("no deletion"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(server_tip(&cluster, &remote), before);
}

/// A commit on top of the clone's desk with `contents` at `path` (`git commit-tree`
/// with `options`, e.g. `-S` to sign it); returns its id.
fn commit_file(clone: &DeskClone, path: &str, contents: &str, options: &[&str]) -> String {
    let index = clone.path().with_extension("file-index");
    let file = clone.path().with_extension("file");
    std::fs::write(&file, contents).unwrap();
    let git = |args: &[&str]| -> String {
        let out = clone
            .git_cmd(args)
            .env("GIT_INDEX_FILE", &index)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr_of(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let blob = git(&["hash-object", "-w", file.to_str().unwrap()]);
    git(&["read-tree", "desk"]);
    git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{blob},{path}"),
    ]);
    let tree = git(&["write-tree"]);
    let mut args = vec!["commit-tree", "-p", "desk", "-m", "signed by hand"];
    args.extend_from_slice(options);
    args.push(&tree);
    git(&args)
}

/// A commit on top of the clone's desk without `path`; returns its id.
fn delete_file(clone: &DeskClone, path: &str) -> String {
    let index = clone.path().with_extension("del-index");
    let git = |args: &[&str]| -> String {
        let out = clone
            .git_cmd(args)
            .env("GIT_INDEX_FILE", &index)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr_of(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["read-tree", "desk"]);
    git(&["rm", "-q", "--cached", path]);
    let tree = git(&["write-tree"]);
    git(&["commit-tree", "-p", "desk", "-m", "delete a ticket", &tree])
}

#[test]
fn desk_toml_changes_need_the_config_right_and_tier_permissions_hold() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let (_alice, _, _) = guarded_remote(&remote, &cluster, "");
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    let before = server_tip(&cluster, &remote);
    let toml = bob.desk_toml().replace("by_tier = true", "by_tier = false");
    bob.commit_on_desk("desk.toml", &toml);
    let out = push_as(&bob, "bob@example.com");
    assert_refused(
        &cluster,
        &remote,
        &bob,
        &out,
        &before,
        &[
            "config right",
            "bob@example.com may not change desk.toml",
            "desk.toml",
        ],
    );
    // Alice holds the right: the same change passes when she pushes it.
    assert_passed(&push_as(&bob, "alice@example.com"));
}

#[test]
fn verify_takes_arguments_ignores_other_refs_and_rejects_bad_input() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let (alice, l1, _) = guarded_remote(&remote, &cluster, "");
    let tip = server_tip(&cluster, &remote).unwrap();
    alice.run_ok(&["pull", "-q"]);
    alice.run_ok(&["comment", "-q", &l1, "-m", "more"]);
    let new = alice.tip().unwrap();
    let verify = |args: &[&str], pusher: &str| {
        alice
            .cmd(&["verify"])
            .args(args)
            .env(PUSHER_VAR, pusher)
            .output()
            .unwrap()
    };
    assert!(verify(&[&tip, &new], "alice@example.com").status.success());
    let out = verify(&[&tip, &new], "bob@example.com");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("events by the pusher"));
    assert!(
        verify(&[&tip, &new, "refs/heads/main"], "bob@example.com")
            .status
            .success(),
        "other refs are not the desk's"
    );
    let out = verify(&[&tip, "nothex"], "alice@example.com");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("'nothex' is not an object id"));
    let out = alice
        .cmd(&["verify"])
        .env(PUSHER_VAR, "alice@example.com")
        .write_stdin(format!(
            "{tip} {new} refs/heads/desk\n{ZERO} {new} refs/heads/other\n"
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = alice.cmd(&["verify", &tip, &new]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("did not say who pushes"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn server_install_is_idempotent_and_leaves_a_foreign_hook_alone_without_force() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let out = install(&cluster, &remote, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let hook = std::fs::read_to_string(remote.join("hooks/pre-receive")).unwrap();
    assert!(
        hook.contains(bin().canonicalize().unwrap().to_str().unwrap()),
        "{hook}"
    );
    assert!(install(&cluster, &remote, &[]).status.success());
    assert_eq!(
        std::fs::read_to_string(remote.join("hooks/pre-receive")).unwrap(),
        hook
    );
    std::fs::write(remote.join("hooks/pre-receive"), "#!/bin/sh\nexit 0\n").unwrap();
    let out = install(&cluster, &remote, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--force"), "{}", stderr_of(&out));
    assert!(install(&cluster, &remote, &["--force"]).status.success());
    assert_eq!(
        std::fs::read_to_string(remote.join("hooks/pre-receive")).unwrap(),
        hook
    );
    assert_eq!(
        std::fs::read_to_string(remote.join("hooks/pre-receive.before-git-desk")).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

/// Bob's comment on `id`, written in his clone (pulled first).
fn bob_comments(bob: &DeskClone, id: &str, text: &str) {
    bob.run_ok(&["pull", "-q"]);
    bob.run_ok(&["comment", "-q", id, "-m", text]);
}

#[test]
fn over_ssh_each_key_pushes_as_its_own_identity() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let (alice, l1, _) = guarded_remote(&remote, &cluster, "");
    let alice_key = SshKey::generate(cluster.root(), "alice");
    let bob_key = SshKey::generate(cluster.root(), "bob");
    let sshd = Sshd::start(
        cluster.root(),
        &[
            (&alice_key, "alice@example.com"),
            (&bob_key, "bob@example.com"),
        ],
    );
    let url = sshd.url(remote.to_str().unwrap());
    let bob = cluster.clone_named("bob");
    sshd.connect(&bob, &bob_key, &url);
    sshd.connect(&alice, &alice_key, &url);
    bob_comments(&bob, &l1, "rebooted the router");
    bob.cmd(&["push"]).assert().success();
    // Bob writes in Alice's name: his key says who he is.
    let before = server_tip(&cluster, &remote);
    bob.cmd(&["comment", "-q", &l1, "-m", "Alice: all fixed"])
        .env("GIT_AUTHOR_EMAIL", "alice@example.com")
        .assert()
        .success();
    let out = bob.cmd(&["push"]).output().unwrap();
    assert_refused(
        &cluster,
        &remote,
        &bob,
        &out,
        &before,
        &["events by the pusher", "but bob@example.com pushes"],
    );
    // Alice syncs over her key: Bob's honest event merges in and passes.
    alice.run_ok(&["comment", "-q", &l1, "-m", "checked the logs"]);
    let out = alice.cmd(&["sync"]).output().unwrap();
    assert!(out.status.success(), "{}\n{}", stderr_of(&out), sshd.log());
    assert_eq!(server_tip(&cluster, &remote), alice.tip());
}

#[test]
fn gitolite_users_are_held_to_their_tiers() {
    let cluster = Cluster::new();
    let alice_key = SshKey::generate(cluster.root(), "alice");
    let bob_key = SshKey::generate(cluster.root(), "bob");
    let gitolite = Gitolite::start(cluster.root(), "desk", &[&alice_key, &bob_key]);
    let repo = gitolite.repo_path("desk");
    let accounts = "[accounts]\nalice = \"alice@example.com\"\nbob = \"bob@example.com\"\n";
    let alice = cluster.clone_named("alice");
    gitolite.connect(&alice, &alice_key, "desk");
    let (l1, l3) = alices_desk(&alice, accounts);
    alice.run_ok(&["push", "-q"]);
    let out = install(&cluster, &repo, &[]);
    assert!(out.status.success(), "server install: {}", stderr_of(&out));
    let bob = cluster.clone_named("bob");
    gitolite.connect(&bob, &bob_key, "desk");
    // Bob serves L1: his comment on the L1 ticket passes, on the L3 one it does not.
    bob_comments(&bob, &l1, "user rebooted");
    let out = bob.cmd(&["push"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        stderr_of(&out),
        gitolite.log()
    );
    let before = server_tip(&cluster, &repo);
    // Bob's client would refuse the comment itself; he writes it with desk.toml relaxed
    // locally, as a modified client could.
    bob.commit_on_desk(
        "desk.toml",
        &bob.desk_toml().replace("by_tier = true", "by_tier = false"),
    );
    bob.run_ok(&["comment", "-q", &l3, "-m", "restart the database"]);
    let out = bob.cmd(&["push"]).output().unwrap();
    assert_refused(
        &cluster,
        &repo,
        &bob,
        &out,
        &before,
        &[
            "permissions",
            "bob@example.com may not comment",
            "config right",
        ],
    );
    // The same push by a pusher the server knows as someone else is judged as them.
    alice.run_ok(&["pull", "-q"]);
    alice.run_ok(&["comment", "-q", &l1, "-m", "following up"]);
    let out = alice.cmd(&["push"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        stderr_of(&out),
        gitolite.log()
    );
}

#[test]
fn over_git_daemon_the_address_is_the_account() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let server = "[server]\nidentity = \"env:REMOTE_ADDR\"\n\n[accounts]\n\"127.0.0.1\" = \"bob@example.com\"\n";
    let (alice, l1, _) = guarded_remote(&remote, &cluster, server);
    let daemon = Daemon::start(&cluster, cluster.root());
    let url = daemon.url("remote.git");
    let bob = cluster.clone_named("bob");
    bob.git(&["remote", "set-url", "origin", &url]);
    alice.git(&["remote", "set-url", "origin", &url]);
    bob_comments(&bob, &l1, "swapped the cable");
    bob.cmd(&["push"]).assert().success();
    alice.run_ok(&["pull", "-q"]);
    alice.run_ok(&["comment", "-q", &l1, "-m", "from Alice"]);
    let before = server_tip(&cluster, &remote);
    let out = alice.cmd(&["push"]).output().unwrap();
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &[
            "events by the pusher",
            "is by alice@example.com, but bob@example.com (127.0.0.1) pushes",
        ],
    );
}

#[test]
fn with_signed_commits_required_unsigned_ones_are_refused_and_signed_ones_pass() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    let key = SshKey::generate(cluster.root(), "alice-signing");
    let alice = cluster.clone_named("alice");
    alice.run_ok(&["init", "-q"]);
    alice.commit_on_desk("desk.toml", &desk_toml("[server]\nsigned = true\n"));
    let signers = format!("alice@example.com {}\n", key.public());
    alice.commit_on_desk("keys/allowed_signers", &signers);
    alice.git(&["push", "-q", remote.to_str().unwrap(), "desk"]);
    assert!(install(&cluster, &remote, &[]).status.success());
    let before = server_tip(&cluster, &remote);

    alice.commit_on_desk("keys/allowed_signers", &format!("{signers}# unsigned\n"));
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &["signed commits", "it carries no signature"],
    );
    reset_to(&alice, &before);

    // Signed, but by a key the list does not hold.
    let stranger = SshKey::generate(cluster.root(), "stranger");
    alice.git(&["config", "gpg.format", "ssh"]);
    alice.git(&[
        "config",
        "user.signingkey",
        stranger.private().to_str().unwrap(),
    ]);
    let foreign = commit_file(
        &alice,
        "keys/allowed_signers",
        &format!("{signers}# foreign\n"),
        &["-S"],
    );
    alice.git(&["update-ref", "refs/heads/desk", &foreign]);
    let out = push_as(&alice, "alice@example.com");
    assert_refused(
        &cluster,
        &remote,
        &alice,
        &out,
        &before,
        &[
            "signed commits",
            "a key the allowed-signers list does not hold",
        ],
    );
    reset_to(&alice, &before);

    alice.git(&["config", "user.signingkey", key.private().to_str().unwrap()]);
    let signed = commit_file(
        &alice,
        "keys/allowed_signers",
        &format!("{signers}# signed\n"),
        &["-S"],
    );
    alice.git(&["update-ref", "refs/heads/desk", &signed]);
    assert_passed(&push_as(&alice, "alice@example.com"));
    assert_eq!(server_tip(&cluster, &remote), alice.tip());

    // git-desk's own commits are signed as git's are once commit.gpgsign is set.
    alice.git(&["config", "commit.gpgsign", "true"]);
    let id = alice.new_ticket("Badge reader offline");
    alice.run_ok(&["comment", "-q", &id, "-m", "signed as well"]);
    assert_passed(&push_as(&alice, "alice@example.com"));
    assert_eq!(server_tip(&cluster, &remote), alice.tip());
}

#[test]
fn bad_server_accounts_and_rights_are_refused_by_config_edit() {
    let desk = crate::common::TestDesk::new();
    let good = desk.desk_toml();
    let cases = [
        (
            format!("{good}\n[server]\nidentity = \"GL_USER\"\n"),
            "env:NAME",
        ),
        (
            format!("{good}\n[accounts]\nalice = \"not an address\"\n"),
            "[accounts] alice",
        ),
        (
            good.replace("by_tier = false", "by_tier = false\nrelay = [\"nobody\"]"),
            "team 'nobody' is not defined",
        ),
    ];
    for (i, (text, mention)) in cases.iter().enumerate() {
        let editor = desk.editor_writing(&format!("bad{i}"), text);
        let mut cmd = desk.cmd(&["config", "edit"]);
        cmd.env("EDITOR", editor);
        desk.refused(&mut cmd, &["desk.toml", "line ", mention]);
    }
    assert_eq!(desk.desk_toml(), good, "nothing was committed");
}

#[test]
fn a_push_creating_the_desk_is_judged_by_the_desk_it_brings() {
    let cluster = Cluster::new();
    let remote = cluster.remote();
    assert!(install(&cluster, &remote, &[]).status.success());
    // Bob creates the desk with a ticket filed in Alice's name: refused.
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["init", "-q"]);
    bob.cmd(&["new", "-q", "Filed as Alice"])
        .env("GIT_AUTHOR_EMAIL", "alice@example.com")
        .assert()
        .success();
    let out = push_as(&bob, "bob@example.com");
    assert_refused(
        &cluster,
        &remote,
        &bob,
        &out,
        &None,
        &["events by the pusher", "is by alice@example.com"],
    );
    // Alice creates it with her own work: it passes.
    let alice = cluster.clone_named("alice");
    alice.run_ok(&["init", "-q"]);
    alice.new_ticket("Printer jammed");
    assert_passed(&push_as(&alice, "alice@example.com"));
    assert_eq!(server_tip(&cluster, &remote), alice.tip());
}
