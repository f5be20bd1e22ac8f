//! Bad input: exit code 2, one line on stderr that names the problem, nothing written.

use std::fs;

use crate::common::TestDesk;

/// Each row: arguments (`ID` / `OTHER` stand for a ticket) and what stderr must mention.
fn check_all(desk: &TestDesk, id: &str, other: &str, rows: &[(&[&str], &[&str])]) {
    for (args, mentions) in rows {
        let args: Vec<&str> = args
            .iter()
            .map(|a| match *a {
                "ID" => id,
                "OTHER" => other,
                a => a,
            })
            .collect();
        desk.refused(&mut desk.cmd(&args), mentions);
    }
}

#[test]
fn unknown_ids() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Real", &[]);
    check_all(
        &desk,
        &id,
        "",
        &[
            (&["show", "zzzzzz"], &["zzzzzz", "git desk ls"]),
            (&["comment", "zzzzzz", "-m", "x"], &["zzzzzz"]),
            (&["log", "zzzzzz"], &["zzzzzz"]),
            (&["comment", "ID", "zzzzzz", "-m", "x"], &["zzzzzz"]),
            (&["show", "not-an-id!"], &["not a ticket id"]),
        ],
    );
    assert_eq!(desk.show_json(&id)["events"].as_array().unwrap().len(), 1);
}

#[test]
fn ambiguous_prefix_lists_the_candidates() {
    let desk = TestDesk::new();
    let mut ids: Vec<String> = Vec::new();
    // 33 tickets cannot all start with different characters (the alphabet has 32).
    let (a, b) = loop {
        let id = desk.new_ticket(&format!("Ticket {}", ids.len()), &[]);
        if let Some(earlier) = ids.iter().find(|e| e[..1] == id[..1]) {
            break (earlier.clone(), id);
        }
        ids.push(id);
        assert!(ids.len() <= 32);
    };
    let stderr = desk.refused(
        &mut desk.cmd(&["show", &a[..1]]),
        &["ambiguous", &a[..6], &b[..6]],
    );
    assert!(stderr.contains(&format!("'{}'", &a[..1])), "{stderr}");
    desk.refused(
        &mut desk.cmd(&["comment", &a[..1], "-m", "x"]),
        &["ambiguous"],
    );
}

#[test]
fn values_out_of_range() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Real", &[]);
    check_all(
        &desk,
        &id,
        "",
        &[
            (
                &["escalate", "ID", "--to", "7", "--reason", "r"],
                &["tier", "7", "0, 1, 2, 3 or 4"],
            ),
            (&["new", "x", "--tier", "5"], &["tier", "5"]),
            (
                &["deescalate", "ID", "--to", "L9", "--reason", "r"],
                &["tier"],
            ),
            (
                &["status", "ID", "done"],
                &["status", "done", "in-progress"],
            ),
            (&["new", "x", "--priority", "P9"], &["P9", "P1"]),
            (&["set", "ID", "priority=P0", "--reason", "r"], &["P0"]),
            (&["new", "x", "--impact", "huge"], &["huge", "high"]),
            (&["new", "x", "--type", "bug"], &["bug", "incident"]),
            (&["set", "ID", "colour=red"], &["colour", "impact"]),
            (&["set", "ID", "major=perhaps"], &["major"]),
            (&["set", "ID", "priority=P1"], &["reason"]),
            (&["assign", "ID", "--to", "bob"], &["bob", "email"]),
        ],
    );
}

#[test]
fn bad_queries_and_sorts() {
    let desk = TestDesk::new();
    desk.new_ticket("Real", &[]);
    let stderr = desk.refused(&mut desk.cmd(&["ls", "colour:red"]), &["colour"]);
    for field in ["priority", "tier", "label", "assignee"] {
        assert!(stderr.contains(field), "valid fields are listed: {stderr}");
    }
    desk.refused(&mut desk.cmd(&["ls", "tier:9"]), &["tier"]);
    desk.refused(&mut desk.cmd(&["ls", "age:>4y"]), &["4y"]);
    desk.refused(&mut desk.cmd(&["ls", "title:\"open"]), &["quote"]);
    let stderr = desk.refused(&mut desk.cmd(&["ls", "--sort", "colour"]), &["colour"]);
    assert!(
        stderr.contains("created"),
        "sort fields are listed: {stderr}"
    );
}

#[test]
fn titles_are_required() {
    let desk = TestDesk::new();
    desk.refused(&mut desk.cmd(&["new", ""]), &["title", "empty"]);
    desk.refused(&mut desk.cmd(&["new", "   "]), &["title", "empty"]);
    desk.refused(&mut desk.cmd(&["new", "two\nlines"]), &["line break"]);
    // No title and no terminal (assert_cmd gives no stdin): an error, never a prompt.
    desk.refused(&mut desk.cmd(&["new"]), &["no title"]);
    desk.refused(&mut desk.cmd(&["new", "-m", "only a body"]), &["no title"]);
}

#[test]
fn missing_git_identity() {
    let desk = TestDesk::new();
    let empty_home = tempfile::TempDir::new().unwrap();
    let config = empty_home.path().join(".gitconfig");
    fs::write(&config, "").unwrap();
    let mut cmd = desk.cmd(&["new", "x"]);
    cmd.env("HOME", empty_home.path())
        .env("XDG_CONFIG_HOME", empty_home.path())
        .env("GIT_CONFIG_GLOBAL", &config);
    desk.refused(&mut cmd, &["identity", "user.email"]);
}

#[test]
fn workflow_refusals() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Incident", &[]);
    let other = desk.new_ticket("Another incident", &[]);
    let top = desk.new_ticket("With the vendor", &["--tier", "4"]);

    // clap's own usage errors: exit 2, nothing written.
    let before = desk.tip();
    desk.cmd(&["pend", &id]).assert().code(2);
    desk.cmd(&["escalate", &id]).assert().code(2);
    desk.cmd(&["frobnicate"]).assert().code(2);
    assert_eq!(desk.tip(), before);

    check_all(
        &desk,
        &id,
        &other,
        &[
            (
                &["pend", "ID", "--reason", "weather"],
                &["weather", "customer"],
            ),
            (&["close", "ID"], &["resolve"]),
            (
                &["resolve", "ID", "--resolution", ""],
                &["resolution", "empty"],
            ),
            (&["resolve", "ID", "--resolution", "   "], &["resolution"]),
            (&["comment", "ID", "-m", ""], &["comment"]),
            (&["comment", "ID"], &["comment"]),
            (
                &["link", "ID", "--problem", "OTHER"],
                &["problem", &other[..8]],
            ),
            (&["link", "ID", "--related", "ID"], &["itself"]),
            (&["escalate", "--reason", "r"], &["no ticket ids"]),
            (
                &["escalate", "ID", "--to", "0", "--reason", "r"],
                &["deescalate"],
            ),
            (&["status", "ID", "resolved"], &["git desk resolve"]),
            (&["set", "ID", "known_error=true"], &["problem"]),
            (&["assign", "ID"], &["nothing to assign"]),
            (&["set", "ID"], &["FIELD=VALUE"]),
            (
                &["link", "ID", "--kb", "no-such-article"],
                &["no-such-article"],
            ),
        ],
    );
    desk.refused(
        &mut desk.cmd(&["escalate", &top, "--reason", "r"]),
        &["highest tier"],
    );
    desk.refused(
        desk.cmd(&["escalate", "--stdin", "--reason", "r"])
            .write_stdin(""),
        &["standard input"],
    );
    // A closed ticket is reopened, not worked.
    desk.run_ok(&["resolve", &id, "--resolution", "done"]);
    desk.run_ok(&["close", &id]);
    check_all(
        &desk,
        &id,
        &other,
        &[
            (&["start", "ID"], &["reopen"]),
            (&["escalate", "ID", "--reason", "r"], &["reopen"]),
            (&["pend", "ID", "--reason", "customer"], &["reopen"]),
        ],
    );
}

#[test]
fn outside_a_repository() {
    let desk = TestDesk::new();
    let empty = tempfile::TempDir::new().unwrap();
    let dir = empty.path().to_str().unwrap();
    for args in [
        vec!["-C", dir, "ls"],
        vec!["-C", dir, "new", "x"],
        vec!["-C", dir, "init"],
    ] {
        desk.refused(&mut desk.cmd(&args), &["not a git repository"]);
    }
    let missing = empty.path().join("does-not-exist");
    desk.refused(
        &mut desk.cmd(&["-C", missing.to_str().unwrap(), "ls"]),
        &["-C"],
    );
    assert!(
        fs::read_dir(empty.path()).unwrap().next().is_none(),
        "nothing created"
    );
}

#[test]
fn before_init() {
    let desk = TestDesk::without_desk();
    for args in [
        &["ls"][..],
        &["new", "x"],
        &["show", "abcdef"],
        &["log"],
        &["comment", "abcdef", "-m", "x"],
    ] {
        desk.refused(&mut desk.cmd(args), &["git desk init"]);
    }
    assert_eq!(desk.tip(), None);
    assert_eq!(
        desk.git(&["branch", "--list"]).trim(),
        "",
        "no branch at all"
    );
}

#[test]
fn bad_environment_and_options() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Real", &[]);
    desk.refused(
        desk.cmd(&["new", "x"]).env("DESK_NOW", "garbage"),
        &["DESK_NOW", "garbage", "RFC 3339"],
    );
    desk.refused(
        desk.cmd(&["comment", &id, "-m", "x"])
            .env("DESK_NOW", "garbage"),
        &["DESK_NOW"],
    );
    desk.refused(
        &mut desk.cmd(&["--branch", "bad..name", "ls"]),
        &["bad..name"],
    );
    desk.cmd(&["--color", "sometimes", "ls"]).assert().code(2);
    desk.cmd(&["ls", "--limit", "many"]).assert().code(2);
}

#[test]
fn help_and_version_succeed() {
    let desk = TestDesk::new();
    let out = desk.run_ok(&["--help"]);
    assert!(out.contains("escalate"), "{out}");
    assert!(desk.run_ok(&["escalate", "--help"]).contains("--reason"));
    assert!(desk.run_ok(&["--version"]).starts_with("git-desk "));
    // Help works outside a repository too.
    let empty = tempfile::TempDir::new().unwrap();
    desk.cmd(&["-C", empty.path().to_str().unwrap(), "--help"])
        .assert()
        .success();
}

#[test]
fn set_refuses_a_multi_line_title() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("One line", &[]);
    desk.refused(&mut desk.cmd(&["set", &id, "title=two\nlines"]), &["line"]);
    assert_eq!(desk.show_json(&id)["title"], "One line");
}
