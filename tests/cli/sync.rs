//! `git desk pull`, `push` and `sync` between clones of one remote, the merge of two desk
//! branches, and `git desk merge-driver` under plain `git merge`.

use std::process::{Child, Output, Stdio};

use serde_json::Value;

use crate::common::{
    assert_remote_fsck, bin, scratch_file, stderr_of, ticket_path, Cluster, DeskClone,
};
use crate::sync_daemon::free_port;

/// The events of a ticket's `show --json` of one kind.
fn events_of<'a>(t: &'a Value, kind: &str) -> Vec<&'a Value> {
    t["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

/// A remote whose `main` has a committed README and whose desk has one ticket, cloned
/// by `ann` (who made it) and `bob` (who pulled it). Both have `main` checked out.
fn published_desk() -> (Cluster, DeskClone, DeskClone, String) {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    std::fs::write(ann.path().join("README"), "the team's repository\n").expect("README");
    ann.git(&["add", "README"]);
    ann.git(&["commit", "-q", "-m", "readme"]);
    ann.git(&["push", "-q", "origin", "main"]);
    ann.run_ok(&["init", "-q"]);
    let id = ann.new_ticket("VPN drops every 10 min");
    ann.run_ok(&["push", "-q"]);
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    (cluster, ann, bob, id)
}

/// As [`published_desk`], then Ann escalates the ticket and Bob comments on it, neither
/// having synced since.
fn diverged() -> (Cluster, DeskClone, DeskClone, String) {
    let (cluster, ann, bob, id) = published_desk();
    ann.run_ok(&["escalate", "-q", &id, "--reason", "needs the network team"]);
    bob.run_ok(&[
        "comment",
        "-q",
        &id,
        "-m",
        "user says it also drops on wifi",
    ]);
    (cluster, ann, bob, id)
}

#[test]
fn pull_in_a_fresh_clone_creates_the_local_desk_branch() {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init", "-q"]);
    let id = ann.new_ticket("Laptop will not boot");
    // Pushing to an empty remote creates the branch there.
    ann.run_ok(&["push", "-q"]);
    assert_eq!(
        cluster.remote_git(&["rev-parse", "desk"]).trim(),
        ann.tip().expect("ann's desk"),
        "push created desk on the remote"
    );

    let bob = cluster.clone_named("bob");
    assert_eq!(bob.tip(), None, "a fresh clone has only origin/desk");
    bob.git(&["rev-parse", "--verify", "-q", "refs/remotes/origin/desk"]);
    let out = bob.cmd(&["pull"]).output().expect("run pull");
    assert!(out.status.success(), "pull: {}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("created the local desk branch"),
        "pull says what it did: {}",
        stderr_of(&out)
    );
    assert_eq!(bob.tip(), ann.tip());
    let ids = bob.run_ok(&["ls", "--ids"]);
    assert_eq!(ids.trim(), id, "ls works after the first pull");
    // And bob can now sync his own work back.
    bob.run_ok(&["comment", "-q", &id, "-m", "bob was here"]);
    bob.run_ok(&["sync", "-q"]);
    assert_eq!(cluster.remote_tree(), bob.desk_tree());
}

#[test]
fn pull_from_a_remote_without_a_desk_is_refused() {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init", "-q"]);
    let stderr = ann.fails(&["pull"], 2, &["'origin'", "git desk push origin"]);
    assert!(stderr.contains("no 'desk' branch"), "{stderr}");
    assert!(
        cluster
            .remote_git(&["for-each-ref", "refs/heads"])
            .is_empty(),
        "pull wrote nothing to the remote"
    );
}

#[test]
fn the_default_remote_is_desk_remote_else_origin() {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init", "-q"]);
    let team = cluster.root().join("team.git");
    cluster.remote_git(&["init", "--bare", "-q", team.to_str().unwrap()]);
    ann.git(&["remote", "add", "team", team.to_str().unwrap()]);
    ann.git(&["config", "desk.remote", "team"]);
    ann.run_ok(&["push", "-q"]);
    let mut cmd = cluster.git_in(cluster.root());
    cmd.arg("--git-dir").arg(&team).args(["rev-parse", "desk"]);
    let out = cmd.output().expect("run git");
    assert!(out.status.success(), "desk.remote got the push");
    assert!(
        cluster.remote_git(&["for-each-ref"]).is_empty(),
        "origin was not used"
    );
    ann.git(&["config", "--unset", "desk.remote"]);
    ann.run_ok(&["push", "-q"]);
    assert_eq!(cluster.remote_tree(), ann.desk_tree(), "then origin");
}

#[test]
fn escalation_and_comment_made_at_once_in_two_clones_are_both_kept() {
    let (cluster, ann, bob, id) = diverged();
    ann.run_ok(&["sync", "-q"]);
    let out = bob.cmd(&["sync"]).output().expect("run sync");
    assert!(out.status.success(), "bob's sync: {}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("merged origin/desk"),
        "bob's sync says it merged: {}",
        stderr_of(&out)
    );
    ann.run_ok(&["sync", "-q"]);

    let a = ann.show_json(&id);
    let b = bob.show_json(&id);
    assert_eq!(a, b, "show --json is the same on both sides");
    let escalated = events_of(&a, "escalated");
    assert_eq!(escalated.len(), 1, "{a:#}");
    assert_eq!(escalated[0]["reason"], "needs the network team");
    assert_eq!(escalated[0]["by"], ann.email());
    let commented = events_of(&a, "commented");
    assert_eq!(commented.len(), 1, "{a:#}");
    assert_eq!(commented[0]["text"], "user says it also drops on wifi");
    assert_eq!(commented[0]["by"], bob.email());
    assert_eq!(a["tier"], 2, "the escalation is folded in");

    assert_eq!(ann.desk_tree(), bob.desk_tree());
    assert_eq!(ann.desk_tree(), cluster.remote_tree());
    assert_eq!(ann.ticket_file(&id), bob.ticket_file(&id), "byte for byte");
    assert_eq!(ann.tip(), bob.tip(), "ann fast-forwarded to bob's merge");
}

#[test]
fn plain_git_agrees_with_the_merge_and_the_work_trees_are_untouched() {
    let (cluster, ann, bob, id) = diverged();
    let head_before = bob.git(&["rev-parse", "HEAD"]);
    let index_before = bob.git(&["ls-files", "--stage"]);
    ann.run_ok(&["sync", "-q"]);
    bob.run_ok(&["sync", "-q"]);
    ann.run_ok(&["sync", "-q"]);

    let graph = bob.git(&["log", "--graph", "--format=%s", "desk"]);
    assert!(
        graph.lines().any(|l| l.contains("merge ")),
        "a merge commit in the history:\n{graph}"
    );
    let merges = bob.git(&["rev-list", "--merges", "desk"]);
    assert_eq!(merges.lines().count(), 1, "one merge commit:\n{graph}");
    let parents = bob.git(&["rev-list", "--parents", "-n", "1", merges.trim()]);
    assert_eq!(
        parents.split_whitespace().count(),
        3,
        "two parents: {parents}"
    );
    let message = bob.git(&["log", "-1", "--format=%B", merges.trim()]);
    assert!(message.contains(&format!("Desk-Ticket: {id}")), "{message}");
    assert!(message.contains("Desk-Action: merge"), "{message}");

    for c in [&ann, &bob] {
        c.assert_fsck();
        assert_eq!(
            c.git(&["status", "--porcelain"]),
            "",
            "{}'s work tree and index are untouched",
            c.name()
        );
        assert_eq!(c.git(&["symbolic-ref", "HEAD"]).trim(), "refs/heads/main");
        assert_eq!(
            std::fs::read_to_string(c.path().join("README")).unwrap(),
            "the team's repository\n"
        );
        assert!(!c.path().join("tickets").exists(), "nothing checked out");
    }
    assert_eq!(bob.git(&["rev-parse", "HEAD"]), head_before);
    assert_eq!(bob.git(&["ls-files", "--stage"]), index_before);
    assert_remote_fsck(&cluster);
}

/// Runs `git-desk push` in every clone at the same moment; returns each one's output.
fn push_at_once(clones: &[&DeskClone]) -> Vec<Output> {
    let children: Vec<Child> = clones
        .iter()
        .map(|c| {
            let mut cmd = c.std_cmd(&["push", "-q"]);
            cmd.stdout(Stdio::null()).stderr(Stdio::piped());
            cmd.spawn().expect("spawn push")
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for push"))
        .collect()
}

#[test]
fn pushes_at_the_same_moment_both_succeed_and_both_land() {
    let (_cluster, ann, bob, id) = published_desk();
    let cy = _cluster.clone_named("cy");
    cy.run_ok(&["pull", "-q"]);
    let clones = [&ann, &bob, &cy];
    let mut expected: Vec<(String, String)> = Vec::new();
    // The race is a matter of timing: run it a number of times.
    for round in 0..6 {
        for c in clones {
            let text = format!("{} round {round}", c.name());
            let new = c.new_ticket(&format!("filed by {text}"));
            c.run_ok(&["comment", "-q", &id, "-m", &text]);
            expected.push((new, text));
        }
        for (c, out) in clones.iter().zip(push_at_once(&clones)) {
            let stderr = stderr_of(&out);
            assert!(
                out.status.success() && stderr.is_empty(),
                "round {round}: {}'s push: {} {stderr}",
                c.name(),
                out.status
            );
        }
    }
    for c in clones {
        c.run_ok(&["pull", "-q"]);
    }
    for c in clones {
        let t = c.show_json(&id);
        let texts: Vec<&str> = events_of(&t, "commented")
            .iter()
            .map(|e| e["text"].as_str().unwrap())
            .collect();
        let listed = c.run_ok(&["ls", "--ids"]);
        for (new, text) in &expected {
            assert!(
                texts.contains(&text.as_str()),
                "{}: {text} missing",
                c.name()
            );
            assert!(listed.contains(new.as_str()), "{}: {new} missing", c.name());
        }
    }
}

#[test]
fn failures_say_what_failed_and_change_no_ref() {
    let (cluster, ann, bob, id) = published_desk();
    // Local work that is not on the remote, and remote work that is not local.
    bob.run_ok(&["comment", "-q", &id, "-m", "pushed by bob"]);
    bob.run_ok(&["push", "-q"]);
    ann.run_ok(&["comment", "-q", &id, "-m", "not pushed yet"]);

    for verb in ["sync", "pull", "push"] {
        ann.fails(&[verb, "nope"], 2, &["'nope'"]);
    }

    let not_a_repo = cluster.root().join("not-a-repo");
    std::fs::create_dir(&not_a_repo).unwrap();
    let path = not_a_repo.to_str().unwrap();
    for verb in ["sync", "pull", "push"] {
        ann.fails(&[verb, path], 2, &[path, "not a git repository"]);
    }

    let empty = cluster.root().join("empty.git");
    cluster.remote_git(&["init", "--bare", "-q", empty.to_str().unwrap()]);
    let empty = empty.to_str().unwrap();
    ann.fails(&["pull", empty], 2, &[empty, "push"]);

    let url = format!("git://127.0.0.1:{}/x.git", free_port());
    for verb in ["sync", "pull", "push"] {
        let stderr = ann.fails(&[verb, &url], 1, &[&url, "unable to connect"]);
        assert!(stderr.contains("nothing is lost"), "{stderr}");
    }

    // None of it lost anything: a working sync brings both comments together.
    ann.run_ok(&["sync", "-q"]);
    let t = ann.show_json(&id);
    let texts: Vec<&str> = events_of(&t, "commented")
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"pushed by bob"), "{texts:?}");
    assert!(texts.contains(&"not pushed yet"), "{texts:?}");
    assert_eq!(cluster.remote_tree(), ann.desk_tree());
}

#[test]
fn a_push_refused_after_a_merge_does_not_claim_the_desk_is_unchanged() {
    let (cluster, ann, bob, id) = diverged();
    bob.run_ok(&["push", "-q"]);
    let hook = cluster.remote().join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho closed for maintenance >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let before = ann.tip();
    let out = ann.std_cmd(&["sync", "-q"]).output().expect("run sync");
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The server's own lines as git shows them, then git-desk's one line.
    assert!(
        stderr.starts_with("remote: closed for maintenance\n"),
        "{stderr}"
    );
    assert!(
        stderr.lines().last().unwrap().starts_with("git-desk: "),
        "{stderr}"
    );
    assert!(stderr.contains("'origin'"), "{stderr}");
    // Nothing local is lost either way: ann has both sides now or her own as before.
    let t = ann.show_json(&id);
    assert_eq!(events_of(&t, "escalated").len(), 1, "{t:#}");
    if ann.tip() != before {
        assert!(
            !stderr.contains("unchanged"),
            "the local desk moved (merged), yet: {stderr}"
        );
    }
}

/// Replaces the first `from` in desk.toml by `to`, committed by hand on the desk branch.
fn edit_desk_toml(clone: &DeskClone, from: &str, to: &str) {
    let text = clone.desk_toml();
    assert!(text.contains(from), "{from:?} in desk.toml:\n{text}");
    clone.commit_on_desk("desk.toml", &text.replacen(from, to, 1));
}

#[test]
fn desk_toml_changed_on_both_sides_keeps_both_versions() {
    let (cluster, ann, bob, _) = published_desk();
    edit_desk_toml(&ann, "name = \"Service desk\"", "name = \"Ann's desk\"");
    edit_desk_toml(&bob, "name = \"Service desk\"", "name = \"Bob's desk\"");
    ann.run_ok(&["sync", "-q"]);
    let ann_tip = ann.tip().unwrap();
    let out = bob.cmd(&["sync", "-q"]).output().expect("run sync");
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "bob's sync: {stderr}");

    let names = bob.git(&["ls-tree", "--name-only", "desk"]);
    let conflict = format!("desk.conflict-{}.toml", &ann_tip[..8]);
    assert!(
        names.lines().any(|n| n == conflict),
        "{conflict} beside desk.toml:\n{names}"
    );
    assert!(
        stderr.contains("warning: ") && stderr.contains(&conflict),
        "a warning names the conflict: {stderr}"
    );
    assert!(
        bob.desk_toml().contains("name = \"Bob's desk\""),
        "ours kept"
    );
    let theirs = bob.git(&["show", &format!("desk:{conflict}")]);
    assert!(theirs.contains("name = \"Ann's desk\""), "theirs kept");
    assert!(!bob.desk_toml().contains("<<<<<<<"), "no conflict markers");
    let message = bob.git(&["log", "-1", "--format=%B", "desk"]);
    assert!(message.contains("Desk-Conflict: desk.toml"), "{message}");

    ann.run_ok(&["sync", "-q"]);
    assert_eq!(ann.desk_tree(), bob.desk_tree());
    assert_eq!(ann.desk_tree(), cluster.remote_tree());
    ann.run_ok(&["ls"]);
}

#[test]
fn desk_toml_edits_that_do_not_overlap_merge_cleanly() {
    let (cluster, ann, bob, _) = published_desk();
    edit_desk_toml(&ann, "name = \"Technical support\"", "name = \"Ann's L2\"");
    edit_desk_toml(&bob, "name = \"Engineering\"", "name = \"Bob's L3\"");
    ann.run_ok(&["sync", "-q"]);
    let out = bob.cmd(&["sync", "-q"]).output().expect("run sync");
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "bob's sync: {stderr}");
    assert_eq!(stderr, "", "no warning");
    ann.run_ok(&["sync", "-q"]);

    let text = bob.desk_toml();
    assert!(text.contains("name = \"Ann's L2\""), "{text}");
    assert!(text.contains("name = \"Bob's L3\""), "{text}");
    let names = bob.git(&["ls-tree", "--name-only", "desk"]);
    assert!(!names.contains("conflict"), "no conflict copy: {names}");
    assert_eq!(ann.desk_tree(), bob.desk_tree());
    assert_eq!(ann.desk_tree(), cluster.remote_tree());
}

/// PATH with the binary's directory first, so that git finds `git-desk`.
fn path_with_bin() -> String {
    let dir = bin().parent().expect("bin dir").to_path_buf();
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn plain_git_merge_with_the_merge_driver_unites_ticket_logs() {
    let (cluster, ann, bob, id) = diverged();
    // Bob also files a ticket, changed on his side only.
    let bobs = bob.new_ticket("Printer jams");
    let bob_path = bob.path().to_str().unwrap().to_string();
    ann.git(&["fetch", "-q", &bob_path, "desk:refs/heads/desk-b"]);

    let mut init = ann.std_cmd(&["init", "--merge-driver"]);
    init.env("PATH", path_with_bin());
    let out = init.output().expect("run init");
    assert!(
        out.status.success(),
        "init --merge-driver: {}",
        stderr_of(&out)
    );
    assert!(
        ann.git(&["config", "merge.desk.driver"])
            .contains("git-desk merge-driver"),
        "the driver is configured"
    );
    let attributes =
        std::fs::read_to_string(ann.path().join(".git/info/attributes")).expect("attributes");
    assert!(
        attributes
            .lines()
            .any(|l| l.trim() == "tickets/**/*.toml merge=desk"),
        "{attributes}"
    );

    // What git-desk's own merge makes of the same two sides, for comparison.
    bob.run_ok(&["pull", "-q", ann.path().to_str().unwrap()]);

    let wt = cluster.root().join("ann-wt");
    ann.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "desk"]);
    let mut merge = ann.git_cmd(&["merge", "-q", "desk-b", "-m", "merged"]);
    merge.current_dir(&wt).env("PATH", path_with_bin());
    let out = merge.output().expect("run git merge");
    assert!(
        out.status.success(),
        "git merge: {}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    let mut status = ann.git_cmd(&["status", "--porcelain"]);
    status.current_dir(&wt);
    let status = status.output().unwrap();
    assert!(status.stdout.is_empty(), "no conflicts left");

    let merged = std::fs::read_to_string(wt.join(ticket_path(&id))).expect("ticket file");
    assert!(merged.contains("needs the network team"), "{merged}");
    assert!(
        merged.contains("user says it also drops on wifi"),
        "{merged}"
    );
    assert!(!merged.contains("<<<<<<<"), "{merged}");
    assert!(wt.join(ticket_path(&bobs)).exists(), "bob's new ticket");

    // The same bytes git-desk's own merge writes.
    assert_eq!(
        merged,
        bob.ticket_file(&id),
        "same as git desk sync's merge"
    );
    let ann_merge = ann.git(&["rev-parse", "desk^{tree}"]);
    assert_eq!(ann_merge.trim(), bob.desk_tree(), "the whole tree agrees");
    ann.assert_fsck();
}

#[test]
fn merge_driver_called_directly_writes_the_union_into_ours() {
    let (_cluster, ann, bob, id) = diverged();
    let path = ticket_path(&id);
    let base = ann.git(&["show", &format!("origin/desk:{path}")]);
    let ours = ann.ticket_file(&id);
    let theirs = bob.ticket_file(&id);
    let dir = tempfile::TempDir::new().unwrap();
    let file = |name: &str, text: &str| scratch_file(dir.path(), name, text);
    let (b, o, t) = (
        file("base", &base),
        file("ours", &ours),
        file("theirs", &theirs),
    );
    let out = ann
        .std_cmd(&["merge-driver", &b, &o, &t, &path])
        .output()
        .expect("run merge-driver");
    assert!(out.status.success(), "merge-driver: {}", stderr_of(&out));
    let united = std::fs::read_to_string(&o).unwrap();
    assert!(united.contains("needs the network team"), "{united}");
    assert!(
        united.contains("user says it also drops on wifi"),
        "{united}"
    );
    assert_eq!(
        std::fs::read_to_string(&t).unwrap(),
        theirs,
        "theirs untouched"
    );

    // The same bytes as a sync's merge, and the same from the other side.
    bob.run_ok(&["pull", "-q", ann.path().to_str().unwrap()]);
    assert_eq!(united, bob.ticket_file(&id));
    let (o2, t2) = (file("ours2", &theirs), file("theirs2", &ours));
    let out = bob
        .std_cmd(&["merge-driver", &b, &o2, &t2, &path])
        .output()
        .expect("run merge-driver");
    assert!(out.status.success(), "merge-driver: {}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(&o2).unwrap(), united, "symmetric");
}
