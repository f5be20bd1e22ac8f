//! Robustness: hand-broken files, hostile text, the user's working tree, bare
//! repositories, running through git, closed pipes, data from newer versions.

use std::fs;

use crate::common::{bin, read_then_close, ticket_path, TestDesk};

#[test]
fn a_broken_ticket_file_does_not_hide_the_others() {
    let desk = TestDesk::new();
    let good = desk.new_ticket("Still fine", &[]);
    let also_good = desk.new_ticket("Also fine", &[]);
    let broken = desk.new_ticket("Will be broken", &[]);
    let path = ticket_path(&broken);
    desk.commit_on_desk(
        &path,
        &format!("schema = 1\nid = \"{broken}\"\ntitle = = \"oops\"\n"),
    );

    let out = desk.cmd(&["ls", "--ids"]).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stdout.contains(&good) && stdout.contains(&also_good),
        "{stdout}"
    );
    assert!(!stdout.contains(&broken), "{stdout}");
    assert!(stderr.contains(&path), "the broken file is named: {stderr}");
    let table = desk.run_ok(&["ls"]);
    assert!(
        table.contains("Still fine") && table.contains("Also fine"),
        "{table}"
    );

    let out = desk.cmd(&["show", &broken]).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.starts_with("git-desk: "), "{stderr}");
    assert!(stderr.contains(&path), "{stderr}");
    assert!(stderr.contains("line 3"), "says where: {stderr}");

    // Writing to the broken one fails without writing; the others still take changes.
    let before = desk.tip();
    desk.cmd(&["comment", &broken, "-m", "x"]).assert().code(1);
    assert_eq!(desk.tip(), before);
    desk.run_ok(&["comment", &good, "-m", "still works"]);
    assert!(desk
        .git(&["show", &format!("desk:{path}")])
        .contains("title = = \"oops\""));
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let desk = TestDesk::new();
    let evil = "Printer \x1b[31mRED\x1b[0m alarm\x07 \u{202e}txet";
    let out = desk
        .cmd(&["new", evil, "-m", "body \x1b[31mRED\x1b[0m\x07", "-l", "x"])
        .assert()
        .success();
    let id = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_string();
    assert!(!out.get_output().stderr.contains(&0x1b));
    desk.run_ok(&["comment", &id, "-m", "see \x1b[31mRED\x1b[0m\x07"]);
    // The data itself is kept as given.
    assert_eq!(desk.show_json(&id)["title"], evil);

    let runs: Vec<Vec<&str>> = vec![
        vec!["ls"],
        vec!["show", &id],
        vec!["log", &id],
        vec!["log"],
        vec!["ls", "--all"],
    ];
    for args in &runs {
        for color in ["never", "always"] {
            let mut all = vec!["--color", color];
            all.extend_from_slice(args);
            let out = desk.cmd(&all).assert().success();
            let output = out.get_output();
            let text = [&output.stdout[..], &output.stderr[..]].concat();
            assert!(
                !text.contains(&0x07),
                "{all:?}: BEL in output: {}",
                String::from_utf8_lossy(&text)
            );
            let shown = String::from_utf8_lossy(&text);
            assert!(!shown.contains("\x1b[31mRED"), "{all:?}: {shown}");
            assert!(
                !shown.contains('\u{202e}'),
                "{all:?}: bidi override: {shown}"
            );
            if color == "never" {
                assert!(!text.contains(&0x1b), "{all:?}: ESC in output: {shown}");
            }
            assert!(
                shown.contains("RED") || args[0] == "log",
                "{all:?}: {shown}"
            );
        }
    }
    // Error messages echo what was typed, cleaned too.
    let out = desk.cmd(&["show", "\x1b[31mRED"]).assert().code(2);
    assert!(!out.get_output().stderr.contains(&0x1b));
    // And the commit subject that quotes the title is plain text for `git log`.
    let subjects = desk.git(&["log", "--format=%s", "desk"]);
    assert!(
        !subjects.contains('\x1b') && !subjects.contains('\x07'),
        "{subjects:?}"
    );
}

#[test]
fn the_users_head_index_and_working_tree_are_untouched() {
    let desk = TestDesk::new();
    fs::write(desk.path().join("README"), "hello\n").unwrap();
    desk.git(&["add", "README"]);
    desk.git(&["commit", "-q", "-m", "readme"]);
    // Local state the user has before running anything: a staged change, an untracked file.
    fs::write(desk.path().join("staged.txt"), "staged\n").unwrap();
    desk.git(&["add", "staged.txt"]);
    fs::write(desk.path().join("notes.txt"), "mine\n").unwrap();
    let head_before = desk.git(&["rev-parse", "HEAD"]);
    let index_before = desk.git(&["ls-files", "-s"]);
    let status_before = desk.git(&["status", "--porcelain"]);

    let a = desk.new_ticket("One", &["-l", "x"]);
    let b = desk.new_ticket("Two", &[]);
    desk.run_ok(&["comment", &a, "-m", "hi"]);
    desk.run_ok(&["take", &a]);
    desk.run_ok(&["escalate", &a, &b, "--reason", "r"]);
    desk.run_ok(&["set", &b, "impact=high", "labels=+y"]);
    desk.run_ok(&["link", &a, "--related", &b]);
    desk.run_ok(&["resolve", &b, "--resolution", "done"]);
    desk.run_ok(&["close", &b]);
    desk.run_ok(&["reopen", &b, "--reason", "again"]);
    desk.run_ok(&["ls", "--all"]);
    desk.run_ok(&["show", &a]);
    desk.run_ok(&["log"]);

    assert_eq!(
        desk.git(&["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert_eq!(desk.git(&["rev-parse", "HEAD"]), head_before);
    assert_eq!(desk.git(&["ls-files", "-s"]), index_before);
    assert_eq!(desk.git(&["status", "--porcelain"]), status_before);
    assert_eq!(status_before, "A  staged.txt\n?? notes.txt\n");
    assert!(!desk.path().join("tickets").exists());
    assert!(!desk.path().join("desk.toml").exists());
    let fsck = desk.git_cmd(&["fsck", "--strict"]).output().unwrap();
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
}

#[test]
fn works_in_a_bare_repository() {
    let desk = TestDesk::without_desk();
    let bare = desk.scratch().join("bare.git");
    let bare = bare.to_str().unwrap();
    desk.git(&["init", "-q", "--bare", bare]);
    desk.run_ok(&["-C", bare, "init"]);
    let id = desk.run_ok(&["-C", bare, "new", "Filed in a bare repo"]);
    let id = id.trim();
    assert_eq!(id.len(), 16);
    desk.run_ok(&["-C", bare, "comment", id, "-m", "hi"]);
    let listed = desk.run_ok(&["-C", bare, "ls"]);
    assert!(listed.contains("Filed in a bare repo"), "{listed}");
    let names = desk.git(&["-C", bare, "ls-tree", "-r", "--name-only", "desk"]);
    assert!(names.contains(&ticket_path(id)), "{names}");
    assert_eq!(desk.tip(), None, "the other repository is untouched");
}

#[test]
fn runs_from_a_subdirectory_and_with_git_dir() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Found from anywhere", &[]);
    let sub = desk.path().join("a/b");
    fs::create_dir_all(&sub).unwrap();
    let out = desk
        .cmd(&["ls", "--ids"])
        .current_dir(&sub)
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).trim(), id);

    let out = desk
        .cmd(&["ls", "--ids"])
        .current_dir(desk.scratch())
        .env("GIT_DIR", desk.path().join(".git"))
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).trim(), id);
}

#[test]
fn runs_as_a_git_subcommand() {
    let desk = TestDesk::new();
    desk.new_ticket("Through git", &[]);
    let dir = bin().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = desk
        .git_cmd(&["desk", "ls"])
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Through git"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let desk = TestDesk::new();
    let long_title = format!("Long {}", "title ".repeat(300));
    let long_text = "description ".repeat(250);
    for i in 0..40 {
        desk.run_ok(&["new", &format!("{long_title}{i}"), "-m", &long_text]);
    }
    // Each listing is far more than a 64 KiB pipe buffer.
    for (args, read_line) in [
        (&["ls", "--all"][..], true),
        (&["ls", "--all", "--json"], false),
    ] {
        // `head` reads the start, then exits: the read end closes.
        let (start, out) = read_then_close(&desk, args, 256);
        if read_line {
            let line = String::from_utf8_lossy(&start);
            let line = line.lines().next().unwrap_or_default();
            assert!(line.contains("TITLE"), "{line}");
        } else {
            assert_eq!(start[0], b'[');
        }
        assert!(
            out.status.success(),
            "{args:?}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Sanity: the JSON really was bigger than a pipe buffer.
    assert!(desk.run_ok(&["ls", "--all", "--json"]).len() > 64 * 1024);
    assert!(desk.run_ok(&["ls", "--all"]).len() > 64 * 1024);
}

#[test]
fn unknown_fields_and_event_kinds_survive_a_write() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("From the future", &[]);
    let path = ticket_path(&id);
    let text = desk.ticket_file(&id);
    let future = format!(
        "sentiment = \"angry\"\n{text}\n[[events]]\nid = \"zzzzzzzzzzzz\"\nclock = 2\n\
         at = 2026-11-22T08:30:00Z\nby = \"bot@example.com\"\nkind = \"teleported\"\n\
         where = \"moon\"\n"
    );
    desk.commit_on_desk(&path, &future);
    // Reading works, and shows the unknown event for what it is.
    assert!(desk.run_ok(&["show", &id]).contains("teleported"));
    assert_eq!(desk.show_json(&id)["sentiment"], "angry");

    desk.run_ok(&["comment", &id, "-m", "still here"]);
    let written = desk.ticket_file(&id);
    assert!(written.contains("sentiment = \"angry\""), "{written}");
    assert!(written.contains("kind = \"teleported\""), "{written}");
    assert!(written.contains("where = \"moon\""), "{written}");
    assert!(written.contains("still here"), "{written}");
    let file: toml::Table = toml::from_str(&written).unwrap();
    let events = file["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    let last = events.last().unwrap();
    assert_eq!(last["kind"].as_str(), Some("commented"));
    assert_eq!(
        last["clock"].as_integer(),
        Some(3),
        "Lamport clock: one more than any"
    );
}

#[test]
fn unknown_tables_survive_rewrites() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Surveyed by a newer version", &[]);
    let text = desk.ticket_file(&id);
    let with_survey = text.replacen(
        "\n[[events]]",
        "\n[survey]\nname = \"Q4 pulse\"\nref = \"S-88123\"\n\n[[events]]",
        1,
    );
    assert_ne!(with_survey, text);
    desk.commit_on_desk(&ticket_path(&id), &with_survey);
    desk.run_ok(&["escalate", &id, "--to", "4", "--reason", "vendor bug"]);
    let file: toml::Table = toml::from_str(&desk.ticket_file(&id)).unwrap();
    assert_eq!(file["survey"]["ref"].as_str(), Some("S-88123"));
    assert_eq!(file["tier"].as_integer(), Some(4));
    assert_eq!(desk.show_json(&id)["survey"]["name"], "Q4 pulse");
}

#[test]
fn a_newer_schema_is_read_but_not_rewritten() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Written by git-desk 2", &[]);
    let text = desk
        .ticket_file(&id)
        .replacen("schema = 1", "schema = 2", 1);
    desk.commit_on_desk(&ticket_path(&id), &text);
    assert_eq!(desk.show_json(&id)["schema"], 2);
    desk.refused(
        &mut desk.cmd(&["comment", &id, "-m", "x"]),
        &[&ticket_path(&id), "schema 2", "upgrade"],
    );
}

#[test]
fn a_broken_desk_toml_is_reported_and_work_goes_on() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Before the config broke", &[]);
    desk.commit_on_desk("desk.toml", "schema = 1\nname = = \"Desk\"\n[priority]\n");
    let out = desk.cmd(&["ls", "--ids"]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("desk.toml") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).trim(), id);
    // A rule that cannot be read is not taken as no rule: the writes are refused.
    for args in [
        vec!["comment", id.as_str(), "-m", "let through?"],
        vec!["escalate", id.as_str(), "--reason", "r"],
    ] {
        let out = desk.cmd(&args).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains("git-desk: desk.toml is broken") && stderr.contains("line 2"),
            "{stderr}"
        );
    }
    assert_eq!(desk.show_json(&id)["events"].as_array().unwrap().len(), 1);
}

#[test]
fn escalation_uses_the_teams_of_the_desk_toml() {
    let desk = TestDesk::new();
    let config = desk
        .git(&["show", "desk:desk.toml"])
        .replace("tech-support", "network");
    assert!(config.contains("network"));
    desk.commit_on_desk("desk.toml", &config);
    let id = desk.new_ticket("Switch port flaps", &[]);
    desk.run_ok(&["escalate", &id, "--reason", "r"]);
    assert_eq!(desk.show_json(&id)["team"], "network");
}

#[test]
fn a_branch_that_is_not_a_desk_is_never_written() {
    let desk = TestDesk::new();
    fs::write(desk.path().join("README"), "hello\n").unwrap();
    desk.git(&["add", "README"]);
    desk.git(&["commit", "-q", "-m", "readme"]);
    let main_before = desk.git(&["rev-parse", "main"]);
    let out = desk
        .cmd(&["--branch", "main", "new", "Lands on main?"])
        .assert();
    assert_eq!(
        desk.git(&["rev-parse", "main"]),
        main_before,
        "main must not move"
    );
    assert_eq!(
        desk.git(&["status", "--porcelain"]),
        "",
        "nothing staged or deleted"
    );
    assert_eq!(out.get_output().status.code(), Some(2));
}
