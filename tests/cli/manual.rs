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

/// `man ARGS` with the repository's man/ and a fixed width, its output as plain text.
fn man(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let mut cmd = StdCommand::new("man");
    cmd.current_dir(root())
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env_remove("MANPATH")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("man runs (Debian package man-db, installed by .ci/run)");
    (out.status.success(), plain(&out.stdout), plain(&out.stderr))
}

/// A formatted page as plain text: overstruck bold and underline (x\bx, _\bx) read as
/// their letters.
fn plain(bytes: &[u8]) -> String {
    let mut shown = String::new();
    for c in String::from_utf8_lossy(bytes).chars() {
        if c == '\u{8}' {
            shown.pop();
        } else {
            shown.push(c);
        }
    }
    shown
}

#[test]
fn man_finds_a_commands_page_in_the_repository() {
    let (ok, page, err) = man(&["-M", "man", "git-desk-new"], &[]);
    assert!(ok, "man -M man git-desk-new: {err}");
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "EXAMPLES", "SEE ALSO"] {
        assert!(
            page.contains(&format!("\n{section}\n")),
            "{section}: {page}"
        );
    }
    let words = page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("SYNOPSIS git desk new [--type T]"), "{page}");
    assert!(
        !words.contains("[-C ]"),
        "the synopsis names option values: {page}"
    );
    assert!(
        page.contains("git desk new \"VPN drops every 10 minutes\""),
        "{page}"
    );

    // The query language is in git-desk-ls(1), found through MANPATH as README says.
    let manpath = format!("{}:", root().join("man").display());
    let (ok, page, err) = man(&["git-desk-ls"], &[("MANPATH", &manpath)]);
    assert!(ok, "MANPATH=man man git-desk-ls: {err}");
    assert!(page.contains("QUERY LANGUAGE"), "{page}");
    assert!(page.contains("priority:<=P2"), "{page}");
}

#[test]
fn git_help_desk_shows_git_desk_1() {
    let dir = bin().parent().unwrap().to_path_buf();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let manpath = format!("{}:", root().join("man").display());
    let run = |args: &[&str]| {
        let tmp = tempfile::tempdir().unwrap();
        let out = StdCommand::new("git")
            .current_dir(tmp.path())
            .env("PATH", &path)
            .env("HOME", tmp.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("MANPATH", &manpath)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .args(args)
            .output()
            .unwrap();
        (out.status.success(), plain(&out.stdout), stderr_of(&out))
    };
    // `git help desk` runs `man git-desk`; `git desk --help` is turned into it by git.
    for args in [
        &["-c", "help.format=man", "help", "desk"][..],
        &["-c", "help.format=man", "desk", "--help"][..],
    ] {
        let (ok, page, err) = run(args);
        assert!(ok, "git {args:?}: {err}");
        assert!(
            page.contains("CONFIGURATION") && page.contains("desk.pager"),
            "git {args:?}: {page}"
        );
    }
}

/// The "Try:" lines the demo ends with, run as a person pastes them, each must work:
/// with git-desk on PATH as `git desk`, before that (straight after `cargo run -- demo`)
/// through the built binary's path.
#[test]
fn the_demos_try_commands_work_before_and_after_install() {
    let desk = TestDesk::without_desk();
    let dir = bin().parent().unwrap().to_path_buf();
    let system_path = std::env::var("PATH").unwrap();
    for (name, path, runs) in [
        ("before", system_path.clone(), bin().display().to_string()),
        (
            "after",
            format!("{}:{system_path}", dir.display()),
            "git desk".to_string(),
        ),
    ] {
        let out = desk
            .cmd(&["demo", name])
            .env("PATH", &path)
            .env_remove("GIT_AUTHOR_NAME")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let said = stderr_of(&out);
        let tries: Vec<&str> = said
            .split("Try")
            .nth(1)
            .unwrap_or_else(|| panic!("no Try: {said}"))
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(tries.len(), 5, "{said}");
        assert!(
            tries[1].starts_with(&format!("{runs} ls")),
            "{name} install, the commands run {runs}: {said}"
        );
        if name == "before" {
            assert!(said.contains("cargo install --path ."), "{said}");
        }
        let script = tries.join(" && ");
        let run = StdCommand::new("sh")
            .current_dir(desk.path())
            .env("PATH", &path)
            .env("HOME", desk.scratch())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("DESK_NOW", crate::common::NOW)
            .args(["-c", &script])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{name}: `{script}` failed: {}",
            stderr_of(&run)
        );
        assert!(!run.stdout.is_empty(), "{script}");
    }
}
