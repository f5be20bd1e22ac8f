//! The manual as a new user meets it: the man pages through `man` and `git help`, and the
//! README's commands.

use std::path::Path;
use std::process::Command as StdCommand;

use crate::common::{bin, stderr_of, Cluster, TestDesk};

/// The repository's own directory (README.md, man/).
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sync_in_a_fresh_clone_creates_the_local_desk_as_pull_does() {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init", "-q"]);
    let id = ann.new_ticket("Laptop will not boot");
    ann.run_ok(&["push", "-q"]);

    let bob = cluster.clone_named("bob");
    assert_eq!(bob.tip(), None, "a fresh clone has only origin/desk");
    let out = bob.cmd(&["sync"]).output().expect("run sync");
    assert!(out.status.success(), "sync: {}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("created the local desk branch"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(bob.tip(), ann.tip());
    assert_eq!(bob.run_ok(&["ls", "--ids"]).trim(), id);
    // And the next sync shares bob's work.
    bob.run_ok(&["comment", "-q", &id, "-m", "bob was here"]);
    bob.run_ok(&["sync", "-q"]);
    assert_eq!(cluster.remote_tree(), bob.desk_tree());

    // Where neither side has a desk, sync still says there is none, and what to do.
    let empty = Cluster::new();
    let cy = empty.clone_named("cy");
    let out = cy.cmd(&["sync"]).output().expect("run sync");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("git desk init"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(cy.tip(), None);
}

#[test]
fn desk_remote_is_read_from_git_dash_c_too() {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init", "-q"]);
    ann.new_ticket("Laptop will not boot");
    let backup = cluster.root().join("backup.git");
    let mut init = cluster.git_in(cluster.root());
    init.args(["init", "--bare", "-q", backup.to_str().unwrap()]);
    assert!(init.status().unwrap().success());
    let dir = bin().parent().unwrap().to_path_buf();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let out = ann
        .git_cmd(&[
            "-c",
            &format!("desk.remote={}", backup.display()),
            "desk",
            "push",
            "-q",
        ])
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut tip = cluster.git_in(&backup);
    tip.args(["rev-parse", "desk"]);
    let tip = String::from_utf8(tip.output().unwrap().stdout).unwrap();
    assert_eq!(tip.trim(), ann.tip().unwrap(), "pushed to desk.remote");
}

#[test]
fn desk_query_is_the_query_of_a_bare_ls() {
    let desk = TestDesk::new();
    let vpn = desk.new_ticket("VPN drops", &["-l", "vpn"]);
    let printer = desk.new_ticket("Printer jams on tray 2", &[]);
    desk.git(&["config", "desk.query", "label:vpn"]);
    assert_eq!(desk.run_ok(&["ls", "--ids"]).trim(), vpn);
    // Terms given replace it; a quoted phrase in it is one term.
    assert_eq!(desk.run_ok(&["ls", "--ids", "printer"]).trim(), printer);
    desk.git(&["config", "desk.query", "\"tray 2\""]);
    assert_eq!(desk.run_ok(&["ls", "--ids"]).trim(), printer);
    // A broken one is bad input naming the setting.
    desk.git(&["config", "desk.query", "\"tray 2"]);
    desk.refused(&mut desk.cmd(&["ls"]), &["desk.query", "quote"]);
    desk.git(&["config", "--unset", "desk.query"]);
    assert_eq!(desk.run_ok(&["ls", "--ids"]).lines().count(), 2);
}
