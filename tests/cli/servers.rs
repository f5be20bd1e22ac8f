//! Pushes through real git servers reach a pre-receive hook with the identity the server
//! authenticated, and a hook's refusal reaches the pusher: a plain sshd whose keys map to
//! identities, gitolite (`GL_USER`), and `git daemon` (no identity at all).

use std::path::Path;

use crate::common::servers::{install_hook, Daemon, Gitolite, SshKey, Sshd, PUSHER_VAR};
use crate::common::{stderr_of, Cluster, DeskClone};

const ZERO: &str = "0000000000000000000000000000000000000000";

/// A pre-receive hook that appends `IDENTITY OLD NEW REF` to `record` for each ref the
/// push updates (IDENTITY being `$var`, `-` when unset), and refuses the whole push when
/// the identity is `refused`, saying why on stderr as a server's check would.
fn recording_hook(var: &str, record: &Path, refused: Option<&str>) -> String {
    let refuse = refused.map_or(String::new(), |who| {
        format!(
            "if [ \"$who\" = '{who}' ]; then\n  \
             echo \"desk: $who may not push to $ref: ask the desk's admin for the right\" >&2\n  \
             exit 1\nfi\n"
        )
    });
    format!(
        "who=\"${{{var}:--}}\"\n\
         while read old new ref; do\n\
         echo \"$who $old $new $ref\" >> '{record}'\n\
         {refuse}\
         done",
        record = record.display()
    )
}

/// The lines the recording hook wrote, empty when it never ran.
fn recorded(record: &Path) -> String {
    std::fs::read_to_string(record).unwrap_or_default()
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

/// A clone that files a ticket on the desk and has not pushed it yet.
fn new_work(clone: &DeskClone, pull: bool, title: &str) -> String {
    if pull {
        clone.run_ok(&["pull", "-q"]);
    } else {
        clone.run_ok(&["init", "-q"]);
    }
    clone.new_ticket(title);
    clone.tip().expect("the clone has a desk branch")
}

/// `git push origin desk` in the clone, expected to be refused by the server's hook:
/// the hook's reason reaches the pusher as a `remote:` line.
fn assert_push_refused(clone: &DeskClone, reason: &str, log: &dyn Fn() -> String) {
    let out = clone
        .git_cmd(&["push", "origin", "desk"])
        .output()
        .expect("run git push");
    let stderr = stderr_of(&out);
    assert!(
        !out.status.success(),
        "{}: the push should be refused: {stderr}\n{}",
        clone.name(),
        log()
    );
    assert!(
        stderr.contains(&format!("remote: {reason}")),
        "{}: the hook's reason should reach the pusher: {stderr}\n{}",
        clone.name(),
        log()
    );
    assert!(
        stderr.contains("pre-receive hook declined"),
        "{}: git names the hook: {stderr}",
        clone.name()
    );
}

/// Runs `ssh ... USER@127.0.0.1 COMMAND` as `key` against the sshd; returns the output.
fn ssh(sshd: &Sshd, key: &SshKey, command: &str) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} {}@127.0.0.1 \"$1\"",
            sshd.ssh_command(key),
            sshd.user()
        ))
        .arg("sh")
        .arg(command)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run ssh")
}

#[test]
fn pushes_over_ssh_arrive_with_the_identity_of_each_key() {
    let cluster = Cluster::new();
    let alice_key = SshKey::generate(cluster.root(), "alice");
    let bob_key = SshKey::generate(cluster.root(), "bob");
    let sshd = Sshd::start(
        cluster.root(),
        &[
            (&alice_key, "alice@example.com"),
            (&bob_key, "bob@example.com"),
        ],
    );
    let record = cluster.root().join("pushers");
    install_hook(
        &cluster.remote(),
        "pre-receive",
        &recording_hook(PUSHER_VAR, &record, None),
    );
    let url = sshd.url(cluster.remote().to_str().expect("UTF-8 path"));

    let alice = cluster.clone_named("alice");
    sshd.connect(&alice, &alice_key, &url);
    let first = new_work(&alice, false, "printer on fire");
    alice.run_ok(&["push", "-q"]);
    assert_eq!(
        server_tip(&cluster, &cluster.remote()).as_deref(),
        Some(first.as_str()),
        "alice's push over ssh reached the server\n{}",
        sshd.log()
    );

    let bob = cluster.clone_named("bob");
    sshd.connect(&bob, &bob_key, &url);
    let second = new_work(&bob, true, "no coffee");
    bob.run_ok(&["push", "-q"]);
    assert_eq!(
        server_tip(&cluster, &cluster.remote()).as_deref(),
        Some(second.as_str()),
        "bob's push over ssh reached the server"
    );
    assert_eq!(
        recorded(&record),
        format!(
            "alice@example.com {ZERO} {first} refs/heads/desk\n\
             bob@example.com {first} {second} refs/heads/desk\n"
        ),
        "each push reached the hook with its key's identity\n{}",
        sshd.log()
    );

    // The keys run git and nothing else, and a key the server does not know gets in
    // nowhere.
    let shell = ssh(&sshd, &alice_key, "id");
    assert!(
        !shell.status.success() && String::from_utf8_lossy(&shell.stdout).is_empty(),
        "a key runs git-shell only: {shell:?}"
    );
    let stranger = SshKey::generate(cluster.root(), "mallory");
    let refused = ssh(&sshd, &stranger, "git-receive-pack '/tmp'");
    assert!(
        stderr_of(&refused).contains("Permission denied (publickey)"),
        "an unknown key is refused: {refused:?}"
    );
}

#[test]
fn a_refusal_by_the_hook_reaches_the_ssh_pusher_and_leaves_the_branch() {
    let cluster = Cluster::new();
    let alice_key = SshKey::generate(cluster.root(), "alice");
    let bob_key = SshKey::generate(cluster.root(), "bob");
    let sshd = Sshd::start(
        cluster.root(),
        &[
            (&alice_key, "alice@example.com"),
            (&bob_key, "bob@example.com"),
        ],
    );
    let record = cluster.root().join("pushers");
    install_hook(
        &cluster.remote(),
        "pre-receive",
        &recording_hook(PUSHER_VAR, &record, Some("bob@example.com")),
    );
    let url = sshd.url(cluster.remote().to_str().expect("UTF-8 path"));

    let alice = cluster.clone_named("alice");
    sshd.connect(&alice, &alice_key, &url);
    let first = new_work(&alice, false, "printer on fire");
    alice.run_ok(&["push", "-q"]);
    let bob = cluster.clone_named("bob");
    sshd.connect(&bob, &bob_key, &url);
    let second = new_work(&bob, true, "no coffee");

    assert_push_refused(
        &bob,
        "desk: bob@example.com may not push to refs/heads/desk: ask the desk's admin",
        &|| sshd.log(),
    );
    assert_eq!(
        server_tip(&cluster, &cluster.remote()).as_deref(),
        Some(first.as_str()),
        "the refused push left the server's branch"
    );
    assert_eq!(
        recorded(&record),
        format!(
            "alice@example.com {ZERO} {first} refs/heads/desk\n\
             bob@example.com {first} {second} refs/heads/desk\n"
        ),
        "the hook saw both pushes"
    );
}

#[test]
fn pushes_through_gitolite_arrive_with_gl_user_and_a_refusal_reaches_the_pusher() {
    let cluster = Cluster::new();
    let alice_key = SshKey::generate(cluster.root(), "alice");
    let bob_key = SshKey::generate(cluster.root(), "bob");
    let gitolite = Gitolite::start(cluster.root(), "desk", &[&alice_key, &bob_key]);
    let repo = gitolite.repo_path("desk");
    let record = cluster.root().join("pushers");
    install_hook(
        &repo,
        "pre-receive",
        &recording_hook("GL_USER", &record, None),
    );

    let alice = cluster.clone_url("alice", repo.to_str().expect("UTF-8 path"));
    gitolite.connect(&alice, &alice_key, "desk");
    let first = new_work(&alice, false, "printer on fire");
    alice.run_ok(&["push", "-q"]);
    let bob = cluster.clone_url("bob", repo.to_str().expect("UTF-8 path"));
    gitolite.connect(&bob, &bob_key, "desk");
    let second = new_work(&bob, true, "no coffee");
    bob.run_ok(&["push", "-q"]);
    assert_eq!(
        server_tip(&cluster, &repo).as_deref(),
        Some(second.as_str()),
        "both pushes reached gitolite's repository\n{}",
        gitolite.log()
    );
    assert_eq!(
        recorded(&record),
        format!("alice {ZERO} {first} refs/heads/desk\nbob {first} {second} refs/heads/desk\n"),
        "each push reached the hook with gitolite's user for its key\n{}",
        gitolite.log()
    );

    // gitolite knows each key as its user: its `info` command says whom it greets.
    let info = ssh(gitolite.sshd(), &bob_key, "info");
    let greeting = String::from_utf8_lossy(&info.stdout);
    assert!(
        greeting.starts_with("hello bob,") && greeting.contains(" W\tdesk"),
        "gitolite greets bob, who may write to desk: {info:?}"
    );

    // Now the hook refuses alice: her next push is refused with its reason.
    install_hook(
        &repo,
        "pre-receive",
        &recording_hook("GL_USER", &record, Some("alice")),
    );
    let third = new_work(&alice, true, "monitor flickers");
    assert_push_refused(
        &alice,
        "desk: alice may not push to refs/heads/desk",
        &|| gitolite.log(),
    );
    assert_eq!(
        server_tip(&cluster, &repo).as_deref(),
        Some(second.as_str()),
        "the refused push left gitolite's branch"
    );
    assert!(
        recorded(&record).ends_with(&format!("alice {second} {third} refs/heads/desk\n")),
        "the hook saw alice's refused push: {}",
        recorded(&record)
    );
}

#[test]
fn pushes_through_git_daemon_reach_the_hook_and_its_refusal() {
    let cluster = Cluster::new();
    let daemon = Daemon::start(&cluster, cluster.root());
    let record = cluster.root().join("pushers");
    // git daemon authenticates nobody: the hook knows the peer's address only.
    install_hook(
        &cluster.remote(),
        "pre-receive",
        &recording_hook("REMOTE_ADDR", &record, None),
    );
    let url = daemon.url("remote.git");

    let alice = cluster.clone_url("alice", &url);
    let first = new_work(&alice, false, "printer on fire");
    alice.run_ok(&["push", "-q"]);
    assert_eq!(
        server_tip(&cluster, &cluster.remote()).as_deref(),
        Some(first.as_str()),
        "the push over git:// reached the server"
    );
    assert_eq!(
        recorded(&record),
        format!("127.0.0.1 {ZERO} {first} refs/heads/desk\n")
    );

    install_hook(
        &cluster.remote(),
        "pre-receive",
        &recording_hook("REMOTE_ADDR", &record, Some("127.0.0.1")),
    );
    let bob = cluster.clone_url("bob", &url);
    new_work(&bob, true, "no coffee");
    assert_push_refused(
        &bob,
        "desk: 127.0.0.1 may not push to refs/heads/desk",
        &|| String::new(),
    );
    assert_eq!(
        server_tip(&cluster, &cluster.remote()).as_deref(),
        Some(first.as_str()),
        "the refused push left the server's branch"
    );
}
