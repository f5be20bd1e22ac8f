//! Sync under hostile conditions: a mirror clone, a remote replaced or rewound behind the
//! desk's back, remotes that cannot be reached or never answer, and many syncs at once
//! (across clones, in one clone, beside a plain `git fetch`). Nothing may be lost.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command as StdCommand, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{
    assert_remote_fsck, bin, comment_texts, isolate, stdout_ok, ticket_path, Cluster, DeskClone,
};
use crate::sync_daemon::free_port;

/// A published desk: `ann` made it (one ticket) and pushed it.
fn published() -> (Cluster, DeskClone, String) {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.git(&["commit", "-q", "--allow-empty", "-m", "start"]);
    ann.git(&["push", "-q", "origin", "main"]);
    ann.run_ok(&["init", "-q"]);
    let id = ann.new_ticket("VPN drops every 10 min");
    ann.run_ok(&["push", "-q"]);
    (cluster, ann, id)
}

/// The ticket file at `rev` in the remote.
fn remote_ticket(cluster: &Cluster, rev: &str, id: &str) -> String {
    cluster.remote_git(&["show", &format!("{rev}:{}", ticket_path(id))])
}

/// `git-desk ARGS` in `dir` (a bare repository, say), acting as `who`.
fn desk_in(cluster: &Cluster, dir: &Path, who: &str, args: &[&str]) -> Output {
    let mut cmd = StdCommand::new(bin());
    isolate(&mut cmd, &cluster.home());
    cmd.current_dir(dir)
        .env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", format!("{who}@example.com"))
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", format!("{who}@example.com"))
        .args(args);
    cmd.output().expect("run git-desk")
}

/// `git ARGS` in `dir`, asserting success.
fn git_in(cluster: &Cluster, dir: &Path, args: &[&str]) -> String {
    let mut cmd = cluster.git_in(dir);
    cmd.args(args);
    let out = cmd.output().expect("run git");
    stdout_ok(out, &format!("git {args:?} in {}", dir.display()))
}

/// Waits for a child at most `limit`; kills it and fails the test if it takes longer.
fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let deadline = Instant::now() + limit;
    loop {
        if child.try_wait().expect("poll child").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect output");
            panic!(
                "{what} still ran after {limit:?} (killed): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_mirror_clone_syncs_without_losing_local_events() {
    let (cluster, ann, id) = published();
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    git_in(
        &cluster,
        cluster.root(),
        &["clone", "-q", "--mirror", "remote.git", "m.git"],
    );
    let mirror = cluster.root().join("m.git");
    // Pruning on fetch too, as some people configure it.
    git_in(&cluster, &mirror, &["config", "fetch.prune", "true"]);
    // git-desk run by mia in the mirror, asserting success; its stdout.
    let mia = |args: &[&str], what: &str| stdout_ok(desk_in(&cluster, &mirror, "mia", args), what);

    mia(
        &["comment", "-q", &id, "-m", "local-only"],
        "comment in the mirror",
    );
    bob.run_ok(&["comment", "-q", &id, "-m", "other"]);
    bob.run_ok(&["sync", "-q"]);
    mia(&["sync", "-q"], "sync in the mirror");

    let local: Value =
        serde_json::from_str(&mia(&["show", &id, "--json"], "show in the mirror")).expect("JSON");
    let mut seen = comment_texts(&local);
    seen.sort();
    assert_eq!(
        seen,
        ["local-only", "other"],
        "the mirror kept its own event"
    );
    let on_remote = remote_ticket(&cluster, "desk", &id);
    for text in ["local-only", "other"] {
        assert!(
            on_remote.contains(text),
            "remote lacks {text:?}: {on_remote}"
        );
    }

    // A push alone from the mirror (git refuses refspecs with remote.origin.mirror).
    mia(
        &["comment", "-q", &id, "-m", "pushed alone"],
        "second comment in the mirror",
    );
    mia(&["push", "-q"], "push from the mirror");
    let mirror_tip = git_in(&cluster, &mirror, &["rev-parse", "refs/heads/desk"]);
    assert_eq!(
        cluster.remote_git(&["rev-parse", "desk"]),
        mirror_tip,
        "the remote holds the mirror's desk"
    );
    // The mirror's other refs stayed as they were: a desk sync is about the desk only.
    assert_eq!(
        git_in(&cluster, &mirror, &["rev-parse", "refs/heads/main"]),
        cluster.remote_git(&["rev-parse", "main"])
    );
    ann.run_ok(&["pull", "-q"]);
    let t = ann.show_json(&id);
    assert_eq!(
        comment_texts(&t).len(),
        3,
        "ann sees all three comments: {t}"
    );

    // A local write landing while the push is under way (here from the pre-push hook)
    // survives it: git would move the mirror's desk branch to what it pushed, unchecked.
    let hook = mirror.join("hooks").join("pre-push");
    std::fs::write(
        &hook,
        "#!/bin/sh\nold=$(git rev-parse refs/heads/desk)\nnew=$(git commit-tree -p \"$old\" -m 'written during the push' \"$old^{tree}\")\ngit update-ref refs/heads/desk \"$new\" \"$old\"\necho \"$new\" > during-push\n",
    )
    .expect("write the hook");
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make the hook executable");
    mia(
        &["comment", "-q", &id, "-m", "raced"],
        "third comment in the mirror",
    );
    mia(&["push", "-q"], "push beside a write");
    let during = std::fs::read_to_string(mirror.join("during-push")).expect("the hook ran");
    assert_eq!(
        git_in(&cluster, &mirror, &["rev-parse", "refs/heads/desk"]),
        during,
        "the write made during the push is still the mirror's desk"
    );
    assert_remote_fsck(&cluster);
}

#[test]
fn push_asks_the_remote_where_it_is_rather_than_trusting_memory() {
    let (cluster, ann, id) = published();
    let first = ann.tip().expect("desk");
    ann.run_ok(&["comment", "-q", &id, "-m", "second"]);
    ann.run_ok(&["push", "-q"]);
    let second = ann.tip().expect("desk");

    // Rewound behind the desk's back (a restored backup).
    cluster.remote_git(&["update-ref", "refs/heads/desk", &first]);
    ann.run_ok(&["push", "-q"]);
    assert_eq!(
        cluster.remote_git(&["rev-parse", "desk"]).trim(),
        second,
        "push brought the rewound remote up to date"
    );

    // Replaced by a fresh, empty repository.
    std::fs::remove_dir_all(cluster.remote()).expect("remove the remote");
    git_in(
        &cluster,
        cluster.root(),
        &["init", "--bare", "-q", "-b", "main", "remote.git"],
    );
    let out = ann.std_cmd(&["push"]).output().expect("run git-desk");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("up to date"), "push said {said}");
    assert_eq!(
        cluster.remote_git(&["rev-parse", "desk"]).trim(),
        second,
        "push published the desk to the new remote"
    );
    assert!(remote_ticket(&cluster, "desk", &id).contains("second"));
}

#[test]
fn an_unreachable_configured_remote_is_a_failed_operation_not_bad_input() {
    let (cluster, ann, id) = published();
    ann.run_ok(&["comment", "-q", &id, "-m", "waiting to be pushed"]);
    // The configured remote's path is gone (a moved share, an unmounted disk).
    std::fs::rename(cluster.remote(), cluster.root().join("moved.git")).expect("move");
    for verb in ["push", "sync", "pull"] {
        let stderr = ann.fails(&[verb], 1, &["'origin'", "nothing is lost"]);
        assert!(stderr.contains("remote.git"), "names the URL: {stderr}");
    }
    // A configured remote whose server is down.
    let down = format!("git://127.0.0.1:{}/r.git", free_port());
    ann.git(&["remote", "add", "down", &down]);
    for verb in ["push", "sync", "pull"] {
        ann.fails(&[verb, "down"], 1, &["'down'"]);
    }
    // What the user typed wrong stays bad input.
    for verb in ["push", "sync", "pull"] {
        ann.fails(&[verb, "no-such-remote"], 2, &["'no-such-remote'"]);
    }
}

/// A server that accepts connections and never says a word; runs until the test ends.
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

#[test]
fn a_server_that_never_answers_times_out() {
    let (_cluster, ann, id) = published();
    ann.run_ok(&["comment", "-q", &id, "-m", "kept through the timeout"]);
    let url = format!("git://127.0.0.1:{}/r.git", silent_server());
    ann.git(&["remote", "add", "hung", &url]);
    let before = ann.refs();

    ann.git(&["config", "desk.timeout", "2"]);
    for verb in ["sync", "push"] {
        let child = ann
            .std_cmd(&[verb, "hung"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn git-desk");
        let out = wait_within(child, Duration::from_secs(60), verb);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{verb}: {stderr}");
        assert!(stderr.contains("'hung'"), "{stderr}");
        assert!(stderr.contains("no answer within 2 s"), "{stderr}");
        assert!(
            stderr.contains("desk.timeout"),
            "says how to raise it: {stderr}"
        );
    }
    // The environment variable wins over the config.
    let child = ann
        .std_cmd(&["pull", "hung"])
        .env("DESK_NETWORK_TIMEOUT", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn git-desk");
    let out = wait_within(child, Duration::from_secs(60), "pull");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no answer within 1 s"), "{stderr}");
    assert_eq!(ann.refs(), before, "nothing local changed");

    // A timeout that is not a number of seconds is bad input.
    ann.git(&["config", "desk.timeout", "soon"]);
    ann.fails(&["sync", "hung"], 2, &["desk.timeout", "soon"]);
    ann.git(&["config", "desk.timeout", "30"]);
    let stderr = String::from_utf8_lossy(
        &ann.std_cmd(&["sync", "hung"])
            .env("DESK_NETWORK_TIMEOUT", "0")
            .output()
            .expect("run")
            .stderr,
    )
    .into_owned();
    assert!(stderr.contains("DESK_NETWORK_TIMEOUT"), "{stderr}");
}

/// Starts `git-desk ARGS` in a clone, output captured.
fn spawn(clone: &DeskClone, args: &[&str]) -> Child {
    clone
        .std_cmd(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn git-desk")
}

fn assert_all_succeed(children: Vec<(String, Child)>) {
    let mut failed = Vec::new();
    for (who, child) in children {
        let out = wait_within(child, Duration::from_secs(120), &who);
        if !out.status.success() {
            failed.push(format!(
                "{who} ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn twelve_clones_syncing_at_once_all_succeed_and_converge() {
    let (cluster, ann, id) = published();
    let mut clones = vec![ann];
    for n in 1..12 {
        let c = cluster.clone_named(&format!("p{n:02}"));
        c.run_ok(&["pull", "-q"]);
        clones.push(c);
    }
    let mut filed = Vec::new();
    for c in &clones {
        c.run_ok(&["comment", "-q", &id, "-m", &format!("from {}", c.name())]);
        filed.push(c.new_ticket(&format!("filed by {}", c.name())));
    }
    let children = clones
        .iter()
        .map(|c| (c.name().to_string(), spawn(c, &["sync", "-q"])))
        .collect();
    assert_all_succeed(children);

    // Every clone's work reached the remote; every clone converges on it.
    let on_remote = remote_ticket(&cluster, "desk", &id);
    for c in &clones {
        assert!(
            on_remote.contains(&format!("from {}", c.name())),
            "{}'s comment is on the remote",
            c.name()
        );
    }
    for t in &filed {
        remote_ticket(&cluster, "desk", t);
    }
    for c in &clones {
        c.run_ok(&["pull", "-q"]);
        assert_eq!(
            c.desk_tree(),
            cluster.remote_tree(),
            "{} converged",
            c.name()
        );
    }
    assert_eq!(comment_texts(&clones[3].show_json(&id)).len(), 12);
    assert_remote_fsck(&cluster);
}

#[test]
fn syncs_at_once_in_one_clone_all_succeed() {
    let (cluster, ann, id) = published();
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    // Each round: remote work to fetch and local work to push, five syncs at once.
    for round in 0..2 {
        bob.run_ok(&["comment", "-q", &id, "-m", &format!("bob {round}")]);
        bob.run_ok(&["sync", "-q"]);
        ann.run_ok(&["comment", "-q", &id, "-m", &format!("ann {round}")]);
        let children = (0..5)
            .map(|n| {
                (
                    format!("ann sync {round}.{n}"),
                    spawn(&ann, &["sync", "-q"]),
                )
            })
            .collect();
        assert_all_succeed(children);
    }
    bob.run_ok(&["sync", "-q"]);
    assert_eq!(ann.desk_tree(), cluster.remote_tree());
    assert_eq!(bob.desk_tree(), cluster.remote_tree());
    assert_eq!(
        comment_texts(&ann.show_json(&id)).len(),
        4,
        "no comment lost"
    );
    let refs = ann.refs();
    assert!(
        !refs.contains("refs/desk/fetch"),
        "no fetch ref left: {refs}"
    );
    ann.assert_fsck();
}

/// Runs `git fetch -q origin` in `clone` over and over until `stop`; returns how often.
fn fetch_loop(clone: &DeskClone, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u32> {
    let fetch = clone.git_cmd(&["fetch", "-q", "origin"]);
    let program = fetch.get_program().to_owned();
    let args: Vec<_> = fetch.get_args().map(|a| a.to_owned()).collect();
    let envs: Vec<_> = fetch
        .get_envs()
        .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
        .collect();
    let dir = clone.path().to_path_buf();
    std::thread::spawn(move || {
        let mut runs = 0;
        while !stop.load(Ordering::Relaxed) {
            let mut cmd = StdCommand::new(&program);
            cmd.args(&args).current_dir(&dir);
            for (k, v) in &envs {
                match v {
                    Some(v) => cmd.env(k, v),
                    None => cmd.env_remove(k),
                };
            }
            let _ = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
            runs += 1;
        }
        runs
    })
}

#[test]
fn syncs_beside_a_plain_git_fetch_all_succeed() {
    let (cluster, ann, id) = published();
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    // An editor's auto-fetch, running all the time in ann's clone.
    let stop = Arc::new(AtomicBool::new(false));
    let fetcher = fetch_loop(&ann, stop.clone());
    let mut result = Ok(());
    for round in 0..8 {
        // Bob pushes while ann syncs, so that her fetch and the plain one both find the
        // remote moved and both want to update origin/desk.
        bob.run_ok(&["comment", "-q", &id, "-m", &format!("bob {round}")]);
        ann.run_ok(&["comment", "-q", &id, "-m", &format!("ann {round}")]);
        let children = vec![
            (format!("bob sync {round}"), spawn(&bob, &["sync", "-q"])),
            (format!("ann sync {round}"), spawn(&ann, &["sync", "-q"])),
        ];
        result = std::panic::catch_unwind(|| assert_all_succeed(children));
        if result.is_err() {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let runs = fetcher.join().expect("fetch loop");
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
    assert!(runs > 0, "git fetch ran beside the syncs");

    bob.run_ok(&["sync", "-q"]);
    ann.run_ok(&["sync", "-q"]);
    assert_eq!(ann.desk_tree(), bob.desk_tree());
    assert_eq!(ann.desk_tree(), cluster.remote_tree());
    assert_eq!(
        comment_texts(&ann.show_json(&id)).len(),
        16,
        "no comment lost"
    );
    let refs = ann.refs();
    assert!(
        !refs.contains("refs/desk/fetch"),
        "no fetch ref left: {refs}"
    );
    ann.assert_fsck();
}

#[test]
fn a_fetch_ref_left_by_a_killed_sync_is_cleared_and_a_running_ones_kept() {
    let (_cluster, ann, _id) = published();
    let tip = ann.tip().expect("desk");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    // One from a sync killed two days ago, one from a sync running right now.
    let left = format!("refs/desk/fetch/{}-4242-0badf00d", now - 2 * 86400);
    let running = format!("refs/desk/fetch/{now}-4343-0badcafe");
    ann.git(&["update-ref", &left, &tip]);
    ann.git(&["update-ref", &running, &tip]);
    ann.run_ok(&["sync", "-q"]);
    let refs = ann.refs();
    assert!(!refs.contains(&left), "{refs}");
    assert!(refs.contains(&running), "{refs}");
}
